# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of IBM Storwize / SVC / FlashSystem (Spectrum Virtualize) Cinder drivers.

cinder/volume/drivers/ibm/storwize_svc/: StorwizeSVCFCDriver and
StorwizeSVCISCSIDriver share storwize_svc_common.py StorwizeSVCCommonDriver.
A vdisk is named by ``source-name`` (its name) or ``source-id`` (its UID); the
ref may add ``manage_if_in_use`` to adopt a vdisk mapped to a host. Manage
renames the vdisk to ``volume-<id>``. The driver lists nothing
(driver.ManageableVD.get_manageable_volumes returns []) and manages no
snapshots.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    VOLUME_NAME_TEMPLATE,
    DriverProfile,
    ListsNothing,
    ManagesNoSnapshots,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

#: The ref key StorwizeSVCCommonDriver.manage_existing_get_size reads as an option, not as a name.
IN_USE_KEY = 'manage_if_in_use'
# cinder/utils.py check_ssh_injection refuses the SSH command (StorwizeSSH._run_ssh calls it) when an argument
# holds one of these unescaped, or a quote inside the quoted vdisk name (StorwizeSSH.lsvdisk quotes it).
_SSH_UNSAFE = re.compile(r'[`$|;&<>"\']')
_SPACE = re.compile(r'\s')
_TRUE = ('true', 'yes', 'on', '1')
_FALSE = ('false', 'no', 'off', '0')


class StorwizeProfile(ListsNothing, ManagesNoSnapshots, DriverProfile):
    name = 'storwize'
    description = 'IBM Storwize/SVC/FlashSystem drivers (FC, iSCSI): vdisks by name or UID'
    # StorwizeSVCCommonDriver._manage_input_check: source-name (lsvdisk <name>), else source-id
    # (StorwizeHelpers.vdisk_by_uid, 'lsvdisk -filtervalue vdisk_UID=<uid>').
    ref_keys = ('source-name', 'source-id')
    # StorwizeSVCCommonDriver has no manage_existing_snapshot (nor ManageableSnapshotsVD in its bases).
    no_snapshot_manage = "Cinder's StorwizeSVCCommonDriver implements no manage_existing_snapshot."
    # ListsNothing: driver.ManageableVD.get_manageable_volumes returns [] and there is no get_manageable_snapshots.
    # StorwizeSVCCommonDriver._update_volume_stats: vendor 'IBM' (shared with the GPFS, DS8K and XIV/A9000 drivers),
    # and a pool location_info only this driver builds (storwize_svc_common.py StorwizeSVCCommonDriver.
    # _build_pool_stats: 'StorwizeSVCDriver:<system id>:<pool>'). The container is the pool:
    # StorwizeSVCCommonDriver.manage_existing refuses a vdisk whose primary copy is in another pool than the host's
    # ('... does not match the backend pool').
    vendor_name = 'IBM'
    location_info = re.compile(r'^StorwizeSVCDriver:[^:]*:(?P<container>.+)$')

    def validate_ref(self, ref):
        if not isinstance(ref, dict):
            return super(StorwizeProfile, self).validate_ref(ref)
        ref = dict(ref)
        in_use = ref.pop(IN_USE_KEY, None)
        if not ref:
            raise CinderAdoptError("ref has only %s; add source-name (the vdisk's name) or source-id (its UID)."
                                   % IN_USE_KEY, field='ref')
        ref = super(StorwizeProfile, self).validate_ref(ref)
        # StorwizeSVCCommonDriver._manage_input_check reads source-name first.
        self._refuse_both_keys(ref, 'the Storwize driver would use source-name and ignore source-id')
        for key, value in ref.items():
            if _SSH_UNSAFE.search(value) or (key == 'source-id' and _SPACE.search(value)):
                raise CinderAdoptError(
                    "ref.%s '%s' holds a character the Storwize driver refuses to put on its SSH command line "
                    "(quotes, `, $, |, ;, &, <, >%s). Give the vdisk's %s as lsvdisk prints it."
                    % (key, value, ', blanks' if key == 'source-id' else '',
                       'name' if key == 'source-name' else 'vdisk_UID (32 hex digits)'), field='ref')
        if in_use is not None:
            ref[IN_USE_KEY] = self._flag(in_use)
        return ref

    def name_after_manage(self, volume_id):
        # StorwizeSVCCommonDriver.manage_existing: rename_vdisk(vdisk['name'], volume['name']).
        return VOLUME_NAME_TEMPLATE % volume_id

    def reference_after_manage(self, ref, volume_id):
        # The UID survives the rename; the name becomes volume-<id>.
        if 'source-id' in ref:
            return {'source-id': ref['source-id']}
        return {'source-name': self.name_after_manage(volume_id)}

    @staticmethod
    def _flag(value):
        # StorwizeSVCCommonDriver.manage_existing_get_size tests ref.get('manage_if_in_use', False) for truth: the
        # string 'false' would count as true, so the flag is sent as a JSON boolean.
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise CinderAdoptError(
            "ref.%s '%s' is not a boolean; give true to adopt a vdisk mapped to a host, false (the default) to have "
            "the driver refuse it." % (IN_USE_KEY, value), field='ref')
