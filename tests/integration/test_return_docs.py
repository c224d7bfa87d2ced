"""Every module's results, real and check mode, carry exactly the keys its RETURN documents (issue #13).

Each module runs in-process against the real test cloud, through the cases its RETURN states (adopt, converge,
release, nothing to do; check mode and real). For each case the test names the keys RETURN says are returned then;
the result must have exactly those (besides Ansible's own: changed, invocation, diff, ...), all of them documented,
and a check-mode object must have the keys of the real one.
"""

import importlib
import json
import os
import subprocess
import uuid

import pytest
import raw_cinder
import yaml
from ansible.module_utils.testing import patch_module_args

pytestmark = [pytest.mark.integration]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
HOST_A = 'testcloud@lvm-a#lvm-a'
ANSIBLE_KEYS = {'changed', 'invocation', 'diff', 'warnings', 'deprecations', 'failed', 'msg'}


def tc(*args):
    return subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True, check=True, timeout=600)


def module_of(name):
    return importlib.import_module('ansible_collections.stackadopt.cinder.plugins.modules.' + name)


def documented(name):
    return yaml.safe_load(module_of(name).RETURN)


class Runner(object):
    def __init__(self, capsys):
        self.capsys = capsys

    def __call__(self, module_name, check_mode=False, **args):
        with patch_module_args(dict(args, cloud='stackadopt-admin', _ansible_check_mode=check_mode,
                                    _ansible_diff=True)):
            with pytest.raises(SystemExit) as exited:
                module_of(module_name).main()
        result = json.loads(self.capsys.readouterr().out)
        assert exited.value.code == 0, result.get('msg')
        return result


@pytest.fixture
def run(testcloud_exports, capsys):
    os.environ.update(testcloud_exports)
    return Runner(capsys)


def check(name, result, expected):
    """The result's own keys are exactly ``expected``, and RETURN documents each of them."""
    docs = documented(name)
    own = set(result) - ANSIBLE_KEYS
    assert own == set(expected), (name, sorted(own), sorted(expected))
    assert own <= set(docs), (name, sorted(own - set(docs)))
    for key in own:
        contains = docs[key].get('contains')
        value = result[key]
        if contains and isinstance(value, dict):
            assert set(contains) <= set(value), (name, key, sorted(set(contains) - set(value)))
        if contains and isinstance(value, list) and value:
            for element in value:
                assert set(contains) - {'hint'} <= set(element), (name, key, sorted(set(contains) - set(element)))
                assert set(element) <= set(contains), (name, key, sorted(set(element) - set(contains)))


@pytest.fixture
def lvs(testcloud_exports):
    os.environ.update(testcloud_exports)
    prefix = 'ret%s_' % uuid.uuid4().hex[:6]
    tc('lv-create', 'lvm-a', prefix + 'one', '4M')
    tc('lv-create', 'lvm-a', prefix + 'two', '4M')
    yield prefix
    cinder = raw_cinder.connect()
    held = [volume for volume in cinder.volumes(host=HOST_A)
            if (raw_cinder.source_name(volume) or '').startswith(prefix)]
    for volume in held:
        cinder.unmanage_volume(volume.id)
    cinder.wait_gone([volume.id for volume in held])
    for name in [prefix + 'one', prefix + 'two'] + ['volume-%s' % volume.id for volume in held]:
        subprocess.run([TESTCLOUD, 'lv-remove', 'lvm-a', name], capture_output=True, check=False)


VOLUME_KEYS = {'volume', 'ref', 'driver', 'host', 'backend_name', 'project'}


