# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import lvm_host, rbd_host, storage_host
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors

_NAMES = {'lvm': lvm_host.names, 'rbd': rbd_host.names}


@filter_errors
def storage_postcheck(listing, storage_type, action, items):
    if storage_type not in _NAMES:
        raise CinderAdoptError("type '%s' has no post-check; valid: %s." % (storage_type, ', '.join(sorted(_NAMES))))
    names = listing if isinstance(listing, list) and all(isinstance(n, str) for n in listing) \
        else _NAMES[storage_type](listing)
    return storage_host.postcheck(names, items or [], action)


class FilterModule(object):
    def filters(self):
        return {'storage_postcheck': storage_postcheck}
