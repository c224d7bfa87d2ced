"""Run the collection's playbooks through ansible-runner's Python API, the way AWX runs a job template.

A private data dir holds the inventory (two storage hosts mapped to the test cloud's backends), extra vars and
env vars (OS_CLIENT_CONFIG_FILE, LVM_SYSTEM_DIR, ANSIBLE_COLLECTIONS_PATH); the job runs the playbook by FQCN
(stackadopt.cinder.adopt) against the REAL test cloud. Then the release playbook undoes it, the same way.

    ~/.cache/stackadopt-testcloud/venv-tools/bin/python -m pytest tests/integration/test_ansible_runner.py -x -q
"""

import json
import os
import subprocess
import sys
import uuid

import pytest

ansible_runner = pytest.importorskip('ansible_runner')
openstack = pytest.importorskip('openstack')
import raw_cinder  # noqa: E402 - tests/support (tests/conftest.py puts it on sys.path)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
BACKENDS = {'storage-a': ('lvm-a', 'stackadopt-a'), 'storage-b': ('lvm-b', 'stackadopt-b')}


def tc(*args):
    r = subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       timeout=1800, check=False)
    if r.returncode != 0:
        pytest.fail('testcloud %s failed (rc=%d):\n%s\n%s' % (' '.join(args), r.returncode, r.stdout, r.stderr))
    return r


def lv_names(backend):
    return set(lv['name'] for lv in json.loads(tc('lv-list', backend, '--json').stdout))


@pytest.fixture(scope='module')
def runner_exports(testcloud_exports):
    """Only the cloud's exports: the runner's private data dir gets its own env/envvars, as in AWX."""
    return dict(testcloud_exports)


@pytest.fixture
def sample_lvs(runner_exports):
    """runner_<id>_a1 on lvm-a and runner_<id>_b1 on lvm-b; afterwards whatever is left of them is released
    (never deleted through Cinder) and the LVs, under either name, are removed. The test adds to ``renamed``
    the volume-<id> names the driver gave them, which a release keeps on purpose."""
    prefix = 'runner_%s_' % uuid.uuid4().hex[:8]
    lvs = {'storage-a': prefix + 'a1', 'storage-b': prefix + 'b1'}
    renamed = {}
    for host, name in lvs.items():
        tc('lv-create', BACKENDS[host][0], name, '1G')
    yield prefix, lvs, renamed
    os.environ.update(runner_exports)
    cinder = raw_cinder.connect()
    for host, name in lvs.items():
        backend = BACKENDS[host][0]
        for volume in cinder.volumes(source=name):
            cinder.unmanage_volume(volume.id)
            cinder.wait_gone(volume.id, timeout=120)
            tc('lv-remove', backend, 'volume-%s' % volume.id)
        for leftover in (name, renamed.get(host)):
            if leftover and leftover in lv_names(backend):
                tc('lv-remove', backend, leftover)


def private_data_dir(tmp_path, runner_exports, prefix):
    """The layout AWX hands to ansible-runner: inventory/, env/extravars, env/envvars, project/."""
    pdd = tmp_path / 'runner'
    (pdd / 'inventory').mkdir(parents=True)
    (pdd / 'env').mkdir()
    (pdd / 'project').mkdir()
    hosts = {}
    for host, (backend, vg) in BACKENDS.items():
        hosts[host] = {'stackadopt_backend': backend, 'stackadopt_lvm_vg': vg, 'stackadopt_volume_type': backend}
    inventory = {'all': {'children': {'cinder_storage': {
        'hosts': hosts,
        'vars': {
            'ansible_connection': 'local',
            'ansible_python_interpreter': sys.executable,
            'stackadopt_cinder_node': 'testcloud',
            'stackadopt_lvm_environment': {'LVM_SYSTEM_DIR': runner_exports['LVM_SYSTEM_DIR'],
                                           'LVM_SUPPRESS_FD_WARNINGS': '1'},
        }}}}}
    (pdd / 'inventory' / 'hosts.json').write_text(json.dumps(inventory))
    # Survey-like extra vars, as an AWX job template would send them.
    extravars = {
        'stackadopt_target_group': 'cinder_storage',
        'stackadopt_cloud': 'stackadopt-admin',
        'stackadopt_select': {'include': ['^' + prefix]},
        'stackadopt_name_template': 'awx-{backend}-{name}',
        'stackadopt_metadata': {'job': 'runner-test'},
        'stackadopt_report_dir': str(tmp_path / 'reports'),
        # This job asks Cinder to list; the molecule scenarios cover the default, the storage host's listing.
        'stackadopt_listing_source': 'cinder',
    }
    (pdd / 'env' / 'extravars').write_text(json.dumps(extravars))
    envvars = dict(runner_exports)
    # tests/conftest.py points ANSIBLE_COLLECTIONS_PATH at a tree where stackadopt.cinder is this checkout.
    envvars['ANSIBLE_COLLECTIONS_PATH'] = os.environ['ANSIBLE_COLLECTIONS_PATH']
    envvars['PATH'] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', '')
    envvars['ANSIBLE_NOCOLOR'] = '1'
    (pdd / 'env' / 'envvars').write_text(json.dumps(envvars))
    return pdd


