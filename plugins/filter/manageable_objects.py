# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: manageable_objects
short_description: The objects of a manageable listing as the inventory report shows them
version_added: 1.0.0
author:
  - stackadopt engineers (@stackadopt)
description:
  - Used by the P(stackadopt.cinder.adopt_volumes#role) role's C(inventory) entry point (playbook
    C(stackadopt.cinder.report)).
options:
  _input:
    description: RV(stackadopt.cinder.cinder_manageable_volume_info#module:manageable_volumes).
    type: list
    elements: dict
    required: true
'''

EXAMPLES = r'''
- name: Record the listing of this host
  ansible.builtin.set_fact:
    objects: "{{ info.manageable_volumes | stackadopt.cinder.manageable_objects }}"
'''

RETURN = r'''
_value:
  description: One dict per object - C(name), C(size), C(safe_to_manage), C(reason_not_safe), C(cinder_id),
    C(managed) (whether Cinder manages it).
  type: list
  elements: dict
'''

from ansible_collections.stackadopt.cinder.plugins.plugin_utils.adoption_report import manageable_objects


class FilterModule(object):
    def filters(self):
        return {'manageable_objects': manageable_objects}
