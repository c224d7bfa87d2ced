# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of HPE Nimble Storage's Cinder drivers (cinder/volume/drivers/hpe/nimble.py).

NimbleISCSIDriver and NimbleFCDriver share NimbleBaseVolumeDriver's manage
code: a volume is named by ``source-name`` alone, must be offline and not
yet tagged for OpenStack (agent-type none), and is renamed ``volume-<id>`` and
brought online. The drivers list nothing (get_manageable_volumes is
VolumeDriver's, which raises) and manage no snapshots.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    VOLUME_NAME_TEMPLATE,
    DriverProfile,
    ListsNothing,
    ManagesNoSnapshots,
)


class NimbleProfile(ListsNothing, ManagesNoSnapshots, DriverProfile):
    name = 'nimble'
    description = 'HPE Nimble Storage drivers (iSCSI, FC): offline volumes by name'
    # nimble.py NimbleBaseVolumeDriver._get_existing_volume_ref_name: "Reference must contain source-name."
    ref_keys = ('source-name',)
    # NimbleBaseVolumeDriver defines no manage_existing_snapshot; VolumeDriver's raises NotImplementedError.
    no_snapshot_manage = "Cinder's Nimble drivers implement no manage_existing_snapshot."
    # ListsNothing: VolumeDriver.get_manageable_volumes / get_manageable_snapshots raise.
    # NimbleBaseVolumeDriver.get_volume_stats: vendor_name 'Nimble', no other in-tree driver's.
    vendor_name = 'Nimble'

    def validate_ref(self, ref):
        # NimbleBaseVolumeDriver.manage_existing also refuses a volume that is online, already tagged for
        # OpenStack (agent_type openstack/openstackv2, or any agent type but none), or carries ACLs with group
        # scoped targets: only the array knows those.
        return super(NimbleProfile, self).validate_ref(ref)

    def name_after_manage(self, volume_id):
        # NimbleBaseVolumeDriver.manage_existing: edit_vol(..., {'name': volume['name']}).
        return VOLUME_NAME_TEMPLATE % volume_id
