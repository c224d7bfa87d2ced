"""The adoption_report action plugin: the report files it writes on the controller, when it reports a change, what
it assembles from the hosts' results, and its refusals."""

import json
import os
from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleActionFail
from ansible.playbook.task import Task

from ansible_collections.stackadopt.cinder.plugins.action.adoption_report import ActionModule

REPORT = {'action': 'adopt', 'generated_at': '2026-11-27T01:02:03Z', 'totals': {'hosts': 1, 'adopted': 2},
          'hosts': {'stor01': {'counts': {'adopted': 2}, 'volumes': []}}}


def run_action(task_vars=None, check_mode=False, **args):
    task = Task()
    task.args = args
    task.check_mode = check_mode
    # The plugin never touches the target: a connection with no remote temporary directory is all it needs.
    connection = SimpleNamespace(_shell=SimpleNamespace(tmpdir=None))
    action = ActionModule(task, connection=connection, play_context=None, loader=None, templar=None,
                          shared_loader_obj=None)
    return action.run(task_vars=task_vars or {})


def test_writes_the_json_markdown_and_history_files(tmp_path):
    result = run_action(dir=str(tmp_path), name='adopt', report=REPORT, markdown='# adopt\n', history=True)
    # New files: a change (issue #13: the action reports changed when a report file's content changed).
    assert result['changed'] is True
    assert result['paths'] == {'json': str(tmp_path / 'adopt.json'), 'markdown': str(tmp_path / 'adopt.md'),
                               'history': str(tmp_path / 'history' / 'adopt-2026-11-27T010203Z.json')}
    written = (tmp_path / 'adopt.json').read_text()
    assert json.loads(written) == REPORT
    assert written == json.dumps(REPORT, indent=2, sort_keys=True) + '\n'
    assert (tmp_path / 'history' / 'adopt-2026-11-27T010203Z.json').read_text() == written
    assert (tmp_path / 'adopt.md').read_text() == '# adopt\n'
    assert oct(os.stat(str(tmp_path / 'adopt.json')).st_mode & 0o777) == '0o644'


def test_replaces_a_previous_report_and_leaves_no_partial_file(tmp_path):
    (tmp_path / 'adopt.json').write_text('old')
    run_action(dir=str(tmp_path), name='adopt', report=REPORT)
    assert json.loads((tmp_path / 'adopt.json').read_text()) == REPORT
    assert sorted(os.listdir(str(tmp_path))) == ['adopt.json']


def test_without_markdown_or_history_only_the_json_is_written(tmp_path):
    result = run_action(dir=str(tmp_path / 'new' / 'dir'), name='plan', report=REPORT)
    assert list(result['paths']) == ['json']
    assert os.listdir(str(tmp_path / 'new' / 'dir')) == ['plan.json']


def test_a_report_without_a_time_goes_to_an_undated_history_file(tmp_path):
    result = run_action(dir=str(tmp_path), name='adopt', report={'action': 'adopt'}, history=True)
    assert result['paths']['history'] == str(tmp_path / 'history' / 'adopt-undated.json')


@pytest.mark.parametrize('name', ['../adopt', 'sub/adopt', '.', '..', ''])
def test_a_name_with_a_directory_is_refused(tmp_path, name):
    with pytest.raises(AnsibleActionFail, match="must be a plain file name"):
        run_action(dir=str(tmp_path), name=name, report=REPORT)
    assert os.listdir(str(tmp_path)) == []


def test_an_unwritable_directory_is_a_clear_failure(tmp_path):
    blocker = tmp_path / 'file'
    blocker.write_text('not a directory')
    with pytest.raises(AnsibleActionFail, match="cannot write the report under '%s' on the controller" % blocker):
        run_action(dir=str(blocker), name='adopt', report=REPORT)


def test_unknown_options_are_refused(tmp_path):
    with pytest.raises(AnsibleActionFail, match='colour'):
        run_action(dir=str(tmp_path), name='adopt', report=REPORT, colour='red')


def test_a_re_run_with_the_same_outcome_is_no_change_but_another_outcome_is(tmp_path):
    run_action(dir=str(tmp_path), name='adopt', report=REPORT, markdown='Generated 2026-11-27T01:02:03Z.\n',
               history=True)
    later = dict(REPORT, generated_at='2026-11-28T00:00:00Z',
                 hosts={'stor01': {'counts': {'adopted': 2}, 'volumes': [{'status': 'adopted', 'at': 'x'}]}})
    same = dict(later, hosts={'stor01': {'counts': {'adopted': 2}, 'volumes': [{'status': 'adopted', 'at': 'y'}]}})
    first = run_action(dir=str(tmp_path), name='adopt', report=later, markdown='Generated 2026-11-28T00:00:00Z.\n',
                       history=True)
    assert first['changed'] is True and 'history' in first['paths']
    again = run_action(dir=str(tmp_path), name='adopt', report=same, markdown='Generated 2026-11-29T00:00:00Z.\n',
                       history=True)
    # Timestamps aside the files are the same: no change, no new history copy; the files carry the last run's time.
    assert again['changed'] is False and 'history' not in again['paths']
    assert json.loads((tmp_path / 'adopt.json').read_text()) == same
    assert (tmp_path / 'adopt.md').read_text() == 'Generated 2026-11-29T00:00:00Z.\n'
    assert sorted(os.listdir(str(tmp_path / 'history'))) == [
        'adopt-2026-11-27T010203Z.json', 'adopt-2026-11-28T000000Z.json']
    changed = run_action(dir=str(tmp_path), name='adopt', report=dict(same, totals={'hosts': 1, 'adopted': 3}))
    assert changed['changed'] is True


