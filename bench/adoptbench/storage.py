# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backends' own objects: LVs on the LVM volume groups, RBD images and snapshots on Ceph. Created and removed
directly (one command each, ~20x faster than `testcloud lv-create`); never through Cinder."""

import json
import os
import re
import subprocess
import sys
import time

from adoptbench import CEPH_POOL, TESTCLOUD, VGS, BenchError, say


def lvm(*args, check=True):
    r = subprocess.run(['lvm'] + list(args), capture_output=True, text=True, check=False)
    if check and r.returncode != 0:
        raise BenchError('lvm %s failed: %s' % (' '.join(args), r.stderr.strip()))
    return r


def create_lvs(names_by_backend, size):
    """Create the LVs (same flags as `testcloud lv-create`, but one lvm call each: ~20x faster)."""
    for backend, names in names_by_backend.items():
        for name in names:
            lvm('lvcreate', '--yes', '--zero', 'n', '--wipesignatures', 'n', '-n', name, '-L', size, VGS[backend])


def list_lvs():
    out = subprocess.run([sys.executable, TESTCLOUD, 'lv-list', '--json'], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def remove_lv(backend, name):
    r = subprocess.run([sys.executable, TESTCLOUD, 'lv-remove', backend, name], capture_output=True, text=True,
                       check=False)
    if r.returncode != 0:
        raise BenchError('lv-remove %s %s: %s' % (backend, name, (r.stderr or r.stdout).strip()))


# The storage host's listing: the very `lvs` of roles/storage_host/tasks/lvm_list.yml (the role's default
# storage_host_lvm_lvs_command is `lvs`), one call for the whole volume group.
LVS_FIELDS = 'vg_name,lv_name,lv_attr,lv_size,origin,pool_lv,segtype,lv_role'


def storage_host_listing(vg):
    """(seconds, number of LVs) of one `lvs` as the storage_host role runs it, its JSON parsed."""
    cmd = ['lvs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', LVS_FIELDS, vg]
    env = dict(os.environ, LVM_SUPPRESS_FD_WARNINGS='1')
    t = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if r.returncode != 0:
        raise BenchError('%s failed: %s' % (' '.join(cmd), r.stderr.strip()))
    lvs = json.loads(r.stdout)['report'][0]['lv']
    return time.monotonic() - t, len(lvs)


# ---- Ceph RBD (CEPH_CONF from `testcloud env`: client.admin) -------------------------------------------------

def rbd(*args, check=True):
    cmd = ['rbd', '--conf', os.environ['CEPH_CONF'], '--client-mount-timeout', '15'] + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300, check=False)
    if check and r.returncode != 0:
        raise BenchError('rbd %s failed: %s' % (' '.join(args), (r.stderr or r.stdout).strip()))
    return r


def create_images(names, size='64M'):
    for name in names:
        rbd('create', '--size', size, '%s/%s' % (CEPH_POOL, name))


def create_rbd_snapshots(image, snaps):
    for snap in snaps:
        rbd('snap', 'create', '--no-progress', '%s/%s@%s' % (CEPH_POOL, image, snap))


def list_images():
    """{image name: [snapshot names]} of the RBD pool."""
    r = rbd('ls', '-l', '--pool', CEPH_POOL, '--format', 'json')
    images = {}
    for entry in json.loads(r.stdout or '[]'):
        images.setdefault(entry['image'], [])
        if 'snapshot' in entry:
            images[entry['image']].append(entry['snapshot'])
    return images


def image_names_if_ceph(who):
    """The RBD pool's image names, or [] when this cloud has no Ceph or it does not answer (nothing of ours there
    either); ``who`` names the caller in the note."""
    if not os.path.exists(os.environ.get('CEPH_CONF') or '/nonexistent'):
        return []
    try:
        return list(list_images())
    except Exception as exc:  # noqa: BLE001 - any failure of the rbd command
        say('%s: could not list RBD images (%s)' % (who, str(exc).splitlines()[0][:200]))
        return []


def remove_image(name):
    """Backend cleanup of an image Cinder no longer manages: unprotect and purge its snapshots, remove it
    (what `testcloud rbd-remove` does)."""
    spec = '%s/%s' % (CEPH_POOL, name)
    r = rbd('snap', 'ls', '--format', 'json', spec, check=False)
    if r.returncode != 0:
        return False
    for snap in json.loads(r.stdout or '[]'):
        if str(snap.get('protected', 'false')).lower() == 'true':
            rbd('snap', 'unprotect', '%s@%s' % (spec, snap['name']), check=False)
    rbd('snap', 'purge', '--no-progress', spec, check=False)
    return rbd('rm', '--no-progress', spec, check=False).returncode == 0


def cloud_pids():
    """PIDs of the testcloud services: a change during a phase means someone restarted the shared cloud."""
    out = subprocess.run([sys.executable, TESTCLOUD, 'status'], capture_output=True, text=True,
                         check=False).stdout
    pids = {}
    for line in out.splitlines():
        m = re.match(r'(cinder-api|cinder-scheduler|cinder-volume|rabbitmq|mariadb|keystone)\s+(\d+)\s', line)
        if m:
            pids[m.group(1)] = m.group(2)
    return pids
