"""OntapProfile against answers shaped like NetApp ONTAP's Cinder drivers'."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.ontap import OntapProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = OntapProfile()
LUN_UUID = '0b2a7f6e-3c1d-4e5f-8a9b-1c2d3e4f5a6b'
VOLUME_ID = '11111111-2222-4333-8444-555555555555'


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


@pytest.mark.parametrize('given, normalised', [
    ({'source-name': '/vol/cinder_vol1/lun_data'}, {'source-name': '/vol/cinder_vol1/lun_data'}),
    ({'source-name': '/vol/cinder_vol1/qtree1/lun_data'}, {'source-name': '/vol/cinder_vol1/qtree1/lun_data'}),
    ({'source-name': '/vol/cinder_vol1//lun_data'}, {'source-name': '/vol/cinder_vol1/lun_data'}),
    ({'source-id': LUN_UUID.upper()}, {'source-id': LUN_UUID}),
    ({'source-name': '/vol/v/l', 'source-id': LUN_UUID}, {'source-name': '/vol/v/l', 'source-id': LUN_UUID}),
    ({'source-name': '10.10.32.1:/openstack/vol_to_manage'}, {'source-name': '10.10.32.1:/openstack/vol_to_manage'}),
    ({'source-name': 'filer.example.com:/openstack/dir//vol'}, {'source-name': 'filer.example.com:/openstack/dir/vol'}),
])
def test_lun_and_nfs_refs(given, normalised):
    assert PROFILE.validate_ref(given) == normalised


@pytest.mark.parametrize('value', ['/vol/cinder_vol1', '/lun_data', '/vol/a/b/c/d', '/vol/cinder_vol1/lun/'])
def test_bad_lun_paths_are_refused(value):
    msg = refused(PROFILE.validate_ref, {'source-name': value})
    assert 'ref.source-name' in msg and '/vol/<flexvol>/<lun>' in msg and 'source-id' in msg


@pytest.mark.parametrize('value', ['lun_data', '10.10.32.1:/openstack', '10.10.32.1:openstack/vol', 'h:/a/b/'])
def test_refs_of_neither_form_are_refused(value):
    msg = refused(PROFILE.validate_ref, {'source-name': value})
    assert '/vol/<flexvol>/<lun>' in msg and '<server>:/<export>/<file>' in msg


def test_source_id_must_be_a_lun_uuid():
    msg = refused(PROFILE.validate_ref, {'source-id': 'lun_data'})
    assert 'ref.source-id' in msg and 'UUID' in msg


def test_source_id_does_not_go_with_an_nfs_file():
    msg = refused(PROFILE.validate_ref, {'source-name': '10.0.0.1:/exp/file', 'source-id': LUN_UUID})
    assert 'source-id' in msg and 'LUNs only' in msg


def test_snapshots_are_refused():
    assert PROFILE.snapshot_ref_keys == ()
    assert 'manage_existing_snapshot' in refused(PROFILE.validate_snapshot_ref, {'source-name': '/vol/v/l'})


def test_comparisons():
    assert PROFILE.matches({'source-id': LUN_UUID}, {'source-id': LUN_UUID.upper()})
    assert PROFILE.matches({'source-name': '/vol/v/l'}, {'source-name': '/vol/v//l'})
    assert not PROFILE.matches({'source-name': '/vol/v/l'}, {'source-id': LUN_UUID})
    assert not PROFILE.matches({'source-name': '/vol/v/l'}, {'source-name': 'garbage'})


def test_listing_is_always_empty():
    assert load_fixture('ontap', 'manageable_volumes.json') == {'manageable-volumes': []}


@pytest.mark.parametrize('ref, after', [
    ({'source-name': '/vol/cinder_vol1/lun_data'}, {'source-name': '/vol/cinder_vol1/volume-' + VOLUME_ID}),
    ({'source-name': '/vol/v/q/lun'}, {'source-name': '/vol/v/q/volume-' + VOLUME_ID}),
    ({'source-id': LUN_UUID}, {'source-id': LUN_UUID}),
    ({'source-name': '10.0.0.1:/exp/file.img'}, {'source-name': '10.0.0.1:/exp/volume-' + VOLUME_ID}),
])
def test_rename_rule(ref, after):
    assert PROFILE.name_after_manage(VOLUME_ID) == 'volume-' + VOLUME_ID
    assert PROFILE.reference_after_manage(ref, VOLUME_ID) == after


def test_detects_iscsi_fc_and_nfs_pools_but_not_nvme_or_asa_r2():
    assert all(PROFILE.detect(pool['capabilities']) for pool in load_fixture('ontap', 'get_pools.json')['pools'])
    unsupported = load_fixture('ontap', 'get_pools_unsupported.json')['pools']
    assert not any(PROFILE.detect(pool['capabilities']) for pool in unsupported)
    assert not PROFILE.detect({'vendor_name': 'NetApp'})


def test_no_listing_hence_no_unsafe_reasons():
    assert PROFILE.unsafe_reasons == {} and not PROFILE.lists_volumes and not PROFILE.lists_snapshots
