# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a project's remaining Cinder quota covers what a run adopts (pure: the caller reads the quota set).

Cinder reserves quota for a managed volume as for a new one: volumes +1 and gigabytes +size, and the same under
the volume type's own keys (cinder/volume/flows/api/manage_existing.py, QUOTAS.add_volume_type_opts); a managed
snapshot takes snapshots +1 and its gigabytes (cinder/volume/flows/manager/manage_existing_snapshot.py
QuotaReserveTask). Cinder refuses over quota only after the request was accepted, one object at a time; checking
first refuses the whole run before any write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def needs(count_key, objects):
    """{quota key: amount} for ``objects``: (size in GiB or None, volume type name or None) pairs."""
    found = {}

    def add(key, amount):
        found[key] = found.get(key, 0) + amount

    for size, type_name in objects:
        add(count_key, 1)
        add('gigabytes', size or 0)
        if type_name:
            add('%s_%s' % (count_key, type_name), 1)
            add('gigabytes_%s' % type_name, size or 0)
    return found


def _number(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def shortfalls(usage, wanted):
    """[(key, needed, left, limit, in_use, reserved)] for every key ``wanted`` exceeds; -1 limits are unlimited."""
    short = []
    for key in sorted(wanted):
        needed = wanted[key]
        entry = usage.get(key)
        if not needed or not isinstance(entry, dict):
            continue  # a key the cloud does not track (no such per-type quota) limits nothing
        limit = _number(entry.get('limit'), -1)
        if limit < 0:
            continue
        in_use, reserved = _number(entry.get('in_use')), _number(entry.get('reserved'))
        left = max(0, limit - in_use - reserved)
        if needed > left:
            short.append((key, needed, left, limit, in_use, reserved))
    return short


def describe(short, project_label, unknown_sizes=0):
    """One sentence per shortfall, and the way out."""
    parts = ['%s: %d needed, %d left (limit %d, in use %d, reserved %d)' % item for item in short]
    sizes = (' %d object(s) of unknown size were counted as 0 GiB.' % unknown_sizes) if unknown_sizes else ''
    keys = ' '.join('--%s %d' % (key.replace('_', '-'), limit + needed - left)
                    for key, needed, left, limit, _in_use, _reserved in short
                    if key in ('volumes', 'gigabytes', 'snapshots'))
    return ('The quota of %s does not cover this run: %s.%s Raise it (e.g. openstack quota set %s <project>) or '
            'adopt fewer objects. Nothing was written.' % (project_label, '; '.join(parts), sizes,
                                                           keys or '--<key> <limit>'))
