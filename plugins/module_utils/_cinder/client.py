# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Cinder client layer: explicit microversions, paging, waiting, messages, error translation.

Every request goes through openstacksdk's block-storage proxy (a keystoneauth
adapter), so authentication, endpoint discovery and URL/query encoding are the
SDK's. Query values are always passed as ``params`` dicts: a host such as
``node@backend#pool`` carries a ``#`` that must be percent-encoded, never
concatenated into a URL.

Volumes and snapshots share one set of calls, parameterised by ``Resource``: the
engine names the kind, the client knows its paths and keys.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading
import time

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.errors import translated
from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.waiting import wait_until_settled
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

try:
    import openstack.exceptions
except ImportError:  # reported by connection.connect before any client is built
    pass

# Microversions this collection needs, by feature (cinder/api/microversions.py).
# 3.3 introduced the messages API, but only 3.5 (MESSAGES_PAGINATION) applies its filters: cinder/api/v3/messages.py
# MessagesController.index reads none below it and would answer every message of the project.
MV_MESSAGES = '3.5'
MV_SERVICE_CLUSTER = '3.7'
MV_MANAGE_LIST = '3.8'
MV_MANAGE_CLUSTER = '3.16'
MV_MANAGE_LIST_CLUSTER = '3.17'

_LIST_PAGE_SIZE = 1000
_READ_RETRY_DELAYS = (0.5, 1.5)
# A read that failed only after this long waited on something (Cinder's RPC to the volume service): repeating it
# would wait as long again, so it is not retried.
_SLOW_FAILURE_SECONDS = 20.0


class Resource(object):
    """The API paths and keys of one kind of Cinder object."""

    def __init__(self, name, path, listing_path, listing_key):
        self.name = name                    # 'volume'
        self.plural = name + 's'            # 'volumes': the list key and the path segment
        self.path = path                    # '/volumes'
        self.listing_path = listing_path    # '/manageable_volumes'
        self.listing_key = listing_key      # 'manageable-volumes'


VOLUMES = Resource('volume', '/volumes', '/manageable_volumes', 'manageable-volumes')
SNAPSHOTS = Resource('snapshot', '/snapshots', '/manageable_snapshots', 'manageable-snapshots')


class _Counter(object):
    def __init__(self):
        self.lock = threading.Lock()
        self.value = 0


