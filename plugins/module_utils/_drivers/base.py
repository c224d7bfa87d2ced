# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contract every driver profile fulfils.

A profile holds what one Cinder volume driver expects of a ``ref`` and what it
does to the backend object on manage. It never calls an API: the manager does
the I/O and asks the profile to interpret what it saw.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class DriverProfile(object):
    """Base profile; the generic behaviour shared by most drivers."""

    #: Short name used by the ``driver`` option and returned as ``driver``.
    name = None
    #: Human description for docs and error messages.
    description = None
    #: Keys the driver's manage_existing accepts in a volume ``ref``, in order of preference.
    ref_keys = ('source-name', 'source-id')
    #: Keys the driver's manage_existing_snapshot accepts in a snapshot ``ref``.
    snapshot_ref_keys = ('source-name', 'source-id')

    #: The ``reason_not_safe`` texts the driver's get_manageable_volumes / get_manageable_snapshots give, each
    #: mapped to what it means for an operator and the way out. Keys are matched case-insensitively as substrings of
    #: the listing's reason; every entry cites the driver function that produces it.
    unsafe_reasons = {}

    def explain_unsafe(self, reason):
        """What a listing's ``reason_not_safe`` means and what would make the object adoptable, or None."""
        text = (reason or '').lower()
        for fragment in sorted(self.unsafe_reasons, key=len, reverse=True):
            if fragment.lower() in text:
                return self.unsafe_reasons[fragment]
        return None

    def detect(self, capabilities):
        """Whether a pool's capabilities (from scheduler-stats) come from this driver."""
        return False

    def validate_ref(self, ref):
        """Return the ref normalised, or raise CinderAdoptError naming what is wrong."""
        return self._validate(ref, self.ref_keys, 'ref')

    def validate_snapshot_ref(self, ref):
        return self._validate(ref, self.snapshot_ref_keys, 'ref')

    def matches(self, ref, reference):
        """Whether a manageable-listing ``reference`` denotes the object ``ref`` names.

        Both are dicts; ``ref`` was returned by validate_ref. Keys both sides
        carry must agree; with none in common nothing matches.
        """
        shared = [key for key in ref if key in (reference or {})]
        if not shared:
            return False
        return all(self._comparable(key, ref[key]) == self._comparable(key, reference[key]) for key in shared)

    def can_compare(self, ref, reference):
        """Whether ``matches`` can judge ``reference`` at all (a miss then means "not this object")."""
        return bool(set(ref) & set(reference or {}))

    def reference_name(self, reference):
        """A short human name for a listing ``reference`` (used in messages and for suggestions)."""
        reference = reference or {}
        for key in self.ref_keys:
            if reference.get(key):
                return str(reference[key])
        for value in reference.values():
            return str(value)
        return ''

    def name_after_manage(self, volume_id):
        """The backend object's name once Cinder manages it, or None if the driver keeps the name."""
        return None

    def container(self, capabilities):
        """What holds the backend's objects, as its pool capabilities name it (LVM: the volume group), or None.

        A listing made outside Cinder (``listing`` of the bulk module) is checked against it, so objects of
        another container are never sent to this backend.
        """
        return None

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None):
        """Like name_after_manage; ``volume_name`` is the parent's backend name, for drivers that embed it."""
        return None

    def snapshot_parent_reference(self, volume_id):
        """The ``source_reference`` the snapshot listing gives snapshots of this volume, or None if unknown.

        Snapshot references are unique per parent only on some drivers (RBD): filter snapshot listing
        entries on this before calling ``matches``.
        """
        return None

    def reference_after_manage(self, ref, volume_id):
        """The listing reference the object carries after manage (what the driver lists it as)."""
        new_name = self.name_after_manage(volume_id)
        if new_name is None:
            return dict(ref)
        return {'source-name': new_name}

    def _comparable(self, key, value):
        return str(value)

    def _validate(self, ref, allowed_keys, field):
        if not isinstance(ref, dict) or not ref:
            raise CinderAdoptError(
                "%s must be a non-empty dict naming the backend object, with one of the keys %s "
                "(driver profile '%s')." % (field, ', '.join(allowed_keys), self.name),
                field=field)
        unknown = sorted(key for key in ref if key not in allowed_keys)
        if unknown:
            raise CinderAdoptError(
                "%s has key(s) %s that the '%s' driver does not accept; valid keys: %s."
                % (field, ', '.join(unknown), self.name, ', '.join(allowed_keys)),
                field=field)
        normalised = {}
        for key, value in ref.items():
            text = '' if value is None else str(value).strip()
            if not text:
                raise CinderAdoptError("%s.%s is empty; give the backend object's %s." % (field, key, key),
                                       field=field)
            normalised[key] = text
        return normalised
