# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Dell PowerMax/VMAX's Cinder drivers (cinder/volume/drivers/dell_emc/powermax/).

PowerMaxFCDriver, PowerMaxISCSIDriver and PowerMaxNVMETCPDriver (fc.py,
iscsi.py, nvme_tcp.py) hand manage and listing to common.py PowerMaxCommon.
A volume is named by its five-character device ID (or by the Cinder UUID in
its identifier), under either key; the listing reports ``{'source-id':
<device ID>}`` and leaves out every device it would not manage, so its entries
are never unsafe and a managed device (identifier ``OS-<uuid>``) is not listed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import DriverProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# powermax/utils.py VOLUME_ELEMENT_NAME_PREFIX: manage renames volumes (get_volume_element_name) and snapshots
# (modify_snapshot_prefix) with it.
ELEMENT_PREFIX = 'OS-'
# powermax/utils.py PowerMaxUtils.check_uuid_regex searches (anywhere in the value, any case) for this.
_UUID_INSIDE = re.compile(r'[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}', re.I)
_EXAMPLE_DEVICE = "'00A1B'"


class PowerMaxProfile(DriverProfile):
    name = 'powermax'
    description = 'Dell PowerMax/VMAX drivers (FC, iSCSI, NVMe/TCP): devices by 5-character device ID'
    # utils.py PowerMaxUtils.get_array_and_device_id reads source-name, else source-id, as the device ID;
    # common.py PowerMaxCommon._manage_volume_with_uuid reads the same two keys as a Cinder UUID.
    ref_keys = ('source-name', 'source-id')
    # common.py PowerMaxCommon.manage_existing_snapshot: existing_ref['source-name'], else ['source-id'].
    snapshot_ref_keys = ('source-name', 'source-id')
    # PowerMaxCommon.get_manageable_volumes / get_manageable_snapshots list only what passes
    # PowerMaxUtils.is_volume_manageable / is_snapshot_manageable, each with safe_to_manage True and
    # reason_not_safe None: no listing entry is ever unsafe.
    unsafe_reasons = {}
    listing_omits = (
        "The PowerMax driver lists only devices it would manage (powermax/utils.py is_volume_manageable): Ready, "
        "FBA TDEVs of whole GB (1 GB or more), not masked or mapped, in at most one storage group, in no SRDF "
        "pair and no SnapVX target, not reserved, encapsulated or private, with an identifier not starting "
        "'OS-'. A device outside these is not listed; giving its device ID lets the driver say why it refuses.")
    # PowerMaxCommon.update_volume_stats: vendor 'Dell EMC' (also PowerFlex, PowerStore, Unity, VNX, XtremIO, SC) and
    # a location_info '<array>#<srp>#<slo>[#<workload>]' (common.py PowerMaxCommon._update_srp_stats) no other Dell
    # EMC driver reports. The container is the array serial that heads it: manage looks the device up on that array
    # only (utils.py get_array_and_device_id takes the array from the volume's host).
    vendor_name = 'Dell EMC'
    location_info = re.compile(r'^(?P<container>[^#]+)#[^#]+#[^#]+(#[^#]+)?$')

    def validate_ref(self, ref):
        ref = super(PowerMaxProfile, self).validate_ref(ref)
        for key, value in ref.items():
            if len(value) == 5:
                # get_array_and_device_id: a 5-character value is the device ID, upper-cased.
                ref[key] = value.upper()
            elif not _UUID_INSIDE.search(value):
                # Otherwise get_array_and_device_id raises and _manage_volume_with_uuid wants a UUID in it.
                raise CinderAdoptError(
                    "ref.%s '%s' is neither a PowerMax device ID (exactly 5 characters, e.g. %s) nor a value "
                    "holding a Cinder volume UUID (e.g. 'OS-<uuid>' of a volume Cinder unmanaged), the two forms the "
                    "PowerMax driver looks up." % (key, value, _EXAMPLE_DEVICE), field='ref')
        self._one_value(ref)
        return ref

    def validate_snapshot_ref(self, ref):
        ref = super(PowerMaxProfile, self).validate_snapshot_ref(ref)
        name = self._one_value(ref)
        if name.startswith(ELEMENT_PREFIX):
            # PowerMaxCommon.manage_existing_snapshot refuses names with the 'OS-' prefix as already managed.
            raise CinderAdoptError(
                "ref.%s '%s' starts with 'OS-', which the PowerMax driver reserves for snapshots Cinder manages "
                "(it refuses them as already managed). Give the SnapVX snapshot name of an unmanaged snapshot of the "
                "volume's device." % (self._key(ref), name), field='ref')
        return ref

    def matches(self, ref, reference):
        wanted, listed = self._identity(ref), self._identity(reference)
        return self.can_compare(ref, reference) and wanted == listed

    def can_compare(self, ref, reference):
        """The volume listing names devices by ID: a ref naming a Cinder UUID cannot be judged against it."""
        wanted, listed = self._identity(ref), self._identity(reference)
        if wanted is None or listed is None:
            return False
        return not ('source-id' in (reference or {}) and len(wanted) != 5)

    def name_after_manage(self, volume_id):
        # PowerMaxCommon.manage_existing renames the device's identifier to get_volume_element_name: 'OS-<uuid>'.
        return ELEMENT_PREFIX + volume_id

    def reference_after_manage(self, ref, volume_id):
        """The device keeps its ID, the snapshot listing's ``source_reference``; unknown for a UUID ref."""
        # The volume listing drops the device (identifier 'OS-...'); get_manageable_snapshots still names it
        # {'source-id': <device ID>} as a snapshot's source_reference.
        device = self._identity(ref)
        return {'source-id': device} if device and len(device) == 5 else None

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None, ref=None):
        """``OS-<old name>``; None without the ref (the new name keeps the old one)."""
        # PowerMaxCommon.manage_existing_snapshot renames to modify_snapshot_prefix(snap_name, manage=True).
        name = self._identity(ref)
        return ELEMENT_PREFIX + name if name else None

    @staticmethod
    def _key(ref):
        return 'source-name' if 'source-name' in ref else 'source-id'

    def _one_value(self, ref):
        # The driver reads source-name and ignores source-id when both are given.
        if len(set(ref.values())) > 1:
            raise CinderAdoptError(
                "ref gives source-name '%s' and source-id '%s'; the PowerMax driver reads both as the same thing and "
                "would use source-name alone. Give one of them." % (ref['source-name'], ref['source-id']),
                field='ref')
        return ref[self._key(ref)]

    @staticmethod
    def _identity(reference):
        # A ref (either key) or a listing reference (volumes: source-id, snapshots: source-name).
        reference = reference or {}
        value = reference.get('source-name', reference.get('source-id'))
        return None if value is None else str(value)
