"""The adoption record and a record's age on Cinder's clock (pure)."""

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import record


def test_refs_round_trip_in_a_stable_form():
    encoded = record.encode_ref({'source-name': 'x', 'source-id': '1'})
    assert encoded == '{"source-id":"1","source-name":"x"}'
    assert record.decode_ref(encoded) == {'source-name': 'x', 'source-id': '1'}
    assert record.decode_ref('not json') is None and record.decode_ref('[1]') is None


def test_age_comes_from_cinders_own_clock():
    raw = {'created_at': '2026-11-26T10:00:00.000000', 'updated_at': None}
    assert record.age_seconds(raw, 'Thu, 26 Nov 2026 10:15:00 GMT') == 900
    assert record.age_seconds(dict(raw, updated_at='2026-11-26T10:10:00'), 'Thu, 26 Nov 2026 10:15:00 GMT') == 300
    assert record.age_seconds(raw, None) is None and record.age_seconds({}, 'Thu, 26 Nov 2026 10:15:00 GMT') is None
