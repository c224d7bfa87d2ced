"""A small stateful Cinder for unit tests, seeded with answers recorded from a real Cinder.

It answers at the block-storage proxy seam (``conn.block_storage.get/post/put``),
so CinderClient, the managers and the modules run unchanged above it. It keeps
just enough state to follow a manage: the listing entry is renamed the way the
LVM driver renames it, the volume settles after a few polls, and an unmanage
makes the entry unmanaged again.
"""

import copy
import datetime
import json
import os
import re
import threading
import uuid
from email.utils import formatdate

FIXTURES = os.path.join(os.path.dirname(__file__), 'fixtures')
# The project of the recorded admin credentials (tests/unit/fixtures/testcloud/volume.json's owner).
ADMIN_PROJECT = 'b98d965e32c6465c85d277f2c8f07920'
# 2026-11-26T10:00:00Z, the fake's clock at start.
START = 1795687200.0


SCHEDULER = {'binary': 'cinder-scheduler', 'host': 'testcloud', 'state': 'up', 'status': 'enabled', 'cluster': None}


def load_fixture(*parts):
    with open(os.path.join(FIXTURES, *parts)) as handle:
        return json.load(handle)


def recorded_cinder(folder='testcloud', **overrides):
    """A FakeCinder seeded with the answers record_testcloud.py recorded under fixtures/<folder>: pools,
    services, types, the default type (when recorded) and the manageable listings; ``overrides`` win."""
    kwargs = dict(pools=load_fixture(folder, 'pools.json')['pools'],
                  listings=load_fixture(folder, 'manageable_volumes.json'),
                  services=load_fixture(folder, 'services.json')['services'],
                  types=load_fixture(folder, 'types.json')['volume_types'])
    if os.path.exists(os.path.join(FIXTURES, folder, 'types_default.json')):
        kwargs['default_type'] = load_fixture(folder, 'types_default.json')['volume_type']['name']
    kwargs.update(overrides)
    return FakeCinder(**kwargs)


class FakeResponse(object):
    def __init__(self, status_code, body=None):
        self.status_code = status_code
        self._body = body
        self.content = b'' if body is None else json.dumps(body).encode()
        self.text = self.content.decode()
        self.headers = {'content-type': 'application/json'}
        self.reason = {200: 'OK', 202: 'Accepted', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found',
                       413: 'Request Entity Too Large'}.get(status_code, '')
        self.request = None
        self.url = ''

    def json(self):
        return self._body


def _error(status, message):
    name = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound', 413: 'overLimit'}.get(status, 'error')
    return FakeResponse(status, {name: {'code': status, 'message': message}})


def _mv(microversion):
    return tuple(int(part) for part in (microversion or '3.0').split('.'))


