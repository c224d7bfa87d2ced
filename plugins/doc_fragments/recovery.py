# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Records of this collection that a lost request left behind, and how a run deals with them.
    DOCUMENTATION = r'''
options:
  stuck_after:
    description:
      - Seconds after which a record of this collection that is still C(creating)/C(managing) (or C(error) and not
        released) counts as stuck, on Cinder's own clock. Younger ones belong to a run in progress - another
        playbook adopting the same object right now - and are waited for instead of being adopted twice.
      - A stuck record is reported with its status and age (the volume service most likely lost the request, for
        example because it was down); nothing is written for it unless O(recover_stuck=true).
      - Keep it well above the time a manage takes on your backend, including the queue of a large bulk run.
      - A volume's manage request that Cinder accepted but never passed on is not waited for until then. When
        cinder-api stops between writing the record and handing the request to the scheduler, the record stays
        C(creating) and is never updated (the scheduler updates it the moment it takes a request on). A record of
        this collection in that state for 60 seconds while every scheduler is up, and still so 75 seconds later, is
        released (its status reset, database only, then unmanaged) and the request sent again, without
        O(recover_stuck) - the backend object was never touched. Snapshot records cannot be told apart this way.
    type: int
    default: 900
  recover_stuck:
    description:
      - Recover stuck records (see O(stuck_after)) - reset the record's status to C(error) (Cinder's
        C(os-reset_status), which changes only the database), unmanage it and wait until Cinder forgot it, then adopt
        the object again; under its original name, or under the name the driver gave it when the lost request had
        renamed it already.
      - Nothing is deleted; the backend object is kept throughout.
      - Check mode predicts the recovery as an adoption.
    type: bool
    default: false
'''
