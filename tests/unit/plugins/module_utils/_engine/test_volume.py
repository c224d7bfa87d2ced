"""VolumeManageManager against a FakeCinder seeded with answers recorded from the test cloud."""

import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.volume import VolumeManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import (
    FakeCinder,
    FakeConnection,
    recorded_cinder,
)

HOST = 'testcloud@lvm-a#lvm-a'
OTHER_HOST = 'testcloud@lvm-b#lvm-b'
CLUSTER = 'testcluster@ceph'
CLUSTER_MEMBER = 'testcloud@ceph#ceph'


def defaults(**overrides):
    params = dict(state='present', host=HOST, cluster=None, ref=None, source_name=None, source_id=None,
                  driver='auto', name=None, description=None, volume_type=None, availability_zone=None,
                  metadata=None, bootable=None, id=None, wait=True, timeout=30)
    params.update(overrides)
    return params


@pytest.fixture
def cinder():
    return recorded_cinder()


def run(cinder, check_mode=False, **params):
    client = CinderClient(FakeConnection(cinder), label='stackadopt-admin', sleep=lambda seconds: None)
    return VolumeManageManager(client, defaults(**params), check_mode=check_mode).run()


def safe_name(cinder, host=HOST):
    return next(entry['reference']['source-name'] for entry in cinder.listings[host]
                if entry['safe_to_manage'] and not entry['cinder_id'])


def test_check_apply_check_apply_is_idempotent_after_the_driver_renamed_the_lv(cinder):
    lv = safe_name(cinder)
    predicted = run(cinder, check_mode=True, source_name=lv, name='data')
    assert predicted['changed'] is True
    assert predicted['volume']['id'] is None
    assert cinder.writes() == []

    adopted = run(cinder, source_name=lv, name='data')
    assert adopted['changed'] is True
    volume_id = adopted['volume']['id']
    assert adopted['volume']['status'] == 'available'
    assert adopted['backend_name'] == 'volume-%s' % volume_id
    assert adopted['driver'] == 'lvm'
    assert adopted['volume']['metadata']['stackadopt_ref'] == '{"source-name":"%s"}' % lv

    writes_before = len(cinder.writes())
    again_check = run(cinder, check_mode=True, source_name=lv, name='data')
    again = run(cinder, source_name=lv, name='data')
    assert (again_check['changed'], again['changed']) == (False, False)
    assert again['volume']['id'] == volume_id
    assert len(cinder.writes()) == writes_before


def test_host_without_pool_is_completed_when_the_backend_has_one_pool(cinder):
    result = run(cinder, check_mode=True, host='testcloud@lvm-a', source_name=safe_name(cinder))
    assert result['host'] == HOST


def test_unknown_host_lists_the_pools_that_exist(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, host='nosuch@lvm#lvm', source_name='x')
    assert "host 'nosuch@lvm#lvm'" in error.value.msg
    assert HOST in error.value.msg and OTHER_HOST in error.value.msg
    assert error.value.details['field'] == 'host'


def test_typo_ref_fails_naming_the_host_and_closest_references_in_check_mode_too(cinder):
    lv = safe_name(cinder)
    for check_mode in (True, False):
        with pytest.raises(CinderAdoptError) as error:
            run(cinder, check_mode=check_mode, source_name=lv + 'x')
        assert 'matches no object' in error.value.msg
        assert HOST in error.value.msg
        assert lv in error.value.details['candidates']
    assert cinder.writes() == []


def test_unsafe_entry_fails_quoting_cinders_reason(cinder):
    cinder.listings[HOST].append({'reference': {'source-name': 'busy_lv'}, 'size': 1, 'safe_to_manage': False,
                                  'reason_not_safe': 'Volume in use', 'cinder_id': None, 'extra_info': None})
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, source_name='busy_lv')
    assert "Cinder says 'Volume in use'" in error.value.msg


