"""What the test cloud records between runs (tests/cloud/testcloud_lib/state.py): the rpc_response_timeout
setting given to `up`, persisted until changed. Files go to a temporary directory; nothing talks to the cloud."""

import json

import pytest

from testcloud_lib import state
from testcloud_lib.common import PASSWORD_SETS, RPC_TIMEOUT_ENV, Fail


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    """settings.json of a new cloud (no Keystone bootstrapped yet) in a temporary directory."""
    path = tmp_path / 'settings.json'
    monkeypatch.setattr(state, 'SETTINGS_FILE', str(path))
    monkeypatch.setattr(state, 'has_marker', lambda name: False)
    monkeypatch.delenv(RPC_TIMEOUT_ENV, raising=False)
    return path


@pytest.mark.parametrize('value,expected', [('600', 600), (' 90 ', 90), ('1', 1), ('86400', 86400),
                                            ('default', None), ('DEFAULT', None)])
def test_parse_rpc_response_timeout(value, expected):
    assert state.parse_rpc_response_timeout(value, '--rpc-response-timeout') == expected


@pytest.mark.parametrize('value', ['0', '-5', '86401', '1.5', 'ten', '', '+60', '1e3'])
def test_bad_rpc_response_timeout_names_the_source_and_what_is_valid(value):
    with pytest.raises(Fail, match=r'--rpc-response-timeout: bad rpc_response_timeout .*1 to 86400.*"default"'):
        state.parse_rpc_response_timeout(value, '--rpc-response-timeout')


def test_settings_persist_until_changed(settings_file):
    assert state.rpc_response_timeout() is None
    assert sorted(state.apply_settings(state.requested_settings('600'))) == ['passwords', 'rpc_response_timeout']
    assert json.loads(settings_file.read_text()) == {'rpc_response_timeout': 600, 'passwords': 'current'}
    assert state.rpc_response_timeout() == 600
    # A later `up` without the flag keeps it; the same value again changes nothing.
    assert state.requested_settings(None) == {'passwords': 'current'}
    assert state.apply_settings(state.requested_settings(None)) == []
    assert state.apply_settings(state.requested_settings('600')) == []
    assert state.apply_settings(state.requested_settings('default')) == ['rpc_response_timeout']
    assert state.rpc_response_timeout() is None


def test_the_flag_wins_over_the_environment(settings_file, monkeypatch):
    monkeypatch.setenv(RPC_TIMEOUT_ENV, '300')
    assert state.requested_settings(None)['rpc_response_timeout'] == 300
    assert state.requested_settings('900')['rpc_response_timeout'] == 900
    monkeypatch.setenv(RPC_TIMEOUT_ENV, 'soon')
    with pytest.raises(Fail, match=RPC_TIMEOUT_ENV):
        state.requested_settings(None)


def test_a_new_cloud_gets_the_current_passwords(settings_file):
    assert state.password_set() == 'current'
    assert state.passwords() == PASSWORD_SETS['current']


def test_a_cloud_bootstrapped_before_keeps_the_legacy_passwords_until_rotated(settings_file, monkeypatch):
    monkeypatch.setattr(state, 'has_marker', lambda name: name == 'keystone-db')
    assert state.password_set() == 'legacy'
    assert state.apply_settings(state.requested_settings(None)) == ['passwords']
    monkeypatch.setattr(state, 'has_marker', lambda name: False)   # recorded now: the marker no longer matters
    assert state.passwords() == PASSWORD_SETS['legacy']
    assert state.apply_settings(state.requested_settings(None, rotate_passwords=True)) == ['passwords']
    assert state.passwords() == PASSWORD_SETS['current']
    assert state.requested_settings(None) == {'passwords': 'current'}
