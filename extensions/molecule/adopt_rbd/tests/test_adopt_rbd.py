"""Verifier of the "adopt_rbd" scenario: on the Ceph node the images carry their Cinder names, and Cinder holds
exactly the expected volumes with the expected names, types and metadata."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                'shared'))

import stackadopt_verify as sv  # noqa: E402 (puts tests/support on sys.path)
from ceph_client import ceph_client, rbd_args  # noqa: E402

testinfra_hosts = ['ceph-node']

EXPECTED = {'mol_rbd_a1': 'mol-ceph-mol_rbd_a1', 'mol_rbd_a2': 'mol-ceph-mol_rbd_a2',
            'mol_rbd_a3': 'mol-ceph-mol_rbd_a3', 'mol_rbd_b1': 'mol-rbd-custom'}
NOT_ADOPTED = ['mol_rbd_skip_a', 'mol_rbd_big']


def _state(host):
    variables = sv.host_vars(host)
    volumes = sv.adopted_volumes(sv.connect(), sv.cinder_host(variables), variables[sv.PREFIX_KEY])
    return variables, volumes


def image_names(host):
    """The images of the pool, read ON the storage host with the backend's Ceph client (the inventory's, which
    testinfra does not template: the same values, from the test cloud's env or state dir)."""
    client = ceph_client(os.environ)
    args = ['--pool', client['pool']] + rbd_args(client)
    out = host.check_output('rbd ls --format json' + ' %s' * len(args), *args)
    return set(json.loads(out))


def test_cinder_holds_exactly_the_expected_volumes(host):
    variables, volumes = _state(host)
    assert {k: v.name for k, v in volumes.items()} == EXPECTED
    for source, volume in volumes.items():
        assert volume.status == 'available', (source, volume.status)
        assert volume.volume_type == 'ceph', (source, volume.volume_type)
        assert volume.metadata['migration'] == 'molecule'
        assert volume.metadata['stackadopt_storage_host'] == 'ceph-node'
    assert volumes['mol_rbd_b1'].metadata['role'] == 'db'
    assert volumes['mol_rbd_a2'].size == 2


def test_images_renamed_and_unselected_kept(host):
    variables, volumes = _state(host)
    images = image_names(host)
    for source, volume in volumes.items():
        assert 'volume-%s' % volume.id in images, source
        assert source not in images, source
    for source in NOT_ADOPTED:
        assert source in images


def test_report_of_the_last_run():
    report = sv.report('adopt.json')
    assert report['action'] == 'adopt'
    assert report['totals']['failed'] == 0
    # The side effect run: only mol_rbd_a3 was new.
    assert report['totals']['adopted'] == 1
    assert report['totals']['already_managed'] == 3
    adopted = [v['source_name'] for v in report['hosts']['ceph-node']['volumes'] if v['status'] == 'adopted']
    assert adopted == ['mol_rbd_a3']
    markdown = os.path.join(os.environ['MOLECULE_EPHEMERAL_DIRECTORY'], 'reports', 'adopt.md')
    with open(markdown) as stream:
        assert '| mol_rbd_a3 | adopted |' in stream.read()
