# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resolve the ``host``/``cluster`` an operator named to a backend Cinder really has, and its driver profile.

Cinder names a pool after the service that reports it: ``host@backend#pool``, or ``cluster@backend#pool`` when
that cinder-volume service is a member of a cluster (active-active). Operators may still address a clustered
backend by a member's ``host@backend#pool`` (Cinder's manage and listing APIs accept it), so a host is mapped
through the services to the pool name the scheduler reports.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import backend_of, same_backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.generic import GenericProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import (
    AUTO,
    detect_profile,
    select_profile,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class Backend(object):
    """Where objects are adopted: a pool host, or a cluster with its pools.

    ``members`` are the ``host@backend`` names of the cinder-volume services that serve it: the value a volume's
    ``os-vol-host-attr:host`` starts with, whichever way it was adopted.
    """

    def __init__(self, host, cluster, pools, driver='auto', members=None):
        self.host = host
        self.cluster = cluster
        self.pools = pools
        self.members = list(members) if members else ([backend_of(host)] if host else [])
        self.profile = select_profile(driver, self.capabilities)
        detected = detect_profile(self.capabilities)
        # generic claims nothing about a driver (no rename rule, the common ref keys), so it contradicts none.
        if driver not in (None, AUTO, GenericProfile.name) and detected.name not in (GenericProfile.name,
                                                                                    self.profile.name):
            raise CinderAdoptError(
                "driver '%s' contradicts %s: Cinder reports its pool with the capabilities of the '%s' driver "
                "(vendor_name '%s', location_info '%s'). Give driver: %s, or driver: auto to take it from the pool."
                % (driver, self.label, detected.name, self.capabilities.get('vendor_name'),
                   self.capabilities.get('location_info'), detected.name),
                field='driver', detected_driver=detected.name)

    def holds(self, volume):
        """Whether a raw Cinder volume lives on this backend (whichever member service serves it)."""
        return same_backend(volume.get('os-vol-host-attr:host'), self.members)

    @property
    def label(self):
        return "cluster '%s'" % self.cluster if self.cluster else "host '%s'" % self.host

    @property
    def capabilities(self):
        return (self.pools[0].get('capabilities') or {}) if self.pools else {}


def resolve_backend(client, host=None, cluster=None, driver='auto'):
    if bool(host) == bool(cluster):
        raise CinderAdoptError('Give exactly one of host (host@backend#pool) or cluster to say where the object '
                               'lives.', field='host')
    pools = client.pools()
    services = client.volume_services()
    if cluster:
        return Backend(None, cluster, _cluster_pools(cluster, pools, services), driver,
                       members=_members(services, cluster))
    host, host_pools = _host_pool(host, pools, services)
    _require_up(services, host)
    return Backend(host, None, host_pools, driver)


def backend_of_volume(client, volume, driver='auto', require_up=False):
    """The backend serving an existing volume, from its ``os-vol-host-attr:host`` (no pool needs to match)."""
    host = volume.get('os-vol-host-attr:host')
    services = client.volume_services()
    if require_up:
        _require_up(services, host)
    return Backend(host, None, _pools_of(client.pools(), services, host), driver)


def _pool_part(name):
    return name.split('#', 1)[1] if '#' in (name or '') else None


def _pool_owner(services, member):
    """The name Cinder's scheduler gives the pools of ``member`` (``host@backend``): its cluster's, if any."""
    for service in services:
        if service.get('host') == member and service.get('cluster'):
            return service['cluster']
    return member


def _pools_of(pools, services, host):
    """The pools ``host`` (``host@backend[#pool]``) names, under the name the scheduler reports them by."""
    owner, pool_part = _pool_owner(services, backend_of(host)), _pool_part(host)
    return [pool for pool in pools
            if backend_of(pool['name']) == owner and pool_part in (None, _pool_part(pool['name']))]


def _members(services, cluster):
    return sorted(set(service['host'] for service in services if service.get('cluster') == cluster))


def _host_choices(pools, services):
    """Every ``host@backend#pool`` value that names a pool: clustered pools by each member's host."""
    choices = []
    for pool in pools:
        owner, pool_part = backend_of(pool['name']), _pool_part(pool['name'])
        members = _members(services, owner)
        choices.extend(['%s#%s' % (member, pool_part) for member in members] if members else [pool['name']])
    return sorted(choices)


def _host_pool(host, pools, services):
    """``(host@backend#pool, [pool])`` for the host an operator named; the host keeps the member's name."""
    member, pool_part = backend_of(host), _pool_part(host)
    choices = _host_choices(pools, services)
    cluster_members = _members(services, member)
    if cluster_members and not any(service.get('host') == member for service in services):
        # Cinder finds services by host only: a cluster's pool name given as host would 404 in every call.
        member_hosts = ', '.join('%s#%s' % (name, pool_part or '<pool>') for name in cluster_members)
        raise CinderAdoptError(
            "host '%s' is the pool name of cluster '%s', not a host. Give cluster: %s, or host as one of its "
            "members: %s." % (host, member, member, member_hosts),
            field='host', valid_hosts=choices, valid_clusters=[member])
    matching = _pools_of(pools, services, host)
    # The member's name for each pool: what Cinder's manage and listing calls accept as host.
    hosts = ['%s#%s' % (member, _pool_part(pool['name'])) for pool in matching]
    if len(matching) == 1:
        return hosts[0], matching
    if not matching:
        raise CinderAdoptError("host '%s' is not a volume backend pool Cinder knows. Volume hosts Cinder reports: "
                               "%s. Give host as host@backend#pool." % (host, ', '.join(choices) or 'none'),
                               field='host', valid_hosts=choices)
    raise CinderAdoptError("host '%s' has several pools (%s); name one as host@backend#pool."
                           % (host, ', '.join(hosts)), field='host', valid_hosts=hosts)


def _require_up(services, host):
    member = backend_of(host)
    for service in services:
        if service.get('host') == member and service.get('state') != 'up':
            state, status = service.get('state'), service.get('status')
            raise CinderAdoptError("The cinder-volume service of '%s' is %s (status %s); Cinder cannot manage "
                                   "objects there until it is up." % (member, state, status), field='host')


def _cluster_pools(cluster, pools, services):
    clusters = sorted(set(service['cluster'] for service in services if service.get('cluster')))
    if cluster not in clusters:
        raise CinderAdoptError("cluster '%s' is not a Cinder volume cluster. %s" % (
            cluster, 'Clusters Cinder reports: %s.' % ', '.join(clusters) if clusters
            else 'This cloud runs no clustered volume service; give host (host@backend#pool) instead.'),
            field='cluster', valid_clusters=clusters)
    return [pool for pool in pools if backend_of(pool['name']) == cluster]
