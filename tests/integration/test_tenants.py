"""Adoption into tenant projects, quota before writes, transfers and boot-disk image metadata on the real test cloud
(issue #12). The owner is checked out of band: Cinder's os-vol-tenant-attr:tenant_id, read with raw_cinder.

The test cloud has tenant-a (the admin account holds the admin role there) and tenant-b (it holds no role).
"""

import importlib
import json
import os
import subprocess
import sys
import uuid

import pytest
import raw_cinder
from ansible.module_utils.testing import patch_module_args

pytestmark = [pytest.mark.integration]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
HOST_A = 'testcloud@lvm-a#lvm-a'
UEFI = {'hw_firmware_type': 'uefi', 'hw_machine_type': 'q35', 'hw_disk_bus': 'virtio', 'hw_qemu_guest_agent': 'yes',
        'os_type': 'linux', 'os_distro': 'ubuntu'}


def tc(*args):
    return subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True, check=True, timeout=600)


class Modules(object):
    """Run a module in-process against the real cloud; (rc, result)."""

    def __init__(self, capsys):
        self.capsys = capsys

    def __call__(self, module_name, check_mode=False, **args):
        module = importlib.import_module('ansible_collections.stackadopt.cinder.plugins.modules.' + module_name)
        with patch_module_args(dict(args, cloud='stackadopt-admin', _ansible_check_mode=check_mode,
                                    _ansible_diff=True)):
            with pytest.raises(SystemExit) as exited:
                module.main()
        return exited.value.code, json.loads(self.capsys.readouterr().out)


@pytest.fixture
def cloud(testcloud_exports):
    os.environ.update(testcloud_exports)
    cinder = raw_cinder.connect()
    projects = dict((name, testcloud_exports['STACKADOPT_TESTCLOUD_%s_ID' % name.upper().replace('-', '_')])
                    for name in ('tenant-a', 'tenant-b'))
    return cinder, projects


@pytest.fixture
def lvs(cloud):
    """make(count) -> names of fresh LVs on lvm-a; whatever was adopted from them is released, the LVs removed."""
    cinder, _projects = cloud
    prefix = 'ten%s_' % uuid.uuid4().hex[:6]
    made = []

    def make(count):
        names = ['%s%d' % (prefix, len(made) + index) for index in range(count)]
        for name in names:
            tc('lv-create', 'lvm-a', name, '4M')
        made.extend(names)
        return names
    yield make
    held = [v for v in cinder.volumes(host=HOST_A) if (raw_cinder.source_name(v) or '').startswith(prefix)]
    for volume in held:
        cinder.unmanage_volume(volume.id)
    cinder.wait_gone([volume.id for volume in held])
    for name in made + ['volume-%s' % volume.id for volume in held]:
        subprocess.run([TESTCLOUD, 'lv-remove', 'lvm-a', name], capture_output=True, check=False)


@pytest.fixture
def run(capsys):
    return Modules(capsys)


@pytest.mark.parametrize('by', ['name', 'id'])
def test_adopt_into_tenant_a_by_name_or_id_then_rerun_is_unchanged(by, cloud, lvs, run):
    cinder, projects = cloud
    name = lvs(1)[0]
    project = 'tenant-a' if by == 'name' else projects['tenant-a']
    args = dict(host=HOST_A, source_name=name, project=project, volume_type='lvm-a')
    code, plan = run('cinder_volume_manage', check_mode=True, **args)
    assert code == 0 and plan['changed'] is True and plan['project']['id'] == projects['tenant-a']
    code, adopted = run('cinder_volume_manage', **args)
    assert code == 0 and adopted['changed'] is True
    assert adopted['project'] == {'id': projects['tenant-a'], 'name': 'tenant-a'}
    assert cinder.volume_tenant(adopted['volume']['id']) == projects['tenant-a']      # out of band
    code, again = run('cinder_volume_manage', **args)
    assert (code, again['changed'], again['volume']['id']) == (0, False, adopted['volume']['id'])


def test_no_role_and_unknown_projects_fail_before_any_write(cloud, lvs, run):
    cinder, _projects = cloud
    name = lvs(1)[0]
    before = sorted(v.id for v in cinder.volumes())
    code, failed = run('cinder_volume_manage', host=HOST_A, source_name=name, project='tenant-b')
    assert code == 1 and 'holds no role' in failed['msg'] and 'openstack role add' in failed['msg']
    code, failed = run('cinder_volume_manage', host=HOST_A, source_name=name, project='tenant-zz')
    assert code == 1 and "project 'tenant-zz'" in failed['msg']
    assert sorted(v.id for v in cinder.volumes()) == before


