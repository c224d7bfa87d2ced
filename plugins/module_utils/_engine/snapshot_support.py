# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the snapshot front ends share: the volume a snapshot is adopted under, its backend, its origin, and the
explanation when a ref names a snapshot of another object."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.backend import backend_of_volume
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.origins import (
    OriginResolver,
    origin_references,
    same_reference,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import encode_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import Item, Request
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

_UUID = re.compile(r'^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$')


def resolve_volume(client, requested, field='volume'):
    """The raw Cinder volume for an ID or name; unknown and ambiguous names are errors."""
    if _UUID.match(requested or ''):
        raw = client.get_volume(requested)
        if raw is not None:
            return raw
    found = client.find_volumes(name=requested)
    if len(found) > 1:
        ids = sorted(volume['id'] for volume in found)
        raise CinderAdoptError("%s '%s' is ambiguous: volumes %s carry that name. Give the volume's ID instead."
                               % (field, requested, ', '.join(ids)), field=field, volume_ids=ids)
    if not found:
        raise CinderAdoptError(
            "%s '%s' is neither the ID nor the name of a Cinder volume. A snapshot is adopted under the Cinder "
            "volume that manages its origin, so the origin must be managed first: adopt it with "
            "stackadopt.cinder.cinder_volume_manage, then give that volume's ID or name here." % (field, requested),
            field=field)
    return found[0]


def snapshot_request(spec, volume, projects, field='', defaults=None, name=None):
    """A Request for a snapshot from its parameters (``defaults`` fill the gaps): name, description, metadata. Its
    project is its volume's: Cinder records a snapshot in the project of the token that manages it, so the request
    goes out scoped to the volume's project when that is not the caller's."""
    defaults = defaults or {}
    owner = volume.get('os-vol-tenant-attr:tenant_id')
    caller = projects.caller_project()
    project = None
    if owner and caller and owner != caller['id']:
        project = projects.identity.project(owner)
        projects.writer_for(project)
    metadata = dict(validation.metadata('metadata', defaults.get('metadata')) or {})
    metadata.update(validation.metadata(field + 'metadata', spec.get('metadata')) or {})
    description = spec.get('description') if spec.get('description') is not None else defaults.get('description')
    return Request(name=validation.check_text(field + 'name', name if name is not None else spec.get('name')),
                   description=validation.check_text(field + 'description', description, printable=True),
                   metadata=metadata, project=project, converge_name=spec.get('name') is not None)


def backend_of(client, volume, driver):
    """The backend serving ``volume``, which must be up to adopt snapshots there."""
    host = volume.get('os-vol-host-attr:host')
    if not host:
        raise CinderAdoptError("Volume %s has no host (status '%s'); Cinder can adopt snapshots only of a volume that "
                               "a backend serves." % (volume['id'], volume.get('status')), field='volume',
                               volume_id=volume['id'])
    return backend_of_volume(client, volume, driver, require_up=True)


class SnapshotItems(object):
    """Builds snapshot items of one backend: origin references per volume and the 'elsewhere' explanation."""

    def __init__(self, client, backend):
        self.client = client
        self.backend = backend
        self.profile = backend.profile
        self.resolver = OriginResolver(client, self.profile, backend.host, backend.cluster)
        self._origins = {}

    def origins(self, volume):
        if volume['id'] not in self._origins:
            self._origins[volume['id']] = origin_references(self.profile, volume, self.resolver)
        return self._origins[volume['id']]

    def item(self, ref, volume, request=None):
        item = Item(ref, request, parent=volume)
        item.origin_refs = self.origins(volume)
        item.same_origin = lambda one, other: same_reference(self.profile, one, other)
        item.explain_elsewhere = self.explain_elsewhere
        return item

    def explain_elsewhere(self, item):
        entry = item.location.entry
        source = entry.get('source_reference') or {}
        origin_refs = item.origin_refs
        listed_as = (' (the backend lists it as %s)' % ', '.join(encode_ref(o) for o in origin_refs)
                     if origin_refs else '')
        msg = ("Snapshot ref %s on %s is a snapshot of the backend object %s, not of volume %s%s."
               % (encode_ref(item.ref), self.backend.label, encode_ref(source), item.parent['id'], listed_as))
        if entry.get('cinder_id'):
            snapshot = self.client.get_snapshot(entry['cinder_id']) or {}
            message = "%s It is already Cinder snapshot %s of volume %s." % (
                msg, entry['cinder_id'], snapshot.get('volume_id') or 'unknown')
            return message, message, dict(field='volume', source_reference=source, snapshot_id=entry['cinder_id'])
        origin_id = self.resolver.volume_id(source)
        if origin_id:
            message = "%s That object is Cinder volume %s: give volume=%s." % (msg, origin_id, origin_id)
            return message, message, dict(field='volume', source_reference=source, source_volume_id=origin_id)
        message = ("%s That origin is not managed by Cinder yet: adopt it first with "
                   "stackadopt.cinder.cinder_volume_manage (ref %s on %s), then adopt the snapshot under the new "
                   "volume." % (msg, encode_ref(source), self.backend.label))
        return message, message, dict(field='volume', source_reference=source, source_volume_id=None)
