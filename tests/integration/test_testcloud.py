"""Tests of the test cloud itself (tests/cloud/testcloud), against the REAL services.

Run with the tools venv, e.g.:
    ~/.cache/stackadopt-testcloud/venv-tools/bin/python -m pytest tests/integration/test_testcloud.py

The session fixture calls `testcloud up` (about 1 s when the cloud already runs).
"""

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest

openstack = pytest.importorskip('openstack')
import raw_cinder  # noqa: E402 - tests/support (tests/conftest.py puts it on sys.path)

keystoneauth1 = pytest.importorskip('keystoneauth1')

pytestmark = pytest.mark.integration

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
CINDER = 'http://127.0.0.1:8776'
POOLS = {'lvm-a': 'testcloud@lvm-a#lvm-a', 'lvm-b': 'testcloud@lvm-b#lvm-b'}
CEPH_HOST = 'testcloud@ceph#ceph'
# The ceph cinder-volume is a member of this cluster: Cinder reports its pool under the cluster's name.
CEPH_CLUSTER = 'testcluster@ceph'
MANAGE_MV = '3.8'


def run_testcloud(*args, check=True):
    r = subprocess.run([TESTCLOUD] + list(args),
                       capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       timeout=1800, check=False)
    if check and r.returncode != 0:
        pytest.fail('testcloud %s failed (rc=%d):\n%s\n%s'
                    % (' '.join(args), r.returncode, r.stdout, r.stderr))
    return r


def apply_env():
    for line in run_testcloud('env').stdout.splitlines():
        if line.startswith('export '):
            key, _sep, value = line[len('export '):].partition('=')
            os.environ[key] = value.strip("'")


@pytest.fixture(scope='session')
def cloud():
    run_testcloud('up')
    apply_env()
    return True


@pytest.fixture(scope='session')
def admin(cloud):
    return raw_cinder.connect('stackadopt-admin')


@pytest.fixture(scope='session')
def demo(cloud):
    return raw_cinder.connect('stackadopt-demo')


def lv_list(backend):
    return {lv['name']: lv for lv in json.loads(run_testcloud('lv-list', backend, '--json').stdout)}


@pytest.fixture
def lv_factory(cloud):
    """Create uniquely named LVs; every LV name handed out (and its managed
    volume-<id> rename, registered by the test) is removed afterwards."""
    created = []

    def make(backend='lvm-a', size='1G'):
        name = 'tc-%s' % uuid.uuid4().hex[:12]
        run_testcloud('lv-create', backend, name, size)
        created.append((backend, name))
        return name

    make.track = lambda backend, name: created.append((backend, name))
    yield make
    for backend, name in created:
        if name in lv_list(backend):
            run_testcloud('lv-remove', backend, name)


def wait_volume(conn, vol_id, want='available', timeout=120):
    """Fails as soon as the volume leaves creating/managing for anything but ``want``, or on timeout."""
    return conn.wait_volume(vol_id, want, ok_while=('creating', 'managing'), timeout=timeout)


def wait_gone(conn, vol_id, timeout=120, kind='volume'):
    """Wait until Cinder forgets a volume (or, with kind='snapshot', a snapshot) after unmanage."""
    conn.wait_gone(vol_id, kind=kind, timeout=timeout)


def manageable(conn, host):
    return {m['reference']['source-name']: m for m in conn.manageable_volumes(host)}


def manageable_snapshots(conn, host):
    return {m['reference']['source-name']: m for m in conn.manageable_snapshots(host)}


def rbd_list():
    return {i['name']: i for i in json.loads(run_testcloud('rbd-list', '--json').stdout)}


@pytest.fixture(scope='session')
def ceph(ceph_pool):
    """The ceph backend's member host (see the ceph_pool fixture: skipped or failed when the cloud has none)."""
    return CEPH_HOST


