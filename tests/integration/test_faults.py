"""The fault and race suite on the real test cloud (issue #11): overlapping runs on the same objects, a volume
service that goes away and comes back, an API and a broker restarted, and no secret in -vvv output.

Every test makes its own LVs (a unique prefix), checks the outcome out of band (raw_cinder: Cinder's records; the
testcloud command: the LVs) and leaves the cloud as it found it: what it adopted is released (os-unmanage, never a
delete through Cinder), then its LVs are removed on the backend under either name.
"""

import concurrent.futures
import json
import os
import subprocess
import time
import uuid

import pytest
import raw_cinder

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTCLOUD = os.path.join(REPO, 'tests', 'cloud', 'testcloud')
HOST_A = 'testcloud@lvm-a#lvm-a'
FAILED_STATUSES = ('error', 'error_managing')


def tc(*args, check=True):
    result = subprocess.run([TESTCLOUD] + list(args), capture_output=True, text=True, stdin=subprocess.DEVNULL,
                            timeout=1800, check=False)
    if check and result.returncode != 0:
        pytest.fail('testcloud %s failed (rc=%d):\n%s\n%s' % (' '.join(args), result.returncode, result.stdout,
                                                              result.stderr))
    return result


def lv_names(backend='lvm-a'):
    return set(lv['name'] for lv in json.loads(tc('lv-list', backend, '--json').stdout))


def wait_ready(cinder, timeout=180):
    """Until Cinder's scheduler knows the LVM pool again and its volume service is up (after a restart)."""
    deadline = time.monotonic() + timeout
    while not cinder.backends_ready([HOST_A]):
        if time.monotonic() > deadline:
            pytest.fail('the LVM backend did not come back within %d s' % timeout)
        time.sleep(2)


def records(cinder, prefix, host=HOST_A):
    """Every volume on ``host`` that records an adoption from an LV named prefix*, duplicates included."""
    return [volume for volume in cinder.volumes(host=host)
            if (raw_cinder.source_name(volume) or '').startswith(prefix)]


@pytest.fixture
def cinder(testcloud_exports):
    os.environ.update(testcloud_exports)
    return raw_cinder.connect()


@pytest.fixture
def lvs(cinder):
    """make(count) -> (prefix, names): fresh LVs on lvm-a; all released and removed afterwards."""
    made = []

    def make(count):
        prefix = 'flt%s_' % uuid.uuid4().hex[:6]
        tc('lv-create', 'lvm-a', '--count', str(count), '--prefix', prefix, '--size', '4M')
        made.append(prefix)
        return prefix, ['%s%04d' % (prefix, index) for index in range(count)]
    yield make
    for prefix in made:
        held = records(cinder, prefix)
        for volume in held:
            if volume.status not in ('available',) + FAILED_STATUSES:
                cinder.reset_status(volume.id, 'error')
            cinder.unmanage_volume(volume.id)
        cinder.wait_gone([volume.id for volume in held], timeout=300)
        tc('lv-remove', 'lvm-a', '--prefix', prefix, check=False)
        names = lv_names()
        for volume in held:
            if 'volume-%s' % volume.id in names:
                tc('lv-remove', 'lvm-a', 'volume-%s' % volume.id, check=False)


def playbook(tmp_path, name, tasks, extra_vars=None):
    path = tmp_path / ('%s.yml' % name)
    path.write_text(json.dumps([{'name': name, 'hosts': 'localhost', 'gather_facts': False,
                                 'vars': dict({'ansible_python_interpreter': '{{ ansible_playbook_python }}'},
                                              **(extra_vars or {})),
                                 'tasks': tasks}]))
    return str(path)


def ansible_playbook(path, env, *args, timeout=900):
    return subprocess.run(['ansible-playbook', '-i', 'localhost,', '-c', 'local', path] + list(args), env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def in_parallel(count, call):
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda index: call(), range(count)))


