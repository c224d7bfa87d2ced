"""Ceph: one mon, one mgr, one BlueStore OSD on a sparse file, pool `volumes`; and the RBD commands."""

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid

from .common import (
    CEPH_ADMIN_KEYRING,
    CEPH_APT_PACKAGES,
    CEPH_CINDER_KEYRING,
    CEPH_CONF,
    CEPH_DIR,
    CEPH_MON_PORT,
    CEPH_MON_PORT_V1,
    CEPH_OSD_SIZE_GB,
    CEPH_POOL,
    LOGS,
    VENV_CINDER,
    Fail,
    log_hint,
    p,
    run,
    say,
    wait_for,
    write_file,
)
from .config import ceph_conf
from .install import APT_INSTALL, dpkg_installed, no_service_start
from .processes import CEPH_SERVICES, ceph_env, ceph_service_specs, fingerprint, read_fingerprint, service_pid


def ceph_fsid():
    path = os.path.join(CEPH_DIR, 'fsid')
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        fsid = str(uuid.uuid4())
        write_file(path, fsid + '\n')
        return fsid


def ceph_cli(*args, check=True, timeout=60, input=None, tool='ceph'):
    cmd = [tool, '--conf', CEPH_CONF]
    if tool == 'ceph':
        cmd += ['--connect-timeout', '15']
    else:   # rbd: do not wait 5 min for a monitor that is down
        cmd += ['--client-mount-timeout', '15']
    try:
        r = subprocess.run(cmd + list(args), env=ceph_env(), capture_output=True, text=True, check=False,
                           timeout=timeout, input=input,
                           stdin=subprocess.DEVNULL if input is None else None)
    except subprocess.TimeoutExpired:
        raise Fail('%s %s: no answer after %ds (is Ceph up? `testcloud status`; logs %s/ceph-*.log)'
                   % (tool, ' '.join(args), timeout, LOGS))
    if check and r.returncode != 0:
        raise Fail('%s %s failed (rc=%d): %s' % (tool, ' '.join(args), r.returncode,
                                                 (r.stderr or r.stdout).strip()[-2000:]))
    return r


def ceph_json(*args, timeout=60):
    return json.loads(ceph_cli(*(list(args) + ['--format', 'json']), timeout=timeout).stdout)


def ensure_ceph_packages():
    missing = [pkg for pkg in CEPH_APT_PACKAGES if not dpkg_installed(pkg)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise Fail('Ceph packages missing (%s) and not root' % ' '.join(missing))
    log = os.path.join(LOGS, 'apt-ceph.log')
    say('ceph: apt-get install %s (log: %s)' % (' '.join(missing), log))
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    with no_service_start():
        r = run(APT_INSTALL + missing, env=env, log=log, check=False, timeout=1200)
        if r.returncode != 0:   # stale package lists: update once and retry
            run(['apt-get', 'update'], env=env, log=log, check=False)
            run(APT_INSTALL + missing, env=env, log=log, timeout=1200)
    still = [pkg for pkg in CEPH_APT_PACKAGES if not dpkg_installed(pkg)]
    if still:
        raise Fail('apt-get did not install %s; see %s' % (' '.join(still), log))


def ensure_ceph_python():
    """Make Debian's rados/rbd C extensions (CPython 3.11) importable in venv-cinder.

    A .pth in the venv points at <state>/ceph/pylib, which holds symlinks to
    only those two modules (not all of /usr/lib/python3/dist-packages)."""
    src = '/usr/lib/python3/dist-packages'
    pylib = os.path.join(CEPH_DIR, 'pylib')
    os.makedirs(pylib, exist_ok=True)
    py = os.path.join(VENV_CINDER, 'bin', 'python')
    done = os.path.join(VENV_CINDER, '.stackadopt-ceph-python')
    if os.path.exists(done) and all(os.path.exists(os.path.join(pylib, x))
                                    for x in os.listdir(pylib)) and os.listdir(pylib):
        return
    suffix = run([py, '-c', 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))']
                 ).stdout.strip()
    for mod in ('rados', 'rbd'):
        so = os.path.join(src, mod + suffix)
        if not os.path.exists(so):
            raise Fail('%s not found: python3-%s does not match the venv python (%s)'
                       % (so, mod, suffix))
        link = os.path.join(pylib, mod + suffix)
        if os.path.realpath(link) != so:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(link)
            os.symlink(so, link)
    site = run([py, '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']
               ).stdout.strip()
    write_file(os.path.join(site, 'stackadopt-testcloud-ceph.pth'), pylib + '\n')
    r = run([py, '-c', 'import rados, rbd; print(rados.__file__)'], check=False)
    if r.returncode != 0:
        raise Fail('venv-cinder cannot import rados/rbd: %s' % r.stderr.strip()[-1000:])
    write_file(done, pylib + '\n')


