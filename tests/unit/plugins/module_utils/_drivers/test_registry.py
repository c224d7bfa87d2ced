"""The registry: profile names, lookup, and detection over every recorded pool."""

import glob
import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import registry
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES, load_fixture

SHIPPED = ('generic', 'lvm', 'nfs', 'ontap', 'pure', 'rbd')
# Which profile each fixture's pools belong to; everything else there is the profile named by its directory.
EXPECTED = {('generic', 'get_pools.json'): 'generic', ('ontap', 'get_pools_unsupported.json'): 'generic',
            ('testcloud', 'pools.json'): 'lvm'}


def recorded_pools():
    for directory in SHIPPED + ('testcloud',):
        for path in sorted(glob.glob(os.path.join(FIXTURES, directory, '*pools*.json'))):
            name = os.path.basename(path)
            for pool in load_fixture(directory, name)['pools']:
                yield pytest.param(pool['capabilities'], EXPECTED.get((directory, name), directory),
                                   id='%s/%s:%s' % (directory, name, pool['name']))


def test_profile_names():
    assert registry.profile_names() == ['auto'] + sorted(SHIPPED)


@pytest.mark.parametrize('name', SHIPPED)
def test_get_profile(name):
    profile = registry.get_profile(name)
    assert profile.name == name and profile.description


def test_unknown_profile_names_the_valid_ones():
    with pytest.raises(CinderAdoptError) as caught:
        registry.get_profile('netapp')
    assert caught.value.details['field'] == 'driver'
    assert "'netapp'" in caught.value.msg and 'auto, generic, lvm, nfs, ontap, pure, rbd' in caught.value.msg


@pytest.mark.parametrize('capabilities, expected', list(recorded_pools()))
def test_each_recorded_pool_is_claimed_by_its_profile_alone(capabilities, expected):
    claims = [profile.name for profile in registry._PROFILES if profile.detect(capabilities)]
    assert claims == ([] if expected == 'generic' else [expected])
    assert registry.select_profile('auto', capabilities).name == expected
    assert registry.select_profile(None, capabilities).name == expected


@pytest.mark.parametrize('capabilities', [None, {}])
def test_nothing_to_detect_from_is_generic(capabilities):
    assert registry.detect_profile(capabilities).name == 'generic'


def test_an_explicit_name_wins_over_detection():
    lvm_pool = load_fixture('lvm', 'get_pools.json')['pools'][0]['capabilities']
    assert registry.select_profile('pure', lvm_pool).name == 'pure'


@pytest.mark.parametrize('name', SHIPPED)
def test_contract(name):
    profile = registry.get_profile(name)
    assert profile.ref_keys and set(profile.snapshot_ref_keys) <= set(profile.ref_keys)
    renamed = profile.name_after_manage('0f0e0d0c-0b0a-4908-8706-050403020100')
    assert renamed is None or '0f0e0d0c-0b0a-4908-8706-050403020100' in renamed
