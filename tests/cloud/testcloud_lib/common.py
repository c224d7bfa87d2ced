"""Constants, the state directory's paths and small helpers shared by every part of testcloud."""

import contextlib
import fcntl
import json
import os
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.request

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

CINDER_VERSION = '29.0.0'
KEYSTONE_VERSION = '30.0.0'

HOST = '127.0.0.1'
MYSQL_PORT = 3307
EPMD_PORT = 4370
RABBIT_PORT = 5673
RABBIT_DIST_PORT = 25673
KEYSTONE_PORT = 5000
CINDER_PORT = 8776

REGION = 'RegionOne'
DB_USER = 'stackadopt'
DB_PASSWORD = 'stackadopt-db'
RABBIT_USER = 'stackadopt'
RABBIT_PASSWORD = 'stackadopt-rabbit'
RABBIT_NODENAME = 'stackadopt@localhost'
CINDER_SERVICE_PASSWORD = 'stackadopt-cinder'

# Tenant projects for adoption into a project other than the admin's: the admin user holds the admin role
# on TENANT_A and no role at all on TENANT_B, where TENANT_B_MEMBER (role member) is a non-admin account.
TENANT_A = 'tenant-a'
TENANT_B = 'tenant-b'
TENANT_B_MEMBER = 'tenant-b-member'

# The passwords of the accounts in clouds.yaml. 'current' differ from every cloud, user and project name, so that a
# test grepping output for a password cannot find a cloud name that may appear there. 'legacy' is what clouds made
# before had (the passwords equal their cloud names): such a cloud keeps them, because worktrees with older testcloud
# code rewrite clouds.yaml with those, until `up --rotate-passwords` moves it to 'current' (state.py).
PASSWORD_SETS = {
    'current': {'admin': 'sa-admin-pw-5d8e2c1a', 'demo': 'sa-demo-pw-93b1f0e4',
                TENANT_B_MEMBER: 'sa-member-pw-2a7c6d19'},
    'legacy': {'admin': 'stackadopt-admin', 'demo': 'stackadopt-demo', TENANT_B_MEMBER: 'stackadopt-tenant-b-member'},
}

CINDER_HOST = 'testcloud'
BACKENDS = {'lvm-a': 'stackadopt-a', 'lvm-b': 'stackadopt-b'}
DEFAULT_VOLUME_TYPE = 'lvm-a'
# Sparse backing files: with activation disabled nothing but LVM metadata is
# ever written, so a large size costs nothing and lets bulk tests create
# hundreds of GB-sized LVs.
DISK_SIZE_GB = 1024
PV_METADATA_SIZE = '16m'   # room for thousands of LVs in the VG metadata
QUOTAS = {'volumes': 10000, 'gigabytes': 100000, 'snapshots': 10000,
          'backups': 1000, 'backup_gigabytes': 100000, 'groups': 1000,
          'per_volume_gigabytes': -1}

APT_PACKAGES = ['mariadb-server', 'mariadb-client', 'rabbitmq-server', 'lvm2']

# Ceph (optional third backend `ceph`): Debian bookworm's Ceph 16 (pacific).
CEPH_APT_PACKAGES = ['ceph-mon', 'ceph-osd', 'ceph-mgr', 'ceph-common',
                     'python3-rados', 'python3-rbd']
CEPH_BACKEND = 'ceph'
# The ceph backend runs in a cinder-volume process of its own, as a member of this
# cluster (active-active capable, unlike LVM): Cinder then names its pool by the
# cluster (<cluster>@ceph#ceph) and `cluster=<cluster>@ceph` can be adopted into.
CEPH_CLUSTER = 'testcluster'
CEPH_POOL = 'volumes'
CEPH_USER = 'cinder'         # rbd_user of the ceph backend: client.cinder
CEPH_MON_PORT = 13300        # msgr2 (Ceph's default 3300 is left alone)
CEPH_MON_PORT_V1 = 16789     # legacy msgr1 (default 6789)
CEPH_BIND_PORTS = (16800, 16899)   # osd/mgr ports (default 6800-7300)
CEPH_OSD_SIZE_GB = 100       # sparse BlueStore block file (only written data uses disk)
CEPH_SECRET_UUID = '5f0b5d0e-6a3c-4c1e-9d3b-7a5c3d2e1f00'   # rbd_secret_uuid (libvirt only)
REQUIRE_CEPH_ENV = 'STACKADOPT_TESTCLOUD_REQUIRE_CEPH'
RPC_TIMEOUT_ENV = 'STACKADOPT_TESTCLOUD_RPC_RESPONSE_TIMEOUT'
OWNER_ENV = 'STACKADOPT_TESTCLOUD_OWNER'   # set on every process we spawn
MARKER = '.stackadopt-testcloud'           # marks a state dir as ours
INSTALLED_MARKER = '.stackadopt-installed'

RABBIT_BIN = '/usr/lib/rabbitmq/bin'

# Names inside the state dir that belong to testcloud (purge removes these).
OWNED_ENTRIES = ['venv-cinder', 'venv-keystone', 'cinder-install.log',
                 'keystone-install.log', 'mysql', 'rabbitmq', 'lvm', 'disks',
                 'etc', 'run', 'logs', 'cinder', 'markers', 'clouds.yaml', 'ceph',
                 'settings.json', 'projects.json', '.testcloud.lock', MARKER]


def state_dir():
    home = os.environ.get('STACKADOPT_TESTCLOUD_HOME')
    if not home:
        cache = os.environ.get('XDG_CACHE_HOME') or os.path.join(
            os.path.expanduser('~'), '.cache')
        home = os.path.join(cache, 'stackadopt-testcloud')
    return os.path.abspath(home)


