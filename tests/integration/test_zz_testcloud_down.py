"""`testcloud down` stops every process of ours; `up` brings the cloud back.

Named test_zz_* so it runs after the other integration tests.  It stops the
whole cloud, so under pytest-xdist with several workers it is skipped (other
workers may be using the cloud) unless STACKADOPT_TESTCLOUD_DOWN_TEST=1.
"""

import os
import socket
import subprocess
import time

import pytest

pytestmark = pytest.mark.integration

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
PORTS = {'mariadb': 3307, 'epmd': 4370, 'rabbitmq': 5673, 'keystone': 5000,
         'cinder-api': 8776}


def run_testcloud(*args):
    return subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=1800, check=False)


def state_dir():
    for line in run_testcloud('env').stdout.splitlines():
        if line.startswith('export STACKADOPT_TESTCLOUD_HOME='):
            return line.split('=', 1)[1].strip("'")
    raise AssertionError('testcloud env printed no STACKADOPT_TESTCLOUD_HOME')


def our_processes(state):
    """Live (non-zombie) processes carrying testcloud's owner marker."""
    needle = ('STACKADOPT_TESTCLOUD_OWNER=%s' % state).encode()
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open('/proc/%s/environ' % entry, 'rb') as f:
                env = f.read().split(b'\0')
            with open('/proc/%s/stat' % entry) as f:
                st = f.read().rsplit(')', 1)[1].split()[0]
        except OSError:
            continue
        if needle in env and st not in ('Z', 'X'):
            with open('/proc/%s/cmdline' % entry, 'rb') as f:
                found.append((int(entry), f.read().replace(b'\0', b' ')[:120]))
    return found


def port_open(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(int(os.environ.get('PYTEST_XDIST_WORKER_COUNT', '1')) > 1
                    and os.environ.get('STACKADOPT_TESTCLOUD_DOWN_TEST') != '1',
                    reason='stops the shared cloud; not run with several xdist workers')
def test_down_stops_everything_then_up_again():
    r = run_testcloud('up')
    assert r.returncode == 0, r.stdout + r.stderr
    state = state_dir()
    assert our_processes(state), 'expected running testcloud processes before down'

    r = run_testcloud('down')
    assert r.returncode == 0, r.stdout + r.stderr
    time.sleep(0.5)
    assert our_processes(state) == []
    for name, port in PORTS.items():
        assert not port_open(port), '%s still listens on %d after down' % (name, port)
    r = run_testcloud('status')
    assert r.returncode != 0, 'status must fail while the cloud is down'

    # Leave the cloud up for whatever runs next.
    r = run_testcloud('up')
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_testcloud('status')
    assert r.returncode == 0, r.stdout + r.stderr
