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
version_added: 0.1.0
description:
  - Brings an existing storage object (an LVM logical volume, a Ceph RBD image, an NFS file, a SAN LUN) under
    OpenStack Cinder's management with Cinder's manage API, or releases a volume with C(os-unmanage), which keeps
    the backend object and its data.
  - Idempotent. Before any write it reads the host's manageable listing and the volumes that record the same
    reference, so a second run reports RV(ignore:changed=false) with the same volume even after the driver renamed
    the object (LVM and RBD rename it to C(volume-<id>)).
  - On manage the original reference is recorded in the volume's metadata under C(stackadopt_ref); that is how a
    re-run finds the volume after a rename.
  - A failed manage (the volume ends in C(error)) is cleaned up by unmanaging the error record, never by deleting;
    the failure message carries Cinder's own reason from its user messages API.
  - Nothing in this module deletes a backend object.
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
  host:
    description:
      - The Cinder volume host holding the object, as C(host@backend#pool).
      - C(host@backend) is accepted when that backend has a single pool.
      - A backend whose cinder-volume is a member of a cluster may be named by the member's host too, although
        Cinder reports its pool under the cluster's name (C(cluster@backend#pool)); that pool name is not a host.
      - An unknown host fails with the list of hosts that can be given.
      - Mutually exclusive with O(cluster).
    type: str
  cluster:
    description:
      - The Cinder cluster holding the object, as C(cluster@backend) (active-active cinder-volume services; needs
        microversion 3.16 to manage and 3.17 to list, Cinder Pike or later).
      - An unknown cluster fails with the list of clusters Cinder reports.
      - Mutually exclusive with O(host).
    type: str
  ref:
    description:
      - 'The driver-specific reference to the backend object, passed to the driver as given, for example
        V({"source-name": "lv_data"}).'
      - Mutually exclusive with O(source_name) and O(source_id).
    type: dict
  source_name:
    description:
      - 'Shortcut for O(ref)=V({"source-name": <value>}).'
    type: str
  source_id:
    description:
      - 'Shortcut for O(ref)=V({"source-id": <value>}). May be combined with O(source_name).'
    type: str
  driver:
    description:
      - The driver profile that interprets O(ref) (accepted keys, validation, matching, rename rule).
      - V(auto) detects the driver from the capabilities Cinder reports for the pool and falls back to V(generic).
    type: str
    default: auto
    choices: [auto, generic, lvm, nfs, ontap, pure, rbd]
  name:
    description:
      - Name of the Cinder volume. On an already adopted volume a different name is converged.
    type: str
  description:
    description:
      - Description of the Cinder volume. On an already adopted volume a different description is converged.
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
    type: dict
  bootable:
    description:
      - Whether the volume is bootable. When omitted, a new volume is not bootable and an existing one is left as
        it is.
    type: bool
  id:
    description:
      - ID of the volume to unmanage with O(state=absent).
    type: str
  wait:
    description:
      - Wait until the volume is C(available) after manage, or gone after unmanage.
      - With V(false) the module returns as soon as Cinder accepted the request.
    type: bool
    default: true
  timeout:
    description:
      - How many seconds to wait with O(wait). On timeout the module fails with the volume ID and its last status
        and deletes nothing.
    type: int
    default: 180
extends_documentation_fragment:
  - stackadopt.cinder.openstack
  - stackadopt.cinder.attributes
  - ansible.builtin.action_common_attributes
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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.stackadopt.cinder.plugins.module_utils._connection import openstack_argument_spec
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import profile_names
from ansible_collections.stackadopt.cinder.plugins.module_utils._module_runner import run_module
from ansible_collections.stackadopt.cinder.plugins.module_utils._volume_manage import VolumeManageManager


def main():
    argument_spec = openstack_argument_spec()
    argument_spec.update(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        host=dict(type='str'),
        cluster=dict(type='str'),
        ref=dict(type='dict'),
        source_name=dict(type='str'),
        source_id=dict(type='str'),
        driver=dict(type='str', default='auto', choices=profile_names()),
        name=dict(type='str'),
        description=dict(type='str'),
        volume_type=dict(type='str'),
        availability_zone=dict(type='str'),
        metadata=dict(type='dict'),
        bootable=dict(type='bool'),
        id=dict(type='str'),
        wait=dict(type='bool', default=True),
        timeout=dict(type='int', default=180),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('host', 'cluster'), ('ref', 'source_name'), ('ref', 'source_id')],
        required_if=[('state', 'present', ('host', 'cluster'), True)],
        supports_check_mode=True,
    )
    run_module(module, VolumeManageManager)


if __name__ == '__main__':
    main()
