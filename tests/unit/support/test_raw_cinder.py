"""tests/support/raw_cinder.py without a cloud: a fake block-storage proxy stands in for openstacksdk's."""

import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'support'))

import raw_cinder  # noqa: E402


class Response(object):
    def __init__(self, status_code, body=None):
        self.status_code = status_code
        self.content = b'' if body is None else json.dumps(body).encode()
        self.text = self.content.decode()

    def json(self):
        return json.loads(self.text)


class FakeProxy(object):
    """Answers GET /volumes/detail and /manageable_volumes/detail in pages, records every request."""

    def __init__(self, volumes=(), manageable=(), page=2):
        self.volumes, self.manageable, self.page = list(volumes), list(manageable), page
        self.requests = []

    def get(self, path, params=None, microversion=None, raise_exc=True):
        self.requests.append(('GET', path, dict(params or {}), microversion))
        params = params or {}
        if path == '/volumes/detail':
            items = self.volumes
            if 'marker' in params:
                items = items[[v['id'] for v in items].index(params['marker']) + 1:]
            return Response(200, {'volumes': items[:params['limit']]})
        if path == '/manageable_volumes/detail':
            items = self.manageable
            if 'marker' in params:
                ref = json.loads(params['marker'])
                items = items[[m['reference'] for m in items].index(ref) + 1:]
            return Response(200, {'manageable-volumes': items[:params['limit']]})
        if path.startswith('/volumes/'):
            found = [v for v in self.volumes if v['id'] == path.rsplit('/', 1)[1]]
            return Response(200, {'volume': found[0]}) if found else Response(404, {'itemNotFound': {}})
        return Response(500, {'computeFault': {'message': 'boom'}})

    def post(self, path, json=None, microversion=None, raise_exc=True):
        self.requests.append(('POST', path, json, microversion))
        return Response(202)


def cinder(proxy, monkeypatch):
    monkeypatch.setattr(raw_cinder, 'PAGE', proxy.page)
    monkeypatch.setattr(raw_cinder.time, 'sleep', lambda seconds: None)
    client = raw_cinder.RawCinder.__new__(raw_cinder.RawCinder)
    client.bs = proxy
    return client


def volume(vid, name, host='h@b#p', project='p1', ref=None):
    metadata = {'stackadopt_ref': json.dumps({'source-name': ref})} if ref else {}
    return {'id': vid, 'name': name, 'status': 'available', 'os-vol-host-attr:host': host,
            'os-vol-tenant-attr:tenant_id': project, 'metadata': metadata}


def test_record_reads_fields_and_admin_aliases():
    record = raw_cinder.Record(volume('1', 'data', host='n@lvm#lvm', project='p9'))
    assert record.name == 'data' and record.host == 'n@lvm#lvm' and record.project_id == 'p9'
    with pytest.raises(AttributeError):
        assert record.no_such_field is None


def test_volumes_follow_every_page_and_filter_exactly(monkeypatch):
    proxy = FakeProxy([volume('1', 'it_a', ref='lv_a'), volume('2', 'it_b', host='x@y#z'),
                       volume('3', 'other', project='p2'), volume('4', 'it_c', ref='lv_c')])
    client = cinder(proxy, monkeypatch)
    assert [v.id for v in client.volumes()] == ['1', '2', '3', '4']
    assert [r[2].get('marker') for r in proxy.requests] == [None, '2', '4']
    assert [v.id for v in client.volumes(prefix='it_', host='h@b#p')] == ['1', '4']
    assert [v.id for v in client.volumes(project='p2')] == ['3']
    assert [v.id for v in client.volumes(source='lv_c')] == ['4']
    assert sorted(client.adopted_volumes('lv_')) == ['lv_a', 'lv_c']


def test_manageable_pages_use_the_reference_as_marker(monkeypatch):
    entries = [{'reference': {'source-name': 'lv%d' % i}} for i in range(3)]
    proxy = FakeProxy(manageable=entries)
    pages = list(cinder(proxy, monkeypatch).manageable_pages(host='h@b#p', sort='reference:asc', page_size=2))
    assert [len(page) for page, _seconds in pages] == [2, 1]
    assert json.loads(proxy.requests[1][2]['marker']) == {'source-name': 'lv1'}
    assert proxy.requests[0][2] == {'host': 'h@b#p', 'sort': 'reference:asc', 'limit': 2}
    assert proxy.requests[0][3] == raw_cinder.MV_MANAGE


def test_errors_carry_status_and_missing_is_none(monkeypatch):
    client = cinder(FakeProxy([volume('1', 'a')]), monkeypatch)
    assert client.volume('nope') is None
    assert client.volume('1').name == 'a'
    with pytest.raises(raw_cinder.RawCinderError) as failed:
        client.get_json('/os-services')
    assert failed.value.status_code == 500 and 'HTTP 500' in str(failed.value)


def test_never_deletes_volumes_or_snapshots(monkeypatch):
    client = cinder(FakeProxy(), monkeypatch)
    for path in ('/volumes/1', '/snapshots/1'):
        with pytest.raises(raw_cinder.RawCinderError, match='never deletes'):
            client.delete(path)


def test_manage_and_unmanage_bodies(monkeypatch):
    proxy = FakeProxy()
    client = cinder(proxy, monkeypatch)
    monkeypatch.setattr(proxy, 'post', lambda path, json=None, microversion=None, raise_exc=True: (
        proxy.requests.append(('POST', path, json, microversion)) or Response(202, {'volume': {'id': 'v1'}})))
    assert client.manage_volume('h@b#p', source_name='lv1', volume_type='t').id == 'v1'
    assert client.manage_volume(cluster='c@b', source_name='lv2').id == 'v1'
    client.unmanage_volume('v1')
    assert proxy.requests[0][2] == {'volume': {'host': 'h@b#p', 'ref': {'source-name': 'lv1'}, 'volume_type': 't'}}
    assert proxy.requests[1][2]['volume']['cluster'] == 'c@b' and proxy.requests[1][3] == '3.16'
    assert proxy.requests[2][1:3] == ('/volumes/v1/action', {'os-unmanage': None})


def test_a_failed_read_is_asked_again_unless_told_not_to(monkeypatch):
    proxy = FakeProxy()
    client = cinder(proxy, monkeypatch)
    with pytest.raises(raw_cinder.RawCinderError):
        client.get_json('/os-services')
    assert len(proxy.requests) == 1 + len(raw_cinder.READ_RETRIES)
    with pytest.raises(raw_cinder.RawCinderError):
        client.get_json('/os-services', retries=())
    assert len(proxy.requests) == 2 + len(raw_cinder.READ_RETRIES)
