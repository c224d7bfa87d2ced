"""The real test cloud for the integration tests: started once, its `env` exports shared by every test."""

import os
import subprocess
import sys

import pytest

TESTCLOUD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'cloud', 'testcloud')
BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'bench',
                     'adopt_scale.py')


def _testcloud(*args):
    return subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=1800, check=False)


@pytest.fixture(scope='session')
def testcloud_exports():
    """``testcloud up`` (fast when it already runs), then what ``testcloud env`` exports, as a dict.

    The suite runs on the cloud as shipped: Cinder's default rpc_response_timeout (a bench run may have raised
    it), and nothing left by an interrupted bench run (its thousands of LVs would make every listing of lvm-a
    take minutes; ``adopt_scale.py --cleanup-leftovers`` releases them with os-unmanage, then removes them).
    """
    up = _testcloud('up', '--rpc-response-timeout', 'default')
    if up.returncode != 0:
        pytest.fail('testcloud up failed (rc=%d):\n%s\n%s' % (up.returncode, up.stdout, up.stderr))
    exports = {}
    for line in _testcloud('env').stdout.splitlines():
        if line.startswith('export '):
            key, _sep, value = line[len('export '):].partition('=')
            exports[key] = value.strip().strip('"').strip("'")
    env = dict(os.environ)
    env.update(exports)
    scrub = subprocess.run([sys.executable, BENCH, '--cleanup-leftovers'], env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=1800, check=False)
    if scrub.returncode != 0:
        pytest.fail('bench/adopt_scale.py --cleanup-leftovers failed (rc=%d); is a bench running?\n%s\n%s'
                    % (scrub.returncode, scrub.stdout[-5000:], scrub.stderr[-5000:]))
    return exports


@pytest.fixture(scope='session')
def cloud_env(testcloud_exports):
    """An environment for ansible-playbook, molecule and the like: this venv's tools, the cloud, no colour.

    ANSIBLE_COLLECTIONS_PATH comes from tests/conftest.py, so ``stackadopt.cinder`` is this checkout.
    """
    env = dict(os.environ)
    env.update(testcloud_exports)
    env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
    env.update(ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', PY_COLORS='0')
    return env


CEPH_POOL = 'testcluster@ceph#ceph'
REQUIRE_CEPH = os.environ.get('STACKADOPT_TESTCLOUD_REQUIRE_CEPH', '') not in ('', '0')


@pytest.fixture(scope='session')
def ceph_pool(testcloud_exports):
    """The Ceph RBD pool of the test cloud. Skips the test when the cloud has none, and fails it instead when
    STACKADOPT_TESTCLOUD_REQUIRE_CEPH is set (as `make test` does), so that a broken Ceph cannot pass unseen."""
    import raw_cinder

    cinder = raw_cinder.RawCinder(config_file=testcloud_exports['OS_CLIENT_CONFIG_FILE'])
    pools = [pool['name'] for pool in cinder.pools(detail=False)]
    if CEPH_POOL not in pools:
        status = _testcloud('status').stdout
        why = 'the test cloud reports no ceph pool %s (pools: %s; %s)' % (
            CEPH_POOL, ', '.join(pools),
            ' | '.join(line for line in status.splitlines() if line.startswith(('Ceph', 'Cinder backend ceph'))))
        if REQUIRE_CEPH:
            pytest.fail(why)
        pytest.skip(why)
    return CEPH_POOL