def test_a_quota_shortfall_is_predicted_and_refused_with_the_numbers(cloud, lvs, run):
    cinder, projects = cloud
    names = lvs(2)
    tc('quota', 'tenant-a', 'volumes=%d' % (len(cinder.volumes(project=projects['tenant-a'])) + 1))
    try:
        args = dict(host=HOST_A, project='tenant-a', volume_type='lvm-a', select={'include': ['^%s' % names[0][:-1]]})
        for check_mode in (True, False):
            code, failed = run('cinder_volume_bulk_manage', check_mode=check_mode, **args)
            assert code == 1 and "project 'tenant-a'" in failed['msg'] and 'volumes: 2 needed, 1 left' in failed['msg']
        assert not [v for v in cinder.volumes() if (raw_cinder.source_name(v) or '') in names]
    finally:
        tc('quota', 'tenant-a', '--reset')


def test_transfer_moves_an_adopted_volume_into_tenant_a(cloud, lvs, run):
    cinder, projects = cloud
    name = lvs(1)[0]
    code, adopted = run('cinder_volume_manage', host=HOST_A, source_name=name, volume_type='lvm-a')
    volume_id = adopted['volume']['id']
    assert cinder.volume_tenant(volume_id) != projects['tenant-a']
    code, failed = run('cinder_volume_manage', host=HOST_A, source_name=name, project='tenant-a')
    assert code == 1 and 'transfer: true' in failed['msg']
    args = dict(host=HOST_A, source_name=name, project='tenant-a', transfer=True)
    code, plan = run('cinder_volume_manage', check_mode=True, **args)
    assert plan['changed'] is True and plan['diff']['after']['project_id'] == projects['tenant-a']
    assert cinder.volume_tenant(volume_id) != projects['tenant-a']
    code, moved = run('cinder_volume_manage', **args)
    assert code == 0 and moved['changed'] is True and cinder.volume_tenant(volume_id) == projects['tenant-a']
    code, again = run('cinder_volume_manage', **args)
    assert code == 0 and again['changed'] is False and again['volume']['id'] == volume_id


def test_boot_disk_image_metadata_is_set_converged_and_predicted(cloud, lvs, run):
    cinder, _projects = cloud
    name = lvs(1)[0]
    args = dict(host=HOST_A, source_name=name, volume_type='lvm-a', bootable=True, image_metadata=UEFI)
    code, plan = run('cinder_volume_manage', check_mode=True, **args)
    assert plan['volume']['volume_image_metadata'] == UEFI
    code, adopted = run('cinder_volume_manage', **args)
    volume_id = adopted['volume']['id']
    assert cinder.volume_image_metadata(volume_id) == UEFI and cinder.volume(volume_id).bootable == 'true'
    code, again = run('cinder_volume_manage', **args)
    assert again['changed'] is False
    scsi = dict(UEFI, hw_disk_bus='scsi', hw_scsi_model='virtio-scsi')
    code, plan = run('cinder_volume_manage', check_mode=True, **dict(args, image_metadata=scsi))
    assert plan['changed'] is True and plan['diff']['after']['image_metadata']['hw_disk_bus'] == 'scsi'
    assert cinder.volume_image_metadata(volume_id)['hw_disk_bus'] == 'virtio'
    code, changed = run('cinder_volume_manage', **dict(args, image_metadata=scsi))
    assert changed['changed'] is True and cinder.volume_image_metadata(volume_id) == scsi


def test_bulk_adopts_each_object_into_its_own_project(cloud, lvs, run):
    cinder, projects = cloud
    names = lvs(2)
    args = dict(host=HOST_A, volume_type='lvm-a', project='tenant-a',
                volumes=[{'source_name': names[0]}, {'source_name': names[1], 'project': 'admin'}])
    code, adopted = run('cinder_volume_bulk_manage', **args)
    assert code == 0 and adopted['summary']['adopted'] == 2
    owners = dict((item['source_name'], item['project_name']) for item in adopted['volumes'])
    assert owners == {names[0]: 'tenant-a', names[1]: 'admin'}
    by_name = dict((raw_cinder.source_name(v), v) for v in cinder.volumes(host=HOST_A))
    assert cinder.volume_tenant(by_name[names[0]].id) == projects['tenant-a']
    assert cinder.volume_tenant(by_name[names[1]].id) != projects['tenant-a']
    code, again = run('cinder_volume_bulk_manage', **args)
    assert again['changed'] is False and again['summary']['already_managed'] == 2


