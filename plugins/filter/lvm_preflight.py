# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: lvm_preflight
short_description: The preflight of an LVM storage host from its one C(lvs) report
version_added: 1.0.0
author:
  - stackadopt engineers (@stackadopt)
description:
  - Reads the JSON report of C(lvs --reportformat json --units b --nosuffix
    -o vg_name,lv_name,lv_attr,lv_size,origin,pool_lv,segtype,lv_role <vg>) and returns the fact
    C(storage_host_preflight) of the P(stackadopt.cinder.storage_host#role) role.
  - The LVs the selection takes (explicit O(volumes) by C(source_name), or the patterns of O(select)) are C(selected),
    or C(blocked) when open, a thin pool, a snapshot, a snapshot origin or another non-plain LV. LVs named like
    Cinder's own (C(volume-<id>), C(_snapshot-<id>)...) are never taken.
  - C(listing) is the volume group as Cinder's LVM driver lists it
    (C(cinder/volume/drivers/lvm.py LVMVolumeDriver._get_manageable_resource_info)) - every LV but C(s) snapshots,
    the size of C(lvs --unit=g) rounded up, C(volume in use) when open - for the bulk module's C(listing) option.
positional: vg, volumes, select
options:
  _input:
    description: The standard output of C(lvs) (or the parsed report).
    type: raw
    required: true
  vg:
    description: The volume group that was listed.
    type: str
    required: true
  volumes:
    description: The explicit objects, as in O(stackadopt.cinder.cinder_volume_bulk_manage#module:volumes). An LV is
      taken by its C(source_name); an object named by C(ref) is left to Cinder.
    type: list
    elements: dict
    default: []
  select:
    description: The pattern selection, as in O(stackadopt.cinder.cinder_volume_bulk_manage#module:select).
      Its C(include), C(exclude), C(min_size) and C(max_size) take LVs by name and by size in GiB, rounded up.
    type: dict
    default: {}
'''

EXAMPLES = r'''
- name: Work out the selected LVs and the blocked ones
  ansible.builtin.set_fact:
    storage_host_preflight: >-
      {{ lvs_run.stdout | stackadopt.cinder.lvm_preflight('cinder-volumes', stackadopt_volumes, stackadopt_select) }}
'''

RETURN = r'''
_value:
  description: The preflight.
  type: dict
  contains:
    type:
      description: V(lvm).
      type: str
    vg:
      description: The volume group.
      type: str
    container:
      description: The volume group again, under the name every storage type uses (the bulk module's
        C(listing_container)).
      type: str
    selected:
      description: The LVs taken that pass the preflight (C(name), C(size_gib), C(attr)).
      type: list
      elements: dict
    blocked:
      description: The LVs taken that are kept out, with the reason (C(name), C(reason), C(size), C(attr)).
      type: list
      elements: dict
    missing:
      description: Explicitly listed names the volume group does not hold under that name (absent, or renamed by an
        earlier adoption - Cinder decides).
      type: list
      elements: str
    listing:
      description: The volume group as Cinder's LVM driver lists it (C(source_name), C(size), C(safe_to_manage),
        C(reason_not_safe)).
      type: list
      elements: dict
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import lvm_host
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors


@filter_errors
def lvm_preflight(stdout, vg, volumes=None, select=None):
    return lvm_host.preflight(lvm_host.parse_lvs(stdout), vg, volumes or [], select or {})


class FilterModule(object):
    def filters(self):
        return {'lvm_preflight': lvm_preflight}
