"""cinder_manageable_volume_info as Ansible runs it."""

from ansible_collections.stackadopt.cinder.plugins.modules import cinder_manageable_volume_info as module

HOST = 'testcloud@lvm-a#lvm-a'


def test_lists_filters_and_summarises(run_module, cinder):
    code, listed = run_module(module, dict(host=HOST, _ansible_check_mode=True))
    assert code == 0 and listed['changed'] is False and listed['driver'] == 'lvm'
    names = [entry['name'] for entry in listed['manageable_volumes']]
    assert 'rec_app01' in names
    assert listed['summary']['total'] == len(names)
    assert listed['summary']['managed'] == 1

    code, filtered = run_module(module, dict(host=HOST, safe_only=True, name_pattern='^rec_app',
                                             sort={'key': 'reference', 'direction': 'desc'}))
    assert [entry['name'] for entry in filtered['manageable_volumes']] == ['rec_app02', 'rec_app01']
    assert filtered['manageable_volumes'][0]['ref'] == {'source-name': 'rec_app02'}


def test_empty_is_a_list_and_bad_pattern_is_a_clear_error(run_module):
    code, empty = run_module(module, dict(host=HOST, name_pattern='^nothing$'))
    assert code == 0 and empty['manageable_volumes'] == [] and empty['summary']['total'] == 0
    code, failed = run_module(module, dict(host=HOST, name_pattern='('))
    assert code == 1 and 'name_pattern' in failed['msg']


def test_unknown_host_lists_the_hosts(run_module):
    code, failed = run_module(module, dict(host='nosuch@x#x'))
    assert code == 1 and 'testcloud@lvm-b#lvm-b' in failed['msg']


def test_the_storage_hosts_listing_replaces_cinders(run_module, cinder):
    listing = [{'source_name': 'lv_big', 'size': 20}, {'source_name': 'lv_open', 'size': 1, 'safe_to_manage': False,
                                                        'reason_not_safe': 'volume in use'}]
    code, listed = run_module(module, dict(host=HOST, listing=listing, listing_container='stackadopt-a',
                                           sort={'key': 'size', 'direction': 'desc'}))
    assert code == 0 and listed['listed_by'] == 'storage host'
    assert [entry['name'] for entry in listed['manageable_volumes']] == ['lv_big', 'lv_open']
    assert listed['summary']['unsafe_by_reason'] == {'volume in use': 1}
    assert not [call for call in cinder.calls if call[1].startswith('/manageable_volumes')]
    code, failed = run_module(module, dict(host=HOST, listing=listing, listing_container='stackadopt-b'))
    assert code == 1 and "serves 'stackadopt-a'" in failed['msg']
