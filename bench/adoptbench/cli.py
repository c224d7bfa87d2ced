# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command: flags, phase selection and order, rounds, and the cleanup at the end."""

import argparse
import datetime
import shlex
import signal
import subprocess
import sys
import uuid

from adoptbench import ALL_PHASES, ONCE, PHASES, POOL_HOSTS, BenchError, say
from adoptbench.adopt import AdoptPhases
from adoptbench.cleanup import cleanup
from adoptbench.cloud import Cinder
from adoptbench.core import BenchCore
from adoptbench.env import ensure_occ_venv, load_testcloud_env
from adoptbench.floors import FloorPhases
from adoptbench.leftovers import cleanup_leftovers, run_lock
from adoptbench.listing import ListingPhase
from adoptbench.memory import MemoryPhase
from adoptbench.model import ModelPhase
from adoptbench.occ import OccPhase
from adoptbench.report import report
from adoptbench.snapshots import SnapshotPhase
from adoptbench.storage import cloud_pids


class Bench(AdoptPhases, FloorPhases, OccPhase, ListingPhase, SnapshotPhase, MemoryPhase, ModelPhase, BenchCore):
    """One run: BenchCore's state plus every phase_<name> of the mixins."""


def run_phase(b, phase):
    """Run one phase; a phase the shared cloud's restart broke is retried once on a fresh set. False when it failed."""
    for attempt in (1, 2):
        b.wait_ready()
        pids = b.phase_pids = cloud_pids()
        try:
            getattr(b, 'phase_' + phase)()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - connection refused etc. while the cloud restarts
            if attempt == 1 and cloud_pids() != pids and phase != 'rerun':
                say('%s failed while the shared cloud was restarted (%s); retrying once on a fresh set' % (phase, exc))
                b.notes.append('%s: first attempt discarded, the cloud was restarted during it' % phase)
                b.wait_ready()
                b.cleanup()  # what is left belongs to the failed attempt (measured sets are released)
                b.attempt += 1
                continue
            msg = str(exc).splitlines()[0][:500] if str(exc) else repr(exc)
            say('%s FAILED: %s' % (phase, msg))
            b.notes.append('%s FAILED (no figure): %s' % (phase, msg))
            if phase == 'rerun':
                b.release('ours')
            return False
        if cloud_pids() != pids:
            b.notes.append('%s: the shared cloud was RESTARTED during this phase; its figure is suspect' % phase)
            say('WARNING: cloud services restarted during %s' % phase)
        return True


def counts(text):
    return [int(x) for x in text.split(',') if x.strip()]


