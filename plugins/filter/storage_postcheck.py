# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: storage_postcheck
short_description: What a storage host's listing after an adopt or release run says about its results
version_added: 1.0.0
author:
  - stackadopt engineers (@stackadopt)
description:
  - After an adoption every adopted, updated or already managed object must carry the name Cinder's driver gave
    it (its C(backend_name), C(volume-<id>) for LVM and RBD) and no longer its original name.
  - After a release every released object must still be there, under either name (release only forgets).
positional: storage_type, action, items
options:
  _input:
    description:
      - The listing of the storage host after the run - the standard output of C(lvs --reportformat json ...) for
        V(lvm), of C(rbd ls --format json) for V(rbd) - or a list of names.
    type: raw
    required: true
  storage_type:
    description: The storage type that printed O(_input).
    type: str
    choices: [lvm, rbd]
    required: true
  action:
    description: Which run to check.
    type: str
    choices: [adopt, release]
    required: true
  items:
    description: The RV(stackadopt.cinder.cinder_volume_bulk_manage#module:volumes) of the run.
    type: list
    elements: dict
    required: true
'''

EXAMPLES = r'''
- name: Check the LV names after adoption
  vars:
    _check: "{{ lvs_run.stdout | stackadopt.cinder.storage_postcheck('lvm', 'adopt', adopt_volumes_result.volumes) }}"
  ansible.builtin.assert:
    that:
      - _check.not_renamed | length == 0
      - _check.still_old | length == 0
'''

RETURN = r'''
_value:
  description: What was checked and found wrong.
  type: dict
  contains:
    action:
      description: O(action).
      type: str
    checked:
      description: How many objects were checked.
      type: int
    not_renamed:
      description: Adoption - original names of objects not found under their Cinder name.
      type: list
      elements: str
    still_old:
      description: Adoption - original names still present.
      type: list
      elements: str
    gone:
      description: Release - Cinder volume IDs of released objects found under neither name.
      type: list
      elements: str
'''

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import lvm_host, rbd_host, storage_host
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors

_NAMES = {'lvm': lvm_host.names, 'rbd': rbd_host.names}


@filter_errors
def storage_postcheck(listing, storage_type, action, items):
    if storage_type not in _NAMES:
        raise CinderAdoptError("type '%s' has no post-check; valid: %s." % (storage_type, ', '.join(sorted(_NAMES))))
    names = listing if isinstance(listing, list) and all(isinstance(n, str) for n in listing) \
        else _NAMES[storage_type](listing)
    return storage_host.postcheck(names, items or [], action)


class FilterModule(object):
    def filters(self):
        return {'storage_postcheck': storage_postcheck}
