"""HitachiProfile against pools shaped like Hitachi VSP's (HBSD) Cinder drivers' (hand-built: fixtures/hitachi)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.hitachi import HitachiProfile, ldev_number
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = HitachiProfile()
POOLS = dict((pool['name'], pool['capabilities']) for pool in load_fixture('hitachi', 'get_pools.json')['pools'])
REPLICATED = POOLS['controller@vsp-rep#vsp-rep']
VOLUME_ID = '8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d'


def refused(call, ref, *args):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref, *args)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


@pytest.mark.parametrize('value, number', [('4660', 4660), ('00:12:34', 0x1234), ('0A:Bc:dE', 0xabcde), ('x', None),
                                           ('12:34', None), ('', None)])
def test_ldev_numbers_as_str2int_reads_them(value, number):
    assert ldev_number(value) == number


def test_refs():
    assert PROFILE.ref_keys == ('source-name', 'source-id')
    assert PROFILE.validate_ref({'source-id': '00:12:34'}) == {'source-id': '00:12:34'}
    assert PROFILE.validate_ref({'source-name': 'erpdata01'}) == {'source-name': 'erpdata01'}
    assert PROFILE.validate_ref({'source-name': VOLUME_ID}) == {'source-name': VOLUME_ID}


def test_bad_refs():
    msg = refused(PROFILE.validate_ref, {'source-id': 'ldev-12'})
    assert 'ref.source-id' in msg and "'XX:XX:XX'" in msg
    msg = refused(PROFILE.validate_ref, {'source-name': 'erp-data-01'})
    assert "'erpdata01'" in msg and 'source-id' in msg
    assert 'Give one of them' in refused(PROFILE.validate_ref, {'source-name': 'a', 'source-id': '1'})
    assert 'valid keys' in refused(PROFILE.validate_ref, {'ldev': '1'})


def test_a_replicating_backend_takes_only_the_ldev_number():
    assert PROFILE.validate_ref_on_pool({'source-id': '4660'}, REPLICATED) == {'source-id': '4660'}
    msg = refused(PROFILE.validate_ref_on_pool, {'source-name': 'erpdata01'}, REPLICATED)
    assert 'replication_device' in msg and 'source-id' in msg
    assert PROFILE.validate_ref_on_pool({'source-name': 'erpdata01'}, POOLS['controller@vsp-fc#vsp-fc']) == {
        'source-name': 'erpdata01'}


def test_no_snapshots_no_listing():
    assert PROFILE.snapshot_ref_keys == ()
    assert 'manage_existing_snapshot' in refused(PROFILE.validate_snapshot_ref, {'source-id': '1'})
    assert not PROFILE.lists_volumes and not PROFILE.lists_snapshots and PROFILE.unsafe_reasons == {}


def test_relabel_after_manage():
    assert PROFILE.name_after_manage(VOLUME_ID) == '8b7a6c5d4e3f4a2b9c1d0e9f8a7b6c5d'
    assert PROFILE.reference_after_manage({'source-name': 'erpdata01'}, VOLUME_ID) == {
        'source-name': '8b7a6c5d4e3f4a2b9c1d0e9f8a7b6c5d'}
    assert PROFILE.reference_after_manage({'source-id': '4660'}, VOLUME_ID) == {'source-id': '4660'}


def test_matching_compares_as_the_driver_reads():
    assert PROFILE.matches({'source-id': '4660'}, {'source-id': '00:12:34'})
    assert PROFILE.matches({'source-name': VOLUME_ID}, {'source-name': VOLUME_ID.replace('-', '')})
    assert not PROFILE.matches({'source-id': '4661'}, {'source-id': '00:12:34'})


def test_detection_and_container():
    assert all(PROFILE.detect(caps) for caps in POOLS.values())
    assert PROFILE.container(POOLS['controller@xp8-fc#xp8-fc']) == '830000654321'
    fc = POOLS['controller@vsp-fc#vsp-fc']
    assert not PROFILE.detect(dict(fc, location_info='HPE3PARDriver:1:cpg'))
    assert not PROFILE.detect(dict(fc, vendor_name='Pure Storage'))
