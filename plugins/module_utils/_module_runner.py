# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place where a module's manager runs and a CinderAdoptError becomes fail_json."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.connection import (
    connect,
    public_values,
    redact,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def run_module(manager_class, argument_spec, **rules):
    """Build the module from its argument spec and ``rules`` (mutually_exclusive, required_if, ...), connect, run
    ``manager_class(client, params, check_mode).run()`` and exit the module with its result. Every module of the
    collection supports check mode.

    ``cloud`` and ``auth`` are no_log, so Ansible masks every value in them wherever it appears, in results and
    in ``-vvv`` output alike. The secrets among them stay masked; names, URLs and the like are unmasked so that a
    project called ``admin`` does not read ``********`` in every result.
    """
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **rules)
    module.no_log_values.difference_update(public_values(module.params))
    try:
        cloud = module.params.get('cloud')
        client = CinderClient(connect(module.params), label=cloud if isinstance(cloud, str) else None)
        result = manager_class(client, module.params, check_mode=module.check_mode).run()
    except CinderAdoptError as exc:
        details = dict(exc.details)
        exception = details.pop('exception', None)
        module.fail_json(msg=redact(exc.msg), exception=exception, **details)
    result.setdefault('changed', False)
    if not module._diff:
        result.pop('diff', None)
    module.exit_json(**result)
