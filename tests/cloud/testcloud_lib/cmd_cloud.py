"""The subcommands that run the cloud: up, status, env, down, start, stop, restart, quota."""

import contextlib
import json
import os
import shlex
import shutil
import signal
import sys
import threading
import time

from .bootstrap import (
    Keystone,
    expected_pools,
    get_pools,
    get_services,
    get_token,
    init_mariadb,
    parse_quota_args,
    quota_usage,
    reset_quotas,
    resolve_project,
    set_quotas,
    setup_cinder_db,
    setup_cinder_resources,
    setup_databases,
    setup_keystone_db,
    setup_keystone_resources,
)
from .ceph import ceph_health, ceph_up, ensure_ceph_python
from .common import (
    BACKENDS,
    CEPH_BACKEND,
    CEPH_CINDER_KEYRING,
    CEPH_CLUSTER,
    CEPH_CONF,
    CEPH_POOL,
    CEPH_USER,
    CINDER_CONF,
    CINDER_HOST,
    CINDER_URL,
    CLOUDS_YAML,
    KEYSTONE_URL,
    LOGS,
    LVM_DIR,
    MARKER,
    OWNED_ENTRIES,
    REQUIRE_CEPH_ENV,
    RUN,
    STATE,
    TENANT_A,
    TENANT_B,
    TENANT_B_MEMBER,
    VENV_CINDER,
    Fail,
    log_hint,
    p,
    run,
    say,
    set_marker,
    state_lock,
    wait_for,
    write_file,
)
from .config import TENANT_CLOUDS, backend_names, cinder_conf, pool_name, write_configs
from .control import CINDER_SEES, cinder_up_services, fresh_pools, pool_stamps, restart_one, start_one, stop_one
from .install import ensure_apt_packages, install
from .lvm import ensure_lvm, loop_for
from .processes import (
    CEPH_DEPENDENT,
    SERVICE_NAMES,
    SERVICE_PORTS,
    clear_stopped,
    forget_pid,
    is_stopped,
    our_processes,
    proc_state,
    read_pid,
    service_pid,
    service_table,
    start_service,
    stop_group,
    stop_service,
)
from .state import (
    CINDER_DEFAULT_RPC_RESPONSE_TIMEOUT,
    apply_settings,
    ceph_enabled,
    ceph_required,
    read_ceph_state,
    read_projects,
    requested_settings,
    rpc_response_timeout,
    write_ceph_state,
)

CLOUD_NAMES = ['stackadopt-admin', 'stackadopt-demo'] + list(TENANT_CLOUDS)


