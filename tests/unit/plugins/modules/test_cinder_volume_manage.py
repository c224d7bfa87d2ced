"""cinder_volume_manage as Ansible runs it: argument spec, check and diff mode, one fail_json, no secrets."""

from ansible_collections.stackadopt.cinder.plugins.modules import cinder_volume_manage as module

HOST = 'testcloud@lvm-a#lvm-a'


def test_check_mode_then_apply_then_idempotent(run_module, cinder):
    args = dict(cloud='stackadopt-admin', host=HOST, source_name='rec_app01', name='app',
                _ansible_check_mode=True, _ansible_diff=True)
    code, predicted = run_module(module, args)
    assert code == 0 and predicted['changed'] is True and predicted['diff']['after']['name'] == 'app'
    assert cinder.writes() == []

    args.update(_ansible_check_mode=False, _ansible_diff=False)
    code, adopted = run_module(module, args)
    assert code == 0 and adopted['changed'] is True and 'diff' not in adopted
    code, again = run_module(module, args)
    assert (code, again['changed'], again['volume']['id']) == (0, False, adopted['volume']['id'])


def test_converge_in_check_mode_predicts_without_writing(run_module, cinder):
    run_module(module, dict(host=HOST, source_name='rec_app01', name='app'))
    writes = len(cinder.writes())
    code, predicted = run_module(module, dict(host=HOST, source_name='rec_app01', name='renamed',
                                              _ansible_check_mode=True))
    assert predicted['changed'] is True and predicted['volume']['name'] == 'renamed'
    assert len(cinder.writes()) == writes


def test_failure_is_fail_json_with_details(run_module):
    code, failed = run_module(module, dict(host=HOST, source_name='rec_app0l'))
    assert code == 1 and failed['failed'] is True
    assert 'matches no object' in failed['msg'] and 'rec_app01' in failed['candidates']
    assert failed['field'] == 'ref'


def test_mutually_exclusive_and_required_options_are_checked_by_ansible(run_module):
    code, failed = run_module(module, dict(host=HOST, cluster='c', source_name='x'))
    assert code == 1 and 'mutually exclusive' in failed['msg']
    code, failed = run_module(module, dict(source_name='x'))
    assert code == 1 and 'host' in failed['msg'] and 'cluster' in failed['msg']
    code, failed = run_module(module, dict(host=HOST, ref={'source-name': 'x'}, source_name='x'))
    assert code == 1 and 'mutually exclusive' in failed['msg']


def test_secrets_never_reach_the_result(run_module, cinder):
    secret = 'S3cr3t-p4ss'
    cinder.forbidden = True
    code, failed = run_module(module, dict(host=HOST, source_name='rec_app01',
                                           auth={'auth_url': 'http://x', 'username': 'u', 'password': secret},
                                           client_key=secret))
    assert code == 1 and 'admin role' in failed['msg']
    assert secret not in str(failed)


def test_a_cloud_dict_keeps_its_secrets_masked_and_its_names_readable(run_module, cinder):
    """cloud given as a dict (AWX users pass it from vault): the password never shows, names still do."""
    secret = 'Vault-0nly-p4ss'
    cloud = {'auth': {'auth_url': 'http://keystone:5000/v3', 'username': 'admin', 'password': secret,
                      'project_name': 'admin', 'user_domain_name': 'Default', 'project_domain_name': 'Default'}}
    code, adopted = run_module(module, dict(cloud=cloud, host=HOST, source_name='rec_app01', name='admin-data'))
    assert code == 0 and secret not in str(adopted)
    assert adopted['volume']['name'] == 'admin-data'           # 'admin' is not masked into '********-data'
    if 'invocation' in adopted:   # ansible-core 2.21 adds the invocation on the controller, not in the module
        shown = adopted['invocation']['module_args']['cloud']['auth']
        assert shown['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' and shown['username'] == 'admin'
    cinder.forbidden = True
    code, failed = run_module(module, dict(cloud=cloud, host=HOST, source_name='rec_app02'))
    assert code == 1 and secret not in str(failed)
