# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import lvm_host
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors


@filter_errors
def lvm_preflight(stdout, vg, volumes=None, select=None):
    return lvm_host.preflight(lvm_host.parse_lvs(stdout), vg, volumes or [], select or {})


class FilterModule(object):
    def filters(self):
        return {'lvm_preflight': lvm_preflight}
