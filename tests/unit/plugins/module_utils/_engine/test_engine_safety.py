"""The engine under overlap and lost requests: another run's adoption in progress, crossed requests, stuck records.

FakeCinder seeded with the recorded test cloud; "another run" is played by writing to the fake directly, as that
run's requests would have.
"""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.bulk import BulkManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.volume import VolumeManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FakeConnection, recorded_cinder
from ansible_collections.stackadopt.cinder.tests.unit.fake_keystone import FakeKeystone

HOST = 'testcloud@lvm-a#lvm-a'
LV = 'rec_app01'
REF = {'source-name': LV}


def single(**overrides):
    params = dict(state='present', host=HOST, cluster=None, ref=None, source_name=LV, source_id=None,
                  driver='auto', name=None, description=None, volume_type=None, availability_zone=None,
                  metadata=None, bootable=None, image_metadata=None, project=None, project_domain=None,
                  transfer=False, id=None, wait=True, timeout=60, stuck_after=900, recover_stuck=False)
    params.update(overrides)
    return params


def bulk(**overrides):
    params = dict(state='present', host=HOST, cluster=None, driver='auto', volumes=None, select=None,
                  name_template='{name}', description=None, volume_type=None, availability_zone=None,
                  metadata=None, bootable=None, image_metadata=None, project=None, project_domain=None,
                  transfer=False, listing=None, listing_container=None, concurrency=4, wait=True, timeout=60,
                  fail_on_error=True, stuck_after=900, recover_stuck=False, release_snapshots=False)
    params.update(overrides)
    return params


@pytest.fixture
def cinder():
    return recorded_cinder()


def client(cinder):
    clock = [0.0]

    def sleep(seconds):
        clock[0] += seconds
        cinder.now += seconds
    return CinderClient(FakeConnection(cinder, FakeKeystone()), sleep=sleep, clock=lambda: clock[0])


def run(cinder, manager=VolumeManageManager, params=None, check_mode=False):
    return manager(client(cinder), params or single(), check_mode=check_mode).run()


def other_run_posts(cinder, ref=None, settle_after=None):
    """Another run's manage request for ``ref`` (REF by default), as Cinder receives it; returns the record's ID."""
    ref = ref or REF
    saved = cinder.settle_after
    if settle_after is not None:
        cinder.settle_after = settle_after
    response = cinder.post('/manageable_volumes', json={'volume': {
        'host': HOST, 'ref': ref, 'metadata': {'stackadopt_ref': '{"source-name":"%s"}' % ref['source-name']}}},
        microversion='3.8')
    cinder.settle_after = saved
    return response.json()['volume']['id']


def manage_posts(cinder):
    return [call for call in cinder.writes() if call[1] == '/manageable_volumes']


# ---- another run's adoption in progress ----------------------------------------------------------------------------

def test_an_adoption_in_progress_is_waited_for_and_reported_unchanged_without_a_second_request(cinder):
    theirs = other_run_posts(cinder, settle_after=3)
    posts = len(manage_posts(cinder))
    result = run(cinder)
    assert result['changed'] is False
    assert result['volume']['id'] == theirs and result['volume']['status'] == 'available'
    assert len(manage_posts(cinder)) == posts


def test_bulk_waits_for_the_objects_another_run_is_adopting(cinder):
    theirs = other_run_posts(cinder, settle_after=3)
    result = run(cinder, BulkManageManager, bulk(volumes=[{'source_name': LV}, {'source_name': 'rec_app02'}]))
    by_name = dict((item['source_name'], item) for item in result['volumes'])
    assert by_name[LV]['status'] == 'already_managed' and by_name[LV]['volume_id'] == theirs
    assert by_name['rec_app02']['status'] == 'adopted'
    assert len(manage_posts(cinder)) == 2   # theirs and rec_app02's; none for rec_app01


def releasing_on_first_read(cinder, theirs, then=None):
    """Our run finds ``theirs`` in progress and watches it; while it waits, that record goes (its run lost a race or
    was refused, and released it); ``then()`` plays what else happened meanwhile."""
    original = cinder._advance
    reads = []

    def advance(volume):
        original(volume)
        if volume['id'] == theirs:
            reads.append(volume['id'])
            if len(reads) == 2:   # the first read of the wait (the first was the run's look before deciding)
                del cinder.volumes[theirs]
                for entry in cinder.listings[HOST]:
                    if entry.get('cinder_id') == theirs:
                        entry.update(reference=REF, cinder_id=None, safe_to_manage=True, reason_not_safe=None)
                if then:
                    then()
    cinder._advance = advance


