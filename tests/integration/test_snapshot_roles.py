"""The adopt_volumes / release_volumes roles with snapshots, against the REAL test cloud's Ceph RBD backend.

Two RBD images (one with an RBD snapshot) are adopted by `stackadopt.cinder.adopt` with stackadopt_adopt_snapshots
(check mode first, then for real, then again: changed=0), checked out of band (rbd-list, Cinder via raw_cinder),
then released by `stackadopt.cinder.release`: the snapshot before its volume (Cinder refuses to unmanage a volume
that still has snapshots, shown here with stackadopt_release_snapshots=false), and everything stays on Ceph.

    ~/.cache/stackadopt-testcloud/venv-tools/bin/python -m pytest tests/integration/test_snapshot_roles.py -q -s
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

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
BIN = os.path.dirname(sys.executable)
CEPH_HOST = 'testcloud@ceph#ceph'
# Cinder reports the ceph pool under the name of the cluster its cinder-volume is a member of.


def _run(args, env=None, timeout=1800):
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=timeout, check=False)


def run_testcloud(*args, check=True):
    r = _run([TESTCLOUD] + list(args))
    if check and r.returncode != 0:
        pytest.fail('testcloud %s failed (rc=%d):\n%s\n%s' % (' '.join(args), r.returncode, r.stdout, r.stderr))
    return r


def rbd_images():
    return {i['name']: i for i in json.loads(run_testcloud('rbd-list', '--json').stdout)}


def snap_names(image):
    return [s['name'] for s in image['snapshots']]


@pytest.fixture(scope='module')
def env(cloud_env, testcloud_exports):
    os.environ.update({k: v for k, v in testcloud_exports.items() if k.startswith(('OS_', 'CEPH'))})
    return dict(cloud_env)


@pytest.fixture(scope='module')
def admin(env, ceph_pool):
    return raw_cinder.connect()


def cinder_volumes(cinder, prefix):
    return cinder.volumes(prefix=prefix)


def cinder_snapshots(cinder):
    return {s['id']: s for s in cinder.snapshots()}


def recap(stdout):
    """{host: {ok:, changed:, failed:, ...}} from the PLAY RECAP."""
    out = {}
    for m in re.finditer(r'^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$', stdout, re.M):
        out[m.group(1)] = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', m.group(2))}
    return out


@pytest.fixture
def scenario(env, admin, tmp_path):
    prefix = 'sa%s' % uuid.uuid4().hex[:8]
    images = ['%s_a' % prefix, '%s_b' % prefix]
    for name in images:
        run_testcloud('rbd-create', name, '1G')
    run_testcloud('rbd-snap-create', images[0], 'nightly')
    report_dir = tmp_path / 'reports'
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(json.dumps({'all': {
        'vars': {'stackadopt_cloud': 'stackadopt-admin', 'stackadopt_api_delegate': 'localhost',
                 'stackadopt_report_dir': str(report_dir), 'stackadopt_report_history': False},
        'children': {'cinder_storage': {'hosts': {'ceph-store': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
            'stackadopt_cinder_node': 'testcloud', 'stackadopt_backend': 'ceph', 'stackadopt_volume_type': 'ceph',
            # No storage host preflight/post-check for RBD (storage_host supports lvm only).
            'stackadopt_run_preflight': False, 'stackadopt_release_postcheck': False,
            'stackadopt_select': {'include': ['^%s_' % prefix], 'safe_only': True},
            'stackadopt_adopt_snapshots': True,
        }}}}}}))

    def playbook(name, *extra):
        started = time.time()
        r = _run([os.path.join(BIN, 'ansible-playbook'), '-i', str(inventory), 'stackadopt.cinder.' + name]
                 + list(extra), env=env)
        r.elapsed = time.time() - started
        r.recap = recap(r.stdout).get('ceph-store', {})
        print('%s %s: rc=%d %.1fs %s' % (name, ' '.join(extra), r.returncode, r.elapsed, r.recap))
        return r

    def report(name):
        return json.loads((report_dir / ('%s.json' % name)).read_text())

    def markdown(name):
        return (report_dir / ('%s.md' % name)).read_text()

    ctx = type('Scenario', (), {})()
    ctx.prefix, ctx.images, ctx.playbook, ctx.report, ctx.markdown = prefix, images, playbook, report, markdown
    yield ctx

    # Cleanup: only what this test created. Anything still managed is first unmanaged (never deleted in Cinder).
    for snap in cinder_snapshots(admin).values():
        if snap['volume_id'] in {v['id'] for v in cinder_volumes(admin, prefix)}:
            admin.unmanage_snapshot(snap['id'])
    time.sleep(2)
    for vol in cinder_volumes(admin, prefix):
        admin.unmanage_volume(vol['id'])
    ours = set(images) | set(getattr(ctx, 'renamed', []))
    time.sleep(2)
    for name in rbd_images():
        if name in ours:
            run_testcloud('rbd-remove', name)


def _fail(r, what):
    return ('%s failed (rc=%d):\n--- stdout ---\n%s\n--- stderr ---\n%s'
            % (what, r.returncode, r.stdout[-15000:], r.stderr[-5000:]))


def test_adopt_and_release_with_snapshots(scenario, admin):
    s = scenario
    img_a, img_b = s.images
    snaps_before = set(cinder_snapshots(admin))

    # --- check mode: the plan, nothing written --------------------------------------------------------------------
    r = s.playbook('adopt', '--check')
    assert r.returncode == 0, _fail(r, 'adopt --check')
    plan = s.report('adopt-plan')
    host = plan['hosts']['ceph-store']
    assert plan['check_mode'] is True
    assert sorted((v['source_name'], v['status']) for v in host['volumes']) == [
        (img_a, 'would_adopt'), (img_b, 'would_adopt')]
    assert [(x['source_name'], x['origin'], x['status']) for x in host['snapshots']] == [
        ('nightly', img_a, 'would_adopt')]
    assert plan['snapshot_totals']['would_adopt'] == 1
    images = rbd_images()
    assert img_a in images and img_b in images and snap_names(images[img_a]) == ['nightly']
    assert cinder_volumes(admin, s.prefix) == []
    assert set(cinder_snapshots(admin)) == snaps_before

    # --- real run -------------------------------------------------------------------------------------------------
    r = s.playbook('adopt')
    assert r.returncode == 0, _fail(r, 'adopt')
    assert r.recap['changed'] >= 1
    rep = s.report('adopt')
    host = rep['hosts']['ceph-store']
    vols = {v['source_name']: v for v in host['volumes']}
    assert {n: v['status'] for n, v in vols.items()} == {img_a: 'adopted', img_b: 'adopted'}
    s.renamed = ['volume-%s' % v['volume_id'] for v in vols.values()]
    (snap,) = host['snapshots']
    assert snap['status'] == 'adopted', snap
    assert snap['volume_id'] == vols[img_a]['volume_id'] and snap['origin'] == img_a
    assert snap['snapshot_id'] and snap['snapshot_name'] == 'nightly'
    assert host['snapshot_counts']['adopted'] == 1 and rep['snapshot_totals']['adopted'] == 1
    md = s.markdown('adopt')
    assert '#### Snapshots' in md and '| nightly | %s | adopted |' % img_a in md, md
    # out of band: Ceph renamed the image and the snapshot; Cinder has both records
    images = rbd_images()
    vol_a, vol_b = vols[img_a]['volume_id'], vols[img_b]['volume_id']
    assert img_a not in images and img_b not in images
    assert snap_names(images['volume-%s' % vol_a]) == ['snapshot-%s' % snap['snapshot_id']]
    assert snap_names(images['volume-%s' % vol_b]) == []
    cinder_snap = cinder_snapshots(admin)[snap['snapshot_id']]
    assert cinder_snap['volume_id'] == vol_a and cinder_snap['status'] == 'available'
    assert cinder_snap['name'] == 'nightly'
    assert json.loads(cinder_snap['metadata']['stackadopt_ref']) == {'source-name': 'nightly'}
    assert {v['id']: v['status'] for v in cinder_volumes(admin, s.prefix)} == {vol_a: 'available', vol_b: 'available'}

    # --- again: nothing changes -----------------------------------------------------------------------------------
    r = s.playbook('adopt')
    assert r.returncode == 0, _fail(r, 'adopt (again)')
    assert r.recap['changed'] == 0, r.stdout[-5000:]
    host = s.report('adopt')['hosts']['ceph-store']
    assert {v['status'] for v in host['volumes']} == {'already_managed'}
    assert [(x['snapshot_id'], x['status']) for x in host['snapshots']] == [(snap['snapshot_id'], 'already_managed')]

    # --- Cinder refuses to release a volume that still has snapshots (why the role releases them first) -----------
    only_a = json.dumps({'stackadopt_release_snapshots': False,
                         'stackadopt_release_select': {'include': ['^%s$' % re.escape(img_a)]}})
    r = s.playbook('release', '-e', only_a)
    assert r.returncode != 0, 'releasing a volume with snapshots must fail'
    (vol,) = s.report('release')['hosts']['ceph-store']['volumes']
    assert vol['status'] == 'failed' and 'snapshots' in vol['reason'], vol
    assert snap['snapshot_id'] in cinder_snapshots(admin)
    assert vol_a in {v['id'] for v in cinder_volumes(admin, s.prefix)}

    # --- release check mode ---------------------------------------------------------------------------------------
    r = s.playbook('release', '--check')
    assert r.returncode == 0, _fail(r, 'release --check')
    host = s.report('release-plan')['hosts']['ceph-store']
    assert sorted(v['status'] for v in host['volumes']) == ['would_release', 'would_release']
    assert [(x['snapshot_id'], x['status']) for x in host['snapshots']] == [(snap['snapshot_id'], 'would_release')]
    assert snap['snapshot_id'] in cinder_snapshots(admin)

    # --- release: snapshot first, then the volumes; everything stays on Ceph ---------------------------------------
    r = s.playbook('release')
    assert r.returncode == 0, _fail(r, 'release')
    # One bulk call per backend releases the snapshots first and then the volumes (issue #10: no per-snapshot loop).
    assert r.recap['changed'] == 1, r.recap
    assert 'TASK [stackadopt.cinder.release_volumes : Unmanage each snapshot' not in r.stdout
    rep = s.report('release')
    host = rep['hosts']['ceph-store']
    assert sorted(v['status'] for v in host['volumes']) == ['released', 'released']
    assert [(x['snapshot_id'], x['volume_id'], x['status']) for x in host['snapshots']] == [
        (snap['snapshot_id'], vol_a, 'released')]
    assert rep['snapshot_totals']['released'] == 1
    assert snap['snapshot_id'] not in cinder_snapshots(admin)
    assert cinder_volumes(admin, s.prefix) == []
    images = rbd_images()
    assert snap_names(images['volume-%s' % vol_a]) == ['snapshot-%s' % snap['snapshot_id']]
    assert 'volume-%s' % vol_b in images

    # --- release again: nothing changes ---------------------------------------------------------------------------
    r = s.playbook('release')
    assert r.returncode == 0, _fail(r, 'release (again)')
    assert r.recap['changed'] == 0, r.stdout[-5000:]


def test_roles_address_an_active_active_backend_by_its_cluster(scenario, admin, ceph_pool):
    """stackadopt_cluster: the roles call the cluster, not a host. The inventory's node name is made wrong on
    purpose, so that only the cluster can have served the calls."""
    s = scenario
    cluster = ceph_pool.split('#')[0]  # Cinder names a clustered backend's pool after its cluster
    img_a, img_b = s.images
    by_cluster = ['-e', json.dumps({'stackadopt_cluster': cluster, 'stackadopt_cinder_node': 'no-such-node'})]

    r = s.playbook('report', *by_cluster)
    assert r.returncode == 0, _fail(r, 'report by cluster')
    entry = s.report('manageable')['hosts']['ceph-store']
    assert entry['cluster'] == cluster and entry['cinder_host'] is None, entry
    assert {img_a, img_b} <= {o['name'] for o in entry['objects']}
    assert '`cluster %s`' % cluster in s.markdown('manageable')

    r = s.playbook('adopt', '--check', *by_cluster)
    assert r.returncode == 0, _fail(r, 'adopt --check by cluster')
    host = s.report('adopt-plan')['hosts']['ceph-store']
    assert sorted(v['status'] for v in host['volumes']) == ['would_adopt', 'would_adopt']
    assert [x['status'] for x in host['snapshots']] == ['would_adopt']
    assert cinder_volumes(admin, s.prefix) == []

    r = s.playbook('adopt', *by_cluster)
    assert r.returncode == 0, _fail(r, 'adopt by cluster')
    rep = s.report('adopt')
    host = rep['hosts']['ceph-store']
    assert host['cluster'] == cluster and host['cinder_host'] is None, host
    vols = {v['source_name']: v for v in host['volumes']}
    assert {n: v['status'] for n, v in vols.items()} == {img_a: 'adopted', img_b: 'adopted'}
    s.renamed = ['volume-%s' % v['volume_id'] for v in vols.values()]
    assert [x['status'] for x in host['snapshots']] == ['adopted']
    assert '`cluster %s`' % cluster in s.markdown('adopt')
    # out of band: Cinder placed them in the cluster (3.61 shows cluster_name to an admin)
    for vol in vols.values():
        seen = admin.volume(vol['volume_id'])  # 3.61
        assert seen['status'] == 'available' and seen['cluster_name'].startswith(cluster), seen

    r = s.playbook('adopt', *by_cluster)
    assert r.returncode == 0, _fail(r, 'adopt by cluster (again)')
    assert r.recap['changed'] == 0, r.stdout[-5000:]
    assert {v['status'] for v in s.report('adopt')['hosts']['ceph-store']['volumes']} == {'already_managed'}

    r = s.playbook('release', *by_cluster)
    assert r.returncode == 0, _fail(r, 'release by cluster')
    host = s.report('release')['hosts']['ceph-store']
    assert host['cluster'] == cluster
    assert sorted(v['status'] for v in host['volumes']) == ['released', 'released']
    assert [x['status'] for x in host['snapshots']] == ['released']
    assert cinder_volumes(admin, s.prefix) == []
    images = rbd_images()
    assert all(name in images for name in s.renamed), 'release only forgets: the images stay'
