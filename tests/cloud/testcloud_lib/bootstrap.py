"""Bootstrap steps (idempotent): the databases, Keystone's and Cinder's resources, the tenant projects; and the
Keystone / Cinder API helpers the commands use (tokens, services, pools, quotas)."""

import os
import shutil
import time
import urllib.parse

from .common import (
    CINDER_CONF,
    CINDER_SERVICE_PASSWORD,
    CINDER_URL,
    DB_PASSWORD,
    DB_USER,
    KEYSTONE_CONF,
    KEYSTONE_URL,
    LOGS,
    MYSQL_SOCK,
    PASSWORD_SETS,
    QUOTAS,
    REGION,
    TENANT_A,
    TENANT_B,
    TENANT_B_MEMBER,
    VENV_CINDER,
    VENV_KEYSTONE,
    Fail,
    base_env,
    has_marker,
    http,
    log_hint,
    p,
    run,
    say,
    set_marker,
)
from .config import backend_names, pool_name
from .state import passwords, write_projects


def mysql_cli(sql, database=None):
    cmd = ['mariadb', '--no-defaults', '--socket=' + MYSQL_SOCK, '-u', 'root',
           '--batch', '--skip-column-names']
    if database:
        cmd.append(database)
    return run(cmd + ['-e', sql])


def init_mariadb():
    if os.path.isdir(p('mysql', 'mysql')):
        return
    say('initialising MariaDB datadir %s' % p('mysql'))
    if os.path.exists(p('mysql')):
        shutil.rmtree(p('mysql'))
    # A new database means every one-time bootstrap step must run again.
    shutil.rmtree(p('markers'), ignore_errors=True)
    os.makedirs(p('markers'))
    run(['mariadb-install-db', '--no-defaults', '--datadir=' + p('mysql'), '--user=root',
         '--auth-root-authentication-method=socket', '--skip-test-db',
         '--skip-name-resolve'], log=os.path.join(LOGS, 'mariadb-install-db.log'))


def setup_databases():
    if has_marker('mariadb-databases'):
        return
    say('creating databases keystone, cinder and user %s' % DB_USER)
    mysql_cli('''
CREATE DATABASE IF NOT EXISTS keystone CHARACTER SET utf8mb4;
CREATE DATABASE IF NOT EXISTS cinder CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '%(u)s'@'127.0.0.1' IDENTIFIED BY '%(pw)s';
CREATE USER IF NOT EXISTS '%(u)s'@'localhost' IDENTIFIED BY '%(pw)s';
GRANT ALL PRIVILEGES ON keystone.* TO '%(u)s'@'127.0.0.1';
GRANT ALL PRIVILEGES ON cinder.* TO '%(u)s'@'127.0.0.1';
GRANT ALL PRIVILEGES ON keystone.* TO '%(u)s'@'localhost';
GRANT ALL PRIVILEGES ON cinder.* TO '%(u)s'@'localhost';
FLUSH PRIVILEGES;''' % {'u': DB_USER, 'pw': DB_PASSWORD})
    set_marker('mariadb-databases')


def keystone_manage(*args):
    env = base_env()
    env['OS_KEYSTONE_CONFIG_FILES'] = KEYSTONE_CONF
    return run([os.path.join(VENV_KEYSTONE, 'bin', 'keystone-manage'),
                '--config-file', KEYSTONE_CONF] + list(args), env=env,
               log=os.path.join(LOGS, 'keystone-manage.log'))


def setup_keystone_db():
    if has_marker('keystone-db'):
        return
    say('keystone: fernet/credential keys, db_sync, bootstrap')
    if not os.path.isdir(p('etc', 'keystone', 'fernet-keys')):
        keystone_manage('fernet_setup', '--keystone-user', 'root', '--keystone-group', 'root')
    if not os.path.isdir(p('etc', 'keystone', 'credential-keys')):
        keystone_manage('credential_setup', '--keystone-user', 'root',
                        '--keystone-group', 'root')
    keystone_manage('db_sync')
    keystone_manage('bootstrap', '--bootstrap-password', passwords()['admin'],
                    '--bootstrap-username', 'admin', '--bootstrap-project-name', 'admin',
                    '--bootstrap-role-name', 'admin', '--bootstrap-service-name', 'keystone',
                    '--bootstrap-region-id', REGION,
                    '--bootstrap-admin-url', KEYSTONE_URL,
                    '--bootstrap-internal-url', KEYSTONE_URL,
                    '--bootstrap-public-url', KEYSTONE_URL)
    set_marker('keystone-db')


