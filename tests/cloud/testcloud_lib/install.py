"""Installation: the Debian packages (apt-get only when one is missing) and the two service venvs from PyPI."""

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time

from .common import (
    APT_PACKAGES,
    CINDER_VERSION,
    INSTALLED_MARKER,
    KEYSTONE_VERSION,
    LOGS,
    VENV_CINDER,
    VENV_KEYSTONE,
    Fail,
    p,
    run,
    say,
    write_file,
)


def dpkg_installed(pkg):
    r = subprocess.run(['dpkg-query', '-W', '-f=${db:Status-Status}', pkg],
                       capture_output=True, text=True, check=False)
    return r.returncode == 0 and r.stdout.strip() == 'installed'


APT_INSTALL = ['apt-get', 'install', '-y', '--no-install-recommends',
               '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold']


@contextlib.contextmanager
def no_service_start():
    """Keep the packages' own system services from being started while apt-get runs: we run our own
    instances on other ports."""
    policy = '/usr/sbin/policy-rc.d'
    made_policy = False
    if not os.path.exists(policy):
        with open(policy, 'w') as f:
            f.write('#!/bin/sh\n# written by stackadopt testcloud during apt-get\nexit 101\n')
        os.chmod(policy, 0o755)
        made_policy = True
    try:
        yield
    finally:
        if made_policy:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(policy)


def ensure_apt_packages():
    missing = [pkg for pkg in APT_PACKAGES if not dpkg_installed(pkg)]
    if not missing:
        return
    if os.geteuid() != 0:
        raise Fail('Debian packages missing (%s) and not root' % ' '.join(missing))
    log = os.path.join(LOGS, 'apt.log')
    say('apt-get install %s (log: %s)' % (' '.join(missing), log))
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    with no_service_start():
        run(['apt-get', 'update'], env=env, log=log)
        run(APT_INSTALL + missing, env=env, log=log)
    still = [pkg for pkg in APT_PACKAGES if not dpkg_installed(pkg)]
    if still:
        raise Fail('apt-get did not install %s; see %s' % (' '.join(still), log))


def ensure_venv(venv, packages, logname):
    mark = os.path.join(venv, INSTALLED_MARKER)
    want = ' '.join(packages)
    if os.path.exists(mark):
        with open(mark) as f:
            if f.read().strip() == want:
                return None
    log = p(logname)
    say('installing %s into %s (log: %s)' % (want, venv, log))
    if os.path.exists(venv):
        shutil.rmtree(venv)
    with open(log, 'w') as lf:
        lf.write('# testcloud install %s\n' % want)
    t = time.time()
    run([sys.executable, '-m', 'venv', venv], log=log)
    run([os.path.join(venv, 'bin', 'pip'), 'install', '--disable-pip-version-check',
         '--upgrade', 'pip'], log=log, check=False)
    run([os.path.join(venv, 'bin', 'pip'), 'install', '--disable-pip-version-check']
        + packages, log=log, timeout=1800)
    with open(log, 'a') as lf:
        lf.write('rc=0\n')
    write_file(mark, want + '\n')
    say('installed %s in %.0fs' % (venv, time.time() - t))
    return True


def install():
    ensure_apt_packages()
    # The two venvs are independent: install them in parallel when both are
    # missing (saves a minute on a cold machine).
    jobs = []
    specs = [(VENV_CINDER, ['cinder==%s' % CINDER_VERSION, 'PyMySQL', 'gunicorn'],
              'cinder-install.log'),
             (VENV_KEYSTONE, ['keystone==%s' % KEYSTONE_VERSION, 'PyMySQL', 'gunicorn'],
              'keystone-install.log')]
    todo = []
    for venv, pkgs, logname in specs:
        mark = os.path.join(venv, INSTALLED_MARKER)
        ok = False
        if os.path.exists(mark):
            with open(mark) as f:
                ok = f.read().strip() == ' '.join(pkgs)
        if not ok:
            todo.append((venv, pkgs, logname))
    if len(todo) > 1:
        errors = []

        def worker(args):
            try:
                ensure_venv(*args)
            except Exception as e:   # noqa
                errors.append(e)
        for args in todo:
            th = threading.Thread(target=worker, args=(args,))
            th.start()
            jobs.append(th)
        for th in jobs:
            th.join()
        if errors:
            raise errors[0] if isinstance(errors[0], Fail) else Fail(str(errors[0]))
    else:
        for args in todo:
            ensure_venv(*args)
