# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The driver profiles, written once for every module's documentation. ansible-test's yamllint sanity test reads the
# fragment as a string literal, so it spells the choices out; tests/unit/plugins/doc_fragments/test_driver.py asserts
# that they equal this list and the registry's profile names.
DRIVER_CHOICES = ['auto', 'generic', 'hitachi', 'hpe3par', 'infinidat', 'lvm', 'nfs', 'nimble', 'ontap', 'powerflex',
                  'powermax', 'powerstore', 'pure', 'rbd', 'storwize']


class ModuleDocFragment(object):

    # Which driver profile reads the references.
    DOCUMENTATION = r'''
options:
  driver:
    description:
      - The driver profile that interprets references (accepted keys, validation, how the listing names an object,
        the name the driver gives an object it manages, what makes an object unsafe).
      - V(auto) detects the driver from the capabilities Cinder reports for the pool and falls back to V(generic).
      - A profile named here that contradicts the driver Cinder reports for the pool fails before anything is
        written; V(generic) contradicts none.
      - The collection's C(docs/driver-profiles.md) says what each profile knows and which driver source it comes
        from.
    type: str
    default: auto
    choices: [auto, generic, hitachi, hpe3par, infinidat, lvm, nfs, nimble, ontap, powerflex, powermax, powerstore,
              pure, rbd, storwize]
'''
