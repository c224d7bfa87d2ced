# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs the modules share, each beside the doc fragment that documents it.

backend_options: doc fragment stackadopt.cinder.backend; recovery_options: stackadopt.cinder.recovery;
single_options: stackadopt.cinder.single; bulk_options: stackadopt.cinder.bulk;
project_options: stackadopt.cinder.project; listing_options: stackadopt.cinder.manageable_listing;
storage_listing_options: stackadopt.cinder.storage_listing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.connection import openstack_argument_spec
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import profile_names

STUCK_AFTER_DEFAULT = 900


def backend_options(with_host=True):
    spec = dict(driver=dict(type='str', default='auto', choices=profile_names()))
    if with_host:
        spec.update(host=dict(type='str'), cluster=dict(type='str'))
    return spec


def recovery_options():
    return dict(stuck_after=dict(type='int', default=STUCK_AFTER_DEFAULT),
                recover_stuck=dict(type='bool', default=False))


def project_options():
    return dict(project=dict(type='str'), project_domain=dict(type='str'), transfer=dict(type='bool', default=False))


def volume_request_options(name=True):
    """What an adopted volume should look like: the options the volume modules take, and bulk once more per object
    (bulk's defaults have no name: name_template names the volumes)."""
    spec = dict(description=dict(type='str'), volume_type=dict(type='str'), availability_zone=dict(type='str'),
                metadata=dict(type='dict'), bootable=dict(type='bool'), image_metadata=dict(type='dict'))
    if name:
        spec['name'] = dict(type='str')
    return spec


def snapshot_request_options(name=True):
    """What an adopted snapshot should look like: the snapshot modules' options, and bulk's once more per object
    (bulk's defaults have no name: name_template names the snapshots)."""
    spec = dict(description=dict(type='str'), metadata=dict(type='dict'))
    if name:
        spec['name'] = dict(type='str')
    return spec


def single_options():
    """The one-object modules' reference shortcuts and wait (doc fragment stackadopt.cinder.single)."""
    return dict(source_name=dict(type='str'), source_id=dict(type='str'), wait=dict(type='bool', default=True),
                timeout=dict(type='int', default=180))


def bulk_options():
    """The bulk modules' selection, pool and wait (doc fragment stackadopt.cinder.bulk)."""
    return dict(
        select=dict(type='dict', options=dict(
            include=dict(type='list', elements='str'),
            exclude=dict(type='list', elements='str'),
            min_size=dict(type='int'),
            max_size=dict(type='int'),
            safe_only=dict(type='bool', default=True),
            adopted_only=dict(type='bool', default=True),
        )),
        concurrency=dict(type='int', default=8),
        wait=dict(type='bool', default=True),
        timeout=dict(type='int', default=600),
        fail_on_error=dict(type='bool', default=True),
    )


def storage_listing_options():
    """The storage host's own listing of a backend (doc fragment stackadopt.cinder.storage_listing)."""
    return dict(
        listing=dict(type='list', elements='dict', options=dict(
            reference=dict(type='dict'),
            source_name=dict(type='str'),
            size=dict(type='int'),
            safe_to_manage=dict(type='bool', default=True),
            reason_not_safe=dict(type='str'),
            extra_info=dict(type='raw'),
        ), mutually_exclusive=[('reference', 'source_name')], required_one_of=[('reference', 'source_name')]),
        listing_container=dict(type='str'),
    )


def module_spec(*groups, **options):
    """The connection options, the given option groups, then the module's own options."""
    spec = openstack_argument_spec()
    for group in groups:
        spec.update(group)
    spec.update(options)
    return spec


def listing_options(storage_listing=False):
    """The options of the info modules (the volume info module also takes the storage host's listing)."""
    return module_spec(
        backend_options(), storage_listing_options() if storage_listing else {},
        detail=dict(type='bool', default=True),
        safe_only=dict(type='bool', default=False),
        name_pattern=dict(type='str'),
        min_size=dict(type='int'),
        max_size=dict(type='int'),
        sort=dict(type='dict', options=dict(
            key=dict(type='str', default='reference', choices=['reference', 'size']),
            direction=dict(type='str', default='asc', choices=['asc', 'desc']),
        )),
        limit=dict(type='int'),
    )