def ceph_keyring(path, name, caps=None):
    if os.path.exists(path):
        return
    args = ['--create-keyring', path, '--gen-key', '-n', name]
    for daemon, cap in (caps or {}).items():
        args += ['--cap', daemon, cap]
    run(['ceph-authtool'] + args)
    os.chmod(path, 0o600)


def ceph_bootstrap_mon():
    mon_data = os.path.join(CEPH_DIR, 'mon', 'ceph-a')
    if os.path.exists(os.path.join(mon_data, 'done')):
        return
    say('ceph: creating monitor a (fsid %s)' % ceph_fsid())
    shutil.rmtree(mon_data, ignore_errors=True)
    tmp = os.path.join(CEPH_DIR, 'bootstrap')
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    os.makedirs(os.path.dirname(mon_data), exist_ok=True)
    mon_keyring = os.path.join(tmp, 'mon.keyring')
    ceph_keyring(mon_keyring, 'mon.', {'mon': 'allow *'})
    ceph_keyring(CEPH_ADMIN_KEYRING, 'client.admin',
                 {'mon': 'allow *', 'osd': 'allow *', 'mds': 'allow *', 'mgr': 'allow *'})
    run(['ceph-authtool', mon_keyring, '--import-keyring', CEPH_ADMIN_KEYRING])
    monmap = os.path.join(tmp, 'monmap')
    run(['monmaptool', '--create', '--fsid', ceph_fsid(), '--addv', 'a',
         '[v2:127.0.0.1:%d,v1:127.0.0.1:%d]' % (CEPH_MON_PORT, CEPH_MON_PORT_V1),
         '--enable-all-features', '--set-min-mon-release', 'pacific', monmap])
    run(['ceph-mon', '--cluster', 'ceph', '--conf', CEPH_CONF, '--mkfs', '-i', 'a',
         '--monmap', monmap, '--keyring', mon_keyring], env=ceph_env(),
        log=os.path.join(LOGS, 'ceph-bootstrap.log'))
    write_file(os.path.join(mon_data, 'done'), '')
    shutil.rmtree(tmp, ignore_errors=True)


def ceph_bootstrap_mgr():
    mgr_data = os.path.join(CEPH_DIR, 'mgr', 'ceph-x')
    keyring = os.path.join(mgr_data, 'keyring')
    if os.path.exists(keyring):
        return
    say('ceph: creating manager x')
    os.makedirs(mgr_data, exist_ok=True)
    out = ceph_cli('auth', 'get-or-create', 'mgr.x', 'mon', 'allow profile mgr',
                   'osd', 'allow *', 'mds', 'allow *').stdout
    write_file(keyring, out, mode=0o600)