def test_a_watched_adoption_that_lost_its_race_reports_the_run_that_won(cinder):
    theirs = other_run_posts(cinder)
    cinder.settle_after = 4   # still 'creating' when our run looks
    winner = []
    releasing_on_first_read(cinder, theirs, then=lambda: winner.append(other_run_posts(cinder)))
    result = run(cinder, params=single(name=None))
    assert result['changed'] is False and result['volume']['id'] == winner[0]
    assert list(cinder.volumes) == winner and len(manage_posts(cinder)) == 2   # theirs and the winner's


def test_a_watched_adoption_released_with_nobody_holding_the_object_is_adopted_by_this_run(cinder):
    theirs = other_run_posts(cinder)
    cinder.settle_after = 4
    releasing_on_first_read(cinder, theirs)
    result = run(cinder)
    assert result['changed'] is True and result['volume']['status'] == 'available'
    assert list(cinder.volumes) == [result['volume']['id']] and len(manage_posts(cinder)) == 2
    listed = run(cinder, BulkManageManager, bulk(volumes=[{'source_name': LV}]))
    assert listed['volumes'][0]['status'] == 'already_managed'


def test_crossed_requests_on_a_renaming_driver_leave_one_volume_and_report_the_winner(cinder):
    # Both runs saw the LV unmanaged; the other run's request reached the driver first, which renamed the LV.
    original = cinder._manage
    winner = []

    def crossed(params, body, microversion):
        if not winner:
            cinder._manage = original
            winner.append(other_run_posts(cinder))
        return original(params, body, microversion)
    cinder._manage = crossed
    result = run(cinder)
    assert result['changed'] is True            # a record was written and released
    assert result['volume']['id'] == winner[0]
    assert sorted(cinder.volumes) == winner     # one volume for the LV; the rejected record is gone, not deleted data
    actions = [call[3] for call in cinder.writes() if call[1].endswith('/action')]
    assert actions == [{'os-unmanage': None}]


def test_crossed_requests_on_a_driver_that_keeps_names_keep_the_oldest_volume(cinder):
    cinder.rename = None
    original = cinder._manage
    winner = []

    def crossed(params, body, microversion):
        if not winner:
            cinder._manage = original
            winner.append(other_run_posts(cinder))
        return original(params, body, microversion)
    cinder._manage = crossed
    result = run(cinder)
    assert result['volume']['id'] == winner[0] and result['changed'] is True
    assert sorted(cinder.volumes) == winner


# ---- stuck records -------------------------------------------------------------------------------------------------

def stuck_record(cinder, age=3600, renamed=False):
    """A record of ours the volume service lost: 'creating' for ``age`` seconds (renamed: the driver had renamed the
    LV before the status update was lost)."""
    cinder.rename = 'volume-%s' if renamed else cinder.rename
    volume_id = other_run_posts(cinder)
    cinder.volumes[volume_id].update(created_at='2026-11-26T09:00:00.000000', _outcome='creating')
    cinder.now += age
    if not renamed:
        for entry in cinder.listings[HOST]:
            if entry.get('cinder_id') == volume_id:
                entry.update(reference=REF, cinder_id=None, safe_to_manage=True, reason_not_safe=None)
    return volume_id


def pending_record(cinder, age):
    """Another run's record, 'creating' and never updated, created ``age`` seconds ago (younger than stuck_after: it
    looks like a run in progress; its request may be lost)."""
    volume_id = stuck_record(cinder, age=0)
    cinder.volumes[volume_id]['created_at'] = cinder.stamp()
    cinder.now += age
    return volume_id


def test_a_stuck_record_is_reported_with_its_age_and_nothing_is_written(cinder):
    stuck = stuck_record(cinder)
    writes = len(cinder.writes())
    with pytest.raises(CinderAdoptError) as error:
        run(cinder)
    assert stuck in error.value.msg and "'creating' for" in error.value.msg and 'min' in error.value.msg
    assert 'untouched' in error.value.msg and 'recover_stuck' in error.value.msg
    assert error.value.details['stuck_ids'] == [stuck]
    assert len(cinder.writes()) == writes


def test_a_young_record_is_not_stuck_but_in_progress(cinder):
    young = pending_record(cinder, age=0)
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, params=single(timeout=5))
    assert 'Timed out' in error.value.msg and error.value.details['volume_id'] == young