def test_cinder_volume_manage(run, lvs):
    name = 'cinder_volume_manage'
    args = dict(host=HOST_A, source_name=lvs + 'one', name=lvs + 'vol')
    plan = run(name, check_mode=True, **args)
    check(name, plan, VOLUME_KEYS - {'backend_name'})          # no volume ID yet: no backend name
    adopted = run(name, **args)
    check(name, adopted, VOLUME_KEYS)
    assert set(plan['volume']) == set(adopted['volume'])        # check mode has the keys of a real run
    assert plan['volume']['id'] is None and adopted['volume']['is_bootable'] is False
    converge_plan = run(name, check_mode=True, **dict(args, description='d'))
    check(name, converge_plan, VOLUME_KEYS)
    check(name, run(name, **args), VOLUME_KEYS)
    release_plan = run(name, check_mode=True, state='absent', id=adopted['volume']['id'])
    check(name, release_plan, {'volume', 'driver', 'host', 'backend_name', 'project'})
    check(name, run(name, state='absent', id=adopted['volume']['id']),
          {'volume', 'driver', 'host', 'backend_name', 'project'})
    check(name, run(name, state='absent', host=HOST_A, source_name=lvs + 'one'), {'ref', 'driver', 'host'})


def test_cinder_volume_bulk_manage(run, lvs):
    name = 'cinder_volume_bulk_manage'
    keys = {'volumes', 'summary', 'host', 'driver', 'api_requests'}
    args = dict(host=HOST_A, select={'include': ['^' + lvs]})
    plan = run(name, check_mode=True, **args)
    check(name, plan, keys)
    adopted = run(name, **args)
    check(name, adopted, keys)
    assert [set(item) for item in plan['volumes']] == [set(item) for item in adopted['volumes']]
    check(name, run(name, state='absent', release_snapshots=True, **args), keys | {'snapshots', 'snapshot_summary'})
    check(name, run(name, state='absent', **args), keys)


def test_cinder_manageable_volume_info(run, lvs):
    name = 'cinder_manageable_volume_info'
    keys = {'manageable_volumes', 'summary', 'host', 'driver', 'listed_by'}
    for check_mode in (True, False):
        check(name, run(name, check_mode=check_mode, host=HOST_A, name_pattern='^' + lvs), keys)
    check(name, run(name, host=HOST_A, listing=[{'source_name': lvs + 'one', 'size': 1}],
                    listing_container='stackadopt-a'), keys)


@pytest.fixture
def ceph_volume(run, ceph_pool, testcloud_exports):
    """An RBD image with a snapshot, adopted as a volume; released and removed afterwards."""
    image = 'ret%s_img' % uuid.uuid4().hex[:6]
    tc('rbd-create', image, '1G')
    tc('rbd-snap-create', image, 'nightly')
    cinder = raw_cinder.connect()
    volume = cinder.manage_volume(cluster='testcluster@ceph', source_name=image, volume_type='ceph')
    cinder.wait_volume(volume.id)
    yield volume
    for snapshot in cinder.snapshots(volume_id=volume.id):
        cinder.unmanage_snapshot(snapshot.id)
        cinder.wait_gone([snapshot.id], kind='snapshot')
    cinder.unmanage_volume(volume.id)
    cinder.wait_gone([volume.id])
    tc('rbd-remove', 'volume-%s' % volume.id)


def test_snapshot_modules(run, ceph_volume):
    name = 'cinder_snapshot_manage'
    keys = {'snapshot', 'ref', 'driver', 'host', 'volume_id', 'backend_name'}
    plan = run(name, check_mode=True, volume=ceph_volume.id, source_name='nightly')
    check(name, plan, keys - {'backend_name'})
    adopted = run(name, volume=ceph_volume.id, source_name='nightly')
    check(name, adopted, keys)
    assert set(plan['snapshot']) == set(adopted['snapshot'])
    check(name, run(name, state='absent', id=adopted['snapshot']['id']), {'snapshot', 'volume_id'})

    bulk = 'cinder_snapshot_bulk_manage'
    bulk_keys = {'snapshots', 'summary', 'cluster', 'driver', 'api_requests'}
    args = dict(cluster='testcluster@ceph', volumes=[ceph_volume.id], select={'include': ['.*']})
    bulk_plan = run(bulk, check_mode=True, **args)
    check(bulk, bulk_plan, bulk_keys)
    bulk_done = run(bulk, **args)
    check(bulk, bulk_done, bulk_keys)
    check(bulk, run(bulk, state='absent', **args), bulk_keys)

    info = 'cinder_manageable_snapshot_info'
    check(info, run(info, cluster='testcluster@ceph'), {'manageable_snapshots', 'summary', 'cluster', 'driver',
                                                        'listed_by'})