def ceph_bootstrap_osd():
    osd_data = os.path.join(CEPH_DIR, 'osd', 'ceph-0')
    if os.path.exists(os.path.join(osd_data, 'ready')):
        return
    block = p('disks', 'ceph-osd.0.img')
    say('ceph: creating OSD 0 (BlueStore on sparse file %s, %dG)' % (block, CEPH_OSD_SIZE_GB))
    shutil.rmtree(osd_data, ignore_errors=True)
    os.makedirs(osd_data)
    os.makedirs(p('disks'), exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(block)   # half-made by an interrupted mkfs
    osd_uuid = str(uuid.uuid4())
    secret = run(['ceph-authtool', '--gen-print-key']).stdout.strip()
    # A previous half-made osd.0 (e.g. interrupted mkfs) is replaced.
    if ceph_cli('osd', 'find', '0', check=False).returncode == 0:
        ceph_cli('osd', 'purge', '0', '--yes-i-really-mean-it')
    osd_id = ceph_cli('osd', 'new', osd_uuid, '0', '-i', '-',
                      input=json.dumps({'cephx_secret': secret})).stdout.strip()
    if osd_id != '0':
        raise Fail('ceph osd new returned id %r, expected 0' % osd_id)
    write_file(os.path.join(osd_data, 'keyring'),
               '[osd.0]\n\tkey = %s\n' % secret, mode=0o600)
    run(['ceph-osd', '--cluster', 'ceph', '--conf', CEPH_CONF, '-i', '0', '--mkfs',
         '--osd-uuid', osd_uuid], env=ceph_env(),
        log=os.path.join(LOGS, 'ceph-bootstrap.log'), timeout=300)
    write_file(os.path.join(osd_data, 'ready'), osd_uuid + '\n')


def ceph_bootstrap_pool():
    if os.path.exists(os.path.join(CEPH_DIR, 'pool-ready')) and \
            os.path.exists(CEPH_CINDER_KEYRING):
        return
    say('ceph: creating pool %s (size 1, application rbd) and client.cinder' % CEPH_POOL)
    pools = ceph_json('osd', 'pool', 'ls')
    if CEPH_POOL not in pools:
        ceph_cli('osd', 'pool', 'create', CEPH_POOL, '8', '8', 'replicated')
    ceph_cli('osd', 'pool', 'set', CEPH_POOL, 'size', '1', '--yes-i-really-mean-it')
    ceph_cli('osd', 'pool', 'set', CEPH_POOL, 'min_size', '1')
    ceph_cli('osd', 'pool', 'application', 'enable', CEPH_POOL, 'rbd')
    ceph_cli('pool', 'init', CEPH_POOL, tool='rbd', timeout=120)
    out = ceph_cli('auth', 'get-or-create', 'client.cinder', 'mon', 'profile rbd',
                   'osd', 'profile rbd pool=%s' % CEPH_POOL,
                   'mgr', 'profile rbd pool=%s' % CEPH_POOL).stdout
    write_file(CEPH_CINDER_KEYRING, out, mode=0o600)
    write_file(os.path.join(CEPH_DIR, 'pool-ready'), '')


def ceph_health(timeout=20):
    """(status, detail) from `ceph health`, or raise Fail."""
    data = ceph_json('health', timeout=timeout)
    checks = data.get('checks') or {}
    detail = '; '.join('%s: %s' % (k, v.get('summary', {}).get('message', ''))
                       for k, v in checks.items())
    return data.get('status'), detail


def ceph_status_ok(st):
    """(ok, summary) of a `ceph status` document: OSD up, every PG active."""
    osds = st.get('osdmap', {})
    pgs = st.get('pgmap', {})
    total = pgs.get('num_pgs', 0)
    active = sum(x['count'] for x in pgs.get('pgs_by_state', [])
                 if 'active' in x['state_name'])
    ok = osds.get('num_up_osds') == 1 and total > 0 and active == total
    return ok, '%s, %d/%d OSD up, %d/%d PGs active' % (
        st.get('health', {}).get('status'), osds.get('num_up_osds', 0),
        osds.get('num_osds', 0), active, total)


def ceph_up(start_spec):
    """Install, bootstrap and start Ceph.  Raises Fail on any problem."""
    t = time.time()
    ensure_ceph_packages()
    for d in ('run', 'crash', 'mon', 'mgr', 'osd'):
        os.makedirs(os.path.join(CEPH_DIR, d), exist_ok=True)
    write_file(CEPH_CONF, ceph_conf(ceph_fsid()))
    specs = dict(ceph_service_specs())
    # Fast path (`up` on a running cloud): everything bootstrapped and running
    # unchanged -> one `ceph status`.
    if all(service_pid(n, specs[n]['cmdline']) and read_fingerprint(n) == fingerprint(n, specs[n])
           for n in CEPH_SERVICES) and os.path.exists(os.path.join(CEPH_DIR, 'pool-ready')) \
            and os.path.exists(CEPH_CINDER_KEYRING):
        with contextlib.suppress(Exception):
            ok, summary = ceph_status_ok(ceph_json('status', timeout=30))
            if ok:
                say('ceph: running (%s)' % summary)
                return
    ceph_bootstrap_mon()
    mon = start_spec('ceph-mon', specs['ceph-mon'])
    wait_for('ceph-mon', lambda: ceph_cli('mon', 'stat', timeout=20,
                                          check=False).returncode == 0,
             60, log_hint('ceph-mon.log'),
             alive=(lambda: mon.poll() is None) if mon else None)
    ceph_bootstrap_mgr()
    mgr = start_spec('ceph-mgr', specs['ceph-mgr'])
    ceph_bootstrap_osd()
    osd = start_spec('ceph-osd', specs['ceph-osd'])

    def osd_up():
        return ceph_json('osd', 'stat', timeout=20).get('num_up_osds') == 1
    wait_for('ceph-osd', osd_up, 90, log_hint('ceph-osd.log'),
             alive=(lambda: osd.poll() is None) if osd else None)
    ceph_bootstrap_pool()

    def pgs_active():
        return ceph_status_ok(ceph_json('status', timeout=20))[0]
    wait_for('ceph placement groups', pgs_active, 120, log_hint('ceph-osd.log'),
             alive=(lambda: osd.poll() is None) if osd else None)
    if mgr is not None and mgr.poll() is not None:
        raise Fail('ceph-mgr exited (rc=%s); %s' % (mgr.returncode, log_hint('ceph-mgr.log')))
    r = ceph_cli('ls', CEPH_POOL, '--id', 'cinder', tool='rbd', timeout=30, check=False)
    if r.returncode != 0:
        raise Fail('client.cinder cannot list pool %s: %s' % (CEPH_POOL, r.stderr.strip()))
    status, detail = ceph_health()
    say('ceph: up in %.1fs (%s%s)' % (time.time() - t, status, (': ' + detail) if detail else ''))


def rbd(*args, check=True, timeout=120):
    if not os.path.exists(CEPH_CONF):
        raise Fail('no Ceph here (%s missing): run `testcloud up`' % CEPH_CONF)
    r = ceph_cli(*args, check=False, timeout=timeout, tool='rbd')
    if check and r.returncode != 0:
        raise Fail('rbd %s failed (rc=%d): %s' % (' '.join(args), r.returncode,
                                                  (r.stderr or r.stdout).strip()))
    return r


def list_rbd_names():
    """Image names of the pool (one `rbd ls`: no per-image open, fast for thousands)."""
    return json.loads(rbd('ls', '--pool', CEPH_POOL, '--format', 'json').stdout or '[]')


def list_rbd():
    r = rbd('ls', '-l', '--pool', CEPH_POOL, '--format', 'json')
    images = {}
    order = []
    for e in json.loads(r.stdout or '[]'):
        name = e['image']
        if name not in images:
            images[name] = {'pool': CEPH_POOL, 'name': name, 'size_bytes': None,
                            'snapshots': []}
            order.append(name)
        if 'snapshot' in e:
            images[name]['snapshots'].append({
                'name': e['snapshot'], 'id': e.get('snapshot_id'),
                'size_bytes': e.get('size'),
                'protected': str(e.get('protected', 'false')).lower() == 'true'})
        else:
            images[name]['size_bytes'] = e.get('size')
    return [images[n] for n in order]


# --------------------------------------------------------------------------
# RBD names and bulk commands
# --------------------------------------------------------------------------

RBD_NAME_RE = re.compile(r'^[A-Za-z0-9_.][A-Za-z0-9+_.-]*$')
RBD_SIZE_RE = re.compile(r'^(\d+)([MmGgTt]?)$')
RBD_SIZE_UNITS = {'': 1024 ** 2, 'm': 1024 ** 2, 'g': 1024 ** 3, 't': 1024 ** 4}
# Names Cinder's RBD driver gives the images it manages (cinder/volume/drivers/rbd.py: volume_name_template
# 'volume-%s'): a prefix removal never touches those.
CINDER_RBD_PREFIXES = ('volume-',)
SYSTEM_PYTHON = '/usr/bin/python3'   # Debian's, with python3-rados / python3-rbd
BULK_HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'rbd_bulk.py')
BULK_THREADS = 8


