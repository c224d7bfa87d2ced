# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Where to list and how to filter, shared by the manageable volume and snapshot info modules.
    DOCUMENTATION = r'''
options:
  detail:
    description:
      - Ask for the detailed listing, which says for each object whether it is safe to manage (and why not), which
        Cinder object already manages it (C(cinder_id)) and the driver's extra information.
    type: bool
    default: true
  safe_only:
    description:
      - Return only objects Cinder says are safe to manage (needs O(detail=true)).
    type: bool
    default: false
  name_pattern:
    description:
      - Python regular expression searched in each object's name (the reference's C(source-name), or its first
        value).
    type: str
  min_size:
    description:
      - Smallest size in GiB to return.
    type: int
  max_size:
    description:
      - Largest size in GiB to return.
    type: int
  sort:
    description:
      - Order of the listing, applied by Cinder.
    type: dict
    suboptions:
      key:
        description: Sort key.
        type: str
        choices: [reference, size]
        default: reference
      direction:
        description: Sort direction.
        type: str
        choices: [asc, desc]
        default: asc
  limit:
    description:
      - Return at most this many objects. Without it every page is followed.
      - With filters, the limit applies to the objects that pass them.
    type: int
attributes:
  check_mode:
    support: full
    details:
      - Read-only; runs the same in check mode.
  diff_mode:
    support: none
'''