def test_recover_stuck_resets_releases_and_adopts_again_check_mode_first(cinder):
    stuck = stuck_record(cinder)
    plan = run(cinder, params=single(recover_stuck=True), check_mode=True)
    assert plan['changed'] is True and plan['volume']['id'] is None
    result = run(cinder, params=single(recover_stuck=True))
    assert result['changed'] is True and result['volume']['status'] == 'available'
    assert stuck not in cinder.volumes and list(cinder.volumes) == [result['volume']['id']]
    actions = [call[3] for call in cinder.writes() if call[1] == '/volumes/%s/action' % stuck]
    assert actions == [{'os-reset_status': {'status': 'error'}}, {'os-unmanage': None}]
    again = run(cinder, params=single(recover_stuck=True))
    assert again['changed'] is False and again['volume']['id'] == result['volume']['id']


def test_recover_stuck_adopts_the_object_under_the_name_the_lost_request_gave_it(cinder):
    stuck = stuck_record(cinder, renamed=True)
    result = run(cinder, params=single(recover_stuck=True))
    post = manage_posts(cinder)[-1]
    assert post[3]['volume']['ref'] == {'source-name': 'volume-%s' % stuck}
    assert post[3]['volume']['metadata']['stackadopt_ref'] == '{"source-name":"%s"}' % LV
    assert result['volume']['metadata']['stackadopt_ref'] == '{"source-name":"%s"}' % LV


def test_a_stuck_record_can_be_released_with_recover_stuck(cinder):
    stuck = stuck_record(cinder)
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, params=single(state='absent', id=stuck))
    assert "'creating'" in error.value.msg and 'recover_stuck' in error.value.msg
    released = run(cinder, params=single(state='absent', id=stuck, recover_stuck=True))
    assert released['changed'] is True and stuck not in cinder.volumes


# ---- lost manage requests ------------------------------------------------------------------------------------------
# cinder-api can stop between writing a record and casting the request to the scheduler: the record stays 'creating'
# and is never updated (the scheduler writes it the moment it takes a request on), and the driver never sees it.

def actions_on(cinder, volume_id):
    return [call[3] for call in cinder.writes() if call[1] == '/volumes/%s/action' % volume_id]


def test_a_lost_request_of_an_earlier_run_is_sent_again_check_mode_first(cinder):
    lost = pending_record(cinder, age=300)
    plan = run(cinder, params=single(timeout=300), check_mode=True)
    assert plan['changed'] is True and plan['volume']['id'] is None
    listed = run(cinder, BulkManageManager, bulk(volumes=[{'source_name': LV}], timeout=300), check_mode=True)
    assert listed['volumes'][0]['status'] == 'would_adopt' and 'looks lost' in listed['volumes'][0]['reason']
    assert cinder.writes() == manage_posts(cinder)   # only the other run's request
    result = run(cinder, params=single(timeout=300))
    assert result['changed'] is True and result['volume']['status'] == 'available'
    assert list(cinder.volumes) == [result['volume']['id']]
    assert actions_on(cinder, lost) == [{'os-reset_status': {'status': 'error'}}, {'os-unmanage': None}]
    assert manage_posts(cinder)[-1][3]['volume']['ref'] == REF   # the driver never renamed it
    again = run(cinder)
    assert again['changed'] is False and again['volume']['id'] == result['volume']['id']


def test_this_runs_own_lost_request_is_sent_again_single_and_bulk(cinder):
    cinder.lose_requests = 1
    result = run(cinder, params=single(timeout=600))
    assert result['changed'] is True and result['volume']['status'] == 'available'
    assert len(manage_posts(cinder)) == 2 and list(cinder.volumes) == [result['volume']['id']]
    cinder.lose_requests = 1
    adopted = run(cinder, BulkManageManager, bulk(volumes=[{'source_name': 'rec_app02'}, {'source_name': 'rec_db01'}],
                                                  timeout=600))
    assert [item['status'] for item in adopted['volumes']] == ['adopted', 'adopted']
    assert 'sending the manage request again' in adopted['volumes'][0]['reason']
    assert len(manage_posts(cinder)) == 5 and len(cinder.volumes) == 3


def test_a_request_waiting_for_a_scheduler_that_is_down_is_not_lost(cinder):
    lost = pending_record(cinder, age=300)
    for service in cinder.services:
        service['state'] = 'down' if service['binary'] == 'cinder-scheduler' else service['state']
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, params=single(timeout=300))
    assert 'Timed out' in error.value.msg and actions_on(cinder, lost) == []


def test_a_request_lost_twice_fails_and_says_where_to_look(cinder):
    cinder.lose_requests = 2
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, params=single(timeout=600))
    assert 'lost' in error.value.msg and 'cinder-scheduler' in error.value.msg and 'Nothing was deleted' in \
        error.value.msg
    assert len(cinder.volumes) == 1 and len(manage_posts(cinder)) == 2
