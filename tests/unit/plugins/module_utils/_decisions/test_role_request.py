"""The bulk module's request of one storage host, as the roles make it."""

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.role_request import (
    adopt_request,
    release_request,
)

PREFLIGHT = {'blocked': [{'name': 'lv_open', 'reason': 'preflight: LV is open', 'size': 2, 'attr': '-wi-ao----'},
                         {'name': 'lv.x+', 'reason': 'preflight: LV is a snapshot', 'size': 1}]}


def test_blocked_objects_are_left_out_and_reported_skipped():
    request = adopt_request(PREFLIGHT, [{'source_name': 'lv_open', 'name': 'x'}, {'source_name': 'lv_a'},
                                        {'ref': {'source-name': 'lv_open'}}],
                            {'include': ['^lv_'], 'exclude': ['_tmp$']}, {'tier': 'db'})
    # Objects without source_name first, as the role passed them before.
    assert request['volumes'] == [{'ref': {'source-name': 'lv_open'}}, {'source_name': 'lv_a'}]
    assert request['select'] == {'include': ['^lv_'], 'exclude': ['_tmp$', '^lv_open$', r'^lv\.x\+$']}
    assert request['metadata'] == {'tier': 'db'}
    assert request['skipped'] == [
        {'source_name': 'lv_open', 'status': 'skipped', 'reason': 'preflight: LV is open', 'size': 2,
         'volume_id': None, 'volume_name': None, 'backend_name': None},
        {'source_name': 'lv.x+', 'status': 'skipped', 'reason': 'preflight: LV is a snapshot', 'size': 1,
         'volume_id': None, 'volume_name': None, 'backend_name': None}]


def test_without_a_preflight_or_a_selection_nothing_changes():
    request = adopt_request({}, [{'source_name': 'lv_a'}], {}, None)
    assert request == {'volumes': [{'source_name': 'lv_a'}], 'select': {}, 'metadata': {}, 'skipped': []}
    # A given selection always gets its exclude list, as the role's Jinja did.
    assert adopt_request(None, [], {'include': ['.*']})['select'] == {'include': ['.*'], 'exclude': []}


def test_a_release_keeps_what_names_the_objects_and_the_patterns():
    request = release_request([{'source_name': 'lv_a', 'name': 'db', 'metadata': {}}, {'id': 'v1', 'bootable': True},
                               {'ref': {'source-name': 'x'}, 'source_id': 'y'}],
                              {'include': ['^lv_'], 'safe_only': False, 'adopted_only': False, 'max_size': 3})
    assert request == {
        'volumes': [{'source_name': 'lv_a'}, {'id': 'v1'}, {'ref': {'source-name': 'x'}, 'source_id': 'y'}],
        'select': {'include': ['^lv_'], 'adopted_only': False, 'max_size': 3}}
    assert release_request([], None) == {'volumes': [], 'select': {}}
