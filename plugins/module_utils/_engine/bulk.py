# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cinder_volume_bulk_manage: the engine with many volume items of one backend.

The cost is bounded per backend, not per object: one read of the volumes on the backend, one manageable listing
(Cinder's, or one the caller made outside Cinder), manage/unmanage calls in a bounded thread pool, and one shared
wait loop that reads the backend's volumes once per round. A re-run on a fully adopted backend therefore reads five
times (four with an outside listing) and writes nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import VOLUMES
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import locate as where
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.listing import external_entries
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import recorded_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine import engine as run
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.bulk_result import with_snapshots
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.front import BulkFront
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import RELEASED, WOULD, Item
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.kinds import SNAPSHOT, VOLUME
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.prepare import (
    Projects,
    VolumeTypes,
    Zones,
    requested_ref,
    volume_request,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.release import release_blockers, snapshots_of
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.results import original_name
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

_DEFAULT_KEYS = ('description', 'volume_type', 'availability_zone', 'metadata', 'bootable', 'image_metadata',
                 'project')
_TEMPLATE_SAMPLES = dict(name='lv', size=1, host='h@b#p', cluster='c@b', backend='b')


class BulkManageManager(BulkFront):
    kind = VOLUME
    explicit = 'volumes'
    nothing_selected = ('Nothing selected: give volumes (explicit refs) and/or select (include/exclude patterns, size '
                        'range). Use select: {include: [".*"]} to take every object.')

    def prepare(self):
        self.state = run.State(self.volumes_on_backend, self._listing)
        self.state.refresh()
        self.volumes_by_id = dict((raw['id'], raw) for raw in self.state.records)
        self.projects = Projects(self.client, self.params.get('project_domain'))
        self.snapshot_items = None

    def result(self, items):
        if self.snapshot_items is None:
            return super(BulkManageManager, self).result(items)
        return with_snapshots(self, items, self.snapshot_items)

    def _listing(self):
        params = self.params
        if params.get('listing') is not None:
            container = params.get('listing_container')
            self.state.listed_by = "the listing of '%s'" % container if container else 'the listing given'
            volumes = dict((raw['id'], raw) for raw in self.state.records)
            return external_entries(self.profile, self.backend, params['listing'], container, volumes)
        return VOLUME.listing(self.client, self.backend)

    def _whole_host(self, pending):
        """The wait's read: every volume of the pool host at once, whatever is pending."""
        return dict((raw['id'], raw) for raw in self.client.find(VOLUMES, host=self.backend.host))

    def _engine(self, types=None):
        engine = self.engine(self._whole_host if self.backend.host else None,
                             quota_project=self.projects.caller_project())
        engine.default_type_name = types.default_name if types is not None else None
        return engine

    # ---- adopt ----------------------------------------------------------------------------------------------------

    def present(self):
        params = self.params
        # The defaults are checked before any object is read: a bad one is wrong whatever is selected.
        validation.template('name_template', params.get('name_template'), _TEMPLATE_SAMPLES)
        validation.metadata('metadata', params.get('metadata'))
        validation.metadata('image_metadata', params.get('image_metadata'), image=True)
        validation.check_text('description', params.get('description'), printable=True)
        defaults = dict((key, params.get(key)) for key in _DEFAULT_KEYS)
        types, zones = VolumeTypes(self.client, self.backend), Zones(self.client)
        engine = self._engine(types)
        items = []
        for index, spec in enumerate(params.get('volumes') or []):
            raw_ref = requested_ref(spec)
            if raw_ref is None:
                raise CinderAdoptError('volumes[%d] names no object: give ref, source_name or source_id.' % index,
                                       field='volumes')
            item = Item(self.profile.validate_ref_on_pool(raw_ref, self.backend.capabilities))
            item.spec, item.on_unsafe = spec, run.UNSAFE_FAIL
            engine.locate(item)
            items.append(item)
        if self.selection.given:
            items.extend(self._selected(items))
        for index, item in enumerate(items):
            spec = getattr(item, 'spec', None) or {}
            item.request = volume_request(spec, types, zones, self.projects,
                                          defaults=dict(defaults, name=self._name(item, spec)),
                                          converge_name=spec.get('name') is not None,
                                          field='volumes[%d].' % index if spec else '')
        engine.adopt(items)
        return items

    def _selected(self, explicit):
        """Items for the listing entries the selection takes that the explicit list does not name already (by ref,
        or, once the driver renamed the object, by the volume that holds it)."""
        planned_ids = set(item.location.resource_id for item in explicit if item.location.resource_id)
        items = []
        for entry in self.state.entries or []:
            reference = entry.get('reference') or {}
            volume_id = self.profile.listed_cinder_id(entry)
            try:
                ref = self.profile.validate_ref(reference)
            except CinderAdoptError:
                if not volume_id:
                    continue
                # A managed object under the name its driver gave it, which the driver refuses as a new ref
                # (3PAR's 'osv-...'): it stands for itself.
                ref = dict(reference)
            if volume_id in planned_ids or any(self.profile.matches(item.ref, reference) for item in explicit):
                continue
            # A volume managed after the volumes were read (another run's adoption finishing) is not known here:
            # its entry then stands for itself (the object under its new name), which locate finds managed.
            volume = self.volumes_by_id.get(volume_id) if volume_id else None
            original = recorded_ref(volume) if volume else None
            if not self.selection.accepts(self.profile.reference_name(original or reference), entry.get('size')):
                self.excluded += 1
                continue
            item = Item(original or ref, size=entry.get('size'))
            item.on_unsafe = run.UNSAFE_SKIP if self.selection.safe_only else run.UNSAFE_TRY
            items.append(item)
        return items

    def _name(self, item, spec):
        template = self.params.get('name_template')
        if spec.get('name') is not None or not template:
            return spec.get('name')
        backend = self.backend
        return template.format(name=self.profile.reference_name(item.ref), size=item.size, host=backend.host or '',
                               cluster=backend.cluster or '',
                               backend=backend.capabilities.get('volume_backend_name', ''))

    # ---- release ----------------------------------------------------------------------------------------------

    def absent(self):
        """Release the selected volumes; with release_snapshots, their Cinder snapshots first (Cinder refuses to
        unmanage a volume that has snapshots), in the same run."""
        items = self._plan_release()
        holding = [item for item in items if not item.final and item.raw]
        snapshots = snapshots_of(self.client, [item.resource_id for item in holding]) if holding else []
        leaving = set()
        if self.params.get('release_snapshots'):
            self.snapshot_items = self._release_snapshots(holding, snapshots)
            leaving = set(item.resource_id for item in self.snapshot_items
                          if item.outcome in (RELEASED, WOULD[RELEASED]))
        release_blockers(self.client, VOLUME, items, self.options, snapshots, leaving)
        self._engine().release(items)
        return items

    def _release_snapshots(self, holding, snapshots):
        volumes = dict((item.resource_id, item.raw) for item in holding)
        items = []
        for raw in sorted(snapshots, key=lambda s: (s.get('volume_id'), s.get('name') or '')):
            item = self.held(Item(recorded_ref(raw), parent=volumes[raw['volume_id']]), raw)
            item.origin = original_name(self.profile, item.parent, item.parent.get('name'))
            items.append(item)
        release_blockers(self.client, SNAPSHOT, items, self.options)
        run.Engine(self.client, SNAPSHOT, self.backend, self.options, run.State(list, lambda: None),
                   self.check_mode).release(items)
        return items

    def _plan_release(self):
        engine = self._engine()
        items, taken = [], set()
        for index, spec in enumerate(self.params.get('volumes') or []):
            if spec.get('id'):
                raw = self.volumes_by_id.get(spec['id'])
                items.append(self.release_item(Item(recorded_ref(raw) if raw else None), raw, taken, spec['id']))
                continue
            raw_ref = requested_ref(spec)
            if raw_ref is None:
                raise CinderAdoptError('volumes[%d] names no object: give id, ref, source_name or source_id.'
                                       % index, field='volumes')
            item = Item(self.profile.validate_ref_on_pool(raw_ref, self.backend.capabilities))
            location = engine.locate(item)
            if location.kind == where.AMBIGUOUS:
                items.append(item.fail(location.message, location.message, **location.details))
                continue
            holder = location.resource_id or (location.records[0]['id'] if location.records else None)
            raw = self.volumes_by_id.get(holder) if holder and location.kind != where.ADOPT else None
            items.append(self.release_item(Item(item.ref), raw, taken, holder))
        if self.selection.given:
            items.extend(self.release_item(Item(recorded_ref(raw)), raw, taken, raw['id'])
                         for raw in self.selected_records(self.volumes_by_id.values(), taken))
        return items
