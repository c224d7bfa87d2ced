# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: adopt_request
short_description: The bulk adoption request of one storage host, with its preflight applied
version_added: 1.0.0
author:
  - stackadopt engineers (@stackadopt)
description:
  - Used by the P(stackadopt.cinder.adopt_volumes#role) role. The objects the storage host's preflight blocked are
    left out - an explicit one (by C(source_name)) is dropped, and each blocked name becomes an anchored, escaped
    C(exclude) pattern of O(select) - and are reported as C(skipped) with the preflight's reason.
  - Explicit objects without C(source_name) (a C(ref)) are passed on as they are; Cinder decides.
positional: volumes, select, metadata
options:
  _input:
    description: The fact C(storage_host_preflight) of the host, or an empty dict when no preflight ran.
    type: dict
    required: true
  volumes:
    description: The explicit objects (O(stackadopt.cinder.cinder_volume_bulk_manage#module:volumes)).
    type: list
    elements: dict
    default: []
  select:
    description: The pattern selection (O(stackadopt.cinder.cinder_volume_bulk_manage#module:select)).
    type: dict
    default: {}
  metadata:
    description: The metadata of every adopted volume, passed through.
    type: dict
    default: {}
'''

EXAMPLES = r'''
- name: Work out the request of this host
  ansible.builtin.set_fact:
    request: >-
      {{ storage_host_preflight | default({})
         | stackadopt.cinder.adopt_request(stackadopt_volumes, stackadopt_select) }}
'''

RETURN = r'''
_value:
  description: The request.
  type: dict
  contains:
    volumes:
      description: The explicit objects to pass to the bulk module (first those without C(source_name)).
      type: list
      elements: dict
    select:
      description: O(select) with the blocked names added to C(exclude), or an empty dict when none was given.
      type: dict
    metadata:
      description: O(metadata).
      type: dict
    skipped:
      description: The blocked objects as report items (C(source_name), C(status=skipped), C(reason), C(size),
        C(volume_id), C(volume_name), C(backend_name)).
      type: list
      elements: dict
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.role_request import adopt_request


class FilterModule(object):
    def filters(self):
        return {'adopt_request': adopt_request}
