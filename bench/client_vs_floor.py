# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is our client code slower than the raw floor, with Ansible out of the picture?

Runs, in alternating trials on fresh LVs, the same manage requests (the bodies ours sends: the adoption record and
the role's two metadata keys, the type by ID) in two ways and two layouts:

  raw      openstacksdk's block_storage.post, as adopt_scale.py's floor does
  ours     the collection's CinderClient.manage_volume (module_utils/_cinder.py), as the bulk module does
  ...x2    two processes with 8 threads each, one per backend (as the adopt playbook runs one module per host);
           without x2: one process with 16 threads, the backends interleaved

and prints, per trial, the POST window, the time until every volume is available and the CPU seconds of the
client and of the cloud. Needs the test cloud (`tests/cloud/testcloud up`).

  venv-tools/bin/python bench/client_vs_floor.py --trials raw,oursx2,rawx2,ours,raw,oursx2,rawx2,ours --count 100
"""

import argparse
import concurrent.futures
import json
import os
import resource
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adoptbench import API_TIMEOUT, POOL_HOSTS, SETTLED, BenchError, say  # noqa: E402 - the bench's package
from adoptbench.cleanup import cleanup  # noqa: E402
from adoptbench.cloud import Cinder  # noqa: E402
from adoptbench.cpu import cloud_cpu_seconds  # noqa: E402
from adoptbench.env import collections_root, load_testcloud_env  # noqa: E402
from adoptbench.playbooks import ours_request_body  # noqa: E402
from adoptbench.storage import create_lvs  # noqa: E402

BACKENDS = ('lvm-a', 'lvm-b')


def post_all(way, cloud, items, threads):
    """In a child process: POST every item, print the window and this process's CPU as JSON."""
    cinder = Cinder(cloud, api_timeout=API_TIMEOUT)
    type_ids = dict((t['name'], t['id']) for t in cinder.get('/types').json()['volume_types'])
    if way == 'ours':
        sys.path.insert(0, collections_root())
        from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
        client = CinderClient(cinder.conn)

        def post(item):
            host, name, backend = item
            body = ours_request_body(host, name, type_ids[backend])
            return client.manage_volume(host, None, body['ref'], name=name, volume_type=body['volume_type'],
                                        metadata=body['metadata'])['id']
    else:
        def post(item):
            host, name, backend = item
            r = cinder.post('/manageable_volumes', {'volume': ours_request_body(host, name, type_ids[backend])},
                            microversion='3.8')
            if r.status_code != 202:
                raise BenchError('manage %s: HTTP %s %s' % (name, r.status_code, r.text[:300]))
            return r.json()['volume']['id']
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        ids = list(pool.map(post, items))
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({'start': start, 'end': time.time(), 'ids': ids,
                      'cpu': usage1.ru_utime + usage1.ru_stime - usage0.ru_utime - usage0.ru_stime}))


def trial(cinder, cloud, kind, tag, count):
    way, split = kind.replace('x2', ''), kind.endswith('x2')
    names = dict((b, ['%s_%d' % (tag, i) for i in range(count // len(BACKENDS))]) for b in BACKENDS)
    create_lvs(names, '4M')
    items = [(POOL_HOSTS[BACKENDS[i % 2]], names[BACKENDS[i % 2]][i // 2], BACKENDS[i % 2])
             for i in range(count)]
    groups = [[item for item in items if item[2] == b] for b in BACKENDS] if split else [items]
    threads = 16 // len(groups)
    cloud0, start = cloud_cpu_seconds(), time.time()
    children = [subprocess.Popen([sys.executable, os.path.abspath(__file__), '--child', way, '--cloud', cloud,
                                  '--threads', str(threads)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 text=True) for _group in groups]
    outputs = [json.loads(child.communicate(json.dumps(group))[0].strip().splitlines()[-1])
               for child, group in zip(children, groups)]
    if any(child.returncode for child in children):
        raise BenchError('%s: a child failed' % kind)
    window = max(o['end'] for o in outputs) - min(o['start'] for o in outputs)
    ids = set(vid for o in outputs for vid in o['ids'])
    while any(v['status'] not in SETTLED for v in cinder.list_volumes() if v['id'] in ids):
        time.sleep(0.25)
    return {'trial': kind, 'post_window': round(window, 1), 'all_available': round(time.time() - start, 1),
            'client_cpu': round(sum(o['cpu'] for o in outputs), 2),
            'cloud_cpu': round(cloud_cpu_seconds() - cloud0, 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--trials', default='raw,oursx2,rawx2,ours,raw,oursx2,rawx2,ours',
                    help='comma-separated trials: raw, ours, rawx2, oursx2 (default %(default)s)')
    ap.add_argument('--count', type=int, default=100, help='LVs per trial, split over lvm-a and lvm-b')
    ap.add_argument('--cloud', default='stackadopt-admin')
    ap.add_argument('--child', help=argparse.SUPPRESS)
    ap.add_argument('--threads', type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    load_testcloud_env()
    if args.child:
        post_all(args.child, args.cloud, [tuple(item) for item in json.loads(sys.stdin.read())], args.threads)
        return 0
    kinds = [k.strip() for k in args.trials.split(',') if k.strip()]
    unknown = set(kinds) - {'raw', 'ours', 'rawx2', 'oursx2'}
    if unknown:
        ap.error('unknown trials: %s' % ', '.join(sorted(unknown)))
    cinder = Cinder(args.cloud)
    prefix = 'cvf_%s' % uuid.uuid4().hex[:6]
    rows = []
    try:
        for number, kind in enumerate(kinds):
            tag = '%s_%d' % (prefix, number)
            try:
                rows.append(trial(cinder, args.cloud, kind, tag, args.count))
                say(json.dumps(rows[-1]))
            finally:
                cleanup(cinder, tag)
    finally:
        cleanup(cinder, prefix)
    print('%-8s %12s %14s %11s %10s' % ('trial', 'POST window', 'all available', 'client CPU', 'cloud CPU'))
    for row in rows:
        print('%-8s %11.1fs %13.1fs %10.2fs %9.1fs' % (row['trial'], row['post_window'], row['all_available'],
                                                       row['client_cpu'], row['cloud_cpu']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
