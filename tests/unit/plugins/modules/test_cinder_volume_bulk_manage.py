"""cinder_volume_bulk_manage as Ansible runs it."""

from ansible_collections.stackadopt.cinder.plugins.modules import cinder_volume_bulk_manage as module

HOST = 'testcloud@lvm-a#lvm-a'


def test_plan_adopt_rerun_and_release(run_module, cinder):
    args = dict(host=HOST, select={'include': ['^rec_app']}, name_template='b-{name}', _ansible_check_mode=True)
    code, plan = run_module(module, args)
    assert code == 0 and plan['changed'] is True and plan['summary']['would_adopt'] == 2
    assert plan['host'] == HOST and 'cluster' not in plan and cinder.writes() == []
    args['_ansible_check_mode'] = False
    code, adopted = run_module(module, args)
    assert adopted['summary']['adopted'] == 2 and adopted['changed'] is True
    code, again = run_module(module, args)
    assert again['changed'] is False and again['summary']['already_managed'] == 2 and again['api_requests'] <= 5
    code, released = run_module(module, dict(host=HOST, state='absent', select={'include': ['^rec_app']}))
    assert released['summary']['released'] == 2 and cinder.volumes == {}


def test_a_failed_object_fails_the_task_unless_told_not_to(run_module):
    code, failed = run_module(module, dict(host=HOST, volumes=[{'source_name': 'nope'}]))
    assert code == 1 and '1 of 1 selected objects' in failed['msg'] and failed['volumes'][0]['status'] == 'failed'
    code, reported = run_module(module, dict(host=HOST, volumes=[{'source_name': 'nope'}], fail_on_error=False))
    assert code == 0 and reported['summary']['failed'] == 1


def test_bad_options_are_refused_before_any_write(run_module, cinder):
    for args, fragment in [(dict(concurrency=0), 'concurrency is 0'), (dict(timeout=-1), 'timeout is -1'),
                           (dict(metadata={'k': None}), 'metadata.k is null'),
                           (dict(name_template='{nope}'), "name_template '{nope}' cannot be filled")]:
        code, failed = run_module(module, dict(host=HOST, select={'include': ['^rec_app']}, **args))
        assert code == 1 and fragment in failed['msg'], failed['msg']
    assert cinder.writes() == []
