"""Adoption into tenant projects, quota before writes, image metadata, transfers (FakeCinder + FakeKeystone)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.bulk import BulkManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.volume import VolumeManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import ADMIN_PROJECT, FakeConnection, recorded_cinder
from ansible_collections.stackadopt.cinder.tests.unit.fake_keystone import TENANT_A, TENANT_B, FakeKeystone
from ansible_collections.stackadopt.cinder.tests.unit.plugins.module_utils._engine.test_engine_safety import (
    LV,
    bulk,
    single,
)

UEFI = {'hw_firmware_type': 'uefi', 'hw_machine_type': 'q35', 'hw_disk_bus': 'virtio', 'os_type': 'linux'}


@pytest.fixture
def cinder():
    return recorded_cinder()


@pytest.fixture
def keystone():
    return FakeKeystone()


def run(cinder, keystone, params, manager=VolumeManageManager, check_mode=False):
    client = CinderClient(FakeConnection(cinder, keystone), sleep=lambda seconds: None)
    return manager(client, params, check_mode=check_mode).run()


def fails(cinder, keystone, params, manager=VolumeManageManager, check_mode=False):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, keystone, params, manager, check_mode)
    return error.value


# ---- project ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('project', ['tenant-a', TENANT_A])
def test_adopt_into_a_tenant_project_by_name_or_id_then_rerun_is_unchanged(cinder, keystone, project):
    plan = run(cinder, keystone, single(project=project), check_mode=True)
    assert plan['changed'] is True and plan['volume']['project_id'] == TENANT_A
    assert plan['project'] == {'id': TENANT_A, 'name': 'tenant-a'}
    adopted = run(cinder, keystone, single(project=project))
    volume = cinder.volumes[adopted['volume']['id']]
    assert volume['os-vol-tenant-attr:tenant_id'] == TENANT_A
    assert adopted['project'] == {'id': TENANT_A, 'name': 'tenant-a'}
    again = run(cinder, keystone, single(project=project))
    assert again['changed'] is False and again['volume']['id'] == adopted['volume']['id']


def test_a_project_without_a_role_fails_before_any_write_naming_the_fix(cinder, keystone):
    for check_mode in (True, False):
        error = fails(cinder, keystone, single(project='tenant-b'), check_mode=check_mode)
        assert "project 'tenant-b' (%s)" % TENANT_B in error.msg and 'openstack role add' in error.msg
        assert 'Nothing was written' in error.msg and error.details['field'] == 'project'
    assert cinder.writes() == []


def test_a_member_role_is_not_enough(cinder, keystone):
    keystone.assignments[TENANT_B] = ['member']
    error = fails(cinder, keystone, single(project='tenant-b'))
    assert 'but not admin' in error.msg and cinder.writes() == []


def test_an_unknown_project_fails_with_close_names(cinder, keystone):
    error = fails(cinder, keystone, single(project='tenant-c'))
    assert "project 'tenant-c'" in error.msg and 'tenant-a' in error.msg and cinder.writes() == []


def test_an_adopted_volume_in_another_project_fails_by_default_and_transfer_moves_it(cinder, keystone):
    adopted = run(cinder, keystone, single())
    volume_id = adopted['volume']['id']
    assert cinder.volumes[volume_id]['os-vol-tenant-attr:tenant_id'] == ADMIN_PROJECT
    error = fails(cinder, keystone, single(project='tenant-a'))
    assert 'transfer: true' in error.msg and ADMIN_PROJECT in error.msg
    plan = run(cinder, keystone, single(project='tenant-a', transfer=True), check_mode=True)
    assert plan['changed'] is True and plan['diff']['after']['project_id'] == TENANT_A
    assert plan['diff']['before']['project_id'] == ADMIN_PROJECT
    assert cinder.volumes[volume_id]['os-vol-tenant-attr:tenant_id'] == ADMIN_PROJECT
    moved = run(cinder, keystone, single(project='tenant-a', transfer=True))
    assert moved['changed'] is True and cinder.volumes[volume_id]['os-vol-tenant-attr:tenant_id'] == TENANT_A
    again = run(cinder, keystone, single(project='tenant-a', transfer=True))
    assert again['changed'] is False and again['volume']['id'] == volume_id


def test_bulk_takes_a_default_project_overridden_per_object(cinder, keystone):
    result = run(cinder, keystone, bulk(project='tenant-a', volumes=[
        {'source_name': LV}, {'source_name': 'rec_app02', 'project': 'admin'}]), BulkManageManager)
    owners = dict((item['source_name'], (item['project_id'], item['project_name'])) for item in result['volumes'])
    assert owners == {LV: (TENANT_A, 'tenant-a'), 'rec_app02': (ADMIN_PROJECT, 'admin')}
    assert sorted(v['os-vol-tenant-attr:tenant_id'] for v in cinder.volumes.values()) == sorted(
        [TENANT_A, ADMIN_PROJECT])


# ---- quota -----------------------------------------------------------------------------------------------------

def test_a_quota_shortfall_is_predicted_and_refused_before_any_write_with_the_numbers(cinder, keystone):
    cinder.project_quotas[TENANT_A] = {'volumes': 1, 'gigabytes': 1000}
    params = bulk(project='tenant-a', select={'include': ['^rec_app']})
    for check_mode in (True, False):
        error = fails(cinder, keystone, params, BulkManageManager, check_mode)
        assert "project 'tenant-a'" in error.msg and 'volumes: 2 needed, 1 left (limit 1, in use 0' in error.msg
        assert 'Nothing was written' in error.msg
        assert error.details['quota_shortfalls'][0]['key'] == 'volumes'
    assert cinder.writes() == []


def test_unlimited_quota_passes_and_per_type_keys_count(cinder, keystone):
    cinder.project_quotas[TENANT_A] = {'volumes': -1, 'gigabytes_lvm-a': 0}
    error = fails(cinder, keystone, single(project='tenant-a', volume_type='lvm-a'))
    assert 'gigabytes_lvm-a' in error.msg
    cinder.project_quotas[TENANT_A] = {'volumes': -1}
    assert run(cinder, keystone, single(project='tenant-a', volume_type='lvm-a'))['changed'] is True


# ---- image metadata ------------------------------------------------------------------------------------------------

def test_image_metadata_is_set_after_manage_converged_and_predicted(cinder, keystone):
    plan = run(cinder, keystone, single(bootable=True, image_metadata=UEFI), check_mode=True)
    assert plan['volume']['volume_image_metadata'] == UEFI
    adopted = run(cinder, keystone, single(bootable=True, image_metadata=UEFI))
    assert adopted['volume']['volume_image_metadata'] == UEFI and adopted['volume']['is_bootable'] is True
    assert run(cinder, keystone, single(image_metadata=UEFI))['changed'] is False
    changed = dict(UEFI, hw_disk_bus='scsi', hw_scsi_model='virtio-scsi')
    plan = run(cinder, keystone, single(image_metadata=changed), check_mode=True)
    assert plan['changed'] is True and plan['diff']['after']['image_metadata']['hw_disk_bus'] == 'scsi'
    assert plan['diff']['before']['image_metadata']['hw_disk_bus'] == 'virtio'
    result = run(cinder, keystone, single(image_metadata=changed))
    assert result['volume']['volume_image_metadata'] == changed


def test_bulk_sets_image_metadata_per_object(cinder, keystone):
    result = run(cinder, keystone, bulk(image_metadata={'os_type': 'linux'}, volumes=[
        {'source_name': LV, 'bootable': True, 'image_metadata': {'hw_firmware_type': 'uefi'}}]), BulkManageManager)
    volume = cinder.volumes[result['volumes'][0]['volume_id']]
    assert volume['volume_image_metadata'] == {'os_type': 'linux', 'hw_firmware_type': 'uefi'}
    assert volume['bootable'] == 'true'


# ---- release -------------------------------------------------------------------------------------------------------

def test_releasing_a_volume_with_snapshots_names_them_and_writes_nothing(cinder, keystone):
    adopted = run(cinder, keystone, single())
    volume_id = adopted['volume']['id']
    cinder.snapshots['s1'] = dict(id='s1', name='nightly', volume_id=volume_id, status='available', metadata={},
                                  size=1)
    writes = len(cinder.writes())
    error = fails(cinder, keystone, single(state='absent', id=volume_id))
    assert 's1 (nightly)' in error.msg and 'cinder_snapshot_manage' in error.msg
    assert error.details['snapshot_ids'] == ['s1'] and len(cinder.writes()) == writes


def test_bulk_release_with_release_snapshots_releases_them_first(cinder, keystone):
    adopted = run(cinder, keystone, single())
    volume_id = adopted['volume']['id']
    cinder.snapshots['s1'] = dict(id='s1', name='nightly', volume_id=volume_id, status='available', metadata={},
                                  size=1)
    plan = run(cinder, keystone, bulk(state='absent', select={'include': ['.*']}, release_snapshots=True),
               BulkManageManager, check_mode=True)
    assert [s['status'] for s in plan['snapshots']] == ['would_release']
    assert [v['status'] for v in plan['volumes']] == ['would_release']
    done = run(cinder, keystone, bulk(state='absent', select={'include': ['.*']}, release_snapshots=True),
               BulkManageManager)
    assert [s['status'] for s in done['snapshots']] == ['released']
    assert [v['status'] for v in done['volumes']] == ['released']
    assert cinder.snapshots == {} and cinder.volumes == {}
