# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The adoption benchmark behind bench/adopt_scale.py, one module per section.

  env        testcloud exports, the collection tree, the openstack.cloud venv
  storage    the backends' own objects: LVs, RBD images and snapshots, one `lvs` as the storage host lists
  cloud      Cinder (tests/support/raw_cinder.py), the Keystone user of a run, cinder-api.log counting, CPU
  playbooks  ansible-playbook runs, the request body ours sends, the RSS-recording interpreter
  core       the Bench: sets of objects, readiness, release
  adopt, floors, occ, listing, snapshots, memory, model
             the phases (Bench mixins)
  cleanup    release through os-unmanage, then removal on the backend (never a delete through Cinder)
  leftovers  the run lock, and the cleanup of what interrupted runs left
  report     the per-round report, the table of rounds and the medians
  cli        flags, rounds, phase order
"""

import os
import sys
import time

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(BENCH_DIR)
TESTCLOUD = os.path.join(REPO_ROOT, 'tests', 'cloud', 'testcloud')
SUPPORT_DIR = os.path.join(REPO_ROOT, 'tests', 'support')
if SUPPORT_DIR not in sys.path:
    sys.path.insert(0, SUPPORT_DIR)  # raw_cinder: the one raw Cinder helper of tests and bench

BENCH_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'bulk_adopt.yml')
OCC_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'occ_volume_manage.yml')
NOOP_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'noop.yml')
LISTING_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'manageable_info.yml')
SNAP_LOOP_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'snapshot_loop.yml')
SNAP_BULK_PLAYBOOK = os.path.join(BENCH_DIR, 'playbooks', 'snapshot_bulk.yml')
PROJECT_PLAYBOOK = os.path.join(REPO_ROOT, 'playbooks', 'adopt.yml')
SNAPSHOT_BULK_MODULE = os.path.join(REPO_ROOT, 'plugins', 'modules', 'cinder_snapshot_bulk_manage.py')

POOL_HOSTS = {'lvm-a': 'testcloud@lvm-a#lvm-a', 'lvm-b': 'testcloud@lvm-b#lvm-b'}
VGS = {'lvm-a': 'stackadopt-a', 'lvm-b': 'stackadopt-b'}
# The testcloud's default type is lvm-a (volume_backend_name=lvm-a): managing into lvm-b without the lvm-b type
# fails in the scheduler (NoValidBackend). Every phase therefore passes the backend's own type.
VOLUME_TYPES = {'lvm-a': 'lvm-a', 'lvm-b': 'lvm-b'}
CEPH_HOST = 'testcloud@ceph#ceph'
CEPH_SERVICE = 'testcloud@ceph'   # the ceph backend's cinder-volume
CEPH_POOL_NAME = 'testcluster@ceph#ceph'  # the scheduler names the pool after the cluster its service is a member of
CEPH_POOL = 'volumes'           # the RBD pool of the testcloud's ceph backend (rbd_pool in cinder.conf)
CEPH_TYPE = 'ceph'
OCC_REQUIREMENTS = ['ansible==12.3.0', 'openstacksdk==4.14.0']
OCC_COLLECTION_VERSION = '2.5.0'
API_TIMEOUT = 180  # seconds per request of the script itself: a restart of the shared cloud can leave one hanging
# The phases of a default run, in their default order ...
PHASES = ('noop', 'ours', 'rerun', 'oursb', 'raw', 'rawlisted', 'rawsame', 'occ')
# ... and those of issue #14, run only when named in --phases (each measures its own pair side by side).
EXTRA_PHASES = ('listing', 'snapshots', 'memory', 'model')
ALL_PHASES = PHASES + EXTRA_PHASES
ONCE = ('noop', 'occ', 'memory')  # phases of the first round only
SETTLED = ('available', 'in-use', 'error', 'error_managing')

T0 = time.monotonic()


def say(msg):
    print('[bench %6.1fs] %s' % (time.monotonic() - T0, msg), flush=True)


class BenchError(Exception):
    pass
