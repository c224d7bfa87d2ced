"""PowerMaxProfile against answers shaped like Dell PowerMax's Cinder drivers' (hand-built: fixtures/powermax)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.powermax import PowerMaxProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = PowerMaxProfile()
POOLS = load_fixture('powermax', 'get_pools.json')['pools']
VOLUMES = load_fixture('powermax', 'manageable_volumes.json')['manageable-volumes']
SNAPSHOTS = load_fixture('powermax', 'manageable_snapshots.json')['manageable-snapshots']
VOLUME_ID = '3e1f9a2b-4c5d-4e6f-8a7b-9c0d1e2f3a4b'


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


@pytest.mark.parametrize('given, normalised', [
    ({'source-id': '00a1b'}, {'source-id': '00A1B'}),
    ({'source-name': '00A1B'}, {'source-name': '00A1B'}),
    ({'source-name': '00a1b', 'source-id': '00A1B'}, {'source-name': '00A1B', 'source-id': '00A1B'}),
    ({'source-name': 'OS-' + VOLUME_ID}, {'source-name': 'OS-' + VOLUME_ID}),
    ({'source-id': 'volume-' + VOLUME_ID}, {'source-id': 'volume-' + VOLUME_ID}),
])
def test_device_ids_and_uuids_under_either_key(given, normalised):
    assert PROFILE.ref_keys == ('source-name', 'source-id')
    assert PROFILE.validate_ref(given) == normalised


@pytest.mark.parametrize('value', ['0A1B', '000A1B', 'oracle_data01'])
def test_neither_device_id_nor_uuid_is_refused(value):
    msg = refused(PROFILE.validate_ref, {'source-name': value})
    assert 'ref.source-name' in msg and 'exactly 5 characters' in msg and 'UUID' in msg


def test_other_keys_and_disagreeing_keys_are_refused():
    assert 'valid keys: source-name, source-id' in refused(PROFILE.validate_ref, {'name': '00A1B'})
    msg = refused(PROFILE.validate_ref, {'source-name': '00A1B', 'source-id': '0012F'})
    assert "'00A1B'" in msg and "'0012F'" in msg and 'source-name alone' in msg


def test_snapshot_refs():
    assert PROFILE.validate_snapshot_ref({'source-id': 'weekly_sun'}) == {'source-id': 'weekly_sun'}
    msg = refused(PROFILE.validate_snapshot_ref, {'source-name': 'OS-weekly_sun'})
    assert "starts with 'OS-'" in msg and 'already managed' in msg


def test_listing_entries_match_by_either_ref_key():
    for entry in VOLUMES:
        device = entry['reference']['source-id']
        for key in ('source-name', 'source-id'):
            ref = PROFILE.validate_ref({key: device.lower()})
            assert PROFILE.can_compare(ref, entry['reference'])
            assert [other for other in VOLUMES if PROFILE.matches(ref, other['reference'])] == [entry]
    for entry in SNAPSHOTS:
        for key in ('source-name', 'source-id'):
            ref = PROFILE.validate_snapshot_ref({key: entry['reference']['source-name']})
            assert [other for other in SNAPSHOTS if PROFILE.matches(ref, other['reference'])] == [entry]


def test_a_uuid_ref_cannot_be_judged_against_device_ids():
    ref = PROFILE.validate_ref({'source-name': 'OS-' + VOLUME_ID})
    assert not any(PROFILE.can_compare(ref, entry['reference']) for entry in VOLUMES)
    assert not any(PROFILE.matches(ref, entry['reference']) for entry in VOLUMES)


def test_names_after_manage():
    assert PROFILE.name_after_manage(VOLUME_ID) == 'OS-' + VOLUME_ID
    # The device keeps its ID: that is how snapshots of it are listed.
    assert PROFILE.reference_after_manage({'source-name': '00A1B'}, VOLUME_ID) == SNAPSHOTS[0]['source_reference']
    assert PROFILE.reference_after_manage({'source-name': 'OS-' + VOLUME_ID}, VOLUME_ID) is None
    assert PROFILE.snapshot_name_after_manage('x', ref={'source-name': 'weekly_sun'}) == 'OS-weekly_sun'
    assert PROFILE.snapshot_name_after_manage('x') is None


def test_listing_is_never_unsafe_and_says_what_it_leaves_out():
    assert all(entry['safe_to_manage'] and entry['reason_not_safe'] is None for entry in VOLUMES + SNAPSHOTS)
    assert PROFILE.unsafe_reasons == {} and PROFILE.explain_unsafe('Volume already managed') is None
    assert 'masked' in PROFILE.listing_omits and "'OS-'" in PROFILE.listing_omits


def test_detection_and_container():
    assert all(PROFILE.detect(pool['capabilities']) for pool in POOLS)
    assert [PROFILE.container(pool['capabilities']) for pool in POOLS] == [
        '000197800123', '000197800123', '000197800456']
    assert not PROFILE.detect({'vendor_name': 'Dell EMC', 'location_info': 'pool_1|APM00123456789'})
    assert not PROFILE.detect({'vendor_name': 'Pure Storage', 'location_info': 'a#b#c'})
