# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The snapshots phase (issue #14): K RBD snapshots on Ceph, spread over a few adopted RBD images, adopted three
ways in one round, each on its own fresh set:

  floor   raw API: a thread pool of POST /manageable_snapshots, then one polling loop of /snapshots/detail
  loop    one stackadopt.cinder.cinder_snapshot_manage run per snapshot (a playbook `loop:`)
  bulk    one stackadopt.cinder.cinder_snapshot_bulk_manage call with every snapshot
          (snapshots: [{volume: <id>, source_name: <snap>, name: <name>}], concurrency); skipped, with a note, while
          plugins/modules/cinder_snapshot_bulk_manage.py does not exist

The parent volumes are adopted through the raw API before the timing starts. Cleanup unmanages the snapshots, then
the volumes, then removes the images (and their snapshots) on Ceph.
"""

import concurrent.futures
import json
import os
import time

from adoptbench import (
    API_TIMEOUT,
    CEPH_HOST,
    CEPH_SERVICE,
    CEPH_TYPE,
    REPO_ROOT,
    SNAP_BULK_PLAYBOOK,
    SNAP_LOOP_PLAYBOOK,
    SNAPSHOT_BULK_MODULE,
    BenchError,
    say,
)
from adoptbench.cloud import Cinder
from adoptbench.cpu import CpuMeter
from adoptbench.playbooks import run_playbook
from adoptbench.storage import create_images, create_rbd_snapshots

WAYS = ('floor', 'loop', 'bulk')
LABELS = {'floor': 'raw floor', 'loop': 'cinder_snapshot_manage loop', 'bulk': 'cinder_snapshot_bulk_manage'}


class SnapshotPhase(object):
    def phase_snapshots(self):
        services = [s for s in self.cinder.services('cinder-volume') if s['host'] == CEPH_SERVICE]
        if not services:
            raise BenchError('snapshots: this test cloud has no Ceph backend (no cinder-volume %s)' % CEPH_SERVICE)
        self.wait_ready(['ceph'])
        k, volumes = self.args.snapshot_count, max(1, self.args.snapshot_volumes)
        res = {'count': k, 'volumes': volumes}
        self.results['snapshots'] = res
        order = WAYS if self.round % 2 else WAYS[::-1]
        for way in order:
            if way == 'bulk' and not os.path.isfile(SNAPSHOT_BULK_MODULE):
                missing = os.path.relpath(SNAPSHOT_BULK_MODULE, REPO_ROOT)
                res['bulk'] = {'skipped': 'stackadopt.cinder.cinder_snapshot_bulk_manage does not exist yet (%s); '
                                          'the phase runs it once it does' % missing}
                continue
            tag = self.tagged('snap' + way)
            try:
                items = self._snapshot_set(tag, k, volumes)
                say('snapshots: %s adopting %d snapshots of %d volumes ...' % (LABELS[way], k, volumes))
                res[way] = getattr(self, '_snap_' + way)(tag, items)
                names = set(item['name'] for item in items)
                found = [s for s in self.cinder.snapshots(prefix='%s_%s_' % (self.prefix, tag)) if s['name'] in names]
                res[way]['status'] = counted(found)
                res[way]['missing'] = len(names) - len(found)
                say('snapshots: %s %.1fs, snapshots %s, missing %d'
                    % (LABELS[way], res[way]['seconds'], res[way]['status'], res[way]['missing']))
            finally:
                self.release(tag)

    def _snapshot_set(self, tag, k, volumes):
        """Fresh RBD images adopted as Cinder volumes (raw API, untimed), then K RBD snapshots on them."""
        t = time.monotonic()
        images = ['%s_%s_v%d' % (self.prefix, tag, i) for i in range(volumes)]
        create_images(images)
        ids = [self.cinder.manage_volume(CEPH_HOST, source_name=image, name=image, volume_type=CEPH_TYPE)['id']
               for image in images]
        settled = self.cinder.wait_settled(ids, timeout=self.args.timeout)
        bad = dict((vid, v['status']) for vid, v in settled.items() if v['status'] != 'available')
        if bad:
            raise BenchError('snapshots: the parent volumes did not become available: %s' % bad)
        items = []
        for i in range(k):
            vid = ids[i % len(ids)]
            items.append({'volume': vid, 'source_name': '%s_%s_s%04d' % (self.prefix, tag, i),
                          'name': '%s_%s_s%04d' % (self.prefix, tag, i)})
        for vid in ids:  # the RBD driver renamed each image to volume-<id>
            create_rbd_snapshots('volume-%s' % vid, [item['source_name'] for item in items if item['volume'] == vid])
        say('created %d RBD snapshots on %d adopted images for %s in %.1fs' % (k, volumes, tag, time.monotonic() - t))
        return items

    def _snap_floor(self, tag, items):
        off0 = self.apilog.offset()
        meter = CpuMeter('self')
        t = time.monotonic()
        conn = Cinder(self.args.cloud, api_timeout=API_TIMEOUT)  # fresh: auth counted in the floor

        def post(item):
            r = conn.post('/manageable_snapshots', {'snapshot': {'volume_id': item['volume'], 'name': item['name'],
                                                                 'ref': {'source-name': item['source_name']}}},
                          microversion='3.8')
            if r.status_code != 202:
                raise BenchError('manage snapshot %s: HTTP %s %s' % (item['name'], r.status_code, r.text[:300]))
            return r.json()['snapshot']['id']

        with concurrent.futures.ThreadPoolExecutor(self.args.concurrency) as pool:
            ids = list(pool.map(post, items))
        posted = time.monotonic() - t
        conn.wait_settled(ids, kind='snapshot', timeout=self.args.timeout, poll=self.args.raw_poll)
        out = {'seconds': time.monotonic() - t, 'post_phase': posted, 'threads': self.args.concurrency,
               'cpu': meter.read()}
        time.sleep(0.3)
        out['log_requests'] = len(self.apilog.requests_between(off0, self.apilog.offset()))
        return out

    def _snap_loop(self, tag, items):
        return self._snap_playbook(tag, SNAP_LOOP_PLAYBOOK, {'bench_snapshots': items})

    def _snap_bulk(self, tag, items):
        result_file = os.path.join(self.workdir, '%s-result.json' % tag)
        out = self._snap_playbook(tag, SNAP_BULK_PLAYBOOK, {'bench_snapshots': items, 'bench_result_file': result_file,
                                                            'bench_concurrency': self.args.concurrency})
        try:
            out['module_api_requests'] = json.load(open(result_file)).get('api_requests')
        except (OSError, ValueError):
            out['module_api_requests'] = None
        return out

    def _snap_playbook(self, tag, playbook, extra):
        log_path = os.path.join(self.workdir, '%s.log' % tag)
        extra = dict(extra, bench_cloud=self.args.cloud)
        off0 = self.apilog.offset()
        meter = CpuMeter('children')
        seconds = run_playbook(self.tools_bin, playbook, extra, self.ours_collections, log_path, self.workdir)
        out = {'seconds': seconds, 'cpu': meter.read(), 'log': log_path}
        time.sleep(0.3)
        out['log_requests'] = len(self.apilog.requests_between(off0, self.apilog.offset()))
        return out


def counted(records):
    status = {}
    for record in records:
        status[record['status']] = status.get(record['status'], 0) + 1
    return status


def figures(res):
    r = res.get('snapshots') or {}
    out = []
    for num, den in (('bulk', 'floor'), ('loop', 'floor'), ('loop', 'bulk')):
        a, b = r.get(num) or {}, r.get(den) or {}
        if a.get('seconds') and b.get('seconds'):
            out.append(('snapshots/%s-%s' % (num, den), 'snapshots: %s / %s' % (LABELS[num], LABELS[den]),
                        a['seconds'] / b['seconds'], None))
    return out


def report_lines(r, a):
    res = r.get('snapshots')
    if not res:
        return []
    k = res['count']
    lines = ['S. snapshots: %d RBD snapshots on Ceph over %d adopted volumes, a fresh set for each way'
             % (k, res['volumes'])]
    for way in WAYS:
        out = res.get(way)
        if not out:
            continue
        if out.get('skipped'):
            lines.append('     %-30s SKIPPED: %s' % (LABELS[way], out['skipped']))
            continue
        extra = ''
        if out.get('module_api_requests') is not None:
            extra = '; module api_requests=%s' % out['module_api_requests']
        lines.append('     %-30s %8.2f s   (%.3f s/snapshot; %d cinder-api requests%s; snapshots %s, missing %d; '
                     'CPU client %.1f s, cloud %.1f s)'
                     % (LABELS[way], out['seconds'], out['seconds'] / k, out['log_requests'], extra,
                        out.get('status'), out.get('missing', 0), out['cpu']['client'], out['cpu']['cloud']))
    for _key, label, value, _target in figures(r):
        lines.append('%-45s = %6.2f' % (label, value))
    return lines
