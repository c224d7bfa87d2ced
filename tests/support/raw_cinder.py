# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw Cinder, out of band: the one helper the integration tests, the molecule verifiers, the fixture recorder,
the demo and the bench use to read and write Cinder without the collection's own client.

It is openstacksdk's block-storage proxy and plain JSON, nothing of ``plugins/``: a bug in the collection's client
cannot hide itself behind the check that is meant to find it. Answers are the JSON Cinder sent, as ``Record``
dicts that also read as attributes (``volume.name``, ``volume.metadata``; ``volume.host`` and
``volume.project_id`` for the admin fields ``os-vol-host-attr:host`` / ``os-vol-tenant-attr:tenant_id``).

    import sys; sys.path.insert(0, '<checkout>/tests/support')
    import raw_cinder
    cinder = raw_cinder.connect()                       # cloud stackadopt-admin of $OS_CLIENT_CONFIG_FILE
    cinder.volumes(prefix='it_', host='testcloud@lvm-a#lvm-a')
    cinder.manage_volume('testcloud@lvm-a#lvm-a', source_name='lv1', volume_type='lvm-a')

As a command (the Ansible integration targets read Cinder through it; prints JSON):

    python tests/support/raw_cinder.py volume ID | volumes-named NAME | type-id NAME | snapshot ID
                                       | tenant ID | image-metadata ID | messages RESOURCE_ID

