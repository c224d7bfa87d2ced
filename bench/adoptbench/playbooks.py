# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Playbook runs, the request body ours sends, and an interpreter that records each module process's peak RSS."""

import json
import os
import shlex
import subprocess
import sys
import time
import uuid

from adoptbench import BENCH_DIR, BenchError


def run_playbook(ansible_bin_dir, playbook, extra_vars, collections_path, log_path, tmpdir, inventory='localhost,',
                 ansible_cfg=None, check=True):
    """Run ansible-playbook; the wall time. With check=False a failed run returns (seconds, rc) instead of
    raising."""
    vars_file = os.path.join(tmpdir, 'vars-%s.json' % uuid.uuid4().hex[:8])
    with open(vars_file, 'w') as f:
        json.dump(extra_vars, f)
    env = dict(os.environ)
    env['ANSIBLE_COLLECTIONS_PATH'] = collections_path
    env['ANSIBLE_COLLECTIONS_SCAN_SYS_PATH'] = 'True'
    env['ANSIBLE_LOCALHOST_WARNING'] = 'False'
    env['ANSIBLE_INVENTORY_UNPARSED_WARNING'] = 'False'
    env['ANSIBLE_RETRY_FILES_ENABLED'] = 'False'
    env['ANSIBLE_NOCOLOR'] = '1'
    env['ANSIBLE_CALLBACK_PLUGINS'] = os.path.join(BENCH_DIR, 'callback_plugins')
    env['ANSIBLE_CALLBACKS_ENABLED'] = 'bench_timer'
    env.pop('ANSIBLE_CONFIG', None)
    if ansible_cfg:
        env['ANSIBLE_CONFIG'] = os.path.abspath(ansible_cfg)
    cmd = [os.path.join(ansible_bin_dir, 'ansible-playbook'), '-i', inventory, playbook, '-e', '@' + vars_file]
    t = time.monotonic()
    with open(log_path, 'w') as f:
        f.write('$ %s\n' % ' '.join(shlex.quote(c) for c in cmd))
        f.flush()
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=tmpdir, check=False)
    elapsed = time.monotonic() - t
    if not check:
        return elapsed, r.returncode
    if r.returncode != 0:
        raise BenchError('%s failed (rc %d), see %s' % (os.path.basename(playbook), r.returncode, log_path))
    return elapsed


def ours_request_body(host, name, type_id):
    """The manage request body ours sends for the LV ``name``, as CinderClient.manage_volume builds it: only the
    keys that are set (no explicit nulls, no bootable=false), the adoption record stackadopt_ref, the role's
    stackadopt_storage_host / stackadopt_adopted_by (the bench's inventory names hosts bench-<backend>) and the
    type by ID."""
    metadata = {'stackadopt_ref': json.dumps({'source-name': name}, separators=(',', ':')),
                'stackadopt_storage_host': 'bench-' + host.split('@')[1].split('#')[0],
                'stackadopt_adopted_by': 'stackadopt.cinder'}
    return {'host': host, 'ref': {'source-name': name}, 'metadata': metadata, 'name': name, 'volume_type': type_id}


# An ansible_python_interpreter that runs the real Python as its child and appends, when it ends, one JSON line
# with the module (from the AnsiballZ_<module>.py it was given) and the child's peak RSS (ru_maxrss, KiB on
# Linux). AnsiballZ runs the module inside that one process, so this is the module process's peak, not
# ansible-playbook's.
RSS_WRAPPER = '''#!%(python)s
import json, os, re, resource, subprocess, sys, time
start = time.monotonic()
rc = subprocess.call([%(python)r] + sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
m = re.search(r'AnsiballZ_(\\w+)\\.py', ' '.join(sys.argv[1:]))
with open(%(log)r, 'a') as f:
    f.write(json.dumps({'module': m.group(1) if m else '?', 'maxrss_kib': usage.ru_maxrss,
                        'seconds': round(time.monotonic() - start, 2), 'rc': rc}) + '\\n')
sys.exit(rc)
'''


def rss_interpreter(workdir, label):
    """(path of a wrapper interpreter, path of its JSON-lines log) for one measured run."""
    log = os.path.join(workdir, 'rss-%s.jsonl' % label)
    path = os.path.join(workdir, 'python-rss-%s' % label)
    with open(path, 'w') as f:
        f.write(RSS_WRAPPER % {'python': sys.executable, 'log': log})
    os.chmod(path, 0o755)
    if os.path.exists(log):
        os.unlink(log)
    return path, log


def rss_records(log):
    try:
        return [json.loads(line) for line in open(log) if line.strip()]
    except OSError:
        return []
