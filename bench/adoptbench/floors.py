# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The raw API floors: a thread pool of POST /manageable_volumes, then one polling loop (raw); with one manageable
listing per backend first (rawlisted); with the very request bodies ours sends (rawsame)."""

import concurrent.futures
import time

from adoptbench import API_TIMEOUT, POOL_HOSTS, SETTLED, BenchError, say
from adoptbench.apilog import timeline
from adoptbench.cloud import Cinder
from adoptbench.cpu import CpuMeter
from adoptbench.playbooks import ours_request_body


class FloorPhases(object):
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

    def _raw_floor(self, key, list_first, same_body=False, count=None, tag=None):
        """One floor run on a fresh set of ``count`` (default --count) LVs; stored as results[key]."""
        n = count or self.args.count
        tag = self.tagged(tag or key)
        by_backend = self.make_set(tag, n)
        threads = self.raw_threads()
        items = []
        for i in range(n):  # interleave the backends like the LVs were created
            b = self.args.backends[i % len(self.args.backends)]
            items.append((POOL_HOSTS[b], by_backend[b][i // len(self.args.backends)], self.vtype(b)))
        say('raw: %d POST /manageable_volumes with %d threads, then one polling loop ...' % (n, threads))
        off0 = self.apilog.offset()
        wall0 = time.time()
        meter = CpuMeter('self')
        t = time.monotonic()
        conn = Cinder(self.args.cloud, api_timeout=API_TIMEOUT)  # fresh: auth counted in the floor
        type_ids = {}
        if same_body:
            for vtype in conn.get('/types', params={'is_public': 'None'}).json()['volume_types']:
                type_ids[vtype['name']] = vtype['id']
        if list_first:
            def listing(backend):
                return conn.get('/manageable_volumes/detail', microversion='3.8',
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
            r = conn.post('/manageable_volumes', {'volume': body}, microversion='3.8')
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
            for v in conn.volumes():  # every page (one while the cloud holds fewer than 1000 volumes)
                if v['id'] in pending and v['status'] in SETTLED:
                    pending.discard(v['id'])
                    final[v['status']] = final.get(v['status'], 0) + 1
        elapsed = time.monotonic() - t
        cpu = meter.read()
        time.sleep(0.3)
        reqs = self.apilog.requests_between(off0, self.apilog.offset())
        lat = sorted(d for _vid, d in posted)
        self.results[key] = {'seconds': elapsed, 'count': n, 'post_phase': t_posted, 'threads': threads, 'polls': polls,
                             'status': final,
                             'post_latency_median': lat[len(lat) // 2], 'post_latency_max': lat[-1],
                             'log_requests': len(reqs), 'timeline': timeline(reqs, wall0), 'cpu': cpu}
        self.release(tag)
        say('%s: %.1fs (POSTs done after %.1fs, median POST %.3fs, max %.3fs; %d polls), volumes %s'
            % (key, elapsed, t_posted, lat[len(lat) // 2], lat[-1], polls, final))
