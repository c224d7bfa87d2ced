"""The test cloud's config renderers (tests/cloud/testcloud_lib/config.py): every file parses, and carries what the
services need. Pure functions: no cloud, no root, nothing written."""

import configparser
import re

import pytest
import yaml

from testcloud_lib import common, config


def parse_ini(text):
    parser = configparser.RawConfigParser(strict=True)   # strict: a duplicate section or option fails
    parser.read_string(text)
    return parser


@pytest.mark.parametrize('with_ceph', [False, True])
def test_cinder_conf_parses_with_one_section_per_backend(with_ceph):
    conf = parse_ini(config.cinder_conf(with_ceph=with_ceph))
    backends = ['lvm-a', 'lvm-b'] + (['ceph'] if with_ceph else [])
    for backend in backends:
        assert conf.get(backend, 'volume_backend_name') == backend
    assert not conf.has_section('ceph') or with_ceph
    # The LVM process serves the LVM backends only; the ceph process gets enabled_backends from its own file.
    assert conf.get('DEFAULT', 'enabled_backends') == 'lvm-a,lvm-b'
    assert conf.get('DEFAULT', 'host') == 'testcloud'
    assert conf.get('DEFAULT', 'default_volume_type') == 'lvm-a'
    assert conf.get('DEFAULT', 'transport_url') == 'rabbit://stackadopt:stackadopt-rabbit@127.0.0.1:5673/'
    assert conf.get('DEFAULT', 'osapi_volume_listen_port') == '8776'
    assert not conf.has_option('DEFAULT', 'rpc_response_timeout'), "cinder.conf keeps Cinder's default"
    assert conf.get('database', 'connection').startswith('mysql+pymysql://stackadopt:stackadopt-db@127.0.0.1:3307/')
    assert conf.get('keystone_authtoken', 'auth_url') == 'http://127.0.0.1:5000/v3'


def test_cinder_conf_lvm_backends_use_our_lvm_view():
    conf = parse_ini(config.cinder_conf(with_ceph=False))
    for backend, vg in common.BACKENDS.items():
        assert conf.get(backend, 'volume_driver') == 'cinder.volume.drivers.lvm.LVMVolumeDriver'
        assert conf.get(backend, 'volume_group') == vg
        assert conf.get(backend, 'lvm_conf_file') == common.LVM_DIR + '/lvm.conf'
        assert conf.get(backend, 'target_helper') == 'fake'
    for section in ('privsep', 'cinder_sys_admin', 'privsep_osbrick'):
        helper = conf.get(section, 'helper_command')
        assert helper.startswith('env LVM_SYSTEM_DIR=' + common.LVM_DIR + ' ')
        assert helper.endswith('--config-file ' + common.CINDER_CONF)


def test_cinder_conf_quotas_match_the_cloud_defaults():
    conf = parse_ini(config.cinder_conf(with_ceph=False))
    for key in ('volumes', 'gigabytes', 'snapshots', 'backups', 'backup_gigabytes', 'groups'):
        assert conf.getint('DEFAULT', 'quota_' + key) == common.QUOTAS[key]


def test_cinder_conf_ceph_backend():
    conf = parse_ini(config.cinder_conf(with_ceph=True))
    assert conf.get('ceph', 'volume_driver') == 'cinder.volume.drivers.rbd.RBDDriver'
    assert conf.get('ceph', 'rbd_pool') == common.CEPH_POOL == 'volumes'
    assert conf.get('ceph', 'rbd_user') == common.CEPH_USER == 'cinder'
    assert conf.get('ceph', 'rbd_ceph_conf') == common.CEPH_CONF
    assert conf.get('ceph', 'rbd_keyring_conf') == common.CEPH_CINDER_KEYRING


def test_cinder_volume_ceph_conf_makes_a_cluster_member():
    conf = parse_ini(config.cinder_volume_ceph_conf())
    assert dict(conf.items('DEFAULT')) == {'enabled_backends': 'ceph', 'cluster': 'testcluster'}


@pytest.mark.parametrize('timeout,expected', [(None, None), (600, '600')])
def test_cinder_api_conf_carries_the_rpc_timeout_only_when_set(timeout, expected):
    conf = parse_ini(config.cinder_api_conf(timeout))
    assert conf.get('DEFAULT', 'rpc_response_timeout', fallback=None) == expected


def test_keystone_conf():
    conf = parse_ini(config.keystone_conf())
    assert conf.get('database', 'connection') == \
        'mysql+pymysql://stackadopt:stackadopt-db@127.0.0.1:3307/keystone?charset=utf8'
    assert conf.get('token', 'provider') == 'fernet'
    assert conf.get('fernet_tokens', 'key_repository') == common.STATE + '/etc/keystone/fernet-keys'
    assert conf.getboolean('cache', 'enabled') is True


def test_keystone_wsgi_entry_point_compiles():
    source = config.KEYSTONE_WSGI % {'conf': common.KEYSTONE_CONF}
    compile(source, 'keystone_wsgi.py', 'exec')
    assert repr(common.KEYSTONE_CONF) in source


