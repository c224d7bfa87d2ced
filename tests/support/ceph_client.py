"""The test cloud's Ceph client, as a storage host of its RBD backend uses it: ceph.conf, keyring, user, pool
(for the integration tests and the molecule verifiers).

`testcloud env` exports them as STACKADOPT_TESTCLOUD_CEPH_CONF, STACKADOPT_TESTCLOUD_CEPH_KEYRING,
STACKADOPT_TESTCLOUD_CEPH_USER and STACKADOPT_TESTCLOUD_RBD_POOL; where it does not (yet), they are derived from the
cloud's state dir as tests/cloud/testcloud lays it out (CEPH_CONF, CEPH_CINDER_KEYRING, rbd_user, CEPH_POOL).
"""

import os

ENV = {'conf': 'STACKADOPT_TESTCLOUD_CEPH_CONF', 'keyring': 'STACKADOPT_TESTCLOUD_CEPH_KEYRING',
       'user': 'STACKADOPT_TESTCLOUD_CEPH_USER', 'pool': 'STACKADOPT_TESTCLOUD_RBD_POOL'}


def state_dir(exports):
    home = exports.get('STACKADOPT_TESTCLOUD_HOME') or os.environ.get('STACKADOPT_TESTCLOUD_HOME')
    if not home:
        cache = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
        home = os.path.join(cache, 'stackadopt-testcloud')
    return home


def ceph_client(exports):
    """{conf, keyring, user, pool, admin_keyring} of the test cloud's Ceph backend."""
    ceph = os.path.join(state_dir(exports), 'ceph')
    derived = {'conf': os.path.join(ceph, 'ceph.conf'), 'keyring': os.path.join(ceph, 'ceph.client.cinder.keyring'),
               'user': 'cinder', 'pool': 'volumes'}
    client = dict((key, exports.get(name) or os.environ.get(name) or derived[key]) for key, name in ENV.items())
    client['admin_keyring'] = os.path.join(os.path.dirname(client['conf']), 'ceph.client.admin.keyring')
    return client


def rbd_args(client, user=None, keyring=None):
    """The client options of an rbd command."""
    return ['--conf', client['conf'], '--id', user or client['user'], '--keyring', keyring or client['keyring']]
