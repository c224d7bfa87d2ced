#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: cinder_manageable_snapshot_info
short_description: List the existing backend snapshots a Cinder host or cluster could manage, with their origins
version_added: 1.0.0
description:
  - Reads Cinder's manageable snapshots listing (C(GET /v3/{project_id}/manageable_snapshots/detail), microversion
    3.8, or 3.17 for a cluster) for one host or cluster, following every page, and returns each snapshot with the
    driver profile's normalised reference and name.
  - Each snapshot carries the object it was taken of (RV(manageable_snapshots[].source_reference)) and, when Cinder
    already manages that object as a volume, the volume's ID (RV(manageable_snapshots[].source_volume_id)), which
    M(stackadopt.cinder.cinder_snapshot_manage) takes as O(stackadopt.cinder.cinder_snapshot_manage#module:volume).
  - The origin volume is found in Cinder's manageable volumes listing of the same host or cluster (the entry whose
    reference is the origin carries the volume's C(cinder_id)); for drivers that do not list volumes, by the driver
    profile's rename rule (for example C(volume-<id>)) confirmed by reading that volume from Cinder.
  - Filters by safety, name pattern and size, and summarises the listing (safe, unsafe by reason, already managed).
  - An empty listing is an empty list, not a failure.
author:
  - stackadopt engineers (@stackadopt)
extends_documentation_fragment:
  - stackadopt.cinder.backend
  - stackadopt.cinder.driver
  - stackadopt.cinder.manageable_listing
  - stackadopt.cinder.openstack
  - ansible.builtin.action_common_attributes
notes:
  - Listing manageable snapshots and volumes is admin-only under Cinder's default policy.
  - Drivers that cannot adopt snapshots (NFS, NetApp ONTAP) list none; Cinder answers with an empty list.
seealso:
  - module: stackadopt.cinder.cinder_snapshot_manage
  - module: stackadopt.cinder.cinder_manageable_volume_info
'''

EXAMPLES = r'''
- name: What snapshots could Cinder adopt on this backend?
  stackadopt.cinder.cinder_manageable_snapshot_info:
    cloud: mycloud
    host: storage01@lvm#lvm
  register: manageable

- name: Adopt every safe snapshot whose origin Cinder already manages
  stackadopt.cinder.cinder_snapshot_manage:
    cloud: mycloud
    volume: "{{ item.source_volume_id }}"
    ref: "{{ item.ref }}"
  loop: "{{ manageable.manageable_snapshots | selectattr('safe_to_manage') | selectattr('source_volume_id') }}"
  loop_control:
    label: "{{ item.name }}"

- name: Snapshots whose origin must be adopted first
  ansible.builtin.debug:
    msg: "{{ manageable.manageable_snapshots | rejectattr('source_volume_id') | map(attribute='source_name')
             | unique }}"
'''

RETURN = r'''
manageable_snapshots:
  description: The snapshots, in the requested order.
  returned: always
  type: list
  elements: dict
  contains:
    reference:
      description: The reference exactly as the driver lists it.
      type: dict
      sample: {"source-name": "lv_data01_presnap"}
    ref:
      description:
        - The reference normalised by the driver profile's snapshot rules.
        - Pass it as O(stackadopt.cinder.cinder_snapshot_manage#module:ref).
      type: dict
      sample: {"source-name": "lv_data01_presnap"}
    name:
      description: The snapshot's name on the backend.
      type: str
      sample: lv_data01_presnap
    size:
      description: Size in GiB.
      type: int
      sample: 10
    safe_to_manage:
      description: Whether Cinder would manage it.
      type: bool
      sample: true
    reason_not_safe:
      description: Why Cinder would not manage it.
      type: str
      sample: snapshot in use
    cinder_id:
      description: The Cinder snapshot that already manages it.
      type: str
    extra_info:
      description: Driver-specific information.
      type: str
    source_reference:
      description: The reference of the object the snapshot was taken of, as the driver lists it.
      type: dict
      sample: {"source-name": "volume-0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10"}
    source_name:
      description: The origin's name on the backend.
      type: str
      sample: volume-0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
    source_volume_id:
      description:
        - ID of the Cinder volume that manages the origin; null when Cinder does not manage it yet (adopt it first
          with M(stackadopt.cinder.cinder_volume_manage)).
        - Pass it as O(stackadopt.cinder.cinder_snapshot_manage#module:volume).
      type: str
      sample: 0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
summary:
  description:
    - Counts over the returned snapshots, with the keys the volume listing's summary has
      (RV(stackadopt.cinder.cinder_manageable_volume_info#module:summary)) - C(total), C(safe), C(unsafe),
      C(unsafe_by_reason) (by Cinder's reason, for example C(snapshot in use)) and C(managed).
  returned: always
  type: dict
  sample: {"total": 4, "safe": 2, "unsafe": 1, "unsafe_by_reason": {"snapshot in use": 1}, "managed": 1}
listed_by:
  description: Who listed the snapshots - always V(Cinder), there is no storage host listing for snapshots.
  returned: always
  type: str
  sample: Cinder
driver:
  description: The driver profile that read the snapshot listing and told each origin volume.
  returned: always
  type: str
  sample: rbd
cluster:
  description: The active-active cluster whose snapshots were listed.
  returned: when O(cluster) was given
  type: str
  sample: ceph-ha@ceph
host:
  description: The pool host whose snapshots were listed.
  returned: when O(host) was given
  type: str
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.info import ManageableSnapshotInfoManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._module_runner import run_module
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import listing_options


def main():
    run_module(
        ManageableSnapshotInfoManager,
        listing_options(),
        mutually_exclusive=[('host', 'cluster')],
        required_one_of=[('host', 'cluster')],
    )


if __name__ == '__main__':
    main()
