"""Helpers of the molecule testinfra verifiers (imported by each scenario's tests/test_*.py)."""

import json
import os

import openstack

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
    return openstack.connect(cloud='stackadopt-admin')


def adopted_volumes(conn, pool_host, prefix):
    """Cinder volumes on a pool that this collection adopted from an object named <prefix>*, by original name."""
    found = {}
    for volume in conn.block_storage.volumes(details=True, all_projects=True):
        if volume.host != pool_host:
            continue
        ref = (volume.metadata or {}).get('stackadopt_ref')
        if not ref:
            continue
        name = json.loads(ref).get('source-name', '')
        if name.startswith(prefix):
            found[name] = volume
    return found


def report(name):
    path = os.path.join(os.environ['MOLECULE_EPHEMERAL_DIRECTORY'], 'reports', name)
    with open(path) as stream:
        return json.load(stream)
