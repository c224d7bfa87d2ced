# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every front end prepares before the engine runs: requests checked against the cloud, and projects.

All of it is reads; a problem found here fails the run before any write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.connection import connect_to_project, scope_of
from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.identity import IdentityClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import Request
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def requested_ref(params):
    """The ref from ``ref`` or the ``source_name``/``source_id`` shortcuts (the module makes them exclusive)."""
    if params.get('ref'):
        return dict(params['ref'])
    ref = {}
    if params.get('source_name'):
        ref['source-name'] = params['source_name']
    if params.get('source_id'):
        ref['source-id'] = params['source_id']
    return ref or None


def _type_backend(vtype):
    return (vtype.get('extra_specs') or {}).get('volume_backend_name')


def _fitting_types(types, pool_backend):
    return sorted(vtype.get('name') for vtype in types if _type_backend(vtype) in (None, pool_backend))


class VolumeTypes(object):
    """Volume types by ID or name, checked against the backend the volumes land on; each list read once."""

    def __init__(self, client, backend):
        self.client = client
        self.backend = backend
        self._types = None
        self._resolved = {}
        self.default_name = None

    @property
    def types(self):
        if self._types is None:
            self._types = self.client.volume_types()
        return self._types

    def resolve(self, requested):
        """The type dict for ``requested`` (None: Cinder's default, which is checked and None returned)."""
        if requested not in self._resolved:
            self._resolved[requested] = self._resolve(requested)
        return self._resolved[requested]

    def _resolve(self, requested):
        pool_backend = self.backend.capabilities.get('volume_backend_name')
        if not requested:
            # Without a request Cinder applies its default type: one bound to another backend would leave the
            # volume in error after the scheduler refused it.
            default = self.client.default_volume_type()
            self.default_name = default.get('name') if default else None
            if default and _type_backend(default) and pool_backend and _type_backend(default) != pool_backend:
                raise CinderAdoptError(
                    "volume_type is not given, so Cinder would apply its default type '%s', which is bound to backend "
                    "'%s'; %s belongs to backend '%s'. Give volume_type, one of: %s."
                    % (default.get('name'), _type_backend(default), self.backend.label, pool_backend,
                       ', '.join(_fitting_types(self.types, pool_backend)) or 'none'),
                    field='volume_type', valid_types=_fitting_types(self.types, pool_backend))
            return None
        matching = [vtype for vtype in self.types if requested in (vtype.get('id'), vtype.get('name'))]
        if not matching:
            names = sorted(vtype.get('name') for vtype in self.types)
            raise CinderAdoptError("volume_type '%s' is neither the name nor the ID of a volume type. Types: %s."
                                   % (requested, ', '.join(names) or 'none'), field='volume_type', valid_types=names)
        vtype = matching[0]
        if _type_backend(vtype) and pool_backend and _type_backend(vtype) != pool_backend:
            raise CinderAdoptError("volume_type '%s' requires volume_backend_name '%s' but %s belongs to backend "
                                   "'%s'; the scheduler would refuse it. Types for this backend: %s."
                                   % (requested, _type_backend(vtype), self.backend.label, pool_backend,
                                      ', '.join(_fitting_types(self.types, pool_backend)) or 'none'),
                                   field='volume_type', valid_types=_fitting_types(self.types, pool_backend))
        return vtype


class Zones(object):
    def __init__(self, client):
        self.client = client
        self._zones = None

    def check(self, zone):
        if not zone:
            return None
        if self._zones is None:
            self._zones = sorted(z for z in self.client.availability_zones() if z)
        if zone not in self._zones:
            raise CinderAdoptError("availability_zone '%s' does not exist in Cinder. Zones: %s."
                                   % (zone, ', '.join(self._zones) or 'none'), field='availability_zone',
                                   valid_zones=self._zones)
        return zone


class Projects(object):
    """Target projects by name or ID, and the credentials scoped to each (checked before any write)."""

    def __init__(self, client, domain=None):
        self.client = client
        self.domain = domain
        self._identity = None
        self._caller = False
        self._writers = {}

    @property
    def identity(self):
        if self._identity is None:
            self._identity = IdentityClient(self.client.conn)
        return self._identity

    @property
    def caller(self):
        """The Scope of the caller's own token, or None where it cannot be read (unit tests)."""
        if self._caller is False:
            try:
                self._caller = scope_of(self.client.conn)
            except AttributeError:
                self._caller = None
        return self._caller

    def caller_project(self):
        scope = self.caller
        return dict(id=scope.project_id, name=scope.project_name) if scope and scope.project_id else None

    def resolve(self, project):
        """The project dict for a name or ID, or None for no project (the caller's)."""
        if not project:
            return None
        found = self.identity.project(project, self.domain)
        self.writer_for(found)
        return found

    def writer_for(self, project):
        """A client whose token is scoped to ``project`` (the admin role there is checked)."""
        if project is None:
            return self.client
        caller = self.caller
        if caller is not None and caller.project_id == project['id']:
            return self.client
        if project['id'] not in self._writers:
            conn, _scope = connect_to_project(self.client.conn, project, caller.user_name if caller else None)
            self._writers[project['id']] = self.client.scoped(conn)
        return self._writers[project['id']]

    def writer_for_id(self, project_id):
        caller = self.caller
        if caller is not None and caller.project_id == project_id:
            return self.client
        if project_id not in self._writers:
            self.writer_for(self.identity.project(project_id))
        return self._writers[project_id]


def volume_request(params, types, zones, projects, defaults=None, converge_name=True, field=''):
    """A Request from a module's (or one bulk object's) parameters, each checked; ``defaults`` fill the gaps."""
    defaults = defaults or {}

    def pick(key):
        value = params.get(key)
        return defaults.get(key) if value is None else value

    metadata = dict(validation.metadata(field + 'metadata', defaults.get('metadata')) or {})
    metadata.update(validation.metadata(field + 'metadata', params.get('metadata')) or {})
    image_metadata = dict(validation.metadata(field + 'image_metadata', defaults.get('image_metadata'),
                                              image=True) or {})
    image_metadata.update(validation.metadata(field + 'image_metadata', params.get('image_metadata'), image=True)
                          or {})
    return Request(
        name=validation.check_text(field + 'name', pick('name')),
        description=validation.check_text(field + 'description', pick('description'), printable=True),
        metadata=metadata,
        bootable=pick('bootable'),
        image_metadata=image_metadata or None,
        volume_type=types.resolve(pick('volume_type') or None),
        availability_zone=zones.check(validation.check_text(field + 'availability_zone',
                                                            pick('availability_zone') or None)),
        project=projects.resolve(pick('project')) if projects is not None else None,
        converge_name=converge_name)
