"""Start, stop and restart one service (for fault tests), and wait until Cinder sees a started service."""

import signal
import time

from .bootstrap import get_pools, get_services, get_token
from .ceph import ceph_json
from .common import Fail, log_hint, say, wait_for
from .config import backend_names, pool_name
from .processes import (
    CEPH_DEPENDENT,
    SERVICE_NAMES,
    forget_pid,
    group_members,
    mark_stopped,
    proc_state,
    read_pid,
    service_pid,
    service_table,
    start_service,
    stop_group,
)
from .state import ceph_enabled, read_ceph_state

# What Cinder's os-services must show up (and reporting since the start) once a service is started:
# binary, or binary@backend for the volume services.
CINDER_SEES = {
    'cinder-scheduler': lambda: {'cinder-scheduler'},
    'cinder-volume': lambda: {'cinder-volume@' + b for b in backend_names(False)},
    'cinder-volume-ceph': lambda: {'cinder-volume@ceph'},
}
CINDER_WAIT = 180


def check_service_name(name):
    if name not in SERVICE_NAMES:
        raise Fail('unknown service %r: the services are %s' % (name, ', '.join(SERVICE_NAMES)))


def service_key(s):
    """An os-services entry as 'binary' or 'binary@backend'."""
    return s['binary'] + ('@' + s['host'].split('@')[1] if '@' in s['host'] else '')


def cinder_up_services(token, project, fresh_since=None, fresh=()):
    """Cinder's view: {'binary' or 'binary@backend'} of the services up and enabled; one in `fresh` counts only
    when it reported at or after fresh_since (the DB may still show its previous incarnation as up)."""
    up = set()
    for s in get_services(token, project) or []:
        if s['state'] != 'up' or s['status'] != 'enabled':
            continue
        key = service_key(s)
        if key in fresh and (s.get('updated_at') or '')[:19] < fresh_since:
            continue
        up.add(key)
    return up


def pool_stamps(token, project):
    """Pool name -> when its volume service last published its capabilities (UTC, as the scheduler stamps them).
    A volume service publishes them at the end of its start (cinder/volume/manager.py, VolumeManager.init_host ->
    publish_service_capabilities), so a stamp newer than a start means its driver is initialised."""
    return {x['name']: x.get('capabilities', {}).get('timestamp') or '' for x in (get_pools(token, project) or [])}


def fresh_pools(need):
    """The pools of the volume services among `need` (binary@backend entries)."""
    return [pool_name(n.split('@')[1]) for n in need if n.startswith('cinder-volume@')]


def scheduler_runs():
    """The pool listing is an RPC call to cinder-scheduler: with the scheduler down it hangs until the RPC timeout."""
    return service_pid('cinder-scheduler', 'cinder-scheduler') is not None


def cinder_view(with_pools):
    """(token, project, {service key: updated_at}, {pool: stamp} or None) now, or None when the Cinder API (or
    Keystone) does not answer. Pools only when asked and the scheduler runs."""
    try:
        token, project = get_token()
        services = get_services(token, project)
        if services is None:
            return None
        stamps = pool_stamps(token, project) if with_pools and scheduler_runs() else None
        return token, project, {service_key(s): s.get('updated_at') or '' for s in services}, stamps
    except Exception:
        return None


def wait_cinder_sees(name, before, proc):
    """After starting a cinder-scheduler/-volume: wait until os-services shows it up with a report newer than
    `before` (the view taken once the old process was gone) and, for a volume service, its pools published anew.
    Skipped, with a note, when the Cinder API did not answer."""
    if before is None:
        say('%s: started; not waiting for Cinder to see it (the Cinder API does not answer)' % name)
        return
    token, project, old_reports, old_stamps = before
    need = CINDER_SEES[name]()
    pools = fresh_pools(need) if old_stamps is not None else []
    if old_stamps is None and name != 'cinder-scheduler':
        say('%s: not waiting for its pools (cinder-scheduler is down)' % name)
    state = {}

    def ready():
        reports = {service_key(s): s.get('updated_at') or '' for s in get_services(token, project) or []
                   if s['state'] == 'up' and s['status'] == 'enabled'}
        state['up'] = sorted(reports)
        state['pools'] = pool_stamps(token, project) if pools else {}
        return all(reports.get(n, '') > old_reports.get(n, '') for n in need) and all(
            state['pools'].get(x, '') > old_stamps.get(x, '') for x in pools)

    try:
        wait_for('%s (Cinder sees it)' % name, ready, CINDER_WAIT, log_hint(name + '.log'), interval=1,
                 alive=lambda: proc.poll() is None)
    except Fail as e:
        raise Fail('%s\n  want reporting anew: %s (pools %s)\n  services up: %s\n  pools reported: %s'
                   % (e, sorted(need), ', '.join(pools) or '-', state.get('up'), state.get('pools')))


def check_startable(name):
    check_service_name(name)
    if name in CEPH_DEPENDENT and not ceph_enabled():
        raise Fail('%s belongs to the ceph backend, which the last `up` did not enable (%s); run `testcloud up`'
                   % (name, (read_ceph_state() or {}).get('reason') or 'Ceph was not brought up'))


def start_one(name):
    """Start one service unless it runs; wait until it answers (Cinder services: until Cinder sees them).
    Returns a message."""
    check_startable(name)
    spec = dict(service_table())[name]
    pid = service_pid(name, spec['cmdline'])
    if pid:
        return '%s: already running (pid %d)' % (name, pid)
    procs = {}
    before = cinder_view(with_pools=name != 'cinder-scheduler') if name in CINDER_SEES else None
    proc = start_service(name, spec, procs)

    def alive():
        return proc.poll() is None
    hint = log_hint(name + '.log')
    if spec['check']:
        wait_for(name, spec['check'], spec['timeout'], hint, alive=alive)
    else:
        time.sleep(0.5)
        if not alive():
            raise Fail('%s exited (rc=%s); %s' % (name, proc.returncode, hint))
    if name == 'ceph-osd':
        wait_for('ceph-osd', lambda: ceph_json('osd', 'stat', timeout=20).get('num_up_osds') == 1, 90, hint,
                 alive=alive)
    if name in CINDER_SEES:
        wait_cinder_sees(name, before, proc)
    return 'started %s (pid %d)' % (name, proc.pid)


def stop_one(name, kill=False):
    """Stop one service (SIGTERM, SIGKILL after 20 s; `kill`: SIGKILL at once, like a crash) and mark it
    stopped for `status`. Returns a message."""
    check_service_name(name)
    pid = read_pid(name)
    running = bool(pid and proc_state(pid) and group_members(pid))
    if running and not stop_group(name, pid, sig=signal.SIGKILL if kill else signal.SIGTERM):
        raise Fail('%s (pgid %d) did not stop; %s' % (name, pid, log_hint(name + '.log')))
    forget_pid(name)
    mark_stopped(name)
    if not running:
        return '%s: already stopped' % name
    what = 'killed' if kill else 'stopped'
    if name in CINDER_SEES:
        return ('%s %s (Cinder shows it down once its last report is older than service_down_time; '
                '`testcloud start %s` or `testcloud up` brings it back)' % (what, name, name))
    return '%s %s' % (what, name)


def restart_one(name, kill=False):
    """Stop (if it runs) and start one service. Returns a message."""
    check_startable(name)
    stopped = stop_one(name, kill=kill)
    started = start_one(name)
    return '%s; %s' % (stopped, started)
