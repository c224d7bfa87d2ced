"""LVMProfile against answers shaped like (and, under testcloud/, recorded from) Cinder's LVM driver."""

import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.lvm import LVMProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES, load_fixture

PROFILE = LVMProfile()
VOLUMES = load_fixture('lvm', 'manageable_volumes.json')['manageable-volumes']
SNAPSHOTS = load_fixture('lvm', 'manageable_snapshots.json')['manageable-snapshots']
HAS_RECORDING = os.path.exists(os.path.join(FIXTURES, 'testcloud', 'volume.json'))


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


def test_accepts_only_source_name():
    assert PROFILE.ref_keys == ('source-name',)
    assert PROFILE.snapshot_ref_keys == ('source-name',)
    assert PROFILE.validate_ref({'source-name': ' lv_data '}) == {'source-name': 'lv_data'}
    assert PROFILE.validate_snapshot_ref({'source-name': 'lv_data_snap'}) == {'source-name': 'lv_data_snap'}


def test_source_id_is_refused_naming_the_valid_key():
    msg = refused(PROFILE.validate_ref, {'source-id': 'lv_data'})
    assert 'source-id' in msg and 'valid keys: source-name' in msg


@pytest.mark.parametrize('name, suggestion', [('/dev/cinder-volumes/lv_data', "'lv_data'"),
                                              ('cinder-volumes/lv_data', "'lv_data'")])
def test_paths_are_refused_with_the_bare_name_suggested(name, suggestion):
    msg = refused(PROFILE.validate_ref, {'source-name': name})
    assert 'ref.source-name' in msg and 'path' in msg and suggestion in msg
    assert suggestion in refused(PROFILE.validate_snapshot_ref, {'source-name': name})


def test_whitespace_is_refused():
    assert 'whitespace' in refused(PROFILE.validate_ref, {'source-name': 'lv data'})


def test_a_cinder_snapshot_lv_is_no_volume_ref_but_a_snapshot_ref():
    name = '_snapshot-8e2d4b6a-1c3f-4a5e-9b7d-0f1e2d3c4b5a'
    msg = refused(PROFILE.validate_ref, {'source-name': name})
    assert name in msg and 'snapshot' in msg
    assert PROFILE.validate_snapshot_ref({'source-name': name}) == {'source-name': name}


def test_thin_listing_offers_cinder_snapshot_lvs_as_volumes():
    # Why validate_ref refuses them: the thin driver lists them as safe manageable volumes.
    listed = [entry for entry in VOLUMES if entry['reference']['source-name'].startswith('_snapshot-')]
    assert listed and all(entry['safe_to_manage'] for entry in listed)


def test_every_listed_reference_matches_only_itself():
    for entry in VOLUMES:
        ref = PROFILE.validate_snapshot_ref(entry['reference'])
        assert [other for other in VOLUMES if PROFILE.matches(ref, other['reference'])] == [entry]


def test_no_partial_match():
    assert not any(PROFILE.matches({'source-name': 'lv_web'}, entry['reference']) for entry in VOLUMES)


def test_rename_rule_matches_the_managed_listing_entry():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert PROFILE.name_after_manage(managed['cinder_id']) == managed['reference']['source-name']
    after = PROFILE.reference_after_manage({'source-name': 'lv_old'}, managed['cinder_id'])
    assert PROFILE.matches(after, managed['reference'])


def test_snapshot_rename_rule_and_parent():
    managed = next(entry for entry in SNAPSHOTS if entry['cinder_id'])
    assert PROFILE.snapshot_name_after_manage(managed['cinder_id']) == managed['reference']['source-name']
    parent_id = managed['source_reference']['source-name'][len('volume-'):]
    assert PROFILE.snapshot_parent_reference(parent_id) == managed['source_reference']


def test_detects_lvm_pools():
    assert all(PROFILE.detect(pool['capabilities']) for pool in load_fixture('lvm', 'get_pools.json')['pools'])


@pytest.mark.parametrize('capabilities', [
    {'location_info': 'LVMVolumeDriver:host:vg'},
    {'location_info': 'ceph:/etc/ceph/ceph.conf:7d3c8e92-4a1b-11ef-9f2e-525400a1b2c3:cinder:volumes'},
    {'vendor_name': 'Open Source', 'storage_protocol': 'iSCSI'},
    {'location_info': None},
])
def test_does_not_detect_other_pools(capabilities):
    assert not PROFILE.detect(capabilities)


@pytest.mark.skipif(not HAS_RECORDING, reason='no test cloud recording')
def test_recorded_test_cloud():
    pools = load_fixture('testcloud', 'pools.json')['pools']
    assert pools and all(PROFILE.detect(pool['capabilities']) for pool in pools)
    volume = load_fixture('testcloud', 'volume.json')['volume']
    listing = load_fixture('testcloud', 'manageable_volumes.json')[volume['os-vol-host-attr:host']]
    after = PROFILE.reference_after_manage({'source-name': 'rec_logs'}, volume['id'])
    assert [entry['cinder_id'] for entry in listing if PROFILE.matches(after, entry['reference'])] == [volume['id']]
    for entry in listing:
        assert PROFILE.validate_ref(entry['reference']) == entry['reference']


def test_unsafe_reasons():
    assert 'open' in PROFILE.explain_unsafe('snapshot in use') and 'open' in PROFILE.explain_unsafe('volume in use')
    assert 'already adopted' in PROFILE.explain_unsafe('already managed')
