#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: cinder_volume_bulk_manage
short_description: Adopt or release many existing backend objects of one Cinder backend in one pass
version_added: 1.0.0
description:
  - The bulk form of M(stackadopt.cinder.cinder_volume_manage), built for maintenance windows that adopt every
    logical volume of a storage host.
  - Its cost is bounded per backend, not per object. It reads the manageable listing once, reads the volumes on the
    backend once, sends manage (or unmanage) requests from a bounded pool of O(concurrency) threads, and waits for
    all of them in one loop that reads the backend's volumes once per round.
  - A re-run on a fully adopted backend makes five read requests (pools, services, volume type, listing, volumes)
    and no write; four when O(listing) brings the listing from the storage host.
  - Objects are chosen by an explicit list (O(volumes), with per-object overrides) and/or by O(select) rules
    (include/exclude patterns on the object's original name, size range, safety).
  - Objects the driver rejects are cleaned up by unmanaging the error record, never by deleting. Nothing in this
    module deletes a backend object.
author:
  - stackadopt engineers (@stackadopt)
options:
  state:
    description:
      - V(present) adopts the selected objects (and converges name, description, metadata and bootable flag of
        objects adopted before).
      - V(absent) releases (unmanages) the selected volumes; the backend objects are kept.
    type: str
    choices: [present, absent]
    default: present
  volumes:
    description:
      - Objects named one by one, each with optional overrides of the defaults below.
      - For O(state=absent) an item may name the volume by O(volumes[].id) instead of a reference.
    type: list
    elements: dict
    suboptions:
      ref:
        description: Driver-specific reference, as in M(stackadopt.cinder.cinder_volume_manage).
        type: dict
      source_name:
        description: 'Shortcut for O(volumes[].ref)=V({"source-name": <value>}).'
        type: str
      source_id:
        description: 'Shortcut for O(volumes[].ref)=V({"source-id": <value>}).'
        type: str
      id:
        description: Volume ID, for O(state=absent).
        type: str
      name:
        description: Volume name (overrides O(name_template)).
        type: str
      description:
        description: Volume description.
        type: str
      volume_type:
        description: Volume type, by ID or name.
        type: str
      availability_zone:
        description: Availability zone.
        type: str
      metadata:
        description: Metadata added to O(metadata) for this object.
        type: dict
      bootable:
        description: Bootable flag.
        type: bool
      image_metadata:
        description:
          - Image properties for this volume, added to O(image_metadata) (see
            O(stackadopt.cinder.cinder_volume_manage#module:image_metadata)).
        type: dict
      project:
        description: The project (name or ID) this volume belongs to; overrides O(project).
        type: str
  select:
    description:
      - Pattern selection over the backend's objects (O(state=present)) or its adopted volumes (O(state=absent)).
      - Names are the objects' original names, also after the driver renamed them (the module records the
        original reference in each volume's metadata).
  name_template:
    description:
      - Python format string for the Cinder volume name of each adopted object. Fields are C({name}) (the object's
        name), C({size}), C({host}), C({cluster}) and C({backend}) (the C(volume_backend_name)).
      - Applied only when an object is adopted; existing volumes are not renamed by it.
    type: str
    default: '{name}'
  description:
    description: Description of every adopted volume.
    type: str
  volume_type:
    description: Default volume type, by ID or name.
    type: str
  availability_zone:
    description: Default availability zone.
    type: str
  metadata:
    description:
      - Metadata set on every adopted volume (for example where and when it was adopted).
      - Values are strings; numbers and booleans are written as YAML would write them, null and nested values are
        refused before anything is written (see O(stackadopt.cinder.cinder_volume_manage#module:metadata)).
    type: dict
  bootable:
    description: Default bootable flag. When omitted new volumes are not bootable and existing ones are left alone.
    type: bool
  image_metadata:
    description:
      - Image properties set on every adopted volume (Cinder's C(os-set_image_metadata)), converged on re-runs
        (only the keys given). See O(stackadopt.cinder.cinder_volume_manage#module:image_metadata) for the keys a
        migrated boot disk usually needs.
    type: dict
  release_snapshots:
    description:
      - With O(state=absent), release the Cinder snapshots of the volumes selected for release first, in the same
        run (Cinder refuses to unmanage a volume that has snapshots). The backend snapshots are kept.
      - V(false) fails each volume that has snapshots, naming them, before anything is written.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    details:
      - Makes the same reads and reports the plan with RV(volumes[].status) V(would_adopt), V(would_update) or
        V(would_release) where a real run writes.
  diff_mode:
    support: none
extends_documentation_fragment:
  - stackadopt.cinder.bulk
  - stackadopt.cinder.backend
  - stackadopt.cinder.driver
  - stackadopt.cinder.storage_listing
  - stackadopt.cinder.project
  - stackadopt.cinder.recovery
  - stackadopt.cinder.openstack
  - ansible.builtin.action_common_attributes
seealso:
  - module: stackadopt.cinder.cinder_volume_manage
  - module: stackadopt.cinder.cinder_manageable_volume_info
'''

EXAMPLES = r'''
- name: Adopt every safe LV of a backend except scratch ones, named after the host
  stackadopt.cinder.cinder_volume_bulk_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    select:
      include: ['.*']
      exclude: ['^scratch_']
    name_template: 'storage01-{name}'
    volume_type: lvm
    metadata:
      adopted_by: stackadopt
  register: adoption

- name: Adopt two LVs with their own names
  stackadopt.cinder.cinder_volume_bulk_manage:
    cloud: mycloud
    host: storage01@lvm#lvm
    volumes:
      - source_name: lv_db
        name: database
      - source_name: lv_web
        name: web
        metadata:
          tier: front

- name: Release what was adopted from names starting with lv_ (the LVs stay)
  stackadopt.cinder.cinder_volume_bulk_manage:
    cloud: mycloud
    state: absent
    host: storage01@lvm#lvm
    select:
      include: ['^lv_']
'''

RETURN = r'''
volumes:
  description: One entry per selected object, in listing order.
  returned: always
  type: list
  elements: dict
  contains:
    ref:
      description: The normalised reference the object was adopted from.
      type: dict
      sample: {"source-name": "lv_db"}
    source_name:
      description: The object's original name.
      type: str
      sample: lv_db
    status:
      description:
        - V(adopted), V(updated), V(released), V(already_managed), V(not_managed), V(skipped) or V(failed).
        - In check mode V(would_adopt), V(would_update) or V(would_release) instead of the writes.
      type: str
      sample: adopted
    reason:
      description: Why an object was skipped or failed (Cinder's own reason where it gave one).
      type: str
    volume_id:
      description: The Cinder volume.
      type: str
    volume_name:
      description: The Cinder volume's name.
      type: str
    size:
      description: Size in GiB.
      type: int
    backend_name:
      description: The object's name on the backend under Cinder, for drivers that rename.
      type: str
      sample: volume-0f0f3a8e-5a43-4d7e-9d1b-3f6a2c2b5d10
    project_id:
      description: The project that owns (or will own) the volume.
      type: str
    project_name:
      description: That project's name, when the run knows it (the caller's project or one it was asked for).
      type: str
    hint:
      description: For an object Cinder says is not safe, what the driver's reason means and the way out.
      type: str
      returned: when the driver profile explains the reason
snapshots:
  description:
    - With O(release_snapshots=true), the snapshots released before their volumes, one entry per snapshot with the
      keys of the RV(stackadopt.cinder.cinder_snapshot_bulk_manage#module:snapshots) entries of
      M(stackadopt.cinder.cinder_snapshot_bulk_manage).
  returned: when O(state=absent) and O(release_snapshots=true)
  type: list
  elements: dict
snapshot_summary:
  description: Counts per status of RV(snapshots).
  returned: when O(state=absent) and O(release_snapshots=true)
  type: dict
summary:
  description: Counts per RV(volumes[].status), plus C(excluded), the objects the selection left out.
  returned: always
  type: dict
  sample: {"adopted": 3, "already_managed": 1, "skipped": 1, "failed": 0, "excluded": 4}
api_requests:
  description:
    - How many Cinder API requests this run made, authentication not counted.
    - A re-run on an adopted backend makes five reads (four with O(listing)).
  returned: always
  type: int
  sample: 4
driver:
  description: The driver profile that interpreted the references.
  returned: always
  type: str
  sample: lvm
host:
  description: The pool host the volumes were adopted on or released from.
  returned: when O(host) was given
  type: str
  sample: storage01@lvm#lvm
cluster:
  description: The active-active cluster the volumes were adopted on or released from.
  returned: when O(cluster) was given
  type: str
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.bulk import BulkManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._module_runner import run_module
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import (
    backend_options,
    bulk_options,
    module_spec,
    project_options,
    recovery_options,
    storage_listing_options,
    volume_request_options,
)


def main():
    run_module(
        BulkManageManager,
        module_spec(
            backend_options(), project_options(), recovery_options(), storage_listing_options(), bulk_options(),
            volume_request_options(name=False),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            volumes=dict(type='list', elements='dict', options=dict(
                volume_request_options(),
                ref=dict(type='dict'),
                source_name=dict(type='str'),
                source_id=dict(type='str'),
                id=dict(type='str'),
                project=dict(type='str'),
            ), mutually_exclusive=[('ref', 'source_name'), ('ref', 'source_id')]),
            name_template=dict(type='str', default='{name}'),
            release_snapshots=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('host', 'cluster')],
        required_one_of=[('host', 'cluster')],
    )


if __name__ == '__main__':
    main()
