"""A small Keystone for unit tests: projects, domains, the admin user's role assignments and token scopes.

It answers openstacksdk's identity proxy seam (``conn.identity.get``) and what the collection reads of a token
(``conn.session.auth.get_access(session)``); scoping to a project where the user holds no role fails the way
keystoneauth does (Unauthorized).
"""

import json
import re

from keystoneauth1 import exceptions as ksa_exceptions

from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import ADMIN_PROJECT

TENANT_A = '0a1b2c3d4e5f40718293a4b5c6d7e8f9'
TENANT_B = '1f2e3d4c5b6a47988796a5b4c3d2e1f0'


class _Response(object):
    def __init__(self, status_code, body):
        self.status_code = status_code
        self._body = body
        self.content = json.dumps(body).encode()
        self.text = self.content.decode()
        self.headers = {'content-type': 'application/json'}
        self.reason = {200: 'OK', 404: 'Not Found'}.get(status_code, '')
        self.request = None
        self.url = ''

    def json(self):
        return self._body


class _Access(object):
    def __init__(self, project, user, roles):
        self.project_id = project['id']
        self.project_name = project['name']
        self.user_id = 'u-' + user
        self.username = user
        self.role_names = list(roles)


class _Auth(object):
    def __init__(self, access):
        self.access = access

    def get_access(self, session):
        return self.access


class _Session(object):
    def __init__(self, access):
        self.auth = _Auth(access)


class FakeKeystone(object):
    """``assignments``: {project id: [role names of the admin user there]}."""

    def __init__(self, projects=None, assignments=None, user='admin'):
        self.projects = projects or [
            dict(id=ADMIN_PROJECT, name='admin', domain_id='default'),
            dict(id=TENANT_A, name='tenant-a', domain_id='default'),
            dict(id=TENANT_B, name='tenant-b', domain_id='default'),
        ]
        self.domains = [dict(id='default', name='Default')]
        self.assignments = assignments if assignments is not None else {
            ADMIN_PROJECT: ['admin', 'member', 'reader'], TENANT_A: ['admin']}
        self.user = user
        self.calls = []

    def _project(self, project_id):
        return next((p for p in self.projects if p['id'] == project_id), None)

    def session(self, project_id):
        return _Session(_Access(self._project(project_id), self.user, self.assignments.get(project_id, [])))

    def scope_to(self, project):
        """The project ID a token is scoped to, as keystoneauth would get it, or Unauthorized."""
        found = self._project(project.get('id')) if project.get('id') else next(
            (p for p in self.projects if p['name'] == project.get('name')), None)
        if found is None or not self.assignments.get(found['id']):
            raise ksa_exceptions.Unauthorized('The request you have made requires authentication.')
        return found['id']

    def get(self, path, params=None, raise_exc=False, **kwargs):
        params = params or {}
        self.calls.append(('GET', path, dict(params)))
        match = re.match(r'^/(projects|domains)/([^/]+)$', path)
        if match:
            items = self.projects if match.group(1) == 'projects' else self.domains
            found = next((item for item in items if item['id'] == match.group(2)), None)
            if found is None:
                return _Response(404, {'error': {'code': 404, 'message': 'Could not find %s.' % match.group(2)}})
            return _Response(200, {match.group(1)[:-1]: dict(found)})
        if path in ('/projects', '/domains'):
            items = self.projects if path == '/projects' else self.domains
            found = [dict(item) for item in items
                     if all(item.get(key) == value for key, value in params.items() if key in ('name', 'domain_id'))]
            return _Response(200, {path[1:]: found})
        return _Response(404, {'error': {'code': 404, 'message': 'no route %s' % path}})