def cmd_up(args):
    t_start = time.time()
    changes = requested_settings(getattr(args, 'rpc_response_timeout', None),   # refused before anything
                                 rotate_passwords=getattr(args, 'rotate_passwords', False))
    with state_lock():
        if not os.path.isdir(STATE):
            os.makedirs(STATE)
        os.makedirs(LOGS, exist_ok=True)
        os.makedirs(RUN, exist_ok=True)
        ensure_apt_packages()
        for key in apply_settings(changes):
            if key == 'passwords':
                say('passwords of the accounts in clouds.yaml: the %s set' % changes[key])
                continue
            say('setting %s = %s (read by cinder-api alone: it restarts)'
                % (key, changes[key] if changes[key] is not None else "Cinder's default"))
        procs = {}

        def start_spec(name, spec):
            return start_service(name, spec, procs)

        # Ceph comes up in a thread, in parallel with the venv installs and the
        # Keystone bootstrap; Cinder waits for its verdict (ceph backend or not).
        ceph_result = {}

        def ceph_worker():
            try:
                ceph_up(start_spec)
                ceph_result['ok'] = True
            except Fail as e:
                ceph_result['error'] = str(e)
            except Exception as e:   # anything else is a Ceph failure too
                ceph_result['error'] = '%s: %s' % (type(e).__name__, e)
        ceph_thread = threading.Thread(target=ceph_worker, name='ceph', daemon=True)
        ceph_thread.start()

        install()
        write_configs()
        ensure_lvm()
        init_mariadb()
        specs = dict(service_table())

        def start(name):
            return start_spec(name, specs[name])

        def wait(name):
            spec = specs[name]
            proc = procs.get(name)
            alive = (lambda: proc.poll() is None) if proc else None
            if spec['check']:
                wait_for(name, spec['check'], spec['timeout'], log_hint(name + '.log'),
                         alive=alive)
            elif proc:
                time.sleep(0.5)
                if proc.poll() is not None:
                    raise Fail('%s exited (rc=%s); %s' % (name, proc.returncode,
                                                          log_hint(name + '.log')))

        start('mariadb')
        start('epmd')
        wait('epmd')
        start('rabbitmq')
        wait('mariadb')
        setup_databases()
        setup_keystone_db()
        setup_cinder_db()
        start('keystone')
        wait('rabbitmq')
        ceph_thread.join()
        if ceph_result.get('ok'):
            try:
                ensure_ceph_python()
            except Fail as e:
                ceph_result['error'] = str(e)
        ceph_error = ceph_result.get('error')
        if ceph_error:
            msg = ('ceph backend UNAVAILABLE (the LVM backends are not affected): %s\n'
                   '  logs: %s/ceph-*.log, %s/apt-ceph.log'
                   % (ceph_error, LOGS, LOGS))
            if ceph_required():
                write_ceph_state(False, ceph_error)
                raise Fail(msg + '\n  (%s=1: Ceph is required)' % REQUIRE_CEPH_ENV)
            say(msg)
            # A Ceph daemon that died must not fail the wait for the LVM cloud.
            for name in CEPH_DEPENDENT:
                procs.pop(name, None)
        write_ceph_state(not ceph_error, ceph_error)
        write_file(CINDER_CONF, cinder_conf())
        started_utc = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(time.time() - 2))
        cinder_services = ['cinder-api', 'cinder-scheduler', 'cinder-volume']
        if ceph_enabled():
            cinder_services.append('cinder-volume-ceph')
        else:
            stop_service('cinder-volume-ceph')
        for name in cinder_services:
            start(name)
        wait('keystone')
        token, admin_project, demo_project = setup_keystone_resources()
        for name in cinder_services:
            wait(name)
        setup_cinder_resources(token, admin_project, demo_project)

        want = expected_pools()
        state = {}

        # A service (re)started by this run must have reported since then:
        # the DB may still show the previous incarnation as "up".
        # A volume service (re)started must also have published its pools since (its driver is initialised).
        fresh = set().union(*[CINDER_SEES[n]() for n in procs if n in CINDER_SEES])

        def ready():
            up = cinder_up_services(token, admin_project, started_utc, fresh)
            stamps = pool_stamps(token, admin_project)
            state['services'], state['pools'] = up, sorted(stamps)
            need = {'cinder-scheduler'} | {'cinder-volume@' + b for b in backend_names()}
            return need <= up and all(w in stamps for w in want) and all(
                stamps.get(x, '') >= started_utc for x in fresh_pools(fresh))

        def alive():
            state['dead'] = [n for n, pr in procs.items() if pr.poll() is not None]
            return not state['dead']
        if not ready():
            say('waiting for cinder-volume to report pools %s' % ', '.join(want))
            try:
                wait_for('cinder pools', ready, 180, log_hint('cinder-volume.log') + ' and '
                         + os.path.join(LOGS, 'cinder-scheduler.log'), interval=1,
                         alive=alive)
            except Fail as e:
                raise Fail('%s\n  exited: %s\n  services up: %s\n  pools reported: %s'
                           % (e, state.get('dead') or 'none',
                              sorted(state.get('services', [])), state.get('pools')))
        set_marker('bootstrapped')
    say('cloud is up in %.1fs: keystone %s, cinder %s, pools %s'
        % (time.time() - t_start, KEYSTONE_URL, CINDER_URL, ', '.join(want)))
    if not ceph_enabled():
        say('WARNING: no ceph backend (pool %s is missing): %s'
            % (pool_name(CEPH_BACKEND), (read_ceph_state() or {}).get('reason')))
    say('use: eval "$(%s env)"; openstack --os-cloud stackadopt-admin ...'
        % os.path.relpath(os.path.abspath(sys.argv[0])))
    return 0