def parse_args(doc, argv=None):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--count', type=int, default=200, help='LVs per set (default 200)')
    ap.add_argument('--occ-count', type=int, default=40,
                    help='LVs for the openstack.cloud loop (default 40); below --count the time is extrapolated')
    ap.add_argument('--occ-budget', type=int, default=900, help='seconds the openstack.cloud loop may take (info)')
    ap.add_argument('--quick', action='store_true', help='smoke run: --count 20 --occ-count 5')
    ap.add_argument('--backends', default='lvm-a,lvm-b', help='comma-separated testcloud backends (default both)')
    ap.add_argument('--concurrency', type=int, default=8, help='manage requests in flight (ours and raw)')
    ap.add_argument('--lv-size', default='4M', help='LV size (sparse metadata only; Cinder rounds up to 1 GiB)')
    ap.add_argument('--cloud', default='stackadopt-admin')
    ap.add_argument('--no-bench-user', dest='bench_user', action='store_false',
                    help="use --cloud directly instead of a Keystone user of this run (log counts then include "
                         "everyone else's requests in the same time window)")
    ap.add_argument('--no-volume-types', dest='volume_types', action='store_false',
                    help="don't pass each backend's volume type (lvm-b then fails: the default type is lvm-a)")
    ap.add_argument('--playbook', choices=['auto', 'project', 'bench'], default='auto',
                    help='our adopt playbook: project = playbooks/adopt.yml (one storage host per backend, run in '
                         'parallel), bench = bench/playbooks/bulk_adopt.yml (one task per backend, in sequence); '
                         'auto (default) = project when it exists, falling back to bench if it fails')
    ap.add_argument('--timeout', type=int, default=900)
    ap.add_argument('--raw-threads', type=int, default=0,
                    help='threads of the raw floor (default: the requests ours has in flight: --concurrency per '
                         'backend for playbooks/adopt.yml, which adopts the backends in parallel, else --concurrency)')
    ap.add_argument('--raw-poll', type=float, default=0.25, help='poll interval of the raw floor (s)')
    ap.add_argument('--order', default=','.join(PHASES),
                    help='comma-separated order of the phases (rerun always follows ours; phases not named keep their '
                         'default place after those named); default %(default)s,' + ','.join(ALL_PHASES[len(PHASES):]))
    ap.add_argument('--ansible-cfg', metavar='FILE',
                    help='an ansible.cfg for the runs of ours (e.g. bench/ansible-tuned.cfg); default: none, '
                         "Ansible's defaults")
    ap.add_argument('--rounds', type=int, default=1,
                    help='repeat the timed phases this many times, in alternating order, and report the median '
                         'of the per-round ratios (noop, occ and memory run once); default 1')
    ap.add_argument('--target', type=float, default=1.3,
                    help='the target of adopt / raw floor at --count (default 1.3, issue #10; issue #14 asks 1.15 at '
                         'N=200 and 1.2 at N=1000)')
    ap.add_argument('--phases', default='',
                    help='comma-separated phases to run, of: %s (default: %s, less --skip)'
                         % (','.join(ALL_PHASES), ','.join(PHASES)))
    ap.add_argument('--skip', default='',
                    help='comma-separated phases to skip: noop,ours,rerun,oursb,raw,rawlisted,rawsame,occ')
    group = ap.add_argument_group('listing (issue #14): one backend of N objects listed three ways')
    group.add_argument('--listing-count', type=int, default=2000, help='LVs on the listed backend (default 2000)')
    group.add_argument('--listing-backend', default='lvm-a', help='the backend listed (default lvm-a)')
    group.add_argument('--listing-timeout', type=int, default=1800,
                       help="seconds the bench waits for one page of Cinder's listing (default 1800; Cinder's own "
                            'limit is rpc_response_timeout in cinder.conf)')
    group = ap.add_argument_group('snapshots (issue #14): K snapshots on Ceph, floor / module loop / bulk module')
    group.add_argument('--snapshot-count', type=int, default=100, help='RBD snapshots per set (default 100)')
    group.add_argument('--snapshot-volumes', type=int, default=4,
                       help='adopted RBD images the snapshots are spread over (default 4)')
    group = ap.add_argument_group('memory and cost model (issue #14)')
    group.add_argument('--memory-counts', type=counts, default=[200, 2000],
                       help='N of the memory runs: peak RSS of the bulk module process adopting N LVs on '
                            '--memory-backend (default 200,2000)')
    group.add_argument('--memory-backend', default='lvm-a')
    group.add_argument('--model-counts', type=counts, default=[200, 1000],
                       help='N at which the model phase measures ours and the raw floor side by side, on top of '
                            '--count (default 200,1000); time = a + b*N is fitted over every N measured')
    group.add_argument('--awx-forks', type=counts, default=[5, 20],
                       help="forks of the AWX projection (default 5,20: Ansible's default and one per backend)")
    group.add_argument('--projection', default='10000,20', metavar='OBJECTS,BACKENDS',
                       help='the projected estate (default 10000 objects on 20 backends, one host each)')
    ap.add_argument('--prefix', help='run prefix (default bench_<utc time>_<random>)')
    ap.add_argument('--keep', action='store_true', help='do not clean up (debugging)')
    ap.add_argument('--cleanup-only', metavar='PREFIX', help='only release and remove what a run PREFIX left')
    ap.add_argument('--cleanup-leftovers', action='store_true',
                    help='only release and remove what interrupted runs left (every bench_* object; refused while a '
                         'run is alive). Every run does this first; the integration suite too')
    args = ap.parse_args(argv)
    return ap, args


