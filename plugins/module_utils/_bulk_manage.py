# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The manager behind cinder_volume_bulk_manage: adopt or release many objects of one backend in one pass.

The cost is bounded per backend, not per object: one manageable listing (Cinder's, or one
the caller made outside Cinder, see _external_listing), one read of the volumes on the
backend, manage/unmanage calls in a bounded thread pool, and one shared wait loop that
reads the backend's volumes once per round. A re-run on a fully adopted backend therefore
reads five times (four with an outside listing) and writes nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.stackadopt.cinder.plugins.module_utils._adoption_record import (
    REF_METADATA_KEY,
    decode_ref,
    encode_ref,
    same_backend,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._backend import resolve_backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder import VOLUME_FAILED, listing_or_none
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.plugins.module_utils._external_listing import external_entries
from ansible_collections.stackadopt.cinder.plugins.module_utils._locate import MANAGED, MISSING, UNSAFE, locate
from ansible_collections.stackadopt.cinder.plugins.module_utils._volume_manage import (
    check_availability_zone,
    failure_reason,
    requested_ref,
    resolve_volume_type,
    volume_view,
)

# Outcomes reported per object; check mode reports the would_* forms of the writes.
ADOPTED, UPDATED, RELEASED = 'adopted', 'updated', 'released'
ALREADY_MANAGED, NOT_MANAGED, SKIPPED, FAILED = 'already_managed', 'not_managed', 'skipped', 'failed'
WOULD = {ADOPTED: 'would_adopt', UPDATED: 'would_update', RELEASED: 'would_release'}
OUTCOMES = (ADOPTED, UPDATED, RELEASED, ALREADY_MANAGED, NOT_MANAGED, SKIPPED, FAILED) + tuple(WOULD.values())
_RELEASABLE = ('available', 'error', 'error_managing')


class Selection(object):
    """Pattern selection shared by adopt and release: include/exclude regexes and a size range."""

    def __init__(self, spec):
        spec = spec or {}
        self.given = bool(spec)
        self.include = self._compile(spec.get('include') or [], 'select.include')
        self.exclude = self._compile(spec.get('exclude') or [], 'select.exclude')
        self.min_size = spec.get('min_size')
        self.max_size = spec.get('max_size')
        self.safe_only = spec.get('safe_only', True) is not False
        self.adopted_only = spec.get('adopted_only', True) is not False

    @staticmethod
    def _compile(patterns, field):
        compiled = []
        for pattern in patterns:
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise CinderAdoptError("%s pattern '%s' is not a valid regular expression: %s."
                                       % (field, pattern, exc), field=field)
        return compiled

    def accepts(self, name, size):
        if self.include and not any(pattern.search(name) for pattern in self.include):
            return False
        if any(pattern.search(name) for pattern in self.exclude):
            return False
        if self.min_size is not None and (size is None or size < self.min_size):
            return False
        if self.max_size is not None and (size is None or size > self.max_size):
            return False
        return True


class BulkManageManager(object):

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.items = []
        self.excluded = 0

    # ---- shared reads -----------------------------------------------------------------------------------------

    def run(self):
        params = self.params
        self.selection = Selection(params.get('select'))
        if not params.get('volumes') and not self.selection.given:
            raise CinderAdoptError('Nothing selected: give volumes (explicit refs) and/or select (include/exclude '
                                   'patterns, size range). Use select: {include: [".*"]} to take every object.',
                                   field='volumes')
        self.backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        self.profile = self.backend.profile
        on_backend = self.client.find_volumes(host=self.backend.host) if self.backend.host else [
            volume for volume in self.client.find_volumes()
            if same_backend(volume.get('os-vol-host-attr:host'), self.backend.members)]
        self.volumes_by_id = dict((volume['id'], volume) for volume in on_backend)
        self.listed_by = 'Cinder'
        if params.get('listing') is not None:
            container = params.get('listing_container')
            self.listed_by = "the listing of '%s'" % container if container else 'the listing given'
            self.entries = external_entries(self.profile, self.backend, params['listing'],
                                            params.get('listing_container'), self.volumes_by_id)
        else:
            self.entries = listing_or_none(
                lambda: self.client.manageable_volumes(host=self.backend.host, cluster=self.backend.cluster))
        if params['state'] == 'absent':
            self._plan_release()
            self._release()
        else:
            self._plan_adopt()
            self._adopt()
        return self._result()

    def _recorded(self, ref):
        wanted = encode_ref(ref)
        return [volume for volume in self.volumes_by_id.values()
                if (volume.get('metadata') or {}).get(REF_METADATA_KEY) == wanted]

    def _original_name(self, volume, fallback):
        ref = decode_ref((volume.get('metadata') or {}).get(REF_METADATA_KEY))
        return self.profile.reference_name(ref) if ref else fallback

    def _item(self, ref, status, **fields):
        item = dict(ref=ref, source_name=self.profile.reference_name(ref) if ref else None, status=status,
                    reason=None, volume_id=None, volume_name=None, size=None, backend_name=None)
        item.update(fields)
        if item['volume_id'] and not item['backend_name']:
            item['backend_name'] = self.profile.name_after_manage(item['volume_id'])
        self.items.append(item)
        return item

    # ---- adopt ------------------------------------------------------------------------------------------------

    def _plan_adopt(self):
        params = self.params
        explicit = list(params.get('volumes') or [])
        wanted_types = set(spec.get('volume_type') or params.get('volume_type') for spec in explicit)
        wanted_zones = set(spec.get('availability_zone') or params.get('availability_zone') for spec in explicit)
        if self.selection.given:
            wanted_types.add(params.get('volume_type'))
            wanted_zones.add(params.get('availability_zone'))
        self.types = dict((name, resolve_volume_type(self.client, name, self.backend)) for name in wanted_types)
        for zone in wanted_zones - set([None]):
            check_availability_zone(self.client, zone)

        seen_refs = []
        for index, spec in enumerate(params.get('volumes') or []):
            raw_ref = requested_ref(spec)
            if raw_ref is None:
                raise CinderAdoptError('volumes[%d] names no object: give ref, source_name or source_id.' % index,
                                       field='volumes')
            ref = self.profile.validate_ref(raw_ref)
            seen_refs.append(ref)
            self._plan_one(ref, spec)
        if self.selection.given:
            self._plan_selected(seen_refs)

    def _plan_one(self, ref, spec):
        try:
            location = locate(self.profile, ref, self.entries, self._recorded(ref), self.backend.label)
        except CinderAdoptError as exc:
            return self._item(ref, FAILED, reason=exc.msg)
        size = location.entry.get('size') if location.entry else None
        if location.kind == MANAGED:
            return self._plan_existing(ref, spec, location.volume_id)
        if location.kind == UNSAFE:
            return self._item(ref, FAILED, size=size, reason="not safe to manage: %s says '%s'"
                              % (self.listed_by, location.entry.get('reason_not_safe') or 'no reason given'))
        if location.kind == MISSING:
            return self._item(ref, FAILED, reason='matches no object on %s; closest: %s'
                              % (self.backend.label, ', '.join(location.candidates) or 'none'))
        return self._plan_manage(ref, spec, size)

    def _plan_selected(self, explicit_refs):
        # An explicit item may already stand for an entry the patterns also match: by its ref, or, once the
        # driver renamed the object, only by the volume that holds it.
        planned_ids = set(item['volume_id'] for item in self.items if item['volume_id'])
        for entry in self.entries or []:
            reference = entry.get('reference') or {}
            try:
                ref = self.profile.validate_ref(reference)
            except CinderAdoptError:
                continue
            explicit = any(self.profile.matches(seen, reference) for seen in explicit_refs)
            if explicit or entry.get('cinder_id') in planned_ids:
                continue
            size = entry.get('size')
            volume = self.volumes_by_id.get(entry.get('cinder_id')) if entry.get('cinder_id') else None
            name = self._original_name(volume, self.profile.reference_name(reference)) if volume else \
                self.profile.reference_name(reference)
            if not self.selection.accepts(name, size):
                self.excluded += 1
                continue
            if entry.get('cinder_id'):
                original = decode_ref((volume or {}).get('metadata', {}).get(REF_METADATA_KEY)) if volume else None
                self._plan_existing(original or ref, {}, entry['cinder_id'])
            elif self._recorded(ref):
                self._item(ref, FAILED, size=size, reason='already adopted as volume %s, yet the backend again lists '
                           'an unmanaged object with this reference; rename one of them or release the volume first'
                           % ', '.join(sorted(volume['id'] for volume in self._recorded(ref))))
            elif not entry.get('safe_to_manage') and self.selection.safe_only:
                self._item(ref, SKIPPED, size=size, reason="not safe to manage: %s says '%s'"
                           % (self.listed_by, entry.get('reason_not_safe') or 'no reason given'))
            else:
                self._plan_manage(ref, {}, size)

    def _request_for(self, ref, spec, size):
        params = self.params
        source_name = self.profile.reference_name(ref)
        name = spec.get('name')
        if name is None and params.get('name_template'):
            try:
                name = params['name_template'].format(name=source_name, size=size, host=self.backend.host or '',
                                                      cluster=self.backend.cluster or '',
                                                      backend=self.backend.capabilities.get('volume_backend_name', ''))
            except (KeyError, IndexError, ValueError) as exc:
                raise CinderAdoptError("name_template '%s' cannot be filled: %s. Fields: {name}, {size}, {host}, "
                                       "{cluster}, {backend}." % (params['name_template'], exc),
                                       field='name_template')
        metadata = dict(params.get('metadata') or {})
        metadata.update(spec.get('metadata') or {})
        bootable = spec.get('bootable') if spec.get('bootable') is not None else params.get('bootable')
        return dict(name=name,
                    description=spec.get('description') if spec.get('description') is not None
                    else params.get('description'),
                    volume_type=spec.get('volume_type') or params.get('volume_type'),
                    availability_zone=spec.get('availability_zone') or params.get('availability_zone'),
                    metadata=dict((key, str(value)) for key, value in metadata.items()),
                    bootable=bootable)

    def _plan_manage(self, ref, spec, size):
        request = self._request_for(ref, spec, size)
        return self._item(ref, ADOPTED, size=size, volume_name=request['name'], _request=request)

    def _plan_existing(self, ref, spec, volume_id):
        volume = self.volumes_by_id.get(volume_id)
        if volume is None:
            return self._item(ref, ALREADY_MANAGED, volume_id=volume_id,
                              reason='managed by Cinder in a project this account cannot list')
        request = self._request_for(ref, spec, volume.get('size'))
        current = volume_view(volume)
        vtype = self.types.get(request['volume_type']) if request['volume_type'] else None
        if vtype and current['volume_type'] not in (vtype.get('name'), vtype.get('id')):
            return self._item(ref, FAILED, volume_id=volume_id, size=volume.get('size'), volume_name=current['name'],
                              reason="already managed with volume_type '%s', not '%s' (retype is not done here)"
                              % (current['volume_type'], request['volume_type']))
        updates = {}
        if spec.get('name') is not None and spec['name'] != current['name']:
            updates['name'] = spec['name']
        if request['description'] is not None and request['description'] != current['description']:
            updates['description'] = request['description']
        metadata = dict((key, value) for key, value in request['metadata'].items()
                        if current['metadata'].get(key) != value)
        bootable = request['bootable'] is not None and bool(request['bootable']) != current['bootable']
        if not (updates or metadata or bootable):
            return self._item(ref, ALREADY_MANAGED, volume_id=volume_id, size=volume.get('size'),
                              volume_name=current['name'])
        return self._item(ref, UPDATED, volume_id=volume_id, size=volume.get('size'),
                          volume_name=updates.get('name', current['name']),
                          _updates=dict(fields=updates, metadata=metadata,
                                        bootable=bool(request['bootable']) if bootable else None))

    def _adopt(self):
        to_manage = [item for item in self.items if item['status'] == ADOPTED]
        to_update = [item for item in self.items if item['status'] == UPDATED]
        if self.check_mode:
            for item in to_manage + to_update:
                item['status'] = WOULD[item['status']]
            return
        self._parallel(self._manage_one, to_manage)
        self._parallel(self._update_one, to_update)
        pending = [item for item in to_manage if item['status'] == ADOPTED and item['volume_id']]
        if not pending or not self.params.get('wait', True):
            return
        settled = self._wait([item['volume_id'] for item in pending])
        rejected = []
        for item in pending:
            volume = settled.get(item['volume_id'])
            status = volume.get('status') if volume else 'gone'
            if status == 'available':
                item['size'] = volume.get('size')
            elif status in VOLUME_FAILED:
                rejected.append(item)
            else:
                item.update(status=FAILED, reason="timed out after %ss; last status '%s'; nothing was deleted"
                            % (self.params['timeout'], status))
        self._parallel(self._clean_rejected, rejected)

    def _manage_one(self, item):
        request = item.pop('_request')
        vtype = self.types.get(request['volume_type']) if request['volume_type'] else None
        metadata = dict(request['metadata'])
        metadata[REF_METADATA_KEY] = encode_ref(item['ref'])
        raw = self.client.manage_volume(
            self.backend.host, self.backend.cluster, item['ref'], name=request['name'],
            description=request['description'], volume_type=vtype['id'] if vtype else None,
            availability_zone=request['availability_zone'], metadata=metadata, bootable=bool(request['bootable']))
        item.update(volume_id=raw['id'], backend_name=self.profile.name_after_manage(raw['id']))

    def _update_one(self, item):
        updates = item.pop('_updates')
        if updates['fields']:
            self.client.update_volume(item['volume_id'], **updates['fields'])
        if updates['metadata']:
            self.client.set_volume_metadata(item['volume_id'], updates['metadata'])
        if updates['bootable'] is not None:
            self.client.set_volume_bootable(item['volume_id'], updates['bootable'])

    def _clean_rejected(self, item):
        """The driver refused the ref: forget the error record, never delete; the object stays as it was."""
        reason = failure_reason(self.client, item['volume_id'])
        self.client.unmanage_volume(item['volume_id'])
        item.update(status=FAILED, reason='Cinder could not manage it: %s (error record %s unmanaged, backend '
                    'object untouched)' % (reason, item['volume_id']), backend_name=None)

    # ---- release ----------------------------------------------------------------------------------------------

    def _plan_release(self):
        released_ids = set()
        for index, spec in enumerate(self.params.get('volumes') or []):
            if spec.get('id'):
                volume = self.volumes_by_id.get(spec['id'])
                ref = decode_ref((volume or {}).get('metadata', {}).get(REF_METADATA_KEY))
                self._plan_release_one(ref, volume, released_ids, spec['id'])
                continue
            raw_ref = requested_ref(spec)
            if raw_ref is None:
                raise CinderAdoptError('volumes[%d] names no volume: give id, ref, source_name or source_id.'
                                       % index, field='volumes')
            ref = self.profile.validate_ref(raw_ref)
            try:
                location = locate(self.profile, ref, self.entries, self._recorded(ref), self.backend.label)
            except CinderAdoptError as exc:
                self._item(ref, FAILED, reason=exc.msg)
                continue
            volume = self.volumes_by_id.get(location.volume_id) if location.kind == MANAGED else None
            self._plan_release_one(ref, volume, released_ids, location.volume_id)
        if not self.selection.given:
            return
        for volume in sorted(self.volumes_by_id.values(), key=lambda v: v.get('name') or ''):
            if volume['id'] in released_ids:
                continue
            ref = decode_ref((volume.get('metadata') or {}).get(REF_METADATA_KEY))
            if ref is None and self.selection.adopted_only:
                continue
            name = self.profile.reference_name(ref) if ref else (volume.get('name') or volume['id'])
            if not self.selection.accepts(name, volume.get('size')):
                self.excluded += 1
                continue
            self._plan_release_one(ref, volume, released_ids, volume['id'])

    def _plan_release_one(self, ref, volume, released_ids, volume_id):
        if volume is None:
            return self._item(ref, NOT_MANAGED, volume_id=volume_id if volume_id and ref is None else None,
                              reason='no Cinder volume holds it on %s' % self.backend.label)
        released_ids.add(volume['id'])
        status = volume.get('status')
        if status not in _RELEASABLE:
            return self._item(ref, FAILED, volume_id=volume['id'], volume_name=volume.get('name'),
                              size=volume.get('size'), reason="volume is '%s'; only available or error volumes can be "
                              "unmanaged (detach it first)" % status)
        return self._item(ref, RELEASED, volume_id=volume['id'], volume_name=volume.get('name'),
                          size=volume.get('size'))

    def _release(self):
        to_release = [item for item in self.items if item['status'] == RELEASED]
        if self.check_mode:
            for item in to_release:
                item['status'] = WOULD[RELEASED]
            return
        self._parallel(lambda item: self.client.unmanage_volume(item['volume_id']), to_release)
        done = [item for item in to_release if item['status'] == RELEASED]
        if done and self.params.get('wait', True):
            still_there = self._wait([item['volume_id'] for item in done], settled=())
            for item in done:
                if still_there.get(item['volume_id']) is not None:
                    item.update(status=FAILED, reason='timed out after %ss waiting for Cinder to forget it; the '
                                'backend object is kept either way' % self.params['timeout'])

    # ---- plumbing ---------------------------------------------------------------------------------------------

    def _parallel(self, action, items):
        """Run ``action`` over items in a bounded pool; an API error fails that item only."""
        def guarded(item):
            try:
                action(item)
            except CinderAdoptError as exc:
                item.update(status=FAILED, reason=exc.msg)
        if not items:
            return
        workers = max(1, min(self.params.get('concurrency') or 1, len(items)))
        if workers == 1:
            for item in items:
                guarded(item)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(guarded, items))

    def _wait(self, volume_ids, settled=None):
        def fetch(pending):
            if self.backend.host:
                return dict((volume['id'], volume) for volume in self.client.find_volumes(host=self.backend.host))
            return dict((vid, self.client.get_volume(vid)) for vid in pending)
        kwargs = dict(fetch=fetch)
        if settled is not None:
            kwargs['settled'] = settled
        return self.client.wait_for_volumes(volume_ids, self.params['timeout'], **kwargs)

    def _result(self):
        summary = dict((outcome, 0) for outcome in OUTCOMES)
        summary['excluded'] = self.excluded
        for item in self.items:
            item.pop('_request', None)
            item.pop('_updates', None)
            summary[item['status']] += 1
        writes = (ADOPTED, UPDATED, RELEASED) + tuple(WOULD.values())
        changed = any(item['status'] in writes for item in self.items)
        # A rejected manage still wrote (a record, then its unmanage); say so rather than pretend nothing happened.
        changed = changed or any(item['status'] == FAILED and 'unmanaged' in (item['reason'] or '')
                                 for item in self.items)
        result = dict(changed=changed, volumes=self.items, summary=summary, host=self.backend.host,
                      cluster=self.backend.cluster, driver=self.profile.name,
                      api_requests=self.client.request_count)
        if summary[FAILED] and self.params.get('fail_on_error', True):
            failed = [item for item in self.items if item['status'] == FAILED]
            reasons = '; '.join('%s: %s' % (item['source_name'] or item['volume_id'], item['reason'])
                                for item in failed[:10])
            raise CinderAdoptError('%d of %d selected objects on %s failed: %s'
                                   % (len(failed), len(self.items), self.backend.label, reasons), **result)
        return result
