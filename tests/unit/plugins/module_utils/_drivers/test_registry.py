"""The registry: profile names, lookup, detection over every fixture pool, and the contract of every profile."""

import glob
import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import registry
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES, load_fixture

SHIPPED = ('generic', 'hitachi', 'hpe3par', 'infinidat', 'lvm', 'nfs', 'nimble', 'ontap', 'powerflex', 'powermax',
           'powerstore', 'pure', 'rbd', 'storwize')
# Which profile each fixture's pools belong to; everything else there is the profile named by its directory.
EXPECTED = {('generic', 'get_pools.json'): 'generic', ('ontap', 'get_pools_unsupported.json'): 'generic',
            ('testcloud', 'pools.json'): 'lvm'}
# Listings recorded from or built for each profile's driver (testcloud: the real LVM driver).
LISTING_DIRECTORIES = dict((name, (name,)) for name in SHIPPED)
LISTING_DIRECTORIES['lvm'] = ('lvm', 'testcloud')
# A ref each profile accepts (PowerStore accepts none).
VALID_REFS = {'generic': {'source-name': 'lun7'}, 'hitachi': {'source-id': '4660'},
              'hpe3par': {'source-name': 'oracle_data01'}, 'infinidat': {'source-id': '35591'},
              'lvm': {'source-name': 'lv_data'}, 'nfs': {'source-name': '10.0.0.1:/srv/nfs/disk01'},
              'nimble': {'source-name': 'erp01'}, 'ontap': {'source-name': '/vol/cinder_vol1/lun_data'},
              'powerflex': {'source-id': 'd3a5b7c800000004'}, 'powermax': {'source-id': '00A1B'},
              'pure': {'source-name': 'oracle-data01'}, 'rbd': {'source-name': 'image01'},
              'storwize': {'source-name': 'vdisk_erp01'}}


def fixture_pools(directory):
    for path in sorted(glob.glob(os.path.join(FIXTURES, directory, '*pools*.json'))):
        name = os.path.basename(path)
        for pool in load_fixture(directory, name)['pools']:
            yield name, pool


def recorded_pools():
    for directory in SHIPPED + ('testcloud',):
        for name, pool in fixture_pools(directory):
            yield pytest.param(pool['capabilities'], EXPECTED.get((directory, name), directory),
                               id='%s/%s:%s' % (directory, name, pool['name']))


def listing_reasons():
    for profile, directories in sorted(LISTING_DIRECTORIES.items()):
        for directory in directories:
            for path in sorted(glob.glob(os.path.join(FIXTURES, directory, 'manageable_*.json'))):
                listing = load_fixture(directory, os.path.basename(path))
                for entry in listing.get('manageable-volumes', []) + listing.get('manageable-snapshots', []):
                    if entry.get('reason_not_safe'):
                        yield pytest.param(profile, entry['reason_not_safe'],
                                           id='%s/%s:%s' % (directory, os.path.basename(path),
                                                            entry['reason_not_safe']))


def test_profile_names():
    assert registry.profile_names() == ['auto'] + sorted(SHIPPED)
    assert len(SHIPPED) >= 12


@pytest.mark.parametrize('name', SHIPPED)
def test_get_profile(name):
    profile = registry.get_profile(name)
    assert profile.name == name and profile.description


def test_unknown_profile_names_the_valid_ones():
    with pytest.raises(CinderAdoptError) as caught:
        registry.get_profile('netapp')
    assert caught.value.details['field'] == 'driver'
    assert "'netapp'" in caught.value.msg and ', '.join(['auto'] + sorted(SHIPPED)) in caught.value.msg


@pytest.mark.parametrize('capabilities, expected', list(recorded_pools()))
def test_each_recorded_pool_is_claimed_by_its_profile_alone(capabilities, expected):
    claims = [profile.name for profile in registry._PROFILES if profile.detect(capabilities)]
    assert claims == ([] if expected == 'generic' else [expected])
    assert registry.select_profile('auto', capabilities).name == expected
    assert registry.select_profile(None, capabilities).name == expected


@pytest.mark.parametrize('name', SHIPPED)
def test_every_profile_has_fixture_pools_it_claims(name):
    pools = [pool for _file, pool in fixture_pools(name)]
    assert pools, 'tests/unit/fixtures/%s/get_pools.json is missing' % name
    assert any(registry.detect_profile(pool['capabilities']).name == name for pool in pools) or name == 'generic'


def test_registry_lists_every_profile_once():
    names = [profile.name for profile in registry._PROFILES]
    assert sorted(names + ['generic']) == sorted(SHIPPED) and len(set(names)) == len(names)


@pytest.mark.parametrize('capabilities', [None, {}])
def test_nothing_to_detect_from_is_generic(capabilities):
    assert registry.detect_profile(capabilities).name == 'generic'


def test_an_explicit_name_wins_over_detection():
    lvm_pool = load_fixture('lvm', 'get_pools.json')['pools'][0]['capabilities']
    assert registry.select_profile('pure', lvm_pool).name == 'pure'


@pytest.mark.parametrize('name', SHIPPED)
def test_contract(name):
    profile = registry.get_profile(name)
    assert set(profile.snapshot_ref_keys) <= set(profile.ref_keys)
    assert isinstance(profile.unsafe_reasons, dict)
    assert all(fragment and text for fragment, text in profile.unsafe_reasons.items())
    assert profile.lists_volumes in (True, False) and profile.lists_snapshots in (True, False)
    volume_id = '0f0e0d0c-0b0a-4908-8706-050403020100'
    renamed = profile.name_after_manage(volume_id)
    # The new name holds the volume ID (3PAR: base64-encoded, Hitachi: without hyphens).
    assert renamed is None or volume_id.replace('-', '') in renamed.replace('-', '') or name == 'hpe3par'
    assert name in VALID_REFS or name == 'powerstore'
    if not profile.ref_keys:
        # A driver that manages nothing (PowerStore) refuses every ref, with the reason.
        with pytest.raises(CinderAdoptError) as caught:
            profile.validate_ref({'source-name': 'x'})
        assert 'manage_existing' in caught.value.msg
    if not profile.snapshot_ref_keys:
        with pytest.raises(CinderAdoptError) as caught:
            profile.validate_snapshot_ref({'source-name': 'x'})
        assert caught.value.details['field'] == 'ref' and 'manage_existing_snapshot' in caught.value.msg


@pytest.mark.parametrize('name', sorted(VALID_REFS))
def test_validate_ref_on_pool_adds_nothing_for_an_ordinary_ref(name):
    profile = registry.get_profile(name)
    for _file, pool in fixture_pools(name):
        assert profile.validate_ref_on_pool(dict(VALID_REFS[name]), pool['capabilities']) == \
            profile.validate_ref(dict(VALID_REFS[name]))


@pytest.mark.parametrize('name, reason', list(listing_reasons()))
def test_every_listed_unsafe_reason_is_explained(name, reason):
    assert registry.get_profile(name).explain_unsafe(reason)


def test_profiles_without_a_listing_have_no_listing_fixture():
    for name in SHIPPED:
        profile = registry.get_profile(name)
        if not profile.lists_volumes:
            # ONTAP's recorded listing is the empty one ManageableVD.get_manageable_volumes returns.
            for path in glob.glob(os.path.join(FIXTURES, name, 'manageable_volumes*.json')):
                assert load_fixture(name, os.path.basename(path))['manageable-volumes'] == []
        if not profile.lists_snapshots:
            assert not glob.glob(os.path.join(FIXTURES, name, 'manageable_snapshots*.json'))
