# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Cinder's reference LVM driver (cinder/volume/drivers/lvm.py LVMVolumeDriver).

The driver manages logical volumes of its one configured volume group, names
them by ``source-name`` only, and renames each LV it adopts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    SNAPSHOT_NAME_TEMPLATE,
    UUID_PATTERN,
    VOLUME_NAME_TEMPLATE,
    DriverProfile,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# A Cinder snapshot's LV as LVMVolumeDriver._escape_snapshot names it. On thin LVM such LVs are
# thin volumes, not 's' snapshots, so _get_manageable_resource_info lists them as manageable
# *volumes*; managing one as a volume would rename it and break the Cinder snapshot.
_CINDER_SNAPSHOT_LV = re.compile(r'^_snapshot-%s$' % UUID_PATTERN)


class LVMProfile(DriverProfile):
    name = 'lvm'
    description = 'Cinder LVM driver (LVMVolumeDriver): logical volumes of its volume group'
    # cinder/volume/drivers/lvm.py LVMVolumeDriver.manage_existing_object_get_size: only source-name.
    ref_keys = ('source-name',)
    # LVMVolumeDriver.manage_existing_snapshot goes through manage_existing with the same ref.
    snapshot_ref_keys = ('source-name',)
    # LVMVolumeDriver._get_manageable_resource_info (both listings): 'already managed', then
    # '<volume|snapshot> in use' when lv_is_open.
    unsafe_reasons = {
        'already managed': "The LV is named after a Cinder volume or snapshot of this backend (volume-<id>, "
                           "_snapshot-<id>) that exists; it is already adopted (cinder_id names it).",
        'in use': "The LV is open (lvs shows 'o' in its attributes): a host, a VM, a mount or a device-mapper "
                  "table holds it. Close it (unmount, stop the guest, remove the holder), then adopt.",
    }
    # LVMVolumeDriver._update_volume_stats: location_info 'LVMVolumeDriver:<host>:<vg>:<lvm_type>:<mirrors>', the
    # five fields LVMVolumeDriver.migrate_volume splits it back into; the container is the volume group.
    location_info = re.compile(r'^LVMVolumeDriver:[^:]*:(?P<container>[^:]*):[^:]*:[^:]*$')

    def validate_ref(self, ref):
        ref = super(LVMProfile, self).validate_ref(ref)
        name = self._check_lv_name(ref['source-name'])
        if _CINDER_SNAPSHOT_LV.match(name):
            raise CinderAdoptError(
                "ref.source-name '%s' is the LV of a Cinder snapshot (the LVM driver names them '_snapshot-<id>'); "
                "managing it as a volume would rename it away from its snapshot. Give another LV's name, or adopt it "
                "as a snapshot." % name, field='ref')
        return ref

    def validate_snapshot_ref(self, ref):
        ref = super(LVMProfile, self).validate_snapshot_ref(ref)
        self._check_lv_name(ref['source-name'])
        return ref

    def name_after_manage(self, volume_id):
        # LVMVolumeDriver.manage_existing renames the LV to volume['name'].
        return VOLUME_NAME_TEMPLATE % volume_id

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None, ref=None):
        # LVMVolumeDriver.manage_existing_snapshot renames to _escape_snapshot(snapshot['name']), which
        # prefixes '_' because LVM reserves names starting with 'snapshot'.
        return '_' + SNAPSHOT_NAME_TEMPLATE % snapshot_id

    def snapshot_parent_reference(self, volume_id):
        """The ``source_reference`` the listing gives snapshots of this volume (its origin LV)."""
        # LVMVolumeDriver._get_manageable_resource_info: {'source-name': vg.lv_get_origin(lv)}.
        return {'source-name': VOLUME_NAME_TEMPLATE % volume_id}

    @staticmethod
    def _check_lv_name(name):
        # cinder/brick/local_dev/lvm.py LVM.get_lv_info runs 'lvs <vg>/<name>' and splits its output on
        # whitespace, and LVM.get_volume keeps only an exact name match: a path or a blank never matches.
        if '/' in name:
            raise CinderAdoptError(
                "ref.source-name '%s' is a path; the LVM driver looks the name up inside its configured volume "
                "group, so give the bare LV name (e.g. '%s')." % (name, name.rstrip('/').rsplit('/', 1)[-1]),
                field='ref')
        if re.search(r'\s', name):
            raise CinderAdoptError("ref.source-name '%s' contains whitespace, which no LV name the LVM driver can "
                                   "look up does; give the LV name as 'lvs' prints it." % name, field='ref')
        return name
