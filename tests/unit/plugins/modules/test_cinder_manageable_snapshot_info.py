"""cinder_manageable_snapshot_info as Ansible runs it."""

from ansible_collections.stackadopt.cinder.plugins.modules import cinder_manageable_snapshot_info as module
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

HOST = 'testcloud@lvm-a#lvm-a'


def test_lists_snapshots_with_their_origin_volume(run_module, cinder):
    cinder.snapshot_listings[HOST] = load_fixture('snapshots', 'testcloud_lvm-a.json')['manageable-snapshots']
    volume = load_fixture('testcloud', 'volume.json')['volume']
    cinder.volumes[volume['id']] = volume
    code, listed = run_module(module, dict(host=HOST, _ansible_check_mode=True))
    assert code == 0 and listed['changed'] is False and listed['driver'] == 'lvm'
    origins = set(entry['source_volume_id'] for entry in listed['manageable_snapshots'])
    assert volume['id'] in origins
    code, safe = run_module(module, dict(host=HOST, safe_only=True))
    assert all(entry['safe_to_manage'] for entry in safe['manageable_snapshots'])
    assert safe['summary']['total'] == len(safe['manageable_snapshots'])


def test_a_driver_without_a_snapshot_listing_is_refused_with_the_way_out(run_module, cinder):
    for pool in cinder.pools:
        pool['capabilities'].pop('location_info', None)
    code, failed = run_module(module, dict(host=HOST, driver='ontap'))
    assert code == 1 and 'cannot list manageable snapshots' in failed['msg']
