"""Secrets never reach messages: tokens and passwords are redacted from any text the collection reports."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.connection import connect, redact
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

FERNET = 'gAAAAABpJ3x8' + 'q' * 120


@pytest.mark.parametrize('text', [
    "GET /v3 headers {'X-Auth-Token': '%s'}" % FERNET,
    'X-Subject-Token: %s' % FERNET,
    "auth {'username': 'admin', 'password': 'hunter2'}",
    'token=%s rejected' % FERNET,
    'application_credential_secret: hunter2',
])
def test_redact_removes_tokens_and_passwords(text):
    cleaned = redact(text)
    assert FERNET not in cleaned and 'hunter2' not in cleaned
    assert '<redacted>' in cleaned


def test_redact_keeps_ordinary_text():
    assert redact("host 'testcloud@lvm-a#lvm-a' is not known") == "host 'testcloud@lvm-a#lvm-a' is not known"


def test_cloud_dict_with_other_connection_options_is_ambiguous():
    with pytest.raises(CinderAdoptError) as error:
        connect({'cloud': {'auth': {}}, 'region_name': 'RegionOne', 'interface': 'public'})
    assert 'region_name' in error.value.msg and error.value.details['field'] == 'cloud'


def test_unknown_named_cloud_is_a_clear_error(tmp_path, monkeypatch):
    clouds = tmp_path / 'clouds.yaml'
    clouds.write_text('clouds:\n  known:\n    auth: {auth_url: "http://127.0.0.1:5000/v3"}\n')
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', str(clouds))
    with pytest.raises(CinderAdoptError) as error:
        connect({'cloud': 'missing', 'interface': 'public'})
    assert "cloud 'missing'" in error.value.msg


def test_secret_values_are_the_leaves_under_secret_keys():
    from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.connection import (
        public_values,
        secret_values,
    )
    cloud = {'auth': {'auth_url': 'http://k:5000/v3', 'username': 'admin', 'password': 's3cret',
                      'project_name': 'admin', 'application_credential_secret': 'acs'},
             'region_name': 'RegionOne', 'key': 'client-key-pem'}
    assert secret_values(cloud) == {'s3cret', 'acs', 'client-key-pem'}
    assert public_values({'cloud': cloud, 'auth': None}) == {'http://k:5000/v3', 'admin', 'RegionOne'}
    assert public_values({'cloud': 'devstack', 'auth': {'password': 'p', 'username': 'u'}}) == {'devstack', 'u'}
