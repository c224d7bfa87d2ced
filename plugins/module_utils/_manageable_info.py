# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The manager behind cinder_manageable_volume_info: what a backend could manage, filtered and summarised."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._backend import resolve_backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._connection import openstack_argument_spec
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import profile_names
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def listing_argument_spec():
    """The options of the info modules (doc fragment stackadopt.cinder.manageable_listing, plus detail and driver)."""
    spec = openstack_argument_spec()
    spec.update(
        host=dict(type='str'),
        cluster=dict(type='str'),
        detail=dict(type='bool', default=True),
        safe_only=dict(type='bool', default=False),
        name_pattern=dict(type='str'),
        min_size=dict(type='int'),
        max_size=dict(type='int'),
        sort=dict(type='dict', options=dict(
            key=dict(type='str', default='reference', choices=['reference', 'size']),
            direction=dict(type='str', default='asc', choices=['asc', 'desc']),
        )),
        limit=dict(type='int'),
        driver=dict(type='str', default='auto', choices=profile_names()),
    )
    return spec


def describe_entry(profile, entry):
    """A listing entry with the profile's normalised ref and the object's name added."""
    reference = entry.get('reference') or {}
    try:
        ref = profile.validate_ref(reference)
    except CinderAdoptError:
        ref = dict(reference)
    described = dict(
        reference=reference,
        size=entry.get('size'),
        safe_to_manage=entry.get('safe_to_manage'),
        reason_not_safe=entry.get('reason_not_safe'),
        cinder_id=entry.get('cinder_id'),
        extra_info=entry.get('extra_info'),
        ref=ref,
        name=profile.reference_name(reference),
    )
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
    """The client-side filters; Cinder's listing API itself filters nothing but host/cluster."""

    def __init__(self, params):
        self.safe_only = params.get('safe_only')
        self.min_size = params.get('min_size')
        self.max_size = params.get('max_size')
        pattern = params.get('name_pattern')
        try:
            self.name_pattern = re.compile(pattern) if pattern else None
        except re.error as exc:
            raise CinderAdoptError("name_pattern '%s' is not a valid regular expression: %s." % (pattern, exc),
                                   field='name_pattern')
        if self.min_size is not None and self.max_size is not None and self.min_size > self.max_size:
            raise CinderAdoptError('min_size (%s) is larger than max_size (%s); no object could match.'
                                   % (self.min_size, self.max_size), field='min_size')

    @property
    def active(self):
        return bool(self.safe_only or self.name_pattern or self.min_size is not None or self.max_size is not None)

    def accepts(self, described):
        if self.safe_only and not described['safe_to_manage']:
            return False
        if self.name_pattern and not self.name_pattern.search(described['name'] or ''):
            return False
        size = described['size']
        if self.min_size is not None and (size is None or size < self.min_size):
            return False
        if self.max_size is not None and (size is None or size > self.max_size):
            return False
        return True


class ManageableVolumeInfoManager(object):
    listing_method = 'manageable_volumes'
    result_key = 'manageable_volumes'

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params

    def run(self):
        params = self.params
        entry_filter = EntryFilter(params)
        if entry_filter.safe_only and not params['detail']:
            raise CinderAdoptError('safe_only needs detail=true: only the detailed listing says what is safe.',
                                   field='safe_only')
        backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        sort = params.get('sort') or {}
        sort_arg = '%s:%s' % (sort.get('key') or 'reference', sort.get('direction') or 'asc')
        # With client-side filters the limit applies to what passes them, so fetch everything first.
        server_limit = None if entry_filter.active else params.get('limit')
        entries = getattr(self.client, self.listing_method)(host=backend.host, cluster=backend.cluster,
                                                            detail=params['detail'], sort=sort_arg, limit=server_limit)
        described = [describe_entry(backend.profile, entry) for entry in entries]
        selected = [entry for entry in described if entry_filter.accepts(entry)]
        if params.get('limit') is not None:
            selected = selected[:params['limit']]
        return {
            'changed': False,
            self.result_key: selected,
            'summary': summarise(selected),
            'host': backend.host,
            'cluster': backend.cluster,
            'driver': backend.profile.name,
        }