def assert_one_volume_per_lv(cinder, prefix, names):
    held = records(cinder, prefix)
    by_lv = {}
    for volume in held:
        by_lv.setdefault(raw_cinder.source_name(volume), []).append(volume)
    assert sorted(by_lv) == sorted(names), sorted(by_lv)
    assert all(len(volumes) == 1 for volumes in by_lv.values()), by_lv
    assert set(volume.status for volume in held) == {'available'}
    assert not [v for v in cinder.volumes(host=HOST_A) if v.status in FAILED_STATUSES
                and (raw_cinder.source_name(v) or '').startswith(prefix)]
    remaining = lv_names()
    assert all('volume-%s' % volume.id in remaining for volume in held)   # every LV kept, under its new name
    return held


# ---- overlapping runs --------------------------------------------------------------------------------------------

def test_five_parallel_plays_over_the_same_ten_lvs_all_succeed(cloud_env, tmp_path, lvs, cinder):
    prefix, names = lvs(10)
    path = playbook(tmp_path, 'overlap-single', [{
        'name': 'Adopt each LV', 'loop': names,
        'stackadopt.cinder.cinder_volume_manage': {'cloud': 'stackadopt-admin', 'host': HOST_A,
                                                   'source_name': '{{ item }}', 'timeout': 300}}])
    runs = in_parallel(5, lambda: ansible_playbook(path, cloud_env))
    for run in runs:
        assert run.returncode == 0, run.stdout[-6000:]
    assert_one_volume_per_lv(cinder, prefix, names)


def test_three_parallel_bulk_runs_over_the_same_fifteen_lvs_all_succeed(cloud_env, tmp_path, lvs, cinder):
    prefix, names = lvs(15)
    adopt = {'cloud': 'stackadopt-admin', 'host': HOST_A, 'select': {'include': ['^' + prefix]}, 'timeout': 300}
    path = playbook(tmp_path, 'overlap-bulk', [
        {'name': 'Adopt the LVs in one pass', 'register': 'adopted',
         'stackadopt.cinder.cinder_volume_bulk_manage': adopt},
        {'name': 'Show the summary', 'ansible.builtin.debug': {'var': 'adopted.summary'}},
    ])
    runs = in_parallel(3, lambda: ansible_playbook(path, cloud_env))
    for run in runs:
        assert run.returncode == 0, run.stdout[-6000:]
    assert_one_volume_per_lv(cinder, prefix, names)


# ---- the volume service goes away and comes back ----------------------------------------------------------------

def storage_host_listing():
    """lvm-a's LVs as the storage host lists them (what the storage_host role passes): every LV, under the name it
    has now, so that an LV the driver renamed shows as volume-<id>."""
    return [{'source_name': lv['name'], 'size': 1} for lv in json.loads(tc('lv-list', 'lvm-a', '--json').stdout)]


def bulk_adopt(tmp_path, prefix, names, **options):
    listing = storage_host_listing()
    args = dict({'cloud': 'stackadopt-admin', 'host': HOST_A, 'select': {'include': ['^' + prefix]},
                 'listing': listing, 'listing_container': 'stackadopt-a'}, **options)
    save = {'content': '{{ adopted | to_json }}', 'dest': str(tmp_path / 'result.json')}
    return playbook(tmp_path, 'bulk-%s' % uuid.uuid4().hex[:4], [
        {'name': 'Adopt', 'register': 'adopted', 'ignore_errors': True,
         'stackadopt.cinder.cinder_volume_bulk_manage': args},
        {'name': 'Result', 'check_mode': False, 'ansible.builtin.copy': save},
    ])


def result_of(tmp_path):
    return json.loads((tmp_path / 'result.json').read_text())


