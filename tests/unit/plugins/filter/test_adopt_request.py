from ansible_collections.stackadopt.cinder.tests.unit.plugins.filter.conftest import assert_documented

adopt_request = assert_documented('adopt_request')


def test_the_filter_applies_the_preflight():
    request = adopt_request({'blocked': [{'name': 'lv_b', 'reason': 'preflight: LV is open', 'size': 1}]},
                            [{'source_name': 'lv_b'}], {'include': ['^lv_']}, {'k': 'v'})
    assert request['volumes'] == [] and request['select']['exclude'] == ['^lv_b$']
    assert request['skipped'][0]['status'] == 'skipped' and request['metadata'] == {'k': 'v'}
