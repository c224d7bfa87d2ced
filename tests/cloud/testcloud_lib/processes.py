"""Processes: the service table, PID files and fingerprints, spawning and stopping process groups."""

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import time

from .common import (
    CEPH_CONF,
    CEPH_MON_PORT,
    CEPH_MON_PORT_V1,
    CINDER_API_CONF,
    CINDER_CEPH_CONF,
    CINDER_CONF,
    CINDER_PORT,
    CINDER_URL,
    EPMD_PORT,
    HOST,
    KEYSTONE_CONF,
    KEYSTONE_PORT,
    KEYSTONE_URL,
    LOGS,
    MYSQL_PORT,
    MYSQL_SOCK,
    OWNER_ENV,
    RABBIT_BIN,
    RABBIT_DIST_PORT,
    RABBIT_NODENAME,
    RABBIT_PORT,
    RUN,
    STATE,
    VENV_CINDER,
    VENV_KEYSTONE,
    Fail,
    base_env,
    http,
    p,
    port_open,
    say,
    write_file,
)
from .state import rpc_response_timeout

CEPH_SERVICES = ['ceph-mon', 'ceph-mgr', 'ceph-osd']
# Everything that only runs while the ceph backend is on.
CEPH_DEPENDENT = CEPH_SERVICES + ['cinder-volume-ceph']


def rabbit_env():
    env = base_env()
    env.update({
        'HOME': p('rabbitmq'),
        'RABBITMQ_NODENAME': RABBIT_NODENAME,
        'RABBITMQ_NODE_IP_ADDRESS': HOST,
        'RABBITMQ_NODE_PORT': str(RABBIT_PORT),
        'RABBITMQ_DIST_PORT': str(RABBIT_DIST_PORT),
        'RABBITMQ_MNESIA_BASE': p('rabbitmq', 'mnesia'),
        'RABBITMQ_LOG_BASE': LOGS,
        'RABBITMQ_LOGS': '-',
        'RABBITMQ_CONFIG_FILE': p('etc', 'rabbitmq', 'rabbitmq.conf'),
        'RABBITMQ_ADVANCED_CONFIG_FILE': p('etc', 'rabbitmq', 'advanced.config'),
        'RABBITMQ_CONF_ENV_FILE': p('etc', 'rabbitmq', 'rabbitmq-env.conf'),
        'RABBITMQ_ENABLED_PLUGINS_FILE': p('etc', 'rabbitmq', 'enabled_plugins'),
        'RABBITMQ_PID_FILE': p('run', 'rabbitmq-beam.pid'),
        'RABBITMQ_USE_LONGNAME': 'false',
        'ERL_EPMD_PORT': str(EPMD_PORT),
        'ERL_EPMD_ADDRESS': HOST,
        # Erlang distribution listener on loopback only.
        'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS': '-kernel inet_dist_use_interface {127,0,0,1}',
    })
    return env


def rabbitmqctl(*args, timeout=60):
    return subprocess.run([os.path.join(RABBIT_BIN, 'rabbitmqctl'), '-n', RABBIT_NODENAME] + list(args),
                          env=rabbit_env(), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, cwd=p('rabbitmq'), check=False)


def http_ok(url, codes=(200, 300)):
    def check():
        st, _hdrs, _body = http('GET', url, timeout=5)
        return st in codes
    return check