def test_driver_rejection_unmanages_the_error_record_never_deletes(cinder):
    lv = safe_name(cinder)
    cinder.reject_refs.append({'source-name': lv})
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, source_name=lv)
    assert 'Failed to find the backend object' in error.value.msg
    assert error.value.details['unmanaged'] is True
    actions = [call[3] for call in cinder.writes() if call[1].endswith('/action')]
    assert actions == [{'os-unmanage': None}]
    assert cinder.volumes == {}


def test_unknown_volume_type_lists_types(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, source_name=safe_name(cinder), volume_type='gold')
    assert "volume_type 'gold'" in error.value.msg and 'lvm-a' in error.value.msg


def test_volume_type_of_another_backend_is_refused_before_any_write(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, source_name=safe_name(cinder), volume_type='lvm-b')
    assert "requires volume_backend_name 'lvm-b'" in error.value.msg
    assert cinder.writes() == []


def test_existing_volume_converges_name_metadata_bootable_but_refuses_retype(cinder):
    lv = safe_name(cinder)
    first = run(cinder, source_name=lv, name='one', volume_type='lvm-a')
    changed = run(cinder, source_name=lv, name='two', metadata={'owner': 'db'}, bootable=True)
    assert changed['changed'] is True
    assert changed['volume']['name'] == 'two'
    assert changed['volume']['metadata']['owner'] == 'db'
    assert changed['volume']['is_bootable'] is True
    assert changed['diff']['before']['name'] == 'one'
    assert run(cinder, source_name=lv, name='two', metadata={'owner': 'db'}, bootable=True)['changed'] is False
    cinder.types.append({'id': 'other-id', 'name': 'other', 'extra_specs': {}})
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, source_name=lv, volume_type='other')
    assert 'retype' in error.value.msg
    assert first['volume']['id'] in error.value.msg


def test_absent_by_id_name_and_ref_unmanages_once(cinder):
    lv = safe_name(cinder)
    volume_id = run(cinder, source_name=lv, name='gone-soon')['volume']['id']
    predicted = run(cinder, check_mode=True, state='absent', id=volume_id)
    assert predicted['changed'] is True and volume_id in cinder.volumes
    released = run(cinder, state='absent', source_name=lv)
    assert released['changed'] is True
    assert released['backend_name'] == 'volume-%s' % volume_id
    assert volume_id not in cinder.volumes
    assert run(cinder, state='absent', id=volume_id)['changed'] is False
    assert run(cinder, state='absent', name='gone-soon', host=None)['changed'] is False


def test_absent_by_ambiguous_name_lists_the_ids(cinder):
    names = [entry['reference']['source-name'] for entry in cinder.listings[HOST]
             if entry['safe_to_manage']][:2]
    ids = sorted(run(cinder, source_name=lv, name='twin')['volume']['id'] for lv in names)
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, state='absent', name='twin', host=None)
    assert all(volume_id in error.value.msg for volume_id in ids)


def test_non_admin_gets_the_admin_role_message():
    cinder = FakeCinder(pools=[], listings={}, forbidden=True)
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, source_name='lv')
    assert 'HTTP 403' in error.value.msg and 'admin role' in error.value.msg
    assert error.value.details['status_code'] == 403


def test_host_with_hash_is_sent_as_a_query_parameter_not_a_fragment(cinder):
    run(cinder, check_mode=True, source_name=safe_name(cinder))
    listing_calls = [call for call in cinder.calls if call[1] == '/manageable_volumes/detail']
    assert listing_calls and listing_calls[0][2]['host'] == HOST


def test_listing_follows_every_page(cinder):
    for index in range(2500):
        cinder.listings[OTHER_HOST].append({'reference': {'source-name': 'bulk%04d' % index}, 'size': 1,
                                            'safe_to_manage': True, 'reason_not_safe': None, 'cinder_id': None,
                                            'extra_info': None})
    result = run(cinder, check_mode=True, host=OTHER_HOST, source_name='bulk2499', volume_type='lvm-b')
    assert result['changed'] is True
    pages = [call for call in cinder.calls if call[1] == '/manageable_volumes/detail']
    assert len(pages) == 3


