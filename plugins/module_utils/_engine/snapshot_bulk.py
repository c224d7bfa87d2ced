# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cinder_snapshot_bulk_manage: the engine with many snapshot items of one backend.

One read of the backend's volumes, one of the snapshots Cinder holds, one manageable-snapshots listing; manage
requests in a bounded pool and one shared wait, as for volumes. Each snapshot is adopted under the Cinder volume
that manages its origin, in that volume's project.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import SNAPSHOTS
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import locate as where
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.origins import same_reference
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import recorded_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine import engine as run
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.front import BulkFront
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import ADOPTED, SKIPPED, WOULD, Item
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.kinds import SNAPSHOT
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.prepare import Projects, requested_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.release import release_blockers
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.snapshot_support import (
    SnapshotItems,
    resolve_volume,
    snapshot_request,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

_TEMPLATE_SAMPLES = dict(name='nightly', volume='data', volume_id='0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10')


class SnapshotBulkManageManager(BulkFront):
    kind = SNAPSHOT
    explicit = 'snapshots'
    nothing_selected = ('Nothing selected: give snapshots (explicit volume + ref) and/or select (patterns; with '
                        'volumes to narrow it to the snapshots of those volumes). Use select: {include: [".*"]} to '
                        'take every snapshot.')

    def prepare(self):
        self.volumes = list(self.volumes_on_backend())
        self.volumes_by_id = dict((raw['id'], raw) for raw in self.volumes)
        self.state = run.State(self._snapshots_on_backend, lambda: SNAPSHOT.listing(self.client, self.backend))
        self.state.refresh()
        self.snapshot_items = SnapshotItems(self.client, self.backend)
        self.projects = Projects(self.client)
        named = self.params.get('volumes')
        # The volumes whose snapshots the selection takes: those named in ``volumes``, else all on the backend.
        self.candidates = list(self.volumes) if named is None else [
            self._volume(requested, 'volumes[%d]' % index) for index, requested in enumerate(named)]

    def _snapshots_on_backend(self):
        return [raw for raw in self.client.find(SNAPSHOTS) if raw.get('volume_id') in self.volumes_by_id]

    def _engine(self):
        return self.engine(lambda pending: dict((raw['id'], raw) for raw in self._snapshots_on_backend()))

    def _volume(self, requested, field):
        if requested in self.volumes_by_id:
            return self.volumes_by_id[requested]
        raw = resolve_volume(self.client, requested, field=field)
        if raw['id'] not in self.volumes_by_id:
            raise CinderAdoptError("%s '%s' (volume %s) is not on %s but on '%s'; adopt its snapshots with that "
                                   "backend's host or cluster." % (field, requested, raw['id'], self.backend.label,
                                                                   raw.get('os-vol-host-attr:host')), field=field)
        return raw

    def _request(self, spec, volume, source_name, field=''):
        template = self.params.get('name_template')
        name = spec.get('name')
        if name is None and template:
            name = template.format(name=source_name, volume=volume.get('name') or volume['id'],
                                   volume_id=volume['id'])
        return snapshot_request(spec, volume, self.projects, field, defaults=self.params, name=name)

    # ---- adopt ----------------------------------------------------------------------------------------------------

    def present(self):
        params = self.params
        # The defaults are checked before any object is read: a bad one is wrong whatever is selected.
        validation.template('name_template', params.get('name_template'), _TEMPLATE_SAMPLES)
        validation.metadata('metadata', params.get('metadata'))
        validation.check_text('description', params.get('description'), printable=True)
        engine = self._engine()
        items = []
        for index, spec in enumerate(params.get('snapshots') or []):
            field = 'snapshots[%d].' % index
            if not spec.get('volume'):
                raise CinderAdoptError('%svolume is missing: a snapshot is adopted under the Cinder volume that '
                                       'manages its origin.' % field, field='snapshots')
            raw_ref = requested_ref(spec)
            if raw_ref is None:
                raise CinderAdoptError('%s names no snapshot: give ref, source_name or source_id.' % field[:-1],
                                       field='snapshots')
            volume = self._volume(spec['volume'], field + 'volume')
            ref = self.profile.validate_snapshot_ref(raw_ref)
            item = self.snapshot_items.item(ref, volume, self._request(spec, volume, self.profile.reference_name(ref),
                                                                       field))
            item.on_unsafe = run.UNSAFE_FAIL
            engine.locate(item)
            items.append(item)
        if self.selection.given:
            items.extend(self._selected(items))
        engine.adopt([item for item in items if not item.final])
        return items

    def _origin_of(self, entry):
        """The candidate volume the entry is a snapshot of, or None."""
        source = entry.get('source_reference')
        for volume in self.candidates:
            if any(same_reference(self.profile, origin, source) for origin in self.snapshot_items.origins(volume)):
                return volume
        if entry.get('cinder_id'):
            candidate_ids = [volume['id'] for volume in self.candidates]
            for raw in self.state.records:
                if raw['id'] == entry['cinder_id'] and raw.get('volume_id') in candidate_ids:
                    return self.volumes_by_id.get(raw['volume_id'])
        return None

    def _selected(self, explicit):
        items = []
        taken = set(item.location.resource_id for item in explicit if item.location and item.location.resource_id)
        for entry in self.state.entries or []:
            reference = entry.get('reference') or {}
            try:
                ref = self.profile.validate_snapshot_ref(reference)
            except CinderAdoptError:
                continue
            volume = self._origin_of(entry)
            named = any(item.parent is volume and self.profile.matches(item.ref, reference) for item in explicit)
            if named or entry.get('cinder_id') in taken:
                continue
            snapshot = next((raw for raw in self.state.records if raw['id'] == entry.get('cinder_id')), None)
            original = recorded_ref(snapshot) if snapshot else None
            name = self.profile.reference_name(original or reference)
            if not self.selection.accepts(name, entry.get('size')):
                self.excluded += 1
                continue
            if volume is None:
                items.extend(self._unmanaged_origin(entry, ref, name))
                continue
            item = self.snapshot_items.item(original or ref, volume, self._request({}, volume, name))
            item.size = entry.get('size')
            item.on_unsafe = run.UNSAFE_SKIP if self.selection.safe_only else run.UNSAFE_TRY
            items.append(item)
        return items

    def _unmanaged_origin(self, entry, ref, name):
        """A snapshot whose origin no candidate volume manages: planned with its volume (check mode), else left."""
        source = entry.get('source_reference')
        planned = next((origin for origin in self.params.get('planned_origins') or []
                        if same_reference(self.profile, origin, source)), None)
        if planned is None:
            self.excluded += 1
            return []
        item = self.snapshot_items.item(ref, {'id': None, 'name': None})
        item.origin = self.profile.reference_name(planned)
        item.size = entry.get('size')
        if self.check_mode:
            return [item.end(WOULD[ADOPTED], 'after its volume (planned from the listing)')]
        return [item.end(SKIPPED, "its origin %s is not managed by Cinder" % item.origin)]

    # ---- release ----------------------------------------------------------------------------------------------

    def absent(self):
        items = self._plan_release()
        release_blockers(self.client, SNAPSHOT, items, self.options)
        self._engine().release(items)
        return items

    def _plan_release(self):
        engine = self._engine()
        items, taken = [], set()
        for index, spec in enumerate(self.params.get('snapshots') or []):
            field = 'snapshots[%d].' % index
            if spec.get('id'):
                raw = next((raw for raw in self.state.records if raw['id'] == spec['id']), None)
                items.append(self.release_item(self._item_of(raw), raw, taken, spec['id']))
                continue
            raw_ref = requested_ref(spec)
            if raw_ref is None or not spec.get('volume'):
                raise CinderAdoptError('%s names no snapshot: give id, or volume with ref / source_name / source_id.'
                                       % field[:-1], field='snapshots')
            volume = self._volume(spec['volume'], field + 'volume')
            item = self.snapshot_items.item(self.profile.validate_snapshot_ref(raw_ref), volume)
            location = engine.locate(item)
            holder = location.resource_id or (location.records[0]['id'] if location.records else None)
            raw = next((raw for raw in self.state.records if raw['id'] == holder), None) \
                if location.kind in (where.MANAGED, where.IN_PROGRESS, where.STUCK) else None
            items.append(self.release_item(item, raw, taken, holder))
        if self.selection.given:
            candidate_ids = set(volume['id'] for volume in self.candidates)
            records = [raw for raw in self.state.records if raw.get('volume_id') in candidate_ids]
            items.extend(self.release_item(self._item_of(raw), raw, taken, raw['id'])
                         for raw in self.selected_records(records, taken))
        return items

    def _item_of(self, raw):
        """An item for a snapshot Cinder holds (or None: a bare item), under its volume."""
        if raw is None:
            return Item(None)
        volume = self.volumes_by_id.get(raw.get('volume_id')) or {'id': raw.get('volume_id')}
        return self.snapshot_items.item(recorded_ref(raw), volume)
