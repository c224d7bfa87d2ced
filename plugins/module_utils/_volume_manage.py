# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The manager behind cinder_volume_manage: adopt (manage) or release (unmanage) one existing volume.

Every decision is taken from reads done before any write, so check mode runs
the very same code path and stops just before the first write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._adoption_record import (
    REF_METADATA_KEY,
    encode_ref,
    recorded_volumes,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._backend import backend_of_volume, resolve_backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder import (
    VOLUME_FAILED,
    listing_or_none,
    sdk_volume_dict,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.plugins.module_utils._locate import MANAGED, MISSING, UNSAFE, locate

UNMANAGEABLE_STATUSES_HINT = 'available or error'
_UNMANAGE_OK = ('available', 'error', 'error_managing')


def requested_ref(params):
    """The ref from ``ref`` or the ``source_name``/``source_id`` shortcuts (the module makes them exclusive)."""
    if params.get('ref'):
        return dict(params['ref'])
    ref = {}
    if params.get('source_name'):
        ref['source-name'] = params['source_name']
    if params.get('source_id'):
        ref['source-id'] = params['source_id']
    return ref or None


def _type_backend(vtype):
    return (vtype.get('extra_specs') or {}).get('volume_backend_name')


def _fitting_types(types, pool_backend):
    return sorted(vtype.get('name') for vtype in types if _type_backend(vtype) in (None, pool_backend))


def resolve_volume_type(client, requested, backend):
    """The volume type dict for an ID or name, checked against the backend it must land on.

    Without a request Cinder applies its default type, so that one is checked instead (and None returned):
    a default bound to another backend would otherwise leave the volume in error after the scheduler refused it.
    """
    pool_backend = backend.capabilities.get('volume_backend_name')
    if not requested:
        default = client.default_volume_type()
        if default and _type_backend(default) and pool_backend and _type_backend(default) != pool_backend:
            types = client.volume_types()
            raise CinderAdoptError("volume_type is not given, so Cinder would apply its default type '%s', which is "
                                   "bound to backend '%s'; %s belongs to backend '%s'. Give volume_type, one of: %s."
                                   % (default.get('name'), _type_backend(default), backend.label, pool_backend,
                                      ', '.join(_fitting_types(types, pool_backend)) or 'none'),
                                   field='volume_type', valid_types=_fitting_types(types, pool_backend))
        return None
    types = client.volume_types()
    matching = [vtype for vtype in types if requested in (vtype.get('id'), vtype.get('name'))]
    if not matching:
        names = sorted(vtype.get('name') for vtype in types)
        raise CinderAdoptError("volume_type '%s' is neither the name nor the ID of a volume type. Types: %s."
                               % (requested, ', '.join(names) or 'none'), field='volume_type', valid_types=names)
    vtype = matching[0]
    if _type_backend(vtype) and pool_backend and _type_backend(vtype) != pool_backend:
        raise CinderAdoptError("volume_type '%s' requires volume_backend_name '%s' but %s belongs to backend '%s'; "
                               "the scheduler would refuse it. Types for this backend: %s."
                               % (requested, _type_backend(vtype), backend.label, pool_backend,
                                  ', '.join(_fitting_types(types, pool_backend)) or 'none'),
                               field='volume_type', valid_types=_fitting_types(types, pool_backend))
    return vtype


def check_availability_zone(client, zone):
    if not zone:
        return
    zones = sorted(z for z in client.availability_zones() if z)
    if zone not in zones:
        raise CinderAdoptError("availability_zone '%s' does not exist in Cinder. Zones: %s."
                               % (zone, ', '.join(zones) or 'none'), field='availability_zone', valid_zones=zones)


def failure_reason(client, volume_id):
    messages = client.user_messages(volume_id)
    return messages[-1] if messages else 'Cinder recorded no user message; see the cinder-volume log.'


def _bool(value):
    if isinstance(value, bool):
        return value
    return str(value).lower() in ('true', '1', 'yes')


def volume_view(raw):
    """The fields this module converges or reports in diffs, from a raw Cinder volume."""
    return {
        'id': raw.get('id'),
        'name': raw.get('name'),
        'description': raw.get('description'),
        'volume_type': raw.get('volume_type'),
        'availability_zone': raw.get('availability_zone'),
        'bootable': _bool(raw.get('bootable')),
        'metadata': dict(raw.get('metadata') or {}),
        'host': raw.get('os-vol-host-attr:host'),
        'status': raw.get('status'),
    }


class VolumeManageManager(object):

    def __init__(self, client, params, check_mode=False):
        self.client = client
        self.params = params
        self.check_mode = check_mode

    def run(self):
        if self.params['state'] == 'absent':
            return self._absent()
        return self._present()

    # ---- present --------------------------------------------------------------------------------------------

    def _present(self):
        params = self.params
        raw_ref = requested_ref(params)
        if raw_ref is None:
            raise CinderAdoptError('state=present needs the backend object: give ref (a dict such as '
                                   '{"source-name": "lv_data"}) or source_name / source_id.', field='ref')
        backend = resolve_backend(self.client, params.get('host'), params.get('cluster'), params.get('driver'))
        ref = backend.profile.validate_ref(raw_ref)
        vtype = resolve_volume_type(self.client, params.get('volume_type'), backend)
        check_availability_zone(self.client, params.get('availability_zone'))

        entries = listing_or_none(lambda: self.client.manageable_volumes(host=backend.host, cluster=backend.cluster))
        recorded = recorded_volumes(self.client.find_volumes(metadata={REF_METADATA_KEY: encode_ref(ref)}),
                                    ref, backend.members)
        location = locate(backend.profile, ref, entries, recorded, backend.label)
        base = dict(ref=ref, driver=backend.profile.name, host=backend.host, cluster=backend.cluster)
        if location.kind == MANAGED:
            base.update(self._converge(location.volume_id, vtype, backend))
            return base
        if location.kind == UNSAFE:
            reason = location.entry.get('reason_not_safe') or 'no reason given'
            raise CinderAdoptError("ref %s on %s is not safe to manage: Cinder says '%s'."
                                   % (encode_ref(ref), backend.label, reason), field='ref', reason_not_safe=reason,
                                   **base)
        if location.kind == MISSING:
            raise CinderAdoptError("ref %s matches no object on %s. Closest unmanaged references there: %s."
                                   % (encode_ref(ref), backend.label, ', '.join(location.candidates) or 'none'),
                                   field='ref', candidates=location.candidates, **base)
        base.update(self._manage(ref, vtype, backend))
        return base

    def _manage(self, ref, vtype, backend):
        params = self.params
        metadata = dict((key, str(value)) for key, value in (params.get('metadata') or {}).items())
        metadata[REF_METADATA_KEY] = encode_ref(ref)
        predicted = {
            'id': None, 'name': params.get('name'), 'description': params.get('description'),
            'volume_type': vtype.get('name') if vtype else None,
            'availability_zone': params.get('availability_zone'), 'bootable': bool(params.get('bootable')),
            'metadata': metadata, 'host': backend.host, 'status': 'available',
        }
        result = dict(changed=True, diff=dict(before={}, after=predicted))
        if self.check_mode:
            result['volume'] = predicted
            return result

        raw = self.client.manage_volume(
            backend.host, backend.cluster, ref, name=params.get('name'), description=params.get('description'),
            volume_type=vtype.get('id') if vtype else None, availability_zone=params.get('availability_zone'),
            metadata=metadata, bootable=bool(params.get('bootable')))
        volume_id = raw['id']
        result['backend_name'] = backend.profile.name_after_manage(volume_id)
        if not params.get('wait', True):
            result['volume'] = sdk_volume_dict(raw)
            result['diff']['after'] = volume_view(raw)
            return result

        final = self.client.wait_for_volumes([volume_id], params['timeout'])[volume_id]
        if final is None:
            raise CinderAdoptError("Volume %s disappeared while Cinder was managing ref %s on %s."
                                   % (volume_id, encode_ref(ref), backend.label), volume_id=volume_id)
        status = final.get('status')
        if status in VOLUME_FAILED:
            self._release_failed(volume_id, ref, backend)
        if status != 'available':
            raise CinderAdoptError("Timed out after %ss waiting for volume %s (ref %s on %s) to become available; "
                                   "last status '%s'. Nothing was deleted: check the cinder-volume log, then re-run."
                                   % (params['timeout'], volume_id, encode_ref(ref), backend.label, status),
                                   volume_id=volume_id, status=status)
        result['volume'] = sdk_volume_dict(final)
        result['diff']['after'] = volume_view(final)
        return result

    def _release_failed(self, volume_id, ref, backend):
        """The driver refused the ref: forget the error record (never delete: the object stays) and explain."""
        reason = failure_reason(self.client, volume_id)
        self.client.unmanage_volume(volume_id)
        still_there = self.client.wait_for_gone([volume_id], self.params['timeout'])
        cleanup = ('the error record %s was unmanaged, the backend object is untouched' % volume_id if not still_there
                   else 'unmanaging the error record %s did not finish in time; check it' % volume_id)
        raise CinderAdoptError("Cinder could not manage ref %s on %s: %s (%s)."
                               % (encode_ref(ref), backend.label, reason, cleanup),
                               volume_id=volume_id, reason=reason, unmanaged=not still_there)

    def _converge(self, volume_id, vtype, backend):
        params = self.params
        raw = self.client.get_volume(volume_id)
        if raw is None:
            raise CinderAdoptError("The listing names volume %s as holding the object, but Cinder has no such volume; "
                                   "retry when Cinder has settled." % volume_id, volume_id=volume_id)
        before = volume_view(raw)
        if vtype and before['volume_type'] not in (vtype.get('name'), vtype.get('id')):
            raise CinderAdoptError("Volume %s already manages this object with volume_type '%s', not '%s'. Changing "
                                   "the type is a retype, which this module does not do (openstack volume set "
                                   "--type)." % (volume_id, before['volume_type'], params['volume_type']),
                                   field='volume_type', volume_id=volume_id)
        zone = params.get('availability_zone')
        if zone and before['availability_zone'] != zone:
            raise CinderAdoptError("Volume %s already manages this object in availability zone '%s', not '%s'; a "
                                   "volume cannot change zone." % (volume_id, before['availability_zone'], zone),
                                   field='availability_zone', volume_id=volume_id)

        updates = dict((field, params[field]) for field in ('name', 'description')
                       if params.get(field) is not None and params[field] != before[field])
        metadata = dict((key, str(value)) for key, value in (params.get('metadata') or {}).items()
                        if before['metadata'].get(key) != str(value))
        bootable = params.get('bootable')
        bootable_changes = bootable is not None and bool(bootable) != before['bootable']

        after = dict(before, **updates)
        after['metadata'] = dict(before['metadata'], **metadata)
        if bootable_changes:
            after['bootable'] = bool(bootable)
        changed = bool(updates or metadata or bootable_changes)
        result = dict(changed=changed, diff=dict(before=before, after=after),
                      backend_name=backend.profile.name_after_manage(volume_id))
        if changed and not self.check_mode:
            if updates:
                self.client.update_volume(volume_id, **updates)
            if metadata:
                self.client.set_volume_metadata(volume_id, metadata)
            if bootable_changes:
                self.client.set_volume_bootable(volume_id, bootable)
            raw = self.client.get_volume(volume_id)
            result['diff']['after'] = volume_view(raw)
        result['volume'] = sdk_volume_dict(raw)
        if changed and self.check_mode:
            # Report the volume as the real run would leave it.
            result['volume'].update(name=after['name'], description=after['description'],
                                    metadata=after['metadata'], is_bootable=after['bootable'])
        return result

    # ---- absent ---------------------------------------------------------------------------------------------

    def _absent(self):
        params = self.params
        raw, backend, ref = self._find_for_release()
        result = dict(changed=False, ref=ref, driver=backend.profile.name if backend else None,
                      host=backend.host if backend else None, cluster=backend.cluster if backend else None)
        if raw is None:
            result['diff'] = dict(before={}, after={})
            return result
        volume_id = raw['id']
        if backend is None:
            backend = backend_of_volume(self.client, raw, self.params.get('driver'))
            result.update(driver=backend.profile.name, host=raw.get('os-vol-host-attr:host'))
        status = raw.get('status')
        if status not in _UNMANAGE_OK:
            raise CinderAdoptError("Volume %s is '%s'; Cinder unmanages only %s volumes. Detach it or let it settle "
                                   "first." % (volume_id, status, UNMANAGEABLE_STATUSES_HINT), volume_id=volume_id,
                                   status=status)
        result.update(changed=True, volume=sdk_volume_dict(raw), diff=dict(before=volume_view(raw), after={}),
                      backend_name=backend.profile.name_after_manage(volume_id))
        if self.check_mode:
            return result
        self.client.unmanage_volume(volume_id)
        if params.get('wait', True):
            if self.client.wait_for_gone([volume_id], params['timeout']):
                raise CinderAdoptError("Timed out after %ss waiting for Cinder to forget volume %s; the backend object "
                                       "is kept either way. Check the cinder-volume log." % (params['timeout'],
                                                                                             volume_id),
                                       volume_id=volume_id)
        return result

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
        ref = backend.profile.validate_ref(raw_ref)
        entries = listing_or_none(lambda: self.client.manageable_volumes(host=backend.host, cluster=backend.cluster))
        recorded = recorded_volumes(self.client.find_volumes(metadata={REF_METADATA_KEY: encode_ref(ref)}),
                                    ref, backend.members)
        location = locate(backend.profile, ref, entries, recorded, backend.label)
        if location.kind != MANAGED:
            return None, backend, ref
        return self.client.get_volume(location.volume_id), backend, ref