@pytest.fixture
def rbd_factory(ceph):
    """Create uniquely named RBD images; every name handed out (and its managed
    volume-<id> rename, registered by the test) is removed afterwards."""
    created = []

    def make(size='1G'):
        name = 'tc-%s' % uuid.uuid4().hex[:12]
        run_testcloud('rbd-create', name, size)
        created.append(name)
        return name

    make.track = created.append
    yield make
    images = rbd_list()
    for name in created:
        if name in images:
            run_testcloud('rbd-remove', name)


def manage_rbd(conn, image, **extra):
    body = {'host': CEPH_HOST, 'ref': {'source-name': image}, 'volume_type': 'ceph'}
    body.update(extra)
    r = conn.post('/manageable_volumes', {'volume': body}, microversion=MANAGE_MV)
    assert r.status_code == 202, r.text
    return r.json()['volume']['id']


def unmanage_volume(conn, vol_id):
    r = conn.post('/volumes/%s/action' % vol_id, {'os-unmanage': None})
    assert r.status_code == 202, r.text
    wait_gone(conn, vol_id)


def test_status_ok(cloud):
    r = run_testcloud('status', check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    for pool in POOLS.values():
        assert pool in r.stdout


def test_env_exports(cloud):
    out = run_testcloud('env').stdout
    assert 'export OS_CLIENT_CONFIG_FILE=' in out
    assert 'export STACKADOPT_TESTCLOUD_HOME=' in out
    assert 'export LVM_SYSTEM_DIR=' in out
    assert os.path.isfile(os.environ['OS_CLIENT_CONFIG_FILE'])


def test_version_document(cloud):
    req = urllib.request.Request(CINDER + '/', headers={'Accept': 'application/json'})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = json.loads(resp.read())
    except urllib.error.HTTPError as e:   # 300 Multiple Choices is normal here
        body = json.loads(e.read())
    v3 = [v for v in body['versions'] if v['id'] == 'v3.0']
    assert v3, body
    assert v3[0]['status'] == 'CURRENT'
    major, minor = (int(x) for x in v3[0]['version'].split('.'))
    assert (major, minor) >= (3, 8)


def test_services_up(admin):
    r = admin.get('/os-services')
    assert r.status_code == 200, r.text
    services = {(s['binary'], s['host']): s for s in r.json()['services']}
    wanted = [('cinder-scheduler', 'testcloud'),
              ('cinder-volume', 'testcloud@lvm-a'), ('cinder-volume', 'testcloud@lvm-b')]
    for key in wanted:
        assert key in services, sorted(services)
        assert services[key]['state'] == 'up', services[key]
        assert services[key]['status'] == 'enabled', services[key]


def test_pools_reported(admin):
    r = admin.get('/scheduler-stats/get_pools', params={'detail': 'true'})
    assert r.status_code == 200, r.text
    pools = {p['name']: p for p in r.json()['pools']}
    for backend, pool in POOLS.items():
        assert pool in pools, sorted(pools)
        caps = pools[pool]['capabilities']
        assert caps['volume_backend_name'] == backend
        assert float(caps['total_capacity_gb']) > 0


def test_volume_types_and_quotas(admin):
    types = {t.name: t for t in admin.types()}
    for backend in POOLS:
        assert types[backend].extra_specs.get('volume_backend_name') == backend
    project = admin.project_id
    r = admin.get('/os-quota-sets/%s' % project)
    quota = r.json()['quota_set']
    assert quota['volumes'] >= 1000 and quota['gigabytes'] >= 10000


def test_lv_commands(lv_factory):
    name = lv_factory('lvm-b', '512M')
    lvs = lv_list('lvm-b')
    assert lvs[name]['size_bytes'] == 512 * 1024 * 1024
    assert lvs[name]['vg'] == 'stackadopt-b'
    assert name not in lv_list('lvm-a')
    table = run_testcloud('lv-list').stdout
    assert name in table
    run_testcloud('lv-remove', 'lvm-b', name)
    assert name not in lv_list('lvm-b')
    bad = run_testcloud('lv-create', 'lvm-c', 'x', '1G', check=False)
    assert bad.returncode != 0


@pytest.mark.parametrize('backend', ['lvm-a', 'lvm-b'])
def test_manage_and_unmanage(admin, lv_factory, backend):
    pool = POOLS[backend]
    name = lv_factory(backend, '1G')

    listed = manageable(admin, pool)
    assert name in listed, sorted(listed)
    assert listed[name]['safe_to_manage'] is True
    assert listed[name]['size'] == 1

    t0 = time.time()
    r = admin.post('/manageable_volumes', microversion=MANAGE_MV, body={
        'volume': {'host': pool, 'ref': {'source-name': name},
                   'name': 'testcloud-' + name, 'volume_type': backend}})
    assert r.status_code == 202, r.text
    vol_id = r.json()['volume']['id']
    renamed = 'volume-%s' % vol_id
    lv_factory.track(backend, renamed)
    vol = wait_volume(admin, vol_id)
    assert vol.size == 1
    assert vol.host == pool
    assert time.time() - t0 < 60

    lvs = lv_list(backend)
    assert renamed in lvs and name not in lvs
    listed = manageable(admin, pool)
    assert listed[renamed]['safe_to_manage'] is False
    assert listed[renamed]['cinder_id'] == vol_id

    r = admin.post('/volumes/%s/action' % vol_id, {'os-unmanage': None})
    assert r.status_code == 202, r.text
    wait_gone(admin, vol_id)
    lvs = lv_list(backend)
    assert renamed in lvs, 'unmanage must keep the LV'
    assert manageable(admin, pool)[renamed]['safe_to_manage'] is True


def test_manage_forbidden_for_member(demo, lv_factory):
    name = lv_factory('lvm-a', '1G')
    r = demo.post('/manageable_volumes', microversion=MANAGE_MV, body={
        'volume': {'host': POOLS['lvm-a'], 'ref': {'source-name': name},
                   'volume_type': 'lvm-a'}})
    assert r.status_code == 403, r.text
    r = demo.get('/manageable_volumes/detail', params={'host': POOLS['lvm-a']}, microversion=MANAGE_MV)
    assert r.status_code == 403, r.text
    assert name in lv_list('lvm-a'), 'a refused manage must not touch the LV'


# --------------------------------------------------------------------------
# Ceph (third backend `ceph`, RBD pool `volumes`)
# --------------------------------------------------------------------------

def test_ceph_pool_reported(admin, ceph, ceph_pool):
    r = admin.get('/scheduler-stats/get_pools', params={'detail': 'true'})
    pools = {p['name']: p for p in r.json()['pools']}
    caps = pools[ceph_pool]['capabilities']
    assert caps['volume_backend_name'] == 'ceph'
    assert caps['storage_protocol'] == 'ceph'
    assert float(caps['total_capacity_gb']) > 0
    r = admin.get('/os-services', microversion='3.7')
    services = {(s['binary'], s['host']): s for s in r.json()['services']}
    assert services[('cinder-volume', 'testcloud@ceph')]['state'] == 'up'
    assert services[('cinder-volume', 'testcloud@ceph')]['cluster'] == CEPH_CLUSTER
    assert services[('cinder-volume', 'testcloud@lvm-a')]['cluster'] is None
    types = {t.name: t for t in admin.types()}
    assert types['ceph'].extra_specs.get('volume_backend_name') == 'ceph'
    out = run_testcloud('status').stdout
    assert ceph_pool in out and 'member of cluster %s' % CEPH_CLUSTER in out
    assert 'Ceph: HEALTH_' in out and 'Cinder backend ceph: enabled' in out
    env = run_testcloud('env').stdout
    assert 'export CEPH_CONF=' in env


def test_rbd_commands(rbd_factory):
    name = rbd_factory('512M')
    images = rbd_list()
    assert images[name]['size_bytes'] == 512 * 1024 * 1024
    assert images[name]['pool'] == 'volumes'
    assert images[name]['snapshots'] == []
    run_testcloud('rbd-snap-create', name, 'snap1')
    snaps = rbd_list()[name]['snapshots']
    assert [s['name'] for s in snaps] == ['snap1']
    assert snaps[0]['protected'] is False
    assert name in run_testcloud('rbd-list').stdout
    run_testcloud('rbd-remove', name)
    assert name not in rbd_list()
    assert run_testcloud('rbd-create', 'x', '1.5G', check=False).returncode != 0
    assert run_testcloud('rbd-snap-create', 'tc-does-not-exist', 's', check=False).returncode != 0


def test_ceph_manage_and_unmanage(admin, rbd_factory):
    name = rbd_factory('1G')
    listed = manageable(admin, CEPH_HOST)
    assert name in listed, sorted(listed)
    assert listed[name]['safe_to_manage'] is True, listed[name]
    assert listed[name]['size'] == 1

    vol_id = manage_rbd(admin, name, name='testcloud-' + name)
    renamed = 'volume-%s' % vol_id
    rbd_factory.track(renamed)
    vol = wait_volume(admin, vol_id)
    assert vol.size == 1
    assert vol.host == CEPH_HOST
    assert vol.volume_type == 'ceph'

    images = rbd_list()
    assert renamed in images and name not in images
    listed = manageable(admin, CEPH_HOST)
    assert listed[renamed]['safe_to_manage'] is False
    assert listed[renamed]['cinder_id'] == vol_id

    unmanage_volume(admin, vol_id)
    assert renamed in rbd_list(), 'unmanage must keep the RBD image'
    assert manageable(admin, CEPH_HOST)[renamed]['safe_to_manage'] is True


def test_ceph_manageable_snapshots(admin, rbd_factory):
    name = rbd_factory('1G')
    vol_id = manage_rbd(admin, name)
    image = 'volume-%s' % vol_id
    rbd_factory.track(image)
    wait_volume(admin, vol_id)
    snap = 'tcsnap-%s' % uuid.uuid4().hex[:8]
    run_testcloud('rbd-snap-create', image, snap)

    listed = manageable_snapshots(admin, CEPH_HOST)
    assert snap in listed, sorted(listed)
    assert listed[snap]['source_reference'] == {'source-name': image}
    assert listed[snap]['safe_to_manage'] is True, listed[snap]
    assert listed[snap]['size'] == 1

    # Manage it (the driver renames it snapshot-<id> and protects it), then unmanage.
    r = admin.post('/manageable_snapshots', microversion=MANAGE_MV, body={
        'snapshot': {'volume_id': vol_id, 'ref': {'source-name': snap},
                     'name': 'testcloud-' + snap}})
    assert r.status_code == 202, r.text
    snap_id = r.json()['snapshot']['id']
    deadline = time.time() + 120
    while True:
        s = admin.snapshot(snap_id)
        if s.status == 'available':
            break
        assert s.status in ('creating', 'managing'), s.status
        assert time.time() < deadline, s.status
        time.sleep(0.3)
    snaps = {x['name']: x for x in rbd_list()[image]['snapshots']}
    assert 'snapshot-%s' % snap_id in snaps and snap not in snaps, snaps
    assert snaps['snapshot-%s' % snap_id]['protected'] is True
    listed = manageable_snapshots(admin, CEPH_HOST)
    assert listed['snapshot-%s' % snap_id]['cinder_id'] == snap_id
    assert listed['snapshot-%s' % snap_id]['safe_to_manage'] is False

    r = admin.post('/snapshots/%s/action' % snap_id, {'os-unmanage': None})
    assert r.status_code == 202, r.text
    wait_gone(admin, snap_id, kind='snapshot')
    unmanage_volume(admin, vol_id)
    images = rbd_list()
    assert image in images, 'unmanage must keep the RBD image'
    assert 'snapshot-%s' % snap_id in [x['name'] for x in images[image]['snapshots']], \
        'unmanage must keep the RBD snapshot'


# --------------------------------------------------------------------------
# Tenant projects and quotas
# --------------------------------------------------------------------------

def exports():
    out = {}
    for line in run_testcloud('env').stdout.splitlines():
        key, _sep, value = line[len('export '):].partition('=')
        out[key] = value.strip("'")
    return out


def test_tenant_projects(cloud, admin):
    env = exports()
    assert env['STACKADOPT_TESTCLOUD_TENANT_A'] == 'tenant-a' and env['STACKADOPT_TESTCLOUD_TENANT_B'] == 'tenant-b'
    identity = admin.conn.identity
    ids = {p.name: p.id for p in identity.projects()}
    assert env['STACKADOPT_TESTCLOUD_TENANT_A_ID'] == ids['tenant-a']
    assert env['STACKADOPT_TESTCLOUD_TENANT_B_ID'] == ids['tenant-b']
    admin_user = identity.find_user('admin', ignore_missing=False)
    roles = {r.name: r.id for r in identity.roles()}

    def held(user_id, project_id):
        r = identity.get('/role_assignments?user.id=%s&scope.project.id=%s' % (user_id, project_id))
        return {a['role']['id'] for a in r.json()['role_assignments']}
    assert roles['admin'] in held(admin_user.id, ids['tenant-a'])
    assert held(admin_user.id, ids['tenant-b']) == set(), 'the admin user must hold no role on tenant-b'
    member = identity.find_user('tenant-b-member', ignore_missing=False)
    assert member.id == env['STACKADOPT_TESTCLOUD_TENANT_B_MEMBER_ID']
    assert held(member.id, ids['tenant-b']) == {roles['member']}

    # The clouds.yaml entries: the admin scoped to tenant-a may list manageable volumes there; tenant-b's member
    # is refused by Cinder's policy; the admin cannot scope to tenant-b at all.
    in_a = raw_cinder.connect(env['STACKADOPT_TESTCLOUD_TENANT_A_CLOUD'])
    assert in_a.project_id == ids['tenant-a']
    listing = {'host': POOLS['lvm-a']}
    assert in_a.get('/manageable_volumes', params=listing, microversion=MANAGE_MV).status_code == 200
    in_b = raw_cinder.connect(env['STACKADOPT_TESTCLOUD_TENANT_B_MEMBER_CLOUD'])
    assert in_b.project_id == ids['tenant-b']
    assert in_b.get('/manageable_volumes', params=listing, microversion=MANAGE_MV).status_code == 403
    with pytest.raises(keystoneauth1.exceptions.http.Unauthorized):
        admin.conn.connect_as_project('tenant-b').block_storage.get('/volumes')


def quota_json(*args, check=True):
    r = run_testcloud('quota', *(list(args) + ['--json']), check=check)
    return r, (json.loads(r.stdout) if r.returncode == 0 else None)


def test_quota_command(admin):
    project = exports()['STACKADOPT_TESTCLOUD_TENANT_B_ID']
    try:
        _r, shown = quota_json('tenant-b', 'volumes=7', 'gigabytes=30', 'gigabytes_lvm-a=-1', 'snapshots=0')
        assert shown['project'] == {'id': project, 'name': 'tenant-b'}
        limits = {k: v['limit'] for k, v in shown['quota_set'].items()}
        assert (limits['volumes'], limits['gigabytes'], limits['gigabytes_lvm-a'], limits['snapshots']) == \
            (7, 30, -1, 0)
        assert shown['quota_set']['volumes']['in_use'] == 0
        # Out of band: Cinder holds them.
        oob = admin.get('/os-quota-sets/%s' % project).json()['quota_set']
        assert (oob['volumes'], oob['gigabytes'], oob['snapshots']) == (7, 30, 0)
        # By ID too; bad input is refused before any write, naming what is valid.
        _r, again = quota_json(project, 'volumes_lvm-b=3')
        assert again['quota_set']['volumes_lvm-b']['limit'] == 3
        for bad, message in (('bogus=1', "unknown quota key 'bogus': valid keys are"),
                             ('volumes=-3', 'a whole number >= 0, or -1 for unlimited')):
            r = run_testcloud('quota', 'tenant-b', 'volumes=1', bad, check=False)
            assert r.returncode == 1 and message in r.stderr, r.stderr
        assert admin.get('/os-quota-sets/%s' % project).json()['quota_set']['volumes'] == 7
        r = run_testcloud('quota', 'no-such-project', check=False)
        assert r.returncode == 1 and 'tenant-a, tenant-b' in r.stderr, r.stderr
        assert 'volumes' in run_testcloud('quota', 'tenant-b').stdout
    finally:
        _r, reset = quota_json('tenant-b', '--reset')
    limits = {k: v['limit'] for k, v in reset['quota_set'].items()}
    assert (limits['volumes'], limits['gigabytes'], limits['snapshots']) == (10000, 100000, 10000)
    assert limits['gigabytes_lvm-a'] == -1 and limits['volumes_lvm-b'] == -1


# --------------------------------------------------------------------------
# Many objects at once
# --------------------------------------------------------------------------

def test_bulk_lvs_fast(cloud):
    prefix = 'tc-bulk-%s-' % uuid.uuid4().hex[:8]
    t0 = time.time()
    out = run_testcloud('lv-create', '--count', '1000', '--prefix', prefix, '--size', '4M', 'lvm-b').stdout
    took = time.time() - t0
    try:
        assert 'created 1000 LVs' in out, out
        assert took < 20, 'one VG metadata write for all of them should take about a second, took %.1fs' % took
        made = {n: lv for n, lv in lv_list('lvm-b').items() if n.startswith(prefix)}
        assert sorted(made) == ['%s%04d' % (prefix, i) for i in range(1000)]
        assert {lv['size_bytes'] for lv in made.values()} == {4 * 1024 * 1024}
        assert {lv['attr'][:4] for lv in made.values()} == {'-wi-'}
        # Existing names are refused before anything is written.
        r = run_testcloud('lv-create', '--count', '1001', '--prefix', prefix, '--size', '4M', 'lvm-b', check=False)
        assert r.returncode == 1 and 'exist already' in r.stderr, r.stderr
        assert len([n for n in lv_list('lvm-b') if n.startswith(prefix)]) == 1000
        # A prefix that could match Cinder's own LVs is refused.
        for bad in ('volume-', 'vol', ''):
            assert run_testcloud('lv-remove', 'lvm-b', '--prefix', bad, check=False).returncode == 1
    finally:
        out = run_testcloud('lv-remove', 'lvm-b', '--prefix', prefix).stdout
    assert 'removed 1000 LVs' in out, out
    assert not [n for n in lv_list('lvm-b') if n.startswith(prefix)]


def test_bulk_lvs_are_manageable(admin, lv_factory):
    """Cinder lists LVs made in bulk and its driver manages (renames) them: the metadata is LVM's own."""
    prefix = 'tc-bulk-%s-' % uuid.uuid4().hex[:8]
    run_testcloud('lv-create', '--count', '4', '--prefix', prefix, '--size', '1G', 'lvm-b')
    try:
        listed = manageable(admin, POOLS['lvm-b'])
        for i in range(4):
            assert listed['%s%04d' % (prefix, i)]['safe_to_manage'] is True
        name = prefix + '0002'
        r = admin.post('/manageable_volumes', microversion=MANAGE_MV, body={
            'volume': {'host': POOLS['lvm-b'], 'ref': {'source-name': name}, 'volume_type': 'lvm-b'}})
        assert r.status_code == 202, r.text
        vol_id = r.json()['volume']['id']
        lv_factory.track('lvm-b', 'volume-%s' % vol_id)
        assert wait_volume(admin, vol_id).size == 1
        unmanage_volume(admin, vol_id)
        lvs = lv_list('lvm-b')
        assert 'volume-%s' % vol_id in lvs and name not in lvs
    finally:
        out = run_testcloud('lv-remove', 'lvm-b', '--prefix', prefix).stdout
    assert 'removed 3 LVs' in out, out


def test_remove_several_lvs_by_name(lv_factory):
    names = [lv_factory('lvm-a', '8M') for _i in range(3)]
    run_testcloud('lv-remove', 'lvm-a', *names)
    assert not set(names) & set(lv_list('lvm-a'))


def test_bulk_rbd_images(ceph):
    prefix = 'tc-bulk-%s-' % uuid.uuid4().hex[:8]
    try:
        out = run_testcloud('rbd-create', '--count', '30', '--prefix', prefix, '--size', '8M').stdout
        assert 'created 30 images' in out, out
        made = {n: i for n, i in rbd_list().items() if n.startswith(prefix)}
        assert sorted(made) == ['%s%04d' % (prefix, i) for i in range(30)]
        assert {i['size_bytes'] for i in made.values()} == {8 * 1024 * 1024}
        run_testcloud('rbd-snap-create', prefix + '0003', 'kept')   # removal unprotects and purges snapshots
        r = run_testcloud('rbd-create', '--count', '2', '--prefix', prefix, '--size', '8M', check=False)
        assert r.returncode == 1 and 'exist already' in r.stderr, r.stderr
        assert run_testcloud('rbd-remove', '--prefix', 'volume-', check=False).returncode == 1
    finally:
        out = run_testcloud('rbd-remove', '--prefix', prefix).stdout
    assert 'removed 30 images' in out, out
    assert not [n for n in rbd_list() if n.startswith(prefix)]


def test_ceph_storage_host_exports(ceph):
    """What the storage_host role's RBD preflight needs: `rbd` on this node as the backend's own client."""
    env = exports()
    conf, keyring = env['STACKADOPT_TESTCLOUD_CEPH_CONF'], env['STACKADOPT_TESTCLOUD_CEPH_KEYRING']
    assert os.path.isfile(conf) and os.path.isfile(keyring)
    assert (env['STACKADOPT_TESTCLOUD_CEPH_USER'], env['STACKADOPT_TESTCLOUD_RBD_POOL']) == ('cinder', 'volumes')
    r = subprocess.run(['rbd', '--conf', conf, '--keyring', keyring, '--id', env['STACKADOPT_TESTCLOUD_CEPH_USER'],
                        'ls', '-l', '--format', 'json', env['STACKADOPT_TESTCLOUD_RBD_POOL']],
                       capture_output=True, text=True, timeout=60, env={'PATH': os.environ['PATH']}, check=False)
    assert r.returncode == 0, r.stderr
    assert isinstance(json.loads(r.stdout or '[]'), list)


# --------------------------------------------------------------------------
# Service control (stops and restarts shared services: run with the cloud to yourself)
# --------------------------------------------------------------------------

def cinder_service(conn, binary, host):
    r = conn.get('/os-services')
    assert r.status_code == 200, r.text
    return {(s['binary'], s['host']): s for s in r.json()['services']}[(binary, host)]


def pid_of(name):
    """The PID column of `status` (a PID, STOPPED or DOWN) for one service: the row that ends with its log."""
    status = run_testcloud('status', check=False).stdout
    rows = [line.split() for line in status.splitlines()
            if line.startswith(name + ' ') and line.endswith('/%s.log' % name)]
    assert len(rows) == 1, status
    return rows[0][1]


def test_unknown_service_lists_the_valid_ones(cloud):
    for verb in ('stop', 'start', 'restart'):
        r = run_testcloud(verb, 'cinder', check=False)
        assert r.returncode == 1
        assert "unknown service 'cinder'" in r.stderr and 'cinder-volume, cinder-volume-ceph' in r.stderr, r.stderr


def test_stop_and_start_cinder_volume(admin):
    try:
        r = run_testcloud('stop', 'cinder-volume')
        assert 'stopped cinder-volume' in r.stdout, r.stdout
        assert 'already stopped' in run_testcloud('stop', 'cinder-volume').stdout   # idempotent
        status = run_testcloud('status', check=False)
        assert status.returncode == 1 and pid_of('cinder-volume') == 'STOPPED'
        assert 'STOPPED by `testcloud stop`: cinder-volume' in status.stdout
        # Cinder's view: the service no longer reports (report_interval is 5 s).
        frozen = cinder_service(admin, 'cinder-volume', 'testcloud@lvm-a')['updated_at']
        time.sleep(8)
        assert cinder_service(admin, 'cinder-volume', 'testcloud@lvm-a')['updated_at'] == frozen
    finally:
        r = run_testcloud('start', 'cinder-volume')
    assert 'started cinder-volume' in r.stdout, r.stdout
    assert 'already running' in run_testcloud('start', 'cinder-volume').stdout   # idempotent
    for host in ('testcloud@lvm-a', 'testcloud@lvm-b'):
        svc = cinder_service(admin, 'cinder-volume', host)
        assert svc['state'] == 'up' and svc['updated_at'] > frozen, svc
    assert run_testcloud('status', check=False).returncode == 0


def test_stop_and_start_cinder_api(cloud):
    def api_answers():
        try:
            urllib.request.urlopen(CINDER + '/', timeout=5)
        except urllib.error.HTTPError:   # 300 Multiple Choices: it answers
            return True
        except OSError:
            return False
        return True
    try:
        run_testcloud('stop', 'cinder-api')
        assert not api_answers()
        status = run_testcloud('status', check=False)
        assert status.returncode == 1 and pid_of('cinder-api') == 'STOPPED', status.stdout
    finally:
        run_testcloud('start', 'cinder-api')
    assert api_answers()
    assert run_testcloud('status', check=False).returncode == 0


def test_restart_and_up_heal_stopped_services(admin):
    before = pid_of('cinder-scheduler')
    r = run_testcloud('restart', 'cinder-scheduler')
    assert 'started cinder-scheduler' in r.stdout, r.stdout
    assert pid_of('cinder-scheduler') not in (before, 'STOPPED', 'DOWN')
    run_testcloud('stop', '--kill', 'cinder-volume')
    run_testcloud('stop', 'cinder-scheduler')
    t0 = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(time.time() - 1))
    run_testcloud('up')
    status = run_testcloud('status', check=False)
    assert status.returncode == 0 and 'STOPPED' not in status.stdout, status.stdout
    for host in ('testcloud@lvm-a', 'testcloud@lvm-b'):
        svc = cinder_service(admin, 'cinder-volume', host)
        assert svc['state'] == 'up' and svc['updated_at'] >= t0, svc
    assert cinder_service(admin, 'cinder-scheduler', 'testcloud')['updated_at'] >= t0


