# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ref a volume was adopted from, recorded in the volume's own metadata.

Drivers such as LVM and RBD rename the backend object on manage, after which
the manageable listing no longer shows the name the operator wrote. Recording
the original ref on the volume lets a re-run find the volume it made without
guessing from names.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

REF_METADATA_KEY = 'stackadopt_ref'


def encode_ref(ref):
    return json.dumps(ref, sort_keys=True, separators=(',', ':'))


def decode_ref(value):
    try:
        decoded = json.loads(value)
    except (TypeError, ValueError):
        return None
    return decoded if isinstance(decoded, dict) else None


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