def test_lvm_conf_is_metadata_only_on_loop_devices():
    text = config.lvm_conf()
    assert '%(' not in text
    sections = dict(re.findall(r'^(\w+) \{\n(.*?)^\}', text, re.S | re.M))
    assert set(sections) >= {'devices', 'global', 'activation', 'backup'}
    assert re.search(r'^\s*activation = 0$', sections['global'], re.M), 'no device-mapper here'
    assert 'locking_dir = "%s/lock"' % common.LVM_DIR in sections['global']
    assert 'filter = [ "a|^/dev/loop[0-9]+$|", "r|.*|" ]' in sections['devices']
    assert 'use_devicesfile = 0' in sections['devices']
    assert 'backup_dir = "%s/backup"' % common.LVM_DIR in sections['backup']


def test_ceph_conf():
    conf = parse_ini(config.ceph_conf('11111111-2222-3333-4444-555555555555'))
    assert conf.get('global', 'fsid') == '11111111-2222-3333-4444-555555555555'
    assert conf.get('global', 'mon_host') == '[v2:127.0.0.1:13300,v1:127.0.0.1:16789]'
    assert conf.get('global', 'keyring') == common.CEPH_DIR + '/$cluster.$name.keyring'
    assert conf.getint('global', 'osd_pool_default_size') == 1
    assert conf.get('osd', 'bluestore_block_path') == common.STATE + '/disks/ceph-osd.$id.img'
    assert conf.getint('osd', 'bluestore_block_size') == common.CEPH_OSD_SIZE_GB * 1024 ** 3
    for daemon in ('mon', 'mgr', 'osd'):
        assert conf.get(daemon, 'log_file') == common.LOGS + '/ceph-$type.log'


def test_rabbit_conf():
    lines = dict(line.split(' = ', 1) for line in config.rabbit_conf().splitlines()
                 if line and not line.startswith('#'))
    assert lines['listeners.tcp.default'] == '127.0.0.1:5673'
    assert lines['default_user'] == common.RABBIT_USER
    assert lines['default_pass'] == common.RABBIT_PASSWORD


def test_rootwrap_conf():
    conf = parse_ini(config.rootwrap_conf())
    assert conf.get('DEFAULT', 'filters_path') == common.STATE + '/etc/cinder/rootwrap.d'
    assert conf.get('DEFAULT', 'exec_dirs').startswith(common.VENV_CINDER + '/bin,')


@pytest.mark.parametrize('password_set', sorted(common.PASSWORD_SETS))
def test_clouds_yaml_has_the_admin_demo_and_tenant_clouds(password_set):
    pw = common.PASSWORD_SETS[password_set]
    clouds = yaml.safe_load(config.clouds_yaml(pw))['clouds']
    assert set(clouds) == {'stackadopt-admin', 'stackadopt-demo', 'stackadopt-admin-tenant-a',
                           'stackadopt-tenant-b-member'}
    scope = {name: (c['auth']['username'], c['auth']['project_name']) for name, c in clouds.items()}
    assert scope == {'stackadopt-admin': ('admin', 'admin'), 'stackadopt-demo': ('demo', 'demo'),
                     'stackadopt-admin-tenant-a': ('admin', 'tenant-a'),
                     'stackadopt-tenant-b-member': ('tenant-b-member', 'tenant-b')}
    for cloud in clouds.values():
        assert cloud['auth']['auth_url'] == 'http://127.0.0.1:5000/v3'
        assert cloud['region_name'] == 'RegionOne'
        assert cloud['identity_api_version'] == 3
    for cloud in clouds.values():
        assert cloud['auth']['password'] == pw[cloud['auth']['username']]


def test_current_passwords_are_no_name_that_output_may_carry():
    """A secrets test greps output for the password: no cloud, user or project name may contain it. The legacy
    set fails this, which is why new clouds get the current one."""
    pw = common.PASSWORD_SETS['current']
    clouds = yaml.safe_load(config.clouds_yaml(pw))['clouds']
    names = set(clouds) | {c['auth']['username'] for c in clouds.values()} | \
        {c['auth']['project_name'] for c in clouds.values()} | {'cinder', 'service', 'stackadopt', 'testcloud'}
    for password in pw.values():
        assert len(password) >= 8
        assert not [n for n in names if password in n], password
    legacy = common.PASSWORD_SETS['legacy']
    assert legacy['admin'] == 'stackadopt-admin' and legacy['admin'] in clouds, 'older clouds have the legacy set'


def test_no_cloud_scopes_the_admin_to_tenant_b():
    """The admin user holds no role on tenant-b: an entry scoping it there could only fail."""
    clouds = yaml.safe_load(config.clouds_yaml(common.PASSWORD_SETS['current']))['clouds']
    assert not [c for c in clouds.values() if c['auth']['username'] == 'admin'
                and c['auth']['project_name'] == 'tenant-b']


def test_pool_names():
    assert config.pool_name('lvm-a') == 'testcloud@lvm-a#lvm-a'
    assert config.pool_name('ceph') == 'testcluster@ceph#ceph'
    assert config.backend_names(with_ceph=False) == ['lvm-a', 'lvm-b']
    assert config.backend_names(with_ceph=True) == ['lvm-a', 'lvm-b', 'ceph']