def selected_phases(ap, args):
    """The phases of this run in their order (rerun excluded: it always follows ours)."""
    known = set(ALL_PHASES)
    chosen = [p.strip() for p in args.phases.split(',') if p.strip()] or list(PHASES)
    skip = set(s.strip() for s in args.skip.split(',') if s.strip())
    order = [s.strip() for s in args.order.split(',') if s.strip()]
    for name in set(chosen) | skip | set(order):
        if name not in known:
            ap.error('unknown phase %s (phases: %s)' % (name, ', '.join(ALL_PHASES)))
    if len(order) != len(set(order)):
        ap.error('--order names a phase twice')
    order = [p for p in order if p != 'rerun']
    order += [p for p in ALL_PHASES if p not in order and p != 'rerun']
    return [p for p in order if p in chosen and p not in skip], ('rerun' in chosen and 'rerun' not in skip)


def main(doc=None, argv=None):
    ap, args = parse_args(doc, argv)
    if args.quick:
        args.count, args.occ_count = 20, 5
    args.backends = [b.strip() for b in args.backends.split(',') if b.strip()]
    for backend in args.backends + [args.listing_backend, args.memory_backend]:
        if backend not in POOL_HOSTS:
            ap.error('unknown backend %s' % backend)
    try:
        objects, backends = (int(x) for x in args.projection.split(','))
        args.projection = (objects, backends)
    except ValueError:
        ap.error('--projection takes OBJECTS,BACKENDS, e.g. 10000,20')
    order, with_rerun = selected_phases(ap, args)
    args.selected = order + (['rerun'] if with_rerun else [])
    state = load_testcloud_env()

    if args.cleanup_only:
        cleanup(Cinder(args.cloud), args.cleanup_only, args.timeout)
        return 0
    if args.cleanup_leftovers:
        try:
            cleanup_leftovers(Cinder(args.cloud), state)
        except BenchError as exc:
            say(str(exc))
            return 3
        return 0
    lock = run_lock(state)  # held until this process ends: no other run, and no leftover cleanup, meanwhile
    if lock is None:
        say('another bench run is alive (it holds %s/bench.lock); two runs at once would measure each other' % state)
        return 3
    cleanup_leftovers(Cinder(args.cloud), state, lock)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt('signal %d' % signum)
    for signum in (signal.SIGTERM, signal.SIGHUP):  # a stopped job still releases and removes what it made
        signal.signal(signum, interrupted)
    args.prefix = args.prefix or 'bench_%s_%s' % (datetime.datetime.utcnow().strftime('%m%d%H%M%S'),
                                                  uuid.uuid4().hex[:4])
    say('command: %s' % ' '.join(shlex.quote(c) for c in [sys.executable] + sys.argv))
    b = Bench(args, state)
    say('run prefix %s, work dir %s' % (b.prefix, b.workdir))
    rc = 0
    try:
        if 'occ' in order:
            ensure_occ_venv(state)  # before any timing, so a first build is not mixed into the phases
        for round_no in range(1, args.rounds + 1):
            if round_no > 1:
                report(b)
                b.rounds.append(dict(b.results))
                b.results, b.round, b.attempt = {}, round_no, 1
            # Alternate the order, so that a drift of the shared machine's load weighs on both sides alike.
            round_order = list(order if round_no % 2 else order[::-1])
            if with_rerun and 'ours' in round_order:
                round_order.insert(round_order.index('ours') + 1, 'rerun')
            once = set(ONCE) if round_no > 1 else set()
            for phase in round_order:
                if phase in once or (phase == 'rerun' and 'ours' not in b.results):
                    continue
                if not run_phase(b, phase):
                    rc = 1
    except (BenchError, subprocess.CalledProcessError) as exc:
        say('FAILED: %s' % exc)
        b.notes.append('run stopped early: %s' % exc)
        rc = 1
    except KeyboardInterrupt:
        say('interrupted')
        rc = 130
    finally:
        try:
            report(b)
        finally:
            if args.keep:
                say('--keep: left everything in place; clean later with --cleanup-only %s' % b.prefix)
            else:
                try:
                    b.cleanup()
                finally:
                    if b.user:
                        b.user.delete()
    return rc
