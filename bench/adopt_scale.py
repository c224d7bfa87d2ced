#!/usr/bin/env python3
"""Adoption at scale on the testcloud: stackadopt.cinder vs openstack.cloud vs a raw API floor.

Run with the tools venv python (openstacksdk + ansible-core 2.19):

    /root/.cache/stackadopt-testcloud/venv-tools/bin/python bench/adopt_scale.py [--quick] [--count N]

Phases, each on its own fresh set of LVs (created just before the phase, outside the timing):

  1. ours    our adopt playbook (playbooks/adopt.yml when present and usable, else
             bench/playbooks/bulk_adopt.yml: one cinder_volume_bulk_manage task per backend)
  2. rerun   the same playbook again on the already adopted set: wall time and Cinder API requests
             (from the module's api_requests return and from cinder-api.log between two offsets)
  3. raw     the floor: direct API calls, a thread pool of the same concurrency (one POST
             /manageable_volumes per LV), then one polling list loop until all are settled
  4. occ     openstack.cloud.volume_manage (openstack.cloud 2.5.0 from PyPI ansible==12.3.0 with
             openstacksdk==4.14.0, in its own venv $STATE/venv-occ, built here when missing) in a
             playbook with `loop:` over --occ-count LVs; a one-item run is timed first, and when
             --occ-count < --count the time for --count is extrapolated linearly (clearly labelled)

LVs are split round-robin across --backends (default both lvm-a and lvm-b). Afterwards every volume
the run adopted is released with os-unmanage (never deleted through Cinder) and its LV (renamed
volume-<id> by the LVM driver) is removed, as are LVs that were never adopted. Cleanup runs in
`finally`, and `--cleanup-only PREFIX` repeats it for an interrupted run.
"""

import argparse
import concurrent.futures
import datetime
import hashlib
import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
TESTCLOUD = os.path.join(REPO_ROOT, 'tests', 'cloud', 'testcloud')
BENCH_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'bulk_adopt.yml')
OCC_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'occ_volume_manage.yml')
NOOP_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'noop.yml')
PROJECT_PLAYBOOK = os.path.join(REPO_ROOT, 'playbooks', 'adopt.yml')

POOL_HOSTS = {'lvm-a': 'testcloud@lvm-a#lvm-a', 'lvm-b': 'testcloud@lvm-b#lvm-b'}
VGS = {'lvm-a': 'stackadopt-a', 'lvm-b': 'stackadopt-b'}
# The testcloud's default type is lvm-a (volume_backend_name=lvm-a): managing into lvm-b without the lvm-b type
# fails in the scheduler (NoValidBackend). Every phase therefore passes the backend's own type.
VOLUME_TYPES = {'lvm-a': 'lvm-a', 'lvm-b': 'lvm-b'}
OCC_REQUIREMENTS = ['ansible==12.3.0', 'openstacksdk==4.14.0']
OCC_COLLECTION_VERSION = '2.5.0'
API_TIMEOUT = 180  # seconds per request of the script itself: a restart of the shared cloud can leave one hanging
PHASES = ('noop', 'ours', 'rerun', 'oursb', 'raw', 'rawlisted', 'rawsame', 'occ')
SETTLED = ('available', 'in-use', 'error', 'error_managing')

T0 = time.monotonic()


def say(msg):
    print('[bench %6.1fs] %s' % (time.monotonic() - T0, msg), flush=True)


class BenchError(Exception):
    pass


# ------------------------------------------------------------------------------------------------
# Environment: testcloud exports, collection tree, the openstack.cloud venv
# ------------------------------------------------------------------------------------------------

def load_testcloud_env():
    out = subprocess.run([sys.executable, TESTCLOUD, 'env'], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.match(r'export (\w+)=(.*)$', line.strip())
        if m:
            os.environ[m.group(1)] = shlex.split(m.group(2))[0] if m.group(2) else ''
    return os.environ['STACKADOPT_TESTCLOUD_HOME']


def collections_root():
    """Expose the checkout as ansible_collections/stackadopt/cinder (same idea as tests/conftest.py)."""
    root = os.path.join(tempfile.gettempdir(), 'stackadopt-bench-collections-%d' % os.getuid(),
                        hashlib.sha1(REPO_ROOT.encode()).hexdigest()[:12])
    ns = os.path.join(root, 'ansible_collections', 'stackadopt')
    link = os.path.join(ns, 'cinder')
    os.makedirs(ns, exist_ok=True)
    if os.path.realpath(link) != REPO_ROOT:
        if os.path.islink(link):
            os.unlink(link)
        os.symlink(REPO_ROOT, link)
    return root


def ensure_occ_venv(state):
    """$STATE/venv-occ with ansible==12.3.0 (openstack.cloud 2.5.0) and openstacksdk==4.14.0."""
    venv = os.path.join(state, 'venv-occ')
    marker = os.path.join(venv, '.stackadopt-bench-ok')
    want = ' '.join(OCC_REQUIREMENTS)
    if os.path.isfile(marker) and open(marker).read().strip() == want:
        return venv
    say('building %s (%s); this takes a few minutes once' % (venv, want))
    if os.path.isdir(venv):
        shutil.rmtree(venv)
    base_python = os.path.join(sys.base_prefix, 'bin', 'python3')
    if not os.path.exists(base_python):
        base_python = sys.executable
    log = os.path.join(state, 'venv-occ-install.log')
    with open(log, 'w') as f:
        subprocess.run([base_python, '-m', 'venv', venv], check=True, stdout=f, stderr=subprocess.STDOUT)
        r = subprocess.run([os.path.join(venv, 'bin', 'pip'), 'install'] + OCC_REQUIREMENTS,
                           stdout=f, stderr=subprocess.STDOUT, check=False)
    if r.returncode != 0:
        raise BenchError('pip install %s failed, see %s' % (want, log))
    # Check that the bundled openstack.cloud is the reference version.
    galaxy = os.path.join(venv, 'lib', 'python%d.%d' % sys.version_info[:2], 'site-packages',
                          'ansible_collections', 'openstack', 'cloud', 'MANIFEST.json')
    found = None
    for dirpath in (os.path.dirname(galaxy),):
        try:
            found = json.load(open(os.path.join(dirpath, 'MANIFEST.json')))['collection_info']['version']
        except (OSError, ValueError, KeyError):
            pass
    if found != OCC_COLLECTION_VERSION:
        say('WARNING: openstack.cloud in %s is %s, expected %s' % (venv, found, OCC_COLLECTION_VERSION))
    with open(marker, 'w') as f:
        f.write(want + '\n')
    return venv


def occ_collection_version(venv):
    path = os.path.join(venv, 'lib', 'python%d.%d' % sys.version_info[:2], 'site-packages',
                        'ansible_collections', 'openstack', 'cloud', 'MANIFEST.json')
    try:
        return json.load(open(path))['collection_info']['version']
    except (OSError, ValueError, KeyError):
        return 'unknown'


# ------------------------------------------------------------------------------------------------
# LVs
# ------------------------------------------------------------------------------------------------

def lvm(*args, check=True):
    r = subprocess.run(['lvm'] + list(args), capture_output=True, text=True, check=False)
    if check and r.returncode != 0:
        raise BenchError('lvm %s failed: %s' % (' '.join(args), r.stderr.strip()))
    return r


def create_lvs(names_by_backend, size):
    """Create the LVs (same flags as `testcloud lv-create`, but one lvm call each: ~20x faster)."""
    for backend, names in names_by_backend.items():
        for name in names:
            lvm('lvcreate', '--yes', '--zero', 'n', '--wipesignatures', 'n', '-n', name, '-L', size, VGS[backend])


def cloud_pids():
    """PIDs of the testcloud services: a change during a phase means someone restarted the shared cloud."""
    out = subprocess.run([sys.executable, TESTCLOUD, 'status'], capture_output=True, text=True,
                         check=False).stdout
    pids = {}
    for line in out.splitlines():
        m = re.match(r'(cinder-api|cinder-scheduler|cinder-volume|rabbitmq|mariadb|keystone)\s+(\d+)\s', line)
        if m:
            pids[m.group(1)] = m.group(2)
    return pids


def cloud_cpu_seconds():
    """CPU seconds (user + system) the cloud's server processes have used so far: Cinder, MariaDB, RabbitMQ,
    Keystone and the LVM commands they ran and waited for. The delta over a phase is what the phase cost the
    cloud; on 2 shared cores, client CPU is taken from it."""
    tick = os.sysconf('SC_CLK_TCK')
    total = 0.0
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % entry, 'rb') as f:
                cmdline = f.read()
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if not re.search(rb'cinder-(api|scheduler|volume)|mariadbd|beam|gunicorn|privsep-helper', cmdline):
            continue
        # utime, stime, cutime, cstime (fields 14-17 of stat, counted after the command name)
        total += sum(int(x) for x in fields[11:15]) / float(tick)
    return total


