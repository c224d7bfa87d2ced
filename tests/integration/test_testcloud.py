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
