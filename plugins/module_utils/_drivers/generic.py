# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fallback for drivers without a profile of their own.

Accepts the two keys most drivers understand (cinder/volume/driver.py
documents ``source-name`` and ``source-id``) and assumes no rename, so
idempotency rests on the reference the module records in the volume's
metadata.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import DriverProfile


class GenericProfile(DriverProfile):
    name = 'generic'
    # Any driver: it may not implement the listing at all, and then Cinder answers an empty one
    # (cinder/volume/driver.py ManageableVD.get_manageable_volumes returns []).
    knows_its_listing = False
    description = 'any Cinder driver (source-name / source-id, no rename assumed)'
    # The one reason nearly every driver's get_manageable_volumes gives in some spelling (lvm.py
    # LVMVolumeDriver._get_manageable_resource_info, rbd.py RBDDriver.get_manageable_volumes, pure.py
    # PureBaseVolumeDriver.get_manageable_volumes, hpe/hpe_3par_common.py HPE3PARCommon.get_manageable_volumes,
    # infinidat.py InfiniboxVolumeDriver.get_manageable_volumes, ...). Other reasons are the driver's own.
    unsafe_reasons = {
        'already managed': "A Cinder volume or snapshot already holds this object (cinder_id names it); it is "
                           "adopted already.",
    }
