"""PowerStoreProfile: Cinder 29's PowerStore drivers manage nothing (pools hand-built: fixtures/powerstore)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.powerstore import PowerStoreProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = PowerStoreProfile()
POOLS = load_fixture('powerstore', 'get_pools.json')['pools']


@pytest.mark.parametrize('ref', [{'source-name': 'vol1'}, {'source-id': 'c0ffee00-0000-4000-8000-000000000001'}])
def test_every_ref_is_refused_with_the_reason(ref):
    for call, what in ((PROFILE.validate_ref, 'manage_existing'),
                       (PROFILE.validate_snapshot_ref, 'manage_existing_snapshot')):
        with pytest.raises(CinderAdoptError) as caught:
            call(ref)
        assert caught.value.details['field'] == 'ref'
        assert what in caught.value.msg and 'PowerStore' in caught.value.msg


def test_nothing_is_listed_or_renamed():
    assert PROFILE.ref_keys == PROFILE.snapshot_ref_keys == ()
    assert not PROFILE.lists_volumes and not PROFILE.lists_snapshots and PROFILE.unsafe_reasons == {}
    assert PROFILE.name_after_manage('x') is None


def test_detects_block_and_nfs_pools():
    assert all(PROFILE.detect(pool['capabilities']) for pool in POOLS)
    block = POOLS[0]['capabilities']
    assert not PROFILE.detect(dict(block, pool_name='pool_1'))
    assert not PROFILE.detect(dict((k, v) for k, v in block.items() if k != 'sparse_copy_volume'))
    assert not PROFILE.detect({'vendor_name': 'Dell', 'storage_protocol': 'iSCSI'})