def setup_cinder_db():
    if has_marker('cinder-db'):
        return
    say('cinder: db sync')
    run([os.path.join(VENV_CINDER, 'bin', 'cinder-manage'), '--config-file', CINDER_CONF,
         'db', 'sync'], env=base_env(), log=os.path.join(LOGS, 'cinder-manage.log'))
    set_marker('cinder-db')


def password_auth(user, password, project=None):
    """POST /auth/tokens with a password (scoped to a project when given): (status, headers, body)."""
    body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': user, 'domain': {'id': 'default'}, 'password': password}}}}}
    if project:
        body['auth']['scope'] = {'project': {'name': project, 'domain': {'id': 'default'}}}
    return http('POST', KEYSTONE_URL + '/auth/tokens', body)


def get_token(user='admin', password=None, project='admin'):
    """A token of one of our accounts (default: the admin, in project admin), with its password of the recorded
    set, or of the other set while `up --rotate-passwords` has not converged it yet."""
    tried = [password] if password else [passwords()[user]] + [s[user] for s in PASSWORD_SETS.values()]
    for candidate in dict.fromkeys(tried):
        st, hdrs, data = password_auth(user, candidate, project)
        if st != 401:
            break
    if st != 201:
        raise Fail('keystone: cannot get a token for %s/%s (HTTP %s: %s); %s'
                   % (user, project, st, data, log_hint('keystone.log')))
    return hdrs['X-Subject-Token'], data['token']['project']['id']


class Keystone:
    def __init__(self):
        self.token, self.project_id = get_token()

    def call(self, method, path, body=None, ok=(200, 201, 204)):
        st, _hdrs, data = http(method, KEYSTONE_URL + path, body, token=self.token)
        if st not in ok:
            raise Fail('keystone: %s %s -> HTTP %s: %s; %s'
                       % (method, path, st, data, log_hint('keystone.log')))
        return data

    def find(self, collection, key, **query):
        qs = urllib.parse.urlencode(query)
        items = self.call('GET', '/%s?%s' % (collection, qs))[collection]
        return items[0] if items else None

    def ensure(self, collection, key, body, **query):
        found = self.find(collection, key, **query)
        if found:
            return found
        return self.call('POST', '/' + collection, {key: body})[key]


def converge_password(ks, user, password):
    """Set a user's password when it no longer is the one clouds.yaml holds (a cloud made before they changed).
    Returns True when it changed (Keystone then revokes that user's tokens)."""
    st, _hdrs, _body = password_auth(user['name'], password)
    if st == 201:
        return False
    say('keystone: setting the password of user %s (the one clouds.yaml holds)' % user['name'])
    ks.call('PATCH', '/users/%s' % user['id'], {'user': {'password': password}})
    return True