def list_lvs():
    out = subprocess.run([sys.executable, TESTCLOUD, 'lv-list', '--json'], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def remove_lv(backend, name):
    r = subprocess.run([sys.executable, TESTCLOUD, 'lv-remove', backend, name], capture_output=True, text=True,
                       check=False)
    if r.returncode != 0:
        # testcloud lv-remove is ~1 s per call; fall back to lvm directly only to report the error
        raise BenchError('lv-remove %s %s: %s' % (backend, name, (r.stderr or r.stdout).strip()))


# ------------------------------------------------------------------------------------------------
# Cinder (openstacksdk, tools venv)
# ------------------------------------------------------------------------------------------------

class Cinder(object):
    def __init__(self, cloud):
        import openstack
        self.conn = openstack.connect(cloud=cloud, api_timeout=API_TIMEOUT)
        self.bs = self.conn.block_storage

    def _ok(self, r):
        if r.status_code >= 400:
            raise BenchError('HTTP %s %s: %s' % (r.status_code, r.url, r.text[:300]))
        return r.json() if r.content else {}

    def manage(self, host, lv_name):
        r = self.bs.post('/manageable_volumes', microversion='3.8', raise_exc=False,
                         json={'volume': {'host': host, 'ref': {'source-name': lv_name}, 'name': lv_name}})
        return self._ok(r)['volume']

    def list_volumes(self):
        vols, marker = [], None
        while True:
            params = {'all_tenants': 'True', 'limit': 1000}
            if marker:
                params['marker'] = marker
            page = self._ok(self.bs.get('/volumes/detail', params=params, raise_exc=False))['volumes']
            vols.extend(page)
            if len(page) < 1000:
                return vols
            marker = page[-1]['id']

    def reset_status(self, vid, status):
        r = self.bs.post('/volumes/%s/action' % vid, json={'os-reset_status': {'status': status}}, raise_exc=False)
        if r.status_code not in (202, 404):
            raise BenchError('reset-status %s: HTTP %s %s' % (vid, r.status_code, r.text[:300]))

    def unmanage(self, vid):
        r = self.bs.post('/volumes/%s/action' % vid, json={'os-unmanage': None}, raise_exc=False)
        if r.status_code not in (202, 404):
            raise BenchError('unmanage %s: HTTP %s %s' % (vid, r.status_code, r.text[:300]))

    def ready(self, backends):
        """Both the scheduler's pool list and the volume services know every backend (after a restart the
        scheduler rejects manage requests with NoValidBackend until the first capability report)."""
        try:
            pools = self._ok(self.bs.get('/scheduler-stats/get_pools', params={'detail': 'true'},
                                         raise_exc=False)).get('pools', [])
            services = self._ok(self.bs.get('/os-services', raise_exc=False)).get('services', [])
        except Exception:
            return False
        names = set(p['name'] for p in pools if (p.get('capabilities') or {}).get('free_capacity_gb') is not None)
        up = set(s['host'] for s in services if s['binary'] == 'cinder-volume' and s['state'] == 'up')
        sched = any(s['binary'] == 'cinder-scheduler' and s['state'] == 'up' for s in services)
        return sched and all(POOL_HOSTS[b] in names and POOL_HOSTS[b].split('#')[0] in up for b in backends)

    def marker(self, text):
        """A request whose line in cinder-api.log marks a phase boundary (unauthenticated version GET)."""
        try:
            self.bs.get('/', params={'stackadopt-bench': text}, raise_exc=False)
        except Exception:
            pass


class BenchUser(object):
    """A Keystone user of this run only (admin role on the admin project), so that cinder-api.log lines of the
    benchmark can be told from the traffic of everyone else on the shared cloud (the log records the user id).

    Writes $STATE/bench/<prefix>/clouds.yaml with the base clouds plus cloud 'stackadopt-bench' and points
    OS_CLIENT_CONFIG_FILE at it. delete() removes the user (its role assignment goes with it).
    """

    CLOUD = 'stackadopt-bench'

    def __init__(self, base_cloud, prefix, workdir):
        import openstack
        import yaml
        self.admin = openstack.connect(cloud=base_cloud, api_timeout=API_TIMEOUT)
        base_file = os.environ['OS_CLIENT_CONFIG_FILE']
        config = yaml.safe_load(open(base_file))
        entry = json.loads(json.dumps(config['clouds'][base_cloud]))
        auth = entry['auth']
        project = self.admin.identity.find_project(auth['project_name'], ignore_missing=False)
        domain = self.admin.identity.find_domain(auth.get('user_domain_name') or 'Default', ignore_missing=False)
        role = self.admin.identity.find_role('admin', ignore_missing=False)
        self.name = 'stackadopt-%s' % prefix.replace('_', '-')
        password = uuid.uuid4().hex
        old = self.admin.identity.find_user(self.name, domain_id=domain.id)
        if old:
            self.admin.identity.delete_user(old)
        self.user = self.admin.identity.create_user(name=self.name, password=password, domain_id=domain.id,
                                                    description='stackadopt bench/adopt_scale.py run %s' % prefix)
        self.admin.identity.assign_project_role_to_user(project, self.user, role)
        self.id = self.user.id
        auth['username'] = self.name
        auth['password'] = password
        config['clouds'][self.CLOUD] = entry
        path = os.path.join(workdir, 'clouds.yaml')
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            yaml.safe_dump(config, f, default_flow_style=False)
        os.environ['OS_CLIENT_CONFIG_FILE'] = path

    def delete(self):
        try:
            self.admin.identity.delete_user(self.user)
        except Exception as exc:
            say('WARNING: could not delete Keystone user %s: %s' % (self.name, exc))


# ------------------------------------------------------------------------------------------------
# cinder-api.log request counting
# ------------------------------------------------------------------------------------------------

# Cinder's own request log line (the same under eventlet, uWSGI or gunicorn; one per request):
#   ... INFO cinder.api.openstack.wsgi [req ...] GET http://127.0.0.1:8776/v3/<project>/volumes/detail?...
API_LINE = re.compile(r'cinder\.api\.openstack\.wsgi \[[^\]]*\] (GET|POST|PUT|DELETE|PATCH|HEAD) (https?://\S+)\s*$')


class ApiLog(object):
    def __init__(self, state, user_id=None):
        self.path = os.path.join(state, 'logs', 'cinder-api.log')
        self.user_id = user_id

    def offset(self):
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0

    def requests_between(self, start, end, mine=True):
        """Requests logged between two offsets; with mine, only those of the bench user (when there is one)."""
        with open(self.path, 'rb') as f:
            f.seek(start)
            data = f.read(max(0, end - start)).decode('utf-8', 'replace')
        reqs = []
        for line in data.splitlines():
            m = API_LINE.search(line)
            if mine and self.user_id and (' %s ' % self.user_id) not in line:
                if not (mine == 'with-anonymous' and m and '- - - - - -]' in line):
                    continue
            if m and 'stackadopt-bench' not in m.group(2):
                path = re.sub(r'^https?://[^/]+', '', m.group(2))
                reqs.append((m.group(1), re.sub(r'/v3/[0-9a-f]{32}', '/v3/P', path), line[:23]))
        return reqs


def timeline(reqs, t_start):
    """Where in a run (seconds after t_start, a time.time()) the API requests happened."""
    def at(stamp):
        try:
            return time.mktime(time.strptime(stamp[:19], '%Y-%m-%d %H:%M:%S')) + float('0' + stamp[19:23]) - t_start
        except ValueError:
            return None
    stamps = [(at(ts), method) for method, _path, ts in reqs]
    stamps = [(t, method) for t, method in stamps if t is not None]
    if not stamps:
        return ''
    posts = [t for t, method in stamps if method == 'POST']
    out = 'first API request +%.1fs' % stamps[0][0]
    if posts:
        out += ', POSTs +%.1f..+%.1fs' % (posts[0], posts[-1])
    return out + ', last API request +%.1fs' % stamps[-1][0]


def task_times(log_path, top=4):
    """(top tasks by wall time as 'name secs', seconds inside ansible-playbook's own timer) from BENCH-TASK lines."""
    tasks, total = [], None
    try:
        for line in open(log_path):
            m = re.match(r'BENCH-TASK (\S+) (\d+) (.*)$', line.strip())
            if m:
                tasks.append((float(m.group(1)), m.group(3), int(m.group(2))))
            m = re.match(r'BENCH-TOTAL (\S+)', line.strip())
            if m:
                total = float(m.group(1))
    except OSError:
        pass
    merged = {}
    for secs, name, _host in tasks:
        merged[name] = merged.get(name, 0.0) + secs
    ranked = sorted(merged.items(), key=lambda kv: -kv[1])[:top]
    return ', '.join('%s %.1fs' % (name, secs) for name, secs in ranked), total


def summarize_requests(reqs):
    counts = {}
    for method, path, _status in reqs:
        key = '%s %s' % (method, re.sub(r'[0-9a-f]{8}-[0-9a-f-]{27}', '<id>', path.split('?')[0]))
        counts[key] = counts.get(key, 0) + 1
    return ', '.join('%s x%d' % (k, v) for k, v in sorted(counts.items()))


# ------------------------------------------------------------------------------------------------
# Playbook runs
# ------------------------------------------------------------------------------------------------

def run_playbook(ansible_bin_dir, playbook, extra_vars, collections_path, log_path, tmpdir, inventory='localhost,',
                 ansible_cfg=None):
    vars_file = os.path.join(tmpdir, 'vars-%s.json' % uuid.uuid4().hex[:8])
    with open(vars_file, 'w') as f:
        json.dump(extra_vars, f)
    env = dict(os.environ)
    env['ANSIBLE_COLLECTIONS_PATH'] = collections_path
    env['ANSIBLE_COLLECTIONS_SCAN_SYS_PATH'] = 'True'
    env['ANSIBLE_LOCALHOST_WARNING'] = 'False'
    env['ANSIBLE_INVENTORY_UNPARSED_WARNING'] = 'False'
    env['ANSIBLE_RETRY_FILES_ENABLED'] = 'False'
    env['ANSIBLE_NOCOLOR'] = '1'
    env['ANSIBLE_CALLBACK_PLUGINS'] = os.path.join(BENCH_DIR, 'callback_plugins')
    env['ANSIBLE_CALLBACKS_ENABLED'] = 'bench_timer'
    env.pop('ANSIBLE_CONFIG', None)
    if ansible_cfg:
        env['ANSIBLE_CONFIG'] = os.path.abspath(ansible_cfg)
    cmd = [os.path.join(ansible_bin_dir, 'ansible-playbook'), '-i', inventory, playbook, '-e', '@' + vars_file]
    t = time.monotonic()
    with open(log_path, 'w') as f:
        f.write('$ %s\n' % ' '.join(shlex.quote(c) for c in cmd))
        f.flush()
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=tmpdir, check=False)
    elapsed = time.monotonic() - t
    if r.returncode != 0:
        raise BenchError('%s failed (rc %d), see %s' % (os.path.basename(playbook), r.returncode, log_path))
    return elapsed


