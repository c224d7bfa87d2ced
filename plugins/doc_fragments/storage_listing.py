# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # A backend's objects listed by the storage host itself, in place of Cinder's manageable listing.
    DOCUMENTATION = r'''
options:
  listing:
    description:
      - The backend's objects as listed outside Cinder, used instead of asking Cinder's driver to list them. Each
        entry has the shape of an entry of Cinder's manageable listing.
      - Worth it where the driver's listing is slow and the storage host can list its objects itself (Cinder's LVM
        driver runs two C(lvdisplay) per LV; the P(stackadopt.cinder.storage_host#role) role lists the volume group
        with one C(lvs) and passes the result, with the driver's verdicts, as this option).
      - The module adds what only Cinder knows, the way the drivers do it - an object that carries the name the
        driver gives a volume of this backend (V(volume-<id>) for LVM) is that volume, C(already managed).
      - A reference not in the list fails as matching nothing, exactly as with Cinder's listing.
    type: list
    elements: dict
    suboptions:
      reference:
        description: The object's reference, as the driver's listing gives it. Or give O(listing[].source_name).
        type: dict
      source_name:
        description: 'Short for O(listing[].reference) V({"source-name": <source_name>}).'
        type: str
      size:
        description: Size in GiB, rounded up as the driver rounds it.
        type: int
      safe_to_manage:
        description: The driver's verdict whether the object can be managed.
        type: bool
        default: true
      reason_not_safe:
        description: Why not, in the driver's words (for example V(volume in use)).
        type: str
      extra_info:
        description: Driver-specific details, passed through.
        type: raw
  listing_container:
    description:
      - What O(listing) was made from, for example the LVM volume group. When the driver profile can read the
        backend's own container from the pool's capabilities (LVM - the volume group in C(location_info)), a
        different one fails before any write, so objects are never sent to a backend that does not hold them.
    type: str
'''
