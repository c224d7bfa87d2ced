"""A smoke run of the bench (bench/adopt_scale.py) on the REAL test cloud, so that it cannot rot between its long runs.

A few objects, one round, the phases that keep the bench's code paths alive: ours and its re-run, the raw floor,
the listing, the snapshots on Ceph, the memory and the cost model (not the openstack.cloud loop, which needs its own
venv, nor the no-op and the floor's variants, which add no code path). It asserts that the bench completes, cleans
up after itself and prints its report; the figures at this size mean nothing. About a minute.

    ~/.cache/stackadopt-testcloud/venv-tools/bin/python -m pytest tests/integration/test_bench_smoke.py -q
"""

import os
import re
import subprocess
import sys

import pytest

pytest.importorskip('openstack')
import raw_cinder  # noqa: E402 - tests/support (tests/conftest.py puts it on sys.path)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, 'bench', 'adopt_scale.py')
CEPH_POOL = 'testcluster@ceph#ceph'
REQUIRE_CEPH = os.environ.get('STACKADOPT_TESTCLOUD_REQUIRE_CEPH', '') not in ('', '0')


def test_bench_runs_its_phases_at_a_tiny_size(cloud_env):
    cinder = raw_cinder.RawCinder(config_file=cloud_env['OS_CLIENT_CONFIG_FILE'])
    with_ceph = CEPH_POOL in [pool['name'] for pool in cinder.pools(detail=False)]
    assert with_ceph or not REQUIRE_CEPH, 'the test cloud has no ceph pool %s' % CEPH_POOL
    phases = 'ours,rerun,raw,listing,memory,model' + (',snapshots' if with_ceph else '')
    cmd = [sys.executable, BENCH, '--rounds', '1', '--count', '4', '--phases', phases, '--listing-count', '4',
           '--snapshot-count', '2', '--snapshot-volumes', '1', '--memory-counts', '2', '--model-counts', '2']
    result = subprocess.run(cmd, cwd=REPO, env=cloud_env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                            timeout=600, check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-15000:]
    prefix = re.search(r'run prefix (\S+),', out).group(1)
    for line in ('1. ours  (playbooks/adopt.yml)  adopt 4 LVs', '3. raw floor  4 POSTs', '4. re-run of ours',
                 'adopt / raw floor                 =', 're-run Cinder API requests        =',
                 'per backend (module count): lvm-a', 'L. listing of one backend (lvm-a)',
                 'listing: info module / raw paged GETs', 'M. memory: peak RSS of the cinder_volume_bulk_manage',
                 'cost model: time = a + b*N', 'projection to 10000 objects on 20 backends run from AWX: EXTRAPOLATED'):
        assert line in out, '%r missing from the report:\n%s' % (line, out[-15000:])
    if with_ceph:
        assert 'S. snapshots: 2 RBD snapshots on Ceph' in out and 'cinder_snapshot_manage loop' in out, out[-15000:]
    assert 'FAILED' not in out, out[-15000:]
    # Nothing of the run is left: no volume, no snapshot, no LV, no RBD image named with its prefix.
    assert cinder.volumes(prefix=prefix) == [] and cinder.snapshots(prefix=prefix) == []
    lvs = subprocess.run(['lvs', '--noheadings', '-o', 'lv_name'], env=cloud_env, capture_output=True, text=True,
                         check=False).stdout
    assert prefix not in lvs
    if with_ceph:
        images = subprocess.run(['rbd', '--conf', cloud_env['CEPH_CONF'], 'ls', 'volumes'], env=cloud_env,
                                capture_output=True, text=True, check=False).stdout
        assert prefix not in images
