"""PowerFlexProfile against answers shaped like Dell PowerFlex's Cinder drivers' (hand-built: fixtures/powerflex)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.powerflex import PowerFlexProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = PowerFlexProfile()
POOLS = load_fixture('powerflex', 'get_pools.json')['pools']
VOLUMES = load_fixture('powerflex', 'manageable_volumes.json')['manageable-volumes']


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


def test_only_source_id():
    assert PROFILE.ref_keys == PROFILE.snapshot_ref_keys == ('source-id',)
    assert PROFILE.validate_ref({'source-id': ' d3a5b7c800000004 '}) == {'source-id': 'd3a5b7c800000004'}
    assert PROFILE.validate_snapshot_ref({'source-id': 'd3a5b7ca00000002'}) == {'source-id': 'd3a5b7ca00000002'}
    for call in (PROFILE.validate_ref, PROFILE.validate_snapshot_ref):
        assert 'valid keys: source-id' in refused(call, {'source-name': 'app-data'})


@pytest.mark.parametrize('value', ['pool1/app-data', 'app data', 'd3a5?x', 'a#b', '50%'])
def test_ids_that_would_change_the_rest_url_are_refused(value):
    msg = refused(PROFILE.validate_ref, {'source-id': value})
    assert 'ref.source-id' in msg and 'REST URL' in msg and "'d3a5b7c800000004'" in msg


def test_listing_entries_match_by_source_id():
    for entry in VOLUMES:
        ref = PROFILE.validate_ref({'source-id': entry['reference']['source-id']})
        assert PROFILE.can_compare(ref, entry['reference'])
        assert [other for other in VOLUMES if PROFILE.matches(ref, other['reference'])] == [entry]


def test_no_rename():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert PROFILE.name_after_manage(managed['cinder_id']) is None
    assert PROFILE.reference_after_manage({'source-id': 'd3a5b7c900000001'}, managed['cinder_id']) == \
        managed['reference']


def test_unsafe_reasons():
    assert 'Unmap it' in PROFILE.explain_unsafe('Volume mapped to 2 host(s).')
    assert 'provider_id' in PROFILE.explain_unsafe('Volume already managed.')
    for entry in VOLUMES:
        assert (PROFILE.explain_unsafe(entry['reason_not_safe']) is None) == entry['safe_to_manage']


def test_only_volumes_are_listed():
    assert PROFILE.lists_volumes and not PROFILE.lists_snapshots
    assert 'storage pools' in PROFILE.listing_omits


def test_detection():
    assert all(PROFILE.detect(pool['capabilities']) for pool in POOLS)
    caps = dict(POOLS[0]['capabilities'])
    assert not PROFILE.detect(dict(caps, pool_name='pool1'))
    assert not PROFILE.detect(dict(caps, storage_protocol='iSCSI'))
    assert not PROFILE.detect(dict(caps, location_info='x#y#z'))
