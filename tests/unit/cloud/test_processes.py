"""The test cloud's service table and fingerprints (tests/cloud/testcloud_lib/processes.py), and the service names
the start/stop/restart commands accept (control.py). Nothing is started."""

import pytest

from testcloud_lib import control, processes, state
from testcloud_lib.common import CINDER_API_CONF, RPC_TIMEOUT_ENV, Fail


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    path = tmp_path / 'settings.json'
    monkeypatch.setattr(state, 'SETTINGS_FILE', str(path))
    monkeypatch.setattr(state, 'has_marker', lambda name: False)
    monkeypatch.delenv(RPC_TIMEOUT_ENV, raising=False)
    return path


def test_cinder_api_reads_its_own_file_only_when_a_setting_needs_it(settings_file, monkeypatch):
    def api_cmd():
        return dict(processes.service_table())['cinder-api']['cmd']
    assert CINDER_API_CONF not in api_cmd()
    state.apply_settings({'rpc_response_timeout': 600})
    cmd = api_cmd()
    assert cmd[cmd.index(CINDER_API_CONF) - 1] == '--config-file'
    # The other cinder services keep their command line: a changed timeout restarts cinder-api alone.
    table = dict(processes.service_table())
    for name in ('cinder-scheduler', 'cinder-volume', 'cinder-volume-ceph'):
        assert CINDER_API_CONF not in table[name]['cmd']


def test_fingerprint_counts_an_extra_config_file(tmp_path):
    extra = tmp_path / 'extra.conf'
    extra.write_text('[DEFAULT]\nrpc_response_timeout = 600\n')
    spec = {'cmd': ['/bin/true', '--config-file', str(extra)], 'env': {}}
    before = processes.fingerprint('some-service', spec)
    extra.write_text('[DEFAULT]\nrpc_response_timeout = 900\n')
    assert processes.fingerprint('some-service', spec) != before


def test_service_names_are_the_table_and_status_order():
    assert [n for n, _s in processes.service_table()] != []
    assert set(processes.SERVICE_NAMES) == {n for n, _s in processes.service_table()}
    assert {'keystone', 'cinder-api', 'cinder-scheduler', 'cinder-volume', 'cinder-volume-ceph', 'rabbitmq',
            'mariadb', 'ceph-mon', 'ceph-mgr', 'ceph-osd'} <= set(processes.SERVICE_NAMES)


def test_an_unknown_service_lists_the_valid_ones():
    with pytest.raises(Fail, match=r"unknown service 'cinder': the services are mariadb, .*cinder-volume-ceph"):
        control.check_service_name('cinder')
