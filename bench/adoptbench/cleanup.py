# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cleanup: release through os-unmanage (never a delete through Cinder), then remove the objects on the backend:
the LVs and RBD images named with the run prefix, and the volume-<id> ones the drivers renamed them to."""

import concurrent.futures
import time

from adoptbench import SETTLED, say
from adoptbench.storage import image_names_if_ceph, list_lvs, lvm, remove_image

SNAPSHOT_SETTLED = ('available', 'error', 'error_managing')


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


def _settle(list_records, kind, reset, timeout):
    """Wait for the records' manage/unmanage in flight to finish; reset what a restart left stuck."""
    records = list_records()
    busy = [r for r in records if r['status'] not in (SNAPSHOT_SETTLED if kind == 'snapshot' else SETTLED)]
    deadline = time.monotonic() + min(timeout, 120)
    while busy and time.monotonic() < deadline:  # a manage/unmanage still in flight: let it finish
        time.sleep(2)
        records = list_records()
        busy = [r for r in records if r['status'] not in (SNAPSHOT_SETTLED if kind == 'snapshot' else SETTLED)]
    if busy:
        # Stuck in a transitional state ('managing', 'unmanaging', ...): a restart of cinder-volume dropped the
        # operation. Reset the record's status (admin, no backend action) so that it can be unmanaged.
        say('cleanup: %d %ss stuck in %s; os-reset_status to available, then unmanage'
            % (len(busy), kind, sorted(set(r['status'] for r in busy))))
        for r in busy:
            reset(r['id'], 'available')
    return records


def _release_snapshots(cinder, prefix, timeout):
    """Snapshots first: Cinder refuses to unmanage a volume that still has snapshots."""
    ours = set(v['id'] for v in cinder.list_volumes() if (v.get('name') or '').startswith(prefix + '_'))

    def mine():
        return [s for s in cinder.snapshots()
                if (s.get('name') or '').startswith(prefix + '_') or s.get('volume_id') in ours]
    snaps = _settle(mine, 'snapshot', lambda sid, status: cinder.reset_status(sid, status, kind='snapshot'),
                    timeout)
    if not snaps:
        return 0
    ids = set(s['id'] for s in snaps)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(cinder.unmanage_snapshot, ids))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and ids & set(s['id'] for s in cinder.snapshots()):
        time.sleep(1)
    return len(ids)


def _cleanup(cinder, prefix, timeout=600):
    say('cleanup: releasing (os-unmanage, never delete) volumes named %s_* and removing their LVs' % prefix)
    released_snaps = _release_snapshots(cinder, prefix, timeout)

    def mine():
        return [v for v in cinder.list_volumes() if (v.get('name') or '').startswith(prefix + '_')]
    vols = _settle(mine, 'volume', cinder.reset_status, timeout)
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
    errors = lv_errors = 0
    for lv in lvs:
        r = lvm('lvremove', '-f', '%s/%s' % (lv['vg'], lv['name']), check=False)
        if r.returncode != 0:
            errors += 1
            lv_errors += 1
            say('cleanup: lvremove %s/%s failed: %s' % (lv['vg'], lv['name'], r.stderr.strip()))
    images = [name for name in image_names_if_ceph('cleanup') if name.startswith(prefix + '_') or name in wanted]
    for name in images:
        if not remove_image(name):
            errors += 1
            say('cleanup: removing RBD image %s failed' % name)
    error_note = ', %d errors' % errors if errors else ''
    snap_note = '%d snapshots, ' % released_snaps if released_snaps else ''
    image_note = ', %d RBD images' % len(images) if images else ''
    say('cleanup: unmanaged %s%d volumes, removed %d LVs%s%s'
        % (snap_note, len(ids) - len(left), len(lvs) - lv_errors, image_note, error_note))
