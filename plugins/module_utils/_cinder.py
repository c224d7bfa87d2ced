# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Cinder client layer: explicit microversions, paging, waiting, messages, error translation.

Every request goes through openstacksdk's block-storage proxy (a keystoneauth
adapter), so authentication, endpoint discovery and URL/query encoding are the
SDK's. Query values are always passed as ``params`` dicts: a host such as
``node@backend#pool`` carries a ``#`` that must be percent-encoded, never
concatenated into a URL.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import threading
import time

from ansible_collections.stackadopt.cinder.plugins.module_utils._connection import redact
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

try:
    import openstack.exceptions
    from keystoneauth1 import exceptions as ksa_exceptions
    from openstack.block_storage.v3 import volume as _sdk_volume
except ImportError:  # reported by _connection.connect before any client is built
    pass

# Microversions this collection needs, by feature (cinder/api/microversions.py).
MV_MESSAGES = '3.3'
MV_SERVICE_CLUSTER = '3.7'
MV_MANAGE_LIST = '3.8'
MV_MANAGE_CLUSTER = '3.16'
MV_MANAGE_LIST_CLUSTER = '3.17'

# Statuses in which a volume waits for nothing more (manage ends in one of them).
VOLUME_SETTLED = ('available', 'in-use', 'error', 'error_managing')
VOLUME_FAILED = ('error', 'error_managing')

_LIST_PAGE_SIZE = 1000
_READ_RETRY_DELAYS = (0.5, 1.5)
_POLL_FIRST, _POLL_GROWTH, _POLL_MAX = 0.25, 1.6, 1.0  # seconds between polls while waiting for volumes


