# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: rbd_preflight
short_description: The preflight of a Ceph RBD storage host from C(rbd ls -l) and the watchers of its candidates
version_added: 1.0.0
author:
  - stackadopt engineers (@stackadopt)
description:
  - Returns the fact C(storage_host_preflight) of the P(stackadopt.cinder.storage_host#role) role for an RBD pool,
    with the rules of C(cinder/volume/drivers/rbd.py RBDDriver.get_manageable_volumes) - size rounded up to GiB,
    C(volume in use) when the image has watchers, C(volume marked as deleted) for a C(.deleted) image.
  - The images the selection takes (explicit O(volumes), or the patterns of O(select); see
    P(stackadopt.cinder.rbd_candidates#filter)) are C(selected), or C(blocked) when in use or marked deleted, or
    when their watchers could not be read. Images named like Cinder's own (C(volume-<id>)) are never taken.
  - C(listing) is the pool as the driver lists it, for the bulk module's C(listing) option; the module adds
    C(already managed) from Cinder's volumes. An image whose watchers were not read is listed as not safe.
positional: pool, volumes, select, checked, status
options:
  _input:
    description: The standard output of C(rbd ls -l --format json) (or the parsed list).
    type: raw
    required: true
  pool:
    description: The pool that was listed.
    type: str
    required: true
  volumes:
    description: The O(stackadopt.cinder.rbd_candidates#filter:volumes) that chose O(checked).
    type: list
    elements: dict
    default: []
  select:
    description: The O(stackadopt.cinder.rbd_candidates#filter:select) that chose O(checked).
    type: dict
    default: {}
  checked:
    description: The images whose watchers were read, in order (what P(stackadopt.cinder.rbd_candidates#filter)
      returned for the same listing and selection).
    type: list
    elements: str
    default: []
  status:
    description: What the role's status loop printed - for each image of O(checked), one line
      C(<exit code> <output of rbd status --format json>).
    type: str
    default: ''
'''

EXAMPLES = r'''
- name: Work out the selected images and the blocked ones
  ansible.builtin.set_fact:
    storage_host_preflight: >-
      {{ rbd_ls.stdout | stackadopt.cinder.rbd_preflight('volumes', stackadopt_volumes, stackadopt_select,
                                                          candidates, rbd_status.stdout | default('')) }}
'''

RETURN = r'''
_value:
  description: The preflight.
  type: dict
  contains:
    type:
      description: V(rbd).
      type: str
    pool:
      description: The pool.
      type: str
    container:
      description: The pool again, under the name every storage type uses (the bulk module's C(listing_container),
        checked against the pool in the backend's C(location_info)).
      type: str
    selected:
      description: The images taken that pass the preflight (C(name), C(size_gib), C(snapshots) - how many).
      type: list
      elements: dict
    blocked:
      description: The images taken that are kept out, with the reason (C(name), C(reason), C(size)).
      type: list
      elements: dict
    missing:
      description: Explicitly listed names the pool does not hold under that name (absent, or renamed to
        C(volume-<id>) by an earlier adoption - Cinder decides).
      type: list
      elements: str
    listing:
      description: The pool as Cinder's RBD driver lists it (C(source_name), C(size), C(safe_to_manage),
        C(reason_not_safe)).
      type: list
      elements: dict
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import rbd_host
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors


@filter_errors
def rbd_preflight(stdout, pool, volumes=None, select=None, checked=None, status=''):
    return rbd_host.preflight(rbd_host.parse_images(stdout), pool, volumes or [], select or {}, checked or [],
                              status or '')


class FilterModule(object):
    def filters(self):
        return {'rbd_preflight': rbd_preflight}
