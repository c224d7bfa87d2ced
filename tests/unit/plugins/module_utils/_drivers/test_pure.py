"""PureProfile against answers shaped like Pure Storage FlashArray's Cinder driver's."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.pure import PureProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = PureProfile()
VOLUMES = load_fixture('pure', 'manageable_volumes.json')['manageable-volumes']
SNAPSHOTS = load_fixture('pure', 'manageable_snapshots.json')['manageable-snapshots']
MANAGED_ID = '4d5e6f7a-8b9c-4d0e-a1f2-b3c4d5e6f7a8'


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


@pytest.mark.parametrize('name', ['oracle-data01', 'vg-legacy/app-logs', 'pod-a::db-replica'])
def test_volume_refs(name):
    assert PROFILE.validate_ref({'source-name': name}) == {'source-name': name}


def test_listing_reference_is_accepted_as_ref():
    assert PROFILE.validate_ref({'name': 'oracle-data01'}) == {'source-name': 'oracle-data01'}
    assert PROFILE.validate_ref({'name': 'a', 'source-name': 'a'}) == {'source-name': 'a'}
    msg = refused(PROFILE.validate_ref, {'name': 'a', 'source-name': 'b'})
    assert "'a'" in msg and "'b'" in msg and 'agree' in msg


def test_other_keys_are_refused():
    assert 'valid keys: source-name' in refused(PROFILE.validate_ref, {'source-id': 'oracle-data01'})


def test_realm_volume_is_refused():
    msg = refused(PROFILE.validate_ref, {'source-name': 'realm1::pod-b::tenant-vol'})
    assert 'realm' in msg and "'<pod>::<volume>'" in msg


@pytest.mark.parametrize('name', ['oracle-data01', '.daily', 'oracle-data01.', 'realm1::pod-b::vol.snap'])
def test_bad_snapshot_refs(name):
    msg = refused(PROFILE.validate_snapshot_ref, {'source-name': name})
    assert 'ref.source-name' in msg and "'<volume>.<suffix>'" in msg


def test_snapshot_ref_from_listing():
    assert PROFILE.validate_snapshot_ref({'name': 'oracle-data01.daily-2026-11-25'}) == {
        'source-name': 'oracle-data01.daily-2026-11-25'}


def test_refs_match_the_listing_name_key():
    for entries in (VOLUMES, SNAPSHOTS):
        for entry in entries:
            ref = {'source-name': entry['reference']['name']}
            assert PROFILE.can_compare(ref, entry['reference'])
            assert [other for other in entries if PROFILE.matches(ref, other['reference'])] == [entry]
    assert not PROFILE.matches({'source-name': 'oracle-data01'}, {'source-id': 'oracle-data01'})
    assert PROFILE.matches({'name': 'oracle-data01'}, {'name': 'oracle-data01'})
    assert not PROFILE.can_compare({'source-name': 'x'}, {'source-id': 'x'})


def test_rename_rule_matches_the_managed_listing_entry():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert managed['cinder_id'] == MANAGED_ID
    assert PROFILE.name_after_manage(MANAGED_ID) == 'volume-%s-cinder' % MANAGED_ID
    assert PROFILE.reference_after_manage({'source-name': 'oracle-data01'}, MANAGED_ID) == managed['reference']
    assert PROFILE.reference_after_manage({'source-name': 'vg-legacy/app-logs'}, MANAGED_ID) == managed['reference']
    assert PROFILE.reference_after_manage({'source-name': 'pod-a::x'}, MANAGED_ID) == {
        'name': 'pod-a::volume-%s-cinder' % MANAGED_ID}


def test_snapshot_rename_rule_needs_the_parent_name():
    managed = next(entry for entry in SNAPSHOTS if entry['cinder_id'])
    parent = PROFILE.name_after_manage(MANAGED_ID)
    assert PROFILE.snapshot_name_after_manage(managed['cinder_id'], parent) == managed['reference']['name']
    assert PROFILE.snapshot_name_after_manage(managed['cinder_id']) is None
    assert PROFILE.snapshot_parent_reference(MANAGED_ID) == managed['source_reference']


def test_detects_pure_pools():
    assert all(PROFILE.detect(pool['capabilities']) for pool in load_fixture('pure', 'get_pools.json')['pools'])
    assert not PROFILE.detect({'vendor_name': 'Pure'})


def test_unsafe_reasons_joined_by_the_driver_are_all_explained():
    text = PROFILE.explain_unsafe('Volume connected to host esx01 && Volume is deleted')
    assert 'Disconnect' in text and 'destroyed' in text
    assert 'realm' in PROFILE.explain_unsafe('Snapshot is in a realm.')
    assert PROFILE.explain_unsafe('') is None and PROFILE.explain_unsafe(None) is None
