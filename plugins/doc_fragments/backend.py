# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The driver profiles, written once for every module's documentation: modules take the option's text from the
# fragments below (``stackadopt.cinder.backend`` with host and cluster, ``stackadopt.cinder.backend.driver`` alone).
# ansible-test's yamllint sanity test reads every assignment in the class as a string literal, so the two
# fragments spell the choices out; tests/unit/plugins/doc_fragments/test_backend.py asserts that both equal this
# list and the registry's profile names.
DRIVER_CHOICES = ['auto', 'generic', 'hitachi', 'hpe3par', 'infinidat', 'lvm', 'nfs', 'nimble', 'ontap', 'powerflex',
                  'powermax', 'powerstore', 'pure', 'rbd', 'storwize']


class ModuleDocFragment(object):

    # Where the backend objects live, and which driver profile reads their references.
    DOCUMENTATION = r'''
options:
  host:
    description:
      - The Cinder volume host holding the objects, as C(host@backend#pool).
      - C(host@backend) is accepted when that backend has a single pool.
      - A backend whose cinder-volume is a member of a cluster may be named by the member's host too, although
        Cinder reports its pool under the cluster's name (C(cluster@backend#pool)); that pool name is not a host.
      - An unknown host fails with the list of hosts that can be given.
      - Mutually exclusive with O(cluster).
    type: str
  cluster:
    description:
      - The Cinder cluster holding the objects, as C(cluster@backend) (active-active cinder-volume services; needs
        microversion 3.16 to manage and 3.17 to list, Cinder Ocata or later).
      - An unknown cluster fails with the list of clusters Cinder reports.
      - Mutually exclusive with O(host).
    type: str
  driver:
    description:
      - The driver profile that interprets references (accepted keys, validation, how the listing names an object,
        the name the driver gives an object it manages, what makes an object unsafe).
      - V(auto) detects the driver from the capabilities Cinder reports for the pool and falls back to V(generic).
      - A profile named here that contradicts the driver Cinder reports for the pool fails before anything is
        written.
      - The collection's C(docs/driver-profiles.md) says what each profile knows and which driver source it comes
        from.
    type: str
    default: auto
    choices: [auto, generic, hitachi, hpe3par, infinidat, lvm, nfs, nimble, ontap, powerflex, powermax, powerstore,
              pure, rbd, storwize]
'''

    # The driver option alone, for modules that find the backend through a volume (snapshots).
    DRIVER = r'''
options:
  driver:
    description:
      - The driver profile that interprets references (accepted keys, validation, how the listing names an object,
        the name the driver gives an object it manages, what makes an object unsafe).
      - V(auto) detects the driver from the capabilities Cinder reports for the pool and falls back to V(generic).
      - A profile named here that contradicts the driver Cinder reports for the pool fails before anything is
        written.
      - The collection's C(docs/driver-profiles.md) says what each profile knows and which driver source it comes
        from.
    type: str
    default: auto
    choices: [auto, generic, hitachi, hpe3par, infinidat, lvm, nfs, nimble, ontap, powerflex, powermax, powerstore,
              pure, rbd, storwize]
'''
