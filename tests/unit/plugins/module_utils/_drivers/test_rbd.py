"""RBDProfile against answers shaped like Cinder's RBD driver's."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.rbd import RBDProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = RBDProfile()
VOLUMES = load_fixture('rbd', 'manageable_volumes.json')['manageable-volumes']
SNAPSHOTS = load_fixture('rbd', 'manageable_snapshots.json')['manageable-snapshots']
MANAGED_ID = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d'


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


def test_accepts_only_source_name():
    assert PROFILE.ref_keys == PROFILE.snapshot_ref_keys == ('source-name',)
    assert PROFILE.validate_ref({'source-name': 'vm-101-disk-0'}) == {'source-name': 'vm-101-disk-0'}
    assert PROFILE.validate_snapshot_ref({'source-name': 'nightly'}) == {'source-name': 'nightly'}
    assert 'valid keys: source-name' in refused(PROFILE.validate_ref, {'source-id': 'abc'})


def test_pool_qualified_image_is_refused():
    msg = refused(PROFILE.validate_ref, {'source-name': 'volumes/vm-101-disk-0'})
    assert 'ref.source-name' in msg and 'rbd_pool' in msg and "'vm-101-disk-0'" in msg


def test_snapshot_spec_is_no_volume_ref():
    msg = refused(PROFILE.validate_ref, {'source-name': 'vm-101-disk-0@nightly'})
    assert 'snapshot' in msg and "'vm-101-disk-0'" in msg


@pytest.mark.parametrize('spec', ['vm-101-disk-0@nightly', 'volumes/vm-101-disk-0@nightly'])
def test_snapshot_ref_is_the_snapshot_name_alone(spec):
    msg = refused(PROFILE.validate_snapshot_ref, {'source-name': spec})
    assert "'nightly'" in msg and 'volume-<volume_id>' in msg


def test_every_listed_reference_validates_and_matches_only_itself():
    for entry in VOLUMES:
        ref = PROFILE.validate_ref(entry['reference'])
        assert [other for other in VOLUMES if PROFILE.matches(ref, other['reference'])] == [entry]


def test_rename_rule_matches_the_managed_listing_entry():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert managed['cinder_id'] == MANAGED_ID
    assert PROFILE.reference_after_manage({'source-name': 'old'}, MANAGED_ID) == managed['reference']
    assert PROFILE.snapshot_name_after_manage('abc') == 'snapshot-abc'


def test_snapshot_names_repeat_across_images_so_the_parent_decides():
    ref = PROFILE.validate_snapshot_ref({'source-name': 'nightly'})
    matched = [entry for entry in SNAPSHOTS if PROFILE.matches(ref, entry['reference'])]
    assert len(matched) == 2
    parent = PROFILE.snapshot_parent_reference(MANAGED_ID)
    assert [entry['size'] for entry in matched if entry['source_reference'] == parent] == [10]


def test_detects_rbd_and_rbd_iscsi_pools():
    assert all(PROFILE.detect(pool['capabilities']) for pool in load_fixture('rbd', 'get_pools.json')['pools'])


@pytest.mark.parametrize('capabilities', [
    {'vendor_name': 'Open Source', 'location_info': 'LVMVolumeDriver:host:vg:default:0'},
    {'vendor_name': 'Open Source', 'location_info': 'ceph:/etc/ceph/ceph.conf:not-a-fsid:cinder:volumes'},
    {'vendor_name': 'Acme', 'location_info': 'ceph:/etc/ceph/ceph.conf:7d3c8e92-4a1b-11ef-9f2e-525400a1b2c3:c:v'},
    {'vendor_name': 'Open Source', 'storage_protocol': 'ceph'},
])
def test_does_not_detect_other_pools(capabilities):
    assert not PROFILE.detect(capabilities)


@pytest.mark.parametrize('reason, expected', [('already managed', 'already adopted'), ('volume in use', 'watchers'),
                                              ('volume marked as deleted', "'.deleted'"),
                                              ('used for clone snap', "'.clone_snap'"),
                                              ('used for volume backup', 'backup driver')])
def test_unsafe_reasons(reason, expected):
    assert expected in PROFILE.explain_unsafe(reason)


def test_the_container_is_the_pool_of_location_info():
    pools = load_fixture('rbd', 'get_pools.json')['pools']
    assert [PROFILE.container(pool['capabilities']) for pool in pools] == ['volumes', 'iscsi-volumes']
    assert PROFILE.container({'location_info': 'LVMVolumeDriver:vm:stackadopt-a:default:0'}) is None
