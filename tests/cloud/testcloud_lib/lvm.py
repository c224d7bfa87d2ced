"""LVM without device-mapper: the loop-device VGs of the two backends, and the LV commands.

Bulk creation writes the VG metadata once (vgcfgbackup, new LV sections, vgcfgrestore) under LVM's own VG lock,
instead of one lvcreate per LV (each of which rewrites and re-reads the whole VG metadata: ~20-50 ms per LV).
"""

import contextlib
import fcntl
import json
import math
import os
import re
import secrets
import socket
import string
import tempfile
import time

from .common import BACKENDS, DISK_SIZE_GB, LVM_DIR, PV_METADATA_SIZE, Fail, lvm_env, p, run, say

# LV names: what lvcreate accepts, minus names LVM reserves for its internal LVs (lib/metadata/metadata.c,
# apply_lvname_restrictions).
NAME_RE = re.compile(r'^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$')
LV_NAME_MAX = 120
RESERVED_LV_PREFIXES = ('snapshot', 'pvmove')
RESERVED_LV_PARTS = ('_cdata', '_cmeta', '_corig', '_cpool', '_cvol', '_imeta', '_iorig', '_mimage', '_mlog',
                     '_pmspare', '_rimage', '_rmeta', '_tdata', '_tmeta', '_vdata', '_vorigin', '_wcorig')
# Names Cinder's LVM driver gives the LVs it manages (cinder/volume/drivers/lvm.py: volume_name_template
# 'volume-%s', and '_snapshot-%s' for snapshot LVs): a prefix removal never touches those.
CINDER_LV_PREFIXES = ('volume-', '_snapshot-')
SIZE_RE = re.compile(r'^(\d+(?:\.\d+)?)([bBsSkKmMgGtT]?)$')
SIZE_UNITS = {'b': 1, 's': 512, 'k': 1024, 'm': 1024 ** 2, 'g': 1024 ** 3, 't': 1024 ** 4, '': 1024 ** 2}


def lvm(*args, check=True):
    return run(['lvm'] + list(args), env=lvm_env(), check=check)


def loop_for(path):
    r = run(['losetup', '-j', path, '-O', 'NAME', '-n'], check=False)
    if r.returncode == 0 and r.stdout.strip():
        return r.stdout.split()[0]
    return None


def ensure_lvm():
    for backend, vg in BACKENDS.items():
        img = p('disks', backend + '.img')
        want = DISK_SIZE_GB * 1024 ** 3
        if not os.path.exists(img):
            say('creating sparse backing file %s (%dG)' % (img, DISK_SIZE_GB))
            run(['truncate', '-s', str(want), img])
        grown = False
        if os.path.getsize(img) < want:
            say('growing sparse backing file %s to %dG' % (img, DISK_SIZE_GB))
            run(['truncate', '-s', str(want), img])
            grown = True
        dev = loop_for(img)
        if not dev:
            dev = run(['losetup', '-f', '--show', img]).stdout.strip()
            say('attached %s -> %s' % (img, dev))
        elif grown:
            run(['losetup', '-c', dev])
        if lvm('vgs', '--noheadings', '-o', 'vg_name', vg, check=False).returncode == 0:
            if grown:
                lvm('pvresize', dev)
            continue
        r = lvm('pvs', '--noheadings', '-o', 'pv_name,vg_name', dev, check=False)
        if r.returncode != 0:
            lvm('pvcreate', '-y', '--metadatasize', PV_METADATA_SIZE, dev)
        say('creating VG %s on %s' % (vg, dev))
        lvm('vgcreate', vg, dev)


def backend_vg(backend):
    if backend not in BACKENDS:
        raise Fail('unknown backend %r (choose from %s)' % (backend, ', '.join(BACKENDS)))
    return BACKENDS[backend]


def list_lvs(backend=None):
    backends = [backend] if backend else list(BACKENDS)
    rows = []
    for b in backends:
        vg = backend_vg(b)
        r = lvm('lvs', '--reportformat', 'json', '--units', 'b', '--nosuffix',
                '-o', 'lv_name,vg_name,lv_size,lv_attr', vg, check=False)
        if r.returncode != 0:
            raise Fail('lvs failed for VG %s (is the cloud up? run `testcloud up`):\n%s'
                       % (vg, r.stderr.strip()))
        for lv in json.loads(r.stdout)['report'][0]['lv']:
            rows.append({'backend': b, 'vg': lv['vg_name'], 'name': lv['lv_name'],
                         'size_bytes': int(lv['lv_size']), 'attr': lv['lv_attr']})
    return rows