def test_the_migration_example_adopts_a_vms_disks_into_its_project(cloud, lvs, cloud_env, tmp_path):
    """examples/migration: a per-VM mapping (disk -> project, name, bootable, image metadata) through the playbook."""
    cinder, projects = cloud
    disks = lvs(2)
    vms = {'vms': {'web01': {'project': 'tenant-a', 'disks': [
        {'source_name': disks[0], 'name': 'web01-boot', 'bootable': True, 'image_metadata': UEFI},
        {'source_name': disks[1], 'name': 'web01-data'}]}}}
    extra = dict(vms, migration_cinder_host=HOST_A, migration_volume_type='lvm-a', migration_cloud='stackadopt-admin',
                 ansible_python_interpreter=sys.executable)
    playbook = os.path.join(REPO, 'examples', 'migration', 'adopt_vm_disks.yml')
    command = ['ansible-playbook', '-i', 'localhost,', '-c', 'local', playbook, '-e', json.dumps(extra)]
    for expect_changed in (True, False):
        result = subprocess.run(command, env=cloud_env, capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stdout[-5000:]
        assert ('changed=0' not in result.stdout) is expect_changed, result.stdout[-2000:]
    by_name = dict((v.name, v) for v in cinder.volumes(host=HOST_A) if v.name in ('web01-boot', 'web01-data'))
    assert sorted(by_name) == ['web01-boot', 'web01-data']
    assert all(cinder.volume_tenant(v.id) == projects['tenant-a'] for v in by_name.values())
    assert by_name['web01-boot'].bootable == 'true' and by_name['web01-data'].bootable == 'false'
    assert cinder.volume_image_metadata(by_name['web01-boot'].id) == UEFI


def test_the_adopt_playbook_adopts_into_the_project_it_is_given(cloud, lvs, cloud_env, testcloud_exports, tmp_path):
    """stackadopt.cinder.adopt with stackadopt_project: check, apply, idempotent check, idempotent apply; the owner
    checked out of band and carried by the report."""
    cinder, projects = cloud
    names = lvs(2)
    inventory = {'all': {'children': {'cinder_storage': {'hosts': {'storage-a': {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
        'stackadopt_cinder_node': 'testcloud', 'stackadopt_backend': 'lvm-a', 'stackadopt_lvm_vg': 'stackadopt-a',
        'stackadopt_volume_type': 'lvm-a',
        'stackadopt_lvm_environment': {'LVM_SYSTEM_DIR': testcloud_exports['LVM_SYSTEM_DIR'],
                                       'LVM_SUPPRESS_FD_WARNINGS': '1'}}}}}}}
    (tmp_path / 'inventory.json').write_text(json.dumps(inventory))
    extra = {'stackadopt_cloud': 'stackadopt-admin', 'stackadopt_report_dir': str(tmp_path),
             'stackadopt_project': 'tenant-a', 'stackadopt_select': {'include': ['^' + names[0][:-1]]}}
    command = ['ansible-playbook', '-i', str(tmp_path / 'inventory.json'), 'stackadopt.cinder.adopt',
               '-e', json.dumps(extra)]
    for check, expect_changed in ((True, True), (False, True), (True, False), (False, False)):
        result = subprocess.run(command + (['--check'] if check else []), env=cloud_env, capture_output=True,
                                text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stdout[-5000:]
        assert ('changed=0' not in result.stdout) is expect_changed, (check, result.stdout[-3000:])
        report = json.loads((tmp_path / ('adopt-plan.json' if check else 'adopt.json')).read_text())  # check: the plan
        items = report['hosts']['storage-a']['volumes']
        assert sorted(item['source_name'] for item in items) == sorted(names)
        assert all(item['project'] == {'id': projects['tenant-a'], 'name': 'tenant-a'} for item in items), items
        held = [v for v in cinder.volumes(host=HOST_A) if raw_cinder.source_name(v) in names]
        assert len(held) == (0 if (check and expect_changed) else 2)
        assert all(cinder.volume_tenant(v.id) == projects['tenant-a'] for v in held)
