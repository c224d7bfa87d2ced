# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The memory phase (issue #14): peak RSS of the module process that adopts N objects.

For each N of --memory-counts, our adopt playbook adopts N fresh LVs of one backend (--memory-backend), so one
cinder_volume_bulk_manage process holds all N, with ansible_python_interpreter set to a wrapper that runs the real
Python as its child and records the child's ru_maxrss (AnsiballZ runs the module inside that process): the module
process's own peak, not ansible-playbook's. First round only; its wall time is not a figure (the wrapper adds a
process start to every module run).
"""

from adoptbench import say
from adoptbench.playbooks import rss_interpreter, rss_records

MODULE = 'cinder_volume_bulk_manage'


class MemoryPhase(object):
    def phase_memory(self):
        backend = self.args.memory_backend
        res = self.results['memory'] = {'backend': backend, 'runs': {}}
        for n in self.args.memory_counts:
            tag = self.tagged('mem%d' % n)
            by_backend = self.make_set(tag, n, backends=[backend])
            interpreter, log = rss_interpreter(self.workdir, tag)
            say('memory: adopting %d LVs of %s with the RSS-recording interpreter ...' % (n, backend))
            try:
                run = self.run_ours(tag, 'memory', extra_vars={'ansible_python_interpreter': interpreter},
                                    backends=[backend])
                status, missing = self.check_adopted(tag, by_backend)
            finally:
                self.release(tag)
            processes = rss_records(log)
            bulk = [p['maxrss_kib'] for p in processes if p['module'] == MODULE]
            others = [p for p in processes if p['module'] != MODULE]
            largest_other = max(others, key=lambda p: p['maxrss_kib']) if others else None
            res['runs'][n] = {'seconds': run['seconds'], 'status': status, 'missing': missing,
                              'module_maxrss_kib': max(bulk) if bulk else None, 'module_processes': len(bulk),
                              'other_max': largest_other, 'processes': len(processes), 'log': log}
            say('memory: N=%d: %s peak RSS %s KiB over %d process(es); volumes %s, missing %d'
                % (n, MODULE, res['runs'][n]['module_maxrss_kib'], len(bulk), status, missing))


def mib(kib):
    return '%.1f MiB' % (kib / 1024.0) if kib else '-'


def rss_at(runs, n):
    """Peak RSS (KiB) at n objects and how it was obtained: measured, or interpolated / extrapolated linearly
    between the measured N (both labelled so)."""
    points = sorted((int(k), v['module_maxrss_kib']) for k, v in runs.items() if v.get('module_maxrss_kib'))
    if not points:
        return None, None
    exact = dict(points)
    if n in exact:
        return exact[n], 'measured'
    if len(points) == 1:
        return points[0][1], 'NOT MEASURED at this N: the only measured N is %d' % points[0][0]
    segment = next(((lo, hi) for lo, hi in zip(points, points[1:]) if lo[0] <= n <= hi[0]), None)
    how = 'INTERPOLATED'
    if segment is None:
        segment = (points[0], points[1]) if n < points[0][0] else (points[-2], points[-1])
        how = 'EXTRAPOLATED'
    (x0, y0), (x1, y1) = segment
    return y0 + (y1 - y0) * (n - x0) / float(x1 - x0), '%s linearly from N=%d and N=%d' % (how, x0, x1)


def report_lines(r, a):
    res = r.get('memory')
    if not res or not res['runs']:
        return []
    lines = ['M. memory: peak RSS of the %s process adopting N LVs of %s (ru_maxrss of the module process)'
             % (MODULE, res['backend'])]
    for n, run in sorted(res['runs'].items(), key=lambda kv: int(kv[0])):
        other = run.get('other_max')
        lines.append('     N=%-6s %s   (volumes %s, missing %d; largest other module: %s)'
                     % (n, mib(run['module_maxrss_kib']), run['status'], run['missing'],
                        '%s %s' % (other['module'], mib(other['maxrss_kib'])) if other else '-'))
    return lines
