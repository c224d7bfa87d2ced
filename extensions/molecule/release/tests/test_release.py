"""Verifier of the "release" scenario: the released volumes are gone from Cinder, their LVs are kept (under the
volume-<id> name the driver gave them), and the volumes not selected are still managed."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                'shared'))

import stackadopt_verify as sv  # noqa: E402

testinfra_hosts = ['storage-a', 'storage-b']

RELEASED = {'storage-a': ['mol_release_r1'], 'storage-b': ['mol_release_r2']}
KEPT = {'storage-a': ['mol_release_keep1'], 'storage-b': []}


def _released_items(name):
    # converge wrote release.json, the idempotence run overwrote it; the history keeps the first one.
    history = os.path.join(os.environ['MOLECULE_EPHEMERAL_DIRECTORY'], 'reports', 'history')
    items = []
    for path in sorted(os.listdir(history)):
        if path.startswith('release-'):
            report = sv.report(os.path.join('history', path))
            items += [v for v in report['hosts'][name]['volumes'] if v['status'] == 'released']
    return items


def test_released_gone_from_cinder_and_lvs_kept(host):
    variables = sv.host_vars(host)
    name = variables['inventory_hostname']
    released = _released_items(name)
    assert sorted(v['source_name'] for v in released) == RELEASED[name]
    volumes = sv.adopted_volumes(sv.connect(), sv.cinder_host(variables), 'mol_release_')
    assert sorted(volumes) == KEPT[name]
    lvs = sv.lv_names(host, variables['stackadopt_lvm_vg'])
    for item in released:
        assert item['backend_name'] == 'volume-%s' % item['volume_id']
        assert item['backend_name'] in lvs, 'release must keep the LV'
        assert sv.connect().volume(item['volume_id']) is None
    for volume in volumes.values():
        assert 'volume-%s' % volume.id in lvs


def test_second_release_changed_nothing():
    report = sv.report('release.json')
    assert report['totals']['released'] == 0
    assert report['totals']['failed'] == 0