STATE = state_dir()


def p(*parts):
    return os.path.join(STATE, *parts)


VENV_CINDER = p('venv-cinder')
VENV_KEYSTONE = p('venv-keystone')
LOGS = p('logs')
RUN = p('run')
LVM_DIR = p('lvm')
CINDER_CONF = p('etc', 'cinder', 'cinder.conf')
CINDER_CEPH_CONF = p('etc', 'cinder', 'cinder-volume-ceph.conf')   # overrides for the ceph process
CINDER_API_CONF = p('etc', 'cinder', 'cinder-api.conf')   # overrides for cinder-api (only when settings ask)
KEYSTONE_CONF = p('etc', 'keystone', 'keystone.conf')
MYSQL_SOCK = p('run', 'mysqld.sock')
CLOUDS_YAML = p('clouds.yaml')
SETTINGS_FILE = p('settings.json')     # settings given to `up` (kept by later `up`s until changed)
PROJECTS_FILE = p('projects.json')     # IDs of the projects and users the bootstrap made
CEPH_DIR = p('ceph')
CEPH_CONF = p('ceph', 'ceph.conf')
CEPH_ADMIN_KEYRING = p('ceph', 'ceph.client.admin.keyring')
CEPH_CINDER_KEYRING = p('ceph', 'ceph.client.cinder.keyring')
CEPH_STATE_FILE = p('ceph', 'backend-state.json')   # result of the last `up`

KEYSTONE_URL = 'http://%s:%d/v3' % (HOST, KEYSTONE_PORT)
CINDER_URL = 'http://%s:%d' % (HOST, CINDER_PORT)

QUIET = False
T0 = time.time()


def say(msg):
    if not QUIET:
        print('[testcloud %5.1fs] %s' % (time.time() - T0, msg), flush=True)


class Fail(Exception):
    """A failure with a message meant for the user."""


def log_hint(name):
    return 'see %s' % os.path.join(LOGS, name)


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def write_file(path, content, mode=None):
    """Write content if it differs.  Returns True when the file changed."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path) as f:
            if f.read() == content:
                if mode is not None:
                    os.chmod(path, mode)
                return False
    except FileNotFoundError:
        pass
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(content)
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, path)
    return True


def run(cmd, env=None, check=True, log=None, input=None, timeout=600):
    """Run a command; on failure raise Fail with its output (or log path)."""
    if log:
        os.makedirs(os.path.dirname(log), exist_ok=True)
        with open(log, 'a') as lf:
            lf.write('\n$ %s\n' % ' '.join(shlex.quote(c) for c in cmd))
            lf.flush()
            r = subprocess.run(cmd, env=env, stdout=lf, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL if input is None else None,
                               input=input, text=True, timeout=timeout, check=False)
        if check and r.returncode != 0:
            raise Fail('command failed (rc=%d): %s\n  see %s'
                       % (r.returncode, ' '.join(cmd), log))
        return r
    r = subprocess.run(cmd, env=env, capture_output=True, text=True,
                       input=input, timeout=timeout, check=False,
                       stdin=subprocess.DEVNULL if input is None else None)
    if check and r.returncode != 0:
        raise Fail('command failed (rc=%d): %s\n%s%s'
                   % (r.returncode, ' '.join(cmd), r.stdout, r.stderr))
    return r


def port_open(port, host=HOST, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(what, predicate, timeout, hint, interval=0.5, alive=None):
    deadline = time.time() + timeout
    while True:
        try:
            if predicate():
                return
        except Exception:
            pass
        if alive is not None and not alive():
            raise Fail('%s: process died while starting; %s' % (what, hint))
        if time.time() > deadline:
            raise Fail('%s: not ready after %ds; %s' % (what, timeout, hint))
        time.sleep(interval)


def http(method, url, body=None, token=None, headers=None, timeout=30):
    """Minimal JSON HTTP client.  Returns (status, headers, parsed_body)."""
    hdrs = {'Accept': 'application/json'}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        hdrs['Content-Type'] = 'application/json'
    if token:
        hdrs['X-Auth-Token'] = token
    hdrs.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            status, rh = resp.status, resp.headers
    except urllib.error.HTTPError as e:
        raw = e.read()
        status, rh = e.code, e.headers
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors='replace')
    return status, rh, parsed


def lvm_env():
    env = dict(os.environ)
    env['LVM_SYSTEM_DIR'] = LVM_DIR
    env['LVM_SUPPRESS_FD_WARNINGS'] = '1'
    return env


def base_env():
    env = dict(os.environ)
    env[OWNER_ENV] = STATE
    env['LVM_SYSTEM_DIR'] = LVM_DIR
    env['LVM_SUPPRESS_FD_WARNINGS'] = '1'
    env['PATH'] = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    for k in ('PYTHONPATH', 'VIRTUAL_ENV', 'PYTHONHOME', 'OS_CLOUD',
              'OS_CLIENT_CONFIG_FILE'):
        env.pop(k, None)
    return env


@contextlib.contextmanager
def state_lock():
    os.makedirs(STATE, exist_ok=True)
    with open(p('.testcloud.lock'), 'a+') as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say('another testcloud command holds the lock; waiting...')
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def marker(name):
    return p('markers', name)


def has_marker(name):
    return os.path.exists(marker(name))


def set_marker(name):
    write_file(marker(name), time.strftime('%Y-%m-%dT%H:%M:%S\n'))


def human(n):
    for unit in ('B', 'K', 'M', 'G', 'T'):
        if n < 1024 or unit == 'T':
            return ('%d%s' % (n, unit)) if n == int(n) else ('%.2f%s' % (n, unit))
        n /= 1024.0
