"""The roles with storage_host_type rbd, against the REAL test cloud: its Ceph node is the storage host.

Three RBD images are made; one is held open by a client (a watcher, as a running VM would be). The adopt playbook
runs with stackadopt_storage_type=rbd: the storage host's preflight lists the pool with `rbd ls -l` and reads the
watchers of the selected images with `rbd status`, and the bulk module adopts from that listing. Check mode, then for
real, then both again (changed=0), each verified out of band (`rbd ls`, Cinder via raw_cinder). A listing of
another pool is refused before any write. The release playbook then unmanages them; the images stay.

    ~/.cache/stackadopt-testcloud/venv-tools/bin/python -m pytest tests/integration/test_rbd_storage_host.py -q -s
"""

import json
import os
import re
import subprocess
import sys
import time
import uuid

import pytest

openstack = pytest.importorskip('openstack')
import raw_cinder  # noqa: E402 - tests/support (tests/conftest.py puts it on sys.path)
from ceph_client import ceph_client, rbd_args  # noqa: E402 - tests/support too

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
BIN = os.path.dirname(sys.executable)
# Holds an image open read-write, as a hypervisor does: librbd then watches its header (`rbd status` shows it).
# Debian's python3-rbd (the test cloud installs it with Ceph) serves the system Python.
HOLD_OPEN = '''
import sys, rados, rbd
conf, user, keyring, pool, image = sys.argv[1:]
cluster = rados.Rados(conffile=conf, rados_id=user, conf={'keyring': keyring})
cluster.connect()
ioctx = cluster.open_ioctx(pool)
opened = rbd.Image(ioctx, image)
print('open', flush=True)
sys.stdin.read()
opened.close(); ioctx.close(); cluster.shutdown()
'''


def _run(args, env=None, timeout=1800, **kwargs):
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False,
                          **kwargs)


def run_testcloud(*args):
    r = _run([TESTCLOUD] + list(args), stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        pytest.fail('testcloud %s failed (rc=%d):\n%s\n%s' % (' '.join(args), r.returncode, r.stdout, r.stderr))
    return r


def recap(stdout):
    out = {}
    for m in re.finditer(r'^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$', stdout, re.M):
        out[m.group(1)] = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(2))}
    return out


def _fail(r, what):
    return ('%s failed (rc=%d):\n--- stdout ---\n%s\n--- stderr ---\n%s'
            % (what, r.returncode, r.stdout[-15000:], r.stderr[-5000:]))


@pytest.fixture(scope='module')
def client(testcloud_exports, ceph_pool):
    return ceph_client(testcloud_exports)


@pytest.fixture(scope='module')
def admin(cloud_env, testcloud_exports, ceph_pool):
    os.environ.update({k: v for k, v in testcloud_exports.items() if k.startswith('OS_')})
    return raw_cinder.connect()


def rbd(client, *args):
    r = _run(['rbd'] + list(args) + ['--pool', client['pool']] + rbd_args(client), stdin=subprocess.DEVNULL,
             timeout=120)
    assert r.returncode == 0, 'rbd %s: %s' % (' '.join(args), r.stderr)
    return json.loads(r.stdout) if '--format' in args else r.stdout


def images(client):
    return set(rbd(client, 'ls', '--format', 'json'))


def adopted(admin, prefix):
    """Cinder volumes this collection adopted from an image named <prefix>*, by original name (all projects)."""
    return admin.adopted_volumes(prefix)


@pytest.fixture
def scenario(cloud_env, client, admin, tmp_path):
    prefix = 'sarbd%s_' % uuid.uuid4().hex[:8]
    names = {'a': prefix + 'a', 'b': prefix + 'b', 'busy': prefix + 'busy'}
    run_testcloud('rbd-create', names['a'], '1G')
    run_testcloud('rbd-create', names['b'], '2G')
    run_testcloud('rbd-create', names['busy'], '1G')
    holder = subprocess.Popen(['/usr/bin/python3', '-c', HOLD_OPEN, client['conf'], client['user'], client['keyring'],
                               client['pool'], names['busy']], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    report_dir = tmp_path / 'reports'
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(json.dumps({'all': {
        'vars': {'stackadopt_cloud': 'stackadopt-admin', 'stackadopt_api_delegate': 'localhost',
                 'stackadopt_report_dir': str(report_dir)},
        'children': {'cinder_storage': {'hosts': {'ceph-node': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
            'stackadopt_cinder_node': 'testcloud', 'stackadopt_backend': 'ceph', 'stackadopt_volume_type': 'ceph',
            'stackadopt_storage_type': 'rbd', 'stackadopt_rbd_pool': client['pool'],
            'stackadopt_rbd_ceph_conf': client['conf'], 'stackadopt_rbd_keyring': client['keyring'],
            'stackadopt_rbd_client_id': client['user'],
            'stackadopt_select': {'include': ['^' + prefix]},
        }}}}}}))

    def playbook(name, *extra):
        started = time.time()
        r = _run([os.path.join(BIN, 'ansible-playbook'), '-i', str(inventory), 'stackadopt.cinder.' + name]
                 + list(extra), env=cloud_env, stdin=subprocess.DEVNULL)
        r.recap = recap(r.stdout).get('ceph-node', {})
        print('%s %s: rc=%d %.1fs %s' % (name, ' '.join(extra), r.returncode, time.time() - started, r.recap))
        return r

    def report(name):
        return json.loads((report_dir / ('%s.json' % name)).read_text())['hosts']['ceph-node']

    ctx = type('Scenario', (), {})()
    ctx.prefix, ctx.names, ctx.playbook, ctx.report, ctx.holder = prefix, names, playbook, report, holder
    try:
        assert holder.stdout.readline().strip() == 'open', holder.stderr.read()
        yield ctx
    finally:
        if holder.poll() is None:
            holder.stdin.close()
            holder.wait(timeout=60)
        # Only what this test made: unmanage what is still managed (never delete in Cinder), then remove the images.
        leftovers = adopted(admin, prefix)
        for volume in leftovers.values():
            admin.unmanage_volume(volume['id'])
        admin.wait_gone([volume['id'] for volume in leftovers.values()])
        ours = set(names.values()) | set('volume-%s' % v['id'] for v in leftovers.values()) | set(
            getattr(ctx, 'renamed', []))
        for name in images(client) & ours:
            run_testcloud('rbd-remove', name)


