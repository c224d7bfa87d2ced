"""The listing phase's judgement of a failed Cinder listing: the RPC timeout named, with the way out."""

from adoptbench import listing


class FakeLog(object):
    def __init__(self, lines):
        self.lines = lines

    def rpc_timeouts_between(self, start, end):
        return self.lines


class Phase(listing.ListingPhase):
    def __init__(self, lines):
        self.apilog = FakeLog(lines)


def test_a_500_after_the_rpc_timeout_is_named_as_such():
    out = {'error': 'GET ...: HTTP 500 after 60.3 s', 'status_code': 500, 'failed_after': 60.3, 'seconds': 60.4,
           'log_offsets': (0, 0)}
    assert Phase([])._rpc_timeout(out, 60.0) is True
    assert Phase(['... MessagingTimeout: Timed out waiting for a reply']).\
        _rpc_timeout(dict(out, failed_after=3.0, seconds=3.0), 60.0) is True
    assert Phase([])._rpc_timeout(dict(out, failed_after=3.0, seconds=3.0), 60.0) is False
    assert Phase([])._rpc_timeout({'seconds': 70.0, 'log_offsets': (0, 0)}, 60.0) is False


def test_the_report_says_why_and_what_to_do():
    res = {'listing': {'count': 2000, 'backend': 'lvm-a', 'rpc_response_timeout': 60.0, 'backend_objects': 2003,
                       'lvs_seconds': 0.4,
                       'cinder': {'entries': 0, 'pages': 0, 'page_seconds': [], 'seconds': 60.4, 'rpc_timeout': True,
                                  'error': 'GET /manageable_volumes/detail: HTTP 500 after 60.3 s'},
                       'module': {'entries': 0, 'seconds': 185.0, 'error': 'Cinder could not list', 'rpc_timeout': True,
                                  'log_requests': 5}}}
    text = '\n'.join(listing.report_lines(res, None))
    assert 'FAILED: GET /manageable_volumes/detail: HTTP 500 after 60.3 s' in text
    assert 'rpc_response_timeout = 60 s' in text and 'STACKADOPT_TESTCLOUD_RPC_RESPONSE_TIMEOUT' in text
    assert '--rpc-response-timeout' in text and '2003 LVs' in text
    assert listing.figures(res) == []  # no ratio from a failed listing


def test_figures_of_a_listing_that_worked():
    res = {'listing': {'lvs_seconds': 0.5, 'cinder': {'seconds': 100.0}, 'module': {'seconds': 110.0}}}
    assert [(key, round(value, 3), target) for key, _label, value, target in listing.figures(res)] == [
        ('listing/lvs', 0.005, 1.2), ('listing/module', 1.1, 1.2)]
