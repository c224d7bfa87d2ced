"""InfinidatProfile against answers shaped like the InfiniBox Cinder driver's (hand-built: fixtures/infinidat)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.infinidat import InfinidatProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = InfinidatProfile()
POOLS = load_fixture('infinidat', 'get_pools.json')['pools']
VOLUMES = load_fixture('infinidat', 'manageable_volumes.json')['manageable-volumes']
SNAPSHOTS = load_fixture('infinidat', 'manageable_snapshots.json')['manageable-snapshots']


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


def test_refs():
    assert PROFILE.validate_ref({'source-name': 'erp-prod-01'}) == {'source-name': 'erp-prod-01'}
    assert PROFILE.validate_ref({'source-id': 35591}) == {'source-id': '35591'}
    assert PROFILE.validate_snapshot_ref({'source-id': '35612'}) == {'source-id': '35612'}
    # A listing reference (both keys) is a valid ref as it stands.
    assert PROFILE.validate_ref(VOLUMES[0]['reference']) == VOLUMES[0]['reference']


def test_bad_refs():
    msg = refused(PROFILE.validate_ref, {'source-id': 'erp-prod-01'})
    assert 'ref.source-id' in msg and 'numeric ID' in msg
    assert 'valid keys' in refused(PROFILE.validate_snapshot_ref, {'name': 'x'})


def test_listing_entries_match_by_each_key():
    for entries in (VOLUMES, SNAPSHOTS):
        for entry in entries:
            for key in ('source-name', 'source-id'):
                ref = {key: entry['reference'][key]}
                assert PROFILE.can_compare(ref, entry['reference'])
                assert [other for other in entries if PROFILE.matches(ref, other['reference'])] == [entry]
    erp = next(entry for entry in VOLUMES if entry['reference']['source-name'] == 'erp-prod-01')
    # Both keys given must both agree (the driver would look up the ID).
    assert not PROFILE.matches({'source-name': 'erp-prod-01', 'source-id': '35592'}, erp['reference'])


def test_rename_rules_match_the_managed_entries():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert PROFILE.name_after_manage(managed['cinder_id']) == managed['reference']['source-name']
    assert PROFILE.reference_after_manage({'source-id': '35601'}, managed['cinder_id']) == managed['reference']
    managed_snap = next(entry for entry in SNAPSHOTS if entry['cinder_id'])
    assert PROFILE.snapshot_name_after_manage(managed_snap['cinder_id']) == managed_snap['reference']['source-name']
    parent = PROFILE.snapshot_parent_reference(managed['cinder_id'])
    assert PROFILE.matches(parent, managed_snap['source_reference'])


def test_unsafe_reasons():
    for entry in VOLUMES + SNAPSHOTS:
        assert (PROFILE.explain_unsafe(entry['reason_not_safe']) is None) == entry['safe_to_manage']
    assert 'Unmap' in PROFILE.explain_unsafe('volume has mappings')
    assert 'cloned' in PROFILE.explain_unsafe('snapshot has clones')


def test_detection_and_container():
    caps = POOLS[0]['capabilities']
    assert PROFILE.detect(caps) and PROFILE.container(caps) == 'cinder_pool'
    assert not PROFILE.detect(dict(caps, vendor_name='Infinidat'))
    assert 'infinidat_pool_name' in PROFILE.listing_omits


def test_a_cinder_id_left_in_metadata_is_not_a_managed_volume():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert PROFILE.listed_cinder_id(managed) == managed['cinder_id']
    safe = next(entry for entry in VOLUMES if entry['safe_to_manage'])
    stale = dict(safe, cinder_id='0d9c8b7a-6f5e-4d3c-8b2a-190817263544')
    assert stale['safe_to_manage'] and PROFILE.listed_cinder_id(stale) is None
