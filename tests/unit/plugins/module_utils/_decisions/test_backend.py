"""Resolving host/cluster against the services and pools recorded from the test cloud (a clustered ceph backend)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.backend import (
    backend_of_volume,
    resolve_backend,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture


class RecordedClient(object):
    def __init__(self):
        self.reads = []

    def pools(self):
        self.reads.append('pools')
        return load_fixture('testcloud', 'cluster', 'pools.json')['pools']

    def volume_services(self):
        self.reads.append('services')
        return load_fixture('testcloud', 'cluster', 'services.json')['services']


@pytest.fixture
def client():
    return RecordedClient()


def test_a_plain_host_maps_to_its_own_pool(client):
    backend = resolve_backend(client, host='testcloud@lvm-a')
    assert backend.host == 'testcloud@lvm-a#lvm-a' and backend.cluster is None
    assert [pool['name'] for pool in backend.pools] == ['testcloud@lvm-a#lvm-a']
    assert backend.members == ['testcloud@lvm-a'] and backend.profile.name == 'lvm'
    assert sorted(client.reads) == ['pools', 'services']


def test_a_member_host_maps_to_the_pool_cinder_names_by_its_cluster(client):
    backend = resolve_backend(client, host='testcloud@ceph#ceph')
    assert backend.host == 'testcloud@ceph#ceph'
    assert [pool['name'] for pool in backend.pools] == ['testcluster@ceph#ceph']
    assert backend.profile.name == 'rbd'


def test_a_cluster_takes_the_pools_named_by_it_and_knows_its_members(client):
    backend = resolve_backend(client, cluster='testcluster@ceph')
    assert backend.host is None and backend.label == "cluster 'testcluster@ceph'"
    assert [pool['name'] for pool in backend.pools] == ['testcluster@ceph#ceph']
    assert backend.members == ['testcloud@ceph'] and backend.profile.name == 'rbd'


def test_an_unknown_host_lists_what_can_be_given_as_host(client):
    with pytest.raises(CinderAdoptError) as error:
        resolve_backend(client, host='testcloud@lvm-c#lvm-c')
    assert error.value.details['valid_hosts'] == ['testcloud@ceph#ceph', 'testcloud@lvm-a#lvm-a',
                                                  'testcloud@lvm-b#lvm-b']
    assert 'testcloud@ceph#ceph' in error.value.msg and 'testcluster' not in error.value.msg


def test_a_volume_on_a_member_host_finds_its_backend(client):
    volume = {'id': 'v1', 'os-vol-host-attr:host': 'testcloud@ceph#ceph'}
    backend = backend_of_volume(client, volume)
    assert [pool['name'] for pool in backend.pools] == ['testcluster@ceph#ceph'] and backend.profile.name == 'rbd'
    assert backend.members == ['testcloud@ceph']
