#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: cinder_volume_manage
short_description: Adopt an existing backend object into Cinder, or release it, without copying data
version_added: 1.0.0
description:
  - Brings an existing storage object (an LVM logical volume, a Ceph RBD image, an NFS file, a SAN LUN) under
    OpenStack Cinder's management with Cinder's manage API, or releases a volume with C(os-unmanage), which keeps
    the backend object and its data.
  - Idempotent. Before any write it reads the host's manageable listing and the volumes that record the same
    reference, so a second run reports RV(ignore:changed=false) with the same volume even after the driver renamed
    the object (LVM and RBD rename it to C(volume-<id>)).
  - The original reference goes into the volume's metadata (C(stackadopt_ref)), which is how a re-run, or another
    run at the same time, finds the volume after a rename.
  - Safe when runs overlap - another run's adoption of the same object in progress is waited for and reported
    unchanged, and when two requests cross, the one the driver refuses is unmanaged and the winner's volume
    reported. A manage request Cinder lost before any service took it on is sent again; a record the volume
    service lost is reported as stuck after O(stuck_after), and adopted again with O(recover_stuck).
  - Adopts into a tenant's project (O(project)), sets the image properties Nova boots a disk with
    (O(image_metadata)), and checks the project's quota before writing.
  - When the driver refuses the object, the error record is unmanaged (never deleted) and the failure quotes
    Cinder's reason. Nothing in this module deletes a backend object.
author:
  - stackadopt engineers (@stackadopt)
options:
  state:
    description:
      - V(present) adopts the object named by O(ref) on O(host) or O(cluster), or converges the volume that
        already holds it.
      - V(absent) unmanages the volume selected by O(id), O(name), or O(host)/O(cluster) with O(ref). The backend
        object is kept.
    type: str
    choices: [present, absent]
    default: present
  ref:
    description:
      - 'The driver-specific reference to the backend object, passed to the driver as given, for example
        V({"source-name": "lv_data"}).'
      - Mutually exclusive with O(source_name) and O(source_id).
    type: dict
  name:
    description:
      - Name of the Cinder volume (at most 255 characters). On an already adopted volume a different name is
        converged.
    type: str
  description:
    description:
      - Description of the Cinder volume (at most 255 printable characters). On an already adopted volume a
        different description is converged.
    type: str
  volume_type:
    description:
      - Volume type, by ID or name. An unknown type fails with the list of types; a type bound to another backend
        (C(volume_backend_name)) fails before anything is written.
      - An already adopted volume with another type is an error; retyping is not this module's job.
    type: str
  availability_zone:
    description:
      - Availability zone of the new volume. An unknown zone fails with the list of zones.
    type: str
  metadata:
    description:
      - Metadata for the volume. On an already adopted volume, keys given here are set to these values; other keys
        are left alone.
      - Values are strings. Numbers and booleans are written as YAML would write them (V(1), V(true)); null and
        nested values are refused before anything is written. Keys are 1 to 255 of the characters Cinder accepts
        (letters, digits, C(-), C(_), C(:), C(.), space and C(/)); values at most 255 characters.
    type: dict
  bootable:
    description:
      - Whether the volume is bootable. When omitted, a new volume is not bootable and an existing one is left as
        it is.
      - A boot disk usually also needs O(image_metadata), which tells Nova how to boot it.
    type: bool
  image_metadata:
    description:
      - Image properties for the volume (Cinder's C(os-set_image_metadata)), which Nova reads when it boots from the
        volume, as it would from the image the disk came from. Set once the volume is available; on an adopted
        volume only the keys given here are converged (others are kept); read back from C(volume_image_metadata).
      - 'A migrated disk usually needs: C(hw_firmware_type) (V(uefi) or V(bios)), C(hw_machine_type) (for example
        V(q35)), C(hw_disk_bus) (V(virtio), V(scsi), V(sata), V(ide)), C(hw_scsi_model) (V(virtio-scsi) with
        C(hw_disk_bus=scsi)), C(hw_qemu_guest_agent) (V(yes)), C(os_type) (V(linux) or V(windows)) and
        C(os_distro) (for example V(ubuntu), V(rhel9), V(windows)).'
      - Values are strings; scalars are written as YAML would write them. Keys follow Cinder's metadata key rule.
    type: dict
  id:
    description:
      - ID of the volume to unmanage with O(state=absent).
    type: str
attributes:
  check_mode:
    support: full
    details:
      - Runs every lookup of a real run and reports the same RV(ignore:changed) and the same failures (unknown
        host or type, ref that matches nothing, object not safe to manage).
      - A ref that Cinder's listing cannot judge (drivers that do not list) is predicted as a manage; only the
        driver can refuse it later.
  diff_mode:
    support: full
    details:
      - Shows the volume's name, description, type, zone, bootable flag, metadata, host and status before and
        after.
extends_documentation_fragment:
  - stackadopt.cinder.single
  - stackadopt.cinder.backend
  - stackadopt.cinder.driver
  - stackadopt.cinder.project
  - stackadopt.cinder.recovery
  - stackadopt.cinder.openstack
  - ansible.builtin.action_common_attributes
notes:
  - Manage and unmanage are admin-only under Cinder's default policy.
  - Listing manageable volumes needs microversion 3.8 (Ocata); the module sends explicit microversions.
