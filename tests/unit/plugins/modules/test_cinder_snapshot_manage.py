"""cinder_snapshot_manage as Ansible runs it."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.modules import cinder_snapshot_manage as module
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

HOST = 'testcloud@lvm-a#lvm-a'


@pytest.fixture
def seeded(cinder):
    cinder.snapshot_listings[HOST] = load_fixture('snapshots', 'testcloud_lvm-a.json')['manageable-snapshots']
    volume = load_fixture('testcloud', 'volume.json')['volume']
    cinder.volumes[volume['id']] = volume
    return volume


def test_check_apply_again_and_release(run_module, cinder, seeded):
    args = dict(volume=seeded['id'], source_name='snap_recorded_pre', name='pre', _ansible_check_mode=True,
                _ansible_diff=True)
    code, plan = run_module(module, args)
    assert code == 0 and plan['changed'] is True and plan['snapshot']['id'] is None and 'diff' in plan
    assert set(plan['snapshot']) >= {'id', 'name', 'size', 'volume_id', 'status', 'metadata'}
    args.update(_ansible_check_mode=False)
    code, adopted = run_module(module, args)
    assert adopted['changed'] is True and adopted['snapshot']['status'] == 'available'
    assert set(adopted['snapshot']) == set(plan['snapshot'])
    code, again = run_module(module, args)
    assert again['changed'] is False
    code, released = run_module(module, dict(state='absent', id=adopted['snapshot']['id']))
    assert released['changed'] is True and cinder.snapshots == {}


def test_an_unknown_volume_fails_clearly(run_module, seeded):
    code, failed = run_module(module, dict(volume='nosuch', source_name='snap_recorded_pre'))
    assert code == 1 and "volume 'nosuch' is neither the ID nor the name" in failed['msg']
