# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of NetApp ONTAP's Cinder drivers (cinder/volume/drivers/netapp/dataontap/).

Two libraries with different refs sit behind one profile: the block library
(block_base.py, used by iscsi_cmode.py and fc_cmode.py) manages LUNs by path
or UUID, the NFS library (nfs_base.py, used by nfs_cmode.py) manages files by
'<server>:/<export>/<file>'. A ref's form tells which one it is for.

Neither library overrides get_manageable_volumes, so Cinder's listing of an
ONTAP backend is always empty (cinder/volume/driver.py
ManageableVD.get_manageable_volumes returns []): matching never has entries
to look at and idempotency rests on the ref recorded in volume metadata.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath
import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    UUID,
    VOLUME_NAME_TEMPLATE,
    DriverProfile,
    ListsNothing,
    ManagesNoSnapshots,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# ONTAP LUN path: /vol/<flexvol>/<lun>, or /vol/<flexvol>/<qtree>/<lun> for a LUN in a qtree.
_LUN_PATH = re.compile(r'^/vol/[^/]+/([^/]+/)?[^/]+$')
# nfs_base.py NetAppNfsDriver._convert_vol_ref_share_name_to_share_ip splits at the last ':'.
_NFS_FILE = re.compile(r'^(?P<server>.+):(?P<path>/[^:]*)$')
# block_cmode.py / nfs_cmode.py report these; the NVMe library (nvme_library.py) implements no manage.
_MANAGING_PROTOCOLS = ('iSCSI', 'iscsi', 'FC', 'fibre_channel', 'fc', 'NFS', 'nfs')


class OntapProfile(ListsNothing, ManagesNoSnapshots, DriverProfile):
    name = 'ontap'
    description = 'NetApp ONTAP drivers (iSCSI/FC LUNs by path or UUID, NFS files by share path)'
    # block_base.py NetAppBlockStorageLibrary._get_existing_vol_with_manage_ref: source-name (LUN path) or
    # source-id (LUN UUID); nfs_base.py NetAppNfsDriver._get_share_mount_and_vol_from_vol_ref: source-name.
    ref_keys = ('source-name', 'source-id')
    # Neither library implements manage_existing_snapshot.
    no_snapshot_manage = "NetApp's ONTAP block and NFS libraries implement no manage_existing_snapshot."
    # ListsNothing: no ONTAP library overrides get_manageable_volumes (cinder/volume/driver.py ManageableVD returns
    # []).

    def detect(self, capabilities):
        # block_cmode.py NetAppBlockStorageCmodeLibrary._update_volume_stats and nfs_cmode.py
        # NetAppCmodeNfsDriver._update_volume_stats report vendor_name 'NetApp'. ASA r2 pools
        # (netapp_disaggregated_platform, block_cmode.py _get_pool_stats) name LUNs without /vol/ paths
        # (client_cmode_rest_asar2.py _get_backend_lun_or_namespace) and cannot look up a source-id.
        return (capabilities.get('vendor_name') == 'NetApp' and self._protocol_in(capabilities, _MANAGING_PROTOCOLS)
                and not capabilities.get('netapp_disaggregated_platform'))

    def validate_ref(self, ref):
        ref = super(OntapProfile, self).validate_ref(ref)
        if 'source-id' in ref:
            if not UUID.match(ref['source-id']):
                raise CinderAdoptError(
                    "ref.source-id '%s' is not a LUN UUID; the ONTAP block driver looks source-id up as the LUN's "
                    "uuid (e.g. '0b2a7f6e-3c1d-4e5f-8a9b-1c2d3e4f5a6b', 'lun show -fields uuid'). Give a LUN path "
                    "as source-name instead." % ref['source-id'], field='ref')
            ref['source-id'] = ref['source-id'].lower()
        if 'source-name' in ref:
            ref['source-name'] = self._normalise_name(ref['source-name'])
            if 'source-id' in ref and not ref['source-name'].startswith('/vol/'):
                raise CinderAdoptError(
                    "ref has source-id with the NFS file '%s'; source-id names LUNs only (the ONTAP NFS driver reads "
                    "source-name alone). Drop source-id." % ref['source-name'], field='ref')
        return ref

    def name_after_manage(self, volume_id):
        # block_base.py manage_existing moves the LUN to '<same directory>/<volume name>';
        # nfs_base.py manage_existing moves the file to '<share mount>/<volume name>'.
        return VOLUME_NAME_TEMPLATE % volume_id

    def reference_after_manage(self, ref, volume_id):
        """The LUN keeps its directory (and UUID); an NFS file moves to the share root, assumed its parent."""
        new_name = self.name_after_manage(volume_id)
        if 'source-name' not in ref:
            return {'source-id': ref['source-id']}
        name = ref['source-name']
        if name.startswith('/vol/'):
            return {'source-name': '%s/%s' % (name.rpartition('/')[0], new_name)}
        server, path = _NFS_FILE.match(name).group('server', 'path')
        return {'source-name': '%s:%s' % (server, posixpath.join(posixpath.dirname(path), new_name))}

    def _comparable(self, key, value):
        value = str(value)
        if key == 'source-id':
            return value.lower()
        try:
            return self._normalise_name(value) if key == 'source-name' else value
        except CinderAdoptError:
            return value

    @staticmethod
    def _normalise_name(value):
        if value.startswith('/'):
            # block_base.py manage_existing: "source-name: complete lun path eg. /vol/vol0/lun".
            path = posixpath.normpath(value)
            if not _LUN_PATH.match(path) or value.endswith('/'):
                raise CinderAdoptError(
                    "ref.source-name '%s' is not a LUN path; the ONTAP block driver wants the complete path "
                    "'/vol/<flexvol>/<lun>' or '/vol/<flexvol>/<qtree>/<lun>' (e.g. '/vol/cinder_vol1/lun_data'), "
                    "or give the LUN's UUID as source-id." % value, field='ref')
            return path
        # nfs_base.py NetAppNfsDriver.manage_existing: "an NFS share point and some [/path]/volume; e.g.,
        # 10.10.32.1:/openstack/vol_to_manage"; the server part may be a hostname, the driver resolves it.
        match = _NFS_FILE.match(value)
        path = posixpath.normpath(match.group('path')) if match else ''
        if not match or value.endswith('/') or len([part for part in path.split('/') if part]) < 2:
            raise CinderAdoptError(
                "ref.source-name '%s' is neither a LUN path '/vol/<flexvol>/<lun>' (iSCSI/FC backends) nor an NFS "
                "file '<server>:/<export>/<file>' (NFS backends, e.g. '10.10.32.1:/openstack/vol_to_manage')."
                % value, field='ref')
        return '%s:%s' % (match.group('server'), path)