def run_job(pdd, playbook, ident):
    return ansible_runner.run(private_data_dir=str(pdd), playbook=playbook, ident=ident, quiet=True,
                              timeout=900)


def task_events(result, task):
    return [e for e in result.events
            if e.get('event') == 'runner_on_ok' and e.get('event_data', {}).get('task') == task]


def test_adopt_and_release_through_ansible_runner(tmp_path, runner_exports, sample_lvs):
    prefix, lvs, renamed = sample_lvs
    pdd = private_data_dir(tmp_path, runner_exports, prefix)

    adopt = run_job(pdd, 'stackadopt.cinder.adopt', 'adopt')
    output = adopt.stdout.read() if adopt.status != 'successful' else ''
    assert adopt.status == 'successful', output
    assert adopt.rc == 0
    stats = adopt.stats
    for host in BACKENDS:
        assert host not in stats['failures'] and host not in stats['dark'], stats
        assert stats['ok'][host] > 0
        assert stats['changed'].get(host) == 1, stats   # exactly the bulk manage call
    summaries = task_events(adopt, 'Show the summary of the run')
    assert len(summaries) == 1
    assert 'adopted=2' in summaries[0]['event_data']['res']['msg']
    per_host = task_events(adopt, 'Show the plan (check mode) or the outcome of each host')
    assert sorted(e['event_data']['host'] for e in per_host) == sorted(BACKENDS)
    report = json.loads((tmp_path / 'reports' / 'adopt.json').read_text())
    assert report['totals']['adopted'] == 2 and report['totals']['failed'] == 0
    assert (tmp_path / 'reports' / 'adopt.md').is_file()

    os.environ.update(runner_exports)
    cinder = raw_cinder.connect()
    adopted = {}
    for host, name in lvs.items():
        item = [v for v in report['hosts'][host]['volumes'] if v['source_name'] == name][0]
        volume = cinder.volume(item['volume_id'])
        assert volume.name == 'awx-%s-%s' % (BACKENDS[host][0], name)
        assert volume.metadata['job'] == 'runner-test'
        assert volume.volume_type == BACKENDS[host][0]
        assert 'volume-%s' % volume.id in lv_names(BACKENDS[host][0])
        adopted[host] = volume.id
        renamed[host] = 'volume-%s' % volume.id

    again = run_job(pdd, 'stackadopt.cinder.adopt', 'adopt-again')
    assert again.status == 'successful'
    assert not again.stats['changed'], again.stats   # idempotent

    release = run_job(pdd, 'stackadopt.cinder.release', 'release')
    assert release.status == 'successful', release.stdout.read()
    assert 'released=2' in task_events(release, 'Show the summary of the run')[0]['event_data']['res']['msg']
    for host, volume_id in adopted.items():
        assert cinder.volume(volume_id) is None
        assert 'volume-%s' % volume_id in lv_names(BACKENDS[host][0]), 'release must keep the LV'
