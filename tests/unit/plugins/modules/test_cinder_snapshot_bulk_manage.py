"""cinder_snapshot_bulk_manage as Ansible runs it."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.modules import cinder_snapshot_bulk_manage as module
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

HOST = 'testcloud@lvm-a#lvm-a'


@pytest.fixture
def seeded(cinder):
    cinder.snapshot_listings[HOST] = load_fixture('snapshots', 'testcloud_lvm-a.json')['manageable-snapshots']
    volume = load_fixture('testcloud', 'volume.json')['volume']
    cinder.volumes[volume['id']] = volume
    return volume


def statuses(result):
    return sorted((entry['source_name'], entry['status']) for entry in result['snapshots'])


def test_select_plans_adopts_and_is_idempotent(run_module, cinder, seeded):
    args = dict(host=HOST, volumes=[seeded['id']], select={'include': ['.*']}, _ansible_check_mode=True)
    code, plan = run_module(module, args)
    assert code == 0 and statuses(plan) == [('snap_recorded_busy', 'skipped'), ('snap_recorded_pre', 'would_adopt')]
    assert cinder.writes() == []
    args['_ansible_check_mode'] = False
    code, adopted = run_module(module, args)
    assert statuses(adopted) == [('snap_recorded_busy', 'skipped'), ('snap_recorded_pre', 'adopted')]
    assert adopted['snapshots'][0]['origin'] or adopted['snapshots'][1]['origin']
    code, again = run_module(module, args)
    assert again['changed'] is False and ('snap_recorded_pre', 'already_managed') in statuses(again)
    code, released = run_module(module, dict(host=HOST, state='absent', select={'include': ['.*']}))
    assert released['summary']['released'] == 1 and cinder.snapshots == {}


def test_explicit_snapshots_and_planned_origins(run_module, cinder, seeded):
    code, result = run_module(module, dict(host=HOST, snapshots=[
        {'volume': seeded['id'], 'source_name': 'snap_recorded_pre', 'name': 'before'}]))
    assert code == 0 and result['snapshots'][0]['snapshot_name'] == 'before'
    code, failed = run_module(module, dict(host=HOST, snapshots=[{'source_name': 'x'}]))
    assert code == 1 and 'snapshots[0].volume is missing' in failed['msg']


def test_nothing_selected_is_a_clear_error(run_module):
    code, failed = run_module(module, dict(host=HOST))
    assert code == 1 and 'Nothing selected' in failed['msg']