class FakeCinder(object):
    """State: pools, services, types, zones, the listing per host, volumes and user messages."""

    def __init__(self, pools, listings, services=None, types=None, zones=('nova',), rename='volume-%s',
                 settle_after=1, reject_refs=(), forbidden=False, snapshot_listings=None,
                 snapshot_rename='_snapshot-%s', snapshot_reject_refs=(), snapshot_failure_message=None,
                 default_type=None):
        self.pools = copy.deepcopy(pools)
        self.listings = copy.deepcopy(listings)
        self.services = services if services is not None else [
            {'binary': 'cinder-volume', 'host': name.split('#')[0], 'state': 'up', 'status': 'enabled',
             'cluster': None} for name in sorted(set(pool['name'] for pool in pools))]
        if not any(service['binary'] == 'cinder-scheduler' for service in self.services):  # recordings list volume
            self.services = self.services + [dict(SCHEDULER)]                               # services only
        self.types = types if types is not None else []
        self.default_type = default_type
        self.zones = list(zones)
        self.rename = rename
        self.settle_after = settle_after
        self.reject_refs = [dict(ref) for ref in reject_refs]
        self.forbidden = forbidden
        self.volumes = {}
        self.messages = []
        self.calls = []
        self._polls = {}
        # Snapshots (additive): the manageable-snapshots listing per host, shaped as Cinder's
        # api/views/manageable_snapshots.py detail view, and the snapshots Cinder knows.
        self.snapshot_listings = copy.deepcopy(snapshot_listings or {})
        self.snapshot_rename = snapshot_rename
        self.snapshot_reject_refs = [dict(ref) for ref in snapshot_reject_refs]
        # Cinder 29's manage-snapshot flow records no user message on failure; tests may set one.
        self.snapshot_failure_message = snapshot_failure_message
        self.snapshots = {}
        self.quotas = {}  # quota key -> limit for every project (unset: unlimited)
        self.project_quotas = {}  # project id -> {quota key: limit}, over self.quotas
        self.now = START
        self.project = ADMIN_PROJECT
        # The bulk engine sends from a thread pool, with clients scoped to different projects: one request at a
        # time, so that self.project (whose token a handler answers) cannot change under a handler.
        self._lock = threading.RLock()
        self.transfers = {}
        # The next this many manage requests are lost: cinder-api writes the record and stops before casting it to
        # the scheduler, so it stays 'creating', never updated, and the driver never sees it.
        self.lose_requests = 0

    # -- the proxy seam -----------------------------------------------------------------------------------------

    def get(self, path, params=None, microversion=None, raise_exc=False):
        return self._route('GET', path, params or {}, None, microversion)

    def post(self, path, json=None, params=None, microversion=None, raise_exc=False):
        return self._route('POST', path, params or {}, json, microversion)

    def put(self, path, json=None, params=None, microversion=None, raise_exc=False):
        return self._route('PUT', path, params or {}, json, microversion)

    def scoped(self, project):
        """The proxy seam for a token scoped to ``project`` (what a manage request's volume is owned by)."""
        return _Scoped(self, project)

    def stamp(self):
        """Cinder's timestamp format (UTC, no zone), on the fake's clock."""
        return datetime.datetime.fromtimestamp(self.now, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000000')

    def writes(self):
        return [call for call in self.calls if call[0] != 'GET']

    def _route(self, method, path, params, body, microversion, project=None):
        with self._lock:
            self.project = project or ADMIN_PROJECT
            response = self._dispatch(method, path, params, body, microversion)
            response.headers['Date'] = formatdate(self.now, usegmt=True)
            return response

    def _dispatch(self, method, path, params, body, microversion):
        self.calls.append((method, path, dict(params), copy.deepcopy(body), microversion))
        if self.forbidden and (path.startswith('/manageable') or path.startswith('/scheduler-stats')):
            return _error(403, 'Policy doesn\'t allow volume_extension:list_manageable to be performed.')
        for pattern, handler in self._routes():
            match = re.match(pattern + '$', path)
            if match and handler[0] == method:
                return handler[1](params, body, microversion, *match.groups())
        return _error(404, 'no route %s %s' % (method, path))

    def _routes(self):
        return [
            (r'/scheduler-stats/get_pools', ('GET', self._get_pools)),
            (r'/os-services', ('GET', lambda p, b, m: FakeResponse(200, {'services': [
                service for service in self.services if service['binary'] == p.get('binary', service['binary'])]}))),
            (r'/types', ('GET', lambda p, b, m: FakeResponse(200, {'volume_types': self.types}))),
            (r'/types/default', ('GET', self._default_type)),
            (r'/os-availability-zone', ('GET', lambda p, b, m: FakeResponse(200, {'availabilityZoneInfo': [
                {'zoneName': zone, 'zoneState': {'available': True}} for zone in self.zones]}))),
            (r'/manageable_volumes/detail', ('GET', self._list_manageable)),
            (r'/manageable_volumes', ('POST', self._manage)),
            (r'/volumes/detail', ('GET', self._list_volumes)),
            (r'/volumes/([^/]+)', ('GET', self._get_volume)),
            (r'/volumes/([^/]+)', ('PUT', self._update_volume)),
            (r'/volumes/([^/]+)/metadata', ('POST', self._set_metadata)),
            (r'/volumes/([^/]+)/action', ('POST', self._action)),
            (r'/messages', ('GET', self._messages)),
            (r'/manageable_snapshots/detail', ('GET', self._list_manageable_snapshots)),
            (r'/manageable_snapshots', ('GET', self._list_manageable_snapshots)),
            (r'/manageable_snapshots', ('POST', self._manage_snapshot)),
            (r'/snapshots/detail', ('GET', self._list_snapshots)),
            (r'/snapshots/([^/]+)', ('GET', self._get_snapshot)),
            (r'/snapshots/([^/]+)', ('PUT', self._update_snapshot)),
            (r'/snapshots/([^/]+)/metadata', ('POST', self._set_snapshot_metadata)),
            (r'/snapshots/([^/]+)/action', ('POST', self._snapshot_action)),
            (r'/os-quota-sets/([^/]+)', ('GET', self._quota)),
            (r'/os-volume-transfer', ('POST', self._create_transfer)),
            (r'/os-volume-transfer/([^/]+)/accept', ('POST', self._accept_transfer)),
        ]

    # -- handlers -----------------------------------------------------------------------------------------------

    def _quota(self, params, body, microversion, project_id):
        """Cinder's quota set with usage (cinder/api/contrib/quotas.py): limits from ``self.quotas``, -1 where none
        is set; in_use counts the fake's volumes and snapshots."""
        owned = [v for v in self.volumes.values() if v.get('os-vol-tenant-attr:tenant_id') == project_id]
        in_use = dict(volumes=len(owned), snapshots=len(self.snapshots),
                      gigabytes=sum(v.get('size') or 0 for v in owned))
        limits = dict(self.quotas, **self.project_quotas.get(project_id, {}))
        keys = set(['volumes', 'snapshots', 'gigabytes']) | set(limits)
        quota_set = dict((key, {'limit': limits.get(key, -1), 'in_use': in_use.get(key, 0), 'reserved': 0,
                                'allocated': 0}) for key in keys)
        quota_set['id'] = project_id
        return FakeResponse(200, {'quota_set': quota_set})

    def _get_pools(self, params, body, microversion):
        return FakeResponse(200, {'pools': self.pools})

    def _default_type(self, params, body, microversion):
        for vtype in self.types:
            if vtype['name'] == self.default_type:
                return FakeResponse(200, {'volume_type': vtype})
        return _error(404, 'Default volume type can not be found.')

    def _list_manageable(self, params, body, microversion):
        if _mv(microversion) < (3, 8):
            return _error(404, 'The resource could not be found.')
        if params.get('cluster') and _mv(microversion) < (3, 17):
            return _error(400, 'cluster needs microversion 3.17')
        key = self._listing_key(params.get('host'), params.get('cluster'))
        if key is None:
            return _error(404, 'Service %s could not be found.' % (params.get('host') or params.get('cluster')))
        entries = sorted(self.listings[key], key=lambda entry: sorted(entry['reference'].values())[0])
        if str(params.get('sort', '')).endswith(':desc'):
            entries.reverse()
        if params.get('marker'):
            marker = json.loads(params['marker'])
            index = [entry['reference'] for entry in entries].index(marker)
            entries = entries[index + 1:]
        limit = int(params.get('limit') or 1000)
        return FakeResponse(200, {'manageable-volumes': copy.deepcopy(entries[:limit])})

    def _listing_key(self, host, cluster):
        """The recorded listing a request reaches: Cinder finds the service by host or by cluster, and a
        clustered backend lists the same objects whichever way it is asked."""
        service = next((service for service in self.services
                        if (host and service['host'] == host.split('#')[0])
                        or (cluster and service.get('cluster') == cluster)), None)
        if service is None:
            return None
        candidates = [host, cluster, service.get('cluster')] + [
            key for key in self.listings if key.split('#')[0] == service['host']]
        return next((key for key in candidates if key and key in self.listings), None)

    def _cluster_pool(self, cluster):
        """Where Cinder records a volume managed into ``cluster``: a member's host with the cluster's pool."""
        members = sorted(service['host'] for service in self.services if cluster and service.get('cluster') == cluster)
        pool = next((pool['name'] for pool in self.pools if pool['name'].split('#')[0] == cluster), None)
        return '%s#%s' % (members[0], pool.split('#', 1)[1]) if members and pool else None

    def _manage(self, params, body, microversion):
        request = body['volume']
        if request.get('cluster') and _mv(microversion) < (3, 16):
            return _error(400, 'cluster needs microversion 3.16')
        host = request['host'] or self._cluster_pool(request.get('cluster'))
        entries = self.listings.get(self._listing_key(host, request.get('cluster')), [])
        volume_id = str(uuid.uuid4())
        self.now += 1  # each record a second younger than the one before
        entry = next((e for e in entries if e['reference'] == request['ref']), None)
        volume = {
            'id': volume_id, 'name': request.get('name'), 'description': request.get('description'),
            'status': 'creating', 'size': entry['size'] if entry else 0,
            'volume_type': request.get('volume_type') or 'lvm-a',
            'availability_zone': request.get('availability_zone') or 'nova',
            'bootable': 'true' if request.get('bootable') else 'false',
            'metadata': dict(request.get('metadata') or {}), 'os-vol-host-attr:host': host,
            'attachments': [], 'os-vol-tenant-attr:tenant_id': self.project, 'created_at': self.stamp(),
            'updated_at': None,
        }
        for vtype in self.types:
            if request.get('volume_type') in (vtype['id'], vtype['name']):
                volume['volume_type'] = vtype['name']
        self.volumes[volume_id] = volume
        self._polls[volume_id] = 0
        if self.lose_requests:
            self.lose_requests -= 1
            volume['_outcome'] = 'creating'
        elif entry is None or request['ref'] in self.reject_refs:
            volume['_outcome'] = 'error'
            self.messages.append({'resource_uuid': volume_id, 'created_at': '2026-11-26T10:00:00',
                                  'user_message': 'manage existing volume: Failed to find the backend object.'})
        else:
            volume['_outcome'] = 'available'
            # rename=None: a driver that keeps the object's name (and lists it as managed by the volume)
            entry.update(reference={'source-name': self.rename % volume_id} if self.rename else entry['reference'],
                         cinder_id=volume_id, safe_to_manage=False, reason_not_safe='already managed')
        return FakeResponse(202, {'volume': self._public(volume)})

    def _public(self, volume):
        return dict((key, value) for key, value in volume.items() if not key.startswith('_'))

    def _advance(self, volume):
        if volume['status'] == 'creating':
            self._polls[volume['id']] += 1
            if self._polls[volume['id']] >= self.settle_after and volume['_outcome'] != volume['status']:
                volume['status'] = volume['_outcome']
                volume['updated_at'] = self.stamp()

    # Filters Cinder applies server-side, by query parameter: the field each compares.
    _FILTER_FIELDS = {'name': 'name', 'volume_id': 'volume_id', 'host': 'os-vol-host-attr:host'}

    def _list(self, resources, key, params):
        found = list(resources.values())
        for param, field in self._FILTER_FIELDS.items():
            if param in params:
                found = [resource for resource in found if resource.get(field) == params[param]]
        if 'metadata' in params:
            wanted = json.loads(params['metadata'])
            found = [resource for resource in found
                     if all(resource['metadata'].get(name) == value for name, value in wanted.items())]
        for resource in found:
            self._advance(resource)
        return FakeResponse(200, {key: [self._public(resource) for resource in found]})

    def _get(self, resources, key, resource_id):
        resource = resources.get(resource_id)
        if resource is None:
            return _error(404, '%s %s could not be found.' % (key.capitalize(), resource_id))
        self._advance(resource)
        return FakeResponse(200, {key: self._public(resource)})

    def _list_volumes(self, params, body, microversion):
        return self._list(self.volumes, 'volumes', params)

    def _get_volume(self, params, body, microversion, volume_id):
        return self._get(self.volumes, 'volume', volume_id)

    def _update_volume(self, params, body, microversion, volume_id):
        volume = self.volumes[volume_id]
        volume.update(body['volume'])
        return FakeResponse(200, {'volume': self._public(volume)})

    def _set_metadata(self, params, body, microversion, volume_id):
        self.volumes[volume_id]['metadata'].update(body['metadata'])
        return FakeResponse(200, {'metadata': self.volumes[volume_id]['metadata']})

    def _action(self, params, body, microversion, volume_id):
        volume = self.volumes.get(volume_id)
        if volume is None:
            return _error(404, 'Volume %s could not be found.' % volume_id)
        if 'os-unmanage' in body:
            # cinder/volume/api.py API.delete(unmanage_only=True): these statuses, and no snapshots.
            if volume['status'] not in ('available', 'error', 'error_restoring', 'error_extending', 'error_managing') \
                    or any(snap['volume_id'] == volume_id for snap in self.snapshots.values()):
                return _error(400, 'Invalid volume: Volume status must be available or error or error_restoring or '
                                   'error_extending or error_managing and must not be migrating, attached, belong to '
                                   'a group, have snapshots, awaiting a transfer, or be disassociated from snapshots '
                                   'after volume transfer.')
            del self.volumes[volume_id]
            for entries in self.listings.values():
                for entry in entries:
                    if entry.get('cinder_id') == volume_id:
                        entry.update(cinder_id=None, safe_to_manage=True, reason_not_safe=None)
            return FakeResponse(202)
        if 'os-set_bootable' in body:
            volume['bootable'] = 'true' if body['os-set_bootable']['bootable'] else 'false'
            return FakeResponse(200)
        if 'os-reset_status' in body:
            volume['status'] = body['os-reset_status']['status']
            volume['_outcome'] = volume['status']
            volume['updated_at'] = self.stamp()
            return FakeResponse(202)
        if 'os-set_image_metadata' in body:
            image = volume.setdefault('volume_image_metadata', {})
            image.update(body['os-set_image_metadata']['metadata'])
            return FakeResponse(200, {'metadata': dict(image)})
        return _error(400, 'unsupported action')

    def _create_transfer(self, params, body, microversion):
        volume = self.volumes.get(body['transfer']['volume_id'])
        if volume is None or volume['status'] != 'available':
            return _error(400, 'Invalid volume: status must be available')
        if volume['os-vol-tenant-attr:tenant_id'] != self.project:
            return _error(404, 'Volume %s could not be found.' % body['transfer']['volume_id'])
        transfer_id = str(uuid.uuid4())
        self.transfers[transfer_id] = dict(id=transfer_id, volume_id=volume['id'], auth_key='key-%s' % transfer_id[:8])
        volume['status'] = 'awaiting-transfer'
        return FakeResponse(202, {'transfer': dict(self.transfers[transfer_id])})

    def _accept_transfer(self, params, body, microversion, transfer_id):
        transfer = self.transfers.pop(transfer_id, None)
        if transfer is None or body['accept']['auth_key'] != transfer['auth_key']:
            return _error(400, 'Invalid auth key')
        volume = self.volumes[transfer['volume_id']]
        volume.update(status='available', **{'os-vol-tenant-attr:tenant_id': self.project})
        for snapshot in self.snapshots.values():
            if snapshot['volume_id'] == volume['id']:
                snapshot['os-extended-snapshot-attributes:project_id'] = self.project
        return FakeResponse(202, {'transfer': {'id': transfer_id, 'volume_id': volume['id']}})

    def _messages(self, params, body, microversion):
        if _mv(microversion) < (3, 3):
            return _error(404, 'The resource could not be found.')
        # cinder/api/v3/messages.py MessagesController.index applies filters from 3.5 (MESSAGES_PAGINATION) only.
        if _mv(microversion) < (3, 5):
            return FakeResponse(200, {'messages': list(self.messages)})
        found = [m for m in self.messages if m['resource_uuid'] == params.get('resource_uuid')]
        return FakeResponse(200, {'messages': found})

    # -- snapshots ------------------------------------------------------------------------------------------------
    def _list_manageable_snapshots(self, params, body, microversion):
        if _mv(microversion) < (3, 8):
            return _error(404, 'The resource could not be found.')
        host = params.get('host')
        if host not in self.snapshot_listings and host not in self.listings:
            return _error(404, 'Service %s could not be found.' % host)
        entries = sorted(self.snapshot_listings.get(host, []),
                         key=lambda entry: sorted(entry['reference'].values())[0])
        if str(params.get('sort', '')).endswith(':desc'):
            entries.reverse()
        if params.get('marker'):
            marker = json.loads(params['marker'])
            index = [entry['reference'] for entry in entries].index(marker)
            entries = entries[index + 1:]
        limit = int(params.get('limit') or 1000)
        return FakeResponse(200, {'manageable-snapshots': copy.deepcopy(entries[:limit])})

    def _manage_snapshot(self, params, body, microversion):
        request = body['snapshot']
        volume = self.volumes.get(request['volume_id'])
        if volume is None:
            return _error(404, 'Volume %s could not be found.' % request['volume_id'])
        host = volume['os-vol-host-attr:host']
        origin = {'source-name': self.rename % volume['id']}
        # Pure lists {'name': ...} and manages {'source-name': ...} (PureBaseVolumeDriver): compare both spellings.
        candidates = [e for e in self.snapshot_listings.get(host, [])
                      if e['reference'] == request['ref']
                      or e['reference'] == {'name': request['ref'].get('source-name')}]
        entry = next((e for e in candidates if e.get('source_reference') == origin), None)
        if entry is None and candidates:
            entry = candidates[0]
        snapshot_id = str(uuid.uuid4())
        snapshot = {
            'id': snapshot_id, 'created_at': self.stamp(), 'updated_at': None,
            'os-extended-snapshot-attributes:project_id': self.project,
            'name': request.get('name'), 'description': request.get('description'),
            'volume_id': volume['id'], 'status': 'creating', 'size': volume['size'],
            'metadata': dict(request.get('metadata') or {}),
        }
        self.snapshots[snapshot_id] = snapshot
        self._polls[snapshot_id] = 0
        if entry is None or request['ref'] in self.snapshot_reject_refs:
            snapshot['_outcome'] = 'error'
            if self.snapshot_failure_message:
                self.messages.append({'resource_uuid': snapshot_id, 'created_at': '2026-11-26T10:00:00',
                                      'user_message': self.snapshot_failure_message})
        else:
            snapshot['_outcome'] = 'available'
            snapshot['size'] = entry['size']
            key = next(iter(entry['reference']))
            entry.update(reference={key: self.snapshot_rename % snapshot_id}, cinder_id=snapshot_id,
                         safe_to_manage=False, reason_not_safe='already managed')
        return FakeResponse(202, {'snapshot': self._public(snapshot)})

    def _list_snapshots(self, params, body, microversion):
        return self._list(self.snapshots, 'snapshots', params)

    def _get_snapshot(self, params, body, microversion, snapshot_id):
        return self._get(self.snapshots, 'snapshot', snapshot_id)

    def _update_snapshot(self, params, body, microversion, snapshot_id):
        snapshot = self.snapshots.get(snapshot_id)
        if snapshot is None:
            return _error(404, 'Snapshot %s could not be found.' % snapshot_id)
        snapshot.update(body['snapshot'])
        return FakeResponse(200, {'snapshot': self._public(snapshot)})

    def _set_snapshot_metadata(self, params, body, microversion, snapshot_id):
        self.snapshots[snapshot_id]['metadata'].update(body['metadata'])
        return FakeResponse(200, {'metadata': self.snapshots[snapshot_id]['metadata']})

    def _snapshot_action(self, params, body, microversion, snapshot_id):
        snapshot = self.snapshots.get(snapshot_id)
        if snapshot is None:
            return _error(404, 'Snapshot %s could not be found.' % snapshot_id)
        if 'os-reset_status' in body:
            snapshot['status'] = body['os-reset_status']['status']
            snapshot['_outcome'] = snapshot['status']
            return FakeResponse(202)
        if 'os-unmanage' in body:
            # cinder/volume/api.py API.delete_snapshot(unmanage_only=True): only available or error snapshots.
            if snapshot['status'] not in ('available', 'error'):
                return _error(400, 'Invalid snapshot: Snapshot status must be available or error and must not be '
                                   'part of a group.')
            del self.snapshots[snapshot_id]
            for entries in self.snapshot_listings.values():
                for entry in entries:
                    if entry.get('cinder_id') == snapshot_id:
                        entry.update(cinder_id=None, safe_to_manage=True, reason_not_safe=None)
            return FakeResponse(202)
        return _error(400, 'unsupported action')


class _Scoped(object):
    """FakeCinder as seen through a token scoped to one project."""

    def __init__(self, cinder, project):
        self.cinder = cinder
        self.project = project

    def get(self, path, params=None, microversion=None, raise_exc=False):
        return self.cinder._route('GET', path, params or {}, None, microversion, self.project)

    def post(self, path, json=None, params=None, microversion=None, raise_exc=False):
        return self.cinder._route('POST', path, params or {}, json, microversion, self.project)

    def put(self, path, json=None, params=None, microversion=None, raise_exc=False):
        return self.cinder._route('PUT', path, params or {}, json, microversion, self.project)


class FakeConnection(object):
    """A Connection at the proxy seam. With ``keystone`` (fake_keystone.FakeKeystone) it also has a token scope, the
    identity proxy and connect_as_project; without, the token cannot be read (as in the oldest tests)."""

    def __init__(self, cinder, keystone=None, project=ADMIN_PROJECT):
        self.cinder = cinder
        self.keystone = keystone
        self.project = project
        self.block_storage = cinder if project == ADMIN_PROJECT else cinder.scoped(project)
        if keystone is not None:
            self.identity = keystone
            self.session = keystone.session(project)

    def connect_as_project(self, project):
        return FakeConnection(self.cinder, self.keystone, self.keystone.scope_to(project))