class CinderClient(object):
    """A thin, explicit layer over the block-storage proxy.

    ``label`` names the credentials in messages (e.g. the cloud name) so an
    operator knows which configuration was refused.
    """

    def __init__(self, conn, label=None, sleep=time.sleep, clock=time.monotonic):
        self._conn = conn
        self._label = label
        self._sleep = sleep
        self._clock = clock
        self._counter_lock = threading.Lock()
        self.request_count = 0

    @property
    def _bs(self):
        return self._conn.block_storage

    # ---- raw requests ---------------------------------------------------------------------------------------

    def _request(self, method, path, action, microversion=None, params=None, body=None, ok_missing=False):
        with self._counter_lock:  # bulk runs issue requests from a thread pool
            self.request_count += 1
        kwargs = dict(microversion=microversion, raise_exc=False)
        if params:
            kwargs['params'] = params
        if body is not None:
            kwargs['json'] = body
        with self._translated(action):
            response = getattr(self._bs, method)(path, **kwargs)
            # Reads are safe to repeat; a driver racing an LV rename (LVM lists, then inspects each LV) answers
            # 500 for a moment, which must not fail a whole run.
            for delay in _READ_RETRY_DELAYS if method == 'get' else ():
                if response.status_code < 500:
                    break
                self._sleep(delay)
                response = getattr(self._bs, method)(path, **kwargs)
            if ok_missing and response.status_code == 404:
                return None
            openstack.exceptions.raise_from_response(response)
        if response.status_code == 204 or not response.content:
            return {}
        return response.json()

    @contextlib.contextmanager
    def _translated(self, action):
        """Turn SDK and transport errors into one CinderAdoptError with an operator-facing message."""
        who = " (cloud '%s')" % self._label if self._label else ''
        try:
            yield
        except CinderAdoptError:
            raise
        except openstack.exceptions.HttpException as exc:
            status = exc.status_code
            detail = redact(exc.details or exc.message or '')
            if status == 403:
                raise CinderAdoptError(
                    'Cinder refused to %s (HTTP 403 Forbidden)%s: managing existing storage, listing manageable '
                    'objects and reading backend pools are admin-only by Cinder policy; use credentials that hold '
                    'the admin role. Cinder said: %s' % (action, who, detail), status_code=403)
            if status == 413:
                raise CinderAdoptError(
                    'Cinder refused to %s (HTTP 413): a quota is exceeded%s. Raise the project quota for volumes/'
                    'gigabytes (openstack quota set) or adopt fewer objects. Cinder said: %s' % (action, who, detail),
                    status_code=413)
            if status == 401:
                raise CinderAdoptError('Authentication failed%s while trying to %s: check the credentials. %s'
                                       % (who, action, detail), status_code=401)
            raise CinderAdoptError('Cinder could not %s (HTTP %s): %s' % (action, status, detail), status_code=status)
        except ksa_exceptions.Unauthorized as exc:
            raise CinderAdoptError('Authentication failed%s while trying to %s: check the credentials (%s).'
                                   % (who, action, redact(exc)), status_code=401)
        except ksa_exceptions.EndpointNotFound as exc:
            raise CinderAdoptError('No block-storage (Cinder v3) endpoint found in the service catalog%s for the '
                                   'requested region/interface: %s' % (who, redact(exc)))
        except (ksa_exceptions.ConnectionError, ksa_exceptions.DiscoveryFailure) as exc:
            raise CinderAdoptError('The OpenStack API is unreachable%s while trying to %s: %s. Check the auth_url/'
                                   'endpoint, the network and that the service is running.'
                                   % (who, action, redact(exc)))
        except openstack.exceptions.SDKException as exc:
            raise CinderAdoptError('OpenStack SDK error%s while trying to %s: %s' % (who, action, redact(exc)))

    # ---- discovery ------------------------------------------------------------------------------------------

    def pools(self):
        """Backend pools with their capabilities: [{'name': 'host@backend#pool', 'capabilities': {...}}]."""
        body = self._request('get', '/scheduler-stats/get_pools', 'list backend pools', params={'detail': 'true'})
        return body.get('pools', [])

    def volume_services(self):
        body = self._request('get', '/os-services', 'list volume services', microversion=MV_SERVICE_CLUSTER,
                             params={'binary': 'cinder-volume'})
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

    # ---- manageable listing ---------------------------------------------------------------------------------

    def manageable_volumes(self, host=None, cluster=None, detail=True, sort=None, limit=None):
        """Every entry of the host's (or cluster's) manageable listing, following marker paging."""
        return self._manageable('manageable_volumes', 'manageable-volumes', 'list manageable volumes',
                                host, cluster, detail, sort, limit)

    def manageable_snapshots(self, host=None, cluster=None, detail=True, sort=None, limit=None):
        return self._manageable('manageable_snapshots', 'manageable-snapshots', 'list manageable snapshots',
                                host, cluster, detail, sort, limit)

    def _manageable(self, path, key, action, host, cluster, detail, sort, limit):
        if detail:
            path += '/detail'
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
        entries = []
        marker = None
        while True:
            page_size = _LIST_PAGE_SIZE if limit is None else min(_LIST_PAGE_SIZE, limit - len(entries))
            page_params = dict(params, limit=page_size)
            if marker is not None:
                page_params['marker'] = json.dumps(marker, sort_keys=True)
            page = self._request('get', '/' + path, '%s on %s' % (action, target), microversion=microversion,
                                 params=page_params).get(key, [])
            entries.extend(page)
            if len(page) < page_size or (limit is not None and len(entries) >= limit):
                return entries
            marker = page[-1].get('reference')

    # ---- volumes --------------------------------------------------------------------------------------------

    def get_volume(self, volume_id):
        body = self._request('get', '/volumes/%s' % volume_id, "read volume '%s'" % volume_id, ok_missing=True)
        return None if body is None else body.get('volume')

    def find_volumes(self, name=None, metadata=None, host=None):
        """Volumes of every project matching a name, metadata and/or pool host (Cinder filters server-side)."""
        params = {'all_tenants': 'True'}
        if name is not None:
            params['name'] = name
        if host is not None:
            params['host'] = host
        if metadata:
            # Cinder literal-evals this filter; a JSON object of strings is a valid Python literal.
            params['metadata'] = json.dumps(metadata, sort_keys=True)
        volumes = []
        marker = None
        while True:
            page_params = dict(params, limit=_LIST_PAGE_SIZE)
            if marker:
                page_params['marker'] = marker
            page = self._request('get', '/volumes/detail', 'list volumes', params=page_params).get('volumes', [])
            volumes.extend(page)
            if len(page) < _LIST_PAGE_SIZE:
                return volumes
            marker = page[-1]['id']

    def manage_volume(self, host, cluster, ref, name=None, description=None, volume_type=None,
                      availability_zone=None, metadata=None, bootable=False):
        volume = {'host': host, 'ref': ref, 'name': name, 'description': description, 'volume_type': volume_type,
                  'availability_zone': availability_zone, 'metadata': metadata or {}, 'bootable': bool(bootable)}
        microversion = MV_MANAGE_LIST
        if cluster:
            volume['cluster'] = cluster
            microversion = MV_MANAGE_CLUSTER
        body = self._request('post', '/manageable_volumes', 'manage %s on %s' % (json.dumps(ref, sort_keys=True),
                                                                                 cluster or host),
                             microversion=microversion, body={'volume': volume})
        return body.get('volume')

    def unmanage_volume(self, volume_id):
        self._request('post', '/volumes/%s/action' % volume_id, "unmanage volume '%s'" % volume_id,
                      body={'os-unmanage': None})

    def update_volume(self, volume_id, **fields):
        body = self._request('put', '/volumes/%s' % volume_id, "update volume '%s'" % volume_id,
                             body={'volume': fields})
        return body.get('volume')

    def set_volume_metadata(self, volume_id, metadata):
        """Merge ``metadata`` into the volume's metadata (keys not named are kept)."""
        self._request('post', '/volumes/%s/metadata' % volume_id, "set metadata on volume '%s'" % volume_id,
                      body={'metadata': metadata})

    def set_volume_bootable(self, volume_id, bootable):
        self._request('post', '/volumes/%s/action' % volume_id, "set bootable on volume '%s'" % volume_id,
                      body={'os-set_bootable': {'bootable': bool(bootable)}})

    def user_messages(self, resource_uuid):
        """Cinder's user-facing messages about a resource, oldest first (why a manage failed)."""
        body = self._request('get', '/messages', 'read user messages', microversion=MV_MESSAGES,
                             params={'resource_uuid': resource_uuid})
        messages = sorted(body.get('messages', []), key=lambda message: message.get('created_at') or '')
        return [message.get('user_message') for message in messages if message.get('user_message')]

    # ---- snapshots ------------------------------------------------------------------------------------------

    def get_snapshot(self, snapshot_id):
        body = self._request('get', '/snapshots/%s' % snapshot_id, "read snapshot '%s'" % snapshot_id,
                             ok_missing=True)
        return None if body is None else body.get('snapshot')

    def find_snapshots(self, name=None, volume_id=None, metadata=None):
        """Snapshots of every project matching a name, origin volume and/or metadata."""
        params = {'all_tenants': 'True'}
        if name is not None:
            params['name'] = name
        if volume_id is not None:
            params['volume_id'] = volume_id
        if metadata:
            params['metadata'] = json.dumps(metadata, sort_keys=True)
        body = self._request('get', '/snapshots/detail', 'list snapshots', params=params)
        return body.get('snapshots', [])

    def manage_snapshot(self, volume_id, ref, name=None, description=None, metadata=None):
        snapshot = {'volume_id': volume_id, 'ref': ref, 'name': name, 'description': description,
                    'metadata': metadata or {}}
        body = self._request('post', '/manageable_snapshots', 'manage snapshot %s of volume %s'
                             % (json.dumps(ref, sort_keys=True), volume_id), microversion=MV_MANAGE_LIST,
                             body={'snapshot': snapshot})
        return body.get('snapshot')

    def unmanage_snapshot(self, snapshot_id):
        self._request('post', '/snapshots/%s/action' % snapshot_id, "unmanage snapshot '%s'" % snapshot_id,
                      body={'os-unmanage': None})

    def update_snapshot(self, snapshot_id, **fields):
        body = self._request('put', '/snapshots/%s' % snapshot_id, "update snapshot '%s'" % snapshot_id,
                             body={'snapshot': fields})
        return body.get('snapshot')

    def set_snapshot_metadata(self, snapshot_id, metadata):
        self._request('post', '/snapshots/%s/metadata' % snapshot_id, "set metadata on snapshot '%s'" % snapshot_id,
                      body={'metadata': metadata})

    # ---- waiting --------------------------------------------------------------------------------------------

    def wait_for_volumes(self, volume_ids, timeout, settled=VOLUME_SETTLED, fetch=None):
        """Poll until every volume is settled (or gone); return {id: last volume dict or None}.

        One loop serves any number of volumes: ``fetch`` may return many
        volumes per request (the bulk path lists by metadata), otherwise each
        pending volume is read once per round. Raises nothing on timeout; the
        caller decides, since it knows what to report.
        """
        fetch = fetch or (lambda pending: dict((vid, self.get_volume(vid)) for vid in pending))
        deadline = self._clock() + timeout
        interval = _POLL_FIRST
        last = dict((vid, None) for vid in volume_ids)
        pending = list(volume_ids)
        while True:
            started = self._clock()
            seen = fetch(pending)
            fetch_seconds = self._clock() - started
            for vid in list(pending):
                volume = seen.get(vid)
                last[vid] = volume
                if volume is None or volume.get('status') in settled:
                    pending.remove(vid)
            if not pending or self._clock() >= deadline:
                return last
            # A volume settles a second or so after its manage, so a long interval only adds to the run; but a
            # poll that took long (a big host listing) must not keep the API busy more than half the time.
            self._sleep(min(max(interval, fetch_seconds), max(0.0, deadline - self._clock())))
            interval = min(interval * _POLL_GROWTH, _POLL_MAX)

    def wait_for_gone(self, volume_ids, timeout):
        """Poll until the volumes no longer exist in Cinder; return the ids still present at the deadline."""
        last = self.wait_for_volumes(volume_ids, timeout, settled=())
        return [vid for vid, volume in last.items() if volume is not None]


def listing_or_none(call):
    """The manageable listing ``call()`` returns, or None when the backend's driver cannot list."""
    try:
        return call()
    except CinderAdoptError as exc:
        if exc.details.get('status_code') in (400, 501) and 'implement' in exc.msg.lower():
            return None
        raise


def sdk_volume_dict(raw):
    """A volume as openstack.cloud returns it (SDK attribute names: host, is_bootable, ...)."""
    if raw is None:
        return None
    try:
        return _sdk_volume.Volume.existing(**raw).to_dict(computed=False)
    except NameError:  # openstacksdk absent: only reached by unit tests of pure helpers
        return dict(raw)