def test_adopt_rbd_images_through_the_storage_host(scenario, client, admin):
    s = scenario
    a, b, busy = s.names['a'], s.names['b'], s.names['busy']
    s.renamed = []

    def ours():
        # The pool is shared with other tests: only this test's images count.
        return set(name for name in images(client) if name.startswith(s.prefix) or name in s.renamed)
    # out of band: the held image has a watcher, the others none
    assert rbd(client, 'status', '--format', 'json', '--image', busy)['watchers']
    assert not rbd(client, 'status', '--format', 'json', '--image', a)['watchers']
    before = ours()
    assert before == {a, b, busy}

    # --- check mode: the plan from the storage host's listing; nothing written ------------------------------------
    r = s.playbook('adopt', '--check')
    assert r.returncode == 0, _fail(r, 'adopt --check')
    assert 'pool %s: 2 candidate image(s) pass the preflight; blocked: %s;' % (client['pool'], busy) in r.stdout
    host = s.report('adopt-plan')
    assert sorted((v['source_name'], v['status']) for v in host['volumes']) == [
        (a, 'would_adopt'), (b, 'would_adopt'), (busy, 'skipped')]
    (skipped,) = [v for v in host['volumes'] if v['status'] == 'skipped']
    assert skipped['reason'].startswith('preflight: image is in use (1 watcher(s): '), skipped
    assert ours() == before and adopted(admin, s.prefix) == {}

    # --- for real ---------------------------------------------------------------------------------------------------
    r = s.playbook('adopt')
    assert r.returncode == 0, _fail(r, 'adopt')
    assert r.recap['changed'] >= 1
    assert '2 adopted image(s) carry their Cinder name (volume-<id>)' in r.stdout   # the RBD post-check ran
    host = s.report('adopt')
    vols = {v['source_name']: v for v in host['volumes']}
    assert {n: v['status'] for n, v in vols.items()} == {a: 'adopted', b: 'adopted', busy: 'skipped'}
    s.renamed = ['volume-%s' % vols[n]['volume_id'] for n in (a, b)]
    # out of band: Ceph renamed the images, Cinder holds them; the image in use is untouched
    now = ours()
    assert now == set(s.renamed) | {busy}
    in_cinder = adopted(admin, s.prefix)
    assert sorted(in_cinder) == [a, b]
    for name, volume in in_cinder.items():
        assert volume['id'] == vols[name]['volume_id'] and volume['status'] == 'available'
        assert volume['size'] == {a: 1, b: 2}[name]
        assert volume['metadata']['stackadopt_storage_host'] == 'ceph-node'

    # --- again, check mode then for real: nothing changes -----------------------------------------------------------
    for extra in (['--check'], []):
        r = s.playbook('adopt', *extra)
        assert r.returncode == 0, _fail(r, 'adopt %s (again)' % extra)
        assert r.recap['changed'] == 0, r.stdout[-5000:]
        host = s.report('adopt-plan' if extra else 'adopt')
        assert sorted((v['source_name'], v['status']) for v in host['volumes']) == [
            (a, 'already_managed'), (b, 'already_managed'), (busy, 'skipped')]
    assert ours() == now and sorted(adopted(admin, s.prefix)) == [a, b]

    # --- a listing of another pool is refused before any write ------------------------------------------------------
    other = [p for p in json.loads(_run(['ceph', '--conf', client['conf'], 'osd', 'pool', 'ls', '--format', 'json'],
                                        stdin=subprocess.DEVNULL).stdout) if p != client['pool']]
    assert other, 'the test cloud has no second Ceph pool to list'
    s.holder.stdin.close()
    s.holder.wait(timeout=60)   # the busy image is free now: only the pool check can stop it
    wrong = json.dumps({'stackadopt_rbd_pool': other[0], 'stackadopt_rbd_client_id': 'admin',
                        'stackadopt_rbd_keyring': client['admin_keyring'],
                        'stackadopt_volumes': [{'source_name': busy}], 'stackadopt_report_name': 'wrong-pool',
                        'stackadopt_api_retries': 0})
    r = s.playbook('adopt', '-e', wrong)
    assert r.returncode != 0, 'a listing of pool %s must be refused' % other[0]
    host = s.report('wrong-pool')
    assert "listing comes from '%s'" % other[0] in host['error'] and "serves '%s'" % client['pool'] in host['error']
    assert r.recap.get('changed', 0) == 0
    assert ours() == now and sorted(adopted(admin, s.prefix)) == [a, b]

    # --- release: unmanaged, the images stay (the post-check reads the pool) ----------------------------------------
    r = s.playbook('release')
    assert r.returncode == 0, _fail(r, 'release')
    assert '2 released image(s) are still in pool %s' % client['pool'] in r.stdout
    assert sorted(v['status'] for v in s.report('release')['volumes']) == ['released', 'released']
    assert adopted(admin, s.prefix) == {}
    assert ours() == now
