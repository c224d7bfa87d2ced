# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fallback for drivers without a profile of their own.

Accepts the two keys most drivers understand (cinder/volume/driver.py
documents ``source-name`` and ``source-id``) and assumes no rename, so
idempotency rests on the reference the module records in the volume's
metadata.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.base import DriverProfile


class GenericProfile(DriverProfile):
    name = 'generic'
    description = 'any Cinder driver (source-name / source-id, no rename assumed)'
