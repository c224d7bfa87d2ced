# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options and the openstacksdk connection, shaped exactly like openstack.cloud's.

The option names, aliases and the way ``cloud`` may be a name or a whole cloud
dict follow openstack.cloud so that AWX's OpenStack credential (which writes a
clouds.yaml and sets OS_CLIENT_CONFIG_FILE) and existing module_defaults work
unchanged.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import traceback

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

try:
    import openstack
    import openstack.exceptions
    HAS_OPENSTACKSDK = True
    OPENSTACKSDK_IMPORT_ERROR = None
except ImportError:
    HAS_OPENSTACKSDK = False
    OPENSTACKSDK_IMPORT_ERROR = traceback.format_exc()


def openstack_argument_spec():
    return dict(
        cloud=dict(type='raw'),
        auth_type=dict(type='str'),
        auth=dict(type='dict', no_log=True),
        region_name=dict(type='str'),
        validate_certs=dict(type='bool', aliases=['verify']),
        ca_cert=dict(type='str', aliases=['cacert']),
        client_cert=dict(type='str', aliases=['cert']),
        client_key=dict(type='str', no_log=True, aliases=['key']),
        api_timeout=dict(type='int'),
        interface=dict(type='str', default='public', choices=['admin', 'internal', 'public'],
                       aliases=['endpoint_type']),
        sdk_log_path=dict(type='str'),
        sdk_log_level=dict(type='str', default='INFO', choices=['INFO', 'DEBUG']),
    )


_CONNECTION_OPTIONS = ('auth', 'auth_type', 'region_name', 'validate_certs', 'ca_cert', 'client_cert',
                       'client_key', 'api_timeout')

# Tokens and passwords must never reach results or logs, even inside the text of an
# exception raised deep in keystoneauth or requests.
_SECRET_PATTERNS = (
    re.compile(r'(X-(?:Auth|Subject|Service)-Token["\']?\s*[:=]\s*["\']?)[^\s"\',}]+', re.IGNORECASE),
    re.compile(r'(["\']?(?:password|secret|token|application_credential_secret)["\']?\s*[:=]\s*["\']?)'
               r'[^\s"\',}]+', re.IGNORECASE),
    re.compile(r'()gAAAAA[A-Za-z0-9_\-=]{20,}'),
)


def redact(text):
    text = '%s' % (text,)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(r'\1<redacted>', text)
    return text


def connect(params):
    """Return an openstacksdk Connection built from the module's connection options."""
    if not HAS_OPENSTACKSDK:
        raise CinderAdoptError('The openstacksdk Python library is required on the host that runs this module '
                               '(pip install openstacksdk); it could not be imported.',
                               exception=OPENSTACKSDK_IMPORT_ERROR)
    cloud = params.get('cloud')
    try:
        if isinstance(cloud, dict):
            given = [name for name in _CONNECTION_OPTIONS if params.get(name) is not None]
            if params.get('interface') not in (None, 'public'):
                given.append('interface')
            if given:
                raise CinderAdoptError('cloud is a cloud config dict, so it must hold the connection settings; '
                                       'also giving %s is ambiguous. Put them inside cloud or pass cloud by name.'
                                       % ', '.join(given), field='cloud')
            conn = openstack.connect(**cloud)
        else:
            conn = openstack.connect(
                cloud=cloud,
                auth_type=params.get('auth_type'),
                auth=params.get('auth'),
                region_name=params.get('region_name'),
                verify=params.get('validate_certs'),
                cacert=params.get('ca_cert'),
                cert=params.get('client_cert'),
                key=params.get('client_key'),
                api_timeout=params.get('api_timeout'),
                interface=params.get('interface'),
            )
    except openstack.exceptions.ConfigException as exc:
        raise CinderAdoptError('Cannot load the OpenStack cloud configuration%s: %s. Name a cloud from '
                               'clouds.yaml (OS_CLIENT_CONFIG_FILE, ~/.config/openstack/clouds.yaml) with cloud, '
                               'or give auth.' % (" for cloud '%s'" % cloud if isinstance(cloud, str) else '',
                                                  redact(exc)), field='cloud')
    if params.get('sdk_log_path'):
        debug = params.get('sdk_log_level') == 'DEBUG'
        openstack.enable_logging(debug=debug, http_debug=debug, path=params['sdk_log_path'])
    return conn
