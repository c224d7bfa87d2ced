"""The subcommands that make and remove backend objects (LVs, RBD images and snapshots), rabbitmqctl and sql."""

import json
import os
import subprocess
import time

from .bootstrap import mysql_cli
from .ceph import (
    CEPH_POOL,
    check_rbd_name,
    check_rbd_removal_prefix,
    list_rbd,
    list_rbd_names,
    rbd,
    rbd_bulk,
    rbd_size_bytes,
)
from .common import RABBIT_BIN, RABBIT_NODENAME, Fail, human, p
from .lvm import (
    SIZE_RE,
    backend_vg,
    bulk_names,
    check_lv_name,
    check_removal_prefix,
    create_lvs,
    list_lvs,
    lvm,
    remove_lvs,
)
from .processes import rabbit_env

BULK_MAX = 100000


def bulk_or_single(args, kind):
    """The two forms of lv-create / rbd-create: NAME SIZE, or --count N --prefix P --size S. Returns
    (names or None, size)."""
    size = args.size_opt or args.size
    if args.count is None and args.prefix is None:
        if not args.name or not args.size or args.size_opt:
            raise Fail('give NAME SIZE, or --count N --prefix P --size SIZE for many %ss' % kind)
        return None, args.size
    if args.count is None or args.prefix is None or args.name or not size:
        raise Fail('bulk form: --count N --prefix P --size SIZE (and no NAME)')
    if not 1 <= args.count <= BULK_MAX:
        raise Fail('--count %d: give 1 to %d' % (args.count, BULK_MAX))
    return bulk_names(args.prefix, args.count), size


def summary(names):
    return names[0] if len(names) == 1 else '%s .. %s' % (names[0], names[-1])


# --------------------------------------------------------------------------
# LVs
# --------------------------------------------------------------------------

def cmd_lv_create(args):
    vg = backend_vg(args.backend)
    names, size = bulk_or_single(args, 'LV')
    if not SIZE_RE.match(size):
        raise Fail('bad SIZE %r (use e.g. 1G, 512M)' % size)
    if names is not None:
        t = time.time()
        extents = create_lvs(vg, names, size)
        print('created %d LVs %s/%s (%s, %d extents each) in %.1fs'
              % (len(names), vg, summary(names), size, extents, time.time() - t))
        return 0
    check_lv_name(args.name)
    r = lvm('lvcreate', '--yes', '--zero', 'n', '--wipesignatures', 'n',
            '-n', args.name, '-L', size, vg, check=False)
    if r.returncode != 0:
        raise Fail('lvcreate %s/%s failed: %s' % (vg, args.name, r.stderr.strip()))
    print('created %s/%s (%s)' % (vg, args.name, size))
    return 0


def cmd_lv_list(args):
    rows = list_lvs(args.backend)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print('%-8s %-14s %-50s %10s  %s' % ('BACKEND', 'VG', 'NAME', 'SIZE', 'ATTR'))
    for r in rows:
        print('%-8s %-14s %-50s %10s  %s' % (r['backend'], r['vg'], r['name'],
                                             human(r['size_bytes']), r['attr']))
    return 0


def cmd_lv_remove(args):
    vg = backend_vg(args.backend)
    if args.prefix is not None:
        if args.names:
            raise Fail('give NAME ... or --prefix P, not both')
        check_removal_prefix(args.prefix)
        names = sorted(lv['name'] for lv in list_lvs(args.backend) if lv['name'].startswith(args.prefix))
        t = time.time()
        remove_lvs(vg, names)
        which = ' (%s)' % summary(names) if names else ''
        print('removed %d LVs %s/%s*%s in %.1fs' % (len(names), vg, args.prefix, which, time.time() - t))
        return 0
    if not args.names:
        raise Fail('give the NAME of the LV(s) to remove, or --prefix P')
    if len(args.names) == 1:
        name = args.names[0]
        r = lvm('lvremove', '-f', '%s/%s' % (vg, name), check=False)
        if r.returncode != 0:
            raise Fail('lvremove %s/%s failed: %s' % (vg, name, r.stderr.strip()))
        print('removed %s/%s' % (vg, name))
        return 0
    remove_lvs(vg, args.names)
    for name in args.names:
        print('removed %s/%s' % (vg, name))
    return 0