def cmd_status(args):
    specs = dict(service_table())
    bad = []
    rows = []
    stopped = []
    with_ceph = ceph_enabled()
    ceph_state = read_ceph_state() or {}
    # Ceph daemons only count when the ceph backend is on (or Ceph is required).
    ceph_counts = with_ceph or ceph_required()
    for name in SERVICE_NAMES:
        spec = specs[name]
        pid = service_pid(name, spec['cmdline'])
        optional = name in CEPH_DEPENDENT and not ceph_counts
        check = '-'
        if spec['check']:
            try:
                ok = spec['check']()
            except Exception:
                ok = False
            port = SERVICE_PORTS.get(name)
            check = ('port %d ' % port) + ('ok' if ok else 'FAIL')
            if not ok and not optional:
                bad.append(name)
        if not pid and not optional:
            bad.append(name)
        if not pid and is_stopped(name):
            stopped.append(name)
        rows.append((name, str(pid) if pid else ('STOPPED' if is_stopped(name) else 'DOWN'), check,
                     os.path.join(LOGS, name + '.log')))
    print('State dir: %s' % STATE)
    print('%-17s %-8s %-15s %s' % ('SERVICE', 'PID', 'CHECK', 'LOG'))
    for r in rows:
        print('%-17s %-8s %-15s %s' % r)
    # Ceph's own view.
    print()
    if os.path.exists(CEPH_CONF) and not service_pid('ceph-mon', 'ceph-mon'):
        print('Ceph: ceph-mon not running')
        if ceph_counts:
            bad.append('ceph-health')
    elif os.path.exists(CEPH_CONF):
        try:
            health, detail = ceph_health(timeout=20)
            detail = (': ' + detail) if detail else ''
            print('Ceph: %s%s (conf %s, pool %s)' % (health, detail, CEPH_CONF, CEPH_POOL))
            if health == 'HEALTH_ERR' and ceph_counts:
                bad.append('ceph-health')
        except Exception as e:
            print('Ceph: health check failed: %s' % str(e).strip().splitlines()[0])
            if ceph_counts:
                bad.append('ceph-health')
    else:
        print('Ceph: not set up (%s missing)' % CEPH_CONF)
    if with_ceph:
        print('Cinder backend ceph: enabled (host %s@%s, cluster %s@%s, pool %s)'
              % (CINDER_HOST, CEPH_BACKEND, CEPH_CLUSTER, CEPH_BACKEND, pool_name(CEPH_BACKEND)))
    else:
        print('Cinder backend ceph: UNAVAILABLE: %s (logs %s/ceph-*.log)'
              % (ceph_state.get('reason') or 'Ceph was not brought up by `up`', LOGS))
        if ceph_required():
            bad.append('ceph-backend')
    # Cinder's own view.
    try:
        token, project = get_token()
        svcs = get_services(token, project)
        if svcs is None:
            raise Fail('os-services request failed')
        print('\nCinder services:')
        for s in svcs:
            print('  %-17s %-22s %-8s %s' % (s['binary'], s['host'], s['status'], s['state']))
            stale_ceph = (s['host'] == '%s@%s' % (CINDER_HOST, CEPH_BACKEND)
                          and not with_ceph)
            if s.get('cluster'):
                print('  %-17s %-22s member of cluster %s' % ('', '', s['cluster']))
            if s['state'] != 'up' and s['status'] == 'enabled' and not stale_ceph:
                bad.append('%s@%s' % (s['binary'], s['host']))
        if not service_pid('cinder-scheduler', 'cinder-scheduler'):
            # The pool listing is an RPC call to the scheduler: it would hang until the RPC timeout.
            print('\nPools: not queried (cinder-scheduler is down)')
            bad.append('pools')
        else:
            print_pools(get_pools(token, project), bad)
    except Exception as e:
        print('\nCinder API check failed: %s' % e)
        bad.append('cinder-api-query')
    return finish_status(bad, stopped)


