# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cinder_volume_manage: the engine with one volume item; its failure becomes the module's failure."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import VOLUMES
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import locate as where
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.backend import (
    backend_of_volume,
    resolve_backend,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import (
    REF_METADATA_KEY,
    encode_ref,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.engine import Engine, State
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.front import Front
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import NOT_MANAGED, Item
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.kinds import VOLUME
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.prepare import (
    Projects,
    VolumeTypes,
    Zones,
    requested_ref,
    volume_request,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.release import release_blockers
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.results import single_result
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def with_project(result, projects, request=None):
    """The result with the volume's project: its ID, and its name where the run knows it."""
    volume = result.get('volume')
    if volume:
        names = {}
        caller = projects.caller_project()
        if caller:
            names[caller['id']] = caller['name']
        if request is not None and request.project:
            names[request.project['id']] = request.project['name']
        result['project'] = dict(id=volume.get('project_id'), name=names.get(volume.get('project_id')))
    return result


class VolumeManageManager(Front):

    def _state(self, backend, ref):
        def records():
            return self.client.find(VOLUMES, metadata={REF_METADATA_KEY: encode_ref(ref)})

        return State(records, lambda: VOLUME.listing(self.client, backend))

    def present(self):
        params = self.params
        raw_ref = self.wanted_ref('object', 'lv_data')
        backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        ref = backend.profile.validate_ref_on_pool(raw_ref, backend.capabilities)
        projects = Projects(self.client, params.get('project_domain'))
        types = VolumeTypes(self.client, backend)
        request = volume_request(params, types, Zones(self.client), projects)
        item = Item(ref, request)
        state = self._state(backend, ref)
        state.refresh()
        engine = Engine(self.client, VOLUME, backend, self.options, state, self.check_mode, projects=projects,
                        quota_project=projects.caller_project() if not request.project else None)
        engine.default_type_name = types.default_name
        engine.adopt([item])
        return with_project(single_result(VOLUME, item, backend, self.check_mode), projects, request)

    # ---- absent ---------------------------------------------------------------------------------------------

    def absent(self):
        raw, backend, ref = self._find_for_release()
        item = Item(ref)
        if raw is not None and backend is None:
            backend = backend_of_volume(self.client, raw, self.params.get('driver'))
        if raw is None:
            item.end(NOT_MANAGED)
            return single_result(VOLUME, item, backend, self.check_mode)
        item.resource_id, item.raw = raw['id'], raw
        extra = {}
        if backend.host is None:
            extra['host'] = raw.get('os-vol-host-attr:host')
        release_blockers(self.client, VOLUME, [item], self.options)
        engine = Engine(self.client, VOLUME, backend, self.options, State(list, lambda: None), self.check_mode)
        engine.release([item])
        return with_project(single_result(VOLUME, item, backend, self.check_mode, extra), Projects(self.client))

    def _find_for_release(self):
        params = self.params
        if params.get('id'):
            return self.client.get_volume(params['id']), None, None
        raw_ref = requested_ref(params)
        if raw_ref is None and params.get('name'):
            found = self.client.find_volumes(name=params['name'])
            if len(found) > 1:
                ids = sorted(volume['id'] for volume in found)
                raise CinderAdoptError("name '%s' is ambiguous: volumes %s carry it. Give id instead."
                                       % (params['name'], ', '.join(ids)), field='name', volume_ids=ids)
            return (found[0] if found else None), None, None
        if raw_ref is None or not (params.get('host') or params.get('cluster')):
            raise CinderAdoptError('state=absent needs the volume: give id, name, or host (or cluster) with ref / '
                                   'source_name / source_id.', field='id')
        backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        ref = backend.profile.validate_ref_on_pool(raw_ref, backend.capabilities)
        state = self._state(backend, ref)
        state.refresh()
        engine = Engine(self.client, VOLUME, backend, self.options, state, check_mode=True)
        location = engine.locate(Item(ref))
        if location.kind not in (where.MANAGED, where.IN_PROGRESS, where.STUCK):
            if location.kind == where.AMBIGUOUS:
                raise CinderAdoptError(location.message, field='ref', **location.details)
            return None, backend, ref
        resource_id = location.resource_id or location.records[0]['id']
        return engine.raw_of(resource_id), backend, ref
