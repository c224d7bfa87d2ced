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

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import SNAPSHOTS, VOLUMES
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import locate as where
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.backend import resolve_backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.origins import same_reference
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import recorded_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.selection import Selection
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.bulk_result import bulk_result
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.engine import (
    UNSAFE_FAIL,
    UNSAFE_SKIP,
    UNSAFE_TRY,
    Engine,
    Options,
    State,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import (
    ADOPTED,
    NOT_MANAGED,
    SKIPPED,
    WOULD,
    Item,
    Request,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.kinds import SNAPSHOT
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.prepare import Projects, requested_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.release import release_blockers
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.snapshot_support import (
    SnapshotItems,
    resolve_volume,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class SnapshotBulkManageManager(object):

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.options = Options(params)
        self.excluded = 0

    def run(self):
        params = self.params
        validation.common(params)
        self.selection = Selection(params.get('select'))
        if not params.get('snapshots') and not self.selection.given:
            raise CinderAdoptError('Nothing selected: give snapshots (explicit volume + ref) and/or select (patterns; '
                                   'with volumes to narrow it to the snapshots of those volumes). Use select: '
                                   '{include: [".*"]} to take every snapshot.', field='snapshots')
        self.backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        self.profile = self.backend.profile
        self.volumes = list(self._volumes_on_backend())
        self.volumes_by_id = dict((raw['id'], raw) for raw in self.volumes)
        self.state = State(self._snapshots_on_backend, self._listing)
        self.state.refresh()
        self.snapshot_items = SnapshotItems(self.client, self.backend)
        self.projects = Projects(self.client)
        self.candidates = self._candidate_volumes()
        if params['state'] == 'absent':
            items = self._plan_release()
            release_blockers(self.client, SNAPSHOT, items, self.options)
            self._engine().release(items)
        else:
            items = self._adopt()
        return bulk_result(SNAPSHOT, self, items)

    # ---- reads --------------------------------------------------------------------------------------------------

    def _volumes_on_backend(self):
        if self.backend.host:
            return self.client.find(VOLUMES, host=self.backend.host)
        return [raw for raw in self.client.find(VOLUMES) if self.backend.holds(raw)]

    def _snapshots_on_backend(self):
        return [raw for raw in self.client.find(SNAPSHOTS) if raw.get('volume_id') in self.volumes_by_id]

    def _listing(self):
        return SNAPSHOT.listing(self.client, self.backend)

    def _engine(self):
        engine = Engine(self.client, SNAPSHOT, self.backend, self.options, self.state, self.check_mode,
                        projects=self.projects)
        engine.fetch = lambda pending: dict((raw['id'], raw) for raw in self._snapshots_on_backend())
        return engine

    def _volume(self, requested, field):
        if requested in self.volumes_by_id:
            return self.volumes_by_id[requested]
        raw = resolve_volume(self.client, requested, field=field)
        if raw['id'] not in self.volumes_by_id:
            raise CinderAdoptError("%s '%s' (volume %s) is not on %s but on '%s'; adopt its snapshots with that "
                                   "backend's host or cluster." % (field, requested, raw['id'], self.backend.label,
                                                                   raw.get('os-vol-host-attr:host')), field=field)
        return raw

    def _candidate_volumes(self):
        """The volumes whose snapshots the selection takes: those named in ``volumes``, else all on the backend."""
        named = self.params.get('volumes')
        if named is None:
            return list(self.volumes)
        return [self._volume(requested, 'volumes[%d]' % index) for index, requested in enumerate(named)]

    def _request(self, spec, volume, source_name, field=''):
        params = self.params
        template = params.get('name_template')
        name = spec.get('name')
        if name is None and template:
            try:
                name = template.format(name=source_name, volume=volume.get('name') or volume['id'],
                                       volume_id=volume['id'])
            except (KeyError, IndexError, ValueError, AttributeError) as exc:
                raise CinderAdoptError("name_template '%s' cannot be filled: %s. Fields: {name}, {volume}, "
                                       "{volume_id}." % (template, exc), field='name_template')
        metadata = dict(validation.metadata('metadata', params.get('metadata')) or {})
        metadata.update(validation.metadata(field + 'metadata', spec.get('metadata')) or {})
        description = spec.get('description') if spec.get('description') is not None else params.get('description')
        owner = volume.get('os-vol-tenant-attr:tenant_id')
        caller = self.projects.caller_project()
        project = None
        if owner and caller and owner != caller['id']:
            self.projects.writer_for_id(owner)
            project = self.projects.identity.project(owner)
        return Request(name=validation.check_text(field + 'name', name),
                       description=validation.check_text(field + 'description', description, printable=True),
                       metadata=metadata, project=project, converge_name=spec.get('name') is not None)

    # ---- adopt ----------------------------------------------------------------------------------------------------

    def _adopt(self):
        params = self.params
        # The defaults are checked before any object is read: a bad one is wrong whatever is selected.
        validation.template('name_template', params.get('name_template'), ('name', 'volume', 'volume_id'))
        validation.metadata('metadata', params.get('metadata'))
        validation.check_text('description', params.get('description'), printable=True)
        engine = self._engine()
        items = []
        for index, spec in enumerate(self.params.get('snapshots') or []):
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
            item.on_unsafe = UNSAFE_FAIL
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
            if any(same_reference(self.profile, origin, source)
                   for origin in self.snapshot_items.origins(volume)):
                return volume
        if entry.get('cinder_id'):
            for raw in self.state.records:
                if raw['id'] == entry['cinder_id'] and raw.get('volume_id') in [v['id'] for v in self.candidates]:
                    return self.volumes_by_id.get(raw['volume_id'])
        return None

    def _planned_origin(self, entry):
        source = entry.get('source_reference')
        for planned in self.params.get('planned_origins') or []:
            if same_reference(self.profile, planned, source):
                return planned
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
            if entry.get('cinder_id') in taken:
                continue
            volume = self._origin_of(entry)
            if any(item.parent is volume and self.profile.matches(item.ref, reference) for item in explicit):
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
            item.on_unsafe = UNSAFE_SKIP if self.selection.safe_only else UNSAFE_TRY
            items.append(item)
        return items

    def _unmanaged_origin(self, entry, ref, name):
        """A snapshot whose origin no candidate volume manages: planned with its volume (check mode), else left."""
        planned = self._planned_origin(entry)
        if planned is None:
            self.excluded += 1
            return []
        item = self.snapshot_items.item(ref, {'id': None, 'name': None}, Request(name=name))
        item.origin = self.profile.reference_name(planned)
        item.size = entry.get('size')
        if self.check_mode:
            return [item.end(WOULD[ADOPTED], 'after its volume (planned from the listing)')]
        return [item.end(SKIPPED, "its origin %s is not managed by Cinder" % self.profile.reference_name(planned))]

    # ---- release ----------------------------------------------------------------------------------------------

    def _plan_release(self):
        engine = self._engine()
        items, taken = [], set()
        for index, spec in enumerate(self.params.get('snapshots') or []):
            field = 'snapshots[%d].' % index
            if spec.get('id'):
                raw = next((raw for raw in self.state.records if raw['id'] == spec['id']), None)
                items.append(self._release_item(recorded_ref(raw) if raw else None, raw, taken, spec['id']))
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
            items.append(self._release_item(item.ref, raw, taken, holder, item))
        if self.selection.given:
            candidate_ids = set(volume['id'] for volume in self.candidates)
            for raw in sorted(self.state.records, key=lambda s: s.get('name') or ''):
                if raw['id'] in taken or raw.get('volume_id') not in candidate_ids:
                    continue
                ref = recorded_ref(raw)
                if ref is None and self.selection.adopted_only:
                    continue
                name = self.profile.reference_name(ref) if ref else (raw.get('name') or raw['id'])
                if not self.selection.accepts(name, raw.get('size')):
                    self.excluded += 1
                    continue
                items.append(self._release_item(ref, raw, taken, raw['id']))
        return items

    def _release_item(self, ref, raw, taken, snapshot_id, item=None):
        if item is None:
            volume = self.volumes_by_id.get((raw or {}).get('volume_id')) or {'id': (raw or {}).get('volume_id')}
            item = self.snapshot_items.item(ref, volume) if volume.get('id') else None
        if item is None:
            item = Item(ref)
        if raw is None:
            item.resource_id = snapshot_id if snapshot_id and ref is None else None
            return item.end(NOT_MANAGED, 'no Cinder snapshot holds it on %s' % self.backend.label)
        taken.add(raw['id'])
        item.resource_id, item.raw = raw['id'], raw
        return item
