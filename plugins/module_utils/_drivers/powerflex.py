# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Dell PowerFlex's Cinder drivers (cinder/volume/drivers/dell_emc/powerflex/driver.py).

PowerFlexDriver (SDC) and PowerFlexNVMeDriver share PowerFlexBaseDriver's
manage code. Volumes and snapshots are named by their PowerFlex ID alone
(``source-id``) and keep their name on manage: the Cinder volume records the ID
as ``provider_id``. Only volumes are listed; the snapshot listing is
VolumeDriver's, which raises.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import DriverProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# rest_client.py RestClient.execute_powerflex_get_request formats the ID into the URL unquoted
# ('/instances/Volume::%(vol_id)s', RestClient.query_volume): these would change the request.
_URL_BREAKING = re.compile(r'[/?#%\s]')
# driver.py PowerFlexDriver / PowerFlexNVMeDriver set storage_protocol to constants.SCALEIO / NVMEOF_TCP.
_PROTOCOLS = ('scaleio', 'NVMe-TCP')
# driver.py PowerFlexBaseDriver._update_volume_stats: pool_name is the configured '<protection domain>:<pool>'.
_POOL_NAME = re.compile(r'^[^:]+:[^:]+$')
_EXAMPLE_ID = "'d3a5b7c800000004'"


class PowerFlexProfile(DriverProfile):
    name = 'powerflex'
    description = 'Dell PowerFlex drivers (SDC, NVMe/TCP): volumes and snapshots by PowerFlex ID, never renamed'
    # driver.py PowerFlexBaseDriver._query_powerflex_volume (manage_existing, manage_existing_get_size and both
    # snapshot calls): "Reference must contain source-id."
    ref_keys = ('source-id',)
    snapshot_ref_keys = ('source-id',)
    # PowerFlexBaseDriver.get_manageable_volumes: 'Volume mapped to %d host(s).', overwritten by
    # 'Volume already managed.' when a Cinder volume's provider_id is the volume's ID.
    unsafe_reasons = {
        'Volume mapped to': "The volume is mapped to SDC hosts (mappedSdcInfo), which may be writing to it; the "
                            "driver also refuses to manage it. Unmap it from every SDC, then adopt.",
        'Volume already managed': "A Cinder volume of this backend records this PowerFlex ID as its provider_id "
                                  "(cinder_id names it); it is adopted already.",
    }
    # PowerFlexBaseDriver inherits VolumeDriver.get_manageable_snapshots, which raises NotImplementedError.
    lists_snapshots = False
    listing_omits = (
        "The PowerFlex driver lists only the volumes of its configured storage pools (powerflex_storage_pools, "
        "PowerFlexBaseDriver._get_all_powerflex_volumes) and leaves out snapshots (volumeType 'Snapshot').")

    def detect(self, capabilities):
        # PowerFlexBaseDriver._update_volume_stats: vendor 'Dell EMC', storage_protocol 'scaleio' or 'NVMe-TCP',
        # pools named '<domain>:<pool>' and no location_info (PowerMax, Unity and VNX report one).
        pool = capabilities.get('pool_name')
        return (capabilities.get('vendor_name') == 'Dell EMC' and self._protocol_in(capabilities, _PROTOCOLS)
                and isinstance(pool, str) and bool(_POOL_NAME.match(pool)) and 'location_info' not in capabilities)

    def _check_ref(self, ref, kind):
        # PowerFlexBaseDriver.manage_existing_snapshot also refuses a snapshot whose ancestorVolumeId is not the
        # Cinder volume's provider_id, or whose parent was deleted or reverted: only the array knows those.
        value = ref['source-id']
        if _URL_BREAKING.search(value):
            raise CinderAdoptError(
                "ref.source-id '%s' is not a PowerFlex %s ID: the driver puts the ID into a REST URL as is, so it "
                "cannot hold '/', '?', '#', '%%' or blanks. Give the ID PowerFlex shows for the %s (e.g. %s; the "
                "manageable listing's extra_info.name maps names to IDs)." % (value, kind, kind, _EXAMPLE_ID),
                field='ref')
        return ref
