"""GenericProfile: the base contract's behaviour, used for any driver without a profile."""

import glob
import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.generic import GenericProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES, load_fixture

PROFILE = GenericProfile()


def refused(ref):
    with pytest.raises(CinderAdoptError) as caught:
        PROFILE.validate_ref(ref)
    assert caught.value.details['field'] == 'ref'
    return caught.value.msg


def test_accepts_source_name_and_source_id():
    assert PROFILE.ref_keys == ('source-name', 'source-id')
    assert PROFILE.validate_ref({'source-name': ' lun7 ', 'source-id': 42}) == {
        'source-name': 'lun7', 'source-id': '42'}


@pytest.mark.parametrize('ref', [None, {}, 'lun7', ['lun7']])
def test_not_a_dict(ref):
    msg = refused(ref)
    assert 'non-empty dict' in msg and 'source-name, source-id' in msg


def test_unknown_key_names_the_valid_ones():
    msg = refused({'name': 'lun7'})
    assert 'name' in msg and 'valid keys: source-name, source-id' in msg


def test_empty_value():
    assert 'ref.source-id is empty' in refused({'source-id': '  '})


def test_matching_compares_the_keys_both_carry():
    assert PROFILE.matches({'source-name': 'a'}, {'source-name': 'a', 'extra': 1})
    assert PROFILE.matches({'source-id': '7'}, {'source-id': 7})
    assert not PROFILE.matches({'source-name': 'a', 'source-id': '1'}, {'source-name': 'a', 'source-id': '2'})
    assert not PROFILE.matches({'source-name': 'a'}, {'source-id': 'a'})
    assert not PROFILE.matches({'source-name': 'a'}, None)


def test_no_rename_assumed():
    assert PROFILE.name_after_manage('x') is None and PROFILE.snapshot_name_after_manage('x') is None
    assert PROFILE.reference_after_manage({'source-id': '9'}, 'x') == {'source-id': '9'}


def test_reference_name():
    assert PROFILE.reference_name({'source-id': 9, 'source-name': 'a'}) == 'a'
    assert PROFILE.reference_name({'name': 'purevol'}) == 'purevol'
    assert PROFILE.reference_name(None) == ''


def test_never_detects():
    paths = glob.glob(os.path.join(FIXTURES, '*', '*pools*.json'))
    assert len(paths) > 10
    for path in paths:
        for pool in load_fixture(path)['pools']:
            assert not PROFILE.detect(pool['capabilities'])


def test_unsafe_reasons():
    assert 'adopted already' in PROFILE.explain_unsafe('Volume already managed.')
    assert PROFILE.explain_unsafe('volume has mappings') is None


def test_listing_keys_default_to_none():
    assert PROFILE.listing_keys == {} and PROFILE.validate_ref({'source-name': 'a'}) == {'source-name': 'a'}
    assert PROFILE.lists_volumes and PROFILE.lists_snapshots and PROFILE.listing_omits is None


def test_listed_cinder_id():
    assert PROFILE.listed_cinder_id({'cinder_id': 'abc', 'safe_to_manage': True}) == 'abc'
    assert PROFILE.listed_cinder_id({'cinder_id': None}) is None and PROFILE.listed_cinder_id(None) is None
