"""Input rules checked before any request (pure)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import validation
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


def refused(call, *args, **kwargs):
    with pytest.raises(CinderAdoptError) as error:
        call(*args, **kwargs)
    return error.value


def test_metadata_scalars_are_written_as_yaml_would():
    assert validation.metadata('metadata', {'n': 1, 'f': 1.5, 'b': True, 'off': False, 's': 'x'}) == {
        'n': '1', 'f': '1.5', 'b': 'true', 'off': 'false', 's': 'x'}


@pytest.mark.parametrize('values, fragment', [
    ({'z': None}, 'metadata.z is null'),
    ({'d': {'x': 1}}, 'metadata.d is a dict'),
    ({'l': [1]}, 'metadata.l is a list'),
    ({'bad*key': 'x'}, "metadata key 'bad*key' is not valid"),
    ({'': 'x'}, "metadata key '' is not valid"),
    ({'k': 'x' * 256}, 'metadata.k is 256 characters long'),
    ({'k': 'caf\U0001F600'}, 'U+1F600'),
], ids=['null', 'nested dict', 'list', 'key chars', 'empty key', 'long value', 'emoji'])
def test_metadata_refusals_name_the_key_and_the_rule(values, fragment):
    assert fragment in refused(validation.metadata, 'metadata', values).msg


def test_image_metadata_allows_long_values():
    assert validation.metadata('image_metadata', {'k': 'x' * 1000}, image=True) == {'k': 'x' * 1000}


@pytest.mark.parametrize('value, printable, fragment', [
    ('x' * 256, False, 'Cinder accepts at most 255'),
    ('web\U0001F600', False, '4-byte UTF-8'),
    ('line\nbreak', True, 'non-printable'),
    (7, False, 'must be a string'),
])
def test_text_limits(value, printable, fragment):
    assert fragment in refused(validation.check_text, 'name', value, printable=printable).msg


@pytest.mark.parametrize('params, fragment', [
    ({'timeout': 0}, 'timeout is 0; it must be at least 1'),
    ({'timeout': -5}, 'timeout is -5'),
    ({'concurrency': 0}, 'concurrency is 0; it must be between 1 and 64'),
    ({'concurrency': 65}, 'between 1 and 64'),
    ({'stuck_after': 0}, 'stuck_after is 0'),
    ({'recover_stuck': True, 'wait': False}, 'recover_stuck needs wait: true'),
])
def test_common_option_refusals(params, fragment):
    assert fragment in refused(validation.common, params).msg


def test_common_accepts_sane_values():
    validation.common({'timeout': 1, 'concurrency': 64, 'stuck_after': 1, 'wait': True})
