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

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# cinder/db/api.py: defaults of volume_name_template and snapshot_name_template, what volume.name and snapshot.name
# give the drivers that name the objects they manage after the Cinder record.
VOLUME_NAME_TEMPLATE = 'volume-%s'
SNAPSHOT_NAME_TEMPLATE = 'snapshot-%s'
#: The text form of a UUID, any case: Cinder's object IDs, a Ceph cluster fsid, an ONTAP LUN uuid.
UUID_PATTERN = r'[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}'
UUID = re.compile(r'^%s$' % UUID_PATTERN)
NFS_PROTOCOLS = ('NFS', 'nfs')  # cinder/common/constants.py NFS_VARIANTS


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
    #: Keys the driver's listings put in ``reference`` for what its manage calls read under another key, mapped to
    #: that key (Pure and 3PAR list ``{'name': ...}`` and manage ``source-name``). A ref may use either; validation
    #: returns the manage key and matching compares across them.
    listing_keys = {}
    #: Whether the driver lists manageable volumes / snapshots at all. False: its get_manageable_* is missing or
    #: raises (``VolumeDriver.get_manageable_volumes`` raises NotImplementedError, which the API returns as HTTP
    #: 500), so do not ask; nothing can be matched and idempotency rests on the adoption record.
    lists_volumes = True
    lists_snapshots = True
    #: What the driver leaves out of its listing (objects it never lists rather than listing them unsafe), for a
    #: "matches no object" message; None when it lists everything it could manage.
    listing_omits = None
    #: Whether the profile knows its driver implements the listing, so that an empty listing means "no object"
    #: (cinder/volume/driver.py ManageableVD.get_manageable_volumes returns [] for a driver that does not).
    knows_its_listing = True

    #: What the driver's stats report, when that tells its pools apart (the default ``detect`` reads them; a profile
    #: that sets neither detects nothing unless it overrides ``detect``). ``vendor_name``: the pool's vendor_name.
    #: ``location_info``: a compiled regex the pool's location_info (a string) must match; a group named
    #: ``container`` in it is what the default ``container`` returns.
    vendor_name = None
    location_info = None

    #: The ``reason_not_safe`` texts the driver's get_manageable_volumes / get_manageable_snapshots give, each
    #: mapped to what it means for an operator and the way out. Keys are matched case-insensitively as substrings of
    #: the listing's reason; every entry cites the driver function that produces it.
    unsafe_reasons = {}

    def explain_unsafe(self, reason):
        """What a listing's ``reason_not_safe`` means and what would make the object adoptable, or None.

        A reason that joins several (Pure: '... && ...') gets every explanation, longest fragment first; a
        fragment inside a longer one that matched is not counted again.
        """
        text = (reason or '').lower()
        found = []
        for fragment in sorted(self.unsafe_reasons, key=len, reverse=True):
            if fragment.lower() in text:
                text = text.replace(fragment.lower(), '\n')
                if self.unsafe_reasons[fragment] not in found:
                    found.append(self.unsafe_reasons[fragment])
        return ' '.join(found) or None

    def detect(self, capabilities):
        """Whether a pool's capabilities (from scheduler-stats) come from this driver.

        By default: the pool's vendor_name is ``vendor_name`` and its location_info matches ``location_info``, each
        where the profile sets it; False for a profile that sets neither.
        """
        if self.location_info is None:
            return self.vendor_name is not None and capabilities.get('vendor_name') == self.vendor_name
        return self._location(capabilities) is not None

    def validate_ref(self, ref):
        """Return the ref normalised, or raise CinderAdoptError naming what is wrong."""
        return self._check_ref(self._validate(self._from_listing(ref), self.ref_keys, 'ref'), 'volume')

    def validate_snapshot_ref(self, ref):
        return self._check_ref(self._validate(self._from_listing(ref), self.snapshot_ref_keys, 'ref'), 'snapshot')

    def validate_ref_on_pool(self, ref, capabilities):
        """validate_ref, plus the rules that depend on how the pool's backend is configured (its capabilities).

        Callers that know the pool call this instead of validate_ref; by default there are no such rules.
        """
        return self.validate_ref(ref)

    def matches(self, ref, reference):
        """Whether a manageable-listing ``reference`` denotes the object ``ref`` names.

        Both are dicts; ``ref`` was returned by validate_ref. Keys both sides
        carry must agree (listing_keys read as the manage keys they stand for);
        with none in common nothing matches.
        """
        ref, reference = self._as_ref_keys(ref), self._as_ref_keys(reference)
        shared = [key for key in ref if key in reference]
        if not shared:
            return False
        return all(self._comparable(key, ref[key]) == self._comparable(key, reference[key]) for key in shared)

    def can_compare(self, ref, reference):
        """Whether ``matches`` can judge ``reference`` at all (a miss then means "not this object")."""
        return bool(set(self._as_ref_keys(ref)) & set(self._as_ref_keys(reference)))

    def listed_cinder_id(self, entry):
        """The Cinder volume (snapshot) a listing entry says holds the object, or None.

        Most drivers set ``cinder_id`` only for objects Cinder manages; a driver that copies it from backend
        metadata without checking (InfiniBox) overrides this.
        """
        return (entry or {}).get('cinder_id') or None

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
        another container are never sent to this backend. By default the group ``container`` of the profile's
        ``location_info`` regex, for a pool the profile detects.
        """
        match = self._location(capabilities)
        return (match.groupdict().get('container') or None) if match else None

    def snapshot_name_after_manage(self, snapshot_id, volume_name=None, ref=None):
        """Like name_after_manage; ``volume_name`` is the parent's backend name, for drivers that embed it, and
        ``ref`` the validated snapshot ref, for drivers that keep part of the old name (PowerMax). None: the driver
        keeps the name, or what it becomes cannot be told from what was given."""
        return None

    def snapshot_parent_reference(self, volume_id):
        """The ``source_reference`` the snapshot listing gives snapshots of this volume, or None if unknown.

        Snapshot references are unique per parent only on some drivers (RBD): filter snapshot listing
        entries on this before calling ``matches``.
        """
        return None

    def reference_after_manage(self, ref, volume_id):
        """The listing reference the object carries after manage (what the driver lists it as), None if unknown."""
        new_name = self.name_after_manage(volume_id)
        if new_name is None:
            return dict(ref)
        return {'source-name': new_name}

    def _comparable(self, key, value):
        return str(value)

    def _check_ref(self, ref, kind):
        """The driver's own rules for a ref of ``kind`` ('volume' or 'snapshot') with valid keys and values.

        Return it normalised or raise CinderAdoptError. For a driver whose volume and snapshot refs follow the same
        rules (3PAR, InfiniBox, PowerFlex); one with different rules extends validate_ref / validate_snapshot_ref.
        By default: no rules.
        """
        return ref

    @staticmethod
    def _protocol_in(capabilities, protocols):
        """Whether the pool's storage_protocol (a name, or a list of names) is one of ``protocols``."""
        protocol = capabilities.get('storage_protocol')
        return any(p in protocols for p in (protocol if isinstance(protocol, list) else [protocol]))

    def _location(self, capabilities):
        """The match of the pool's location_info against ``location_info``, None unless the pool is this driver's."""
        if self.location_info is None or (self.vendor_name is not None
                                          and capabilities.get('vendor_name') != self.vendor_name):
            return None
        location = capabilities.get('location_info')
        return self.location_info.match(location) if isinstance(location, str) else None

    def _from_listing(self, ref):
        """``ref`` with listing_keys turned into the keys manage reads; both given must agree."""
        if not isinstance(ref, dict) or not self.listing_keys:
            return ref
        ref = dict(ref)
        for listed_key, ref_key in sorted(self.listing_keys.items()):
            if listed_key not in ref:
                continue
            listed = ref.pop(listed_key)
            if ref_key in ref and str(ref[ref_key]) != str(listed):
                raise CinderAdoptError(
                    "ref gives %s '%s' and %s '%s'; they must agree (the '%s' listing's '%s' is the driver's '%s')."
                    % (listed_key, listed, ref_key, ref[ref_key], self.name, listed_key, ref_key), field='ref')
            ref[ref_key] = listed
        return ref

    def _as_ref_keys(self, reference):
        """A ref or listing reference with listing_keys read as manage keys, for comparing (never raises)."""
        reference = dict(reference or {})
        for listed_key, ref_key in self.listing_keys.items():
            if listed_key in reference:
                listed = reference.pop(listed_key)
                reference.setdefault(ref_key, listed)
        return reference

    @staticmethod
    def _refuse_both_keys(ref, reading):
        """Refuse a ref with both source-name and source-id, for a driver that reads only one of them.

        ``reading`` names the driver and says what it does with both (e.g. 'the 3PAR driver would use source-name
        and ignore source-id'); the caller cites the driver function.
        """
        if 'source-name' in ref and 'source-id' in ref:
            raise CinderAdoptError("ref gives source-name '%s' and source-id '%s'; %s. Give one of them."
                                   % (ref['source-name'], ref['source-id'], reading), field='ref')

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


class ListsNothing(object):
    """Mixin, before DriverProfile, of a profile whose driver lists nothing it could manage.

    Its get_manageable_volumes / get_manageable_snapshots are cinder/volume/driver.py VolumeDriver's, which raise
    NotImplementedError (the API answers HTTP 500), or ManageableVD's, which returns []: callers do not ask, no
    listing entry ever carries a reason (``unsafe_reasons`` stays empty) and idempotency rests on the adoption
    record. The profile says which of the two in a comment citing the driver.
    """

    lists_volumes = False
    lists_snapshots = False


class ManagesNoSnapshots(object):
    """Mixin, before DriverProfile, of a profile whose driver implements no manage_existing_snapshot.

    Every snapshot ref is refused before anything is written, with ``no_snapshot_manage``.
    """

    snapshot_ref_keys = ()
    #: The sentence that says which of the driver's classes lacks manage_existing_snapshot (cite the source).
    no_snapshot_manage = None

    def validate_snapshot_ref(self, ref):
        raise CinderAdoptError("The '%s' driver cannot adopt snapshots: %s%s"
                               % (self.name, self.no_snapshot_manage,
                                  ' Adopt the volume only.' if self.ref_keys else ''), field='ref')