def print_pools(pools, bad):
    print('\nPools (scheduler-stats/get_pools):')
    names = []
    for pool in pools or []:
        c = pool.get('capabilities', {})
        names.append(pool['name'])
        print('  %-24s total %sG free %sG' % (pool['name'], c.get('total_capacity_gb'), c.get('free_capacity_gb')))
    for w in expected_pools():
        if w not in names:
            print('  %-24s MISSING' % w)
            bad.append('pool ' + w)


def finish_status(bad, stopped):
    print('\nclouds.yaml: %s (clouds %s)' % (CLOUDS_YAML, ', '.join(CLOUD_NAMES)))
    projects = read_projects().get('projects', {})
    print('Tenant projects: %s' % ', '.join('%s (%s)' % (n, projects.get(n, 'not created yet'))
                                            for n in (TENANT_A, TENANT_B)))
    timeout = rpc_response_timeout()
    print('Settings: rpc_response_timeout = %s' % (
        '%d s (cinder-api)' % timeout if timeout
        else "Cinder's default (%d s)" % CINDER_DEFAULT_RPC_RESPONSE_TIMEOUT))
    print('Logs: %s' % LOGS)
    if stopped:
        print('\nSTOPPED by `testcloud stop`: %s (bring back: `testcloud start NAME`, or `testcloud up`)'
              % ', '.join(stopped))
    if bad:
        print('\nDOWN/FAILING: %s' % ', '.join(dict.fromkeys(bad)))
        return 1
    print('\nAll services up.')
    return 0


def cmd_env(args):
    exports = {
        'STACKADOPT_TESTCLOUD_HOME': STATE,
        'OS_CLIENT_CONFIG_FILE': CLOUDS_YAML,
        'LVM_SYSTEM_DIR': LVM_DIR,
        'LVM_SUPPRESS_FD_WARNINGS': '1',
        'CEPH_CONF': CEPH_CONF,   # `ceph` / `rbd` as client.admin
    }
    exports.update(tenant_exports())
    if ceph_enabled():
        exports.update(ceph_exports())
    for k, v in exports.items():
        print('export %s=%s' % (k, shlex.quote(v)))
    return 0


def cmd_down(args):
    if not os.path.isdir(STATE):
        say('nothing to do: %s does not exist' % STATE)
        return 0
    ok = True
    with state_lock():
        for name in reversed(SERVICE_NAMES):
            pid = read_pid(name)
            if pid and proc_state(pid):
                ok = stop_group(name, pid) and ok
            forget_pid(name)
            clear_stopped(name)
        # Stragglers that left their process group (e.g. an epmd started by
        # rabbitmqctl, a daemonised privsep helper) still carry our marker.
        left = our_processes()
        if left:
            say('stopping %d leftover processes of ours: %s' % (len(left), left))
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            deadline = time.time() + 10
            while time.time() < deadline and our_processes():
                time.sleep(0.2)
            for pid in our_processes():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
            if our_processes():
                ok = False
        if args.purge:
            for backend in BACKENDS:
                img = p('disks', backend + '.img')
                dev = loop_for(img) if os.path.exists(img) else None
                while dev:
                    say('detaching %s (%s)' % (dev, img))
                    run(['losetup', '-d', dev], check=False)
                    nxt = loop_for(img)
                    if nxt == dev:
                        ok = False
                        say('could not detach %s' % dev)
                        break
                    dev = nxt
    if args.purge:
        if not os.path.exists(p(MARKER)) and not os.path.exists(VENV_CINDER):
            raise Fail('refusing to purge %s: it does not look like a testcloud state dir'
                       % STATE)
        say('purging %s' % STATE)
        for entry in OWNED_ENTRIES:
            path = p(entry)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            elif os.path.lexists(path):
                os.unlink(path)
        with contextlib.suppress(OSError):
            os.rmdir(STATE)   # only if nothing else (e.g. other venvs) lives there
    say('down' + (' (purged)' if args.purge else '') + ('' if ok else ' WITH ERRORS'))
    return 0 if ok else 1