# --------------------------------------------------------------------------
# Names and sizes
# --------------------------------------------------------------------------

def check_lv_name(name):
    if not NAME_RE.match(name) or len(name) > LV_NAME_MAX or name in ('.', '..'):
        raise Fail('bad LV name %r' % name)
    if name.startswith(RESERVED_LV_PREFIXES) or any(part in name for part in RESERVED_LV_PARTS):
        raise Fail('bad LV name %r: LVM reserves names starting with %s or containing %s'
                   % (name, '/'.join(RESERVED_LV_PREFIXES), ', '.join(RESERVED_LV_PARTS)))


def check_removal_prefix(prefix):
    """A prefix for bulk removal: never one that can match the LVs Cinder names itself."""
    if not prefix:
        raise Fail('--prefix must not be empty')
    for cinder_prefix in CINDER_LV_PREFIXES:
        if cinder_prefix.startswith(prefix) or prefix.startswith(cinder_prefix):
            raise Fail('refusing --prefix %r: it can match the LVs Cinder names itself (%s<id>); remove those '
                       'by name' % (prefix, cinder_prefix))


def size_bytes(size):
    """lvcreate -L semantics: a number with an optional unit b, s (512-byte sectors), k, m, g, t (binary, either
    case; none = MiB)."""
    m = SIZE_RE.match(size)
    if not m:
        raise Fail('bad SIZE %r (use e.g. 1G, 512M)' % size)
    return int(math.ceil(float(m.group(1)) * SIZE_UNITS[m.group(2).lower()]))


def bulk_names(prefix, count):
    """<prefix><index>: index 0 .. count-1, zero-padded to at least 4 digits so that names sort in order."""
    width = max(4, len(str(count - 1)))
    return ['%s%0*d' % (prefix, width, i) for i in range(count)]


# --------------------------------------------------------------------------
# Bulk creation: one VG metadata write
# --------------------------------------------------------------------------

LVM_ID_CHARS = string.ascii_letters + string.digits


def lvm_uuid():
    """A new LVM UUID in text-format form (32 characters as 6-4-4-4-4-4-6; lib/uuid/uuid.c)."""
    return '-'.join(''.join(secrets.choice(LVM_ID_CHARS) for _i in range(n)) for n in (6, 4, 4, 4, 4, 4, 6))


def allocate(free_segments, names, extents):
    """First-fit allocation of one linear segment of `extents` extents per name.

    free_segments: [(pv_key, start, size)] free areas of the VG's PVs. Returns [(name, pv_key, start)];
    raises Fail when an LV does not fit in any free area (nothing is written then)."""
    free = [list(seg) for seg in sorted(free_segments, key=lambda s: (s[0], s[1]))]
    placed = []
    for name in names:
        for seg in free:
            if seg[2] >= extents:
                placed.append((name, seg[0], seg[1]))
                seg[1] += extents
                seg[2] -= extents
                break
        else:
            total = sum(seg[2] for seg in free)
            raise Fail('not enough free space for %d LVs of %d extents each (%d placed; %d extents free)'
                       % (len(names), extents, len(placed), total))
    return placed


def lv_section(name, pv_key, start, extents, now, host):
    """One LV of the LVM2 text format (as vgcfgbackup writes a linear LV)."""
    return '''
\t\t%(name)s {
\t\t\tid = "%(id)s"
\t\t\tstatus = ["READ", "WRITE", "VISIBLE"]
\t\t\tflags = []
\t\t\tcreation_time = %(now)d
\t\t\tcreation_host = "%(host)s"
\t\t\tsegment_count = 1

\t\t\tsegment1 {
\t\t\t\tstart_extent = 0
\t\t\t\textent_count = %(extents)d

\t\t\t\ttype = "striped"
\t\t\t\tstripe_count = 1

\t\t\t\tstripes = [
\t\t\t\t\t"%(pv)s", %(start)d
\t\t\t\t]
\t\t\t}
\t\t}
''' % {'name': name, 'id': lvm_uuid(), 'now': now, 'host': host, 'extents': extents, 'pv': pv_key,
       'start': start}


def pv_keys(metadata):
    """PV UUID -> the PV's key (pv0, pv1, ...) in a VG's text-format metadata."""
    return {uuid: key for key, uuid in re.findall(r'\n\t\t(pv\d+) \{\n\t\t\tid = "([^"]+)"', metadata)}


