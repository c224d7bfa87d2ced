# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The LVM storage host: its one ``lvs`` read with the rules of Cinder's LVM driver.

Beside the LVM profile (``lvm.py``, what the driver does through Cinder's API), this is what the
driver does on the host: cinder/volume/drivers/lvm.py LVMVolumeDriver._get_manageable_resource_info
lists the volume group with cinder/brick/local_dev/lvm.py LVM.get_volumes (``lvs --unit=g``) and
asks two ``lvdisplay`` per LV (LVM.lv_is_snapshot, LVM.lv_is_open). The storage_host role runs
one ``lvs --reportformat json --units b`` instead; this module turns it into the driver's listing
and the role's preflight (stackadopt.cinder.lvm_preflight) and post-check.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.storage_host import (
    explicit_names,
    host_selection,
    load_json,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

GIB = 1073741824
#: The lvs columns the role asks for (``-o``).
LVS_FIELDS = 'vg_name,lv_name,lv_attr,lv_size,origin,pool_lv,segtype,lv_role'

# Names Cinder's LVM driver gives the LVs it owns: volume_name_template 'volume-%s' (cinder/db/api.py),
# LVMVolumeDriver._escape_snapshot '_snapshot-%s', and 'snapshot-'/'clone-' LVs of its copy paths.
# They are never preflight candidates; the bulk module reports them as already managed.
_CINDER_OWNED = re.compile(r'^(volume|snapshot|_snapshot|clone)-[0-9a-f]{8}-')
# lv_attr (lvs(8)): 1st character the volume type, 6th the device state ('o' open).
_THIN_POOL = ('t', 'T')
_SNAPSHOT = ('s', 'S')
_ORIGIN = ('o', 'O')
_NOT_PLAIN = ('e', 'p', 'r', 'R', 'm', 'M', 'C', 'd', 'D')


def parse_lvs(stdout):
    """The LVs of ``lvs --reportformat json --units b --nosuffix -o <LVS_FIELDS> <vg>``, one dict each: name, attr,
    size_bytes, size_gib (rounded up), size_cinder (the size the driver lists), origin, pool_lv, segtype, role."""
    document = load_json(stdout, 'lvs')
    try:
        rows = document['report'][0]['lv']
    except (KeyError, IndexError, TypeError):
        raise CinderAdoptError('lvs printed no report[0].lv: %r' % (document,), field='stdout')
    lvs = []
    for row in rows:
        size = int(row['lv_size'])
        lvs.append(dict(name=row['lv_name'], attr=row['lv_attr'], size_bytes=size,
                        size_gib=int(math.ceil(size / float(GIB))), size_cinder=cinder_size(size),
                        origin=row.get('origin'), pool_lv=row.get('pool_lv'), segtype=row.get('segtype'),
                        role=row.get('lv_role') or ''))
    return lvs


def cinder_size(size_bytes):
    """The size the LVM driver lists, in GiB.

    LVMVolumeDriver._get_manageable_resource_info takes ``int(math.ceil(float(lv['size'])))`` of
    LVM.get_lv_info's ``lvs --unit=g --nosuffix``, which LVM prints with two decimals: a few MiB over a
    whole GiB are not rounded up.
    """
    return int(math.ceil(round(size_bytes / float(GIB), 2)))


def is_open(lv):
    # cinder/brick/local_dev/lvm.py LVM.lv_is_open: lv_attr[5] == 'o'. Without device-mapper the state shows 'X'
    # (unknown), which is not open.
    return lv['attr'][5:6] == 'o'


def is_driver_snapshot(lv):
    # cinder/brick/local_dev/lvm.py LVM.lv_is_snapshot: lv_attr[0] == 's' (an 'S' invalid snapshot is listed).
    return lv['attr'][0:1] == 's'


def listing(lvs):
    """The volume group as LVMVolumeDriver._get_manageable_resource_info lists it for volumes: every LV but the
    ``s`` snapshots, ``volume in use`` when open. "already managed" needs Cinder's volumes: the bulk module adds it
    (see _external_listing)."""
    entries = []
    for lv in lvs:
        if is_driver_snapshot(lv):
            continue
        in_use = is_open(lv)
        entries.append(dict(source_name=lv['name'], size=lv['size_cinder'], safe_to_manage=not in_use,
                            reason_not_safe='volume in use' if in_use else None))
    return entries


def block_reasons(lv):
    """Why the preflight keeps an LV out of the adoption (more than the driver checks), or an empty list.

    The driver refuses none of these, but managing them breaks what uses them: an open LV is in use on this host;
    renaming a thin pool, a snapshot or a snapshot origin (LVMVolumeDriver.manage_existing renames the LV to
    volume-<id>) takes it away from the LVs that depend on it; RAID, mirror, cache and pool metadata LVs are no
    volumes at all.
    """
    kind, reasons = lv['attr'][0:1], []
    if is_open(lv):
        reasons.append('LV is open (in use on this host)')
    if kind in _THIN_POOL or lv['segtype'] == 'thin-pool':
        reasons.append('LV is a thin pool')
    if kind in _SNAPSHOT or (lv['origin'] and lv['segtype'] != 'thin') or 'snapshot' in lv['role']:
        reasons.append('LV is a snapshot' + ((' of ' + lv['origin']) if lv['origin'] else ''))
    if kind in _ORIGIN or 'origin' in lv['role']:
        reasons.append('LV is a snapshot origin')
    if kind in _NOT_PLAIN:
        reasons.append("LV is not a plain volume (lv_attr '%s')" % lv['attr'])
    return reasons


def preflight(lvs, vg, volumes, select):
    """The fact ``storage_host_preflight`` of an LVM storage host (see storage_host.py)."""
    explicit = explicit_names(volumes)
    selection = host_selection(select)
    selected, blocked = [], []
    for lv in lvs:
        if _CINDER_OWNED.search(lv['name']):
            continue
        by_pattern = selection.given and selection.accepts(lv['name'], lv['size_gib'])
        if lv['name'] not in explicit and not by_pattern:
            continue
        reasons = block_reasons(lv)
        if reasons:
            blocked.append(dict(name=lv['name'], reason='preflight: ' + '; '.join(reasons), size=lv['size_gib'],
                                attr=lv['attr']))
        else:
            selected.append(dict(name=lv['name'], size_gib=lv['size_gib'], attr=lv['attr']))
    names = set(lv['name'] for lv in lvs)
    return dict(type='lvm', vg=vg, container=vg, selected=selected, blocked=blocked,
                missing=[name for name in explicit if name not in names], listing=listing(lvs))


def names(stdout):
    """The LV names of an ``lvs`` report (for the post-check)."""
    return [lv['name'] for lv in parse_lvs(stdout)]
