import inspect

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.plugins.plugin_utils.filter_errors import filter_errors


@filter_errors
def some_filter(value, limit=3):
    if value > limit:
        raise CinderAdoptError('value %d is over %d.' % (value, limit), field='value')
    if value < 0:
        raise ValueError('negative')
    return value * 2


def test_a_refusal_becomes_a_filter_error_headed_by_the_filters_name():
    with pytest.raises(AnsibleFilterError, match=r'^some_filter: value 5 is over 3\.$'):
        some_filter(5)
    with pytest.raises(AnsibleFilterError, match='^some_filter: value 2 is over 1'):
        some_filter(2, limit=1)


def test_results_and_other_errors_pass_unchanged():
    assert some_filter(2) == 4
    with pytest.raises(ValueError, match='negative'):
        some_filter(-1)


def test_the_filter_keeps_its_name_and_signature():
    assert some_filter.__name__ == 'some_filter'
    assert list(inspect.signature(some_filter).parameters) == ['value', 'limit']
