# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: release_request
short_description: The bulk release request of one storage host
version_added: 1.0.0
author:
  - stackadopt engineers (@stackadopt)
description:
  - Used by the P(stackadopt.cinder.release_volumes#role) role, whose selection defaults to the adoption's. Keeps
    of each explicit object what names it (C(source_name), C(source_id), C(ref), C(id)) and of the selection its
    patterns (C(include), C(exclude), C(min_size), C(max_size), C(adopted_only)); the adoption's other options
    (C(name), C(metadata), C(safe_only)...) do not apply to a release.
positional: select
options:
  _input:
    description: The explicit objects.
    type: list
    elements: dict
    required: true
  select:
    description: The pattern selection.
    type: dict
    default: {}
'''

EXAMPLES = r'''
- name: Work out the release request of this host
  ansible.builtin.set_fact:
    request: "{{ stackadopt_volumes | stackadopt.cinder.release_request(stackadopt_select) }}"
'''

RETURN = r'''
_value:
  description: The request.
  type: dict
  contains:
    volumes:
      description: The explicit objects, reduced to what names them.
      type: list
      elements: dict
    select:
      description: The selection, reduced to what a release reads (empty when none was given).
      type: dict
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.role_request import release_request


class FilterModule(object):
    def filters(self):
        return {'release_request': release_request}
