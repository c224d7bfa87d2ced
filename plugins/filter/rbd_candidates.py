# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: rbd_candidates
short_description: The images of an RBD pool whose watchers the preflight must read
version_added: 1.0.0
author:
  - stackadopt engineers (@stackadopt)
description:
  - Reads the JSON of C(rbd ls -l --format json) and returns the names of the images this run takes - explicit
    O(volumes) (C(source_name) or C(ref.source-name)) and those the patterns of O(select) match - leaving out
    images named like Cinder's own (C(volume-<id>)).
  - Cinder's RBD driver counts the watchers of an image (C(rbd status)) to call it C(volume in use)
    (C(cinder/volume/drivers/rbd.py RBDDriver.get_manageable_volumes)); Ceph answers that one image at a time, so
    the P(stackadopt.cinder.storage_host#role) role asks only for these.
positional: volumes, select
options:
  _input:
    description: The standard output of C(rbd ls -l --format json) (or the parsed list).
    type: raw
    required: true
  volumes:
    description: The explicit objects, as in O(stackadopt.cinder.cinder_volume_bulk_manage#module:volumes). An image is
      taken by its C(source_name) or its C(ref.source-name).
    type: list
    elements: dict
    default: []
  select:
    description: The pattern selection, as in O(stackadopt.cinder.cinder_volume_bulk_manage#module:select).
      Its C(include), C(exclude), C(min_size) and C(max_size) take images by name and by size in GiB, rounded up.
    type: dict
    default: {}
'''

EXAMPLES = r'''
- name: Images whose watchers to read
  ansible.builtin.set_fact:
    candidates: "{{ rbd_ls.stdout | stackadopt.cinder.rbd_candidates(stackadopt_volumes, stackadopt_select) }}"
'''

RETURN = r'''
_value:
  description: Image names, in the pool's order.
  type: list
  elements: str
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import rbd_host
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors


@filter_errors
def rbd_candidates(stdout, volumes=None, select=None):
    return rbd_host.candidates(rbd_host.parse_images(stdout), volumes or [], select or {})


class FilterModule(object):
    def filters(self):
        return {'rbd_candidates': rbd_candidates}
