# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options, the openstacksdk connection, project scoping and keeping secrets out of every output.

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
    from keystoneauth1 import exceptions as ksa_exceptions
    HAS_OPENSTACKSDK = True
    OPENSTACKSDK_IMPORT_ERROR = None
except ImportError:
    HAS_OPENSTACKSDK = False
    OPENSTACKSDK_IMPORT_ERROR = traceback.format_exc()


def openstack_argument_spec():
    # cloud and auth carry credentials in some of their forms: both are no_log, and the runner then unmasks the
    # values that are not secrets (see public_values) so that names and URLs stay readable in results.
    return dict(
        cloud=dict(type='raw', no_log=True),
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

# Keys of a cloud or auth dict whose values are secrets (keystoneauth's plugin options and clouds.yaml's).
_SECRET_KEY = re.compile(r'password|secret|token|passcode|key|credential|totp', re.IGNORECASE)
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


def secret_values(value, secret=False):
    """Every leaf value of a cloud/auth structure that sits under a secret-looking key."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= secret_values(item, secret or bool(_SECRET_KEY.search(str(key))))
    elif isinstance(value, (list, tuple)):
        for item in value:
            found |= secret_values(item, secret)
    elif secret and value not in (None, '') and not isinstance(value, bool):
        found.add('%s' % (value,))
    return found


def public_values(params):
    """Values Ansible masks because ``cloud``/``auth`` are no_log, but that are no secrets (names, URLs).

    Masking them would replace, say, every ``admin`` or ``Default`` in a result with ``********``.
    """
    masked = set()
    for option in ('cloud', 'auth'):
        masked |= _leaves(params.get(option))
    secrets = secret_values(params.get('cloud')) | secret_values(params.get('auth'))
    return masked - secrets


def _leaves(value):
    if isinstance(value, dict):
        return set().union(*[_leaves(item) for item in value.values()]) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*[_leaves(item) for item in value]) if value else set()
    if value in (None, '') or isinstance(value, bool):
        return set()
    return set(['%s' % (value,)])


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
        elif cloud is not None and not isinstance(cloud, str):
            raise CinderAdoptError('cloud must be the name of a cloud in clouds.yaml or a dict with a whole cloud '
                                   'config, not a %s.' % type(cloud).__name__, field='cloud')
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


class Scope(object):
    """Who the token speaks for: the project, the user and the roles it holds there."""

    def __init__(self, project_id, project_name, user_id, user_name, roles):
        self.project_id = project_id
        self.project_name = project_name
        self.user_id = user_id
        self.user_name = user_name
        self.roles = sorted(roles or [])

    @property
    def is_admin(self):
        # Cinder's default policy: the manage and listing APIs are "rule:admin_api" (cinder/policies/base.py),
        # i.e. the admin role in the token's scope.
        return 'admin' in self.roles


def scope_of(conn, who=''):
    """The Scope of ``conn``'s token (authenticates if it has not yet)."""
    try:
        access = conn.session.auth.get_access(conn.session)
    except ksa_exceptions.Unauthorized as exc:
        raise CinderAdoptError('Authentication failed%s: check the credentials (%s).' % (who, redact(exc)),
                               status_code=401)
    except (ksa_exceptions.ConnectionError, ksa_exceptions.DiscoveryFailure) as exc:
        raise CinderAdoptError('The OpenStack identity API is unreachable%s: %s. Check the auth_url, the network and '
                               'that Keystone is running.' % (who, redact(exc)))
    return Scope(getattr(access, 'project_id', None), getattr(access, 'project_name', None),
                 getattr(access, 'user_id', None), getattr(access, 'username', None),
                 getattr(access, 'role_names', None) or [])


def connect_to_project(conn, project, user_label):
    """A connection with the same credentials scoped to ``project`` (a dict with id, name, domain_id).

    Keystone issues a token only when the account holds a role there; Cinder's manage policy then needs the
    admin role in that scope. Either refusal becomes one message naming the project and the assignment that fixes
    it. Roles are never granted here.
    """
    label = "project '%s' (%s)" % (project.get('name'), project.get('id'))
    fix = ('Grant it, e.g. openstack role add --user %s --project %s admin' % (user_label or '<user>',
                                                                               project.get('id')))
    no_role = CinderAdoptError('The account %s holds no role on %s, so Keystone will not scope a token to it and '
                               'Cinder cannot create volumes there. %s (Cinder\'s manage API needs the admin role in '
                               'that project). Nothing was written.' % (user_label or '', label, fix),
                               field='project', project_id=project.get('id'))
    try:
        scoped = conn.connect_as_project(dict(project))
        scope = scope_of(scoped)
    except CinderAdoptError as exc:
        if exc.details.get('status_code') == 401:
            raise no_role
        raise
    except ksa_exceptions.Unauthorized:
        raise no_role
    except (openstack.exceptions.SDKException, ksa_exceptions.ClientException) as exc:
        raise CinderAdoptError('Cannot scope the credentials to %s: %s. Nothing was written.'
                               % (label, redact(exc)), field='project', project_id=project.get('id'))
    if not scope.is_admin:
        raise CinderAdoptError('The account %s holds the role(s) %s on %s but not admin, which Cinder\'s manage API '
                               'needs in the project the volume is created in. %s. Nothing was written.'
                               % (user_label or '', ', '.join(scope.roles) or 'none', label, fix),
                               field='project', project_id=project.get('id'))
    return scoped, scope