class CinderClient(object):
    """A thin, explicit layer over the block-storage proxy.

    ``label`` names the credentials in messages (e.g. the cloud name) so an
    operator knows which configuration was refused.
    """

    def __init__(self, conn, label=None, sleep=time.sleep, clock=time.monotonic, counter=None):
        self._conn = conn
        self._label = label
        self._sleep = sleep
        self._clock = clock
        self._counter = counter or _Counter()
        self.server_date = None  # the Date header of the last answer: Cinder's clock, for the age of records

    @property
    def request_count(self):
        return self._counter.value

    @property
    def conn(self):
        return self._conn

    def scoped(self, conn):
        """The same client over another connection (a project scope); requests count in one total."""
        return CinderClient(conn, label=self._label, sleep=self._sleep, clock=self._clock, counter=self._counter)

    @property
    def _bs(self):
        return self._conn.block_storage

    # ---- raw requests ---------------------------------------------------------------------------------------

    def _request(self, method, path, action, microversion=None, params=None, body=None, ok_missing=False,
                 retry=True):
        kwargs = dict(microversion=microversion, raise_exc=False)
        if params:
            kwargs['params'] = params
        if body is not None:
            kwargs['json'] = body
        with translated(action, self._label):
            response, seconds = self._send(method, path, kwargs)
            # Reads are safe to repeat; a driver racing an LV rename (LVM lists, then inspects each LV) answers
            # 500 for a moment, which must not fail a whole run. A failure that took long is not such a moment.
            for delay in _READ_RETRY_DELAYS if method == 'get' and retry else ():
                if response.status_code < 500 or seconds >= _SLOW_FAILURE_SECONDS:
                    break
                self._sleep(delay)
                response, seconds = self._send(method, path, kwargs)
            if ok_missing and response.status_code == 404:
                return None
            if response.status_code >= 400:
                response.stackadopt_seconds = seconds
            openstack.exceptions.raise_from_response(response)
        if response.status_code == 204 or not response.content:
            return {}
        return response.json()

    def _send(self, method, path, kwargs):
        with self._counter.lock:  # bulk runs issue requests from a thread pool
            self._counter.value += 1
        started = self._clock()
        response = getattr(self._bs, method)(path, **kwargs)
        headers = getattr(response, 'headers', None) or {}
        if headers.get('Date'):
            self.server_date = headers['Date']
        return response, self._clock() - started

    # ---- discovery ------------------------------------------------------------------------------------------

    def pools(self):
        """Backend pools with their capabilities: [{'name': 'host@backend#pool', 'capabilities': {...}}]."""
        body = self._request('get', '/scheduler-stats/get_pools', 'list backend pools', params={'detail': 'true'})
        return body.get('pools', [])

    def volume_services(self):
        body = self._request('get', '/os-services', 'list volume services', microversion=MV_SERVICE_CLUSTER,
                             params={'binary': 'cinder-volume'})
        return body.get('services', [])

    def scheduler_services(self):
        body = self._request('get', '/os-services', 'list scheduler services', params={'binary': 'cinder-scheduler'})
        return body.get('services', [])

    def volume_types(self):
        body = self._request('get', '/types', 'list volume types', params={'is_public': 'None'})
        return body.get('volume_types', [])

    def default_volume_type(self):
        """The type Cinder applies when none is requested, or None when the cloud has none."""
        body = self._request('get', '/types/default', 'read the default volume type', ok_missing=True)
        return None if body is None else body.get('volume_type')

    def availability_zones(self):
        body = self._request('get', '/os-availability-zone', 'list availability zones')
        return [zone.get('zoneName') for zone in body.get('availabilityZoneInfo', [])]

    def quota_usage(self, project_id):
        """{'volumes': {'limit': 10, 'in_use': 2, 'reserved': 0, ...}, 'gigabytes': {...}, ...} of a project."""
        body = self._request('get', '/os-quota-sets/%s' % project_id, "read the quota of project '%s'" % project_id,
                             params={'usage': 'True'})
        return body.get('quota_set', {})

    # ---- manageable listing ---------------------------------------------------------------------------------

    def manageable(self, resource, host=None, cluster=None, detail=True, sort=None, limit=None):
        """Every entry of the host's (or cluster's) manageable listing, following marker paging."""
        path = resource.listing_path + ('/detail' if detail else '')
        params = {}
        if cluster:
            params['cluster'] = cluster
            microversion = MV_MANAGE_LIST_CLUSTER
        else:
            params['host'] = host
            microversion = MV_MANAGE_LIST
        if sort:
            params['sort'] = sort
        target = "cluster '%s'" % cluster if cluster else "host '%s'" % host
        action = 'list manageable %s on %s' % (resource.plural, target)
        entries = []
        marker = None
        while True:
            page_size = _LIST_PAGE_SIZE if limit is None else min(_LIST_PAGE_SIZE, limit - len(entries))
            page_params = dict(params, limit=page_size)
            if marker is not None:
                page_params['marker'] = json.dumps(marker, sort_keys=True)
            page = self._request('get', path, action, microversion=microversion,
                                 params=page_params).get(resource.listing_key, [])
            entries.extend(page)
            if len(page) < page_size or (limit is not None and len(entries) >= limit):
                return entries
            marker = page[-1].get('reference')

    def manageable_volumes(self, host=None, cluster=None, detail=True, sort=None, limit=None):
        return self.manageable(VOLUMES, host, cluster, detail, sort, limit)

    def manageable_snapshots(self, host=None, cluster=None, detail=True, sort=None, limit=None):
        return self.manageable(SNAPSHOTS, host, cluster, detail, sort, limit)

    # ---- volumes and snapshots ------------------------------------------------------------------------------

    def get(self, resource, resource_id):
        body = self._request('get', '%s/%s' % (resource.path, resource_id),
                             "read %s '%s'" % (resource.name, resource_id), ok_missing=True)
        return None if body is None else body.get(resource.name)

    def find(self, resource, **filters):
        """Objects of every project matching Cinder's server-side filters (name, host, volume_id, metadata)."""
        params = {'all_tenants': 'True'}
        for key, value in filters.items():
            if value is None:
                continue
            # Cinder literal-evals the metadata filter; a JSON object of strings is a valid Python literal.
            params[key] = json.dumps(value, sort_keys=True) if key == 'metadata' else value
        found = []
        marker = None
        while True:
            page_params = dict(params, limit=_LIST_PAGE_SIZE)
            if marker:
                page_params['marker'] = marker
            page = self._request('get', resource.path + '/detail', 'list %s' % resource.plural,
                                 params=page_params).get(resource.plural, [])
            found.extend(page)
            if len(page) < _LIST_PAGE_SIZE:
                return found
            marker = page[-1]['id']

    def unmanage(self, resource, resource_id):
        self._request('post', '%s/%s/action' % (resource.path, resource_id),
                      "unmanage %s '%s'" % (resource.name, resource_id), body={'os-unmanage': None})

    def update(self, resource, resource_id, **fields):
        body = self._request('put', '%s/%s' % (resource.path, resource_id),
                             "update %s '%s'" % (resource.name, resource_id), body={resource.name: fields})
        return body.get(resource.name)

    def set_metadata(self, resource, resource_id, metadata):
        """Merge ``metadata`` into the object's metadata (keys not named are kept)."""
        self._request('post', '%s/%s/metadata' % (resource.path, resource_id),
                      "set metadata on %s '%s'" % (resource.name, resource_id), body={'metadata': metadata})

    def reset_status(self, resource, resource_id, status):
        """Admin's os-reset_status: only Cinder's record changes, the backend is not asked."""
        self._request('post', '%s/%s/action' % (resource.path, resource_id),
                      "reset the status of %s '%s'" % (resource.name, resource_id),
                      body={'os-reset_status': {'status': status}})

    def wait(self, resource, ids, timeout, settled, fetch=None, abandoned=None):
        """Poll until every object is settled (or gone, or abandoned); {id: last object dict or None}. See
        waiting.py."""
        fetch = fetch or (lambda pending: dict((oid, self.get(resource, oid)) for oid in pending))
        return wait_until_settled(ids, timeout, settled, fetch, self._sleep, self._clock, abandoned)

    def clock(self):
        """Seconds on the client's monotonic clock (a test's fake one in unit tests)."""
        return self._clock()

    # ---- volume calls ---------------------------------------------------------------------------------------

    def get_volume(self, volume_id):
        return self.get(VOLUMES, volume_id)

    def find_volumes(self, name=None, metadata=None, host=None):
        return self.find(VOLUMES, name=name, metadata=metadata or None, host=host)

    def manage_volume(self, host, cluster, ref, name=None, description=None, volume_type=None,
                      availability_zone=None, metadata=None, bootable=False):
        # Only what is set goes into the body: Cinder parses (and the cloud pays for) every key sent.
        volume = {'host': host, 'ref': ref, 'metadata': metadata or {}}
        for key, value in (('name', name), ('description', description), ('volume_type', volume_type),
                           ('availability_zone', availability_zone)):
            if value is not None:
                volume[key] = value
        if bootable:
            volume['bootable'] = True
        microversion = MV_MANAGE_LIST
        if cluster:
            volume['cluster'] = cluster
            microversion = MV_MANAGE_CLUSTER
        body = self._request('post', VOLUMES.listing_path, 'manage %s on %s' % (json.dumps(ref, sort_keys=True),
                                                                                cluster or host),
                             microversion=microversion, body={'volume': volume})
        return body.get('volume')

    def unmanage_volume(self, volume_id):
        self.unmanage(VOLUMES, volume_id)

    def set_volume_bootable(self, volume_id, bootable):
        self._request('post', '/volumes/%s/action' % volume_id, "set bootable on volume '%s'" % volume_id,
                      body={'os-set_bootable': {'bootable': bool(bootable)}})

    def set_image_metadata(self, volume_id, metadata):
        """Cinder's os-set_image_metadata: merge ``metadata`` into the volume's volume_image_metadata."""
        self._request('post', '/volumes/%s/action' % volume_id, "set image metadata on volume '%s'" % volume_id,
                      body={'os-set_image_metadata': {'metadata': metadata}})

    def user_messages(self, resource_uuid):
        """Cinder's user-facing messages about a resource, oldest first (why a manage failed)."""
        body = self._request('get', '/messages', 'read user messages', microversion=MV_MESSAGES,
                             params={'resource_uuid': resource_uuid})
        messages = sorted((message for message in body.get('messages', [])
                           if message.get('resource_uuid') in (None, resource_uuid)),
                          key=lambda message: message.get('created_at') or '')
        return [message.get('user_message') for message in messages if message.get('user_message')]

    def wait_for_volumes(self, volume_ids, timeout, settled=('available', 'in-use', 'error', 'error_managing'),
                         fetch=None):
        return self.wait(VOLUMES, volume_ids, timeout, settled, fetch)

    def create_transfer(self, volume_id, name):
        """os-volume-transfer create (as the volume's owner): {'id': ..., 'auth_key': ...}."""
        body = self._request('post', '/os-volume-transfer', "offer volume '%s' for transfer" % volume_id,
                             body={'transfer': {'volume_id': volume_id, 'name': name}})
        return body.get('transfer', {})

    def accept_transfer(self, transfer_id, auth_key):
        """os-volume-transfer accept (in the receiving project's scope)."""
        body = self._request('post', '/os-volume-transfer/%s/accept' % transfer_id,
                             "accept transfer '%s'" % transfer_id, body={'accept': {'auth_key': auth_key}})
        return body.get('transfer', {})

    # ---- snapshot calls -------------------------------------------------------------------------------------

    def get_snapshot(self, snapshot_id):
        return self.get(SNAPSHOTS, snapshot_id)

    def find_snapshots(self, name=None, volume_id=None, metadata=None):
        return self.find(SNAPSHOTS, name=name, volume_id=volume_id, metadata=metadata or None)

    def manage_snapshot(self, volume_id, ref, name=None, description=None, metadata=None):
        snapshot = {'volume_id': volume_id, 'ref': ref, 'metadata': metadata or {}}
        for key, value in (('name', name), ('description', description)):
            if value is not None:
                snapshot[key] = value
        body = self._request('post', SNAPSHOTS.listing_path, 'manage snapshot %s of volume %s'
                             % (json.dumps(ref, sort_keys=True), volume_id), microversion=MV_MANAGE_LIST,
                             body={'snapshot': snapshot})
        return body.get('snapshot')


def listing_or_none(call):
    """The manageable listing ``call()`` returns, or None when the backend's driver cannot list."""
    try:
        return call()
    except CinderAdoptError as exc:
        if exc.details.get('status_code') in (400, 501) and 'implement' in exc.msg.lower():
            return None
        raise