def service_table():
    """Ordered list of services: name -> dict(cmd, env, check, cmdline)."""
    cenv = base_env()
    venv_bin_c = os.path.join(VENV_CINDER, 'bin')
    cenv['PATH'] = venv_bin_c + ':' + cenv['PATH']
    kenv = base_env()
    kenv['PATH'] = os.path.join(VENV_KEYSTONE, 'bin') + ':' + kenv['PATH']
    kenv['OS_KEYSTONE_CONFIG_FILES'] = KEYSTONE_CONF

    def cinder(binary, extra_conf=None):
        return [os.path.join(venv_bin_c, binary), '--config-file', CINDER_CONF] \
            + (['--config-file', extra_conf] if extra_conf else []) \
            + ['--log-file', os.path.join(LOGS, binary + '.log')]

    return [
        ('mariadb', {
            'cmd': ['/usr/sbin/mariadbd', '--no-defaults', '--datadir=' + p('mysql'),
                    '--socket=' + MYSQL_SOCK, '--port=%d' % MYSQL_PORT,
                    '--bind-address=' + HOST, '--pid-file=' + p('run', 'mariadbd.pid'),
                    '--user=root', '--log-error=' + os.path.join(LOGS, 'mariadb.log'),
                    '--skip-name-resolve', '--max-connections=2000',
                    '--innodb-buffer-pool-size=256M', '--innodb-use-native-aio=0',
                    '--innodb-flush-log-at-trx-commit=2', '--skip-log-bin',
                    '--character-set-server=utf8mb4', '--collation-server=utf8mb4_general_ci',
                    '--tmpdir=' + RUN],
            'env': base_env(), 'check': lambda: port_open(MYSQL_PORT),
            'cmdline': 'mariadbd', 'timeout': 60}),
        ('epmd', {
            'cmd': ['epmd', '-port', str(EPMD_PORT), '-address', HOST],
            'env': base_env(), 'check': lambda: port_open(EPMD_PORT),
            'cmdline': 'epmd', 'timeout': 20}),
        ('rabbitmq', {
            'cmd': [os.path.join(RABBIT_BIN, 'rabbitmq-server')],
            'env': rabbit_env(), 'cwd': p('rabbitmq'),
            'check': lambda: port_open(RABBIT_PORT),
            'cmdline': 'rabbit', 'timeout': 90}),
        ('keystone', {
            'cmd': [os.path.join(VENV_KEYSTONE, 'bin', 'gunicorn'),
                    '--bind', '%s:%d' % (HOST, KEYSTONE_PORT),
                    '--workers', '1', '--worker-class', 'gthread', '--threads', '8',
                    '--timeout', '120', '--graceful-timeout', '5',
                    '--name', 'stackadopt-keystone',
                    '--chdir', p('etc', 'keystone'), '--pythonpath', p('etc', 'keystone'),
                    '--access-logfile', '-', 'keystone_wsgi:application'],
            'env': kenv, 'check': http_ok(KEYSTONE_URL),
            'cmdline': 'gunicorn', 'timeout': 90}),
        ('cinder-api', {
            'cmd': cinder('cinder-api', CINDER_API_CONF if rpc_response_timeout() else None), 'env': cenv,
            'check': http_ok(CINDER_URL + '/'), 'cmdline': 'cinder-api', 'timeout': 90}),
        ('cinder-scheduler', {
            'cmd': cinder('cinder-scheduler'), 'env': cenv, 'check': None,
            'cmdline': 'cinder-scheduler', 'timeout': 30}),
        ('cinder-volume', {
            'cmd': cinder('cinder-volume'), 'env': cenv, 'check': None,
            'cmdline': 'cinder-volume', 'timeout': 30}),
        ('cinder-volume-ceph', {
            'cmd': [os.path.join(venv_bin_c, 'cinder-volume'), '--config-file', CINDER_CONF,
                    '--config-file', CINDER_CEPH_CONF,
                    '--log-file', os.path.join(LOGS, 'cinder-volume-ceph.log')],
            'env': cenv, 'check': None, 'cmdline': 'cinder-volume-ceph.conf', 'timeout': 30}),
    ] + ceph_service_specs()


def ceph_env():
    env = base_env()
    env['CEPH_CONF'] = CEPH_CONF
    return env


