"""Cinder's answers turned into operator messages: a listing that ran into the RPC timeout fails fast and says why."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FakeConnection, _error, recorded_cinder

HOST = 'testcloud@lvm-a#lvm-a'


def slow_failing_listing(cinder, clock, seconds, status=500):
    calls = []

    def listing(params, body, microversion):
        calls.append(params)
        clock[0] += seconds
        return _error(status, 'The server has either erred or is incapable of performing the requested operation.')
    cinder._list_manageable = listing
    return calls


def client(cinder, clock):
    return CinderClient(FakeConnection(cinder), sleep=lambda s: clock.__setitem__(0, clock[0] + s),
                        clock=lambda: clock[0])


def test_a_listing_that_failed_after_a_minute_is_not_retried_and_names_cause_knob_and_way_out():
    cinder, clock = recorded_cinder(), [0.0]
    calls = slow_failing_listing(cinder, clock, 60.3)
    with pytest.raises(CinderAdoptError) as error:
        client(cinder, clock).manageable_volumes(host=HOST)
    assert len(calls) == 1 and clock[0] < 61
    message = error.value.msg
    assert 'HTTP 500 after 60 s' in message and "RPC timeout" in message and 'too many objects' in message
    assert 'rpc_response_timeout' in message and 'storage_host' in message
    assert error.value.details['retryable'] is False and error.value.details['cause'] == 'rpc_timeout'


def test_a_quick_500_is_retried_as_a_passing_hiccup():
    cinder, clock = recorded_cinder(), [0.0]
    calls = slow_failing_listing(cinder, clock, 0.1)
    with pytest.raises(CinderAdoptError) as error:
        client(cinder, clock).manageable_volumes(host=HOST)
    assert len(calls) == 3 and 'rpc_response_timeout' not in error.value.msg
