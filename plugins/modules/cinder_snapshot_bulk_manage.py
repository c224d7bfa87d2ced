#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: cinder_snapshot_bulk_manage
short_description: Adopt or release many existing backend snapshots of one Cinder backend in one pass
version_added: 1.0.0
description:
  - The bulk form of M(stackadopt.cinder.cinder_snapshot_manage), on the same engine as
    M(stackadopt.cinder.cinder_volume_bulk_manage) - the snapshots of every volume of a backend in one module run.
  - Its cost is bounded per backend, not per snapshot. It reads the backend's volumes once, the snapshots Cinder
    holds once, the manageable snapshots listing once, sends manage (or unmanage) requests from a bounded pool of
    O(concurrency) threads, and waits for all of them in one loop.
  - Each snapshot is adopted under the Cinder volume that manages its origin (found from the listing's
    C(source_reference)), and in that volume's project.
  - Snapshots are chosen by an explicit list (O(snapshots)) and/or by O(select) rules over the snapshots of the
    volumes named in O(volumes) (all volumes of the backend when O(volumes) is omitted).
  - Snapshots the driver rejects are cleaned up by unmanaging the error record, never by deleting. Nothing in this
    module deletes a backend object.
  - A separate module rather than a mode of M(stackadopt.cinder.cinder_volume_bulk_manage), because its objects
    need a parent volume each and take none of the volume options (type, zone, bootable, image properties,
    project), and its results are snapshots.
author:
  - stackadopt engineers (@stackadopt)
