"""HPE3PARProfile against answers shaped like HPE 3PAR/Primera/Alletra's Cinder drivers' (hand-built:
fixtures/hpe3par)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.hpe3par import HPE3PARProfile, encode_id
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = HPE3PARProfile()
POOLS = load_fixture('hpe3par', 'get_pools.json')['pools']
VOLUMES = load_fixture('hpe3par', 'manageable_volumes.json')['manageable-volumes']
SNAPSHOTS = load_fixture('hpe3par', 'manageable_snapshots.json')['manageable-snapshots']
# VOLUME_ID / SNAPSHOT_ID and their VV names in Cinder's cinder/tests/unit/volume/drivers/hpe/test_hpe3par.py.
MANAGED_ID = 'd03338a9-9115-48a3-8dfc-35cdfcdc15a7'
MANAGED_SNAPSHOT_ID = '2f823bdc-e36e-4dc8-bd15-de1c7a28ff31'
UNMANAGED_ID = '6a1e3b5c-7d9f-4a2b-8c4d-e6f708192a3b'


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


def test_encoding_follows_the_driver():
    assert PROFILE.name_after_manage(MANAGED_ID) == 'osv-0DM4qZEVSKON-DXN-NwVpw'
    assert PROFILE.snapshot_name_after_manage(MANAGED_SNAPSHOT_ID) == 'oss-L4I73ONuTci9Fd4ceij-MQ'
    assert encode_id(MANAGED_ID.replace('-', '').upper()) == '0DM4qZEVSKON-DXN-NwVpw'
    with pytest.raises(ValueError):
        encode_id('oracle_data01')


def test_refs():
    assert PROFILE.validate_ref({'source-name': 'oracle_data01'}) == {'source-name': 'oracle_data01'}
    assert PROFILE.validate_ref({'name': 'oracle_data01'}) == {'source-name': 'oracle_data01'}
    assert PROFILE.validate_ref({'source-id': UNMANAGED_ID}) == {'source-id': UNMANAGED_ID}
    assert PROFILE.validate_snapshot_ref({'source-name': 'oracle_data01.ro'}) == {'source-name': 'oracle_data01.ro'}


@pytest.mark.parametrize('name', ['osv-0DM4qZEVSKON-DXN-NwVpw', 'ossified', 'vvs-set1'])
def test_cinder_names_are_refused(name):
    msg = refused(PROFILE.validate_ref, {'source-name': name})
    assert 'ref.source-name' in msg and "'osv', 'oss', 'vvs'" in msg


def test_snapshot_names_starting_unm_and_osv_are_refused():
    assert "'unm'" in refused(PROFILE.validate_snapshot_ref, {'source-name': 'unm-0DM4qZEVSKON-DXN-NwVpw'})
    # Listed as safe by get_manageable_snapshots, refused by manage_existing_snapshot_get_size.
    listed = next(entry for entry in SNAPSHOTS if entry['reference']['name'] == 'osv_nightly_0125')
    assert listed['safe_to_manage']
    assert 'starts with' in refused(PROFILE.validate_snapshot_ref, listed['reference'])


def test_bad_refs():
    assert '31' in refused(PROFILE.validate_ref, {'source-name': 'x' * 32})
    msg = refused(PROFILE.validate_ref, {'source-id': 'oracle_data01'})
    assert 'ref.source-id' in msg and 'UUID' in msg and "'unm-<encoded id>'" in msg
    assert "'ums-<encoded id>'" in refused(PROFILE.validate_snapshot_ref, {'source-id': 'nope'})
    assert 'Give one of them' in refused(PROFILE.validate_ref, {'source-name': 'a', 'source-id': UNMANAGED_ID})
    assert 'must agree' in refused(PROFILE.validate_ref, {'name': 'a', 'source-name': 'b'})


def test_listing_entries_match_by_name_and_by_source_id():
    for entries in (VOLUMES, SNAPSHOTS):
        for entry in entries:
            for ref in ({'source-name': entry['reference']['name']}, dict(entry['reference'])):
                assert PROFILE.can_compare(ref, entry['reference'])
                assert [other for other in entries if PROFILE.matches(ref, other['reference'])] == [entry]
    unmanaged = next(entry for entry in VOLUMES if entry['reference']['name'].startswith('unm-'))
    ref = PROFILE.validate_ref({'source-id': UNMANAGED_ID})
    assert [entry for entry in VOLUMES if PROFILE.matches(ref, entry['reference'])] == [unmanaged]
    assert not PROFILE.can_compare({'source-id': 'nope'}, unmanaged['reference'])


def test_rename_rules_match_the_managed_entries():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert PROFILE.reference_after_manage({'source-name': 'x'}, managed['cinder_id']) == managed['reference']
    managed_snap = next(entry for entry in SNAPSHOTS if entry['cinder_id'])
    assert PROFILE.snapshot_name_after_manage(managed_snap['cinder_id']) == managed_snap['reference']['name']
    assert PROFILE.snapshot_parent_reference(MANAGED_ID) == managed_snap['source_reference']


def test_unsafe_reasons():
    assert 'VLUN' in PROFILE.explain_unsafe('Volume attached to host esx01')
    assert 'osv-' in PROFILE.explain_unsafe('Volume already managed')
    assert 'oss-' in PROFILE.explain_unsafe('Snapshot already managed')
    assert 'first CPG' in PROFILE.listing_omits


def test_detection_and_container():
    assert all(PROFILE.detect(pool['capabilities']) for pool in POOLS)
    assert [PROFILE.container(pool['capabilities']) for pool in POOLS] == ['4UW0001234', '4UW0005678', 'CZ2D123ABC']
    assert not PROFILE.detect(dict(POOLS[0]['capabilities'], location_info={'storage_id': '1'}))
    assert not PROFILE.detect(dict(POOLS[0]['capabilities'], vendor_name='HP'))
