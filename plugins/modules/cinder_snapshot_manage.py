#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: cinder_snapshot_manage
short_description: Adopt an existing backend snapshot into Cinder under its volume, or release it, without copying data
version_added: 1.0.0
description:
  - Brings an existing backend snapshot (an LVM snapshot LV, a Ceph RBD image snapshot, a Purity snapshot) under
    OpenStack Cinder's management with Cinder's snapshot manage API (C(POST /v3/{project_id}/manageable_snapshots)),
    as a snapshot of the Cinder volume that already manages its origin, or releases a snapshot with
    C(os-unmanage), which keeps the backend snapshot and its data.
  - The snapshot is looked up on the host of O(volume) (its C(os-vol-host-attr:host)); Cinder's listing there
    (C(GET /v3/{project_id}/manageable_snapshots/detail), microversion 3.8) says what is safe to manage and which
    object each snapshot was taken of (C(source_reference)).
  - Idempotent. Before any write it reads the volume, the host's manageable snapshot listing and the snapshots of
    the volume that record the same reference, so a second run reports RV(ignore:changed=false) with the same
    snapshot even after the driver renamed the object (LVM renames it to C(_snapshot-<id>), RBD to
    C(snapshot-<id>), Pure to C(<volume>.snapshot-<id>)).
  - On manage the original reference is recorded in the snapshot's metadata under C(stackadopt_ref); that is how a
    re-run finds the snapshot after a rename.
  - A failed manage (the snapshot ends in C(error)) is cleaned up by unmanaging the error record, never by
    deleting; the failure message carries Cinder's own reason from its user messages API when Cinder recorded one.
  - Nothing in this module deletes a backend object.
author:
  - stackadopt engineers (@stackadopt)
options:
  state:
    description:
      - V(present) adopts the snapshot named by O(ref) as a snapshot of O(volume), or converges the snapshot that
        already holds it.
      - V(absent) unmanages the snapshot selected by O(id), O(name) (optionally narrowed by O(volume)), or O(volume)
        with O(ref). The backend snapshot is kept.
    type: str
    choices: [present, absent]
    default: present
  volume:
    description:
      - ID or name of the Cinder volume the snapshot was taken of. That volume must already manage the snapshot's
        origin (adopt it first with M(stackadopt.cinder.cinder_volume_manage)).
      - A name several volumes carry fails with their IDs; an unknown volume fails before anything is written.
      - Required with O(state=present). With O(state=absent), a volume Cinder does not know means there is nothing
        to release.
    type: str
  ref:
    description:
      - The driver-specific reference to the backend snapshot, passed to the driver as given.
      - 'For example V({"source-name": "lv_data_presnap"}).'
      - For RBD it is the snapshot's name on the volume's image (V(nightly), not V(image@nightly)); for Pure the
        Purity snapshot name C(<volume>.<suffix>).
      - Mutually exclusive with O(source_name) and O(source_id).
    type: dict
  name:
    description:
      - Name of the Cinder snapshot. On an already adopted snapshot a different name is converged.
      - With O(state=absent), selects the snapshot to release by name.
    type: str
  description:
    description:
      - Description of the Cinder snapshot. On an already adopted snapshot a different description is converged.
    type: str
  metadata:
    description:
      - Metadata for the snapshot. On an already adopted snapshot, keys given here are set to these values; other
        keys are left alone.
    type: dict
  id:
    description:
      - ID of the snapshot to unmanage with O(state=absent).
    type: str
attributes:
  check_mode:
    support: full
    details:
      - Runs every lookup of a real run and reports the same RV(ignore:changed) and the same failures (unknown or
        ambiguous volume, a snapshot of another origin, ref that matches nothing, snapshot not safe to manage).
      - A ref that Cinder's listing cannot judge (drivers that do not list snapshots) is predicted as a manage;
        only the driver can refuse it later.
  diff_mode:
    support: full
    details:
      - Shows the snapshot's name, description, volume, size, metadata and status before and after.
extends_documentation_fragment:
  - stackadopt.cinder.single
  - stackadopt.cinder.driver
  - stackadopt.cinder.recovery
  - stackadopt.cinder.openstack
  - ansible.builtin.action_common_attributes
notes:
  - Manage and unmanage are admin-only under Cinder's default policy.
  - Cinder unmanages only C(available) and C(error) snapshots; another status fails before anything is written.
  - Cinder 29 records no user message when a snapshot manage fails; the failure then points at the cinder-volume
    log.
  - When the listing shows the snapshot was taken of another object than O(volume), the module fails and names that
    object and, if Cinder manages it, its volume ID.
