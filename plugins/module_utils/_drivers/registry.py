# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Picks the driver profile for a backend: by name, or from what Cinder reports for its pool."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.generic import GenericProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.hitachi import HitachiProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.hpe3par import HPE3PARProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.infinidat import InfinidatProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.lvm import LVMProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.nfs import NFSProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.nimble import NimbleProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.ontap import OntapProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.powerflex import PowerFlexProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.powermax import PowerMaxProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.powerstore import PowerStoreProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.pure import PureProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.rbd import RBDProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.storwize import StorwizeProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# Detection order matters only where two drivers could claim the same pool; the profiles below keep their
# detection disjoint (tests/unit/plugins/module_utils/_drivers/test_registry.py checks every fixture pool), so the
# order is only the one to read them in: the open-source drivers, then by vendor. Shared vendor names are told
# apart by other capabilities: 'Open Source' (LVM, RBD, NFS) by location_info; 'Dell EMC' (PowerMax, PowerFlex,
# PowerStore) by location_info, pool_name and protocol; 'Hewlett Packard Enterprise' (3PAR, HPE XP under
# hitachi) by location_info's type. The generic profile is the fallback and never detects.
_PROFILES = (LVMProfile(), RBDProfile(), NFSProfile(), OntapProfile(), PureProfile(), PowerMaxProfile(),
             PowerFlexProfile(), PowerStoreProfile(), HPE3PARProfile(), HitachiProfile(), StorwizeProfile(),
             InfinidatProfile(), NimbleProfile())
_GENERIC = GenericProfile()
_BY_NAME = dict((profile.name, profile) for profile in _PROFILES + (_GENERIC,))

AUTO = 'auto'


def profile_names():
    """Valid values of the ``driver`` option, ``auto`` first."""
    return [AUTO] + sorted(_BY_NAME)


def get_profile(name):
    try:
        return _BY_NAME[name]
    except KeyError:
        raise CinderAdoptError("driver '%s' is not a known driver profile; valid: %s."
                               % (name, ', '.join(profile_names())), field='driver')


def detect_profile(capabilities):
    """The profile whose driver produced these pool capabilities; generic when none claims them."""
    for profile in _PROFILES:
        if capabilities and profile.detect(capabilities):
            return profile
    return _GENERIC


def select_profile(name, capabilities):
    if name in (None, AUTO):
        return detect_profile(capabilities)
    return get_profile(name)