def check_rbd_name(kind, name):
    if not RBD_NAME_RE.match(name) or len(name) > 200:
        raise Fail('bad %s name %r' % (kind, name))


def rbd_size_bytes(size):
    """`rbd create --size` semantics: a whole number with an optional unit M, G, T (either case; none = MiB)."""
    m = RBD_SIZE_RE.match(size)
    if not m:
        raise Fail('bad SIZE %r (use e.g. 1G, 512M; no suffix = MiB)' % size)
    return int(m.group(1)) * RBD_SIZE_UNITS[m.group(2).lower()]


def check_rbd_removal_prefix(prefix):
    if not prefix:
        raise Fail('--prefix must not be empty')
    for cinder_prefix in CINDER_RBD_PREFIXES:
        if cinder_prefix.startswith(prefix) or prefix.startswith(cinder_prefix):
            raise Fail('refusing --prefix %r: it can match the images Cinder names itself (%s<id>); remove '
                       'those by name' % (prefix, cinder_prefix))


def rbd_bulk(op, names, size=None):
    """Create or remove many images in pool CEPH_POOL with one cluster connection (see rbd_bulk.py).
    Returns the names done; raises Fail naming the images that failed."""
    if not os.path.exists(CEPH_CONF):
        raise Fail('no Ceph here (%s missing): run `testcloud up`' % CEPH_CONF)
    if not names:
        return []
    req = {'conf': CEPH_CONF, 'pool': CEPH_POOL, 'op': op, 'names': names, 'size': size,
           'threads': BULK_THREADS}
    python = SYSTEM_PYTHON if os.path.exists(SYSTEM_PYTHON) else sys.executable
    try:
        r = subprocess.run([python, BULK_HELPER], input=json.dumps(req), capture_output=True, text=True,
                           env=ceph_env(), timeout=1800, check=False)
    except subprocess.TimeoutExpired:
        raise Fail('rbd bulk %s of %d images: no answer after 1800s (is Ceph up? `testcloud status`)'
                   % (op, len(names)))
    try:
        result = json.loads(r.stdout)
    except ValueError:
        raise Fail('rbd bulk %s failed (rc=%d): %s' % (op, r.returncode, (r.stderr or r.stdout).strip()[-2000:]))
    errors = result.get('errors') or {}
    if errors:
        first = sorted(errors.items())[:5]
        raise Fail('rbd bulk %s: %d of %d images failed (%d done): %s%s'
                   % (op, len(errors), len(names), len(result.get('done', [])),
                      '; '.join('%s: %s' % kv for kv in first), ' ...' if len(errors) > 5 else ''))
    return result['done']
