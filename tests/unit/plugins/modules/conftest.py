"""Run a module's main() in-process against a FakeCinder and capture what it exits with."""

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.stackadopt.cinder.plugins.module_utils import _module_runner
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import (
    FakeConnection,
    recorded_cinder,
)
from ansible_collections.stackadopt.cinder.tests.unit.fake_keystone import FakeKeystone


@pytest.fixture
def cinder():
    return recorded_cinder()


@pytest.fixture
def run_module(cinder, monkeypatch, capsys):
    """Call ``module.main()`` with ``args``; return (exit code, result dict)."""
    monkeypatch.setattr(_module_runner, 'connect', lambda params: FakeConnection(cinder, FakeKeystone()))
    monkeypatch.setattr('time.sleep', lambda seconds: None)

    def run(module, args):
        with patch_module_args(args):
            with pytest.raises(SystemExit) as exited:
                module.main()
        return exited.value.code, json.loads(capsys.readouterr().out)
    return run
