# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cost model (issue #14): ours and the raw floor side by side at several N, time = a + b*N fitted by least
squares over the medians of the rounds, and a projection of an estate run from AWX, its assumptions printed.

The model phase measures ours and the floor at each N of --model-counts (fresh sets, the pair's order alternating);
the ours/raw pair of the main phases at --count is a point too.
"""

import math
import statistics

from adoptbench import BenchError, say
from adoptbench.memory import mib, rss_at


class ModelPhase(object):
    def phase_model(self):
        res = self.results['model'] = {}
        for index, n in enumerate(self.args.model_counts):
            if n == self.args.count and 'ours' in self.args.selected and 'raw' in self.args.selected:
                continue  # the main phases measure this N
            entry = res[n] = {}
            pair = ('ours', 'raw') if (self.round + index) % 2 else ('raw', 'ours')
            for side in pair:
                entry[side] = self._model_ours(n) if side == 'ours' else self._model_raw(n)
            ours, raw = entry['ours']['seconds'], entry['raw']['seconds']
            say('model: N=%d ours %.1fs, raw floor %.1fs (%.2f)' % (n, ours, raw, ours / raw))

    def _model_ours(self, n):
        tag = self.tagged('mo%d' % n)
        by_backend = self.make_set(tag, n)
        say('model: ours adopting %d LVs ...' % n)
        try:
            run = self.run_ours(tag, 'model')
            status, missing = self.check_adopted(tag, by_backend)
        finally:
            self.release(tag)
        if missing or set(status) - {'available'}:
            raise BenchError('model: ours at N=%d left volumes %s, %d missing' % (n, status, missing))
        return {'seconds': run['seconds'], 'cpu': run['cpu'], 'module_api_requests': run['module_api_requests']}

    def _model_raw(self, n):
        self._raw_floor('model_raw', list_first=False, count=n, tag='mr%d' % n)
        out = self.results.pop('model_raw')
        return {'seconds': out['seconds'], 'cpu': out['cpu']}


def points(rounds, a):
    """{N: ([ours seconds per round], [raw seconds per round])} of every round that measured both at N."""
    out = {}
    for res in rounds:
        if res.get('ours') and res.get('raw'):
            pair = out.setdefault(a.count, ([], []))
            pair[0].append(res['ours']['seconds'])
            pair[1].append(res['raw']['seconds'])
        for n, entry in (res.get('model') or {}).items():
            if entry.get('ours') and entry.get('raw'):
                pair = out.setdefault(int(n), ([], []))
                pair[0].append(entry['ours']['seconds'])
                pair[1].append(entry['raw']['seconds'])
    return out


def fit(xs, ys):
    """Least squares a + b*x; (a, b)."""
    mx, my = statistics.mean(xs), statistics.mean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def figures(res):
    out = []
    for n, entry in sorted((res.get('model') or {}).items(), key=lambda kv: int(kv[0])):
        if entry.get('ours') and entry.get('raw'):
            target = 1.15 if int(n) <= 200 else 1.2 if int(n) >= 1000 else None
            out.append(('model/%s' % n, 'model: adopt / raw floor at N=%s' % n,
                        entry['ours']['seconds'] / entry['raw']['seconds'], target))
    return out


def report_lines(rounds, a):
    measured = points(rounds, a)
    if not any(res.get('model') is not None for res in rounds):
        return []
    lines = ['-' * 100, 'cost model: time = a + b*N, least squares over the median of the rounds at each N '
             '(N objects split over %d backends adopted in parallel)' % len(a.backends)]
    for n, (ours, raw) in sorted(measured.items()):
        lines.append('   N=%-6d ours %8.1f s   raw floor %8.1f s   ours/floor %.2f   (medians of %d round(s))'
                     % (n, statistics.median(ours), statistics.median(raw),
                        statistics.median(ours) / statistics.median(raw), len(ours)))
    if len(measured) < 2:
        lines.append('   (a fit needs ours and the floor at two N at least: --phases ...,model --model-counts '
                     '200,1000)')
        return lines
    ns = sorted(measured)
    fits = {}
    for side, index in (('ours', 0), ('raw floor', 1)):
        fits[side] = fit(ns, [statistics.median(measured[n][index]) for n in ns])
        lines.append('   %-10s time = %7.2f s + %.4f s x N' % (side, fits[side][0], fits[side][1]))
    lines.extend(projection(fits, a, rounds))
    return lines


def projection(fits, a, rounds):
    objects, backends = a.projection
    per_host = objects / float(backends)
    measured_backends = len(a.backends)
    lines = ['projection to %d objects on %d backends run from AWX: EXTRAPOLATED (not measured)' % (objects, backends),
             '   assumptions: one inventory host per backend (%d objects each), the adopt playbook in one AWX job with'
             ' F forks;' % per_host,
             '   (A) control plane bound: Cinder API, scheduler and database are the bottleneck as on this test cloud,'
             ' so the',
             '       per-object cost b measured here (%d backends in parallel) holds for the whole estate, whatever the'
             ' forks: T = a + b x %d' % (measured_backends, objects),
             '   (B) backend bound: each backend has its own cinder-volume host and the control plane keeps up, so the '
             'hosts run',
             '       in waves of F: T = ceil(%d/F) x (a + %d b x %d)   (%d b: the per-object cost of one of the %d '
             'backends measured)' % (backends, measured_backends, per_host, measured_backends, measured_backends),
             '   the fixed part a (start-up, preflight, report) is paid once per wave; the test cloud\'s 2 cores are '
             'shared by client and cloud, a real AWX node and cloud are not, which favours (B)']
    for forks in a.awx_forks:
        waves = math.ceil(backends / float(forks))
        row = {}
        for side, (fixed, per_object) in fits.items():
            row[side] = (fixed + per_object * objects,
                         waves * (fixed + measured_backends * per_object * per_host))
        ours, raw = row['ours'], row['raw floor']
        lines.append('   forks %3d: ours (A) %7.0f s  (B) %7.0f s   raw floor (A) %7.0f s  (B) %7.0f s   '
                     'ours/floor (A) %.2f  (B) %.2f'
                     % (forks, ours[0], ours[1], raw[0], raw[1], ours[0] / raw[0], ours[1] / raw[1]))
    memory = next((res['memory'] for res in rounds if res.get('memory')), None)
    if memory and memory.get('runs'):
        rss, how = rss_at(memory['runs'], int(per_host))
        if rss:
            lines.append('   memory on the AWX node: one module process per host at once, up to F: %s each at %d '
                         'objects (%s)' % (mib(rss), per_host, how))
            lines.append('       ' + ', '.join('forks %d: %s' % (f, mib(rss * min(f, backends))) for f in a.awx_forks))
    return lines