Nothing here deletes a backend object: releasing is ``os-unmanage``, and there is no delete call at all.
"""

import json
import os
import sys
import time

ADMIN_CLOUD = 'stackadopt-admin'

# Microversions by feature (cinder/api/microversions.py).
MV_MESSAGES_FILTER = '3.5'      # MESSAGES_PAGINATION: below it GET /messages ignores every filter (resource_uuid)
MV_SERVICE_CLUSTER = '3.7'
MV_MANAGE = '3.8'               # MANAGE_EXISTING_LIST
MV_MANAGE_CLUSTER = '3.16'
MV_MANAGE_LIST_CLUSTER = '3.17'
MV_TRANSFER = '3.55'            # TRANSFER_WITH_SNAPSHOTS: /volume-transfers
MV_VOLUME_CLUSTER = '3.61'      # an admin sees the volume's cluster_name

VOLUME_SETTLED = ('available', 'in-use', 'error', 'error_managing')
SNAPSHOT_SETTLED = ('available', 'error', 'error_managing')
PAGE = 1000                     # Cinder's osapi_max_limit default
# A GET that answers 5xx is asked again after these pauses: a driver racing a rename on the shared cloud (LVM lists
# the LVs, then inspects each; RBD lists the images, then opens each) fails a listing for a moment.
READ_RETRIES = (0.5, 1.5)
ADOPTION_RECORD = 'stackadopt_ref'


class RawCinderError(Exception):
    """A request Cinder answered with an unexpected status (``status_code``, ``body``), or a wait that failed."""

    def __init__(self, message, status_code=None, body=None, seconds=None):
        super(RawCinderError, self).__init__(message)
        self.status_code = status_code
        self.body = body
        self.seconds = seconds


class Record(dict):
    """A JSON object of Cinder, readable as attributes too; the admin fields get their openstacksdk names."""

    ALIASES = {'host': 'os-vol-host-attr:host', 'project_id': 'os-vol-tenant-attr:tenant_id',
               'migration_status': 'os-vol-mig-status-attr:migstat'}

    def __getattr__(self, name):
        if name in self:
            return self[name]
        alias = self.ALIASES.get(name)
        if alias is not None:
            return self.get(alias)
        fields = ', '.join(sorted(self))
        raise AttributeError('%s has no field %r (fields: %s)' % (self.get('id', 'record'), name, fields))


def records(items):
    return [Record(item) for item in items]


def source_name(record):
    """The original backend name this collection recorded in the adoption record, or None."""
    ref = (record.get('metadata') or {}).get(ADOPTION_RECORD)
    if not ref:
        return None
    try:
        return json.loads(ref).get('source-name')
    except (TypeError, ValueError):
        return None


def connect(cloud=ADMIN_CLOUD, **kwargs):
    return RawCinder(cloud, **kwargs)


class RawCinder(object):
    """Cinder through openstacksdk's block-storage proxy, answers as JSON.

    ``cloud`` names an entry of clouds.yaml (``config_file``, default $OS_CLIENT_CONFIG_FILE); ``api_timeout`` bounds
    each request (the bench sets one, a restart of the shared cloud can leave a request hanging); ``read_retries``
    are the pauses before a failed (5xx) GET is asked again.
    """

    read_retries = READ_RETRIES

    def __init__(self, cloud=ADMIN_CLOUD, api_timeout=None, config_file=None):
        import openstack
        import openstack.config
        import openstack.connection

        self.cloud = cloud
        if config_file:
            region = openstack.config.OpenStackConfig(config_files=[config_file]).get_one(cloud=cloud)
            if api_timeout:
                region.config['api_timeout'] = api_timeout
            self.conn = openstack.connection.Connection(config=region)
        else:
            self.conn = openstack.connect(cloud=cloud, api_timeout=api_timeout)
        self.bs = self.conn.block_storage

    @property
    def project_id(self):
        return self.conn.current_project_id

    # ---- requests: the response as it came (for tests that assert status codes) -------------------------

    def get(self, path, params=None, microversion=None):
        return self.bs.get(path, params=params, microversion=microversion, raise_exc=False)

    def post(self, path, body=None, microversion=None):
        return self.bs.post(path, json=body, microversion=microversion, raise_exc=False)

    def put(self, path, body=None, microversion=None):
        return self.bs.put(path, json=body, microversion=microversion, raise_exc=False)

    def delete(self, path, microversion=None):
        """DELETE of an API record that is no backend object (a volume transfer, a user message)."""
        if path.startswith(('/volumes', '/snapshots', '/backups', '/groups')):
            raise RawCinderError('raw_cinder never deletes volumes, snapshots, backups or groups (%s): unmanage them'
                                 % path)
        return self.bs.delete(path, microversion=microversion, raise_exc=False)

    def call(self, method, path, body=None, params=None, microversion=None, ok=(200, 202, 204), missing_ok=False,
             retries=None):
        """One request; the JSON body, {} when empty, None for a 404 with ``missing_ok``; else RawCinderError.
        A GET that answers 5xx is repeated after each pause of ``retries`` (default: read_retries)."""
        started = time.monotonic()
        if method == 'get':
            response = self.get(path, params=params, microversion=microversion)
            for pause in self.read_retries if retries is None else retries:
                if response.status_code < 500:
                    break
                time.sleep(pause)
                response = self.get(path, params=params, microversion=microversion)
        elif method == 'delete':
            response = self.delete(path, microversion=microversion)
        else:
            response = getattr(self, method)(path, body, microversion=microversion)
        if missing_ok and response.status_code == 404:
            return None
        if response.status_code not in ok:
            raise RawCinderError('%s %s: HTTP %s after %.1f s: %s'
                                 % (method.upper(), path, response.status_code, time.monotonic() - started,
                                    (response.text or '')[:500]),
                                 status_code=response.status_code, body=response.text,
                                 seconds=time.monotonic() - started)
        if response.status_code == 204 or not response.content:
            return {}
        return response.json()

    def get_json(self, path, params=None, microversion=None, missing_ok=False, retries=None):
        return self.call('get', path, params=params, microversion=microversion, missing_ok=missing_ok,
                         retries=retries)

    def _paged(self, path, key, params, microversion=None):
        """Every item of a list call, following id markers."""
        items, marker = [], None
        while True:
            page_params = dict(params, limit=PAGE)
            if marker:
                page_params['marker'] = marker
            page = self.get_json(path, params=page_params, microversion=microversion).get(key, [])
            items.extend(page)
            if len(page) < PAGE:
                return records(items)
            marker = page[-1]['id']

    # ---- discovery ---------------------------------------------------------------------------------------

    def pools(self, detail=True):
        return records(self.get_json('/scheduler-stats/get_pools',
                                     params={'detail': 'true'} if detail else None).get('pools', []))

    def services(self, binary=None):
        params = {'binary': binary} if binary else None
        return records(self.get_json('/os-services', params=params, microversion=MV_SERVICE_CLUSTER)['services'])

    def types(self):
        """Every volume type, private ones too."""
        return records(self.get_json('/types', params={'is_public': 'None'})['volume_types'])

    def type_id(self, name):
        for vtype in self.types():
            if vtype['name'] == name:
                return vtype['id']
        raise RawCinderError('no volume type named %s' % name)

    def default_type(self):
        body = self.get_json('/types/default', missing_ok=True)
        return None if body is None else Record(body['volume_type'])

    def backends_ready(self, pool_hosts, service_hosts=None):
        """The scheduler knows every pool (with its capacity) and every volume service is up (by default the
        pools' own: host@backend): after a restart the scheduler answers manage requests with NoValidBackend
        until the first capability report. A clustered backend's pool is named after its cluster, so pass its
        member's service host too."""
        try:
            pools = self.pools()
            services = self.services()
        except Exception:  # noqa: BLE001 - connection refused while the cloud restarts
            return False
        names = set(p['name'] for p in pools if (p.get('capabilities') or {}).get('free_capacity_gb') is not None)
        up = set(s['host'] for s in services if s['binary'] == 'cinder-volume' and s['state'] == 'up')
        scheduler = any(s['binary'] == 'cinder-scheduler' and s['state'] == 'up' for s in services)
        if service_hosts is None:
            service_hosts = [pool.split('#')[0] for pool in pool_hosts]
        return scheduler and all(pool in names for pool in pool_hosts) and all(s in up for s in service_hosts)

    # ---- volumes -----------------------------------------------------------------------------------------

    def volumes(self, all_tenants=True, project=None, host=None, name=None, prefix=None, metadata=None,
                source=None, microversion=None):
        """Volumes (detail) filtered by project, pool host, exact name, name prefix, metadata items, or the
        ``source`` name of the adoption record. Every page; the filters are applied here as well, so an
        answer is exact whatever Cinder does with the query."""
        params = {}
        if all_tenants:
            params['all_tenants'] = 'True'
        if project:
            params['project_id'] = project
        if name is not None:
            params['name'] = name
        found = []
        for volume in self._paged('/volumes/detail', 'volumes', params, microversion):
            if project and volume.get('os-vol-tenant-attr:tenant_id') != project:
                continue
            if host and volume.get('os-vol-host-attr:host') != host:
                continue
            if name is not None and volume.get('name') != name:
                continue
            if prefix is not None and not (volume.get('name') or '').startswith(prefix):
                continue
            if metadata and any((volume.get('metadata') or {}).get(k) != v for k, v in metadata.items()):
                continue
            if source is not None and source_name(volume) != source:
                continue
            found.append(volume)
        return found

    def adopted_volumes(self, prefix='', host=None):
        """{original backend name: volume} of the volumes this collection adopted from objects named prefix*
        (the adoption record ``stackadopt_ref`` in their metadata), on one pool host when given."""
        found = {}
        for volume in self.volumes(host=host):
            original = source_name(volume)
            if original is not None and original.startswith(prefix):
                found[original] = volume
        return found

    def volume(self, volume_id, microversion=MV_VOLUME_CLUSTER):
        """The volume as an admin sees it (3.61: with cluster_name), or None when Cinder does not know it."""
        body = self.get_json('/volumes/%s' % volume_id, microversion=microversion, missing_ok=True)
        return None if body is None else Record(body['volume'])

    def volume_tenant(self, volume_id):
        """The project that owns the volume (``os-vol-tenant-attr:tenant_id``, admin only)."""
        volume = self.volume(volume_id)
        return None if volume is None else volume.get('os-vol-tenant-attr:tenant_id')

    def volume_image_metadata(self, volume_id):
        """The volume's image metadata (what Nova and Glance read of a boot disk), {} when it has none."""
        body = self.call('post', '/volumes/%s/action' % volume_id, {'os-show_image_metadata': None}, ok=(200,))
        return body.get('metadata') or {}

    def set_volume_image_metadata(self, volume_id, metadata):
        self.call('post', '/volumes/%s/action' % volume_id, {'os-set_image_metadata': {'metadata': metadata}},
                  ok=(200,))

    def manage_volume(self, host=None, ref=None, source_name=None, cluster=None, name=None, volume_type=None,
                      microversion=None, **fields):
        """POST /manageable_volumes; the new volume record (status managing). ``fields``: description,
        availability_zone, metadata, bootable."""
        body = dict(fields, ref=ref if ref is not None else {'source-name': source_name})
        if cluster:
            body['cluster'] = cluster
            microversion = microversion or MV_MANAGE_CLUSTER
        else:
            body['host'] = host
        if name is not None:
            body['name'] = name
        if volume_type is not None:
            body['volume_type'] = volume_type
        return Record(self.call('post', '/manageable_volumes', {'volume': body}, microversion=microversion or MV_MANAGE,
                                ok=(202,))['volume'])

    def unmanage_volume(self, volume_id, missing_ok=True):
        """os-unmanage: Cinder forgets the volume, the backend object and its data stay."""
        ok = (202, 404) if missing_ok else (202,)
        self.call('post', '/volumes/%s/action' % volume_id, {'os-unmanage': None}, ok=ok)

    def reset_status(self, volume_id, status, kind='volume'):
        """os-reset_status (admin, no backend action): a record a restart left in managing/unmanaging."""
        self.call('post', '/%ss/%s/action' % (kind, volume_id), {'os-reset_status': {'status': status}},
                  ok=(202, 404))

    # ---- snapshots ---------------------------------------------------------------------------------------

    def snapshots(self, all_tenants=True, project=None, volume_id=None, name=None, prefix=None, metadata=None):
        params = {'all_tenants': 'True'} if all_tenants else {}
        if project:
            params['project_id'] = project
        if volume_id:
            params['volume_id'] = volume_id
        found = []
        for snap in self._paged('/snapshots/detail', 'snapshots', params):
            if project and snap.get('os-extended-snapshot-attributes:project_id') != project:
                continue
            if volume_id and snap.get('volume_id') != volume_id:
                continue
            if name is not None and snap.get('name') != name:
                continue
            if prefix is not None and not (snap.get('name') or '').startswith(prefix):
                continue
            if metadata and any((snap.get('metadata') or {}).get(k) != v for k, v in metadata.items()):
                continue
            found.append(snap)
        return found

    def snapshot(self, snapshot_id):
        body = self.get_json('/snapshots/%s' % snapshot_id, missing_ok=True)
        return None if body is None else Record(body['snapshot'])

    def manage_snapshot(self, volume_id, ref=None, source_name=None, name=None, **fields):
        """POST /manageable_snapshots under the Cinder volume ``volume_id``; the record (status managing)."""
        body = dict(fields, volume_id=volume_id, ref=ref if ref is not None else {'source-name': source_name})
        if name is not None:
            body['name'] = name
        return Record(self.call('post', '/manageable_snapshots', {'snapshot': body}, microversion=MV_MANAGE,
                                ok=(202,))['snapshot'])

    def unmanage_snapshot(self, snapshot_id, missing_ok=True):
        self.call('post', '/snapshots/%s/action' % snapshot_id, {'os-unmanage': None},
                  ok=(202, 404) if missing_ok else (202,))

    # ---- manageable listings -----------------------------------------------------------------------------

    def manageable_pages(self, kind='volumes', host=None, cluster=None, detail=True, page_size=PAGE, sort=None,
                         retries=None):
        """Cinder's manageable listing page by page, as the collection's client pages it (the JSON reference of
        the last entry as the next marker); yields (page, seconds). A failed page raises RawCinderError with
        ``status_code`` and ``seconds`` (an LVM backend too large for the RPC timeout answers 500 after it; the
        bench passes retries=() so that it is not asked three times)."""
        path = '/manageable_%s%s' % (kind, '/detail' if detail else '')
        key = 'manageable-%s' % kind
        params = {'cluster': cluster} if cluster else {'host': host}
        if sort:
            params['sort'] = sort
        microversion = MV_MANAGE_LIST_CLUSTER if cluster else MV_MANAGE
        marker = None
        while True:
            page_params = dict(params, limit=page_size)
            if marker is not None:
                page_params['marker'] = json.dumps(marker, sort_keys=True)
            started = time.monotonic()
            page = self.get_json(path, params=page_params, microversion=microversion, retries=retries).get(key, [])
            yield records(page), time.monotonic() - started
            if len(page) < page_size:
                return
            marker = page[-1].get('reference')

    def manageable_volumes(self, host=None, cluster=None, detail=True):
        return [entry for page, _secs in self.manageable_pages('volumes', host, cluster, detail) for entry in page]

    def manageable_snapshots(self, host=None, cluster=None, detail=True):
        return [entry for page, _secs in self.manageable_pages('snapshots', host, cluster, detail) for entry in page]

    # ---- waiting -----------------------------------------------------------------------------------------

    def wait_volume(self, volume_id, want='available', ok_while=('creating', 'managing'), timeout=120, poll=0.3,
                    kind='volume'):
        """Poll one volume (or snapshot) until it is ``want``; fail as soon as it is in a status not in
        ``ok_while``, or on timeout."""
        read = self.snapshot if kind == 'snapshot' else self.volume
        deadline = time.monotonic() + timeout
        while True:
            record = read(volume_id)
            status = record.get('status') if record else None
            if status == want:
                return record
            if status not in tuple(ok_while) + (want,):
                raise RawCinderError('%s %s went to %s' % (kind, volume_id, status))
            if time.monotonic() > deadline:
                raise RawCinderError('%s %s still %s after %d s' % (kind, volume_id, status, timeout))
            time.sleep(poll)

    def wait_settled(self, ids, kind='volume', timeout=600, poll=0.25, settled=None):
        """Poll the list until every one of ``ids`` is settled (available, error, ...); {id: record}. Raises on
        timeout with what is still pending."""
        settled = settled or (SNAPSHOT_SETTLED if kind == 'snapshot' else VOLUME_SETTLED)
        pending, final = set(ids), {}
        deadline = time.monotonic() + timeout
        while pending:
            listed = self.snapshots() if kind == 'snapshot' else self.volumes()
            for record in listed:
                if record['id'] in pending and record['status'] in settled:
                    pending.discard(record['id'])
                    final[record['id']] = record
            if not pending:
                break
            if time.monotonic() > deadline:
                raise RawCinderError('%d %ss not settled after %d s: %s'
                                     % (len(pending), kind, timeout, sorted(pending)[:5]))
            time.sleep(poll)
        return final

    def wait_gone(self, ids, kind='volume', timeout=120, poll=0.3):
        """Wait until Cinder forgets every one of ``ids`` (after unmanage); the ids still there on timeout."""
        read = self.snapshot if kind == 'snapshot' else self.volume
        pending = set([ids] if isinstance(ids, str) else ids)
        deadline = time.monotonic() + timeout
        while pending:
            pending = set(i for i in pending if read(i) is not None)
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(poll)
        if pending:
            raise RawCinderError('%s(s) %s not gone after unmanage (%d s)' % (kind, sorted(pending)[:5], timeout))

    # ---- user messages, quotas, transfers ----------------------------------------------------------------

    def messages(self, resource_uuid=None, microversion=MV_MESSAGES_FILTER):
        """Cinder's user messages (why an asynchronous operation failed), oldest first; of one resource when
        given (3.5 at least: below it Cinder ignores the filter and answers every message)."""
        params = {'resource_uuid': resource_uuid} if resource_uuid else None
        body = self.get_json('/messages', params=params, microversion=microversion)
        return sorted(records(body.get('messages', [])), key=lambda m: m.get('created_at') or '')

    def quota_set(self, project=None, usage=False):
        params = {'usage': 'True'} if usage else None
        return Record(self.get_json('/os-quota-sets/%s' % (project or self.project_id), params=params)['quota_set'])

    def set_quota(self, project=None, **limits):
        body = {'quota_set': limits}
        return Record(self.call('put', '/os-quota-sets/%s' % (project or self.project_id), body,
                                ok=(200,))['quota_set'])

    def create_transfer(self, volume_id, name=None, no_snapshots=False):
        """Offer a volume to another project; the transfer with its ``auth_key`` (shown only here)."""
        body = {'transfer': {'volume_id': volume_id, 'no_snapshots': no_snapshots}}
        if name:
            body['transfer']['name'] = name
        return Record(self.call('post', '/volume-transfers', body, microversion=MV_TRANSFER, ok=(202,))['transfer'])

    def accept_transfer(self, transfer_id, auth_key):
        """Accept as the receiving project (connect with that project's cloud)."""
        body = {'accept': {'auth_key': auth_key}}
        return Record(self.call('post', '/volume-transfers/%s/accept' % transfer_id, body, microversion=MV_TRANSFER,
                                ok=(202,))['transfer'])

    def transfers(self, all_tenants=True):
        params = {'all_tenants': 'True'} if all_tenants else None
        return records(self.get_json('/volume-transfers/detail', params=params,
                                     microversion=MV_TRANSFER)['transfers'])

    def cancel_transfer(self, transfer_id):
        """Withdraw an offer that was not accepted (the volume stays with its project)."""
        self.call('delete', '/volume-transfers/%s' % transfer_id, microversion=MV_TRANSFER, ok=(202, 204, 404))


# ---- command line: out-of-band reads for the Ansible integration targets -----------------------------------

def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        raise SystemExit(__doc__)
    what, value = argv
    cinder = connect(os.environ.get('STACKADOPT_RAW_CINDER_CLOUD', ADMIN_CLOUD))
    if what == 'volume':
        out = cinder.volume(value)
    elif what == 'volumes-named':
        out = cinder.volumes(name=value)
    elif what == 'type-id':
        out = cinder.type_id(value)
    elif what == 'snapshot':
        out = cinder.snapshot(value)
    elif what == 'tenant':
        out = cinder.volume_tenant(value)
    elif what == 'image-metadata':
        out = cinder.volume_image_metadata(value)
    elif what == 'messages':
        out = cinder.messages(value)
    else:
        raise SystemExit('unknown query %s\n%s' % (what, __doc__))
    print(json.dumps(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