# --------------------------------------------------------------------------
# RBD images and snapshots
# --------------------------------------------------------------------------

def cmd_rbd_create(args):
    names, size = bulk_or_single(args, 'image')
    if names is not None:
        for name in names:
            check_rbd_name('image', name)
        want = rbd_size_bytes(size)
        clash = sorted(set(names).intersection(list_rbd_names()))
        if clash:
            raise Fail('%d of the images exist already in pool %s: %s%s'
                       % (len(clash), CEPH_POOL, ', '.join(clash[:5]), ' ...' if len(clash) > 5 else ''))
        t = time.time()
        rbd_bulk('create', names, want)
        print('created %d images %s/%s (%s each) in %.1fs'
              % (len(names), CEPH_POOL, summary(names), size, time.time() - t))
        return 0
    check_rbd_name('image', args.name)
    rbd_size_bytes(size)   # validates
    r = rbd('create', '--size', size.upper(), '%s/%s' % (CEPH_POOL, args.name), check=False)
    if r.returncode != 0:
        raise Fail('rbd create %s/%s failed: %s' % (CEPH_POOL, args.name, r.stderr.strip()))
    print('created %s/%s (%s)' % (CEPH_POOL, args.name, size))
    return 0


def cmd_rbd_snap_create(args):
    check_rbd_name('image', args.image)
    check_rbd_name('snapshot', args.snap)
    r = rbd('snap', 'create', '%s/%s@%s' % (CEPH_POOL, args.image, args.snap), check=False)
    if r.returncode != 0:
        raise Fail('rbd snap create %s/%s@%s failed: %s'
                   % (CEPH_POOL, args.image, args.snap, r.stderr.strip()))
    print('created %s/%s@%s' % (CEPH_POOL, args.image, args.snap))
    return 0


def cmd_rbd_list(args):
    rows = list_rbd()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print('%-8s %-50s %10s  %s' % ('POOL', 'IMAGE', 'SIZE', 'SNAPSHOTS'))
    for r in rows:
        snaps = ', '.join(sn['name'] + (' (protected)' if sn['protected'] else '')
                          for sn in r['snapshots'])
        print('%-8s %-50s %10s  %s' % (r['pool'], r['name'],
                                       human(r['size_bytes'] or 0), snaps or '-'))
    return 0


def remove_one_image(name):
    """Test cleanup: unprotect + purge the image's snapshots, then remove it."""
    check_rbd_name('image', name)
    spec = '%s/%s' % (CEPH_POOL, name)
    r = rbd('snap', 'ls', '--format', 'json', spec, check=False)
    if r.returncode != 0:
        raise Fail('rbd snap ls %s failed: %s' % (spec, r.stderr.strip()))
    for snap in json.loads(r.stdout or '[]'):
        if str(snap.get('protected', 'false')).lower() == 'true':
            rbd('snap', 'unprotect', '%s@%s' % (spec, snap['name']))
    rbd('snap', 'purge', '--no-progress', spec)
    rbd('rm', '--no-progress', spec)
    print('removed %s' % spec)


def cmd_rbd_remove(args):
    if args.prefix is not None:
        if args.names:
            raise Fail('give NAME ... or --prefix P, not both')
        check_rbd_removal_prefix(args.prefix)
        names = sorted(n for n in list_rbd_names() if n.startswith(args.prefix))
        t = time.time()
        rbd_bulk('remove', names)
        which = ' (%s)' % summary(names) if names else ''
        print('removed %d images %s/%s*%s in %.1fs' % (len(names), CEPH_POOL, args.prefix, which, time.time() - t))
        return 0
    if not args.names:
        raise Fail('give the NAME of the image(s) to remove, or --prefix P')
    for name in args.names:
        remove_one_image(name)
    return 0


def cmd_sql(args):
    print(mysql_cli(args.statement, database=args.database).stdout, end='')
    return 0


def cmd_rabbitmqctl(args):
    r = subprocess.run([os.path.join(RABBIT_BIN, 'rabbitmqctl'), '-n', RABBIT_NODENAME] + args.args,
                       env=rabbit_env(), cwd=p('rabbitmq'), check=False)
    return r.returncode
