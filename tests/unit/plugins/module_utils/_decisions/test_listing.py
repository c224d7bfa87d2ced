"""Entries of a listing made outside Cinder, shaped and completed as Cinder's drivers would list them."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.backend import Backend
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.listing import external_entries
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

VOLUME_ID = '3fd5b131-9977-44f6-9377-177bb5580852'


@pytest.fixture
def lvm_backend():
    pools = [pool for pool in load_fixture('testcloud', 'pools.json')['pools'] if pool['name'].endswith('lvm-a')]
    return Backend('testcloud@lvm-a#lvm-a', None, pools)


def test_the_lvm_profile_reads_the_volume_group_from_location_info(lvm_backend):
    assert lvm_backend.profile.container(lvm_backend.capabilities) == 'stackadopt-a'
    assert Backend('x@y#z', None, [], driver='generic').profile.container({}) is None


def test_a_volume_named_lv_is_already_managed_even_when_open_as_the_driver_orders_it(lvm_backend):
    entries = external_entries(lvm_backend.profile, lvm_backend, [
        {'source_name': 'volume-' + VOLUME_ID, 'size': 1, 'safe_to_manage': False, 'reason_not_safe': 'volume in use'},
        {'source_name': 'volume-00000000-0000-0000-0000-000000000000', 'size': 1},
        {'reference': {'source-name': 'lv_busy'}, 'size': 2, 'safe_to_manage': False,
         'reason_not_safe': 'volume in use'},
        {'source_name': 'lv_free', 'size': 3, 'extra_info': 'x'},
    ], 'stackadopt-a', {VOLUME_ID: {'id': VOLUME_ID}})
    assert [(entry['reference']['source-name'], entry['safe_to_manage'], entry['reason_not_safe'], entry['cinder_id'])
            for entry in entries] == [
        ('volume-' + VOLUME_ID, False, 'already managed', VOLUME_ID),
        # Named like a volume this backend does not hold: the LVM driver lists it as safe too.
        ('volume-00000000-0000-0000-0000-000000000000', True, None, None),
        ('lv_busy', False, 'volume in use', None),
        ('lv_free', True, None, None),
    ]
    assert entries[3]['size'] == 3 and entries[3]['extra_info'] == 'x'


def test_an_entry_without_a_name_and_another_volume_group_are_refused(lvm_backend):
    with pytest.raises(CinderAdoptError) as error:
        external_entries(lvm_backend.profile, lvm_backend, [{'size': 1}], None, {})
    assert error.value.details['field'] == 'listing' and 'listing[0]' in error.value.msg
    with pytest.raises(CinderAdoptError) as error:
        external_entries(lvm_backend.profile, lvm_backend, [], 'cinder-volumes', {})
    assert error.value.details == {'field': 'listing_container', 'listing_container': 'cinder-volumes',
                                   'backend_container': 'stackadopt-a'}


@pytest.fixture
def rbd_backend():
    pools = [pool for pool in load_fixture('rbd', 'get_pools.json')['pools'] if pool['name'] == 'controller@ceph#ceph']
    return Backend(pools[0]['name'], None, pools)


def test_an_rbd_listing_must_come_from_the_backends_pool(rbd_backend):
    assert rbd_backend.profile.name == 'rbd'
    entries = external_entries(rbd_backend.profile, rbd_backend, [
        {'source_name': 'volume-' + VOLUME_ID, 'size': 1, 'safe_to_manage': False,
         'reason_not_safe': 'watchers not read on the storage host (not a candidate of this run)'},
        {'source_name': 'vm-101-disk-0', 'size': 10}], 'volumes', {VOLUME_ID: {'id': VOLUME_ID}})
    assert [(entry['reference']['source-name'], entry['safe_to_manage'], entry['reason_not_safe'])
            for entry in entries] == [('volume-' + VOLUME_ID, False, 'already managed'), ('vm-101-disk-0', True, None)]
    with pytest.raises(CinderAdoptError) as error:
        external_entries(rbd_backend.profile, rbd_backend, [], 'images', {})
    assert error.value.details == {'field': 'listing_container', 'listing_container': 'images',
                                   'backend_container': 'volumes'}
