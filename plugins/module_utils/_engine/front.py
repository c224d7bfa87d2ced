# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the engine's front ends share: their parameters, the run's options, and for the bulk ones the backend, the
selection and the engine of one backend. Each front end (volume, snapshot, bulk, snapshot_bulk) subclasses these;
none imports another."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import VOLUMES
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.backend import resolve_backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import recorded_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.selection import Selection
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.bulk_result import bulk_result
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.engine import Engine, Options
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import NOT_MANAGED
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.prepare import requested_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class Front(object):
    """A module's way into the engine: ``present()`` or ``present()``'s opposite, ``absent()``."""

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.options = Options(params)
        self.excluded = 0

    def run(self):
        validation.common(self.params)
        if self.params['state'] == 'absent':
            return self.absent()
        return self.present()

    def present(self):
        raise NotImplementedError

    def absent(self):
        raise NotImplementedError

    def wanted_ref(self, what, example):
        """The ref state=present needs, from ``ref`` or the source_name/source_id shortcuts."""
        raw_ref = requested_ref(self.params)
        if raw_ref is None:
            raise CinderAdoptError('state=present needs the backend %s: give ref (a dict such as {"source-name": '
                                   '"%s"}) or source_name / source_id.' % (what, example), field='ref')
        return raw_ref


class BulkFront(Front):
    """Many objects of one backend: the selection, the backend and its volumes, one engine, the list result."""

    kind = None
    explicit = None            # the option that names objects one by one ('volumes', 'snapshots')
    nothing_selected = None    # the message when neither it nor select is given

    def run(self):
        params = self.params
        validation.common(params)
        self.selection = Selection(params.get('select'))
        if not params.get(self.explicit) and not self.selection.given:
            raise CinderAdoptError(self.nothing_selected, field=self.explicit)
        self.backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        self.profile = self.backend.profile
        self.prepare()
        items = self.absent() if params['state'] == 'absent' else self.present()
        return self.result(items)

    def prepare(self):
        """Read what both directions need (the state, the projects) once the backend is known."""
        raise NotImplementedError

    def result(self, items):
        return bulk_result(self.kind, self, items)

    def volumes_on_backend(self):
        """The Cinder volumes this backend holds, in one read (by pool host, or by the cluster's members)."""
        if self.backend.host:
            return self.client.find(VOLUMES, host=self.backend.host)
        return [raw for raw in self.client.find(VOLUMES) if self.backend.holds(raw)]

    def engine(self, fetch=None, **kwargs):
        engine = Engine(self.client, self.kind, self.backend, self.options, self.state, self.check_mode,
                        projects=self.projects, **kwargs)
        if fetch is not None:
            # One read of the backend per round serves any number of objects waited for.
            engine.fetch = fetch
        return engine

    @staticmethod
    def held(item, raw):
        item.resource_id, item.raw = raw['id'], raw
        return item

    def release_item(self, item, raw, taken, resource_id):
        """An item to release: the object Cinder holds (``raw``, its ID added to ``taken``), or, when nothing holds
        it on this backend, an item that ends not_managed."""
        if raw is None:
            item.resource_id = resource_id if resource_id and item.ref is None else None
            return item.end(NOT_MANAGED, 'no Cinder %s holds it on %s' % (self.kind.name, self.backend.label))
        taken.add(raw['id'])
        return self.held(item, raw)

    def selected_records(self, records, taken):
        """The records the selection releases: not taken already, adopted by this collection unless adopted_only is
        off, accepted by name (the original one) and size; the others count as excluded."""
        for raw in sorted(records, key=lambda record: record.get('name') or ''):
            if raw['id'] in taken:
                continue
            ref = recorded_ref(raw)
            if ref is None and self.selection.adopted_only:
                continue
            if not self.selection.accepts(self.profile.reference_name(ref) if ref else (raw.get('name') or raw['id']),
                                          raw.get('size')):
                self.excluded += 1
                continue
            yield raw
