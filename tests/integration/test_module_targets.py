"""Run each module's integration target (tests/integration/targets/<module>) against the real test cloud."""

import json
import os
import subprocess
import sys
import uuid

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TESTCLOUD = os.path.join(ROOT, 'tests', 'cloud', 'testcloud')
TARGETS = sorted(os.listdir(os.path.join(HERE, 'targets')))

pytestmark = pytest.mark.integration


@pytest.mark.parametrize('target', TARGETS)
def test_target(target, cloud_env, tmp_path):
    playbook = tmp_path / 'run.yml'
    playbook.write_text(json.dumps([{
        'name': 'integration target %s' % target,
        'hosts': 'localhost',
        'gather_facts': False,
        'module_defaults': {'group/stackadopt.cinder.cinder': {'cloud': 'stackadopt-admin'}},
        'vars': {
            'prefix': 'it%s_' % uuid.uuid4().hex[:6],
            'testcloud': TESTCLOUD,
            'oob': '%s %s' % (sys.executable, os.path.join(ROOT, 'tests', 'support', 'raw_cinder.py')),
            'host_a': 'testcloud@lvm-a#lvm-a',
            'host_b': 'testcloud@lvm-b#lvm-b',
            # The modules need openstacksdk: run them with the interpreter that runs Ansible.
            'ansible_python_interpreter': '{{ ansible_playbook_python }}',
        },
        'tasks': [{'name': 'run the target', 'ansible.builtin.include_tasks':
                   os.path.join(HERE, 'targets', target, 'tasks', 'main.yml')}],
    }]))
    result = subprocess.run(['ansible-playbook', '-i', 'localhost,', '-c', 'local', str(playbook)],
                            env=cloud_env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
