"""CinderClient.wait_for_volumes: one shared loop, its pace, and its deadline (a fake clock, no HTTP)."""

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient


class Clock(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def waiting_client(clock):
    return CinderClient(conn=None, sleep=clock.sleep, clock=clock)


def fetch_settling_after(clock, polls, cost=0.0):
    """A fetch whose volume turns available on poll number ``polls``; each fetch takes ``cost`` seconds."""
    calls = []

    def fetch(pending):
        calls.append(list(pending))
        clock.now += cost
        status = 'available' if len(calls) >= polls else 'creating'
        return dict((vid, {'id': vid, 'status': status}) for vid in pending)
    return fetch, calls


def test_polls_grow_from_a_quarter_second_to_one_second():
    clock = Clock()
    fetch, calls = fetch_settling_after(clock, polls=7)
    last = waiting_client(clock).wait_for_volumes(['v1'], timeout=600, fetch=fetch)
    assert last == {'v1': {'id': 'v1', 'status': 'available'}}
    assert len(calls) == 7
    assert clock.sleeps == [0.25, 0.4, 0.64, 1.0, 1.0, 1.0]


def test_a_slow_listing_stretches_the_interval_to_its_own_duration():
    clock = Clock()
    fetch, _calls = fetch_settling_after(clock, polls=4, cost=3.0)
    waiting_client(clock).wait_for_volumes(['v1', 'v2'], timeout=600, fetch=fetch)
    assert clock.sleeps == [3.0, 3.0, 3.0]


def test_the_deadline_ends_the_wait_with_the_last_status_seen():
    clock = Clock()
    fetch, calls = fetch_settling_after(clock, polls=10 ** 6)
    last = waiting_client(clock).wait_for_volumes(['v1'], timeout=5, fetch=fetch)
    assert last == {'v1': {'id': 'v1', 'status': 'creating'}}
    assert clock.now == 5
    assert sum(clock.sleeps) == 5
    assert len(calls) == len(clock.sleeps) + 1


def test_a_volume_that_disappears_counts_as_settled():
    clock = Clock()
    last = waiting_client(clock).wait_for_volumes(['v1'], timeout=60, fetch=lambda pending: {})
    assert last == {'v1': None}
    assert clock.sleeps == []


def test_an_object_the_caller_calls_abandoned_ends_its_wait_and_the_others_go_on():
    clock = Clock()
    fetch, calls = fetch_settling_after(clock, polls=4)
    last = waiting_client(clock).wait(None, ['v1', 'lost'], 600, ('available',), fetch,
                                      abandoned=lambda raw: raw['id'] == 'lost')
    assert last == {'v1': {'id': 'v1', 'status': 'available'}, 'lost': {'id': 'lost', 'status': 'creating'}}
    assert calls[0] == ['v1', 'lost'] and calls[1:] == [['v1']] * 3
