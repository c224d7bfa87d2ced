# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The phases of our adopt playbook: ours, its re-run, the module-only playbook (oursb), Ansible's start-up (noop)."""

import json
import os
import sys
import time

from adoptbench import BENCH_PLAYBOOK, NOOP_PLAYBOOK, POOL_HOSTS, PROJECT_PLAYBOOK, REPO_ROOT, VGS, BenchError, say
from adoptbench.apilog import summarize_requests, task_times, timeline
from adoptbench.cpu import CpuMeter
from adoptbench.playbooks import run_playbook
from adoptbench.storage import cloud_pids


class AdoptPhases(object):
    def our_playbook(self):
        return PROJECT_PLAYBOOK if self.mode == 'project' else BENCH_PLAYBOOK

    def ours_extra_vars(self, tag, result_file, backends=None):
        return {
            'bench_cloud': self.args.cloud,
            'bench_pools': [{'host': POOL_HOSTS[b], 'volume_type': self.vtype(b)}
                            for b in backends or self.args.backends],
            'bench_include': ['^%s_%s_' % (self.prefix, tag)],
            'bench_concurrency': self.args.concurrency,
            'bench_result_file': result_file,
        }

    def project_inventory(self, tag, label, backends=None):
        """Inventory for playbooks/adopt.yml: one storage host per backend (local connection), run in parallel."""
        report_dir = os.path.join(self.workdir, 'reports-%s-%s' % (tag, label))
        hosts = {}
        for b in backends or self.args.backends:
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

    def run_ours(self, tag, label, extra_vars=None, backends=None):
        """One run of our playbook on the set ``tag``; extra_vars go on top (the memory phase's interpreter)."""
        log_path = os.path.join(self.workdir, '%s-%s.log' % (tag, label))
        playbook = self.our_playbook()
        if self.mode == 'project':
            inventory, result_file = self.project_inventory(tag, label, backends)
            extra = {}
        else:
            inventory = 'localhost,'
            result_file = os.path.join(self.workdir, '%s-%s-result.json' % (tag, label))
            extra = self.ours_extra_vars(tag, result_file, backends)
        extra.update(extra_vars or {})
        self.cinder.marker('%s-%s-start' % (self.prefix, label))
        off0 = self.apilog.offset()
        wall0 = time.time()
        meter = CpuMeter('children')
        elapsed = run_playbook(self.tools_bin, playbook, extra, self.ours_collections, log_path, self.workdir,
                               inventory=inventory, ansible_cfg=self.args.ansible_cfg)
        cpu = meter.read()
        time.sleep(0.3)  # let the API workers flush their last log lines
        off1 = self.apilog.offset()
        self.cinder.marker('%s-%s-end' % (self.prefix, label))
        reqs = self.apilog.requests_between(off0, off1)
        anonymous = len(self.apilog.requests_between(off0, off1, mine='with-anonymous')) - len(reqs)
        everyone = len(self.apilog.requests_between(off0, off1, mine=False))
        module_requests, summary, per_backend = None, {}, {}
        try:
            data = json.load(open(result_file))
            if self.mode == 'project':  # the role's report: hosts.<host>.{api_requests, counts}
                results = [dict(api_requests=h.get('api_requests') or 0, summary=h.get('counts'),
                                backend=name.replace('bench-', '', 1)) for name, h in data['hosts'].items()]
            else:  # the module's results, one per pool
                results = [dict(r, backend=(r.get('host') or (r.get('item') or {}).get('host') or '?')
                                .split('@')[-1].split('#')[0]) for r in data]
            module_requests = sum(r.get('api_requests') or 0 for r in results)
            for r in results:
                per_backend[r['backend']] = per_backend.get(r['backend'], 0) + (r.get('api_requests') or 0)
                for k, v in (r.get('summary') or {}).items():
                    summary[k] = summary.get(k, 0) + v
        except (OSError, ValueError, KeyError):
            pass
        summary = dict((k, v) for k, v in summary.items() if v)
        tasks, in_play = task_times(log_path)
        return {'seconds': elapsed, 'module_api_requests': module_requests, 'per_backend_requests': per_backend,
                'log_requests': len(reqs),
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
