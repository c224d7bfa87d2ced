# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Pure Storage FlashArray's Cinder drivers (cinder/volume/drivers/pure.py PureBaseVolumeDriver).

One base class serves PureISCSIDriver, PureFCDriver and PureNVMEDriver. Its
manage calls want ``source-name``, but its listings report each object as
``{'name': ...}``: the profile accepts either key and compares across them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    SNAPSHOT_NAME_TEMPLATE,
    VOLUME_NAME_TEMPLATE,
    DriverProfile,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# pure.py PureBaseVolumeDriver._generate_purity_vol_name appends this to volume.name.
PURITY_SUFFIX = '-cinder'
# The key PureBaseVolumeDriver.get_manageable_volumes / get_manageable_snapshots put in 'reference'.
LISTING_KEY = 'name'


class PureProfile(DriverProfile):
    name = 'pure'
    description = 'Pure Storage FlashArray drivers (iSCSI, FC, NVMe): volumes and snapshots by Purity name'
    # pure.py PureBaseVolumeDriver._validate_manage_existing_ref: source-name, for volumes and snapshots.
    ref_keys = ('source-name',)
    snapshot_ref_keys = ('source-name',)
    # PureBaseVolumeDriver.get_manageable_volumes / get_manageable_snapshots report {'name': <Purity name>}.
    listing_keys = {LISTING_KEY: 'source-name'}
    # PureBaseVolumeDriver.get_manageable_volumes joins every reason that applies with ' && ';
    # get_manageable_snapshots gives the last that applies.
    unsafe_reasons = {
        'Volume connected to host': "The volume is connected to a host on the array, which may be writing to it. "
                                    "Disconnect it from that host (Purity: host/volume connections), then adopt.",
        'Volume already managed': "A Cinder volume of this backend already holds this volume (cinder_id names it); "
                                  "nothing to adopt.",
        'Volume is in a Realm': "The volume is in a Purity realm ('<realm>::<pod>::<volume>'); the driver refuses "
                                "realm volumes (PureBaseVolumeDriver._realm_check). Move or copy it out of the realm.",
        'Volume is in a Replicated Pod': "The volume is in a pod that is replicated (ActiveCluster or ActiveDR); the "
                                         "driver refuses those (PureBaseVolumeDriver._pod_check). Move it to an "
                                         "unreplicated pod or out of the pod.",
        'Volume is deleted': "The volume is destroyed (in Purity's eradication bucket). Recover it on the array "
                             "first, or leave it.",
        'Snapshot already managed': "A Cinder snapshot already holds this snapshot (cinder_id names it); nothing to "
                                    "adopt.",
        'Snapshot is deleted': "The snapshot is destroyed (in Purity's eradication bucket). Recover it on the array "
                               "first, or leave it.",
        'Snapshot is in a realm': "The snapshot belongs to a volume in a Purity realm, which the driver refuses "
                                  "to manage.",
    }
    # PureBaseVolumeDriver._update_volume_stats: vendor_name 'Pure Storage', which no other in-tree driver uses.
    vendor_name = 'Pure Storage'

    def validate_ref(self, ref):
        ref = super(PureProfile, self).validate_ref(ref)
        name = ref['source-name']
        # PureBaseVolumeDriver._realm_check refuses '<realm>::<pod>::<volume>'. Volumes in a replicated pod
        # ('<pod>::<volume>', _pod_check) are refused too, but only the array knows whether a pod is.
        if name.count('::') > 1:
            raise CinderAdoptError("ref.source-name '%s' is a volume in a realm, which the Pure driver refuses to "
                                   "manage; valid: '<volume>', '<vgroup>/<volume>' or '<pod>::<volume>'." % name,
                                   field='ref')
        return ref

    def validate_snapshot_ref(self, ref):
        ref = super(PureProfile, self).validate_snapshot_ref(ref)
        name = ref['source-name']
        # PureBaseVolumeDriver._validate_manage_existing_ref(is_snap=True) refuses realms, then unpacks
        # name.split('.', 1): without a '.' it fails with a bare ValueError instead of a clear refusal.
        volume, _dot, suffix = name.partition('.')
        if name.count('::') > 1 or not (volume and suffix):
            raise CinderAdoptError("ref.source-name '%s' is not a Purity snapshot name outside a realm; the Pure "
                                   "driver wants '<volume>.<suffix>' (e.g. 'volume-<id>-cinder.daily-1')." % name,
                                   field='ref')
        return ref

    def name_after_manage(self, volume_id):
        # PureBaseVolumeDriver.manage_existing renames to _generate_purity_vol_name(volume) without any pod
        # prefix. Not covered: a volume type with extra spec vg_name then moves it to '<vg_name>/<name>'.
        return VOLUME_NAME_TEMPLATE % volume_id + PURITY_SUFFIX

    def reference_after_manage(self, ref, volume_id):
        # PureBaseVolumeDriver.manage_existing keeps the pod of a '<pod>::<volume>' ref; a '<vgroup>/<volume>'
        # leaves its volume group. The listing reports the result under 'name'.
        new_name = self.name_after_manage(volume_id)
        pod, separator, _volume = ref['source-name'].rpartition('::')
        return {LISTING_KEY: pod + separator + new_name if separator else new_name}

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None, ref=None):
        """``<parent's Purity name>.snapshot-<id>``; None when the parent's Purity name is not given."""
        # PureBaseVolumeDriver.manage_existing_snapshot renames to _get_snap_name(snapshot):
        # '<volume provider_id>.<snapshot.name>'.
        if not volume_name:
            return None
        return '%s.%s' % (volume_name, SNAPSHOT_NAME_TEMPLATE % snapshot_id)

    def snapshot_parent_reference(self, volume_id):
        """The ``source_reference`` the listing gives snapshots of this (Cinder-named, pod-less) volume."""
        return {LISTING_KEY: self.name_after_manage(volume_id)}
