# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Environment: testcloud exports, collection tree, the openstack.cloud venv."""

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from adoptbench import OCC_COLLECTION_VERSION, OCC_REQUIREMENTS, REPO_ROOT, TESTCLOUD, BenchError, say


def load_testcloud_env():
    out = subprocess.run([sys.executable, TESTCLOUD, 'env'], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.match(r'export (\w+)=(.*)$', line.strip())
        if m:
            os.environ[m.group(1)] = shlex.split(m.group(2))[0] if m.group(2) else ''
    return os.environ['STACKADOPT_TESTCLOUD_HOME']


def collections_root():
    """Expose the checkout as ansible_collections/stackadopt/cinder (same idea as tests/conftest.py)."""
    root = os.path.join(tempfile.gettempdir(), 'stackadopt-bench-collections-%d' % os.getuid(),
                        hashlib.sha1(REPO_ROOT.encode()).hexdigest()[:12])
    ns = os.path.join(root, 'ansible_collections', 'stackadopt')
    link = os.path.join(ns, 'cinder')
    os.makedirs(ns, exist_ok=True)
    if os.path.realpath(link) != REPO_ROOT:
        if os.path.islink(link):
            os.unlink(link)
        os.symlink(REPO_ROOT, link)
    return root


def ensure_occ_venv(state):
    """$STATE/venv-occ with ansible==12.3.0 (openstack.cloud 2.5.0) and openstacksdk==4.14.0."""
    venv = os.path.join(state, 'venv-occ')
    marker = os.path.join(venv, '.stackadopt-bench-ok')
    want = ' '.join(OCC_REQUIREMENTS)
    if os.path.isfile(marker) and open(marker).read().strip() == want:
        return venv
    say('building %s (%s); this takes a few minutes once' % (venv, want))
    if os.path.isdir(venv):
        shutil.rmtree(venv)
    base_python = os.path.join(sys.base_prefix, 'bin', 'python3')
    if not os.path.exists(base_python):
        base_python = sys.executable
    log = os.path.join(state, 'venv-occ-install.log')
    with open(log, 'w') as f:
        subprocess.run([base_python, '-m', 'venv', venv], check=True, stdout=f, stderr=subprocess.STDOUT)
        r = subprocess.run([os.path.join(venv, 'bin', 'pip'), 'install'] + OCC_REQUIREMENTS,
                           stdout=f, stderr=subprocess.STDOUT, check=False)
    if r.returncode != 0:
        raise BenchError('pip install %s failed, see %s' % (want, log))
    # Check that the bundled openstack.cloud is the reference version.
    found = occ_collection_version(venv)
    if found != OCC_COLLECTION_VERSION:
        say('WARNING: openstack.cloud in %s is %s, expected %s' % (venv, found, OCC_COLLECTION_VERSION))
    with open(marker, 'w') as f:
        f.write(want + '\n')
    return venv


def occ_collection_version(venv):
    path = os.path.join(venv, 'lib', 'python%d.%d' % sys.version_info[:2], 'site-packages',
                        'ansible_collections', 'openstack', 'cloud', 'MANIFEST.json')
    try:
        return json.load(open(path))['collection_info']['version']
    except (OSError, ValueError, KeyError):
        return 'unknown'


def cinder_option(state, option, default=None, section='DEFAULT'):
    """An option of the testcloud's Cinder config as cinder-api sees it (e.g. rpc_response_timeout): cinder.conf, then
    cinder-api.conf, which cinder-api reads after it (`testcloud up --rpc-response-timeout` writes the option there);
    default when neither sets it."""
    value = default
    for name in ('cinder.conf', 'cinder-api.conf'):
        found = _ini_option(os.path.join(state, 'etc', 'cinder', name), option, section)
        if found is not None:
            value = found
    return value


def _ini_option(path, option, section):
    current = None
    try:
        for line in open(path):
            line = line.strip()
            m = re.match(r'\[(.+)\]$', line)
            if m:
                current = m.group(1)
            elif current == section:
                m = re.match(r'%s\s*=\s*(.*)$' % re.escape(option), line)
                if m:
                    return m.group(1).strip()
    except OSError:
        pass
    return None
