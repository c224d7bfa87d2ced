# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reference: openstack.cloud.volume_manage 2.5.0 in a loop, one item first, the rest extrapolated (labelled)."""

import os
import time

from adoptbench import OCC_PLAYBOOK, POOL_HOSTS, say
from adoptbench.apilog import summarize_requests, task_times
from adoptbench.env import ensure_occ_venv, occ_collection_version
from adoptbench.playbooks import run_playbook


class OccPhase(object):
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
