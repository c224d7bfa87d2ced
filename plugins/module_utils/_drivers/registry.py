# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Picks the driver profile for a backend: by name, or from what Cinder reports for its pool."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.generic import GenericProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.lvm import LVMProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.nfs import NFSProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.ontap import OntapProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.pure import PureProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.rbd import RBDProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# Detection order matters only where two drivers could claim the same pool;
# the generic profile is the fallback and never detects.
_PROFILES = (LVMProfile(), RBDProfile(), NFSProfile(), OntapProfile(), PureProfile())
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
