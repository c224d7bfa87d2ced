# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A backend's objects listed outside Cinder, turned into entries of Cinder's manageable listing.

Asking Cinder's driver to list can cost more than the adoption it prepares: the LVM driver
(cinder/volume/drivers/lvm.py LVMVolumeDriver._get_manageable_resource_info) runs one ``lvs``
plus two ``lvdisplay`` per LV. The storage host itself reads the same LVM metadata in one ``lvs``.
Its entries carry the driver's safety verdict (e.g. "volume in use"); this module adds the one
thing only Cinder knows, the same way the drivers do: an object named like a volume of this
backend (``volume-<id>``) is that volume, so it is "already managed".
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

ALREADY_MANAGED = 'already managed'


def external_entries(profile, backend, listing, container, volumes_on_backend):
    """Entries shaped like ``GET /manageable_volumes/detail`` from ``listing`` (dicts with ``reference`` or
    ``source_name``, ``size``, ``safe_to_manage``, ``reason_not_safe``, ``extra_info``)."""
    _check_container(profile, backend, container)
    volume_by_backend_name = {}
    for volume_id in volumes_on_backend:
        backend_name = profile.name_after_manage(volume_id)
        if backend_name:
            volume_by_backend_name[backend_name] = volume_id
    entries = []
    for index, raw in enumerate(listing):
        reference = raw.get('reference') or ({'source-name': raw['source_name']} if raw.get('source_name') else None)
        if not isinstance(reference, dict) or not reference:
            raise CinderAdoptError('listing[%d] names no object: give reference (a dict) or source_name.' % index,
                                   field='listing')
        # The drivers' order: "already managed" wins over any other reason (LVMVolumeDriver checks it first).
        cinder_id = volume_by_backend_name.get(profile.reference_name(reference))
        safe = not cinder_id and raw.get('safe_to_manage', True) is not False
        reason = ALREADY_MANAGED if cinder_id else (None if safe else raw.get('reason_not_safe') or 'not safe')
        entries.append(dict(reference=dict(reference), size=raw.get('size'), safe_to_manage=safe,
                            reason_not_safe=reason, cinder_id=cinder_id, extra_info=raw.get('extra_info')))
    return entries


def _check_container(profile, backend, container):
    served = profile.container(backend.capabilities)
    if container and served and container != served:
        raise CinderAdoptError(
            "listing comes from '%s', but %s serves '%s' (its pool's capabilities say so): the objects listed "
            "are not this backend's. Map the storage host to the Cinder backend of '%s', or fix listing_container."
            % (container, backend.label, served, container), field='listing_container',
            listing_container=container, backend_container=served)
