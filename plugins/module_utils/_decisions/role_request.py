# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bulk module's request of one storage host, as the adopt_volumes and release_volumes roles make it.

Exposed to the roles by the filters stackadopt.cinder.adopt_request and stackadopt.cinder.release_request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# What a release takes from the adoption's selection: the object, never its adoption options.
RELEASE_ITEM_KEYS = ('source_name', 'source_id', 'ref', 'id')
RELEASE_SELECT_KEYS = ('include', 'exclude', 'min_size', 'max_size', 'adopted_only')


def adopt_request(preflight, volumes, select, metadata=None):
    """The request of one host for an adoption, with the storage host's preflight applied.

    Objects the preflight blocked are left out: an explicit one (by ``source_name``) is dropped, and each blocked
    name becomes an exclude pattern of ``select`` (anchored and escaped), so that a pattern cannot take it again.
    Each is reported as ``skipped`` with the preflight's reason (``skipped``, shaped like the bulk module's items).
    Objects without ``source_name`` (a ``ref``) are passed on as they are: Cinder decides.

    Returns ``{volumes, select, metadata, skipped}``.
    """
    blocked = list((preflight or {}).get('blocked') or [])
    blocked_names = [item.get('name') for item in blocked]
    volumes = list(volumes or [])
    kept = ([item for item in volumes if 'source_name' not in item]
            + [item for item in volumes if 'source_name' in item and item['source_name'] not in blocked_names])
    if select:
        select = dict(select)
        select['exclude'] = list(select.get('exclude') or []) + ['^%s$' % re.escape(name) for name in blocked_names]
    else:
        select = {}
    skipped = [dict(source_name=item.get('name'), status='skipped', reason=item.get('reason'), size=item.get('size'),
                    volume_id=None, volume_name=None, backend_name=None) for item in blocked]
    return dict(volumes=kept, select=select, metadata=dict(metadata or {}), skipped=skipped)


def release_request(volumes, select):
    """The request of one host for a release: each explicit object by what names it (``source_name``,
    ``source_id``, ``ref``, ``id``) and the patterns of ``select`` (``include``, ``exclude``, ``min_size``,
    ``max_size``, ``adopted_only``); the adoption's other options (``name``, ``metadata``, ``safe_only``...) do not
    apply to a release. Returns ``{volumes, select}``."""
    return dict(volumes=[dict((key, value) for key, value in (item or {}).items() if key in RELEASE_ITEM_KEYS)
                         for item in volumes or []],
                select=dict((key, value) for key, value in (select or {}).items() if key in RELEASE_SELECT_KEYS))