def ceph_service_specs():
    env = ceph_env()
    ports = {'ceph-mon': lambda: port_open(CEPH_MON_PORT) and port_open(CEPH_MON_PORT_V1)}
    specs = []
    for name, daemon, ident in (('ceph-mon', 'ceph-mon', 'a'), ('ceph-mgr', 'ceph-mgr', 'x'),
                                ('ceph-osd', 'ceph-osd', '0')):
        # -f: stay in the foreground (our process group, our PID file), log to the
        # log_file of ceph.conf; stdout/stderr go to <logs>/<name>.log.
        specs.append((name, {
            'cmd': ['/usr/bin/' + daemon, '-f', '--cluster', 'ceph', '--conf', CEPH_CONF,
                    '-i', ident],
            'env': env, 'check': ports.get(name), 'cmdline': daemon, 'timeout': 60}))
    return specs


SERVICE_NAMES = ['mariadb', 'epmd', 'rabbitmq', 'ceph-mon', 'ceph-mgr', 'ceph-osd',
                 'keystone', 'cinder-api', 'cinder-scheduler', 'cinder-volume',
                 'cinder-volume-ceph']
SERVICE_PORTS = {'mariadb': MYSQL_PORT, 'epmd': EPMD_PORT, 'rabbitmq': RABBIT_PORT,
                 'ceph-mon': CEPH_MON_PORT,
                 'keystone': KEYSTONE_PORT, 'cinder-api': CINDER_PORT}


CONFIG_FILES = {
    'rabbitmq': [('etc', 'rabbitmq', 'rabbitmq.conf')],
    'keystone': [('etc', 'keystone', 'keystone.conf'), ('etc', 'keystone', 'keystone_wsgi.py')],
    'cinder-api': [('etc', 'cinder', 'cinder.conf'), ('etc', 'cinder', 'api-paste.ini')],
    'cinder-scheduler': [('etc', 'cinder', 'cinder.conf')],
    'cinder-volume': [('etc', 'cinder', 'cinder.conf'), ('lvm', 'lvm.conf')],
    'cinder-volume-ceph': [('etc', 'cinder', 'cinder.conf'), ('etc', 'cinder', 'cinder-volume-ceph.conf'),
                           ('ceph', 'ceph.conf')],
    'ceph-mon': [('ceph', 'ceph.conf')],
    'ceph-mgr': [('ceph', 'ceph.conf')],
    'ceph-osd': [('ceph', 'ceph.conf')],
}


