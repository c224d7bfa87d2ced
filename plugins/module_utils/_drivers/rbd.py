# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Cinder's Ceph RBD driver (cinder/volume/drivers/rbd.py RBDDriver).

Also covers cinder/volume/drivers/ceph/rbd_iscsi.py RBDISCSIDriver, which
inherits RBDDriver's manage code and stats.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    SNAPSHOT_NAME_TEMPLATE,
    UUID_PATTERN,
    VOLUME_NAME_TEMPLATE,
    DriverProfile,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class RBDProfile(DriverProfile):
    name = 'rbd'
    description = 'Cinder Ceph RBD driver (RBDDriver, RBDISCSIDriver): images of its rbd_pool'
    # cinder/volume/drivers/rbd.py RBDDriver.manage_existing_get_size: only source-name.
    ref_keys = ('source-name',)
    # RBDDriver.manage_existing_snapshot_get_size: only source-name.
    snapshot_ref_keys = ('source-name',)
    # RBDDriver.get_manageable_volumes and RBDDriver.get_manageable_snapshots.
    unsafe_reasons = {
        'already managed': "The image or snapshot is named after a Cinder volume or snapshot that exists "
                           "(volume-<id>, snapshot-<id>); it is already adopted (cinder_id names it).",
        'volume in use': "The image has watchers ('rbd status' lists them): a client such as a VM or a mapped "
                         "krbd device has it open. Close or unmap it, then adopt.",
        'volume marked as deleted': "The image ends in '.deleted': Cinder's RBD driver renamed the parent of a "
                                    "clone when it deleted the volume; it must not be adopted.",
        'used for clone snap': "The snapshot ends in '.clone_snap': Cinder's RBD driver made it to clone a "
                               "volume; it belongs to that clone and must not be adopted.",
        'used for volume backup': "The snapshot is an intermediate snapshot of Cinder's Ceph backup driver "
                                  "('backup.*.snap.*'); it belongs to a backup and must not be adopted.",
    }
    # RBDDriver._update_volume_stats: vendor 'Open Source' and location_info
    # '<cluster>:<ceph_conf>:<fsid>:<user>:<pool>' (RBDDriver.migrate_volume splits it into these five); the cluster
    # fsid in the third field sets it apart from LVM's 'LVMVolumeDriver:...'. The container is the backend's
    # rbd_pool, the pool a storage host's `rbd ls` must have listed.
    vendor_name = 'Open Source'
    location_info = re.compile(r'^[^:]*:[^:]*:%s:[^:]*:(?P<container>[^:]*)$' % UUID_PATTERN)

    def validate_ref(self, ref):
        ref = super(RBDProfile, self).validate_ref(ref)
        image = ref['source-name']
        # RBDDriver.manage_existing_get_size opens rbd.Image(ioctx, name) on the ioctx of the configured
        # rbd_pool: the name is taken literally, never parsed as a '<pool>/<image>@<snap>' spec.
        if '/' in image:
            raise CinderAdoptError(
                "ref.source-name '%s' names a pool or namespace; the RBD driver opens images only in its configured "
                "rbd_pool, so give the bare image name (e.g. '%s') and pick the backend whose rbd_pool holds it."
                % (image, image.rsplit('/', 1)[-1]), field='ref')
        if '@' in image:
            raise CinderAdoptError(
                "ref.source-name '%s' names a snapshot ('<image>@<snap>'); a volume ref is the image name alone "
                "(e.g. '%s'). Adopt snapshots with a snapshot ref on the managed volume."
                % (image, image.split('@')[0]), field='ref')
        return ref

    def validate_snapshot_ref(self, ref):
        ref = super(RBDProfile, self).validate_snapshot_ref(ref)
        snap = ref['source-name']
        # RBDDriver.manage_existing_snapshot_get_size opens rbd.Image(ioctx, snapshot.volume_name, snapshot=name):
        # the image is always the Cinder volume's own, the ref carries only the snapshot's name.
        if '@' in snap or '/' in snap:
            raise CinderAdoptError(
                "ref.source-name '%s' is an image spec; the RBD driver looks the snapshot up on the image of the "
                "Cinder volume it is adopted under (volume-<volume_id>), so give only the snapshot name (e.g. '%s')."
                % (snap, snap.rsplit('@', 1)[-1]), field='ref')
        return ref

    def name_after_manage(self, volume_id):
        # RBDDriver.manage_existing renames the image to volume.name.
        return VOLUME_NAME_TEMPLATE % volume_id

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None, ref=None):
        # RBDDriver.manage_existing_snapshot: volume.rename_snap(name, snapshot.name), then protects it.
        return SNAPSHOT_NAME_TEMPLATE % snapshot_id

    def snapshot_parent_reference(self, volume_id):
        """The ``source_reference`` the listing gives snapshots of this volume's image.

        RBDDriver.get_manageable_snapshots names each snapshot only by its own
        name, which is unique per image only: filter on this before matching.
        """
        return {'source-name': VOLUME_NAME_TEMPLATE % volume_id}
