# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # What the bulk modules share: the pattern selection, the pool of requests, the one wait, failures.
    DOCUMENTATION = r'''
options:
  select:
    type: dict
    suboptions:
      include:
        description:
          - Python regular expressions (searched, not anchored); an object is taken when one of them matches its
            name. Empty takes all.
        type: list
        elements: str
      exclude:
        description: Python regular expressions; an object matching one of them is left out.
        type: list
        elements: str
      min_size:
        description: Smallest size in GiB (0 or more).
        type: int
      max_size:
        description: Largest size in GiB (0 or more).
        type: int
      safe_only:
        description: Skip (and report) objects Cinder says are not safe to manage, instead of trying them.
        type: bool
        default: true
      adopted_only:
        description:
          - With O(state=absent), release only what this collection adopted (objects recording C(stackadopt_ref)).
        type: bool
        default: true
  concurrency:
    description: How many manage or unmanage requests are in flight at once, from 1 to 64.
    type: int
    default: 8
  wait:
    description:
      - Wait until every adopted object is available, or every released object is gone (one shared loop).
      - With V(false) the module returns as soon as Cinder accepted the requests.
    type: bool
    default: true
  timeout:
    description: Seconds for the whole shared wait (at least 1).
    type: int
    default: 600
  fail_on_error:
    description:
      - Fail the task when any selected object failed. With V(false) the failures are only reported in the result's
        list and in RV(summary), so a role can write its report first.
    type: bool
    default: true
'''
