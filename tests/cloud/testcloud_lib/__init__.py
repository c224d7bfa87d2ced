"""testcloud: a small real OpenStack (Keystone + Cinder/LVM + Ceph RBD) on 127.0.0.1.

The command is ``tests/cloud/testcloud`` (a thin launcher of :func:`testcloud_lib.cli.main`). The package follows
the life of the cloud, one module per concern:

* ``common``     constants, the state directory's paths, small helpers (run, http, locks, markers)
* ``state``      what the cloud records between runs: the ceph backend verdict, settings, tenant project IDs
* ``config``     pure renderers of every config file (cinder.conf, keystone.conf, lvm.conf, ceph.conf, ...)
* ``install``    Debian packages and the two service venvs
* ``processes``  the service table, PID files, fingerprints, spawning and stopping process groups
* ``lvm``        the loop-device VGs and the LV commands (bulk creation included)
* ``ceph``       the one-node Ceph cluster and the RBD commands (bulk creation included)
* ``bootstrap``  idempotent one-time steps: databases, Keystone and Cinder resources, tenant projects, quotas
* ``control``    start / stop / restart of one service, and waiting until Cinder sees it
* ``cmd_cloud``  the subcommands up, status, env, down, start, stop, restart, quota
* ``cmd_objects`` the subcommands lv-*, rbd-*, rabbitmqctl
* ``cli``        the argument parser

Python 3 standard library only.
"""
