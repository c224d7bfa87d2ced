"""The adoption_report action plugin: the report files it writes on the controller, and its refusals."""

import json
import os
from types import SimpleNamespace

import pytest
from ansible.errors import AnsibleActionFail
from ansible.playbook.task import Task

from ansible_collections.stackadopt.cinder.plugins.action.adoption_report import ActionModule

REPORT = {'action': 'adopt', 'generated_at': '2026-11-27T01:02:03Z', 'totals': {'hosts': 1, 'adopted': 2},
          'hosts': {'stor01': {'counts': {'adopted': 2}, 'volumes': []}}}


def run_action(**args):
    task = Task()
    task.args = args
    # The plugin never touches the target: a connection with no remote temporary directory is all it needs.
    connection = SimpleNamespace(_shell=SimpleNamespace(tmpdir=None))
    action = ActionModule(task, connection=connection, play_context=None, loader=None, templar=None,
                          shared_loader_obj=None)
    return action.run(task_vars={})


def test_writes_the_json_markdown_and_history_files(tmp_path):
    result = run_action(dir=str(tmp_path), name='adopt', report=REPORT, markdown='# adopt\n', history=True)
    assert result['changed'] is False
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
