from ansible_collections.stackadopt.cinder.tests.unit.plugins.filter.conftest import assert_documented

release_request = assert_documented('release_request')


def test_the_filter_reduces_the_selection():
    assert release_request([{'source_name': 'a', 'name': 'x'}], {'include': ['^a'], 'safe_only': True}) == {
        'volumes': [{'source_name': 'a'}], 'select': {'include': ['^a']}}
