"""The one selection rule (pure)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.selection import Selection
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def test_include_exclude_and_sizes():
    selection = Selection({'include': ['^db', '^web'], 'exclude': ['_tmp$'], 'min_size': 2, 'max_size': 10})
    assert [selection.accepts(n, s) for n, s in [('db1', 5), ('db_tmp', 5), ('app', 5), ('web', 1), ('web', None)]] \
        == [True, False, False, False, False]


def test_errors_name_the_option():
    with pytest.raises(CinderAdoptError) as error:
        Selection({'include': ['(']})
    assert "select.include pattern '('" in error.value.msg
    with pytest.raises(CinderAdoptError) as error:
        Selection({'min_size': 5, 'max_size': 1}, field='', labels={})
    assert 'min_size (5) is larger than max_size (1)' in error.value.msg


def test_defaults_are_safe_only_and_adopted_only():
    selection = Selection({'include': ['.*']})
    assert selection.safe_only and selection.adopted_only and selection.given
    assert not Selection(None).given
