"""What converges an object Cinder holds, and what cannot (pure)."""

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import convergence
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import Request

RAW = {'id': 'v1', 'name': 'old', 'description': None, 'volume_type': 'lvm-a', 'availability_zone': 'nova',
       'bootable': 'false', 'metadata': {'a': '1', 'keep': 'x'}, 'volume_image_metadata': {'os_type': 'linux'},
       'os-vol-host-attr:host': 'h@b#p', 'os-vol-tenant-attr:tenant_id': 'p1', 'status': 'available'}


def test_only_what_is_named_converges():
    view = convergence.volume_view(RAW)
    found = convergence.changes(Request(name='new', metadata={'a': '1', 'b': '2'}, bootable=True,
                                        image_metadata={'os_type': 'linux', 'hw_disk_bus': 'virtio'}), view)
    assert found.fields == {'name': 'new'} and found.metadata == {'b': '2'} and found.bootable is True
    assert found.image_metadata == {'hw_disk_bus': 'virtio'}
    after = found.apply_to(view)
    assert after['metadata'] == {'a': '1', 'keep': 'x', 'b': '2'} and after['bootable'] is True


def test_nothing_to_do_is_empty():
    assert not convergence.changes(Request(name='old', metadata={'a': '1'}), convergence.volume_view(RAW))


def test_a_template_name_does_not_rename_an_existing_volume():
    assert not convergence.changes(Request(name='other', converge_name=False), convergence.volume_view(RAW))


def test_type_zone_and_project_are_conflicts_unless_transfer():
    assert convergence.conflicts(Request(volume_type={'id': 't2', 'name': 'lvm-b'}), RAW, 'v1')[1] == 'volume_type'
    assert convergence.conflicts(Request(availability_zone='az2'), RAW, 'v1')[1] == 'availability_zone'
    assert convergence.conflicts(Request(project={'id': 'p2', 'name': 'two'}), RAW, 'v1')[1] == 'project'
    assert convergence.conflicts(Request(project={'id': 'p2', 'name': 'two'}), RAW, 'v1', transfer=True) is None
    moved = convergence.changes(Request(project={'id': 'p2', 'name': 'two'}), convergence.volume_view(RAW),
                                transfer=True)
    assert moved.transfer_to['id'] == 'p2' and moved.apply_to(convergence.volume_view(RAW))['project_id'] == 'p2'
