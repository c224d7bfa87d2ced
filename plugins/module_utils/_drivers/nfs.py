# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile of Cinder's generic NFS driver (cinder/volume/drivers/nfs.py NfsDriver).

Cinder's manage code for file-backed drivers is
cinder/volume/drivers/remotefs.py RemoteFSManageableVolumesMixin; the rules
below are its rules. Cinder 29.0.0's NfsDriver does not inherit that mixin:
the stock driver lists nothing manageable (the volume manager swallows the
AttributeError) and a manage request ends in ``error_managing``. The profile
serves deployments whose NfsDriver does mix it in, and still validates the ref
before a stock driver gets to refuse it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath
import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import (
    NFS_PROTOCOLS,
    VOLUME_NAME_TEMPLATE,
    DriverProfile,
    ManagesNoSnapshots,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# '<server>:<absolute path>'; the server ends at the first ':/' so bracketed IPv6 servers survive.
_SHARE_PATH = re.compile(r'^(?P<server>[^/]+?):(?P<path>/.*)$')


class NFSProfile(ManagesNoSnapshots, DriverProfile):
    name = 'nfs'
    description = 'Cinder generic NFS driver (NfsDriver): image files on its NFS shares'
    # cinder/volume/drivers/remotefs.py RemoteFSManageableVolumesMixin._get_manageable_vol_location: source-name.
    ref_keys = ('source-name',)
    # Cinder 29's own NfsDriver does not include RemoteFSManageableVolumesMixin: it answers the listing with the base
    # driver's empty list (cinder/volume/driver.py ManageableVD.get_manageable_volumes), so an empty listing does not
    # mean "no such file" here - the driver judges the ref at manage time.
    knows_its_listing = False
    # Neither NfsDriver nor the mixin implements manage_existing_snapshot.
    no_snapshot_manage = ("Cinder's NfsDriver (and RemoteFSManageableVolumesMixin) implement no "
                          "manage_existing_snapshot.")
    # RemoteFSManageableVolumesMixin._is_volume_manageable and _get_manageable_volume.
    unsafe_reasons = {
        'Volume already managed': "The file is a Cinder volume of this backend (cinder_id names it); it is already "
                                  "adopted.",
        'Backing file present': "The image has a backing file (qcow2 overlay or a snapshot chain); the driver "
                                "manages standalone images only. Flatten it ('qemu-img convert') into a new file and "
                                "adopt that.",
        'Failed to open image': "qemu-img could not read the file (permissions, locking, or not an image). Check it "
                                "with 'qemu-img info' on the volume host.",
        'Unsupported image format': "The image format is neither raw nor qcow2 (the mixin's "
                                    "_SUPPORTED_IMAGE_FORMATS). Convert it with 'qemu-img convert', then adopt the "
                                    "result.",
        'Failed to get size': "qemu-img could not report the image's virtual size. Check it with 'qemu-img info' "
                              "on the volume host.",
    }

    def detect(self, capabilities):
        # cinder/volume/drivers/remotefs.py RemoteFSDriver._update_volume_stats: vendor 'Open Source' and
        # storage_protocol = driver_volume_type 'nfs' (NfsDriver); no location_info, unlike the vendor NFS
        # drivers built on NfsDriver (Nexenta, VMstore, Veritas, PowerStore report their own vendor_name).
        return (capabilities.get('vendor_name') == 'Open Source' and self._protocol_in(capabilities, NFS_PROTOCOLS)
                and 'location_info' not in capabilities)

    def validate_ref(self, ref):
        ref = super(NFSProfile, self).validate_ref(ref)
        ref['source-name'] = self._share_file(ref['source-name'])
        return ref

    def name_after_manage(self, volume_id):
        # RemoteFSManageableVolumesMixin.manage_existing renames the file to _get_managed_vol_expected_path:
        # <share mountpoint>/<volume.name>.
        return VOLUME_NAME_TEMPLATE % volume_id

    def reference_after_manage(self, ref, volume_id):
        """The file moves to the share's root, so the listing shows ``<share>/volume-<id>``.

        Which leading part of the path is the share only the driver's
        nfs_shares_config knows; this assumes the file sat at the share's root,
        the common case. The listing also carries the volume as ``cinder_id``.
        """
        server, path = self._split(ref['source-name'])
        new_path = posixpath.join(posixpath.dirname(path), self.name_after_manage(volume_id))
        return {'source-name': '%s:%s' % (server, new_path)}

    def _comparable(self, key, value):
        # RemoteFSManageableVolumesMixin._get_manageable_volume lists '<share as configured>/<relative path>',
        # so a share configured with a trailing '/' lists '<share>//<file>'; the mixin normalises refs the
        # same way (os.path.normpath) before it compares.
        value = str(value)
        if key == 'source-name' and _SHARE_PATH.match(value):
            server, path = self._split(value)
            return '%s:%s' % (server, path)
        return value

    @staticmethod
    def _split(value):
        match = _SHARE_PATH.match(value)
        return match.group('server'), posixpath.normpath(match.group('path'))

    def _share_file(self, value):
        # RemoteFSManageableVolumesMixin._get_manageable_vol_location looks for a configured share (which
        # RemoteFSDriver._load_shares_config requires to match '.+:/.+') inside the normalised source-name
        # and wants a file path after it. Hostnames are not resolved: spell the server as the share does.
        example = "e.g. '192.168.1.10:/srv/nfs/cinder/disk01.qcow2'"
        match = _SHARE_PATH.match(value)
        if not match:
            raise CinderAdoptError(
                "ref.source-name '%s' is not '<server>:/<export>/<file>', the form the NFS driver matches against "
                "its configured shares (%s, with the server spelled as in nfs_shares_config)." % (value, example),
                field='ref')
        server, path = self._split(value)
        if value.endswith('/') or len([part for part in path.split('/') if part]) < 2:
            raise CinderAdoptError(
                "ref.source-name '%s' names a share or directory, not a file on a share; give "
                "'<server>:/<export>/<file>' (%s)." % (value, example), field='ref')
        return '%s:%s' % (server, path)
