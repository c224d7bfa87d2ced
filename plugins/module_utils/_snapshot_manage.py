# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The manager behind cinder_snapshot_manage: adopt (manage) or release (unmanage) one existing snapshot.

A snapshot is adopted under the Cinder volume that manages its origin; the
host to look on is that volume's host. As for volumes, every decision is taken
from reads done before any write, so check mode runs the very same code path
and stops just before the first write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._adoption_record import (
    REF_METADATA_KEY,
    decode_ref,
    encode_ref,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._backend import backend_of_volume
from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder import listing_or_none
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.plugins.module_utils._locate import (
    MANAGED,
    MISSING,
    SAFE,
    UNKNOWN,
    UNSAFE,
    Location,
    closest_names,
    single_recorded,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._manageable_snapshot_info import (
    OriginResolver,
    parent_reference_by_rule,
    same_reference,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._volume_manage import failure_reason, requested_ref

try:
    from openstack.block_storage.v3 import snapshot as _sdk_snapshot
except ImportError:  # reported by _connection.connect before any client is built
    pass

ELSEWHERE = 'elsewhere'    # the ref names a snapshot of another origin than the given volume

SNAPSHOT_SETTLED = ('available', 'error')
SNAPSHOT_FAILED = ('error',)
# cinder/volume/api.py API.delete_snapshot(unmanage_only=True) accepts only these.
_UNMANAGE_OK = ('available', 'error')

_UUID = re.compile(r'^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$')


def sdk_snapshot_dict(raw):
    """A snapshot as openstack.cloud returns it (SDK attribute names)."""
    if raw is None:
        return None
    try:
        return _sdk_snapshot.Snapshot.existing(**raw).to_dict(computed=False)
    except NameError:  # openstacksdk absent: only reached by unit tests of pure helpers
        return dict(raw)


def snapshot_view(raw):
    """The fields this module converges or reports in diffs, from a raw Cinder snapshot."""
    return {
        'id': raw.get('id'),
        'name': raw.get('name'),
        'description': raw.get('description'),
        'volume_id': raw.get('volume_id'),
        'size': raw.get('size'),
        'metadata': dict(raw.get('metadata') or {}),
        'status': raw.get('status'),
    }


def resolve_volume(client, requested):
    """The raw Cinder volume for an ID or name; unknown and ambiguous names are errors."""
    if _UUID.match(requested or ''):
        raw = client.get_volume(requested)
        if raw is not None:
            return raw
    found = client.find_volumes(name=requested)
    if len(found) > 1:
        ids = sorted(volume['id'] for volume in found)
        raise CinderAdoptError("volume '%s' is ambiguous: volumes %s carry that name. Give the volume's ID instead."
                               % (requested, ', '.join(ids)), field='volume', volume_ids=ids)
    if not found:
        raise CinderAdoptError(
            "volume '%s' is neither the ID nor the name of a Cinder volume. A snapshot is adopted under the Cinder "
            "volume that manages its origin, so the origin must be managed first: adopt it with "
            "stackadopt.cinder.cinder_volume_manage, then give that volume's ID or name here." % requested,
            field='volume')
    return found[0]


def _snapshot_backend_name(profile, snapshot_id, origin_refs):
    """The snapshot's name on the backend once managed, for drivers that rename it (Pure needs the parent's)."""
    parent = origin_refs[0] if origin_refs else None
    return profile.snapshot_name_after_manage(snapshot_id,
                                              volume_name=profile.reference_name(parent) if parent else None)


def locate_snapshot(profile, ref, entries, recorded_ids, origin_refs, target_label):
    """Where a snapshot ``ref`` of one volume stands (pure: the caller did the reads).

    ``origin_refs`` are the references the backend may list the volume under as a snapshot's
    ``source_reference``; entries of other origins are set aside, so a snapshot name that is only unique per
    image (RBD) is matched on the right image. Empty: the origin is unknown and no entry is set aside.
    """
    def ours(entry):
        source = entry.get('source_reference')
        return not origin_refs or not source or any(same_reference(profile, origin, source)
                                                    for origin in origin_refs)

    if entries is None:
        if recorded_ids:
            return Location(MANAGED, volume_id=single_recorded(recorded_ids, ref, target_label, 'snapshot'))
        return Location(UNKNOWN)

    matched = [entry for entry in entries if profile.matches(ref, entry.get('reference'))]
    own = [entry for entry in matched if ours(entry)]
    managed = [entry for entry in own if entry.get('cinder_id')]
    if managed:
        return Location(MANAGED, entry=managed[0], volume_id=managed[0]['cinder_id'])
    if own:
        if recorded_ids:
            raise CinderAdoptError(
                "ref %s was already adopted on %s as snapshot %s, yet the backend again lists an unmanaged snapshot "
                "with that reference. Refusing to guess which one is meant: rename the new object, or unmanage the "
                "old snapshot first." % (encode_ref(ref), target_label, ', '.join(recorded_ids)),
                field='ref', snapshot_ids=recorded_ids)
        origins = []
        for entry in own:
            if entry.get('source_reference') not in origins:
                origins.append(entry.get('source_reference'))
        if len(origins) > 1:
            raise CinderAdoptError(
                "ref %s names snapshots of several objects on %s (%s) and which one backs the volume is unknown "
                "for this driver; choose the driver profile of the backend (driver) so its origin can be told."
                % (encode_ref(ref), target_label, ', '.join(encode_ref(o or {}) for o in origins)), field='ref')
        entry = own[0]
        return Location(SAFE if entry.get('safe_to_manage') else UNSAFE, entry=entry)
    if recorded_ids:
        return Location(MANAGED, volume_id=single_recorded(recorded_ids, ref, target_label, 'snapshot'))
    if matched:
        return Location(ELSEWHERE, entry=matched[0])
    if not any(profile.can_compare(ref, entry.get('reference')) for entry in entries):
        return Location(UNKNOWN)
    return Location(MISSING, candidates=closest_names(profile, ref, [entry for entry in entries if ours(entry)]))


class SnapshotManageManager(object):

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode

    def run(self):
        if self.params['state'] == 'absent':
            return self._absent()
        return self._present()

    # ---- reads ----------------------------------------------------------------------------------------------

    def _backend_of(self, volume):
        host = volume.get('os-vol-host-attr:host')
        if not host:
            raise CinderAdoptError("Volume %s has no host (status '%s'); Cinder can adopt snapshots only of a volume "
                                   "that a backend serves." % (volume['id'], volume.get('status')),
                                   field='volume', volume_id=volume['id'])
        return backend_of_volume(self.client, volume, self.params.get('driver'), require_up=True)

    def _origin_refs(self, profile, volume, resolver):
        """How the backend lists ``volume`` as a snapshot's ``source_reference``."""
        volume_id = volume['id']
        refs = [parent_reference_by_rule(profile, volume_id)]
        adopted_from = decode_ref((volume.get('metadata') or {}).get(REF_METADATA_KEY))
        if adopted_from:
            try:
                refs.append(profile.reference_after_manage(adopted_from, volume_id))
            except (CinderAdoptError, KeyError, AttributeError):
                pass  # recorded by another profile's rules; the other sources still apply
        if not any(refs):
            refs.extend(resolver.managed_references(volume_id))
        unique = []
        for ref in refs:
            if ref and ref not in unique:
                unique.append(ref)
        return unique

    def _recorded(self, volume_id, ref):
        wanted = encode_ref(ref)
        found = self.client.find_snapshots(volume_id=volume_id, metadata={REF_METADATA_KEY: wanted})
        return sorted(snapshot['id'] for snapshot in found
                      if (snapshot.get('metadata') or {}).get(REF_METADATA_KEY) == wanted
                      and snapshot.get('volume_id') == volume_id)

    def _lookup(self, volume, raw_ref):
        """Every read a decision needs: backend, normalised ref, origin references and the location."""
        backend = self._backend_of(volume)
        profile = backend.profile
        ref = profile.validate_snapshot_ref(raw_ref)
        resolver = OriginResolver(self.client, profile, backend.host)
        origin_refs = self._origin_refs(profile, volume, resolver)
        entries = listing_or_none(lambda: self.client.manageable_snapshots(host=backend.host))
        recorded = self._recorded(volume['id'], ref)
        location = locate_snapshot(profile, ref, entries, recorded, origin_refs, backend.label)
        return backend, ref, origin_refs, resolver, location

    # ---- present --------------------------------------------------------------------------------------------

    def _present(self):
        params = self.params
        raw_ref = requested_ref(params)
        if raw_ref is None:
            raise CinderAdoptError('state=present needs the backend snapshot: give ref (a dict such as '
                                   '{"source-name": "lv_data_snap"}) or source_name / source_id.', field='ref')
        if not params.get('volume'):
            raise CinderAdoptError('state=present needs volume: the ID or name of the Cinder volume that manages '
                                   "the snapshot's origin.", field='volume')
        volume = resolve_volume(self.client, params['volume'])
        backend, ref, origin_refs, resolver, location = self._lookup(volume, raw_ref)
        base = dict(ref=ref, driver=backend.profile.name, host=backend.host, volume_id=volume['id'])
        label = backend.label
        if location.kind == MANAGED:
            base.update(self._converge(location.volume_id, volume, backend, origin_refs))
            return base
        if location.kind == UNSAFE:
            reason = location.entry.get('reason_not_safe') or 'no reason given'
            raise CinderAdoptError("Snapshot ref %s on %s is not safe to manage: Cinder says '%s'."
                                   % (encode_ref(ref), label, reason), field='ref', reason_not_safe=reason, **base)
        if location.kind == ELSEWHERE:
            self._fail_elsewhere(location.entry, volume, ref, origin_refs, resolver, label, base)
        if location.kind == MISSING:
            raise CinderAdoptError("Snapshot ref %s matches no snapshot of volume %s on %s. Closest unmanaged "
                                   "snapshot references of that volume there: %s."
                                   % (encode_ref(ref), volume['id'], label, ', '.join(location.candidates) or 'none'),
                                   field='ref', candidates=location.candidates, **base)
        base.update(self._manage(ref, volume, backend, origin_refs, location))
        return base

    def _fail_elsewhere(self, entry, volume, ref, origin_refs, resolver, label, base):
        source = entry.get('source_reference') or {}
        listed_as = (' (the backend lists it as %s)' % ', '.join(encode_ref(o) for o in origin_refs)
                     if origin_refs else '')
        msg = ("Snapshot ref %s on %s is a snapshot of the backend object %s, not of volume %s%s."
               % (encode_ref(ref), label, encode_ref(source), volume['id'], listed_as))
        if entry.get('cinder_id'):
            snapshot = self.client.get_snapshot(entry['cinder_id']) or {}
            raise CinderAdoptError("%s It is already Cinder snapshot %s of volume %s." % (
                msg, entry['cinder_id'], snapshot.get('volume_id') or 'unknown'), field='volume',
                source_reference=source, snapshot_id=entry['cinder_id'], **base)
        origin_id = resolver.volume_id(source)
        if origin_id:
            raise CinderAdoptError("%s That object is Cinder volume %s: give volume=%s." % (msg, origin_id, origin_id),
                                   field='volume', source_reference=source, source_volume_id=origin_id, **base)
        raise CinderAdoptError(
            "%s That origin is not managed by Cinder yet: adopt it first with stackadopt.cinder.cinder_volume_manage "
            "(ref %s on %s), then adopt the snapshot under the new volume." % (msg, encode_ref(source), label),
            field='volume', source_reference=source, source_volume_id=None, **base)

    def _manage(self, ref, volume, backend, origin_refs, location):
        params = self.params
        metadata = dict((key, str(value)) for key, value in (params.get('metadata') or {}).items())
        metadata[REF_METADATA_KEY] = encode_ref(ref)
        predicted = {
            'id': None, 'name': params.get('name'), 'description': params.get('description'),
            'volume_id': volume['id'], 'size': location.entry.get('size') if location.entry else None,
            'metadata': metadata, 'status': 'available',
        }
        result = dict(changed=True, diff=dict(before={}, after=predicted))
        if self.check_mode:
            result['snapshot'] = dict(predicted)
            return result

        raw = self.client.manage_snapshot(volume['id'], ref, name=params.get('name'),
                                          description=params.get('description'), metadata=metadata)
        snapshot_id = raw['id']
        backend_name = _snapshot_backend_name(backend.profile, snapshot_id, origin_refs)
        if backend_name:
            result['backend_name'] = backend_name
        if not params.get('wait', True):
            result['snapshot'] = sdk_snapshot_dict(raw)
            result['diff']['after'] = snapshot_view(raw)
            return result

        final = self._wait([snapshot_id], SNAPSHOT_SETTLED)[snapshot_id]
        if final is None:
            raise CinderAdoptError("Snapshot %s disappeared while Cinder was managing ref %s of volume %s on %s."
                                   % (snapshot_id, encode_ref(ref), volume['id'], backend.label),
                                   snapshot_id=snapshot_id)
        status = final.get('status')
        if status in SNAPSHOT_FAILED:
            self._release_failed(snapshot_id, ref, volume, backend)
        if status != 'available':
            raise CinderAdoptError("Timed out after %ss waiting for snapshot %s (ref %s of volume %s on %s) to become "
                                   "available; last status '%s'. Nothing was deleted: check the cinder-volume log, "
                                   "then re-run." % (params['timeout'], snapshot_id, encode_ref(ref), volume['id'],
                                                     backend.label, status),
                                   snapshot_id=snapshot_id, status=status)
        result['snapshot'] = sdk_snapshot_dict(final)
        result['diff']['after'] = snapshot_view(final)
        return result

    def _wait(self, snapshot_ids, settled):
        def fetch(pending):
            return dict((sid, self.client.get_snapshot(sid)) for sid in pending)
        return self.client.wait_for_volumes(snapshot_ids, self.params['timeout'], settled=settled, fetch=fetch)

    def _wait_gone(self, snapshot_ids):
        return [sid for sid, snapshot in self._wait(snapshot_ids, ()).items() if snapshot is not None]

    def _release_failed(self, snapshot_id, ref, volume, backend):
        """The driver refused the ref: forget the error record (never delete: the object stays) and explain."""
        reason = failure_reason(self.client, snapshot_id)
        self.client.unmanage_snapshot(snapshot_id)
        still_there = self._wait_gone([snapshot_id])
        cleanup = ('the error record %s was unmanaged, the backend snapshot is untouched' % snapshot_id
                   if not still_there else 'unmanaging the error record %s did not finish in time; check it'
                   % snapshot_id)
        raise CinderAdoptError("Cinder could not manage snapshot ref %s of volume %s on %s: %s (%s)."
                               % (encode_ref(ref), volume['id'], backend.label, reason, cleanup),
                               snapshot_id=snapshot_id, reason=reason, unmanaged=not still_there)

    def _converge(self, snapshot_id, volume, backend, origin_refs):
        params = self.params
        raw = self.client.get_snapshot(snapshot_id)
        if raw is None:
            raise CinderAdoptError("The listing names snapshot %s as holding the object, but Cinder has no such "
                                   "snapshot; retry when Cinder has settled." % snapshot_id, snapshot_id=snapshot_id)
        if raw.get('volume_id') != volume['id']:
            raise CinderAdoptError("The object is already Cinder snapshot %s of volume %s, not of volume %s."
                                   % (snapshot_id, raw.get('volume_id'), volume['id']), field='volume',
                                   snapshot_id=snapshot_id)
        before = snapshot_view(raw)
        updates = dict((field, params[field]) for field in ('name', 'description')
                       if params.get(field) is not None and params[field] != before[field])
        metadata = dict((key, str(value)) for key, value in (params.get('metadata') or {}).items()
                        if before['metadata'].get(key) != str(value))
        after = dict(before, **updates)
        after['metadata'] = dict(before['metadata'], **metadata)
        changed = bool(updates or metadata)
        result = dict(changed=changed, diff=dict(before=before, after=after))
        backend_name = _snapshot_backend_name(backend.profile, snapshot_id, origin_refs)
        if backend_name:
            result['backend_name'] = backend_name
        if changed and not self.check_mode:
            if updates:
                self.client.update_snapshot(snapshot_id, **updates)
            if metadata:
                self.client.set_snapshot_metadata(snapshot_id, metadata)
            raw = self.client.get_snapshot(snapshot_id)
            result['diff']['after'] = snapshot_view(raw)
        if changed and self.check_mode:
            result['snapshot'] = dict(sdk_snapshot_dict(raw), name=after['name'], description=after['description'],
                                      metadata=after['metadata'])
        else:
            result['snapshot'] = sdk_snapshot_dict(raw)
        return result

    # ---- absent ---------------------------------------------------------------------------------------------

    def _absent(self):
        params = self.params
        raw, ref, volume, backend = self._find_for_release()
        result = dict(changed=False, ref=ref)
        if backend is not None:
            result.update(driver=backend.profile.name, host=backend.host)
        if volume is not None:
            result['volume_id'] = volume['id']
        if raw is None:
            result['diff'] = dict(before={}, after={})
            return result
        snapshot_id = raw['id']
        result['volume_id'] = raw.get('volume_id')
        status = raw.get('status')
        if status not in _UNMANAGE_OK:
            raise CinderAdoptError("Snapshot %s is '%s'; Cinder unmanages only available or error snapshots. Let it "
                                   "settle first." % (snapshot_id, status), snapshot_id=snapshot_id, status=status)
        result.update(changed=True, snapshot=sdk_snapshot_dict(raw), diff=dict(before=snapshot_view(raw), after={}))
        if self.check_mode:
            return result
        self.client.unmanage_snapshot(snapshot_id)
        if params.get('wait', True) and self._wait_gone([snapshot_id]):
            raise CinderAdoptError("Timed out after %ss waiting for Cinder to forget snapshot %s; the backend snapshot "
                                   "is kept either way. Check the cinder-volume log."
                                   % (params['timeout'], snapshot_id), snapshot_id=snapshot_id)
        return result

    def _find_for_release(self):
        """(raw snapshot or None, normalised ref or None, raw volume or None, Backend or None)."""
        params = self.params
        if params.get('id'):
            return self.client.get_snapshot(params['id']), None, None, None
        raw_ref = requested_ref(params)
        volume = None
        if params.get('volume'):
            try:
                volume = resolve_volume(self.client, params['volume'])
            except CinderAdoptError as exc:
                if 'volume_ids' in exc.details or (raw_ref is None and not params.get('name')):
                    raise
                # No such volume: Cinder keeps no snapshot of a volume it does not manage, so nothing is left.
                return None, raw_ref, None, None
        if params.get('name') and raw_ref is None:
            found = self.client.find_snapshots(name=params['name'], volume_id=volume['id'] if volume else None)
            if len(found) > 1:
                ids = sorted(snapshot['id'] for snapshot in found)
                raise CinderAdoptError("name '%s' is ambiguous: snapshots %s carry it. Give id (or volume) instead."
                                       % (params['name'], ', '.join(ids)), field='name', snapshot_ids=ids)
            return (found[0] if found else None), None, volume, None
        if raw_ref is None or volume is None:
            raise CinderAdoptError('state=absent needs the snapshot: give id, name, or volume with ref / source_name '
                                   '/ source_id.', field='id')
        backend, ref, _origins, _resolver, location = self._lookup(volume, raw_ref)
        if location.kind != MANAGED:
            return None, ref, volume, backend
        return self.client.get_snapshot(location.volume_id), ref, volume, backend
