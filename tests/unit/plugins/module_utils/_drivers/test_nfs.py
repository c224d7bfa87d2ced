"""NFSProfile against answers shaped like Cinder's NFS driver's (stock, and with the remotefs manage mixin)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.nfs import NFSProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

PROFILE = NFSProfile()
VOLUMES = load_fixture('nfs', 'manageable_volumes_remotefs.json')['manageable-volumes']
SHARE = '192.168.122.10:/srv/nfs/cinder'


def refused(call, ref):
    with pytest.raises(CinderAdoptError) as caught:
        call(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


@pytest.mark.parametrize('given, normalised', [
    (SHARE + '/web01.qcow2', SHARE + '/web01.qcow2'),
    (SHARE + '//web01.qcow2', SHARE + '/web01.qcow2'),
    (SHARE + '/imported/./db01.raw', SHARE + '/imported/db01.raw'),
    ('nfs1.example.com:/export/vols/appliance.vmdk', 'nfs1.example.com:/export/vols/appliance.vmdk'),
    ('[fd00::10]:/export/vols/disk.raw', '[fd00::10]:/export/vols/disk.raw'),
])
def test_share_file_refs(given, normalised):
    assert PROFILE.validate_ref({'source-name': given}) == {'source-name': normalised}


@pytest.mark.parametrize('value', ['web01.qcow2', '/srv/nfs/cinder/web01.qcow2', '192.168.122.10:srv/web01.qcow2'])
def test_refs_without_server_and_absolute_path_are_refused(value):
    msg = refused(PROFILE.validate_ref, {'source-name': value})
    assert 'ref.source-name' in msg and '<server>:/<export>/<file>' in msg and 'nfs_shares_config' in msg


@pytest.mark.parametrize('value', [SHARE + '/', '192.168.122.10:/srv', SHARE + '/imported/'])
def test_shares_and_directories_are_refused(value):
    assert 'not a file on a share' in refused(PROFILE.validate_ref, {'source-name': value})


def test_source_id_and_snapshots_are_refused():
    assert 'valid keys: source-name' in refused(PROFILE.validate_ref, {'source-id': 'x'})
    assert PROFILE.snapshot_ref_keys == ()
    assert 'manage_existing_snapshot' in refused(PROFILE.validate_snapshot_ref, {'source-name': SHARE + '/a'})


def test_user_spelling_matches_the_listing_of_a_trailing_slash_share():
    ref = PROFILE.validate_ref({'source-name': SHARE + '/imported/db01.raw'})
    assert [entry['size'] for entry in VOLUMES if PROFILE.matches(ref, entry['reference'])] == [50]


def test_hostnames_are_not_resolved():
    ref = PROFILE.validate_ref({'source-name': 'nfs1:/export/vols/appliance.vmdk'})
    assert not any(PROFILE.matches(ref, entry['reference']) for entry in VOLUMES)


def test_every_listed_reference_validates_and_matches_only_itself():
    for entry in VOLUMES:
        ref = PROFILE.validate_ref(entry['reference'])
        assert [other for other in VOLUMES if PROFILE.matches(ref, other['reference'])] == [entry]


def test_file_moves_to_the_share_root_as_volume_id():
    managed = next(entry for entry in VOLUMES if entry['cinder_id'])
    assert PROFILE.name_after_manage(managed['cinder_id']) == 'volume-' + managed['cinder_id']
    after = PROFILE.reference_after_manage({'source-name': SHARE + '/web01.qcow2'}, managed['cinder_id'])
    assert after == {'source-name': SHARE + '/volume-' + managed['cinder_id']}
    assert PROFILE.matches(after, managed['reference'])


def test_stock_driver_lists_nothing():
    assert load_fixture('nfs', 'manageable_volumes_stock.json') == {'manageable-volumes': []}


def test_detects_the_generic_nfs_pool_only():
    assert all(PROFILE.detect(pool['capabilities']) for pool in load_fixture('nfs', 'get_pools.json')['pools'])
    assert PROFILE.detect({'vendor_name': 'Open Source', 'storage_protocol': ['NFS', 'nfs']})
    # A derived driver that reports a location_info is not the generic one.
    assert not PROFILE.detect({'vendor_name': 'Open Source', 'storage_protocol': 'nfs', 'location_info': 'X:/a'})
    others = [load_fixture(*name)['pools'] for name in (('generic', 'get_pools.json'), ('ontap', 'get_pools.json'),
                                                        ('lvm', 'get_pools.json'), ('rbd', 'get_pools.json'))]
    assert not any(PROFILE.detect(pool['capabilities']) for pools in others for pool in pools)


def test_unsafe_reasons():
    assert 'raw nor qcow2' in PROFILE.explain_unsafe("Unsupported image format: 'vmdk'.")
    assert 'Flatten' in PROFILE.explain_unsafe('Backing file present.')
    assert 'qemu-img info' in PROFILE.explain_unsafe('Failed to get size.')
