# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Dell PowerStore's Cinder drivers (cinder/volume/drivers/dell_emc/powerstore/).

Neither driver can adopt anything in Cinder 29.0.0:

- driver.py PowerStoreDriver (iSCSI, FC, NVMe) subclasses
  cinder/volume/driver.py VolumeDriver and overrides none of its manage calls:
  manage_existing, manage_existing_get_size, get_manageable_volumes and their
  snapshot twins raise NotImplementedError (a manage request ends in
  ``error_managing``, a listing in HTTP 500).
- nfs.py PowerStoreNFSDriver subclasses nfs.py NfsDriver, which does not mix in
  remotefs.py RemoteFSManageableVolumesMixin (see the ``nfs`` profile).

The profile exists so that such a backend is recognised and every ref is
refused before anything is written, with the reason.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    NFS_PROTOCOLS,
    DriverProfile,
    ListsNothing,
    ManagesNoSnapshots,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class PowerStoreProfile(ListsNothing, ManagesNoSnapshots, DriverProfile):
    name = 'powerstore'
    description = 'Dell PowerStore drivers (block and NFS): Cinder 29 implements no manage for them'
    ref_keys = ()
    no_snapshot_manage = "Cinder 29.0.0's PowerStore drivers implement no manage_existing_snapshot."
    # ListsNothing: no get_manageable_volumes / get_manageable_snapshots of their own (see the module docstring).

    def detect(self, capabilities):
        vendor = capabilities.get('vendor_name')
        if vendor == 'Dell':
            # nfs.py PowerStoreNFSDriverInitialization._update_volume_stats: vendor 'Dell' (VENDOR), the NFS stats
            # of RemoteFSDriver; no other in-tree driver reports vendor 'Dell'.
            return self._protocol_in(capabilities, NFS_PROTOCOLS)
        # driver.py PowerStoreDriver._update_volume_stats / adapter.py CommonAdapter.update_volume_stats: vendor
        # 'Dell EMC', no pools (so no pool_name, and backend keys such as sparse_copy_volume reach the pool), no
        # location_info. XtremIO and SC, the other pool-less Dell EMC drivers, report no sparse_copy_volume.
        return (vendor == 'Dell EMC' and 'sparse_copy_volume' in capabilities
                and 'pool_name' not in capabilities and 'location_info' not in capabilities)

    def validate_ref(self, ref):
        raise CinderAdoptError(
            "The 'powerstore' driver cannot adopt volumes: Cinder 29.0.0's PowerStoreDriver and PowerStoreNFSDriver "
            "implement no manage_existing (Cinder would leave the volume in error_managing). Copy the data into a new "
            "Cinder volume of this backend instead.",
            field='ref')
