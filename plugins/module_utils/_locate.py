# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Decide what a ref denotes on a backend, from the manageable listing and the adoption records.

Pure logic, no I/O: the caller fetches the listing once (per backend, for bulk
runs) and the volumes that record a ref, and this decides between "already
managed", "manage it", "not safe" and "nothing there".
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.stackadopt.cinder.plugins.module_utils._adoption_record import encode_ref
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

MANAGED = 'managed'        # a Cinder volume already holds the object: volume_id is set
SAFE = 'safe'              # an unmanaged object Cinder says is safe to manage: entry is set
UNSAFE = 'unsafe'          # an unmanaged object Cinder refuses: entry carries reason_not_safe
MISSING = 'missing'        # the listing can be compared with the ref and nothing matches
UNKNOWN = 'unknown'        # the backend cannot list, or lists nothing comparable: manage and let the driver judge


class Location(object):
    def __init__(self, kind, entry=None, volume_id=None, candidates=None):
        self.kind = kind
        self.entry = entry
        self.volume_id = volume_id
        self.candidates = candidates or []


def locate(profile, ref, entries, recorded, target_label):
    """Where ``ref`` stands. ``entries`` is the listing (None: cannot list); ``recorded`` the volumes recording it."""
    recorded_ids = sorted(volume['id'] for volume in recorded)
    if entries is None:
        if recorded_ids:
            return Location(MANAGED, volume_id=single_recorded(recorded_ids, ref, target_label))
        return Location(UNKNOWN)

    matched = [entry for entry in entries if profile.matches(ref, entry.get('reference'))]
    managed = [entry for entry in matched if entry.get('cinder_id')]
    if managed:
        return Location(MANAGED, entry=managed[0], volume_id=managed[0]['cinder_id'])
    if matched:
        entry = matched[0]
        if recorded_ids:
            raise CinderAdoptError(
                "ref %s was already adopted on %s as volume %s, yet the backend again lists an unmanaged object "
                "with that reference. Refusing to guess which one is meant: rename the new object, or unmanage "
                "the old volume first." % (encode_ref(ref), target_label, ', '.join(recorded_ids)),
                field='ref', volume_ids=recorded_ids)
        return Location(SAFE if entry.get('safe_to_manage') else UNSAFE, entry=entry)
    if recorded_ids:
        return Location(MANAGED, volume_id=single_recorded(recorded_ids, ref, target_label))
    comparable = [entry for entry in entries if profile.can_compare(ref, entry.get('reference'))]
    if not comparable:
        return Location(UNKNOWN)
    return Location(MISSING, candidates=closest_names(profile, ref, comparable))


def closest_names(profile, ref, entries, count=5):
    wanted = profile.reference_name(ref)
    names = sorted(set(profile.reference_name(entry.get('reference'))
                       for entry in entries if not entry.get('cinder_id')))
    close = difflib.get_close_matches(wanted, names, n=count, cutoff=0.4)
    return close or names[:count]


def single_recorded(ids, ref, target_label, resource='volume'):
    """The one ``resource`` recording ``ref``; several is an error the operator must settle."""
    if len(ids) > 1:
        raise CinderAdoptError("ref %s is recorded as adopted on %s by several %ss (%s); unmanage the extra ones or "
                               "select the %s by id." % (encode_ref(ref), target_label, resource, ', '.join(ids),
                                                         resource),
                               field='ref', **{'%s_ids' % resource: ids})
    return ids[0]