def test_default_type_of_another_backend_fails_before_any_write_naming_the_fitting_types(cinder):
    lv = safe_name(cinder, OTHER_HOST)
    for check_mode in (True, False):
        with pytest.raises(CinderAdoptError) as error:
            run(cinder, check_mode=check_mode, host=OTHER_HOST, source_name=lv)
        assert "default type 'lvm-a'" in error.value.msg
        assert 'lvm-b' in error.value.details['valid_types'] and 'lvm-a' not in error.value.details['valid_types']
    assert cinder.writes() == []
    assert run(cinder, host=OTHER_HOST, source_name=lv, volume_type='lvm-b')['volume']['volume_type'] == 'lvm-b'


@pytest.fixture
def clustered():
    """The test cloud's ceph backend: its cinder-volume is a member of cluster testcluster@ceph, so Cinder names
    the pool testcluster@ceph#ceph while volumes record the member host testcloud@ceph#ceph."""
    return recorded_cinder(os.path.join('testcloud', 'cluster'), default_type='lvm-a')


def test_cluster_is_resolved_from_the_services_and_sent_with_its_microversions(clustered):
    adopted = run(clustered, host=None, cluster=CLUSTER, source_name='rec_rbd01', volume_type='ceph')
    assert adopted['changed'] is True and adopted['cluster'] == CLUSTER and adopted['driver'] == 'rbd'
    assert adopted['volume']['host'] == CLUSTER_MEMBER
    assert run(clustered, host=None, cluster=CLUSTER, source_name='rec_rbd01', volume_type='ceph')['changed'] is False
    manage = [call for call in clustered.calls if call[:2] == ('POST', '/manageable_volumes')]
    assert manage[0][3]['volume']['cluster'] == CLUSTER and manage[0][3]['volume']['host'] is None
    assert manage[0][4] == '3.16'
    listings = [call for call in clustered.calls if call[:2] == ('GET', '/manageable_volumes/detail')]
    assert listings[0][2]['cluster'] == CLUSTER and listings[0][4] == '3.17'


def test_a_clustered_backend_is_also_reached_through_its_member_host(clustered):
    adopted = run(clustered, host=None, cluster=CLUSTER, source_name='rec_rbd01', volume_type='ceph')
    by_member = run(clustered, host=CLUSTER_MEMBER, source_name='rec_rbd01', volume_type='ceph')
    assert by_member['changed'] is False and by_member['volume']['id'] == adopted['volume']['id']
    assert by_member['driver'] == 'rbd' and by_member['host'] == CLUSTER_MEMBER
    fresh = run(clustered, host='testcloud@ceph', source_name='rec_rbd02', volume_type='ceph')
    assert fresh['changed'] is True and fresh['host'] == CLUSTER_MEMBER


def test_the_pool_name_of_a_cluster_given_as_host_points_to_the_cluster(clustered):
    with pytest.raises(CinderAdoptError) as error:
        run(clustered, host='testcluster@ceph#ceph', source_name='rec_rbd01', volume_type='ceph')
    assert 'Give cluster: testcluster@ceph, or host as one of its members: testcloud@ceph#ceph' in error.value.msg
    assert error.value.details['valid_clusters'] == [CLUSTER]
    assert CLUSTER_MEMBER in error.value.details['valid_hosts']
    assert clustered.writes() == []


def test_unknown_cluster_lists_the_clusters_or_says_there_are_none(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, host=None, cluster='nosuch', source_name='x')
    assert 'runs no clustered volume service' in error.value.msg
    cinder.services[0]['cluster'] = 'real@lvm'
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, host=None, cluster='nosuch', source_name='x')
    assert 'real@lvm' in error.value.msg and error.value.details['field'] == 'cluster'
