from ansible_collections.stackadopt.cinder.tests.unit.plugins.filter.conftest import assert_documented

manageable_objects = assert_documented('manageable_objects')


def test_the_filter_marks_managed_objects():
    assert manageable_objects([{'name': 'a', 'size': 1, 'safe_to_manage': False, 'reason_not_safe': 'already managed',
                                'cinder_id': 'x'}])[0]['managed'] is True
