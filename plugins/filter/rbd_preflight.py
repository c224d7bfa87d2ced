# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import rbd_host
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors


@filter_errors
def rbd_preflight(stdout, pool, volumes=None, select=None, checked=None, status=''):
    return rbd_host.preflight(rbd_host.parse_images(stdout), pool, volumes or [], select or {}, checked or [],
                              status or '')


class FilterModule(object):
    def filters(self):
        return {'rbd_preflight': rbd_preflight}
