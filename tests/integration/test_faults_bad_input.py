"""The bad-input table (tests/support/bad_inputs.py) on the real test cloud: every case refused with its message
before anything is written, or accepted in check mode; Cinder's volumes, snapshots and the LVs are compared
before and after."""

import importlib
import json
import os
import subprocess
import uuid

import bad_inputs
import pytest
import raw_cinder
from ansible.module_utils.testing import patch_module_args

pytestmark = [pytest.mark.integration]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
HOST_A, HOST_B = 'testcloud@lvm-a#lvm-a', 'testcloud@lvm-b#lvm-b'


def tc(*args):
    return subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True, check=True, timeout=600)


def state(cinder):
    """What a write would change: every volume and snapshot with its status and last change, and the LVs."""
    volumes = sorted((v.id, v.status, v.get('updated_at'), json.dumps(v.metadata, sort_keys=True))
                     for v in cinder.volumes())
    snapshots = sorted((s.id, s.status, s.get('updated_at')) for s in cinder.snapshots())
    lvs = tc('lv-list', '--json').stdout
    return volumes, snapshots, sorted(json.dumps(lv, sort_keys=True) for lv in json.loads(lvs))


@pytest.fixture(scope='module')
def places(testcloud_exports, ceph_pool):
    """An unmanaged LV and a managed volume on lvm-a, a managed volume on lvm-b; released and removed after."""
    os.environ.update(testcloud_exports)
    cinder = raw_cinder.connect()
    prefix = 'bad%s_' % uuid.uuid4().hex[:6]
    tc('lv-create', 'lvm-a', prefix + 'free', '4M')
    tc('lv-create', 'lvm-a', prefix + 'held', '4M')
    tc('lv-create', 'lvm-b', prefix + 'other', '4M')
    held = cinder.manage_volume(HOST_A, source_name=prefix + 'held', volume_type='lvm-a')
    other = cinder.manage_volume(HOST_B, source_name=prefix + 'other', volume_type='lvm-b')
    cinder.wait_volume(held.id)
    cinder.wait_volume(other.id)
    yield dict(host=HOST_A, other_host=HOST_B, lv=prefix + 'free', volume=held.id, other_volume=other.id,
               cluster='testcluster@ceph', cluster_pool=ceph_pool), cinder
    for volume in (held, other):
        cinder.unmanage_volume(volume.id)
    cinder.wait_gone([held.id, other.id])
    tc('lv-remove', 'lvm-a', prefix + 'free')
    tc('lv-remove', 'lvm-a', 'volume-%s' % held.id)
    tc('lv-remove', 'lvm-b', 'volume-%s' % other.id)


def run_module(module_name, args, capsys):
    module = importlib.import_module('ansible_collections.stackadopt.cinder.plugins.modules.' + module_name)
    with patch_module_args(dict(args, cloud='stackadopt-admin', _ansible_check_mode=True)):
        with pytest.raises(SystemExit) as exited:
            module.main()
    return exited.value.code, json.loads(capsys.readouterr().out)


def test_every_bad_input_is_refused_before_any_write_on_the_real_cloud(places, capsys):
    fill, cinder = places
    before = state(cinder)
    wrong = []
    for name, module_name, args, expected in bad_inputs.CASES:
        code, result = run_module(module_name, bad_inputs.fill(args, fill), capsys)
        if expected is bad_inputs.ACCEPT:
            if code != 0:
                wrong.append('%s: expected acceptance, got %s' % (name, result.get('msg')))
        elif code != 1 or expected not in result.get('msg', '') or 'Traceback' in result.get('msg', ''):
            wrong.append('%s: expected %r, got rc=%s %s' % (name, expected, code, result.get('msg')))
    assert not wrong, '\n'.join(wrong)
    assert state(cinder) == before
    assert len(bad_inputs.CASES) >= 80
