# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of the INFINIDAT InfiniBox Cinder driver (cinder/volume/drivers/infinidat.py InfiniboxVolumeDriver).

One class serves FC and iSCSI. Volumes and snapshots are named by
``source-name`` or by ``source-id`` (the InfiniBox object's numeric ID); the
listings give both. Manage renames to ``openstack-vol-<id>`` /
``openstack-snap-<id>`` and stores ``cinder_id`` in the object's metadata,
which unmanage clears. The listings take ``cinder_id`` from that metadata even
when no such Cinder object exists (only ``reason_not_safe`` checks it).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import DriverProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# infinidat.py InfiniboxVolumeDriver._make_volume_name / _make_snapshot_name.
VOLUME_NAME_TEMPLATE = 'openstack-vol-%s'
SNAPSHOT_NAME_TEMPLATE = 'openstack-snap-%s'


class InfinidatProfile(DriverProfile):
    name = 'infinidat'
    description = 'INFINIDAT InfiniBox driver (FC, iSCSI): volumes and snapshots by name or numeric ID'
    # InfiniboxVolumeDriver._get_infinidat_dataset_by_ref: source-id (looked up first), else source-name; the same
    # for volumes (manage_existing*) and snapshots (manage_existing_snapshot*).
    ref_keys = ('source-name', 'source-id')
    snapshot_ref_keys = ('source-name', 'source-id')
    # InfiniboxVolumeDriver.get_manageable_volumes and get_manageable_snapshots, first that applies.
    unsafe_reasons = {
        'volume already managed': "The volume's metadata names a Cinder volume of this backend (cinder_id); it is "
                                  "adopted already.",
        'volume has mappings': "The volume is mapped to a host on the InfiniBox, which may be writing to it. Unmap "
                               "it, then adopt.",
        'volume has snapshots': "The volume has children (snapshots or clones) on the InfiniBox, which the "
                                "driver's listing marks unsafe although manage_existing does not refuse it. Adopt it "
                                "by name if those may stay outside Cinder, then adopt its snapshots under it.",
        'snapshot already managed': "The snapshot's metadata names a Cinder snapshot of this backend (cinder_id); it "
                                    "is adopted already.",
        'snapshot has mappings': "The snapshot is mapped to a host on the InfiniBox. Unmap it, then adopt.",
        'snapshot has clones': "Other datasets were cloned from the snapshot on the InfiniBox, which the driver's "
                               "listing treats as unsafe.",
    }
    listing_omits = (
        "The InfiniBox driver lists only the datasets of its pool (infinidat_pool_name), and manage_existing "
        "refuses any other ('unexpected pool name').")
    # InfiniboxVolumeDriver.get_volume_stats: vendor_name 'INFINIDAT' (infinidat.py VENDOR_NAME), no other in-tree
    # driver's, and location_info '<driver class>:<system serial>:<infinidat_pool_name>'. The container is the pool:
    # manage_existing refuses a dataset of another pool.
    vendor_name = 'INFINIDAT'
    location_info = re.compile(r'^InfiniboxVolumeDriver:[^:]*:(?P<container>.+)$')

    def listed_cinder_id(self, entry):
        """``cinder_id`` only where the listing says 'already managed'.

        get_manageable_volumes / get_manageable_snapshots copy cinder_id from the dataset's metadata whatever it
        holds, and check it against Cinder's objects only to choose the reason: a dataset with metadata of a
        Cinder object that no longer exists (or of another cloud) is listed safe, yet with that cinder_id.
        """
        entry = entry or {}
        if entry.get('cinder_id') and 'already managed' in (entry.get('reason_not_safe') or ''):
            return entry['cinder_id']
        return None

    def name_after_manage(self, volume_id):
        # InfiniboxVolumeDriver.manage_existing: update_name(_make_volume_name(volume)), name_id = id when new.
        return VOLUME_NAME_TEMPLATE % volume_id

    def reference_after_manage(self, ref, volume_id):
        # The numeric ID survives the rename; the listings report both keys.
        after = {'source-name': self.name_after_manage(volume_id)}
        if 'source-id' in ref:
            after['source-id'] = ref['source-id']
        return after

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None, ref=None):
        # InfiniboxVolumeDriver.manage_existing_snapshot: update_name(_make_snapshot_name(snapshot)).
        return SNAPSHOT_NAME_TEMPLATE % snapshot_id

    def snapshot_parent_reference(self, volume_id):
        # get_manageable_snapshots: source_reference {'source-name': <parent name>, 'source-id': <parent ID>}.
        return {'source-name': self.name_after_manage(volume_id)}

    def _check_ref(self, ref, kind):
        # The same rules for both kinds; InfiniboxVolumeDriver._get_infinidat_snapshot_by_ref also refuses a volume
        # ('reference ... is a volume'), which only the array knows.
        # The listings report source-id as str(get_id()), the InfiniBox object's integer ID.
        if 'source-id' in ref and not ref['source-id'].isdigit():
            raise CinderAdoptError(
                "ref.source-id '%s' is not an InfiniBox object ID; the driver looks source-id up as the numeric ID "
                "(e.g. '35591'; the manageable listing gives it). Give the name as source-name instead."
                % ref['source-id'], field='ref')
        return ref
