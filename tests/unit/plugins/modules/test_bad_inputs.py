"""The bad-input table (tests/support/bad_inputs.py) against FakeCinder: each case refused with its message, or
accepted in check mode, and nothing written either way. The same table runs on the real cloud in
tests/integration/test_faults_bad_input.py."""

import copy
import importlib

import bad_inputs
import pytest

from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import load_fixture

HOST, OTHER_HOST = 'testcloud@lvm-a#lvm-a', 'testcloud@lvm-b#lvm-b'
PLACES = dict(host=HOST, other_host=OTHER_HOST, lv='rec_app01', cluster='testcluster@ceph',
              cluster_pool='testcluster@ceph#ceph', volume='3fd5b131-9977-44f6-9377-177bb5580852',
              other_volume='0d0c0b0a-0908-4706-8504-030201000fff')


@pytest.fixture
def cinder(cinder):
    """The recorded cloud plus its Ceph cluster, a managed volume with snapshots on lvm-a and one on lvm-b."""
    cinder.pools.extend(pool for pool in load_fixture('testcloud', 'cluster', 'pools.json')['pools']
                        if pool['name'].startswith('testcluster'))
    cinder.services.extend(service for service in load_fixture('testcloud', 'cluster', 'services.json')['services']
                           if service.get('cluster'))
    cinder.snapshot_listings[HOST] = load_fixture('snapshots', 'testcloud_lvm-a.json')['manageable-snapshots']
    volume = load_fixture('testcloud', 'volume.json')['volume']
    cinder.volumes[volume['id']] = volume
    other = dict(copy.deepcopy(volume), id=PLACES['other_volume'], **{'os-vol-host-attr:host': OTHER_HOST})
    cinder.volumes[other['id']] = other
    return cinder


@pytest.mark.parametrize('case', bad_inputs.CASES, ids=[case[0] for case in bad_inputs.CASES])
def test_refused_before_any_write_or_accepted(case, run_module, cinder):
    name, module_name, args, expected = case
    module = importlib.import_module('ansible_collections.stackadopt.cinder.plugins.modules.' + module_name)
    args = bad_inputs.fill(args, PLACES)
    code, result = run_module(module, dict(args, _ansible_check_mode=True))
    if expected is bad_inputs.ACCEPT:
        assert code == 0, result.get('msg')
    else:
        assert code == 1, result
        assert expected in result['msg'], result['msg']
        assert 'Traceback' not in result['msg']
    assert cinder.writes() == []


def test_the_table_has_at_least_eighty_cases():
    assert len(bad_inputs.CASES) >= 80
    assert len(set(case[0] for case in bad_inputs.CASES)) == len(bad_inputs.CASES)
