# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every storage host's preflight and post-check share, whatever the storage type.

A preflight (``lvm_host``, ``rbd_host``) reads the host's own listing of its objects and returns
the fact ``storage_host_preflight`` of the ``storage_host`` role::

    {type, container, selected: [{name, size_gib, ...}], blocked: [{name, reason, size, ...}],
     missing: [name], listing: [entries of Cinder's manageable listing]}

``selected`` and ``blocked`` are the objects the run's selection takes (explicit objects by name, or the
patterns of ``select``) that pass or fail the storage type's checks; ``missing`` the explicitly listed
names the host does not hold under that name (absent, or renamed by an earlier adoption: Cinder decides).
The post-check compares the names the host holds after a run with the run's results.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.selection import Selection
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

#: Statuses after which Cinder holds the object under the name the driver gave it.
HELD = ('adopted', 'updated', 'already_managed')
RELEASED = 'released'


def load_json(text, what):
    """The document a storage command printed (``text`` may already be parsed)."""
    if not isinstance(text, (str, bytes)):
        return text
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CinderAdoptError('%s did not print JSON (%s): %r' % (what, exc, text[:200]), field='stdout')


def host_selection(select):
    """The run's ``select`` as a Selection. It comes from role variables, where no argument spec made the size bounds
    integers (``-e stackadopt_select='{"max_size": "2"}'``): they are read as whole GiB here."""
    select = dict(select or {})
    for key in ('min_size', 'max_size'):
        value = select.get(key)
        if value is None or isinstance(value, int) and not isinstance(value, bool):
            continue
        try:
            select[key] = int(str(value).strip())
        except ValueError:
            raise CinderAdoptError("select.%s is '%s'; give a whole number of GiB (e.g. 10)." % (key, value),
                                   field='select.%s' % key)
    return Selection(select)


def explicit_names(volumes, refs=False):
    """The names of the explicitly listed objects (``source_name``; with ``refs`` also ``ref.source-name``)."""
    names = []
    for item in volumes or []:
        item = item or {}
        name = item.get('source_name')
        if not name and refs and isinstance(item.get('ref'), dict):
            name = item['ref'].get('source-name')
        if name:
            names.append(name)
    return names


def postcheck(names, items, action):
    """What a post-check finds wrong, given the names the host holds after an ``adopt`` or ``release`` run.

    After adoption every adopted, updated or already managed object must carry the name Cinder's driver gave it
    (``backend_name``) and no longer its original name; after a release every released object must still be
    there under either name (release only forgets).
    """
    names = set(names)
    items = items or []
    if action == 'adopt':
        held = [item for item in items if item.get('status') in HELD and item.get('backend_name')]
        return dict(action=action, checked=len(held),
                    not_renamed=[item.get('source_name') for item in held if item['backend_name'] not in names],
                    still_old=[item['source_name'] for item in held
                               if item.get('source_name') and item['source_name'] in names],
                    gone=[])
    if action == 'release':
        released = [item for item in items if item.get('status') == RELEASED]
        return dict(action=action, checked=len(released), not_renamed=[], still_old=[],
                    gone=[item.get('volume_id') for item in released
                          if item.get('backend_name') not in names and item.get('source_name') not in names])
    raise CinderAdoptError("action '%s' is not a run the post-check knows; valid: adopt, release." % action,
                           field='action')
