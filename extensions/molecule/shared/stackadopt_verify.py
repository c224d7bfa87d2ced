"""Helpers of the molecule testinfra verifiers (imported by each scenario's tests/test_*.py). Cinder is read out of
band through tests/support/raw_cinder.py, the raw helper the integration tests use too."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'tests', 'support'))

import raw_cinder  # noqa: E402

PREFIX_KEY = 'stackadopt_molecule_prefix'


def lv_names(host, vg):
    """LV names of a volume group, read ON the storage host (honours LVM_SYSTEM_DIR)."""
    out = host.check_output('env LVM_SYSTEM_DIR=%s LVM_SUPPRESS_FD_WARNINGS=1 lvs --reportformat json -o lv_name %s '
                            '2>/dev/null', os.environ['LVM_SYSTEM_DIR'], vg)
    return set(lv['lv_name'] for lv in json.loads(out)['report'][0]['lv'])


def host_vars(host):
    return host.ansible.get_variables()


def cinder_host(variables):
    return '%s@%s#%s' % (variables['stackadopt_cinder_node'], variables['stackadopt_backend'],
                         variables['stackadopt_backend'])


def connect():
    return raw_cinder.connect()


def adopted_volumes(conn, pool_host, prefix):
    """Cinder volumes on a pool that this collection adopted from an object named <prefix>*, by original name."""
    return conn.adopted_volumes(prefix, host=pool_host)


def report(name):
    path = os.path.join(os.environ['MOLECULE_EPHEMERAL_DIRECTORY'], 'reports', name)
    with open(path) as stream:
        return json.load(stream)
