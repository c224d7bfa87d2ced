# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of HPE 3PAR, Primera and Alletra 9000/MP Cinder drivers (cinder/volume/drivers/hpe/).

HPE3PARFCDriver and HPE3PARISCSIDriver (hpe_3par_fc.py, hpe_3par_iscsi.py,
serving 3PAR, Primera and Alletra 9000) hand manage to hpe_3par_common.py
HPE3PARCommon; HPEAlletraMP{FC,ISCSI,NVMETCP}Driver (alletramp_driver.py, for
Alletra MP) to alletramp_service.py AlletraMPService, which repeats the same
rules. A virtual volume (VV) is named by ``source-name``, or by ``source-id``:
the Cinder UUID of a volume Cinder unmanaged (renamed ``unm-<encoded id>``).
Manage renames the VV to ``osv-<encoded id>``, a snapshot to ``oss-<encoded
id>``. Listings report ``{'name': <VV name>}``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import re
import uuid

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import DriverProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

LISTING_KEY = 'name'
# HPE3PARCommon._get_3par_vol_name's docstring: "the maximum allowed 31 character name limit on 3Par".
MAX_NAME = 31
# HPE3PARCommon.manage_existing_get_size: re.match('osv-*|oss-*|vvs-*', name) refuses the name; 'x-*' is 'x'
# followed by any number of '-', so every name starting with these letters is refused.
_CINDER_VOLUME_NAMES = ('osv', 'oss', 'vvs')
# HPE3PARCommon.manage_existing_snapshot_get_size adds 'unm-*' to the same check.
_CINDER_SNAPSHOT_NAMES = ('osv', 'oss', 'vvs', 'unm')
_HEX32 = re.compile(r'^[0-9a-fA-F]{32}$')


def encode_id(object_id):
    """HPE3PARCommon._encode_name: the UUID's 16 bytes in base64, '+' -> '.', '/' -> '-', no '=' padding."""
    digits = str(object_id).replace('-', '')
    if not _HEX32.match(digits):
        raise ValueError('not a UUID: %s' % object_id)
    encoded = base64.b64encode(uuid.UUID(hex=digits).bytes).decode('ascii')
    return encoded.replace('+', '.').replace('/', '-').replace('=', '')


class HPE3PARProfile(DriverProfile):
    name = 'hpe3par'
    description = 'HPE 3PAR, Primera, Alletra 9000 and Alletra MP drivers: virtual volumes by name (or unmanaged id)'
    # HPE3PARCommon._get_existing_volume_ref_name: source-name, else source-id (volume: 'unm-<encoded id>',
    # snapshot: 'ums-<encoded id>'); the same for volumes and snapshots.
    ref_keys = ('source-name', 'source-id')
    snapshot_ref_keys = ('source-name', 'source-id')
    # HPE3PARCommon.get_manageable_volumes / get_manageable_snapshots report {'name': <VV name>}.
    listing_keys = {LISTING_KEY: 'source-name'}
    # HPE3PARCommon.get_manageable_volumes: 'Volume already managed', 'Volume attached to host <host>';
    # get_manageable_snapshots: 'Snapshot already managed'. AlletraMPService gives the same texts.
    unsafe_reasons = {
        'Volume already managed': "The VV is named after a Cinder volume of this backend (osv-<encoded id>); it "
                                  "is adopted already (cinder_id names it).",
        'Volume attached to host': "The VV is exported to a host (it has a VLUN), which may be writing to it. "
                                   "Remove the VLUN (removevlun), then adopt.",
        'Snapshot already managed': "The snapshot is named after a Cinder snapshot of this backend (oss-<encoded "
                                    "id>); it is adopted already (cinder_id names it).",
    }
    listing_omits = (
        "The 3PAR driver lists only the VVs whose user CPG is the first CPG of hpe3par_cpg (and snapshots of "
        "those); a VV of another CPG of the array is not listed, yet the driver manages it when named.")
    # HPE3PARCommon._update_volume_stats and AlletraMPService._build_pool_stats: location_info
    # 'HPE3PARDriver:<serial>:<cpg>' (vendor 'Hewlett Packard Enterprise', which the HPE XP driver shares without any
    # such location_info). The container is the array serial: VV names are unique per array, and manage finds a VV
    # of any CPG of it.
    vendor_name = 'Hewlett Packard Enterprise'
    location_info = re.compile(r'^HPE3PARDriver:(?P<container>[^:]*):.+$')

    def matches(self, ref, reference):
        return bool(self._names(ref) & self._names(reference))

    def can_compare(self, ref, reference):
        return bool(self._names(ref)) and bool(self._names(reference))

    def name_after_manage(self, volume_id):
        # HPE3PARCommon.manage_existing renames the VV to _get_3par_vol_name(volume): 'osv-<encoded id>'.
        return 'osv-' + encode_id(volume_id)

    def reference_after_manage(self, ref, volume_id):
        return {LISTING_KEY: self.name_after_manage(volume_id)}

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None, ref=None):
        # HPE3PARCommon.manage_existing_snapshot renames to _get_3par_snap_name(snapshot['id']): 'oss-<encoded id>'.
        return 'oss-' + encode_id(snapshot_id)

    def snapshot_parent_reference(self, volume_id):
        # HPE3PARCommon.get_manageable_snapshots: source_reference {'name': <parent VV name>}.
        return {LISTING_KEY: self.name_after_manage(volume_id)}

    def _check_ref(self, ref, kind):
        # HPE3PARCommon.manage_existing_snapshot also refuses a snapshot whose copyOf is not the Cinder volume's
        # VV (osv-<encoded volume id>): only the array knows that.
        reserved = _CINDER_VOLUME_NAMES if kind == 'volume' else _CINDER_SNAPSHOT_NAMES
        # HPE3PARCommon._get_existing_volume_ref_name reads source-name first.
        self._refuse_both_keys(ref, 'the 3PAR driver would use source-name and ignore source-id')
        if 'source-id' in ref:
            try:
                encode_id(ref['source-id'])
            except ValueError:
                raise CinderAdoptError(
                    "ref.source-id '%s' is not a UUID; the 3PAR driver reads source-id as the Cinder id of a %s "
                    "Cinder unmanaged (it looks up '%s-<encoded id>'). Give the VV's name as source-name instead."
                    % (ref['source-id'], kind, 'unm' if kind == 'volume' else 'ums'), field='ref')
            return ref
        name = ref['source-name']
        if name.startswith(reserved):
            listed = ', '.join("'%s'" % prefix for prefix in reserved)
            raise CinderAdoptError(
                "ref.source-name '%s' starts with '%s', which the 3PAR driver refuses as the name of a %s Cinder "
                "manages (its check matches any name starting with %s). Rename the VV on the array (setvv -name), "
                "or give the Cinder id of an unmanaged %s as source-id." % (name, name[:3], kind, listed, kind),
                field='ref')
        if len(name) > MAX_NAME:
            raise CinderAdoptError(
                "ref.source-name '%s' has %d characters; 3PAR names have at most %d, so no VV is called that. Give "
                "the name as showvv prints it." % (name, len(name), MAX_NAME), field='ref')
        return ref

    def _names(self, reference):
        """The VV names a ref or a listing reference can denote (source-id: unmanaged volume or snapshot)."""
        reference = self._as_ref_keys(reference)
        if 'source-name' in reference:
            return set([str(reference['source-name'])])
        if 'source-id' in reference:
            try:
                encoded = encode_id(reference['source-id'])
            except ValueError:
                return set()
            return set(['unm-' + encoded, 'ums-' + encoded])
        return set()
