# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The few Keystone reads adoption into a tenant's project needs: find a project by name or ID."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.errors import translated
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

try:
    import openstack.exceptions
except ImportError:  # reported by connection.connect before any client is built
    pass


class IdentityClient(object):
    """Keystone v3 reads through openstacksdk's identity proxy (admin credentials)."""

    def __init__(self, conn, counter=None):
        self._conn = conn
        self._projects = {}

    def _get(self, path, action, params=None, ok_missing=False):
        with translated(action):
            response = self._conn.identity.get(path, params=params or {}, raise_exc=False)
            if ok_missing and response.status_code == 404:
                return None
            openstack.exceptions.raise_from_response(response)
        return response.json()

    def domain_id(self, domain):
        """The ID of a domain given by name or ID."""
        body = self._get('/domains/%s' % domain, "read domain '%s'" % domain, ok_missing=True)
        if body:
            return body['domain']['id']
        found = self._get('/domains', "find domain '%s'" % domain, params={'name': domain}).get('domains', [])
        if not found:
            raise CinderAdoptError("project_domain '%s' is neither the name nor the ID of a Keystone domain."
                                   % domain, field='project_domain')
        return found[0]['id']

    def project(self, project, domain=None):
        """{'id', 'name', 'domain_id'} of a project given by ID, or by name (in ``domain``, default 'default')."""
        key = (project, domain)
        if key not in self._projects:
            self._projects[key] = self._find_project(project, domain)
        return self._projects[key]

    def _find_project(self, project, domain):
        body = self._get('/projects/%s' % project, "read project '%s'" % project, ok_missing=True)
        if body and (domain is None or domain in (body['project'].get('domain_id'),)):
            return _project(body['project'])
        domain_id = self.domain_id(domain) if domain else 'default'
        found = self._get('/projects', "find project '%s'" % project,
                          params={'name': project, 'domain_id': domain_id}).get('projects', [])
        if len(found) == 1:
            return _project(found[0])
        names = sorted(p['name'] for p in self._get('/projects', 'list projects',
                                                    params={'domain_id': domain_id}).get('projects', []))
        close = difflib.get_close_matches(project, names, n=5, cutoff=0.5)
        raise CinderAdoptError(
            "project '%s' is neither the ID of a project nor the name of one in domain '%s'%s. Give the project's "
            "name or ID%s." % (project, domain or 'default',
                               ('; close names there: %s' % ', '.join(close)) if close else '',
                               '' if domain else ', and project_domain for a project outside the default domain'),
            field='project', valid_projects=close)


def _project(raw):
    return dict(id=raw['id'], name=raw.get('name'), domain_id=raw.get('domain_id'))
