# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options, named and behaving exactly as in openstack.cloud, and the attributes every module of
    # this collection shares: its action group and that it runs anywhere.
    DOCUMENTATION = r'''
options:
  cloud:
    description:
      - Named cloud or cloud config to operate against.
      - If O(cloud) is a string, it references a named cloud config as defined in an OpenStack C(clouds.yaml)
        file. Provides default values for O(auth) and O(auth_type). This parameter is not needed if O(auth) is
        provided or if OpenStack C(OS_*) environment variables are present.
      - If O(cloud) is a dict, it contains a complete cloud configuration like would be in a section of
        C(clouds.yaml); then the other connection options must not be given.
      - AWX/Tower's OpenStack credential writes a C(clouds.yaml), points E(OS_CLIENT_CONFIG_FILE) at it and names
        the cloud C(devstack).
    type: raw
  auth:
    description:
      - Dictionary containing auth information as needed by the cloud's auth plugin strategy. For the default
        C(password) plugin, this would contain C(auth_url), C(username), C(password), C(project_name) and any
        information about domains (for example, C(user_domain_name) or C(project_domain_name)).
      - Not needed if a named cloud is provided or OpenStack C(OS_*) environment variables are present.
    type: dict
  auth_type:
    description:
      - Name of the auth plugin to use. If the cloud uses something other than password authentication, the name
        of the plugin should be indicated here and the contents of the O(auth) parameter should be updated
        accordingly.
    type: str
  region_name:
    description:
      - Name of the region.
    type: str
  validate_certs:
    description:
      - Whether or not SSL API requests should be verified.
    type: bool
    aliases: [verify]
  ca_cert:
    description:
      - A path to a CA Cert bundle that can be used as part of verifying SSL API requests.
    type: str
    aliases: [cacert]
  client_cert:
    description:
      - A path to a client certificate to use as part of the SSL transaction.
    type: str
    aliases: [cert]
  client_key:
    description:
      - A path to a client key to use as part of the SSL transaction.
    type: str
    aliases: [key]
  api_timeout:
    description:
      - How long should the socket layer wait before timing out for API calls. If this is omitted, nothing will be
        passed to the requests library.
    type: int
  interface:
    description:
      - Endpoint URL type to fetch from the service catalog.
    type: str
    choices: [admin, internal, public]
    default: public
    aliases: [endpoint_type]
  sdk_log_path:
    description:
      - Path to the logfile of the OpenStackSDK. If empty no log is written.
    type: str
  sdk_log_level:
    description:
      - Log level of the OpenStackSDK.
    type: str
    default: INFO
    choices: [INFO, DEBUG]
requirements:
  - python >= 3.9
  - openstacksdk >= 1.0.0
notes:
  - The standard OpenStack environment variables, such as E(OS_USERNAME) or E(OS_CLOUD), may be used instead of
    providing explicit values.
  - Auth information is driven by openstacksdk, which means that values can come from a yaml config file in
    C(/etc/ansible/openstack.yaml), C(/etc/openstack/clouds.yaml) or C(~/.config/openstack/clouds.yaml), then from
    standard environment variables, then finally by explicit parameters in plays.
  - Managing existing storage is admin-only by Cinder's default policy; a member gets a clear HTTP 403 message.
  - Secrets in O(cloud), O(auth) and O(client_key) are never logged or returned; the names and URLs beside them
    stay readable.
attributes:
  action_group:
    description: Action is part of action_group(s), for convenient setting of module_defaults.
    support: full
    membership:
      - stackadopt.cinder.cinder
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: all
'''
