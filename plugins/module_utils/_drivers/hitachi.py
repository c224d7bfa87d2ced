# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Hitachi VSP's Cinder drivers, HBSD (cinder/volume/drivers/hitachi/).

HBSDFCDriver and HBSDISCSIDriver (hbsd_fc.py, hbsd_iscsi.py) hand manage to
hbsd_common.py HBSDCommon (REST calls in hbsd_rest.py HBSDREST), or to
hbsd_replication.py HBSDREPLICATION when replication is configured. The HPE XP
(hpe/xp/) and NEC V (nec/v/) drivers subclass them without changing manage, so
the profile serves them too. An LDEV is named by its label (``source-name``)
or its number (``source-id``); manage relabels it with the volume ID without
hyphens. Cinder 29.0.0's HBSD drivers list nothing (get_manageable_volumes is
VolumeDriver's, which raises) and manage no snapshots.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    UUID,
    DriverProfile,
    ListsNothing,
    ManagesNoSnapshots,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# hbsd_common.py str2int: decimal digits, or 'XX:XX:XX' (hex digits, the LDEV number in CU:LDEV form).
_LDEV_HEX = re.compile(r'^[0-9a-fA-F]{2}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}$')
# hbsd_common.py HBSDCommon._create_single_pool_data: location_info is a dict with these keys.
_LOCATION_KEYS = ('storage_id', 'pool_id', 'snap_pool_id', 'ldev_range')
# hitachi/hbsd_utils.py, hpe/xp/hpe_xp_utils.py, nec/v/nec_v_utils.py VENDOR_NAME.
_VENDORS = ('Hitachi', 'Hewlett Packard Enterprise', 'NEC')


def ldev_number(value):
    """The LDEV number hbsd_common.py str2int reads from a source-id, or None where it reads none."""
    value = str(value)
    if value.isdigit():
        return int(value)
    if _LDEV_HEX.match(value):
        return int(value.replace(':', ''), 16)
    return None


class HitachiProfile(ListsNothing, ManagesNoSnapshots, DriverProfile):
    name = 'hitachi'
    description = 'Hitachi VSP drivers (HBSD FC/iSCSI, also HPE XP and NEC V): LDEVs by label or number'
    # hbsd_common.py HBSDCommon.manage_existing / manage_existing_get_size: source-name (the LDEV label), else
    # source-id (the LDEV number).
    ref_keys = ('source-name', 'source-id')
    # HBSDFCDriver/HBSDISCSIDriver subclass VolumeDriver, whose manage_existing_snapshot raises.
    no_snapshot_manage = "Cinder 29.0.0's HBSD drivers implement no manage_existing_snapshot."
    # ListsNothing: VolumeDriver.get_manageable_volumes / get_manageable_snapshots raise.

    def detect(self, capabilities):
        location = capabilities.get('location_info')
        return (capabilities.get('vendor_name') in _VENDORS and isinstance(location, dict)
                and all(key in location for key in _LOCATION_KEYS))

    def container(self, capabilities):
        # The storage system (hitachi_storage_id) whose LDEVs the backend manages.
        if not self.detect(capabilities):
            return None
        storage_id = capabilities['location_info'].get('storage_id')
        return str(storage_id) if storage_id else None

    def validate_ref(self, ref):
        ref = super(HitachiProfile, self).validate_ref(ref)
        # HBSDCommon.manage_existing reads source-name first; HBSDREPLICATION.manage_existing_get_size source-id.
        self._refuse_both_keys(ref, 'the Hitachi driver looks up source-name and ignores source-id (and with '
                                    'replication it sizes the LDEV by source-id)')
        if 'source-id' in ref:
            if ldev_number(ref['source-id']) is None:
                raise CinderAdoptError(
                    "ref.source-id '%s' is not an LDEV number; the Hitachi driver reads decimal digits (e.g. '4660') "
                    "or the CU:LDEV form 'XX:XX:XX' in hex (e.g. '00:12:34')." % ref['source-id'], field='ref')
            return ref
        label = ref['source-name']
        # HBSDCommon.manage_existing looks up source-name.replace('-', '') among LDEV labels
        # (hbsd_rest.py HBSDREST.get_ldev_by_name compares exactly). The driver's own labels are volume IDs
        # without hyphens, so a UUID is fine; any other '-' makes it find another label or none.
        if '-' in label and not UUID.match(label):
            raise CinderAdoptError(
                "ref.source-name '%s' contains '-', which the Hitachi driver strips before comparing LDEV labels: "
                "it would look for the label '%s', not this one. Give that label if it is the LDEV's, otherwise "
                "name the LDEV by its number as source-id (e.g. '4660' or '00:12:34')."
                % (label, label.replace('-', '')), field='ref')
        return ref

    def validate_ref_on_pool(self, ref, capabilities):
        ref = self.validate_ref(ref)
        location = (capabilities or {}).get('location_info')
        # hbsd_replication.py HBSDREPLICATION.update_volume_stats sets location_info['execution_site'] when
        # replication_device is configured; its manage_existing_get_size then reads only
        # str2int(existing_ref.get('source-id')) and refuses a ref without it.
        if isinstance(location, dict) and 'execution_site' in location and 'source-id' not in ref:
            raise CinderAdoptError(
                "ref names the LDEV by source-name, but this Hitachi backend replicates (replication_device) and "
                "its driver then accepts only the LDEV number: give source-id (e.g. '4660' or '00:12:34').",
                field='ref')
        return ref

    def name_after_manage(self, volume_id):
        # HBSDCommon.manage_existing: modify_ldev_name(ldev, volume['id'].replace('-', '')) relabels the LDEV.
        return volume_id.replace('-', '')

    def reference_after_manage(self, ref, volume_id):
        # The LDEV keeps its number; its label becomes the volume ID without hyphens.
        if 'source-id' in ref:
            return {'source-id': ref['source-id']}
        return {'source-name': self.name_after_manage(volume_id)}

    def _comparable(self, key, value):
        if key == 'source-id':
            number = ldev_number(value)
            return str(value) if number is None else str(number)
        if key == 'source-name':
            return str(value).replace('-', '')
        return str(value)
