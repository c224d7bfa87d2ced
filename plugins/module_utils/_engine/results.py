# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Items turned into module results: one object (volume or snapshot modules) or a list (bulk modules).

Check mode returns the keys a real run returns: a predicted object has the shape of a real one (through the
same SDK view), with its ID null.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import recorded_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import (
    ADOPTED,
    FAILED,
    OUTCOMES,
    RELEASED,
    UPDATED,
    WOULD,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

_WRITING = (ADOPTED, UPDATED, RELEASED) + tuple(WOULD.values())


def changed(items, check_mode):
    """True exactly when something was written (or, in check mode, would be)."""
    if check_mode:
        return any(item.outcome in WOULD.values() for item in items)
    return any(item.changed for item in items)


def where(backend):
    """host and cluster of the backend, each only when it is the one the objects were addressed by."""
    found = {}
    if backend is None:
        return found
    found['driver'] = backend.profile.name
    if backend.cluster:
        found['cluster'] = backend.cluster
    else:
        found['host'] = backend.host
    return found


def single_result(kind, item, backend, check_mode, extra=None):
    """The result of cinder_volume_manage / cinder_snapshot_manage; a failed item raises."""
    result = dict(changed=changed([item], check_mode))
    if item.ref is not None:
        result['ref'] = item.ref
    result.update(where(backend))
    result.update(extra or {})
    if item.outcome == FAILED:
        raise CinderAdoptError(item.message, **dict(item.details, **result))
    raw = item.raw
    predicted = getattr(item, 'predicted', None)
    if item.outcome == WOULD[ADOPTED]:
        result[kind.name] = kind.result(predicted)
        result['diff'] = dict(before={}, after=kind.view(predicted))
    elif item.outcome in (RELEASED, WOULD[RELEASED]):
        result[kind.name] = kind.result(raw)
        result['diff'] = dict(before=kind.view(raw), after={})
    elif raw is None:
        result['diff'] = dict(before={}, after={})
    else:
        result.update(_held(kind, item, check_mode))
    backend_name = kind.backend_name(backend.profile, item.resource_id, item) if backend is not None else None
    if backend_name:
        result['backend_name'] = backend_name
    return result


def _held(kind, item, check_mode):
    """An object Cinder holds after this run: adopted now, or converged (check mode: as it would be)."""
    raw = item.raw
    before = item.before if item.before is not None else ({} if item.outcome == ADOPTED else kind.view(raw))
    changes = getattr(item, 'changes', None)
    if check_mode and changes:
        after = changes.apply_to(before)
        shown = kind.result(raw)
        shown.update(name=after['name'], description=after['description'], metadata=after['metadata'])
        if 'bootable' in after:
            shown['is_bootable'] = after['bootable']
        if 'image_metadata' in after and 'volume_image_metadata' in shown:
            shown['volume_image_metadata'] = after['image_metadata'] or None
        if after.get('project_id') and 'project_id' in shown:
            shown['project_id'] = after['project_id']
        return {kind.name: shown, 'diff': dict(before=before, after=after)}
    return {kind.name: kind.result(raw), 'diff': dict(before=before, after=kind.view(raw))}


def item_entry(kind, profile, item, source_name=None, project_names=None):
    """One element of a bulk result's list."""
    ref = item.ref
    raw = item.raw or {}
    changes = getattr(item, 'changes', None)
    request = item.request
    name = (changes.fields.get('name') if changes is not None else None) or raw.get('name') or \
        (request.name if request is not None else None)
    entry = dict(ref=ref, source_name=source_name or (profile.reference_name(ref) if ref else None),
                 status=item.outcome, reason=item.reason)
    entry['%s_id' % kind.name] = item.resource_id
    entry['%s_name' % kind.name] = name
    entry['size'] = raw.get('size') if raw.get('size') is not None else item.size
    if kind.name == 'snapshot':
        parent = item.parent or {}
        entry['volume_id'] = parent.get('id') or raw.get('volume_id')
        entry['volume_name'] = parent.get('name')
        entry['origin'] = getattr(item, 'origin', None) or (original_name(profile, parent, parent.get('name'))
                                                            if parent.get('id') else None)
    else:
        project_id = raw.get('os-vol-tenant-attr:tenant_id')
        if changes is not None and changes.transfer_to:
            project_id = changes.transfer_to['id']
        if project_id is None and request is not None and request.project:
            project_id = request.project['id']
        entry['project_id'] = project_id
        entry['project_name'] = (project_names or {}).get(project_id)
    entry['backend_name'] = kind.backend_name(profile, item.resource_id, item) if item.resource_id else None
    if item.hint:
        entry['hint'] = item.hint
    return entry


def summarise(items, excluded=0):
    summary = dict((outcome, 0) for outcome in OUTCOMES)
    summary['excluded'] = excluded
    for item in items:
        summary[item.outcome] += 1
    return summary


def original_name(profile, raw, fallback):
    ref = recorded_ref(raw or {})
    return profile.reference_name(ref) if ref else fallback
