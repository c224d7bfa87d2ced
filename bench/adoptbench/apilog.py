# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cinder-api.log request counting, the timeline of a run, and the slowest Ansible tasks of a playbook log."""

import os
import re
import time

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

    def text_between(self, start, end):
        with open(self.path, 'rb') as f:
            f.seek(start)
            return f.read(max(0, end - start)).decode('utf-8', 'replace')

    def requests_between(self, start, end, mine=True):
        """Requests logged between two offsets; with mine, only those of the bench user (when there is one)."""
        reqs = []
        for line in self.text_between(start, end).splitlines():
            m = API_LINE.search(line)
            if mine and self.user_id and (' %s ' % self.user_id) not in line:
                if not (mine == 'with-anonymous' and m and '- - - - - -]' in line):
                    continue
            if m and 'stackadopt-bench' not in m.group(2):
                path = re.sub(r'^https?://[^/]+', '', m.group(2))
                reqs.append((m.group(1), re.sub(r'/v3/[0-9a-f]{32}', '/v3/P', path), line[:23]))
        return reqs

    def rpc_timeouts_between(self, start, end):
        """Lines of the window in which cinder-api gave up waiting for the volume service's RPC reply."""
        return [line for line in self.text_between(start, end).splitlines()
                if 'MessagingTimeout' in line or 'Timed out waiting for a reply' in line]


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
