"""What the test cloud records between runs (tests/cloud/testcloud_lib/state.py): the rpc_response_timeout
setting given to `up`, persisted until changed. Files go to a temporary directory; nothing talks to the cloud."""

import json

import pytest

from testcloud_lib import state
from testcloud_lib.common import RPC_TIMEOUT_ENV, Fail


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    path = tmp_path / 'settings.json'
    monkeypatch.setattr(state, 'SETTINGS_FILE', str(path))
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
    assert state.apply_settings(state.requested_settings('600')) == ['rpc_response_timeout']
    assert json.loads(settings_file.read_text()) == {'rpc_response_timeout': 600}
    assert state.rpc_response_timeout() == 600
    # A later `up` without the flag keeps it; the same value again changes nothing.
    assert state.requested_settings(None) == {}
    assert state.apply_settings(state.requested_settings('600')) == []
    assert state.apply_settings(state.requested_settings('default')) == ['rpc_response_timeout']
    assert state.rpc_response_timeout() is None


def test_the_flag_wins_over_the_environment(settings_file, monkeypatch):
    monkeypatch.setenv(RPC_TIMEOUT_ENV, '300')
    assert state.requested_settings(None) == {'rpc_response_timeout': 300}
    assert state.requested_settings('900') == {'rpc_response_timeout': 900}
    monkeypatch.setenv(RPC_TIMEOUT_ENV, 'soon')
    with pytest.raises(Fail, match=RPC_TIMEOUT_ENV):
        state.requested_settings(None)