# --------------------------------------------------------------------------
# env: what tests and tools need to reach the cloud
# --------------------------------------------------------------------------

def tenant_exports():
    """The tenant projects (names always; IDs once the bootstrap recorded them) and their clouds.yaml entries."""
    recorded = read_projects()
    projects, users = recorded.get('projects', {}), recorded.get('users', {})
    out = {}
    for key, name in (('TENANT_A', TENANT_A), ('TENANT_B', TENANT_B)):
        out['STACKADOPT_TESTCLOUD_%s' % key] = name
        if projects.get(name):
            out['STACKADOPT_TESTCLOUD_%s_ID' % key] = projects[name]
    out['STACKADOPT_TESTCLOUD_TENANT_B_MEMBER'] = TENANT_B_MEMBER
    if users.get(TENANT_B_MEMBER):
        out['STACKADOPT_TESTCLOUD_TENANT_B_MEMBER_ID'] = users[TENANT_B_MEMBER]
    for cloud, (_user, project) in TENANT_CLOUDS.items():
        key = 'TENANT_A' if project == TENANT_A else 'TENANT_B_MEMBER'
        out['STACKADOPT_TESTCLOUD_%s_CLOUD' % key] = cloud
    return out


def ceph_exports():
    """What a Ceph client node needs to run `rbd` as the ceph backend's own user (the storage host's view)."""
    return {
        'STACKADOPT_TESTCLOUD_CEPH_CONF': CEPH_CONF,
        'STACKADOPT_TESTCLOUD_CEPH_KEYRING': CEPH_CINDER_KEYRING,
        'STACKADOPT_TESTCLOUD_CEPH_USER': CEPH_USER,
        'STACKADOPT_TESTCLOUD_RBD_POOL': CEPH_POOL,
    }


# --------------------------------------------------------------------------
# start / stop / restart one service
# --------------------------------------------------------------------------

def cmd_start(args):
    with state_lock():
        print(start_one(args.service))
    return 0


def cmd_stop(args):
    with state_lock():
        print(stop_one(args.service, kill=args.kill))
    return 0


def cmd_restart(args):
    with state_lock():
        print(restart_one(args.service, kill=args.kill))
    return 0


# --------------------------------------------------------------------------
# quota: Cinder's per-project quotas
# --------------------------------------------------------------------------

def cmd_quota(args):
    ks = Keystone()
    project = resolve_project(ks, args.project)
    token, admin_project = ks.token, ks.project_id
    current = quota_usage(token, admin_project, project['id'])
    values = parse_quota_args(args.values, set(current))   # refused before any write
    if args.reset:
        reset_quotas(token, admin_project, project['id'])
    if values:
        set_quotas(token, admin_project, project['id'], values)
    if args.reset or values:
        current = quota_usage(token, admin_project, project['id'])
    if args.json:
        print(json.dumps({'project': {'id': project['id'], 'name': project['name']}, 'quota_set': current},
                         indent=2, sort_keys=True))
        return 0
    print('Cinder quotas of project %s (%s)%s' % (project['name'], project['id'],
                                                  ': reset to the defaults' if args.reset else ''))
    print('%-28s %8s %8s %8s' % ('KEY', 'LIMIT', 'IN USE', 'RESERVED'))
    for key in sorted(current):
        q = current[key]
        mark = ' *' if key in values else ''
        print('%-28s %8s %8s %8s%s' % (key, q.get('limit'), q.get('in_use'), q.get('reserved'), mark))
    return 0
