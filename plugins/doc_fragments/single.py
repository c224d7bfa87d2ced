# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # What the one-object modules share: the reference shortcuts and the wait.
    DOCUMENTATION = r'''
options:
  source_name:
    description:
      - 'Shortcut for O(ref)=V({"source-name": <value>}).'
    type: str
  source_id:
    description:
      - 'Shortcut for O(ref)=V({"source-id": <value>}). May be combined with O(source_name).'
    type: str
  wait:
    description:
      - Wait until the object is C(available) after manage, or gone after unmanage.
      - With V(false) the module returns as soon as Cinder accepted the request.
    type: bool
    default: true
  timeout:
    description:
      - How many seconds to wait with O(wait) (at least 1). On timeout the module fails with the object's ID and
        its last status, and deletes nothing.
    type: int
    default: 180
'''
