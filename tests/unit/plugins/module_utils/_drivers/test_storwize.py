"""StorwizeProfile against pools shaped like IBM Storwize/SVC's Cinder drivers' (hand-built: fixtures/storwize)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.storwize import StorwizeProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = StorwizeProfile()
POOLS = load_fixture('storwize', 'get_pools.json')['pools']
UID = '600507680C8100F7A000000000000012'


def refused(ref):
    with pytest.raises(CinderAdoptError) as caught:
        PROFILE.validate_ref(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


@pytest.mark.parametrize('given, normalised', [
    ({'source-name': 'vdisk_erp01'}, {'source-name': 'vdisk_erp01'}),
    ({'source-id': UID}, {'source-id': UID}),
    ({'source-name': 'erp 01'}, {'source-name': 'erp 01'}),
    ({'source-name': 'vdisk_erp01', 'manage_if_in_use': True},
     {'source-name': 'vdisk_erp01', 'manage_if_in_use': True}),
    ({'source-id': UID, 'manage_if_in_use': 'false'}, {'source-id': UID, 'manage_if_in_use': False}),
    ({'source-id': UID, 'manage_if_in_use': 'yes'}, {'source-id': UID, 'manage_if_in_use': True}),
])
def test_refs(given, normalised):
    assert PROFILE.validate_ref(given) == normalised


@pytest.mark.parametrize('ref, expected', [
    ({'source-name': 'erp;reboot'}, 'SSH command line'),
    ({'source-name': 'erp"01'}, 'SSH command line'),
    ({'source-id': '6005 0768'}, 'blanks'),
    ({'source-name': 'a', 'source-id': UID}, 'Give one of them'),
    ({'manage_if_in_use': True}, 'add source-name'),
    ({'source-name': 'a', 'manage_if_in_use': 'sometimes'}, 'not a boolean'),
    ({'vdisk': 'a'}, 'valid keys: source-name, source-id'),
])
def test_bad_refs(ref, expected):
    assert expected in refused(ref)


def test_no_snapshots_no_listing():
    with pytest.raises(CinderAdoptError) as caught:
        PROFILE.validate_snapshot_ref({'source-name': 'snap'})
    assert 'manage_existing_snapshot' in caught.value.msg
    assert not PROFILE.lists_volumes and not PROFILE.lists_snapshots and PROFILE.unsafe_reasons == {}


def test_rename_and_matching():
    assert PROFILE.name_after_manage('1d2c3b4a-0000-4000-8000-00000000abcd') == \
        'volume-1d2c3b4a-0000-4000-8000-00000000abcd'
    assert PROFILE.reference_after_manage({'source-id': UID}, 'x') == {'source-id': UID}
    assert PROFILE.reference_after_manage({'source-name': 'a'}, 'x') == {'source-name': 'volume-x'}
    ref = PROFILE.validate_ref({'source-name': 'vdisk_erp01', 'manage_if_in_use': True})
    assert PROFILE.matches(ref, {'source-name': 'vdisk_erp01'})


def test_detection_and_container():
    assert all(PROFILE.detect(pool['capabilities']) for pool in POOLS)
    assert [PROFILE.container(pool['capabilities']) for pool in POOLS] == ['Pool0', 'DRP_1']
    assert not PROFILE.detect(dict(POOLS[0]['capabilities'], location_info='GPFSDriver:1:/gpfs0'))