seealso:
  - module: stackadopt.cinder.cinder_manageable_volume_info
  - name: Cinder manage existing volumes API
    description: The API this module drives.
    link: https://docs.openstack.org/api-ref/block-storage/v3/#volume-manage-extension-manageable-volumes
'''

EXAMPLES = r'''
- name: Adopt an existing LVM logical volume
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    source_name: lv_data01
    name: data01
    volume_type: lvm
    metadata:
      owner: team-db

- name: Adopt an RBD image with an explicit ref and driver profile
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    host: ceph01@ceph#ceph
    ref:
      source-name: legacy-image-7
    driver: rbd

- name: Adopt an RBD image into an active-active cluster of cinder-volume services
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    cluster: ceph-ha@ceph
    source_name: legacy-image-8
    volume_type: ceph

- name: Adopt a VM's UEFI boot disk into its tenant's project, ready for Nova to boot
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    source_name: vm-web01-disk0
    name: web01-boot
    project: tenant-a
    bootable: true
    image_metadata:
      hw_firmware_type: uefi
      hw_machine_type: q35
      hw_disk_bus: virtio
      hw_qemu_guest_agent: 'yes'
      os_type: linux
      os_distro: ubuntu

- name: A Windows boot disk (BIOS, SATA bus until the VirtIO drivers are installed)
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    source_name: vm-ad01-disk0
    name: ad01-boot
    project: tenant-b
    project_domain: customers
    bootable: true
    image_metadata:
      hw_firmware_type: bios
      hw_disk_bus: sata
      os_type: windows
      os_distro: windows

- name: Move a volume adopted into the admin project into its tenant's project
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    source_name: vm-web01-disk1
    project: tenant-a
    transfer: true

- name: Show what would be adopted, without changing anything
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    source_name: lv_data02
  check_mode: true
  diff: true

- name: Release a volume back to unmanaged storage (the LV is kept)
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    state: absent
    id: 0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
'''

RETURN = r'''
volume:
  description:
    - The Cinder volume, as openstack.cloud's volume modules return it.
    - In check mode, when a manage is predicted, the volume that would be created, with RV(volume.id) null.
    - With O(state=absent), the volume that was released.
  returned: when a volume was found, adopted, or would be adopted
  type: dict
  contains:
    id:
      description: Volume ID.
      type: str
      sample: 0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
    name:
      description: Volume name.
      type: str
      sample: data01
    status:
      description: Volume status.
      type: str
      sample: available
    size:
      description: Size in GiB, as the driver measured the object.
      type: int
      sample: 10
    host:
      description: The C(host@backend#pool) holding the volume.
      type: str
      sample: storage01@lvm#lvm
    volume_type:
      description: Volume type name.
      type: str
      sample: lvm
    metadata:
      description: Volume metadata, including C(stackadopt_ref), the reference the volume was adopted from.
      type: dict
      sample: {"owner": "team-db", "stackadopt_ref": "{\"source-name\":\"lv_data01\"}"}
    is_bootable:
      description: Whether the volume is bootable.
      type: bool
      sample: false
    project_id:
      description: The project that owns the volume (Cinder's C(os-vol-tenant-attr:tenant_id)).
      type: str
      sample: 3f1e0b0c9d1a4c3b8e6f5a4d3c2b1a09
    volume_image_metadata:
      description: The image properties Nova boots the volume with (see O(image_metadata)).
      type: dict
      sample: {"hw_firmware_type": "uefi", "hw_disk_bus": "virtio"}
project:
  description: The project that owns the volume, with its name when this run knows it.
  returned: when a volume was found, adopted, or would be adopted
  type: dict
  contains:
    id:
      description: Project ID.
      type: str
    name:
      description: Project name, or null when the run did not need to look it up.
      type: str
  sample: {"id": "3f1e0b0c9d1a4c3b8e6f5a4d3c2b1a09", "name": "tenant-a"}
ref:
  description: The reference as the driver profile normalised it.
  returned: when a ref was given
  type: dict
  sample: {"source-name": "lv_data01"}
driver:
  description: The driver profile used.
  returned: when the backend is known
  type: str
  sample: lvm
host:
  description: The pool host the object was looked up on (completed with its pool when given as C(host@backend)).
  returned: when O(host) was given or the volume was found
  type: str
  sample: storage01@lvm#lvm
cluster:
  description: The cluster the object was looked up on.
  returned: when O(cluster) was given
  type: str
backend_name:
  description: The object's name on the backend once Cinder manages it, for drivers that rename it.
  returned: when the driver renames objects and a volume ID is known
  type: str
  sample: volume-0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.volume import VolumeManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._module_runner import run_module
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import (
    backend_options,
    module_spec,
    project_options,
    recovery_options,
    single_options,
    volume_request_options,
)


def main():
    run_module(
        VolumeManageManager,
        module_spec(
            backend_options(), project_options(), recovery_options(), single_options(), volume_request_options(),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            ref=dict(type='dict'),
            id=dict(type='str'),
        ),
        mutually_exclusive=[('host', 'cluster'), ('ref', 'source_name'), ('ref', 'source_id')],
        required_if=[('state', 'present', ('host', 'cluster'), True)],
    )


if __name__ == '__main__':
    main()