def test_check_mode_writes_only_the_plan(tmp_path):
    result = run_action(dir=str(tmp_path), name='adopt', report=REPORT, markdown='# plan\n', history=True,
                        check_mode=True)
    assert result['paths'] == {'json': str(tmp_path / 'adopt-plan.json'), 'markdown': str(tmp_path / 'adopt-plan.md')}
    assert sorted(os.listdir(str(tmp_path))) == ['adopt-plan.json', 'adopt-plan.md']


class FakeHostvars(dict):
    """hostvars as the action reads it: one mapping of variables per host."""


def play_vars(**per_host):
    return {'ansible_play_hosts_all': sorted(per_host), 'hostvars': FakeHostvars(per_host)}


def test_kind_adopt_assembles_the_report_from_the_hosts_results(tmp_path):
    task_vars = play_vars(
        stor01={'adopt_volumes_result': {'error': None, 'cinder_host': 'n@lvm#lvm', 'cluster': None, 'volumes': [
            {'source_name': 'lv_a', 'status': 'adopted', 'volume_id': 'v1', 'volume_name': 'a',
             'backend_name': 'volume-v1', 'size': 1, 'reason': None}], 'summary': {'excluded': 0}},
            'skipped_items': [{'source_name': 'lv_open', 'status': 'skipped', 'reason': 'preflight: LV is open'}]},
        stor02={})
    result = run_action(task_vars, dir=str(tmp_path), name='adopt', kind='adopt', extra_items_var='skipped_items',
                        snapshots_var='no_such_var', history=True)
    report = result['report']
    assert json.loads((tmp_path / 'adopt.json').read_text()) == report
    assert report['totals']['adopted'] == 1 and report['totals']['skipped'] == 1
    assert report['totals']['hosts_with_errors'] == 1 and 'snapshot_totals' not in report
    assert report['hosts']['stor02']['error'] == 'the host failed before the adopt call (see the play output)'
    assert result['messages']['stor01'] == ('stor01 (n@lvm#lvm): adopted=1, skipped=1 | adopted lv_a -> a | '
                                            'skipped lv_open (preflight: LV is open)')
    assert result['summary'] == ('adopt on 2 host(s): hosts_with_errors=1, adopted=1, skipped=1. Report: %s and %s'
                                 % (tmp_path / 'adopt.json', tmp_path / 'adopt.md'))
    assert (tmp_path / 'adopt.md').read_text().startswith('# stackadopt.cinder adopt report\n')
    assert sorted(result['paths']) == ['history', 'json', 'markdown']


def test_kind_release_in_check_mode_is_the_plan(tmp_path):
    task_vars = play_vars(stor01={'release_volumes_result': {'error': None, 'cinder_host': 'n@lvm#lvm', 'volumes': [
        {'source_name': 'lv_a', 'status': 'would_release', 'volume_id': 'v1'}]}})
    result = run_action(task_vars, check_mode=True, dir=str(tmp_path), name='release', kind='release', history=True)
    assert result['report']['check_mode'] is True and result['report']['totals']['would_release'] == 1
    assert sorted(os.listdir(str(tmp_path))) == ['release-plan.json', 'release-plan.md']
    assert result['summary'].startswith('release (check mode: plan only) on 1 host(s): would_release=1.')


def test_kind_inventory_totals_the_hosts(tmp_path):
    task_vars = play_vars(stor01={'adopt_volumes_inventory_result': {
        'cinder_host': 'n@lvm#lvm', 'cluster': None, 'error': None, 'objects': [],
        'summary': {'total': 2, 'safe': 1, 'unsafe': 1, 'managed': 0, 'unsafe_by_reason': {'volume in use': 1}}}})
    result = run_action(task_vars, dir=str(tmp_path), name='manageable', kind='inventory')
    assert result['report']['totals']['unsafe_by_reason'] == {'volume in use': 1}
    assert result['messages'] == {'stor01': 'stor01 (n@lvm#lvm): 2 object(s), 1 safe, 0 already managed, 1 unsafe '
                                            '{"volume in use": 1}'}
    assert sorted(os.listdir(str(tmp_path))) == ['manageable.json', 'manageable.md']


def test_kind_and_report_are_exclusive_and_one_is_needed(tmp_path):
    with pytest.raises(AnsibleActionFail, match='mutually exclusive'):
        run_action(dir=str(tmp_path), name='adopt', report=REPORT, kind='adopt')
    with pytest.raises(AnsibleActionFail, match='one of the following is required'):
        run_action(dir=str(tmp_path), name='adopt')
