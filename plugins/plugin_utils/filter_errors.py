# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the collection's filter plugins share: a refusal of its module_utils becomes the filter's own error.

A filter whose rules live in module_utils (the storage hosts' preflight and post-check) decorates its function::

    @filter_errors
    def lvm_preflight(stdout, vg, volumes=None, select=None):
        return lvm_host.preflight(...)

A CinderAdoptError it raises (input the rules refuse, with a message naming what is wrong) reaches the play as
the AnsibleFilterError ``<filter>: <message>``, the error Ansible expects of a filter.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools

from ansible.errors import AnsibleFilterError

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def filter_errors(function):
    """``function`` as a filter: its CinderAdoptError becomes an AnsibleFilterError headed by its name.

    The wrapper keeps the function's name and signature (``functools.wraps``), which the filter's documentation and
    its unit test compare.
    """
    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except CinderAdoptError as exc:
            raise AnsibleFilterError('%s: %s' % (function.__name__, exc.msg))
    return run
