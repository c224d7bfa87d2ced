# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ref an object was adopted from, recorded in the object's own metadata, and how old a record is.

Drivers such as LVM and RBD rename the backend object on manage, after which
the manageable listing no longer shows the name the operator wrote. Recording
the original ref on the volume (or snapshot) lets a re-run find the object it
made without guessing from names.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
from email.utils import mktime_tz, parsedate_tz

REF_METADATA_KEY = 'stackadopt_ref'


def encode_ref(ref):
    return json.dumps(ref, sort_keys=True, separators=(',', ':'))


def decode_ref(value):
    try:
        decoded = json.loads(value)
    except (TypeError, ValueError):
        return None
    return decoded if isinstance(decoded, dict) else None


def recorded_ref(raw):
    """The ref an object of ours records, or None."""
    return decode_ref((raw.get('metadata') or {}).get(REF_METADATA_KEY))


def backend_of(host):
    """``node@backend`` of a ``node@backend#pool`` host (the unit a driver instance serves)."""
    return (host or '').split('#', 1)[0]


def same_backend(volume_host, target_hosts):
    volume_backend = backend_of(volume_host)
    return any(volume_backend == backend_of(host) for host in target_hosts)


def recorded_volumes(volumes, ref, target_hosts):
    """Volumes (raw Cinder dicts) on the target backend whose metadata records ``ref``."""
    wanted = encode_ref(ref)
    return [volume for volume in volumes
            if (volume.get('metadata') or {}).get(REF_METADATA_KEY) == wanted
            and same_backend(volume.get('os-vol-host-attr:host'), target_hosts)]


def _epoch_of_cinder_time(text):
    # Cinder's timestamps are UTC without a zone: '2026-11-26T10:00:00.000000' (or without the fraction).
    text = (text or '').split('.')[0].rstrip('Z')
    try:
        moment = datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%S')
    except ValueError:
        return None
    return (moment - datetime.datetime(1970, 1, 1)).total_seconds()


def age_seconds(raw, server_date):
    """Seconds since the record last changed, on Cinder's own clock (the Date header of its answers), so that a
    skewed controller clock cannot make a fresh record look stuck. None when either time is unknown."""
    changed = _epoch_of_cinder_time(raw.get('updated_at') or raw.get('created_at'))
    parsed = parsedate_tz(server_date) if server_date else None
    if changed is None or parsed is None:
        return None
    return max(0.0, mktime_tz(parsed) - changed)
