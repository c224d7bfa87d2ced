# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decide what a ref denotes on a backend, from the manageable listing and the adoption records.

One pure decision for volumes and snapshots, no I/O: the caller reads the
records of ours that name the ref first, then the listing (in that order: an
adoption that finishes between the two reads then shows in the listing as
managed, never as a stale unmanaged entry beside a finished record).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import encode_ref

MANAGED = 'managed'          # an object of ours holds it: resource_id is set
IN_PROGRESS = 'in_progress'  # a record of ours is being managed right now (another run's): resource_id is set
STUCK = 'stuck'              # records of ours sit in a transitional or failed status longer than stuck_after
ADOPT = 'adopt'              # manage it: an unmanaged safe entry, or (entry None) a listing that cannot judge
UNSAFE = 'unsafe'            # an unmanaged object Cinder refuses: entry carries reason_not_safe
MISSING = 'missing'          # the listing can be compared with the ref and nothing matches: candidates
AMBIGUOUS = 'ambiguous'      # several objects could be meant; message says which and what to do
ELSEWHERE = 'elsewhere'      # snapshots: the ref names a snapshot of another origin than the given volume


class Location(object):
    def __init__(self, kind, entry=None, resource_id=None, candidates=None, records=None, message=None,
                 details=None):
        self.kind = kind
        self.entry = entry
        self.resource_id = resource_id
        self.candidates = candidates or []
        self.records = records or []
        self.message = message
        self.details = details or {}

    @property
    def listed(self):
        """Whether the listing judged the object (False: the driver will, at manage time)."""
        return self.entry is not None

    def __repr__(self):
        return 'Location(%s, %s)' % (self.kind, self.resource_id or self.entry or self.candidates)


class Statuses(object):
    """What a kind's statuses mean for a record of ours."""

    def __init__(self, pending, failed):
        self.pending = pending  # a manage is under way
        self.failed = failed    # the manage failed; the record waits to be released


def classify(records, statuses, age, stuck_after):
    """Split records (raw dicts) into live, pending, stuck; young failed ones (another run's rejected manage,
    being released right now) are left out."""
    live, pending, stuck = [], [], []
    for record in sorted(records, key=lambda r: (r.get('created_at') or '', r['id'])):
        status = record.get('status')
        transitional = status in statuses.pending or status in statuses.failed
        seconds = age(record) if age else None
        if transitional and stuck_after is not None and seconds is not None and seconds > stuck_after:
            stuck.append(record)
        elif status in statuses.pending:
            pending.append(record)
        elif status not in statuses.failed:
            live.append(record)
    return live, pending, stuck


def locate(profile, ref, entries, records, label, statuses, resource='volume', age=None, stuck_after=None,
           origin_refs=None, same_origin=None, complete=False):
    """Where ``ref`` stands.

    ``entries`` is the listing (None: the driver cannot list); ``records`` the objects of ours recording the ref
    on this backend (and, for snapshots, this volume); ``age(record)`` its seconds in its status; for snapshots
    ``origin_refs`` are the references the listing may give the volume as ``source_reference`` and
    ``same_origin(a, b)`` compares two of them. ``complete``: the listing names every object the driver could
    manage, so an empty one means the ref names nothing (otherwise the driver judges at manage time).
    """
    live, pending, stuck = classify(records, statuses, age, stuck_after)
    if entries is None:
        return _by_records(ref, live, pending, stuck, label, resource) or Location(ADOPT)

    def ours(entry):
        source = entry.get('source_reference')
        return not origin_refs or not source or any(same_origin(origin, source) for origin in origin_refs)

    matched = [entry for entry in entries if profile.matches(ref, entry.get('reference'))]
    own = [entry for entry in matched if ours(entry)]
    managed = [entry for entry in own if profile.listed_cinder_id(entry)]
    if managed:
        return Location(MANAGED, entry=managed[0], resource_id=profile.listed_cinder_id(managed[0]))
    if own:
        origins = []
        for entry in own:
            if entry.get('source_reference') not in origins:
                origins.append(entry.get('source_reference'))
        if len(origins) > 1:
            return Location(AMBIGUOUS, message=(
                "ref %s names %ss of several objects on %s (%s) and which one backs the volume is unknown for this "
                "driver; choose the driver profile of the backend (driver) so its origin can be told."
                % (encode_ref(ref), resource, label, ', '.join(encode_ref(o or {}) for o in origins))))
        entry = own[0]
        if live:
            ids = [record['id'] for record in live]
            return Location(AMBIGUOUS, entry=entry, records=live, message=(
                "ref %s was already adopted on %s as %s %s, yet the backend again lists an unmanaged object with "
                "that reference. Refusing to guess which one is meant: rename the new object, or unmanage the old "
                "%s first." % (encode_ref(ref), label, resource, ', '.join(ids), resource)),
                details={'%s_ids' % resource: ids})
        if pending:
            return Location(IN_PROGRESS, entry=entry, resource_id=pending[0]['id'], records=pending)
        if stuck:
            return Location(STUCK, entry=entry, records=stuck)
        return Location(ADOPT if entry.get('safe_to_manage') else UNSAFE, entry=entry)
    found = _by_records(ref, live, pending, stuck, label, resource)
    if found:
        return found
    if matched:
        return Location(ELSEWHERE, entry=matched[0])
    if not entries and complete:
        return Location(MISSING)
    if not any(profile.can_compare(ref, entry.get('reference')) for entry in entries):
        return Location(ADOPT)
    return Location(MISSING, candidates=closest_names(profile, ref, [entry for entry in entries if ours(entry)]))


def _by_records(ref, live, pending, stuck, label, resource):
    """The location the records alone tell, when the listing does not show the ref unmanaged."""
    if len(live) > 1:
        ids = [record['id'] for record in live]
        return Location(AMBIGUOUS, records=live, message=(
            "ref %s is recorded as adopted on %s by several %ss (%s); unmanage the extra ones or select the %s by id."
            % (encode_ref(ref), label, resource, ', '.join(ids), resource)), details={'%s_ids' % resource: ids})
    if live:
        return Location(MANAGED, resource_id=live[0]['id'], records=live)
    if pending:
        return Location(IN_PROGRESS, resource_id=pending[0]['id'], records=pending)
    if stuck:
        return Location(STUCK, records=stuck)
    return None


def closest_names(profile, ref, entries, count=5):
    wanted = profile.reference_name(ref)
    names = sorted(set(profile.reference_name(entry.get('reference'))
                       for entry in entries if not profile.listed_cinder_id(entry)))
    close = difflib.get_close_matches(wanted, names, n=count, cutoff=0.4)
    return close or names[:count]
