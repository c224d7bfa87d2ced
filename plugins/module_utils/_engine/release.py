# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What stops Cinder from releasing (unmanaging) an object, found before any write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import SNAPSHOTS
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import age_seconds


def release_blockers(client, kind, items, options, snapshots=None, leaving=()):
    """Fail the items Cinder would refuse to unmanage, saying why and the way out; True when any was.

    For volumes, ``snapshots`` are the snapshots already read (None: read them here) and ``leaving`` the IDs of
    those this run releases first.
    """
    blocked = False
    for item in items:
        if item.final or item.raw is None:
            continue
        status = item.raw.get('status')
        if status in kind.releasable:
            continue
        transitional = status in kind.statuses.pending or status in kind.statuses.failed
        age = age_seconds(item.raw, client.server_date)
        stuck = transitional and options.stuck_after is not None and age is not None and age > options.stuck_after
        if stuck and options.recover_stuck:
            item.reset_first = True
            continue
        blocked = True
        hint = (' It has been stuck there longer than stuck_after: recover_stuck: true resets its status (record only) '
                'and releases it.' if stuck else '')
        if kind.name == 'volume':
            message = ("Volume %s is '%s'; Cinder unmanages only %s volumes. Detach it or let it settle first.%s"
                       % (item.resource_id, status, 'available or error', hint))
            reason = "volume is '%s'; only available or error volumes can be unmanaged (detach it first)" % status
        else:
            message = ("Snapshot %s is '%s'; Cinder unmanages only available or error snapshots. Let it settle "
                       "first.%s" % (item.resource_id, status, hint))
            reason = "snapshot is '%s'; only available or error snapshots can be unmanaged" % status
        item.fail(reason, message, **{'%s_id' % kind.name: item.resource_id, 'status': status})
    if kind.name == 'volume':
        blocked = _with_snapshots(client, [item for item in items if not item.final and item.raw], snapshots,
                                  leaving) or blocked
    return blocked


def _with_snapshots(client, items, snapshots, leaving):
    """Cinder refuses to unmanage a volume that has snapshots (cinder/volume/api.py API.delete: 'have snapshots')."""
    if not items:
        return False
    if snapshots is None:
        snapshots = snapshots_of(client, [item.resource_id for item in items])
    by_volume = {}
    for snapshot in snapshots:
        if snapshot['id'] not in leaving:
            by_volume.setdefault(snapshot.get('volume_id'), []).append(snapshot)
    blocked = False
    for item in items:
        found = by_volume.get(item.resource_id)
        if not found:
            continue
        blocked = True
        names = ', '.join('%s (%s)' % (snapshot['id'], snapshot.get('name') or 'no name') for snapshot in found[:10])
        message = ("Volume %s has %d snapshot(s) in Cinder: %s. Cinder unmanages a volume only when it has none. "
                   "Release them first (the backend snapshots are kept): stackadopt.cinder.cinder_snapshot_manage "
                   "state=absent, stackadopt.cinder.cinder_snapshot_bulk_manage state=absent, or the release_volumes "
                   "role with release_volumes_snapshots: true." % (item.resource_id, len(found), names))
        item.fail('Cinder holds snapshots of it (%d: %s); release them first' % (len(found), names), message,
                  volume_id=item.resource_id, snapshot_ids=[snapshot['id'] for snapshot in found])
    return blocked


def snapshots_of(client, volume_ids):
    """The Cinder snapshots of these volumes, in one read."""
    if len(volume_ids) == 1:
        return client.find(SNAPSHOTS, volume_id=volume_ids[0])
    wanted = set(volume_ids)
    return [snapshot for snapshot in client.find(SNAPSHOTS) if snapshot.get('volume_id') in wanted]