def fingerprint(name, spec):
    """Hash of a service's command line and config files (restart on change)."""
    h = hashlib.sha256(json.dumps(spec['cmd']).encode())
    h.update(json.dumps(sorted((k, v) for k, v in spec['env'].items()
                               if k.startswith(('RABBITMQ_', 'ERL_', 'OS_', 'LVM_')))).encode())
    listed = [p(*parts) for parts in CONFIG_FILES.get(name, [])]
    # A --config-file of the command line that CONFIG_FILES does not list (cinder-api.conf, passed only when a
    # setting needs it) counts too.
    cmd = spec['cmd']
    extra = [cmd[i + 1] for i, arg in enumerate(cmd[:-1]) if arg == '--config-file' and cmd[i + 1] not in listed]
    for path in listed + extra:
        with contextlib.suppress(OSError), open(path, 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def read_fingerprint(name):
    try:
        with open(pidfile(name) + '.fingerprint') as f:
            return f.read().strip()
    except OSError:
        return None


def pidfile(name):
    return os.path.join(RUN, name + '.pid')


def proc_state(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            data = f.read()
    except OSError:
        return None
    rest = data.rsplit(')', 1)[1].split()
    return {'state': rest[0], 'ppid': int(rest[1]), 'pgid': int(rest[2])}


def proc_cmdline(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return f.read().replace(b'\0', b' ').decode(errors='replace')
    except OSError:
        return ''


def read_pid(name):
    try:
        with open(pidfile(name)) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def service_pid(name, cmdline_hint=None):
    """PID of a running service of ours, or None."""
    pid = read_pid(name)
    if not pid:
        return None
    st = proc_state(pid)
    if st is None or st['state'] in ('Z', 'X'):
        return None
    if cmdline_hint and cmdline_hint not in proc_cmdline(pid):
        return None
    return pid


def spawn(name, spec):
    logpath = os.path.join(LOGS, name + '.log')
    with open(logpath, 'a') as lf:
        lf.write('\n===== testcloud: starting %s at %s =====\n'
                 % (name, time.strftime('%Y-%m-%d %H:%M:%S')))
        lf.flush()
        proc = subprocess.Popen(spec['cmd'], env=spec['env'], stdin=subprocess.DEVNULL,
                                stdout=lf, stderr=subprocess.STDOUT,
                                cwd=spec.get('cwd', STATE), start_new_session=True,
                                close_fds=True)
    write_file(pidfile(name), '%d\n' % proc.pid)
    return proc


def our_processes():
    """All live processes carrying our owner marker in their environment."""
    found = []
    me = os.getpid()
    needle = ('%s=%s' % (OWNER_ENV, STATE)).encode()
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        pid = int(entry)
        if pid == me:
            continue
        try:
            with open('/proc/%d/environ' % pid, 'rb') as f:
                env = f.read().split(b'\0')
        except OSError:
            continue
        if needle in env:
            st = proc_state(pid)
            if st and st['state'] not in ('Z', 'X'):
                found.append(pid)
    return found


def live_threads(pid):
    try:
        return len(os.listdir('/proc/%d/task' % pid))
    except OSError:
        return 0


def group_members(pgid):
    out = []
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            st = proc_state(int(entry))
            # A zombie thread-group leader whose other threads still run (the
            # Ceph daemons exit that way) still holds its files and locks.
            if st and st['pgid'] == pgid and (st['state'] not in ('Z', 'X')
                                              or live_threads(int(entry)) > 1):
                out.append(int(entry))
    return out


def stop_service(name):
    """Stop one of our services if it runs (e.g. the ceph cinder-volume once Ceph is off)."""
    pid = read_pid(name)
    if pid and proc_state(pid):
        stop_group(name, pid)


def start_service(name, spec, procs):
    """Start a service unless it runs with the same fingerprint; returns the new Popen (also stored in
    procs[name]), or None when it was already running."""
    pid = service_pid(name, spec['cmdline'])
    if pid:
        if read_fingerprint(name) == fingerprint(name, spec):
            clear_stopped(name)
            return None
        say('%s: command or configuration changed: restarting' % name)
        stop_group(name, pid)
    port = SERVICE_PORTS.get(name)
    if port and port_open(port):
        raise Fail('%s: port %d is already in use by a process that is not ours '
                   '(check `ss -ltnp`)' % (name, port))
    procs[name] = spawn(name, spec)
    write_file(pidfile(name) + '.fingerprint', fingerprint(name, spec) + '\n')
    clear_stopped(name)
    say('%s: started (pid %d, log %s)' % (name, procs[name].pid, os.path.join(LOGS, name + '.log')))
    return procs[name]


# A service stopped on purpose by `testcloud stop` carries a marker until something starts it again, so that
# `status` tells it from one that died.
def stopped_marker(name):
    return os.path.join(RUN, name + '.stopped')


def mark_stopped(name):
    write_file(stopped_marker(name), time.strftime('%Y-%m-%dT%H:%M:%S\n'))


def clear_stopped(name):
    with contextlib.suppress(FileNotFoundError):
        os.unlink(stopped_marker(name))


def is_stopped(name):
    return os.path.exists(stopped_marker(name))


def forget_pid(name):
    """Remove a stopped service's PID file and fingerprint."""
    for path in (pidfile(name), pidfile(name) + '.fingerprint'):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def stop_group(name, pid, timeout=20, sig=signal.SIGTERM):
    members = group_members(pid)
    if not members:
        return True
    how = ', SIGKILL' if sig == signal.SIGKILL else ''
    say('stopping %s (pgid %d, %d processes%s)' % (name, pid, len(members), how))
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not group_members(pid):
            return True
        time.sleep(0.2)
    say('%s did not stop after %ds: SIGKILL' % (name, timeout))
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    deadline = time.time() + 10
    while time.time() < deadline:
        if not group_members(pid):
            return True
        time.sleep(0.2)
    return False
