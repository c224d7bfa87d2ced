# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resolve the ``host``/``cluster`` an operator named to a backend Cinder really has, and its driver profile."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._adoption_record import backend_of
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import select_profile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class Backend(object):
    """Where objects are adopted: a pool host, or a cluster with the pools of its hosts."""

    def __init__(self, host, cluster, pools, driver='auto'):
        self.host = host
        self.cluster = cluster
        self.pools = pools
        self.profile = select_profile(driver, self.capabilities)

    @property
    def label(self):
        return "cluster '%s'" % self.cluster if self.cluster else "host '%s'" % self.host

    @property
    def pool_names(self):
        return [pool['name'] for pool in self.pools]

    @property
    def capabilities(self):
        return (self.pools[0].get('capabilities') or {}) if self.pools else {}


def resolve_backend(client, host=None, cluster=None, driver='auto'):
    if bool(host) == bool(cluster):
        raise CinderAdoptError('Give exactly one of host (host@backend#pool) or cluster to say where the object '
                               'lives.', field='host')
    pools = client.pools()
    if cluster:
        host_pools = _cluster_pools(client, cluster, pools)
        host = None
    else:
        host, host_pools = _host_pool(host, pools)
        require_service_up(client, host)
    return Backend(host, cluster, host_pools, driver)


def _host_pool(host, pools):
    names = sorted(pool['name'] for pool in pools)
    if '#' in host:
        matching = [pool for pool in pools if pool['name'] == host]
    else:
        matching = [pool for pool in pools if backend_of(pool['name']) == host]
    if len(matching) == 1:
        return matching[0]['name'], matching
    if not matching:
        raise CinderAdoptError("host '%s' is not a volume backend pool Cinder knows. Pools Cinder reports: %s. "
                               "Give host as host@backend#pool." % (host, ', '.join(names) or 'none'),
                               field='host', valid_hosts=names)
    raise CinderAdoptError("host '%s' has several pools (%s); name one as host@backend#pool."
                           % (host, ', '.join(pool['name'] for pool in matching)), field='host',
                           valid_hosts=[pool['name'] for pool in matching])


def require_service_up(client, host):
    backend = backend_of(host)
    for service in client.volume_services():
        if service.get('host') == backend and service.get('state') != 'up':
            state, status = service.get('state'), service.get('status')
            raise CinderAdoptError("The cinder-volume service of '%s' is %s (status %s); Cinder cannot manage "
                                   "objects there until it is up." % (backend, state, status), field='host')


def _cluster_pools(client, cluster, pools):
    services = client.volume_services()
    clusters = sorted(set(service['cluster'] for service in services if service.get('cluster')))
    if cluster not in clusters:
        raise CinderAdoptError("cluster '%s' is not a Cinder volume cluster. %s" % (
            cluster, 'Clusters Cinder reports: %s.' % ', '.join(clusters) if clusters
            else 'This cloud runs no clustered volume service; give host (host@backend#pool) instead.'),
            field='cluster', valid_clusters=clusters)
    members = set(service['host'] for service in services if service.get('cluster') == cluster)
    return [pool for pool in pools if backend_of(pool['name']) in members]
