"""NimbleProfile against pools shaped like HPE Nimble's Cinder drivers' (hand-built: fixtures/nimble)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.nimble import NimbleProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = NimbleProfile()
POOLS = load_fixture('nimble', 'get_pools.json')['pools']


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


def test_only_source_name():
    assert PROFILE.validate_ref({'source-name': 'erp01'}) == {'source-name': 'erp01'}
    assert 'valid keys: source-name' in refused(PROFILE.validate_ref, {'source-id': '0623f2c1'})
    assert 'manage_existing_snapshot' in refused(PROFILE.validate_snapshot_ref, {'source-name': 'snap'})


def test_rename_no_listing():
    assert PROFILE.name_after_manage('x') == 'volume-x'
    assert PROFILE.reference_after_manage({'source-name': 'erp01'}, 'x') == {'source-name': 'volume-x'}
    assert PROFILE.matches({'source-name': 'erp01'}, {'source-name': 'erp01'})
    assert not PROFILE.lists_volumes and not PROFILE.lists_snapshots and PROFILE.unsafe_reasons == {}


def test_detection():
    assert all(PROFILE.detect(pool['capabilities']) for pool in POOLS)
    assert not PROFILE.detect({'vendor_name': 'Hewlett Packard Enterprise'})
