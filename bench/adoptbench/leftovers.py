# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Leftovers: what an interrupted run (killed, machine stopped) left on the shared cloud, and the run lock.

A run holds an exclusive lock on $STATE/bench.lock for its whole life. Whoever can take that lock knows that no
run is alive, so every object named bench_<mmddHHMMSS>_<hex4>_... (LV, RBD image, Cinder volume or snapshot) and
every Keystone user stackadopt-bench-... is a leftover: released with os-unmanage, then removed on the backend, by
cleanup.cleanup (never a delete through Cinder). A run cleans the leftovers of earlier runs before it starts, and
the integration suite does the same (`adopt_scale.py --cleanup-leftovers`), so that 2,000 LVs of a killed listing
run cannot turn every later listing of that backend into minutes.
"""

import errno
import fcntl
import os
import re

from adoptbench import BenchError, say
from adoptbench.cleanup import cleanup
from adoptbench.storage import image_names_if_ceph, list_lvs

RUN_PREFIX = re.compile(r'^(bench_\d{10}_[0-9a-f]{4})_')
USER_PREFIX = 'stackadopt-bench-'


def run_lock(state):
    """The open lock file, held exclusively; None when another run holds it."""
    f = open(os.path.join(state, 'bench.lock'), 'a')
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        f.close()
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return None
        raise
    return f


def leftover_prefixes(cinder):
    """The run prefixes named by any LV, RBD image, Cinder volume or snapshot on the cloud."""
    names = [lv['name'] for lv in list_lvs()] + image_names_if_ceph('leftovers')
    names += [v.get('name') or '' for v in cinder.list_volumes()]
    names += [s.get('name') or '' for s in cinder.snapshots()]
    return sorted(set(m.group(1) for m in (RUN_PREFIX.match(n) for n in names) if m))


def leftover_users(cinder):
    """Keystone users of runs that could not delete them (through the admin connection Cinder's helper holds)."""
    return [u for u in cinder.conn.identity.users() if (u.name or '').startswith(USER_PREFIX)]


def cleanup_leftovers(cinder, state, lock=None):
    """Release and remove what earlier runs left. Takes the run lock unless given it; refuses while a run holds it."""
    held = lock or run_lock(state)
    if held is None:
        raise BenchError('another bench run holds %s; its objects are not leftovers: nothing was touched'
                         % os.path.join(state, 'bench.lock'))
    try:
        prefixes = leftover_prefixes(cinder)
        for prefix in prefixes:
            say('leftovers: run %s was interrupted; cleaning up what it left' % prefix)
            cleanup(cinder, prefix)
        users = leftover_users(cinder)
        for user in users:
            say('leftovers: deleting Keystone user %s of an interrupted run' % user.name)
            cinder.conn.identity.delete_user(user, ignore_missing=True)
        if not prefixes and not users:
            say('leftovers: none')
        return prefixes
    finally:
        if lock is None:
            held.close()
