# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The result of a bulk front end: one entry per object, the counts, and the failure when any object failed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import FAILED
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.kinds import SNAPSHOT
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.results import (
    changed,
    item_entry,
    summarise,
    where,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def _project_names(front, items):
    names = {}
    projects = getattr(front, 'projects', None)
    if projects is not None:
        caller = projects.caller_project()
        if caller:
            names[caller['id']] = caller.get('name')
    for item in items:
        project = item.request.project if item.request is not None else None
        if project:
            names[project['id']] = project.get('name')
    return names


def bulk_result(kind, front, items, fail=True):
    """``front`` is the bulk manager: its backend, profile, client, params and ``excluded`` count."""
    names = _project_names(front, items)
    entries = [item_entry(kind, front.profile, item, project_names=names) for item in items]
    summary = summarise(items, front.excluded)
    result = dict(changed=changed(items, front.check_mode), summary=summary,
                  api_requests=front.client.request_count)
    result[kind.resource.plural] = entries
    result.update(where(front.backend))
    if fail:
        raise_failures(front, result, entries, '%s_id' % kind.name)
    return result


def raise_failures(front, result, entries, id_key):
    failed = [entry for entry in entries if entry['status'] == FAILED]
    if failed and front.params.get('fail_on_error', True):
        reasons = '; '.join('%s: %s' % (entry['source_name'] or entry.get(id_key) or entry.get('snapshot_id'),
                                        entry['reason']) for entry in failed[:10])
        raise CinderAdoptError('%d of %d selected objects on %s failed: %s'
                               % (len(failed), len(entries), front.backend.label, reasons), **result)


def with_snapshots(front, items, snapshot_items):
    """A volume release's result with the snapshots it released first (release_snapshots)."""
    result = bulk_result(front.kind, front, items, fail=False)
    entries = [item_entry(SNAPSHOT, front.profile, item) for item in snapshot_items]
    result['snapshots'] = entries
    result['snapshot_summary'] = summarise(snapshot_items)
    result['changed'] = result['changed'] or changed(snapshot_items, front.check_mode)
    raise_failures(front, result, result['volumes'] + entries, 'volume_id')
    return result
