# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Refuse a run whose adoptions the target projects' quota cannot hold, before any write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import quota
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

_COUNT_KEY = {'volume': 'volumes', 'snapshot': 'snapshots'}


def _project_of(engine, item):
    if item.parent is not None:
        return {'id': item.parent.get('os-vol-tenant-attr:tenant_id'), 'name': None}
    if item.request is not None and item.request.project:
        return item.request.project
    return engine.quota_project


def _type_name(engine, item):
    if item.parent is not None:
        return item.parent.get('volume_type')
    vtype = item.request.volume_type if item.request is not None else None
    if vtype:
        return vtype.get('name')
    return getattr(engine, 'default_type_name', None)


def check_quota(engine, items):
    """One quota read per project that receives objects; raises CinderAdoptError with the numbers when short."""
    by_project = {}
    for item in items:
        project = _project_of(engine, item)
        if not project or not project.get('id'):
            continue
        by_project.setdefault(project['id'], (project, []))[1].append(item)
    for project_id, (project, members) in sorted(by_project.items()):
        usage = engine.client.quota_usage(project_id)
        wanted = quota.needs(_COUNT_KEY[engine.kind.name], [(item.size, _type_name(engine, item)) for item in members])
        short = quota.shortfalls(usage, wanted)
        if short:
            label = "project '%s' (%s)" % (project.get('name'), project_id) if project.get('name') else \
                'project %s' % project_id
            unknown = sum(1 for item in members if item.size is None)
            raise CinderAdoptError(quota.describe(short, label, unknown), field='project', project_id=project_id,
                                   quota_shortfalls=[dict(key=key, needed=needed, left=left, limit=limit,
                                                          in_use=in_use, reserved=reserved)
                                                     for key, needed, left, limit, in_use, reserved in short])
