"""Verifier of the "adopt" scenario: on each storage host the LVs carry their Cinder names, and Cinder holds
exactly the expected volumes with the expected names, types and metadata."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                'shared'))

import stackadopt_verify as sv  # noqa: E402

testinfra_hosts = ['storage-a', 'storage-b']

EXPECTED = {
    'storage-a': {'mol_adopt_a1': 'mol-lvm-a-mol_adopt_a1', 'mol_adopt_a2': 'mol-lvm-a-mol_adopt_a2',
                  'mol_adopt_a3': 'mol-lvm-a-mol_adopt_a3'},
    'storage-b': {'mol_adopt_b1': 'mol-lvm-b-mol_adopt_b1', 'mol_adopt_b2': 'mol-b2-custom'},
}
NOT_ADOPTED = {'storage-a': ['mol_adopt_skip_a'], 'storage-b': ['mol_adopt_big_b']}


def _state(host):
    variables = sv.host_vars(host)
    name = variables['inventory_hostname']
    volumes = sv.adopted_volumes(sv.connect(), sv.cinder_host(variables), variables[sv.PREFIX_KEY])
    return name, variables, volumes


def test_cinder_holds_exactly_the_expected_volumes(host):
    name, variables, volumes = _state(host)
    assert {k: v.name for k, v in volumes.items()} == EXPECTED[name]
    for source, volume in volumes.items():
        assert volume.status == 'available', (source, volume.status)
        assert volume.volume_type == variables['stackadopt_backend'], (source, volume.volume_type)
        meta = volume.metadata
        assert meta['migration'] == 'molecule'
        assert meta['stackadopt_storage_host'] == name
        assert meta['stackadopt_adopted_by'] == 'stackadopt.cinder'
    if name == 'storage-b':
        assert volumes['mol_adopt_b2'].metadata['role'] == 'db'


def test_lvs_renamed_and_unselected_kept(host):
    name, variables, volumes = _state(host)
    lvs = sv.lv_names(host, variables['stackadopt_lvm_vg'])
    for source, volume in volumes.items():
        assert 'volume-%s' % volume.id in lvs, source
        assert source not in lvs, source
    for source in NOT_ADOPTED[name]:
        assert source in lvs


def test_report_of_the_last_run():
    report = sv.report('adopt.json')
    assert report['action'] == 'adopt'
    assert report['totals']['failed'] == 0
    # The side effect run: only mol_adopt_a3 was new.
    assert report['totals']['adopted'] == 1
    assert report['totals']['already_managed'] == 4
    adopted = [v['source_name'] for v in report['hosts']['storage-a']['volumes'] if v['status'] == 'adopted']
    assert adopted == ['mol_adopt_a3']
    markdown = os.path.join(os.environ['MOLECULE_EPHEMERAL_DIRECTORY'], 'reports', 'adopt.md')
    with open(markdown) as stream:
        text = stream.read()
    assert '| mol_adopt_a3 | adopted |' in text