options:
  state:
    description:
      - V(present) adopts the selected snapshots (and converges name, description and metadata of snapshots
        adopted before).
      - V(absent) releases (unmanages) the selected snapshots; the backend snapshots are kept.
    type: str
    choices: [present, absent]
    default: present
  snapshots:
    description:
      - Snapshots named one by one, each under its volume, with optional overrides of the defaults below.
      - For O(state=absent) an item may name the snapshot by O(snapshots[].id) instead.
    type: list
    elements: dict
    suboptions:
      volume:
        description: ID or name of the Cinder volume that manages the snapshot's origin.
        type: str
      ref:
        description:
          - Driver-specific reference of the backend snapshot, as in M(stackadopt.cinder.cinder_snapshot_manage).
        type: dict
      source_name:
        description: 'Shortcut for O(snapshots[].ref)=V({"source-name": <value>}).'
        type: str
      source_id:
        description: 'Shortcut for O(snapshots[].ref)=V({"source-id": <value>}).'
        type: str
      id:
        description: Snapshot ID, for O(state=absent).
        type: str
      name:
        description: Snapshot name (overrides O(name_template)).
        type: str
      description:
        description: Snapshot description.
        type: str
      metadata:
        description: Metadata added to O(metadata) for this snapshot.
        type: dict
  volumes:
    description:
      - IDs or names of Cinder volumes on this backend whose snapshots O(select) chooses from. Omitted, every volume
        of the backend.
      - A volume of another backend, an unknown or an ambiguous name fails before anything is written.
    type: list
    elements: str
  planned_origins:
    description:
      - Check mode only. References of backend objects that the same run adopts as volumes just before (the
        V(would_adopt) entries of M(stackadopt.cinder.cinder_volume_bulk_manage) in check mode, which have no
        volume ID yet). Their snapshots are reported V(would_adopt) instead of being left out.
      - A real run reports their snapshots V(skipped), since their origin is not managed.
    type: list
    elements: dict
  select:
    description:
      - Pattern selection over the snapshots of O(volumes) - for O(state=present) the listing's snapshots, for
        O(state=absent) the snapshots Cinder holds.
      - Names are the snapshots' original names, also after the driver renamed them (the module records the
        original reference in each snapshot's metadata).
  name_template:
    description:
      - Python format string for the name of each adopted snapshot. Fields are C({name}) (the backend snapshot's
        name), C({volume}) (the volume's name, or its ID when it has none) and C({volume_id}).
      - Applied only when a snapshot is adopted; existing snapshots are not renamed by it.
    type: str
    default: '{name}'
  description:
    description: Description of every adopted snapshot.
    type: str
  metadata:
    description:
      - Metadata set on every adopted snapshot. Values are strings; numbers and booleans are written as YAML would
        write them, null and nested values are refused before anything is written.
    type: dict
attributes:
  check_mode:
    support: full
    details:
      - The same reads as a real run; each snapshot a real run would write is reported V(would_adopt),
        V(would_update) or V(would_release) in RV(snapshots[].status), with O(planned_origins) for the volumes the
        same play adopts first.
  diff_mode:
    support: none
extends_documentation_fragment:
  - stackadopt.cinder.bulk
  - stackadopt.cinder.backend
  - stackadopt.cinder.driver
  - stackadopt.cinder.recovery
  - stackadopt.cinder.openstack
  - ansible.builtin.action_common_attributes
notes:
  - Cinder's NFS and NetApp ONTAP drivers adopt no snapshots; their profiles refuse every snapshot ref.
  - Cinder unmanages only C(available) and C(error) snapshots.
seealso:
  - module: stackadopt.cinder.cinder_snapshot_manage
  - module: stackadopt.cinder.cinder_manageable_snapshot_info
  - module: stackadopt.cinder.cinder_volume_bulk_manage
'''

EXAMPLES = r'''
- name: Adopt every safe snapshot of the backend's volumes, named after the backend snapshot
  stackadopt.cinder.cinder_snapshot_bulk_manage:
    cloud: mycloud
    cluster: ceph-ha@ceph
    select:
      include: ['.*']
    metadata:
      adopted_by: stackadopt
  register: snapshots

- name: Adopt the snapshots of two volumes only, except the hourly ones
  stackadopt.cinder.cinder_snapshot_bulk_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    volumes: [database, web]
    select:
      exclude: ['^hourly-']
    name_template: '{volume}-{name}'

- name: Adopt two named snapshots
  stackadopt.cinder.cinder_snapshot_bulk_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    snapshots:
      - volume: database
        source_name: lv_db_before_upgrade
        name: db-before-upgrade
      - volume: web
        source_name: lv_web_nightly

- name: Release every snapshot this collection adopted on the backend (the backend snapshots stay)
  stackadopt.cinder.cinder_snapshot_bulk_manage:
    cloud: mycloud
    state: absent
    host: storage01@lvm#lvm
    select:
      include: ['.*']
'''

RETURN = r'''
snapshots:
  description: One entry per selected snapshot, explicit ones first, then in listing order.
  returned: always
  type: list
  elements: dict
  contains:
    ref:
      description: The normalised reference the snapshot was adopted from.
      type: dict
      sample: {"source-name": "nightly"}
    source_name:
      description: The backend snapshot's original name.
      type: str
      sample: nightly
    origin:
      description: The original name of the object the snapshot was taken of (its volume's backend object).
      type: str
      sample: lv_db
    status:
      description:
        - What became of the snapshot - V(adopted), V(updated), V(released), V(already_managed), V(not_managed),
          V(skipped) or V(failed); check mode reports V(would_adopt), V(would_update) or V(would_release) for the
          writes a real run makes.
      type: str
      sample: already_managed
    reason:
      description: Why a snapshot was skipped or failed (Cinder's own reason where it gave one).
      type: str
    snapshot_id:
      description: The Cinder snapshot.
      type: str
    snapshot_name:
      description: The Cinder snapshot's name.
      type: str
    volume_id:
      description: The Cinder volume the snapshot belongs to.
      type: str
    volume_name:
      description: That volume's name.
      type: str
    size:
      description: Size in GiB.
      type: int
    backend_name:
      description: The snapshot's name on the backend under Cinder, for drivers that rename.
      type: str
      sample: snapshot-9a1c2e3f-4b5d-4e6f-8a7b-9c0d1e2f3a4b
    hint:
      description: For a snapshot Cinder says is not safe, what the driver's reason means and the way out.
      type: str
      returned: when the driver profile explains the reason
summary:
  description: Counts per RV(snapshots[].status), plus C(excluded), the snapshots the selection left out.
  returned: always
  type: dict
  sample: {"adopted": 3, "already_managed": 1, "skipped": 0, "failed": 0, "excluded": 2}
cluster:
  description: The active-active cluster of the snapshots' volumes.
  returned: when O(cluster) was given
  type: str
  sample: ceph-ha@ceph
host:
  description: The pool host of the snapshots' volumes.
  returned: when O(host) was given
  type: str
api_requests:
  description:
    - How many Cinder API requests this run made (authentication not counted).
    - The volumes, the snapshots and the listing are read once each, then come the writes and the wait.
  returned: always
  type: int
  sample: 5
driver:
  description: The driver profile that interpreted the snapshot references.
  returned: always
  type: str
  sample: rbd
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.snapshot_bulk import SnapshotBulkManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._module_runner import run_module
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import (
    backend_options,
    bulk_options,
    module_spec,
    recovery_options,
    snapshot_request_options,
)


def main():
    run_module(
        SnapshotBulkManageManager,
        module_spec(
            backend_options(), recovery_options(), bulk_options(), snapshot_request_options(name=False),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            snapshots=dict(type='list', elements='dict', options=dict(
                snapshot_request_options(), volume=dict(type='str'), ref=dict(type='dict'), id=dict(type='str'),
                source_name=dict(type='str'), source_id=dict(type='str'),
            ), mutually_exclusive=[('ref', 'source_name'), ('ref', 'source_id')]),
            volumes=dict(type='list', elements='str'),
            planned_origins=dict(type='list', elements='dict'),
            name_template=dict(type='str', default='{name}'),
        ),
        mutually_exclusive=[('host', 'cluster')],
        required_one_of=[('host', 'cluster')],
    )


if __name__ == '__main__':
    main()
