"""A backend with more objects than Cinder's listing can return in time (issue #14): the report playbook and the
info module answer in seconds through the storage host's listing, and the Cinder-only path fails fast, naming the
cause (the RPC timeout), the knob (rpc_response_timeout) and the way out (the storage host's listing).

Needs the test cloud at Cinder's default rpc_response_timeout (60 s), as `make test` runs it.
"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
HOST_B = 'testcloud@lvm-b#lvm-b'
COUNT = 1200     # about 75 ms each in Cinder's LVM driver: some 90 s, well past the 60 s RPC timeout


def tc(*args):
    return subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True, check=True, timeout=600)


@pytest.fixture
def crowded_backend(testcloud_exports):
    """lvm-b with COUNT more LVs, made in one go; removed in one go afterwards."""
    status = subprocess.run([TESTCLOUD, 'status'], capture_output=True, text=True, timeout=600, check=False).stdout
    assert "rpc_response_timeout = Cinder's default (60 s)" in status, (
        'this test needs the test cloud at the default rpc_response_timeout '
        '(tests/cloud/testcloud up --rpc-response-timeout default)')
    prefix = 'crowd%s_' % uuid.uuid4().hex[:6]
    tc('lv-create', 'lvm-b', '--count', str(COUNT), '--prefix', prefix, '--size', '4M')
    yield prefix
    tc('lv-remove', 'lvm-b', '--prefix', prefix)


def run_playbook(cloud_env, testcloud_exports, tmp_path, playbook, extra):
    inventory = {'all': {'children': {'cinder_storage': {'hosts': {'storage-b': {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
        'stackadopt_cinder_node': 'testcloud', 'stackadopt_backend': 'lvm-b', 'stackadopt_lvm_vg': 'stackadopt-b',
        'stackadopt_lvm_environment': {'LVM_SYSTEM_DIR': testcloud_exports['LVM_SYSTEM_DIR'],
                                       'LVM_SUPPRESS_FD_WARNINGS': '1'}}}}}}}
    path = tmp_path / 'inventory.json'
    path.write_text(json.dumps(inventory))
    extra = dict({'stackadopt_cloud': 'stackadopt-admin', 'stackadopt_report_dir': str(tmp_path)}, **extra)
    started = time.monotonic()
    result = subprocess.run(['ansible-playbook', '-i', str(path), playbook, '-e', json.dumps(extra)], env=cloud_env,
                            capture_output=True, text=True, timeout=900, check=False)
    return result, time.monotonic() - started


def test_a_crowded_backend_is_reported_in_seconds_and_the_cinder_path_fails_fast(
        cloud_env, testcloud_exports, tmp_path, crowded_backend):
    run, seconds = run_playbook(cloud_env, testcloud_exports, tmp_path, 'stackadopt.cinder.report', {})
    assert run.returncode == 0, run.stdout[-5000:]
    report = json.loads((tmp_path / 'manageable.json').read_text())
    host = report['hosts']['storage-b']
    assert host['error'] is None and host['summary']['total'] >= COUNT
    assert sum(1 for item in host['objects'] if item['name'].startswith(crowded_backend)) == COUNT
    assert seconds < 60, seconds

    run, seconds = run_playbook(cloud_env, testcloud_exports, tmp_path, 'stackadopt.cinder.report',
                                {'stackadopt_listing_source': 'cinder'})
    assert run.returncode != 0
    error = json.loads((tmp_path / 'manageable.json').read_text())['hosts']['storage-b']['error']
    assert 'RPC timeout' in error and 'rpc_response_timeout' in error and 'storage_host' in error, error
    assert seconds < 150, seconds      # one Cinder timeout, not three (the retries of a 60-second failure)