def test_rpc_response_timeout_setting(admin):
    """A cinder-api setting: `up` restarts cinder-api alone, `status` shows it, later `up`s keep it. Proven on the
    real API: with a 3 s timeout, the pool listing (an RPC call to a stopped scheduler) fails after ~3 s."""
    previous = json.load(open(os.path.join(os.environ['STACKADOPT_TESTCLOUD_HOME'], 'settings.json'))) \
        if os.path.exists(os.path.join(os.environ['STACKADOPT_TESTCLOUD_HOME'], 'settings.json')) else {}
    others = {n: pid_of(n) for n in ('cinder-scheduler', 'cinder-volume', 'keystone')}
    api = pid_of('cinder-api')
    try:
        run_testcloud('up', '--rpc-response-timeout', '3')
        assert pid_of('cinder-api') != api and {n: pid_of(n) for n in others} == others
        assert 'rpc_response_timeout = 3 s (cinder-api)' in run_testcloud('status').stdout
        api = pid_of('cinder-api')
        run_testcloud('up')
        assert pid_of('cinder-api') == api, 'a later `up` keeps the setting'
        run_testcloud('stop', 'cinder-scheduler')
        t0 = time.time()
        r = admin.get('/scheduler-stats/get_pools')
        assert r.status_code == 500 and time.time() - t0 < 20, (r.status_code, time.time() - t0)
        run_testcloud('start', 'cinder-scheduler')
        bad = run_testcloud('up', '--rpc-response-timeout', 'soon', check=False)
        assert bad.returncode == 1 and 'bad rpc_response_timeout' in bad.stderr
    finally:
        run_testcloud('up', '--rpc-response-timeout', str(previous.get('rpc_response_timeout') or 'default'))
    assert run_testcloud('status').returncode == 0
