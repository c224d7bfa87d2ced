# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What it takes to make an object Cinder already holds look as requested (pure: no I/O).

Only what the request names converges: a field left out keeps its value, metadata keys not named are kept,
image metadata likewise. What cannot converge without moving data or changing identity (volume type,
availability zone) is a conflict, reported instead of written.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def as_bool(value):
    if isinstance(value, bool):
        return value
    return str(value).lower() in ('true', '1', 'yes')


def volume_view(raw):
    """The fields a volume converges or reports in diffs, from a raw Cinder volume."""
    return {
        'id': raw.get('id'),
        'name': raw.get('name'),
        'description': raw.get('description'),
        'volume_type': raw.get('volume_type'),
        'availability_zone': raw.get('availability_zone'),
        'bootable': as_bool(raw.get('bootable')),
        'metadata': dict(raw.get('metadata') or {}),
        'image_metadata': dict(raw.get('volume_image_metadata') or {}),
        'host': raw.get('os-vol-host-attr:host'),
        'project_id': raw.get('os-vol-tenant-attr:tenant_id'),
        'status': raw.get('status'),
    }


def snapshot_view(raw):
    """The fields a snapshot converges or reports in diffs, from a raw Cinder snapshot."""
    return {
        'id': raw.get('id'),
        'name': raw.get('name'),
        'description': raw.get('description'),
        'volume_id': raw.get('volume_id'),
        'size': raw.get('size'),
        'metadata': dict(raw.get('metadata') or {}),
        'project_id': raw.get('os-extended-snapshot-attributes:project_id'),
        'status': raw.get('status'),
    }


class Changes(object):
    """The writes that converge one object; empty when it already is as requested."""

    def __init__(self):
        self.fields = {}            # name, description
        self.metadata = {}          # keys to set
        self.bootable = None        # the new flag, or None
        self.image_metadata = {}    # keys to set
        self.transfer_to = None     # a project dict, or None

    def __bool__(self):
        return bool(self.fields or self.metadata or self.bootable is not None or self.image_metadata
                    or self.transfer_to)

    __nonzero__ = __bool__

    def apply_to(self, view):
        """The view as it will be once these changes are written."""
        after = dict(view, **self.fields)
        after['metadata'] = dict(view.get('metadata') or {}, **self.metadata)
        if 'image_metadata' in view:
            after['image_metadata'] = dict(view.get('image_metadata') or {}, **self.image_metadata)
        if self.bootable is not None:
            after['bootable'] = self.bootable
        if self.transfer_to:
            after['project_id'] = self.transfer_to['id']
        return after


def conflicts(request, raw, resource_id, transfer=False):
    """Why a volume Cinder already holds cannot become what was requested: (message, field), or None."""
    current = volume_view(raw)
    project = request.project
    if project and current['project_id'] and current['project_id'] != project['id'] and not transfer:
        return ("volume %s already manages this object in project %s, not in project '%s' (%s). Give transfer: true "
                "to move it there with Cinder's volume transfer, or adopt it where it is."
                % (resource_id, current['project_id'], project.get('name'), project['id']), 'project')
    vtype = request.volume_type
    if vtype and current['volume_type'] not in (vtype.get('name'), vtype.get('id')):
        return ("volume %s already manages this object with volume_type '%s', not '%s'. Changing the type is a "
                "retype, which this collection does not do (openstack volume set --type)."
                % (resource_id, current['volume_type'], vtype.get('name')), 'volume_type')
    zone = request.availability_zone
    if zone and current['availability_zone'] != zone:
        return ("volume %s already manages this object in availability zone '%s', not '%s'; a volume cannot change "
                "zone." % (resource_id, current['availability_zone'], zone), 'availability_zone')
    return None


def changes(request, view, transfer=False):
    """The Changes that make ``view`` (a kind's view of the object) match ``request``."""
    found = Changes()
    for field in ('name', 'description'):
        wanted = getattr(request, field)
        if field == 'name' and not request.converge_name:
            continue
        if wanted is not None and wanted != view.get(field):
            found.fields[field] = wanted
    found.metadata = dict((key, value) for key, value in request.metadata.items()
                          if (view.get('metadata') or {}).get(key) != value)
    if 'bootable' in view and request.bootable is not None and bool(request.bootable) != view['bootable']:
        found.bootable = bool(request.bootable)
    if 'image_metadata' in view and request.image_metadata:
        found.image_metadata = dict((key, value) for key, value in request.image_metadata.items()
                                    if (view.get('image_metadata') or {}).get(key) != value)
    if transfer and request.project and view.get('project_id') and request.project['id'] != view['project_id']:
        found.transfer_to = request.project
    return found
