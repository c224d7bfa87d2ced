"""What every storage type's preflight and post-check share."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import storage_host
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

ITEMS = [
    {'source_name': 'lv_a', 'status': 'adopted', 'backend_name': 'volume-1', 'volume_id': '1'},
    {'source_name': 'lv_b', 'status': 'already_managed', 'backend_name': 'volume-2', 'volume_id': '2'},
    {'source_name': None, 'status': 'updated', 'backend_name': 'volume-3', 'volume_id': '3'},
    {'source_name': 'lv_c', 'status': 'failed', 'backend_name': None, 'volume_id': None},
    {'source_name': 'lv_d', 'status': 'released', 'backend_name': 'volume-4', 'volume_id': '4'},
    {'source_name': 'lv_e', 'status': 'released', 'backend_name': 'volume-5', 'volume_id': '5'},
    {'source_name': 'lv_f', 'status': 'released', 'backend_name': 'volume-6', 'volume_id': '6'},
]


def test_after_adoption_objects_carry_their_cinder_name_only():
    assert storage_host.postcheck(['volume-1', 'volume-3', 'lv_c'], ITEMS, 'adopt') == dict(
        action='adopt', checked=3, not_renamed=['lv_b'], still_old=[], gone=[])
    assert storage_host.postcheck(['volume-1', 'volume-2', 'volume-3', 'lv_a'], ITEMS, 'adopt')['still_old'] == \
        ['lv_a']


def test_after_release_objects_are_kept_under_either_name():
    assert storage_host.postcheck(['volume-4', 'lv_e'], ITEMS, 'release') == dict(
        action='release', checked=3, not_renamed=[], still_old=[], gone=['6'])


def test_an_unknown_action_is_refused():
    with pytest.raises(CinderAdoptError, match="action 'delete'"):
        storage_host.postcheck([], ITEMS, 'delete')


def test_explicit_names():
    volumes = [{'source_name': 'a'}, {'ref': {'source-name': 'b'}}, {'source_name': ''}, {'id': 'x'}, None]
    assert storage_host.explicit_names(volumes) == ['a']
    assert storage_host.explicit_names(volumes, refs=True) == ['a', 'b']


def test_load_json():
    assert storage_host.load_json('[1]', 'x') == [1]
    assert storage_host.load_json([1], 'x') == [1]
    with pytest.raises(CinderAdoptError, match='rbd ls did not print JSON'):
        storage_host.load_json('rbd: error', 'rbd ls')


def test_a_role_selection_reads_size_bounds_given_as_text():
    selection = storage_host.host_selection({'include': ['^lv_'], 'min_size': '2', 'max_size': 3})
    assert (selection.min_size, selection.max_size) == (2, 3) and selection.accepts('lv_a', 2)
    assert storage_host.host_selection(None).given is False
    with pytest.raises(CinderAdoptError) as error:
        storage_host.host_selection({'max_size': 'big'})
    assert error.value.details == {'field': 'select.max_size'}
