# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The info front ends: what a backend could manage (volumes or snapshots), filtered and summarised.

Read-only; check mode runs the same. Snapshot entries also name the Cinder volume of their origin.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import VOLUMES
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.backend import resolve_backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.listing import external_entries
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.origins import OriginResolver
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.selection import Selection
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import get_profile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def describe_entry(profile, entry):
    """A listing entry with the profile's normalised ref and the object's name added."""
    reference = entry.get('reference') or {}
    try:
        ref = profile.validate_ref(reference)
    except CinderAdoptError:
        ref = dict(reference)
    described = dict((key, entry.get(key)) for key in ('size', 'safe_to_manage', 'reason_not_safe', 'cinder_id',
                                                       'extra_info'))
    described.update(reference=reference, ref=ref, name=profile.reference_name(reference))
    if 'source_reference' in entry:
        described['source_reference'] = entry.get('source_reference')
    return described


def summarise(entries):
    unsafe_by_reason = {}
    for entry in entries:
        if entry.get('safe_to_manage') is False and not entry.get('cinder_id'):
            reason = entry.get('reason_not_safe') or 'unknown'
            unsafe_by_reason[reason] = unsafe_by_reason.get(reason, 0) + 1
    return dict(
        total=len(entries),
        safe=sum(1 for entry in entries if entry.get('safe_to_manage')),
        unsafe=sum(unsafe_by_reason.values()),
        unsafe_by_reason=unsafe_by_reason,
        managed=sum(1 for entry in entries if entry.get('cinder_id')),
    )


class EntryFilter(object):
    """The client-side filters (Cinder's listing API itself filters nothing but host/cluster), as a Selection."""

    def __init__(self, params):
        pattern = params.get('name_pattern')
        self.safe_only = params.get('safe_only')
        self._selection = Selection(dict(include=[pattern] if pattern else [], min_size=params.get('min_size'),
                                         max_size=params.get('max_size')), field='',
                                    labels=dict(include='name_pattern'))
        self.active = bool(self.safe_only or self._selection.filters)

    def accepts(self, described):
        if self.safe_only and not described['safe_to_manage']:
            return False
        return self._selection.accepts(described['name'], described['size'])


class ManageableVolumeInfoManager(object):
    listing_method = 'manageable_volumes'
    result_key = 'manageable_volumes'

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params

    def run(self):
        params = self.params
        validation.positive(params, 'limit')
        validation.positive(params, 'min_size', minimum=0)
        validation.positive(params, 'max_size', minimum=0)
        entry_filter = EntryFilter(params)
        if entry_filter.safe_only and not params['detail']:
            raise CinderAdoptError('safe_only needs detail=true: only the detailed listing says what is safe.',
                                   field='safe_only')
        backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        what = 'snapshots' if self.listing_method == 'manageable_snapshots' else 'volumes'
        if not getattr(backend.profile, 'lists_%s' % what):
            raise CinderAdoptError(
                "%s cannot list manageable %s: its driver ('%s' profile) implements no such listing, and Cinder "
                "would answer HTTP 500. Adopt its objects by their reference instead (the manage modules take ref, "
                "source_name or source_id, and the driver judges each one)." % (backend.label, what,
                                                                                backend.profile.name),
                field='host', driver=backend.profile.name)
        sort = params.get('sort') or {}
        sort_arg = '%s:%s' % (sort.get('key') or 'reference', sort.get('direction') or 'asc')
        if params.get('listing') is not None:
            entries = self._storage_host_entries(backend, sort)
        else:
            # With client-side filters the limit applies to what passes them, so fetch everything first.
            server_limit = None if entry_filter.active else params.get('limit')
            entries = getattr(self.client, self.listing_method)(host=backend.host, cluster=backend.cluster,
                                                                detail=params['detail'], sort=sort_arg,
                                                                limit=server_limit)
        described = [describe_entry(backend.profile, entry) for entry in entries]
        selected = [entry for entry in described if entry_filter.accepts(entry)]
        if params.get('limit') is not None:
            selected = selected[:params['limit']]
        result = {
            'changed': False,
            self.result_key: selected,
            'summary': summarise(selected),
            'driver': backend.profile.name,
            'listed_by': 'Cinder' if params.get('listing') is None else 'storage host',
        }
        if backend.cluster:
            result['cluster'] = backend.cluster
        else:
            result['host'] = backend.host
        return result

    def _storage_host_entries(self, backend, sort):
        """The storage host's listing in the shape of Cinder's, sorted as Cinder would sort it: Cinder's driver is
        not asked (on a backend of thousands of objects its listing can exceed the RPC timeout)."""
        params = self.params
        if backend.host:
            volumes = self.client.find(VOLUMES, host=backend.host)
        else:
            volumes = [raw for raw in self.client.find(VOLUMES) if backend.holds(raw)]
        entries = external_entries(backend.profile, backend, params['listing'], params.get('listing_container'),
                                   dict((raw['id'], raw) for raw in volumes))
        if sort.get('key') == 'size':
            entries.sort(key=lambda entry: (entry.get('size') is None, entry.get('size')))
        else:
            entries.sort(key=lambda entry: sorted(str(v) for v in (entry.get('reference') or {}).values()))
        if sort.get('direction') == 'desc':
            entries.reverse()
        return entries


class ManageableSnapshotInfoManager(ManageableVolumeInfoManager):
    """The volume info manager over the snapshot listing, plus each snapshot's origin volume."""

    listing_method = 'manageable_snapshots'
    result_key = 'manageable_snapshots'

    def run(self):
        result = super(ManageableSnapshotInfoManager, self).run()
        profile = get_profile(result['driver'])
        resolver = OriginResolver(self.client, profile, result.get('host'), result.get('cluster'))
        for entry in result[self.result_key]:
            entry['ref'] = self._snapshot_ref(profile, entry)
            source = entry.get('source_reference')
            entry['source_reference'] = source
            entry['source_name'] = profile.reference_name(source) if source else None
            entry['source_volume_id'] = resolver.volume_id(source)
        return result

    @staticmethod
    def _snapshot_ref(profile, entry):
        # A snapshot's ref follows the driver's snapshot rules, not its volume rules (LVM refuses snapshot LV
        # names as volume refs; NFS and ONTAP adopt no snapshots at all).
        reference = entry.get('reference') or {}
        try:
            return profile.validate_snapshot_ref(reference)
        except CinderAdoptError:
            return dict(reference)