def add_lv_sections(metadata, sections):
    """Insert LV sections into a VG's text-format metadata (creating its logical_volumes block if it has none)."""
    opening = '\n\tlogical_volumes {\n'
    at = metadata.find(opening)
    if at >= 0:
        at += len(opening)
        return metadata[:at] + ''.join(sections) + metadata[at:]
    end = metadata.rstrip().rfind('\n}')
    if end < 0:
        raise Fail('unexpected VG metadata text (no closing brace)')
    return metadata[:end] + '\n' + opening + ''.join(sections) + '\t}\n' + metadata[end:]


@contextlib.contextmanager
def vg_write_lock(vg):
    """Hold LVM's own write lock of a VG (flock on <locking_dir>/V_<vg>, the protocol of LVM's file locking:
    lib/locking/file_locking.c) while our commands run with a private locking_dir: every other LVM command on
    that VG (Cinder's included) waits until the new metadata is written."""
    lock_dir = os.path.join(LVM_DIR, 'lock')
    os.makedirs(lock_dir, exist_ok=True)
    path = os.path.join(lock_dir, 'V_' + vg)
    while True:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:   # LVM unlinked it after we opened it: lock the new one
            same = False
        if same:
            break
        os.close(fd)
    private = tempfile.mkdtemp(prefix='lock-bulk-', dir=LVM_DIR)
    try:
        yield ['--config', 'global/locking_dir="%s"' % private]
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.rmdir(private)


def lvm_json(args, key):
    r = lvm(*args, check=False)
    if r.returncode != 0:
        raise Fail('lvm %s failed: %s' % (' '.join(args[:2]), r.stderr.strip()))
    return json.loads(r.stdout)['report'][0][key]


def create_lvs(vg, names, size):
    """Create LVs `names` of `size` each in `vg` with one VG metadata write. Fails before writing when a name
    exists or space is short; LVM validates the new metadata (overlaps, counts) before committing it."""
    for name in names:
        check_lv_name(name)
    if len(set(names)) != len(names):
        raise Fail('duplicate LV names')
    want = size_bytes(size)
    with vg_write_lock(vg) as private:
        existing = {lv['lv_name'] for lv in lvm_json(['lvs', '--reportformat', 'json', '-o', 'lv_name', vg]
                                                     + private, 'lv')}
        clash = sorted(existing.intersection(names))
        if clash:
            more = ' ...' if len(clash) > 5 else ''
            raise Fail('%d of the LVs exist already in %s: %s%s' % (len(clash), vg, ', '.join(clash[:5]), more))
        info = lvm_json(['vgs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', 'vg_extent_size', vg]
                        + private, 'vg')[0]
        extents = max(1, int(math.ceil(want / float(int(info['vg_extent_size'])))))
        segments = lvm_json(['pvs', '--segments', '--reportformat', 'json', '-o',
                             'pv_uuid,pvseg_start,pvseg_size,lv_name', '-S', 'vg_name=%s' % vg] + private, 'pvseg')
        with tempfile.TemporaryDirectory(prefix='lv-bulk-', dir=LVM_DIR) as tmp:
            backup = os.path.join(tmp, 'before.vg')
            r = lvm(*(['vgcfgbackup', '-f', backup, vg] + private), check=False)
            if r.returncode != 0:
                raise Fail('vgcfgbackup %s failed: %s' % (vg, r.stderr.strip()))
            with open(backup) as f:
                metadata = f.read()
            keys = pv_keys(metadata)
            free = [(keys[s['pv_uuid']], int(s['pvseg_start']), int(s['pvseg_size']))
                    for s in segments if not s['lv_name'] and s['pv_uuid'] in keys]
            placed = allocate(free, names, extents)
            now, host = int(time.time()), socket.gethostname()
            sections = [lv_section(name, key, start, extents, now, host) for name, key, start in placed]
            restore = os.path.join(tmp, 'after.vg')
            with open(restore, 'w') as f:
                f.write(add_lv_sections(metadata, sections))
            r = lvm(*(['vgcfgrestore', '-f', restore, vg] + private), check=False)
            if r.returncode != 0:
                raise Fail('vgcfgrestore %s failed (nothing was changed): %s' % (vg, r.stderr.strip()))
    return extents


def remove_lvs(vg, names):
    """Remove LVs with one lvremove (LVM's own locking; one process for all of them)."""
    if not names:
        return
    r = lvm(*(['lvremove', '-f'] + ['%s/%s' % (vg, name) for name in names]), check=False)
    if r.returncode != 0:
        raise Fail('lvremove in %s failed: %s' % (vg, r.stderr.strip()))
