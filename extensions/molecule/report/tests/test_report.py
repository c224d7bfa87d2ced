"""Verifier of the "report" scenario: the manageable inventory report lists the scenario's LVs with the right
safety and managed state, consistent with Cinder's own listing."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                'shared'))

import stackadopt_verify as sv  # noqa: E402

testinfra_hosts = ['storage-a', 'storage-b']


def test_report_files():
    report = sv.report('manageable.json')
    assert report['action'] == 'inventory'
    assert set(report['hosts']) == {'storage-a', 'storage-b'}
    assert report['totals']['hosts'] == 2
    assert report['totals']['hosts_with_errors'] == 0
    assert report['totals']['total'] == sum(h['summary']['total'] for h in report['hosts'].values())
    with open(os.path.join(os.environ['MOLECULE_EPHEMERAL_DIRECTORY'], 'reports', 'manageable.md')) as stream:
        text = stream.read()
    assert '| mol_report_a1 | 1 | yes |' in text
    assert '| mol_report_b1 | 1 | yes |' in text


def test_report_matches_the_storage_host_and_cinder(host):
    variables = sv.host_vars(host)
    name = variables['inventory_hostname']
    entry = sv.report('manageable.json')['hosts'][name]
    assert entry['cinder_host'] == sv.cinder_host(variables)
    objects = dict((o['name'], o) for o in entry['objects'])
    lvs = sv.lv_names(host, variables['stackadopt_lvm_vg'])
    ours = sorted(n for n in lvs if n.startswith('mol_report_'))
    expected = {'storage-a': ['mol_report_a1', 'mol_report_a2'], 'storage-b': ['mol_report_b1']}[name]
    assert ours == expected
    for lv in ours:
        assert objects[lv]['safe_to_manage'] is True
        assert objects[lv]['managed'] is False
    assert objects['mol_report_a2']['size'] == 2 if name == 'storage-a' else True
    if name == 'storage-b':
        adopted = sv.adopted_volumes(sv.connect(), sv.cinder_host(variables), 'mol_report_')
        assert list(adopted) == ['mol_report_b2']
        managed = objects['volume-%s' % adopted['mol_report_b2'].id]
        assert managed['managed'] is True
        assert managed['cinder_id'] == adopted['mol_report_b2'].id
        assert managed['safe_to_manage'] is False
