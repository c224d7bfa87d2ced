"""What the cloud records between runs: the ceph backend verdict of the last `up`, the settings given to `up`,
and the IDs of the projects the bootstrap made."""

import json
import os
import time

from .common import (
    CEPH_STATE_FILE,
    PASSWORD_SETS,
    PROJECTS_FILE,
    REQUIRE_CEPH_ENV,
    RPC_TIMEOUT_ENV,
    SETTINGS_FILE,
    Fail,
    has_marker,
    write_file,
)


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------
# The ceph backend: did the last `up` bring Ceph up?
# --------------------------------------------------------------------------

def ceph_required():
    return os.environ.get(REQUIRE_CEPH_ENV, '') not in ('', '0')


def write_ceph_state(ok, reason=None):
    write_file(CEPH_STATE_FILE, json.dumps({'enabled': ok, 'reason': reason,
                                            'at': time.strftime('%Y-%m-%dT%H:%M:%S')}) + '\n')


def read_ceph_state():
    return read_json(CEPH_STATE_FILE)


def ceph_enabled():
    """Whether cinder.conf gets the ceph backend: the last `up` brought Ceph up."""
    st = read_ceph_state()
    return bool(st and st.get('enabled'))


# --------------------------------------------------------------------------
# Settings given to `up` (persisted: later `up`s keep them until changed)
# --------------------------------------------------------------------------

# Cinder's own default of oslo.messaging's rpc_response_timeout, shown by `status` when ours is not set.
CINDER_DEFAULT_RPC_RESPONSE_TIMEOUT = 60
RPC_TIMEOUT_MAX = 86400


def parse_rpc_response_timeout(value, source):
    """An `up --rpc-response-timeout` / env value: seconds (1..86400), or 'default' (unset, Cinder's 60 s).
    Returns an int, or None for 'default'."""
    text = str(value).strip().lower()
    if text in ('default', 'unset', 'none'):
        return None
    seconds = int(text) if text.isdigit() else 0
    if not 1 <= seconds <= RPC_TIMEOUT_MAX:
        raise Fail('%s: bad rpc_response_timeout %r: give whole seconds from 1 to %d, or "default" for '
                   "Cinder's default (%d s)" % (source, value, RPC_TIMEOUT_MAX,
                                                CINDER_DEFAULT_RPC_RESPONSE_TIMEOUT))
    return seconds


def read_settings():
    data = read_json(SETTINGS_FILE)
    return data if isinstance(data, dict) else {}


def rpc_response_timeout():
    """The persisted rpc_response_timeout of cinder-api, or None (Cinder's default)."""
    value = read_settings().get('rpc_response_timeout')
    return value if isinstance(value, int) and value > 0 else None


def password_set():
    """Which PASSWORD_SETS the cloud's accounts have: as recorded, else 'legacy' for a cloud whose Keystone was
    bootstrapped before the record existed, else (a new cloud) 'current'."""
    recorded = read_settings().get('passwords')
    if recorded in PASSWORD_SETS:
        return recorded
    return 'legacy' if has_marker('keystone-db') else 'current'


def passwords():
    """user -> password of the accounts in clouds.yaml (admin, demo, tenant-b-member)."""
    return dict(PASSWORD_SETS[password_set()])


def requested_settings(flag_value, rotate_passwords=False):
    """Settings an `up` asks for: the flag wins over the environment; missing keys keep the persisted value.
    The password set is recorded at the first `up` that knows about it. Returns a dict of changes (validated before
    anything is started)."""
    changes = {'passwords': 'current' if rotate_passwords else password_set()}
    if flag_value is not None:
        changes['rpc_response_timeout'] = parse_rpc_response_timeout(flag_value, '--rpc-response-timeout')
    elif os.environ.get(RPC_TIMEOUT_ENV, '').strip():
        changes['rpc_response_timeout'] = parse_rpc_response_timeout(os.environ[RPC_TIMEOUT_ENV], RPC_TIMEOUT_ENV)
    return changes


def apply_settings(changes):
    """Persist the changes; returns the keys whose value changed."""
    current = read_settings()
    changed = [k for k, v in changes.items() if current.get(k) != v]
    if changed:
        current.update(changes)
        write_file(SETTINGS_FILE, json.dumps(current, indent=1, sort_keys=True) + '\n')
    return changed


# --------------------------------------------------------------------------
# Projects the bootstrap made (their IDs, for `env`)
# --------------------------------------------------------------------------

def write_projects(projects):
    """projects: name -> id of the projects (and users) `env` exports."""
    write_file(PROJECTS_FILE, json.dumps(projects, indent=1, sort_keys=True) + '\n')


def read_projects():
    data = read_json(PROJECTS_FILE)
    return data if isinstance(data, dict) else {}