def setup_keystone_resources():
    ks = Keystone()
    pw = passwords()
    if converge_password(ks, ks.find('users', 'user', name='admin', domain_id='default'), pw['admin']):
        # The old token went with the old password. Keystone's revocation event has one-second resolution and also
        # revokes a token issued within that second: wait it out before asking for a new one.
        time.sleep(1.5)
        ks = Keystone()
    member = ks.ensure('roles', 'role', {'name': 'member'}, name='member')
    admin_role = ks.find('roles', 'role', name='admin')
    projects = {}
    for name, desc in (('demo', 'stackadopt testcloud demo project'),
                       ('service', 'service users')):
        projects[name] = ks.ensure('projects', 'project', {
            'name': name, 'domain_id': 'default', 'description': desc},
            name=name, domain_id='default')
    demo = ks.ensure('users', 'user', {'name': 'demo', 'domain_id': 'default',
                                       'password': pw['demo']},
                     name='demo', domain_id='default')
    cinder = ks.ensure('users', 'user', {'name': 'cinder', 'domain_id': 'default',
                                         'password': CINDER_SERVICE_PASSWORD},
                       name='cinder', domain_id='default')
    converge_password(ks, demo, pw['demo'])
    ks.call('PUT', '/projects/%s/users/%s/roles/%s'
            % (projects['demo']['id'], demo['id'], member['id']))
    ks.call('PUT', '/projects/%s/users/%s/roles/%s'
            % (projects['service']['id'], cinder['id'], admin_role['id']))
    setup_tenant_projects(ks, member, admin_role, pw[TENANT_B_MEMBER])
    url = CINDER_URL + '/v3/%(project_id)s'
    for sname, stype in (('cinder', 'block-storage'), ('cinderv3', 'volumev3')):
        svc = ks.ensure('services', 'service', {
            'name': sname, 'type': stype, 'description': 'Cinder Volume Service'},
            type=stype)
        existing = ks.call('GET', '/endpoints?service_id=%s' % svc['id'])['endpoints']
        have = {e['interface']: e for e in existing}
        for iface in ('public', 'internal', 'admin'):
            e = have.get(iface)
            if e and e['url'] == url and e.get('region_id') == REGION:
                continue
            if e:
                ks.call('DELETE', '/endpoints/%s' % e['id'])
            ks.call('POST', '/endpoints', {'endpoint': {
                'service_id': svc['id'], 'interface': iface, 'url': url,
                'region_id': REGION}})
    return ks.token, ks.project_id, projects['demo']['id']


def setup_tenant_projects(ks, member, admin_role, member_password):
    """tenant-a: the admin user holds the admin role there. tenant-b: the admin user holds no role at all (any
    direct assignment is revoked), and tenant-b-member holds the member role. Records their IDs for `env`."""
    admin = ks.find('users', 'user', name='admin', domain_id='default')
    tenants = {}
    for name in (TENANT_A, TENANT_B):
        tenants[name] = ks.ensure('projects', 'project', {
            'name': name, 'domain_id': 'default',
            'description': 'stackadopt testcloud tenant project (%s)' % (
                'admin user holds the admin role' if name == TENANT_A else 'admin user holds no role')},
            name=name, domain_id='default')
    ks.call('PUT', '/projects/%s/users/%s/roles/%s' % (tenants[TENANT_A]['id'], admin['id'], admin_role['id']))
    held = ks.call('GET', '/projects/%s/users/%s/roles' % (tenants[TENANT_B]['id'], admin['id']))['roles']
    for role in held:
        say('keystone: revoking role %s of user admin on %s (it must hold none there)' % (role['name'], TENANT_B))
        ks.call('DELETE', '/projects/%s/users/%s/roles/%s' % (tenants[TENANT_B]['id'], admin['id'], role['id']))
    user = ks.ensure('users', 'user', {'name': TENANT_B_MEMBER, 'domain_id': 'default',
                                       'password': member_password},
                     name=TENANT_B_MEMBER, domain_id='default')
    converge_password(ks, user, member_password)
    ks.call('PUT', '/projects/%s/users/%s/roles/%s' % (tenants[TENANT_B]['id'], user['id'], member['id']))
    write_projects({'projects': {name: t['id'] for name, t in tenants.items()},
                    'users': {TENANT_B_MEMBER: user['id'], 'admin': admin['id']}})
    return tenants


def cinder_call(method, path, token, body=None, ok=(200, 201, 202, 204),
                microversion=None):
    headers = {}
    if microversion:
        headers['OpenStack-API-Version'] = 'volume %s' % microversion
    st, _hdrs, data = http(method, CINDER_URL + path, body, token=token, headers=headers)
    if ok and st not in ok:
        raise Fail('cinder: %s %s -> HTTP %s: %s; %s'
                   % (method, path, st, data, log_hint('cinder-api.log')))
    return st, data


