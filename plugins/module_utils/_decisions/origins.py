# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Cinder volume a snapshot's origin is.

A manageable-snapshots entry names its origin only by the origin's backend
reference (``source_reference``, e.g. ``{"source-name": "volume-<id>"}`` for
LVM and RBD). Which Cinder volume that is, if any, comes from the manageable
volumes listing (the entry carrying that reference has the volume's
``cinder_id``) or, for drivers that cannot list volumes, from the driver
profile's rename rule checked against Cinder.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import listing_or_none
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import recorded_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

_UUID = re.compile(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')


def _stringified(reference):
    return dict((key, str(value)) for key, value in (reference or {}).items())


def same_reference(profile, one, other):
    """Whether two listing references denote the same backend object (as the profile compares them)."""
    if not one or not other:
        return False
    if _stringified(one) == _stringified(other):
        return True
    return profile.matches(_stringified(one), _stringified(other))


def parent_reference_by_rule(profile, volume_id):
    """How the profile says the backend lists a Cinder volume as a snapshot's origin; None if it cannot say."""
    parent = profile.snapshot_parent_reference(volume_id)
    if parent:
        return parent
    new_name = profile.name_after_manage(volume_id)
    return {'source-name': new_name} if new_name else None


class OriginResolver(object):
    """Finds the Cinder volume a ``source_reference`` denotes on one host or cluster; reads lazily and once."""

    def __init__(self, client, profile, host=None, cluster=None):
        self.client = client
        self.profile = profile
        self.host = host
        self.cluster = cluster
        self._volume_entries = False  # not read yet
        self._exists = {}

    @property
    def volume_entries(self):
        if self._volume_entries is False:
            self._volume_entries = listing_or_none(
                lambda: self.client.manageable_volumes(host=self.host, cluster=self.cluster)) or [] \
                if self.profile.lists_volumes else []
        return self._volume_entries

    def managed_references(self, volume_id):
        """The references the volume listing gives the Cinder volume ``volume_id``."""
        return [entry.get('reference') for entry in self.volume_entries
                if self.profile.listed_cinder_id(entry) == volume_id]

    def volume_id(self, source_reference):
        """The Cinder volume holding the backend object ``source_reference``, or None when none does."""
        if not source_reference:
            return None
        for entry in self.volume_entries:
            cinder_id = self.profile.listed_cinder_id(entry)
            if cinder_id and same_reference(self.profile, entry.get('reference'), source_reference):
                return cinder_id
        # Drivers that list no volumes (or list them elsewhere): the profile's rename rule, confirmed by Cinder.
        for value in source_reference.values():
            for candidate in _UUID.findall(str(value)):
                candidate = candidate.lower()
                expected = parent_reference_by_rule(self.profile, candidate)
                if expected and same_reference(self.profile, expected, source_reference) and self._known(candidate):
                    return candidate
        return None

    def _known(self, volume_id):
        if volume_id not in self._exists:
            self._exists[volume_id] = self.client.get_volume(volume_id) is not None
        return self._exists[volume_id]


def origin_references(profile, volume, resolver=None):
    """How the backend may list ``volume`` (a raw Cinder volume) as a snapshot's ``source_reference``.

    By the profile's rule, by the reference the volume was adopted from after the driver's rename, and only when
    neither says anything, by what the volume listing shows (one read, through ``resolver``).
    """
    volume_id = volume['id']
    refs = [parent_reference_by_rule(profile, volume_id)]
    adopted_from = recorded_ref(volume)
    if adopted_from:
        try:
            refs.append(profile.reference_after_manage(adopted_from, volume_id))
        except (CinderAdoptError, KeyError, AttributeError):
            pass  # recorded by another profile's rules; the other sources still apply
    if not any(refs) and resolver is not None:
        refs.extend(resolver.managed_references(volume_id))
    unique = []
    for ref in refs:
        if ref and ref not in unique:
            unique.append(ref)
    return unique