seealso:
  - module: stackadopt.cinder.cinder_manageable_snapshot_info
  - module: stackadopt.cinder.cinder_volume_manage
  - name: Cinder manage existing snapshots API
    description: The API this module drives.
    link: https://docs.openstack.org/api-ref/block-storage/v3/#snapshot-manage-extension-manageable-snapshots
'''

EXAMPLES = r'''
- name: Adopt the origin LV, then its snapshot LV under the new volume
  stackadopt.cinder.cinder_volume_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    source_name: lv_data01
    name: data01
  register: data01

- name: Adopt the snapshot LV taken of lv_data01
  stackadopt.cinder.cinder_snapshot_manage:
    cloud: mycloud
    volume: "{{ data01.volume.id }}"
    source_name: lv_data01_presnap
    name: data01-before-upgrade
    metadata:
      ticket: CHG-1234

- name: Adopt an RBD snapshot of a managed volume's image, by volume name
  stackadopt.cinder.cinder_snapshot_manage:
    cloud: mycloud
    volume: vm-disk-7
    ref:
      source-name: nightly
    driver: rbd

- name: Show what would be adopted, without changing anything
  stackadopt.cinder.cinder_snapshot_manage:
    cloud: mycloud
    volume: data01
    source_name: lv_data01_weekly
  check_mode: true
  diff: true

- name: Release the snapshot named weekly of volume data01 (the backend snapshot is kept)
  stackadopt.cinder.cinder_snapshot_manage:
    cloud: mycloud
    state: absent
    volume: data01
    name: weekly
'''

RETURN = r'''
snapshot:
  description:
    - The Cinder snapshot, as openstack.cloud's volume snapshot modules return it.
    - Check mode predicts a manage with the snapshot it would create (RV(snapshot.id) null, the keys of a real
      result); O(state=absent) returns the snapshot released.
  returned: when a snapshot was found, adopted, or would be adopted
  type: dict
  contains:
    id:
      description: Snapshot ID.
      type: str
      sample: 9a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b
    name:
      description: Snapshot name.
      type: str
      sample: data01-before-upgrade
    description:
      description: Snapshot description.
      type: str
    volume_id:
      description: ID of the volume the snapshot belongs to.
      type: str
      sample: 0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
    status:
      description: Snapshot status.
      type: str
      sample: available
    size:
      description: Size in GiB.
      type: int
      sample: 10
    metadata:
      description: Snapshot metadata, including C(stackadopt_ref), the reference the snapshot was adopted from.
      type: dict
      sample: {"ticket": "CHG-1234", "stackadopt_ref": "{\"source-name\":\"lv_data01_presnap\"}"}
volume_id:
  description: ID of the Cinder volume the snapshot belongs to (O(volume) resolved, or the released snapshot's).
  returned: when the volume or the snapshot was found
  type: str
  sample: 0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
ref:
  description:
    - The reference as the driver profile normalised it.
    - As given when O(state=absent) names a volume Cinder does not know.
  returned: when a ref was given
  type: dict
  sample: {"source-name": "lv_data01_presnap"}
driver:
  description: The driver profile used.
  returned: when the volume's backend was looked up (O(state=present), or O(state=absent) with O(volume) and a ref)
  type: str
  sample: lvm
host:
  description: The pool host of the volume, where the snapshot was looked up.
  returned: when the volume's backend was looked up (O(state=present), or O(state=absent) with O(volume) and a ref)
  type: str
  sample: storage01@lvm#lvm
backend_name:
  description: The snapshot's name on the backend once Cinder manages it, for drivers that rename it.
  returned: with O(state=present), when the driver renames snapshots and the snapshot's ID is known
  type: str
  sample: _snapshot-9a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.snapshot import SnapshotManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._module_runner import run_module
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import (
    backend_options,
    module_spec,
    recovery_options,
    single_options,
    snapshot_request_options,
)


def main():
    run_module(
        SnapshotManageManager,
        module_spec(
            backend_options(with_host=False), recovery_options(), single_options(), snapshot_request_options(),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            volume=dict(type='str'),
            ref=dict(type='dict'),
            id=dict(type='str'),
        ),
        mutually_exclusive=[('ref', 'source_name'), ('ref', 'source_id')],
        required_if=[('state', 'present', ('volume',))],
    )


if __name__ == '__main__':
    main()
