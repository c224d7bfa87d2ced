#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: cinder_manageable_volume_info
short_description: List the existing backend objects a Cinder host or cluster could manage
version_added: 1.0.0
description:
  - Reads Cinder's manageable volumes listing (C(GET /v3/{project_id}/manageable_volumes/detail), microversion
    3.8, or 3.17 for a cluster) for one host or cluster, following every page, and returns each object with the
    driver profile's normalised reference and name.
  - Or, with O(listing), takes the storage host's own listing of the backend (the
    P(stackadopt.cinder.storage_host#role) role makes it with one C(lvs)) and asks Cinder only which objects are
    already its volumes - the way to list a backend of thousands of objects, where Cinder's driver cannot answer
    within Cinder's RPC timeout.
  - A Cinder listing that fails on that timeout (HTTP 500 after about a minute) is not retried; the failure names
    the cause, the knob (C(rpc_response_timeout) in C(cinder.conf)) and the storage host's listing as the way out.
  - Filters by safety, name pattern and size, and summarises the listing (safe, unsafe by reason, already managed).
  - An empty listing is an empty list, not a failure.
author:
  - stackadopt engineers (@stackadopt)
extends_documentation_fragment:
  - stackadopt.cinder.backend
  - stackadopt.cinder.driver
  - stackadopt.cinder.manageable_listing
  - stackadopt.cinder.storage_listing
  - stackadopt.cinder.openstack
  - ansible.builtin.action_common_attributes
notes:
  - Listing manageable volumes is admin-only under Cinder's default policy.
seealso:
  - module: stackadopt.cinder.cinder_volume_manage
'''

EXAMPLES = r'''
- name: What could Cinder adopt on this backend?
  stackadopt.cinder.cinder_manageable_volume_info:
    cloud: mycloud
    host: storage01@lvm#lvm
  register: manageable

- name: Only the safe database volumes of at least 10 GiB, largest first
  stackadopt.cinder.cinder_manageable_volume_info:
    cloud: mycloud
    host: storage01@lvm#lvm
    safe_only: true
    name_pattern: '^db_'
    min_size: 10
    sort:
      key: size
      direction: desc

- name: Show the counts
  ansible.builtin.debug:
    var: manageable.summary
'''

RETURN = r'''
manageable_volumes:
  description: The objects, in the requested order.
  returned: always
  type: list
  elements: dict
  contains:
    reference:
      description: The reference exactly as the driver lists it.
      type: dict
      sample: {"source-name": "lv_data01"}
    ref:
      description:
        - The reference normalised by the driver profile.
        - Pass it as O(stackadopt.cinder.cinder_volume_manage#module:ref).
      type: dict
      sample: {"source-name": "lv_data01"}
    name:
      description: The object's name on the backend.
      type: str
      sample: lv_data01
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
      sample: already managed
    cinder_id:
      description: The Cinder volume that already manages it.
      type: str
    extra_info:
      description: Driver-specific information.
      type: str
summary:
  description: Counts over the returned objects.
  returned: always
  type: dict
  contains:
    total:
      description: Objects returned.
      type: int
    safe:
      description: Objects safe to manage.
      type: int
    unsafe:
      description: Objects not safe to manage and not managed.
      type: int
    unsafe_by_reason:
      description: Unsafe objects counted by Cinder's reason.
      type: dict
      sample: {"Volume in use": 1}
    managed:
      description: Objects already managed by Cinder.
      type: int
driver:
  description: The driver profile that read the listing.
  returned: always
  type: str
  sample: lvm
listed_by:
  description: Who listed the objects - V(Cinder), or V(storage host) when O(listing) was given.
  returned: always
  type: str
  sample: storage host
host:
  description: The pool host whose objects were listed, completed with its pool when given as C(host@backend).
  returned: when O(host) was given
  type: str
  sample: storage01@lvm#lvm
cluster:
  description: The active-active cluster whose objects were listed.
  returned: when O(cluster) was given
  type: str
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.info import ManageableVolumeInfoManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._module_runner import run_module
from ansible_collections.stackadopt.cinder.plugins.module_utils._specs import listing_options


def main():
    run_module(
        ManageableVolumeInfoManager,
        listing_options(storage_listing=True),
        mutually_exclusive=[('host', 'cluster')],
        required_one_of=[('host', 'cluster')],
    )


if __name__ == '__main__':
    main()
