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