def setup_cinder_resources(token, admin_project, demo_project):
    base = '/v3/%s' % admin_project
    _st, types = cinder_call('GET', base + '/types?is_public=None', token)
    have = {t['name']: t for t in types['volume_types']}
    for backend in backend_names():
        t = have.get(backend)
        if not t:
            say('cinder: creating volume type %s' % backend)
            _st, t = cinder_call('POST', base + '/types', token, {'volume_type': {
                'name': backend, 'os-volume-type-access:is_public': True,
                'extra_specs': {'volume_backend_name': backend}}})
            t = t['volume_type']
        elif t.get('extra_specs', {}).get('volume_backend_name') != backend:
            cinder_call('POST', base + '/types/%s/extra_specs' % t['id'], token,
                        {'extra_specs': {'volume_backend_name': backend}})
    # Quotas: bulk tests create hundreds of volumes.
    qc = {k: v for k, v in QUOTAS.items() if k != 'per_volume_gigabytes'}
    cinder_call('PUT', base + '/os-quota-class-sets/default', token, {'quota_class_set': qc})
    for project in (admin_project, demo_project):
        _st, cur = cinder_call('GET', base + '/os-quota-sets/%s' % project, token)
        cur = cur['quota_set']
        if any(cur.get(k) != v for k, v in QUOTAS.items()):
            cinder_call('PUT', base + '/os-quota-sets/%s' % project, token,
                        {'quota_set': dict(QUOTAS)})


def get_pools(token, project):
    st, data = cinder_call('GET', '/v3/%s/scheduler-stats/get_pools?detail=true' % project,
                           token, ok=None)
    if st != 200:
        return None
    return data.get('pools', [])


def expected_pools(with_ceph=None):
    return sorted(pool_name(b) for b in backend_names(with_ceph))


def get_services(token, project):
    # 3.7: services carry their cluster.
    st, data = cinder_call('GET', '/v3/%s/os-services' % project, token, ok=None, microversion='3.7')
    if st != 200:
        return None
    return data.get('services', [])


def resolve_project(ks, ref):
    """A project by name (default domain) or by ID; Fail naming the projects there are."""
    found = ks.find('projects', 'project', name=ref, domain_id='default')
    if found:
        return found
    st, _hdrs, data = http('GET', KEYSTONE_URL + '/projects/%s' % urllib.parse.quote(ref, safe=''), token=ks.token)
    if st == 200:
        return data['project']
    names = sorted(x['name'] for x in ks.call('GET', '/projects')['projects'])
    raise Fail('unknown project %r: give the name or the ID of one of %s' % (ref, ', '.join(names)))


# --------------------------------------------------------------------------
# Cinder quotas of one project (os-quota-sets, called from the admin project)
# --------------------------------------------------------------------------

def quota_usage(token, admin_project, project_id):
    """key -> {'limit', 'in_use', 'reserved', ...} of a project, per-volume-type keys included."""
    _st, data = cinder_call('GET', '/v3/%s/os-quota-sets/%s?usage=True' % (admin_project, project_id), token)
    quotas = dict(data['quota_set'])
    quotas.pop('id', None)
    return quotas


def set_quotas(token, admin_project, project_id, values):
    cinder_call('PUT', '/v3/%s/os-quota-sets/%s' % (admin_project, project_id), token, {'quota_set': values})


def reset_quotas(token, admin_project, project_id):
    """Drop the project's own limits: Cinder falls back to the default quota class (the cloud's defaults)."""
    cinder_call('DELETE', '/v3/%s/os-quota-sets/%s' % (admin_project, project_id), token)


def parse_quota_args(pairs, valid):
    """['volumes=10', 'gigabytes_lvm-a=-1'] -> {'volumes': 10, 'gigabytes_lvm-a': -1}; Fail (before any write)
    naming the bad item and what is valid."""
    values = {}
    for pair in pairs:
        key, sep, text = pair.partition('=')
        key = key.strip()
        if not sep or not key:
            raise Fail('bad quota %r: write KEY=VALUE, e.g. volumes=10 or gigabytes_lvm-a=-1' % pair)
        if key not in valid:
            raise Fail('unknown quota key %r: valid keys are %s' % (key, ', '.join(sorted(valid))))
        text = text.strip()
        if not (text.isdigit() or text == '-1'):
            raise Fail('bad value %r for quota %s: a whole number >= 0, or -1 for unlimited' % (text, key))
        values[key] = int(text)
    return values