def test_volume_service_outage_then_stuck_records_are_named_and_recovered(cloud_env, tmp_path, lvs, cinder):
    prefix, names = lvs(9)
    tc('stop', 'cinder-volume')
    try:
        # Cinder still believes the service is up for a while (service_down_time): the requests are accepted and
        # nobody answers them.
        run = ansible_playbook(bulk_adopt(tmp_path, prefix, names, timeout=30), cloud_env)
        first = result_of(tmp_path)
        assert first['failed'] is True
        assert 'timed out after 30s' in first['msg'] or 'is down' in first['msg'], first['msg']
        assert 'nothing was deleted' in first['msg'] or 'is down' in first['msg']
    finally:
        tc('start', 'cinder-volume')
    assert run.returncode == 0
    wait_ready(cinder)
    assert sorted(names) <= sorted(lv_names())              # nothing lost while the service was down

    time.sleep(25)   # older than stuck_after below
    ansible_playbook(bulk_adopt(tmp_path, prefix, names, stuck_after=20, timeout=120), cloud_env)
    plain = result_of(tmp_path)
    held = records(cinder, prefix)
    if any(volume.status != 'available' for volume in held):
        # The service lost the requests: a plain re-run names the stuck records and writes nothing for them.
        assert plain['failed'] is True and 'stuck' in plain['msg'] and 'recover_stuck' in plain['msg'], plain['msg']
        assert sorted(v.id for v in records(cinder, prefix)) == sorted(v.id for v in held)
    ansible_playbook(bulk_adopt(tmp_path, prefix, names, stuck_after=20, recover_stuck=True, timeout=300),
                     cloud_env)
    recovered = result_of(tmp_path)
    assert recovered.get('failed') is not True, recovered.get('msg')
    assert_one_volume_per_lv(cinder, prefix, names)
    again = ansible_playbook(bulk_adopt(tmp_path, prefix, names, stuck_after=20, recover_stuck=True), cloud_env)
    assert again.returncode == 0 and result_of(tmp_path)['changed'] is False


