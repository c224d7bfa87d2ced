# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource kinds the engine adopts: what differs between volumes and snapshots, and nothing else.

A kind names its API (through the client's Resource), which statuses mean settled, pending, failed or
releasable, how an object looks in diffs and results, how a manage request is sent and how an object converges.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import (
    SNAPSHOTS,
    VOLUMES,
    listing_or_none,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.convergence import (
    snapshot_view,
    volume_view,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.locate import Statuses
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import REF_METADATA_KEY, encode_ref

try:
    from openstack.block_storage.v3 import snapshot as _sdk_snapshot
    from openstack.block_storage.v3 import volume as _sdk_volume
except ImportError:  # reported by connection.connect before any client is built
    pass


def sdk_dict(raw, resource):
    """An object as openstack.cloud returns it: through the SDK resource (``'Volume'`` or ``'Snapshot'``), so that
    the keys are the SDK's attribute names (host, is_bootable, project_id, ...)."""
    if raw is None:
        return None
    try:
        module = _sdk_volume if resource == 'Volume' else _sdk_snapshot
    except NameError:  # openstacksdk absent: only reached by unit tests of pure helpers
        return dict(raw)
    return getattr(module, resource).existing(**raw).to_dict(computed=False)


class Kind(object):
    name = None
    resource = None
    statuses = None
    leaving = ()      # an unmanage or delete is under way: the object is going away
    releasable = ()   # the statuses Cinder unmanages
    ok = ('available',)
    # Whether the scheduler writes the record when it takes the manage request on: then a pending record that was
    # never updated was never passed on (the engine re-sends such a lost request, see Engine.lost).
    scheduler_writes = False

    def view(self, raw):
        raise NotImplementedError

    def result(self, raw):
        raise NotImplementedError

    def settled(self, status):
        """Whether a waited-for object needs no more waiting (every status but the pending ones)."""
        return status not in self.statuses.pending

    def metadata_of(self, item):
        """The metadata a manage request carries: the request's, plus the adoption record."""
        metadata = dict(item.request.metadata)
        metadata[REF_METADATA_KEY] = encode_ref(item.ref)
        return metadata


class VolumeKind(Kind):
    name = 'volume'
    resource = VOLUMES
    # cinder/volume/flows/api/manage_existing.py creates the record 'managing' (the API shows 'creating');
    # cinder/volume/flows/manager/manage_existing.py ends it 'error_managing' (shown as 'error') on failure.
    statuses = Statuses(pending=('creating', 'managing'), failed=('error', 'error_managing'))
    leaving = ('deleting', 'unmanaging', 'error_managing_deleting')
    # cinder/volume/api.py API.delete (unmanage_only=True): the statuses it accepts without force.
    releasable = ('available', 'error', 'error_restoring', 'error_extending', 'error_managing')
    # cinder/scheduler/manager.py SchedulerManager.manage_existing saves the pool it chose (volume.host) before it
    # casts to the volume service, so updated_at is set the moment the scheduler has the request.
    scheduler_writes = True

    def view(self, raw):
        return volume_view(raw)

    def result(self, raw):
        return sdk_dict(raw, 'Volume')

    def predicted(self, item, backend):
        """The volume a manage would create, in the shape of a real result (id null)."""
        request = item.request
        vtype = request.volume_type or {}
        raw = {
            'id': None, 'name': request.name, 'description': request.description, 'status': 'available',
            'size': item.size, 'volume_type': vtype.get('name'), 'availability_zone': request.availability_zone,
            'bootable': 'true' if request.bootable else 'false', 'metadata': self.metadata_of(item),
            'os-vol-host-attr:host': backend.host, 'os-vol-tenant-attr:tenant_id': (request.project or {}).get('id'),
            'volume_image_metadata': dict(request.image_metadata or {}) or None, 'attachments': [],
        }
        return raw

    def manage(self, client, backend, item):
        request = item.request
        return client.manage_volume(
            backend.host, backend.cluster, getattr(item, 'manage_ref', None) or item.ref, name=request.name,
            description=request.description, volume_type=(request.volume_type or {}).get('id'),
            availability_zone=request.availability_zone, metadata=self.metadata_of(item),
            bootable=bool(request.bootable))

    def write_changes(self, client, resource_id, changes):
        if changes.fields:
            client.update(VOLUMES, resource_id, **changes.fields)
        if changes.metadata:
            client.set_metadata(VOLUMES, resource_id, changes.metadata)
        if changes.bootable is not None:
            client.set_volume_bootable(resource_id, changes.bootable)
        if changes.image_metadata:
            client.set_image_metadata(resource_id, changes.image_metadata)

    def backend_name(self, profile, resource_id, item=None):
        return profile.name_after_manage(resource_id) if resource_id else None

    def listing(self, client, backend):
        """The backend's manageable volumes, or None when its driver cannot list (the driver judges at manage)."""
        if not backend.profile.lists_volumes:
            return None
        return listing_or_none(lambda: client.manageable_volumes(host=backend.host, cluster=backend.cluster))


class SnapshotKind(Kind):
    name = 'snapshot'
    resource = SNAPSHOTS
    # cinder/volume/api.py API.manage_existing_snapshot creates the record 'creating';
    # cinder/volume/flows/manager/manage_existing_snapshot.py ends it 'available' or 'error'.
    statuses = Statuses(pending=('creating',), failed=('error',))
    leaving = ('deleting', 'unmanaging')
    # cinder/volume/api.py API.delete_snapshot (unmanage_only=True): available or error.
    releasable = ('available', 'error')
    # scheduler_writes stays False: SchedulerManager.manage_existing_snapshot only checks the backend and casts,
    # so a snapshot record is first updated when the volume service is done, and a lost request cannot be told.

    def view(self, raw):
        return snapshot_view(raw)

    def result(self, raw):
        return sdk_dict(raw, 'Snapshot')

    def predicted(self, item, backend):
        request = item.request
        return {
            'id': None, 'name': request.name, 'description': request.description, 'status': 'available',
            'size': item.size, 'volume_id': item.parent['id'], 'metadata': self.metadata_of(item),
            'os-extended-snapshot-attributes:project_id': item.parent.get('os-vol-tenant-attr:tenant_id'),
        }

    def manage(self, client, backend, item):
        request = item.request
        return client.manage_snapshot(item.parent['id'], getattr(item, 'manage_ref', None) or item.ref,
                                      name=request.name,
                                      description=request.description, metadata=self.metadata_of(item))

    def listing(self, client, backend):
        """The backend's manageable snapshots, or None when its driver cannot list them."""
        if not backend.profile.lists_snapshots:
            return None
        return listing_or_none(lambda: client.manageable_snapshots(host=backend.host, cluster=backend.cluster))

    def write_changes(self, client, resource_id, changes):
        if changes.fields:
            client.update(SNAPSHOTS, resource_id, **changes.fields)
        if changes.metadata:
            client.set_metadata(SNAPSHOTS, resource_id, changes.metadata)

    def backend_name(self, profile, resource_id, item=None):
        """The snapshot's name on the backend once managed, for drivers that rename it (Pure needs the parent's)."""
        if not resource_id:
            return None
        origins = getattr(item, 'origin_refs', None) or []
        parent = origins[0] if origins else None
        return profile.snapshot_name_after_manage(resource_id,
                                                  volume_name=profile.reference_name(parent) if parent else None,
                                                  ref=getattr(item, 'ref', None))


VOLUME = VolumeKind()
SNAPSHOT = SnapshotKind()
