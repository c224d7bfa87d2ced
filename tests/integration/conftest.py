"""The real test cloud for the integration tests: started once, its `env` exports shared by every test."""

import json
import os
import re
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
BENCH = os.path.join(REPO, 'bench', 'adopt_scale.py')


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


CINDER_NAMED = re.compile(r'^volume-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


def _cinder_named_objects():
    """{(kind, backend, name)} of the LVs and RBD images named volume-<id> (what a driver renamed on manage)."""
    found = set()
    for kind, command in (('lv', 'lv-list'), ('rbd', 'rbd-list')):
        listing = _testcloud(command, '--json')
        for row in json.loads(listing.stdout or '[]') if listing.returncode == 0 else []:
            if CINDER_NAMED.match(row.get('name') or ''):
                found.add((kind, row.get('backend'), row['name']))
    return found


@pytest.fixture(scope='session', autouse=True)
def no_orphans_left(testcloud_exports):
    """After the suite, remove what its tests released and did not remove: LVs and RBD images named volume-<id>
    that appeared during the session and that no Cinder volume names any more (a test that releases a volume keeps
    the renamed object, as the collection must; on the shared test cloud it would pile up run after run). Objects
    that were there before the session, or that a Cinder volume still owns, are left alone."""
    import raw_cinder

    before = _cinder_named_objects()
    yield
    try:
        cinder = raw_cinder.RawCinder(config_file=testcloud_exports['OS_CLIENT_CONFIG_FILE'])
        owned = set('volume-%s' % volume['id'] for volume in cinder.volumes())
    except Exception:  # noqa: BLE001 - the cloud is down: leave everything as it is
        return
    for kind, backend, name in sorted(_cinder_named_objects() - before):
        if name not in owned:
            _testcloud(*(('lv-remove', backend, name) if kind == 'lv' else ('rbd-remove', name)))


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
