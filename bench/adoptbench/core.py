# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Bench: its run (prefix, work dir, Keystone user, Cinder, log), sets of fresh objects, readiness, release."""

import os
import re
import sys
import time

from adoptbench import PROJECT_PLAYBOOK, SETTLED, VOLUME_TYPES, BenchError, say
from adoptbench.apilog import ApiLog
from adoptbench.cleanup import cleanup
from adoptbench.cloud import BenchUser, Cinder
from adoptbench.env import collections_root
from adoptbench.storage import create_lvs


class BenchCore(object):
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

    def wait_ready(self, backends=None):
        backends = backends or self.args.backends
        deadline = time.monotonic() + 300
        waited = False
        while not self.cinder.ready(backends):
            if time.monotonic() > deadline:
                raise BenchError('Cinder is not ready (scheduler pools / volume services) after 300 s')
            if not waited:
                say('waiting for Cinder: scheduler pools and volume services of %s' % ', '.join(backends))
                waited = True
            time.sleep(2)

    # -- sets of LVs ---------------------------------------------------------------------------

    def make_set(self, tag, count, backends=None):
        backends = backends or self.args.backends
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
