# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cinder_snapshot_manage: the engine with one snapshot item, adopted under the volume that manages its origin.

The snapshot lands in its volume's project (Cinder records a snapshot in the project of the token that manages
it, so the request goes out scoped to the volume's project when that is not the caller's).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import SNAPSHOTS
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import locate as where
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import (
    REF_METADATA_KEY,
    encode_ref,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.engine import Engine, State
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.front import Front
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import NOT_MANAGED, Item
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.kinds import SNAPSHOT
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.prepare import Projects, requested_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.release import release_blockers
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.results import single_result
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.snapshot_support import (
    SnapshotItems,
    backend_of,
    resolve_volume,
    snapshot_request,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class SnapshotManageManager(Front):

    def _lookup(self, volume, raw_ref, request=None):
        """The engine and the located item of a snapshot ref under ``volume``."""
        backend = backend_of(self.client, volume, self.params.get('driver'))
        ref = backend.profile.validate_snapshot_ref(raw_ref)
        snapshots = SnapshotItems(self.client, backend)
        item = snapshots.item(ref, volume, request)

        def records():
            return self.client.find(SNAPSHOTS, volume_id=volume['id'], metadata={REF_METADATA_KEY: encode_ref(ref)})

        state = State(records, lambda: SNAPSHOT.listing(self.client, backend))
        state.refresh()
        return backend, item, state

    # ---- present --------------------------------------------------------------------------------------------

    def present(self):
        params = self.params
        raw_ref = self.wanted_ref('snapshot', 'lv_data_snap')
        if not params.get('volume'):
            raise CinderAdoptError('state=present needs volume: the ID or name of the Cinder volume that manages '
                                   "the snapshot's origin.", field='volume')
        volume = resolve_volume(self.client, params['volume'])
        projects = Projects(self.client)
        request = snapshot_request(params, volume, projects, defaults={})
        backend, item, state = self._lookup(volume, raw_ref, request)
        engine = Engine(self.client, SNAPSHOT, backend, self.options, state, self.check_mode, projects=projects,
                        quota_project=None)
        engine.adopt([item])
        return single_result(SNAPSHOT, item, backend, self.check_mode, dict(volume_id=volume['id']))

    # ---- absent ---------------------------------------------------------------------------------------------

    def absent(self):
        raw, item, volume, backend = self._find_for_release()
        extra = {}
        if volume is not None:
            extra['volume_id'] = volume['id']
        if raw is None:
            item.end(NOT_MANAGED)
            return single_result(SNAPSHOT, item, backend, self.check_mode, extra)
        extra['volume_id'] = raw.get('volume_id')
        item.resource_id, item.raw = raw['id'], raw
        release_blockers(self.client, SNAPSHOT, [item], self.options)
        if backend is None:
            engine_backend = _NoBackend()
        else:
            engine_backend = backend
        engine = Engine(self.client, SNAPSHOT, engine_backend, self.options, State(list, lambda: None),
                        self.check_mode)
        engine.release([item])
        return single_result(SNAPSHOT, item, backend, self.check_mode, extra)

    def _find_for_release(self):
        """(raw snapshot or None, Item, raw volume or None, Backend or None)."""
        params = self.params
        if params.get('id'):
            return self.client.get_snapshot(params['id']), Item(None), None, None
        raw_ref = requested_ref(params)
        volume = None
        if params.get('volume'):
            try:
                volume = resolve_volume(self.client, params['volume'])
            except CinderAdoptError as exc:
                if 'volume_ids' in exc.details or (raw_ref is None and not params.get('name')):
                    raise
                # No such volume: Cinder keeps no snapshot of a volume it does not manage, so nothing is left.
                return None, Item(raw_ref), None, None
        if params.get('name') and raw_ref is None:
            found = self.client.find_snapshots(name=params['name'], volume_id=volume['id'] if volume else None)
            if len(found) > 1:
                ids = sorted(snapshot['id'] for snapshot in found)
                raise CinderAdoptError("name '%s' is ambiguous: snapshots %s carry it. Give id (or volume) instead."
                                       % (params['name'], ', '.join(ids)), field='name', snapshot_ids=ids)
            return (found[0] if found else None), Item(None), volume, None
        if raw_ref is None or volume is None:
            raise CinderAdoptError('state=absent needs the snapshot: give id, name, or volume with ref / source_name '
                                   '/ source_id.', field='id')
        backend, item, state = self._lookup(volume, raw_ref)
        engine = Engine(self.client, SNAPSHOT, backend, self.options, state, check_mode=True)
        location = engine.locate(item)
        if location.kind == where.AMBIGUOUS:
            raise CinderAdoptError(location.message, field='ref', **location.details)
        if location.kind not in (where.MANAGED, where.IN_PROGRESS, where.STUCK):
            return None, item, volume, backend
        resource_id = location.resource_id or location.records[0]['id']
        return engine.raw_of(resource_id), item, volume, backend


class _NoBackend(object):
    """A release by ID needs no backend: nothing is looked up there."""
    profile = None
    label = 'its backend'
    host = None
    cluster = None