# ------------------------------------------------------------------------------------------------
# The benchmark
# ------------------------------------------------------------------------------------------------

def ours_request_body(host, name, type_id):
    """The manage request body ours sends for the LV ``name``: the adoption record stackadopt_ref, the role's
    stackadopt_storage_host / stackadopt_adopted_by (the bench's inventory names hosts bench-<backend>), the type by
    ID, and the explicit nulls and bootable=false."""
    metadata = {'stackadopt_ref': json.dumps({'source-name': name}, separators=(',', ':')),
                'stackadopt_storage_host': 'bench-' + host.split('@')[1].split('#')[0],
                'stackadopt_adopted_by': 'stackadopt.cinder'}
    return {'host': host, 'ref': {'source-name': name}, 'name': name, 'description': None, 'volume_type': type_id,
            'availability_zone': None, 'metadata': metadata, 'bootable': False}


class Bench(object):
    def __init__(self, args, state):
        self.args = args
        self.state = state
        self.prefix = args.prefix
        self.tools_bin = os.path.dirname(sys.executable)
        self.workdir = os.path.join(state, 'bench', self.prefix)
        os.makedirs(self.workdir, exist_ok=True)
        self.user = None
        if args.bench_user:
            self.user = BenchUser(args.cloud, self.prefix, self.workdir)
            args.cloud = BenchUser.CLOUD
            say('Keystone user %s (%s, admin) for this run: cinder-api.log lines are counted by its id'
                % (self.user.name, self.user.id))
        self.cinder = Cinder(args.cloud)
        self.apilog = ApiLog(state, self.user.id if self.user else None)
        self.ours_collections = collections_root()
        self.results = {}
        self.notes = []
        self.attempt = 1
        self.round = 1
        self.rounds = []  # the results of each finished round, when --rounds > 1
        self.phase_pids = {}
        self.ours_tag = None
        if args.playbook == 'auto':
            self.mode = 'project' if os.path.isfile(PROJECT_PLAYBOOK) else 'bench'
        else:
            self.mode = args.playbook

    def raw_threads(self):
        """The same requests in flight as ours: playbooks/adopt.yml runs the backends (storage hosts) in
        parallel, each with --concurrency; the bench playbook runs them one after the other."""
        if self.args.raw_threads:
            return self.args.raw_threads
        if self.mode == 'project':
            return self.args.concurrency * len(self.args.backends)
        return self.args.concurrency

    def vtype(self, backend):
        return VOLUME_TYPES[backend] if self.args.volume_types else None

    def tagged(self, tag):
        tag = tag if self.round == 1 else '%sr%d' % (tag, self.round)
        return tag if self.attempt == 1 else '%sx%d' % (tag, self.attempt)

    def wait_ready(self):
        deadline = time.monotonic() + 300
        waited = False
        while not self.cinder.ready(self.args.backends):
            if time.monotonic() > deadline:
                raise BenchError('Cinder is not ready (scheduler pools / volume services) after 300 s')
            if not waited:
                say('waiting for Cinder: scheduler pools and volume services of %s' % ', '.join(self.args.backends))
                waited = True
            time.sleep(2)

    # -- sets of LVs ---------------------------------------------------------------------------

    def make_set(self, tag, count):
        backends = self.args.backends
        by_backend = dict((b, []) for b in backends)
        for i in range(count):
            b = backends[i % len(backends)]
            by_backend[b].append('%s_%s_%04d' % (self.prefix, tag, i))
        t = time.monotonic()
        create_lvs(by_backend, self.args.lv_size)
        per_backend = ', '.join('%s: %d' % (b, len(n)) for b, n in by_backend.items())
        say('created %d LVs for %s (%s) in %.1fs' % (count, tag, per_backend, time.monotonic() - t))
        return by_backend

    def volumes_of(self, pattern):
        rx = re.compile(pattern)
        return [v for v in self.cinder.list_volumes() if v.get('name') and rx.match(v['name'])]

    def check_adopted(self, tag, by_backend):
        names = set(n for ns in by_backend.values() for n in ns)
        vols = [v for v in self.volumes_of('^%s_%s_' % (self.prefix, tag)) if v['name'] in names]
        status = {}
        for v in vols:
            status[v['status']] = status.get(v['status'], 0) + 1
        missing = len(names) - len(vols)
        return status, missing

    # -- phases --------------------------------------------------------------------------------

    def our_playbook(self):
        return PROJECT_PLAYBOOK if self.mode == 'project' else BENCH_PLAYBOOK

    def ours_extra_vars(self, tag, result_file):
        return {
            'bench_cloud': self.args.cloud,
            'bench_pools': [{'host': POOL_HOSTS[b], 'volume_type': self.vtype(b)} for b in self.args.backends],
            'bench_include': ['^%s_%s_' % (self.prefix, tag)],
            'bench_concurrency': self.args.concurrency,
            'bench_result_file': result_file,
        }

    def project_inventory(self, tag, label):
        """Inventory for playbooks/adopt.yml: one storage host per backend (local connection), run in parallel."""
        report_dir = os.path.join(self.workdir, 'reports-%s-%s' % (tag, label))
        hosts = {}
        for b in self.args.backends:
            hosts['bench-%s' % b] = {'stackadopt_backend': b, 'stackadopt_cinder_host': POOL_HOSTS[b],
                                     'stackadopt_lvm_vg': VGS[b], 'stackadopt_volume_type': self.vtype(b) or ''}
        inv = {'all': {'children': {'cinder_storage': {'hosts': hosts, 'vars': {
            'ansible_connection': 'local',
            'ansible_python_interpreter': sys.executable,
            'stackadopt_cloud': self.args.cloud,
            'stackadopt_select': {'include': ['^%s_%s_' % (self.prefix, tag)]},
            'stackadopt_concurrency': self.args.concurrency,
            'stackadopt_lvm_environment': {'LVM_SYSTEM_DIR': os.environ['LVM_SYSTEM_DIR'],
                                           'LVM_SUPPRESS_FD_WARNINGS': '1'},
            'stackadopt_report_dir': report_dir,
            'stackadopt_report_history': False,
        }}}}}
        path = os.path.join(self.workdir, 'inventory-%s-%s.json' % (tag, label))
        with open(path, 'w') as f:
            json.dump(inv, f, indent=2)
        return path, os.path.join(report_dir, 'adopt.json')

    def run_ours(self, tag, label):
        log_path = os.path.join(self.workdir, '%s-%s.log' % (tag, label))
        playbook = self.our_playbook()
        if self.mode == 'project':
            inventory, result_file = self.project_inventory(tag, label)
            extra = {}
        else:
            inventory = 'localhost,'
            result_file = os.path.join(self.workdir, '%s-%s-result.json' % (tag, label))
            extra = self.ours_extra_vars(tag, result_file)
        self.cinder.marker('%s-%s-start' % (self.prefix, label))
        off0 = self.apilog.offset()
        wall0 = time.time()
        cloud0, client0 = cloud_cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed = run_playbook(self.tools_bin, playbook, extra, self.ours_collections, log_path, self.workdir,
                               inventory=inventory, ansible_cfg=self.args.ansible_cfg)
        client1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = {'client': client1.ru_utime + client1.ru_stime - client0.ru_utime - client0.ru_stime,
               'cloud': cloud_cpu_seconds() - cloud0}
        time.sleep(0.3)  # let the API workers flush their last log lines
        off1 = self.apilog.offset()
        self.cinder.marker('%s-%s-end' % (self.prefix, label))
        reqs = self.apilog.requests_between(off0, off1)
        anonymous = len(self.apilog.requests_between(off0, off1, mine='with-anonymous')) - len(reqs)
        everyone = len(self.apilog.requests_between(off0, off1, mine=False))
        module_requests, summary = None, {}
        try:
            data = json.load(open(result_file))
            if self.mode == 'project':  # the role's report: hosts.<host>.{api_requests, counts}
                results = [dict(api_requests=h.get('api_requests') or 0, summary=h.get('counts'))
                           for h in data['hosts'].values()]
            else:
                results = data
            module_requests = sum(r.get('api_requests') or 0 for r in results)
            for r in results:
                for k, v in (r.get('summary') or {}).items():
                    summary[k] = summary.get(k, 0) + v
        except (OSError, ValueError, KeyError):
            pass
        summary = dict((k, v) for k, v in summary.items() if v)
        tasks, in_play = task_times(log_path)
        return {'seconds': elapsed, 'module_api_requests': module_requests, 'log_requests': len(reqs),
                'timeline': timeline(reqs, wall0), 'log_anonymous': anonymous, 'log_everyone': everyone,
                'log_breakdown': summarize_requests(reqs), 'summary': summary, 'log': log_path,
                'playbook': os.path.relpath(playbook, REPO_ROOT), 'tasks': tasks, 'in_play': in_play, 'cpu': cpu}

    def phase_noop(self):
        log_path = os.path.join(self.workdir, 'noop.log')
        t = [run_playbook(self.tools_bin, NOOP_PLAYBOOK, {}, self.ours_collections, log_path, self.workdir)
             for _run in range(2)]
        self.results['noop'] = min(t)
        say('ansible-playbook start-up (no-op local task, tools venv): %.2fs' % self.results['noop'])

    def phase_ours(self):
        n = self.args.count
        while True:
            self.ours_tag = self.tagged('ours' if self.mode == 'bench' else 'oursp')
            by_backend = self.make_set(self.ours_tag, n)
            say('ours: adopting %d LVs with %s ...' % (n, os.path.relpath(self.our_playbook(), REPO_ROOT)))
            try:
                res = self.run_ours(self.ours_tag, 'adopt')
                status, missing = self.check_adopted(self.ours_tag, by_backend)
                if missing or set(status) - {'available'}:
                    raise BenchError('our adopt did not leave every LV available: %s, %d missing'
                                     % (status, missing))
            except Exception as exc:  # noqa: BLE001
                self.release(self.ours_tag)  # its LVs would slow every later listing of the backend
                if self.mode == 'project' and self.args.playbook == 'auto' and cloud_pids() == self.phase_pids:
                    self.notes.append('playbooks/adopt.yml failed (%s); fell back to bench/playbooks/bulk_adopt.yml'
                                      % exc)
                    say('ours: playbooks/adopt.yml failed (%s); falling back to the bench playbook' % exc)
                    self.mode = 'bench'
                    self.wait_ready()
                    continue
                raise
            break
        res['status'] = status
        res['missing'] = missing
        self.results['ours'] = res
        say('ours: %.1fs, module api_requests=%s, cinder-api.log requests=%d, volumes %s, missing %d'
            % (res['seconds'], res['module_api_requests'], res['log_requests'], status, missing))

    def phase_oursb(self):
        """With playbooks/adopt.yml as 'ours': also time the bare module playbook (same module, no roles)."""
        if self.mode != 'project':
            return
        n = self.args.count
        tag = self.tagged('oursb')
        by_backend = self.make_set(tag, n)
        say('oursb: adopting %d LVs with bench/playbooks/bulk_adopt.yml (module only, backends in sequence) ...' % n)
        self.mode = 'bench'
        try:
            res = self.run_ours(tag, 'adopt')
        finally:
            self.mode = 'project'
        status, missing = self.check_adopted(tag, by_backend)
        res['status'], res['missing'] = status, missing
        self.results['oursb'] = res
        self.release(tag)
        say('oursb: %.1fs, module api_requests=%s, volumes %s, missing %d'
            % (res['seconds'], res['module_api_requests'], status, missing))

    def phase_rerun(self):
        say('rerun: our playbook again on the %d adopted volumes ...' % self.args.count)
        try:
            res = self.run_ours(self.ours_tag, 'rerun')
        finally:
            self.release('ours')
        self.results['rerun'] = res
        say('rerun: %.1fs, module api_requests=%s, cinder-api.log requests=%d (%s), summary %s'
            % (res['seconds'], res['module_api_requests'], res['log_requests'], res['log_breakdown'],
               res['summary']))

    def phase_raw(self):
        self._raw_floor('raw', list_first=False)

    def phase_rawlisted(self):
        """The floor of the same job with the one read a safe adopter cannot skip: each backend's listing."""
        self._raw_floor('rawlisted', list_first=True)

    def phase_rawsame(self):
        """The floor sending the very request bodies ours sends: the same metadata (the adoption record
        stackadopt_ref plus the role's stackadopt_storage_host / stackadopt_adopted_by), the type by ID, and the
        explicit null description / zone and bootable=false. Cinder spends more per request on these."""
        self._raw_floor('rawsame', list_first=False, same_body=True)

    def _raw_floor(self, key, list_first, same_body=False):
        n = self.args.count
        tag = self.tagged(key)
        by_backend = self.make_set(tag, n)
        threads = self.raw_threads()
        items = []
        for i in range(n):  # interleave the backends like the LVs were created
            b = self.args.backends[i % len(self.args.backends)]
            items.append((POOL_HOSTS[b], by_backend[b][i // len(self.args.backends)], self.vtype(b)))
        say('raw: %d POST /manageable_volumes with %d threads, then one polling loop ...' % (n, threads))
        import openstack
        off0 = self.apilog.offset()
        wall0 = time.time()
        cloud0, client0 = cloud_cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
        t = time.monotonic()
        conn = openstack.connect(cloud=self.args.cloud, api_timeout=API_TIMEOUT)  # fresh: auth counted in the floor
        type_ids = {}
        if same_body:
            for vtype in conn.block_storage.get('/types', params={'is_public': 'None'}).json()['volume_types']:
                type_ids[vtype['name']] = vtype['id']
        if list_first:
            def listing(backend):
                return conn.block_storage.get('/manageable_volumes/detail', microversion='3.8', raise_exc=False,
                                              params={'host': POOL_HOSTS[backend], 'limit': 1000}).status_code
            with concurrent.futures.ThreadPoolExecutor(len(self.args.backends)) as pool:
                codes = list(pool.map(listing, self.args.backends))
            if any(code != 200 for code in codes):
                raise BenchError('%s: manageable listing answered %s' % (key, codes))

        def post(item):
            host, name, vtype = item
            if same_body:
                body = ours_request_body(host, name, type_ids.get(vtype, vtype))
            else:
                body = {'host': host, 'ref': {'source-name': name}, 'name': name}
                if vtype:
                    body['volume_type'] = vtype
            t1 = time.monotonic()
            r = conn.block_storage.post('/manageable_volumes', microversion='3.8', raise_exc=False,
                                        json={'volume': body})
            if r.status_code != 202:
                raise BenchError('manage %s: HTTP %s %s' % (name, r.status_code, r.text[:300]))
            return r.json()['volume']['id'], time.monotonic() - t1

        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            posted = list(pool.map(post, items))
        t_posted = time.monotonic() - t
        ids = set(vid for vid, _latency in posted)
        polls = 0
        pending = set(ids)
        final = {}
        while pending:
            if time.monotonic() - t > self.args.timeout:
                raise BenchError('raw: %d volumes not settled after %ds' % (len(pending), self.args.timeout))
            time.sleep(self.args.raw_poll)
            polls += 1
            r = conn.block_storage.get('/volumes/detail', params={'all_tenants': 'True', 'limit': 1000},
                                       raise_exc=False)
            for v in r.json().get('volumes', []):
                if v['id'] in pending and v['status'] in SETTLED:
                    pending.discard(v['id'])
                    final[v['status']] = final.get(v['status'], 0) + 1
        elapsed = time.monotonic() - t
        client1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = {'client': client1.ru_utime + client1.ru_stime - client0.ru_utime - client0.ru_stime,
               'cloud': cloud_cpu_seconds() - cloud0}
        time.sleep(0.3)
        reqs = self.apilog.requests_between(off0, self.apilog.offset())
        lat = sorted(d for _vid, d in posted)
        self.results[key] = {'seconds': elapsed, 'post_phase': t_posted, 'threads': threads, 'polls': polls,
                             'status': final,
                             'post_latency_median': lat[len(lat) // 2], 'post_latency_max': lat[-1],
                             'log_requests': len(reqs), 'timeline': timeline(reqs, wall0), 'cpu': cpu}
        self.release(tag)
        say('%s: %.1fs (POSTs done after %.1fs, median POST %.3fs, max %.3fs; %d polls), volumes %s'
            % (key, elapsed, t_posted, lat[len(lat) // 2], lat[-1], polls, final))

    def phase_occ(self):
        """One set of N LVs (so every listing sees a backend as populated as in the N-volume adoption), then a
        1-item run and an M-item loop over disjoint parts of it."""
        venv = ensure_occ_venv(self.state)
        self.results['occ_version'] = occ_collection_version(venv)
        occ_bin = os.path.join(venv, 'bin')
        empty = os.path.join(self.workdir, 'no-collections')
        os.makedirs(empty, exist_ok=True)
        n = self.args.count
        m = min(self.args.occ_count, n - 1) if n > 1 else 1
        tag = self.tagged('occ')
        by_backend = self.make_set(tag, n)
        items = []
        for i in range(n):
            b = self.args.backends[i % len(self.args.backends)]
            items.append({'name': by_backend[b][i // len(self.args.backends)], 'host': POOL_HOSTS[b],
                          'volume_type': self.vtype(b)})

        def run_occ(label, part):
            log_path = os.path.join(self.workdir, '%s-%s.log' % (tag, label))
            names = set(item['name'] for item in part)
            off0 = self.apilog.offset()
            t = time.monotonic()
            secs = run_playbook(occ_bin, OCC_PLAYBOOK, {'bench_cloud': self.args.cloud, 'bench_items': part},
                                empty, log_path, self.workdir)
            # volume_manage returns right after Cinder's 202 (status 'managing'): wait like a user must
            self.wait_settled(names)
            secs_avail = time.monotonic() - t
            time.sleep(0.3)
            reqs = self.apilog.requests_between(off0, self.apilog.offset())
            vols = [v for v in self.volumes_of('^%s_%s_' % (self.prefix, tag)) if v['name'] in names]
            status = {}
            for v in vols:
                status[v['status']] = status.get(v['status'], 0) + 1
            missing = len(names) - len(vols)
            count = len(part)
            say('occ: %d item(s): playbook %.1fs (%.2fs/item), all available after %.1fs; %d cinder-api requests '
                '(%s); volumes %s, missing %d' % (count, secs, secs / count, secs_avail, len(reqs),
                                                  summarize_requests(reqs), status, missing))
            if missing or set(status) - {'available'}:
                self.notes.append('openstack.cloud run %s left volumes %s, %d missing (see %s)'
                                  % (label, status, missing, log_path))
            tasks, in_play = task_times(log_path)
            return {'seconds': secs, 'seconds_available': secs_avail, 'count': count, 'log_requests': len(reqs),
                    'log_breakdown': summarize_requests(reqs), 'status': status, 'missing': missing,
                    'in_play': in_play, 'log': log_path}

        say('occ: openstack.cloud.volume_manage %s from %s; %d LVs on the backends, one item first ...'
            % (self.results['occ_version'], venv, n))
        one = run_occ('1', items[:1])
        self.results['occ1'] = one
        if one['seconds'] * m > self.args.occ_budget:
            m2 = max(2, int(self.args.occ_budget / one['seconds']))
            if m2 < m:
                self.notes.append('--occ-count %d cut to %d: one item took %.1fs and --occ-budget is %ds'
                                  % (m, m2, one['seconds'], self.args.occ_budget))
                m = m2
        if m >= n - 1:
            res = run_occ('loop', items[1:])  # the whole set: the 1-item run + the rest
            res['count'] += 1
            res['seconds'] += one['seconds']
            res['seconds_available'] += one['seconds_available']
            res['log_requests'] += one['log_requests']
            res['per_item'] = res['seconds'] / n
        else:
            res = run_occ('loop', items[1:1 + m])
            # per item: the loop's marginal cost (its own start-up, measured by the 1-item run, taken out)
            per_item = (res['seconds'] - one['seconds']) / (m - 1) if m > 1 else res['seconds']
            res['per_item'] = per_item
            tail = max(0.0, res['seconds_available'] - res['seconds'])
            res['extrapolated'] = one['seconds'] + per_item * (n - 1)
            res['extrapolated_available'] = res['extrapolated'] + tail
        self.results['occ'] = res
        self.release(tag)

    def wait_settled(self, names):
        deadline = time.monotonic() + self.args.timeout
        t0 = time.monotonic()
        while True:
            vols = [v for v in self.cinder.list_volumes() if v.get('name') in names]
            settled = [v for v in vols if v['status'] in SETTLED]
            if len(settled) >= len(names) or time.monotonic() > deadline:
                return
            if not vols and time.monotonic() > t0 + 10:
                return  # nothing was adopted at all (volume_manage skips silently what it does not find)
            time.sleep(self.args.raw_poll)

    # -- cleanup -------------------------------------------------------------------------------

    def release(self, tag):
        """Release a measured set at once, so later phases don't list hundreds of extra volumes and LVs."""
        if not self.args.keep:
            if tag == 'ours':
                tag = self.ours_tag
            if not tag:
                return
            cleanup(self.cinder, '%s_%s' % (self.prefix, tag), self.args.timeout)

    def cleanup(self):
        cleanup(self.cinder, self.prefix, self.args.timeout)


def cleanup(cinder, prefix, timeout=600, backends=('lvm-a', 'lvm-b')):
    """_cleanup, retried: the shared cloud may be restarted under us (connection refused, HTTP 500/503)."""
    for attempt in range(1, 5):
        try:
            return _cleanup(cinder, prefix, timeout)
        except Exception as exc:  # noqa: BLE001 - anything: retry after the cloud is back
            say('cleanup of %s failed (attempt %d): %s' % (prefix, attempt, str(exc).splitlines()[0][:300]))
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and not cinder.ready(backends):
                time.sleep(3)
    say('cleanup: GAVE UP on %s; run: adopt_scale.py --cleanup-only %s' % (prefix, prefix))


def _cleanup(cinder, prefix, timeout=600):
    say('cleanup: releasing (os-unmanage, never delete) volumes named %s_* and removing their LVs' % prefix)
    vols = [v for v in cinder.list_volumes() if (v.get('name') or '').startswith(prefix + '_')]
    busy = [v for v in vols if v['status'] not in SETTLED]
    deadline = time.monotonic() + min(timeout, 120)
    while busy and time.monotonic() < deadline:  # a manage/unmanage still in flight: let it finish
        time.sleep(2)
        vols = [v for v in cinder.list_volumes() if (v.get('name') or '').startswith(prefix + '_')]
        busy = [v for v in vols if v['status'] not in SETTLED]
    if busy:
        # Stuck in a transitional state ('managing', 'unmanaging', ...): a restart of cinder-volume dropped the
        # operation. Reset the record's status (admin, no backend action) so that it can be unmanaged.
        say('cleanup: %d volumes stuck in %s; os-reset_status to available, then unmanage'
            % (len(busy), sorted(set(v['status'] for v in busy))))
        for v in busy:
            cinder.reset_status(v['id'], 'available')
    ids = set(v['id'] for v in vols)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(cinder.unmanage, ids))
    deadline = time.monotonic() + timeout
    while ids and time.monotonic() < deadline:
        present = set(v['id'] for v in cinder.list_volumes())
        if not ids & present:
            break
        time.sleep(1)
    left = ids & set(v['id'] for v in cinder.list_volumes())
    if left:
        say('cleanup: WARNING %d volumes still present after unmanage: %s' % (len(left), sorted(left)[:5]))
    wanted = set('volume-%s' % vid for vid in ids - left)
    lvs = [lv for lv in list_lvs() if lv['name'].startswith(prefix + '_') or lv['name'] in wanted]
    errors = 0
    for lv in lvs:
        r = lvm('lvremove', '-f', '%s/%s' % (lv['vg'], lv['name']), check=False)
        if r.returncode != 0:
            errors += 1
            say('cleanup: lvremove %s/%s failed: %s' % (lv['vg'], lv['name'], r.stderr.strip()))
    error_note = ', %d errors' % errors if errors else ''
    say('cleanup: unmanaged %d volumes, removed %d LVs%s' % (len(ids) - len(left), len(lvs) - errors, error_note))


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------

def report(b):
    r, a = b.results, b.args
    n = a.count
    who = ' (bench user only)' if b.user else ' (ALL users in the window)'
    lines = ['', '=' * 100,
             'stackadopt.cinder adoption benchmark  prefix=%s  N=%d LVs (%s, split round-robin)  '
             'concurrency=%d  lv-size=%s' % (b.prefix, n, ', '.join(a.backends), a.concurrency, a.lv_size),
             '=' * 100]
    if a.rounds > 1:
        lines.append('round %d of %d' % (b.round, a.rounds))
    lines.append('machine: %d CPUs, load average at the end %.2f %.2f %.2f (the testcloud and everyone else share them)'
                 % ((os.cpu_count() or 0,) + tuple(os.getloadavg())))
    if 'noop' in r:
        lines.append('ansible-playbook start-up, no-op task (tools venv)  %8.2f s' % r['noop'])
    ours = r.get('ours')
    if ours:
        lines.append('1. ours  (%s)  adopt %d LVs           %8.2f s   (%.3f s/LV; module api_requests=%s, '
                     'cinder-api.log requests=%d)' % (ours['playbook'], n, ours['seconds'], ours['seconds'] / n,
                                                      ours['module_api_requests'], ours['log_requests']))
    oursb = r.get('oursb')
    if oursb:
        lines.append('1b. module only (%s, backends in sequence)  %8.2f s   (%.3f s/LV; module api_requests=%s)'
                     % (oursb['playbook'], oursb['seconds'], oursb['seconds'] / n, oursb['module_api_requests']))
    occ = r.get('occ')
    if occ:
        lines.append('2. openstack.cloud.volume_manage %s in a loop (the module does not wait: "all available" adds '
                     'our own poll after the playbook)' % r.get('occ_version'))
        o1 = r['occ1']
        lines.append('     1 item    MEASURED  playbook %8.2f s   all available %8.2f s   (%d cinder-api requests)'
                     % (o1['seconds'], o1['seconds_available'], o1['log_requests']))
        lines.append('     %d items  MEASURED  playbook %8.2f s   all available %8.2f s   (%.3f s/item; %d cinder-api '
                     'requests, %.1f/item)' % (occ['count'], occ['seconds'], occ['seconds_available'],
                                               occ['per_item'], occ['log_requests'],
                                               occ['log_requests'] / float(occ['count'])))
        if 'extrapolated' in occ:
            lines.append('     %d items  EXTRAPOLATED (not measured) linearly: t(1) + (N-1) x %.3f s = playbook %8.2f s'
                         '   all available %8.2f s' % (n, occ['per_item'], occ['extrapolated'],
                                                       occ['extrapolated_available']))
    raw = r.get('raw')
    if raw:
        lines.append('3. raw floor  %d POSTs / %d threads + 1 poll loop  %8.2f s   (POSTs done at %.2f s; median POST '
                     '%.3f s; %d polls every %.2f s; %d cinder-api requests)'
                     % (n, raw['threads'], raw['seconds'], raw['post_phase'], raw['post_latency_median'],
                        raw['polls'], a.raw_poll, raw['log_requests']))
    rawlisted = r.get('rawlisted')
    if rawlisted:
        lines.append('3b. raw floor + 1 manageable listing per backend first  %8.2f s   (%d cinder-api requests)'
                     % (rawlisted['seconds'], rawlisted['log_requests']))
    rawsame = r.get('rawsame')
    if rawsame:
        lines.append('3c. raw floor with the request bodies ours sends (metadata, type id)  %8.2f s   (POSTs done at '
                     '%.2f s; median POST %.3f s)' % (rawsame['seconds'], rawsame['post_phase'],
                                                      rawsame['post_latency_median']))
    rerun = r.get('rerun')
    if rerun:
        lines.append('4. re-run of ours on the %d adopted volumes          %8.2f s   module api_requests=%s, '
                     'cinder-api.log requests=%d%s' % (n, rerun['seconds'], rerun['module_api_requests'],
                                                       rerun['log_requests'], who))
        lines.append('     log breakdown: %s' % rerun['log_breakdown'])
        lines.append('     also in that log window: %d unauthenticated version-discovery GETs (anyone\'s), %d requests '
                     'from all users in total' % (rerun['log_anonymous'], rerun['log_everyone']))
        lines.append('     module summary: %s' % rerun['summary'])
    lines.append('where the time goes (cinder-api.log timestamps of the bench user, from the start of each run; '
                 'slowest Ansible tasks):')
    for key, label in (('ours', 'ours'), ('oursb', 'module only'), ('raw', 'raw floor'),
                       ('rawlisted', 'raw+listing'), ('rawsame', 'raw, our bodies'), ('rerun', 're-run')):
        if r.get(key):
            lines.append('   %-12s %6.1f s: %s' % (label, r[key]['seconds'], r[key].get('timeline') or '-'))
            if r[key].get('cpu'):
                lines.append('   %-12s          CPU: client %.1f s, cloud %.1f s (of %.1f s on %d cores)'
                             % ('', r[key]['cpu']['client'], r[key]['cpu']['cloud'], r[key]['seconds'],
                                os.cpu_count() or 0))
            if r[key].get('tasks'):
                lines.append('   %-12s          tasks: %s' % ('', r[key]['tasks']))
    lines.append('-' * 100)
    if ours and raw:
        ratio = ours['seconds'] / raw['seconds']
        lines.append('adopt / raw floor                 = %6.2f   (target <= 1.3)  %s   [%s]'
                     % (ratio, 'OK' if ratio <= 1.3 else 'MISSED', ours['playbook']))
        if rawlisted:
            ratio = ours['seconds'] / rawlisted['seconds']
            lines.append('adopt / (raw floor + listings)    = %6.2f   (context: the same reads ours must make)'
                         % ratio)
        if r.get('rawsame'):
            ratio = ours['seconds'] / r['rawsame']['seconds']
            lines.append('adopt / raw floor, our bodies     = %6.2f   (context: the same writes ours must make)'
                         % ratio)
        if oursb:
            ratio = oursb['seconds'] / raw['seconds']
            lines.append('module-only playbook / raw floor  = %6.2f   (target <= 1.3)  %s   [%s]'
                         % (ratio, 'OK' if ratio <= 1.3 else 'MISSED', oursb['playbook']))
    if ours and occ:
        if 'extrapolated' in occ:
            occ_n, how = occ['extrapolated_available'], 'EXTRAPOLATED from %d measured items' % occ['count']
        else:
            occ_n, how = occ['seconds_available'], 'measured'
        ratio = occ_n / ours['seconds']
        lines.append('openstack.cloud loop / adopt      = %6.2f   (target >= 10)  %s   '
                     '[%d items until all available, %s]' % (ratio, 'OK' if ratio >= 10 else 'MISSED', n, how))
        lines.append('  per volume: openstack.cloud %.3f s vs ours %.3f s = %.1fx'
                     % (occ['per_item'], ours['seconds'] / n, occ['per_item'] / (ours['seconds'] / n)))
    if rerun:
        reqs = rerun['module_api_requests'] if rerun['module_api_requests'] is not None else rerun['log_requests']
        lines.append('re-run Cinder API requests        = %6d   (target <= 10)  %s   [module count; the log shows %d '
                     'incl. version discovery and any concurrent traffic]'
                     % (reqs, 'OK' if reqs <= 10 else 'MISSED', rerun['log_requests']))
    rounds = b.rounds + [r]
    if len(rounds) > 1:
        lines.extend(rounds_summary(rounds))
    for note in b.notes:
        lines.append('NOTE: ' + note)
    lines.append('logs and results: %s' % b.workdir)
    print('\n'.join(lines), flush=True)
    with open(os.path.join(b.workdir, 'results.json'), 'w') as f:
        json.dump({'args': vars(a), 'results': r, 'rounds': rounds, 'notes': b.notes}, f, indent=2, default=str)


def rounds_summary(rounds):
    """One line per round and the median of the per-round ratios: each ratio compares runs made minutes apart,
    so the machine's slow drift cancels out of it, and the median drops the round a neighbour's burst spoiled."""
    def ratio(res, num, den):
        return res[num]['seconds'] / res[den]['seconds'] if res.get(num) and res.get(den) else None

    def fmt(value, unit=''):
        return '%6.2f%s' % (value, unit) if value is not None else '     -' + ' ' * len(unit)

    lines = ['-' * 100, 'rounds (the order alternates: odd rounds as given by --order, even rounds reversed):',
             '   round      ours       raw   raw, our bodies   ours/raw   ours/raw-our-bodies   re-run requests']
    columns = {'ours/raw': [], 'ours/rawsame': []}
    for number, res in enumerate(rounds, 1):
        by_raw, by_same = ratio(res, 'ours', 'raw'), ratio(res, 'ours', 'rawsame')
        for key, value in (('ours/raw', by_raw), ('ours/rawsame', by_same)):
            if value is not None:
                columns[key].append(value)
        rerun = res.get('rerun') or {}
        lines.append('   %5d   %s   %s   %s            %s     %s                %s'
                     % (number, fmt((res.get('ours') or {}).get('seconds'), 's'),
                        fmt((res.get('raw') or {}).get('seconds'), 's'),
                        fmt((res.get('rawsame') or {}).get('seconds'), 's'), fmt(by_raw), fmt(by_same),
                        rerun.get('module_api_requests', '-')))
    for key, label in (('ours/raw', 'adopt / raw floor'), ('ours/rawsame', 'adopt / raw floor, our bodies')):
        values = sorted(columns[key])
        if values:
            median = statistics.median(values)
            within = sum(1 for v in values if v <= 1.3)
            lines.append('median %-29s = %6.2f over %d rounds (min %.2f, max %.2f; %d of %d within 1.3)%s'
                         % (label, median, len(values), values[0], values[-1], within, len(values),
                            ('   (target <= 1.3)  %s' % ('OK' if median <= 1.3 else 'MISSED'))
                            if key == 'ours/raw' else ''))
    return lines


def run_phase(b, phase):
    """Run one phase; a phase the shared cloud's restart broke is retried once on a fresh set. False when it failed."""
    for attempt in (1, 2):
        b.wait_ready()
        pids = b.phase_pids = cloud_pids()
        try:
            getattr(b, 'phase_' + phase)()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - connection refused etc. while the cloud restarts
            if attempt == 1 and cloud_pids() != pids and phase != 'rerun':
                say('%s failed while the shared cloud was restarted (%s); retrying once on a fresh set' % (phase, exc))
                b.notes.append('%s: first attempt discarded, the cloud was restarted during it' % phase)
                b.wait_ready()
                b.cleanup()  # what is left belongs to the failed attempt (measured sets are released)
                b.attempt += 1
                continue
            msg = str(exc).splitlines()[0][:500] if str(exc) else repr(exc)
            say('%s FAILED: %s' % (phase, msg))
            b.notes.append('%s FAILED (no figure): %s' % (phase, msg))
            if phase == 'rerun':
                b.release('ours')
            return False
        if cloud_pids() != pids:
            b.notes.append('%s: the shared cloud was RESTARTED during this phase; its figure is suspect' % phase)
            say('WARNING: cloud services restarted during %s' % phase)
        return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--count', type=int, default=200, help='LVs per set (default 200)')
    ap.add_argument('--occ-count', type=int, default=40,
                    help='LVs for the openstack.cloud loop (default 40); below --count the time is extrapolated')
    ap.add_argument('--occ-budget', type=int, default=900, help='seconds the openstack.cloud loop may take (info)')
    ap.add_argument('--quick', action='store_true', help='smoke run: --count 20 --occ-count 5')
    ap.add_argument('--backends', default='lvm-a,lvm-b', help='comma-separated testcloud backends (default both)')
    ap.add_argument('--concurrency', type=int, default=8, help='manage requests in flight (ours and raw)')
    ap.add_argument('--lv-size', default='4M', help='LV size (sparse metadata only; Cinder rounds up to 1 GiB)')
    ap.add_argument('--cloud', default='stackadopt-admin')
    ap.add_argument('--no-bench-user', dest='bench_user', action='store_false',
                    help="use --cloud directly instead of a Keystone user of this run (log counts then include "
                         "everyone else's requests in the same time window)")
    ap.add_argument('--no-volume-types', dest='volume_types', action='store_false',
                    help="don't pass each backend's volume type (lvm-b then fails: the default type is lvm-a)")
    ap.add_argument('--playbook', choices=['auto', 'project', 'bench'], default='auto',
                    help='our adopt playbook: project = playbooks/adopt.yml (one storage host per backend, run in '
                         'parallel), bench = bench/playbooks/bulk_adopt.yml (one task per backend, in sequence); '
                         'auto (default) = project when it exists, falling back to bench if it fails')
    ap.add_argument('--timeout', type=int, default=900)
    ap.add_argument('--raw-threads', type=int, default=0,
                    help='threads of the raw floor (default: the requests ours has in flight: --concurrency per '
                         'backend for playbooks/adopt.yml, which adopts the backends in parallel, else --concurrency)')
    ap.add_argument('--raw-poll', type=float, default=0.25, help='poll interval of the raw floor (s)')
    ap.add_argument('--order', default=','.join(PHASES),
                    help='comma-separated order of the phases (rerun always follows ours); default %(default)s')
    ap.add_argument('--ansible-cfg', metavar='FILE',
                    help='an ansible.cfg for the runs of ours (e.g. bench/ansible-tuned.cfg); default: none, '
                         "Ansible's defaults")
    ap.add_argument('--rounds', type=int, default=1,
                    help='repeat the timed phases this many times, in alternating order, and report the median '
                         'of the per-round ratios (noop and occ run once); default 1')
    ap.add_argument('--skip', default='',
                    help='comma-separated phases to skip: noop,ours,rerun,oursb,raw,rawlisted,rawsame,occ')
    ap.add_argument('--prefix', help='run prefix (default bench_<utc time>_<random>)')
    ap.add_argument('--keep', action='store_true', help='do not clean up (debugging)')
    ap.add_argument('--cleanup-only', metavar='PREFIX', help='only release and remove what a run PREFIX left')
    args = ap.parse_args()
    if args.quick:
        args.count, args.occ_count = 20, 5
    args.backends = [b.strip() for b in args.backends.split(',') if b.strip()]
    for backend in args.backends:
        if backend not in POOL_HOSTS:
            ap.error('unknown backend %s' % backend)
    skip = set(s.strip() for s in args.skip.split(',') if s.strip())
    order = [s.strip() for s in args.order.split(',') if s.strip() and s.strip() != 'rerun']
    if set(order) != set(PHASES) - {'rerun'} or len(order) != len(PHASES) - 1:
        ap.error('--order must name each of %s once' % ', '.join(PHASES))
    state = load_testcloud_env()

    if args.cleanup_only:
        cleanup(Cinder(args.cloud), args.cleanup_only, args.timeout)
        return 0
    args.prefix = args.prefix or 'bench_%s_%s' % (datetime.datetime.utcnow().strftime('%m%d%H%M%S'),
                                                  uuid.uuid4().hex[:4])
    say('command: %s' % ' '.join(shlex.quote(c) for c in [sys.executable] + sys.argv))
    b = Bench(args, state)
    say('run prefix %s, work dir %s' % (b.prefix, b.workdir))
    rc = 0
    try:
        if 'occ' not in skip:
            ensure_occ_venv(state)  # before any timing, so a first build is not mixed into the phases
        for round_no in range(1, args.rounds + 1):
            if round_no > 1:
                report(b)
                b.rounds.append(dict(b.results))
                b.results, b.round, b.attempt = {}, round_no, 1
            # Alternate the order, so that a drift of the shared machine's load weighs on both sides alike.
            round_order = list(order if round_no % 2 else order[::-1])
            round_order.insert(round_order.index('ours') + 1, 'rerun')
            once = {'noop', 'occ'} if round_no > 1 else set()
            for phase in round_order:
                if phase in skip or phase in once or (phase == 'rerun' and ('ours' in skip or 'ours' not in b.results)):
                    continue
                if not run_phase(b, phase):
                    rc = 1
    except (BenchError, subprocess.CalledProcessError) as exc:
        say('FAILED: %s' % exc)
        b.notes.append('run stopped early: %s' % exc)
        rc = 1
    except KeyboardInterrupt:
        say('interrupted')
        rc = 130
    finally:
        try:
            report(b)
        finally:
            if args.keep:
                say('--keep: left everything in place; clean later with --cleanup-only %s' % b.prefix)
            else:
                try:
                    b.cleanup()
                finally:
                    if b.user:
                        b.user.delete()
    return rc


if __name__ == '__main__':
    sys.exit(main())