def test_api_restart_mid_bulk_then_a_plain_rerun_converges(cloud_env, tmp_path, lvs, cinder):
    prefix, names = lvs(20)
    path = bulk_adopt(tmp_path, prefix, names, concurrency=2, timeout=300)
    running = subprocess.Popen(['ansible-playbook', '-i', 'localhost,', '-c', 'local', path], env=cloud_env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(4)
    tc('restart', 'cinder-api')
    running.communicate(timeout=900)
    first = result_of(tmp_path)
    assert first.get('failed') is not True or first['msg'], first   # a failure, if any, says what
    ansible_playbook(bulk_adopt(tmp_path, prefix, names, timeout=300), cloud_env)
    assert result_of(tmp_path).get('failed') is not True, result_of(tmp_path).get('msg')
    assert_one_volume_per_lv(cinder, prefix, names)


def entries_by_name(result):
    return dict((entry['source_name'], entry) for entry in result['volumes'])


def lost_manage_request(cinder, source_name, age):
    """A manage request cinder-api accepted and never passed on (as when it stops between writing the record and
    casting to the scheduler): sent while the scheduler is stopped, its queued cast purged, the record backdated by
    ``age`` seconds in Cinder's database. Returns the record's ID."""
    tc('stop', 'cinder-scheduler')
    try:
        record = cinder.manage_volume(HOST_A, source_name=source_name, name=source_name, metadata={
            raw_cinder.ADOPTION_RECORD: json.dumps({'source-name': source_name}, separators=(',', ':'))})
        tc('rabbitmqctl', 'purge_queue', 'cinder-scheduler')
    finally:
        tc('start', 'cinder-scheduler')
    tc('sql', 'cinder', "UPDATE volumes SET created_at = created_at - INTERVAL %d SECOND WHERE id = '%s'"
       % (age, record.id))
    return record.id


def test_a_manage_request_cinder_lost_is_sent_again_by_a_plain_run(cloud_env, tmp_path, lvs, cinder):
    prefix, names = lvs(2)
    lost = lost_manage_request(cinder, names[0], age=300)
    time.sleep(5)
    assert cinder.volume(lost).status == 'creating' and cinder.volume(lost).updated_at is None
    ansible_playbook(bulk_adopt(tmp_path, prefix, names, timeout=300), cloud_env, '--check')
    plan = result_of(tmp_path)
    by_name = entries_by_name(plan)
    assert by_name[names[0]]['status'] == 'would_adopt' and 'looks lost' in by_name[names[0]]['reason'], plan
    assert by_name[names[1]]['status'] == 'would_adopt'
    ansible_playbook(bulk_adopt(tmp_path, prefix, names, timeout=300), cloud_env)
    adopted = result_of(tmp_path)
    assert adopted.get('failed') is not True, adopted.get('msg')
    by_name = entries_by_name(adopted)
    assert [by_name[name]['status'] for name in names] == ['adopted', 'adopted']
    assert lost in by_name[names[0]]['reason'] and 'sending the manage request again' in by_name[names[0]]['reason']
    held = assert_one_volume_per_lv(cinder, prefix, names)
    assert lost not in [volume.id for volume in held] and cinder.volume(lost) is None
    for check in ('--check', None):
        ansible_playbook(bulk_adopt(tmp_path, prefix, names, timeout=300), cloud_env, *([check] if check else []))
        assert result_of(tmp_path)['changed'] is False


def test_broker_restart_between_runs(cloud_env, tmp_path, lvs, cinder):
    prefix, names = lvs(3)
    tc('restart', 'rabbitmq')
    wait_ready(cinder)
    ansible_playbook(bulk_adopt(tmp_path, prefix, names, timeout=300), cloud_env)
    assert result_of(tmp_path).get('failed') is not True, result_of(tmp_path).get('msg')
    assert_one_volume_per_lv(cinder, prefix, names)


# ---- no secret in any output ----------------------------------------------------------------------------------------

def admin_cloud(testcloud_exports):
    import yaml
    with open(testcloud_exports['OS_CLIENT_CONFIG_FILE']) as handle:
        return yaml.safe_load(handle)['clouds']['stackadopt-admin']


@pytest.mark.parametrize('form', ['cloud name', 'cloud dict', 'auth dict', 'role variable'])
def test_no_password_in_verbose_output_for_any_credential_form(form, cloud_env, testcloud_exports, tmp_path, lvs,
                                                               cinder):
    prefix, names = lvs(1)
    cloud = admin_cloud(testcloud_exports)
    password = cloud['auth']['password']
    assert len(password) >= 8
    env = dict(cloud_env)
    if form == 'cloud name':
        creds = {'cloud': 'stackadopt-admin'}
    elif form == 'cloud dict':
        creds = {'cloud': cloud}
    else:
        creds = {'auth': cloud['auth'], 'auth_type': 'password', 'region_name': cloud.get('region_name')}
        creds = dict((key, value) for key, value in creds.items() if value is not None)
    if form == 'role variable':
        tasks = [{'name': 'Adopt through the role', 'ansible.builtin.include_role': {
            'name': 'stackadopt.cinder.adopt_volumes'}}]
        extra = {'stackadopt_cloud': cloud, 'stackadopt_cinder_host': HOST_A,
                 'stackadopt_volumes': [{'source_name': names[0]}], 'stackadopt_report_dir': str(tmp_path),
                 'stackadopt_use_preflight': False}
    else:
        tasks = [
            {'name': 'Adopt', 'stackadopt.cinder.cinder_volume_manage': dict(creds, host=HOST_A,
                                                                             source_name=names[0])},
            {'name': 'Fail on purpose', 'ignore_errors': True,
             'stackadopt.cinder.cinder_volume_manage': dict(creds, host='nosuch@x#x', source_name=names[0])},
            {'name': 'List', 'stackadopt.cinder.cinder_manageable_volume_info': dict(creds, host=HOST_A,
                                                                                     name_pattern='^' + prefix)},
        ]
        extra = {}
    run = ansible_playbook(playbook(tmp_path, 'secrets', tasks, extra), env, '-vvv')
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-5000:]
    assert password not in output
    for report in tmp_path.glob('*.json'):
        assert password not in report.read_text()
