"""SnapshotManageManager against a FakeCinder: the recorded test cloud plus Cinder-shaped snapshot listings."""

import copy

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.snapshot import SnapshotManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.volume import VolumeManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import (
    FakeCinder,
    FakeConnection,
    load_fixture,
    recorded_cinder,
)

HOST = 'testcloud@lvm-a#lvm-a'
OTHER_HOST = 'testcloud@lvm-b#lvm-b'
VOLUME_ID = '3fd5b131-9977-44f6-9377-177bb5580852'   # the recorded, managed volume 'recorded'
APP_VOLUME_ID = '7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09'
APP_SNAPSHOT_ID = '2c4e6a8b-0d1f-4b3a-9c5e-7f6a5b4c3d2e'


def defaults(**overrides):
    params = dict(state='present', volume=VOLUME_ID, ref=None, source_name=None, source_id=None, driver='auto',
                  name=None, description=None, metadata=None, id=None, wait=True, timeout=30)
    params.update(overrides)
    return params


def recorded_volume():
    return load_fixture('testcloud', 'volume.json')['volume']


@pytest.fixture
def cinder():
    snapshot_listings = {HOST: load_fixture('snapshots', 'testcloud_lvm-a.json')['manageable-snapshots'],
                         OTHER_HOST: load_fixture('snapshots', 'testcloud_lvm-b.json')['manageable-snapshots']}
    fake = recorded_cinder(snapshot_listings=snapshot_listings)
    fake.volumes[VOLUME_ID] = recorded_volume()
    return fake


def seed_app_volume(cinder):
    """A second managed volume with one managed snapshot, as the lvm-a snapshot listing shows them."""
    volume = dict(copy.deepcopy(recorded_volume()), id=APP_VOLUME_ID, name='app')
    cinder.volumes[APP_VOLUME_ID] = volume
    cinder.listings[HOST].append({'reference': {'source-name': 'volume-%s' % APP_VOLUME_ID}, 'size': 2,
                                  'safe_to_manage': False, 'reason_not_safe': 'already managed',
                                  'cinder_id': APP_VOLUME_ID, 'extra_info': None})
    cinder.snapshots[APP_SNAPSHOT_ID] = {'id': APP_SNAPSHOT_ID, 'name': 'app-old', 'description': None,
                                         'volume_id': APP_VOLUME_ID, 'status': 'available', 'size': 2,
                                         'metadata': {}, 'created_at': '2026-11-26T10:00:00.000000',
                                         'updated_at': None}


def client_for(cinder):
    return CinderClient(FakeConnection(cinder), label='stackadopt-admin', sleep=lambda seconds: None)


def run(cinder, check_mode=False, **params):
    return SnapshotManageManager(client_for(cinder), defaults(**params), check_mode=check_mode).run()


def fails(cinder, check_mode=False, **params):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, check_mode=check_mode, **params)
    return error.value


def snapshot_writes(cinder):
    return [call for call in cinder.writes() if 'snapshot' in call[1]]


# ---- present ----------------------------------------------------------------------------------------------------

def test_check_apply_check_apply_is_idempotent_after_the_driver_renamed_the_lv(cinder):
    predicted = run(cinder, check_mode=True, source_name='snap_recorded_pre', name='pre', metadata={'ticket': 7})
    assert predicted['changed'] is True
    assert predicted['snapshot']['id'] is None
    # The predicted snapshot has the keys of a real result (the SDK's, issue #13); the diff shows its view.
    assert predicted['diff']['before'] == {} and predicted['diff']['after']['id'] is None
    assert predicted['diff']['after']['metadata'] == predicted['snapshot']['metadata']
    assert predicted['snapshot']['metadata'] == {'ticket': '7', 'stackadopt_ref': '{"source-name":"snap_recorded_pre"}'}
    assert predicted['snapshot']['size'] == 1 and predicted['snapshot']['volume_id'] == VOLUME_ID
    assert (predicted['host'], predicted['driver'], predicted['volume_id']) == (HOST, 'lvm', VOLUME_ID)
    assert cinder.writes() == []

    adopted = run(cinder, source_name='snap_recorded_pre', name='pre', metadata={'ticket': 7})
    assert adopted['changed'] is True
    snapshot_id = adopted['snapshot']['id']
    assert adopted['snapshot']['status'] == 'available'
    assert adopted['snapshot']['volume_id'] == VOLUME_ID
    assert adopted['backend_name'] == '_snapshot-%s' % snapshot_id
    assert adopted['diff']['after']['id'] == snapshot_id
    manage = [call for call in cinder.writes() if call[1] == '/manageable_snapshots']
    assert manage == [('POST', '/manageable_snapshots', {}, {'snapshot': {
        # Fields not given are left out of the body rather than sent as null (less for Cinder to parse).
        'volume_id': VOLUME_ID, 'ref': {'source-name': 'snap_recorded_pre'}, 'name': 'pre',
        'metadata': {'ticket': '7', 'stackadopt_ref': '{"source-name":"snap_recorded_pre"}'}}}, '3.8')]
    # the fake renamed the LV the way LVMVolumeDriver.manage_existing_snapshot does
    assert {'source-name': '_snapshot-%s' % snapshot_id} in [e['reference'] for e in cinder.snapshot_listings[HOST]]

    writes_before = len(cinder.writes())
    again_check = run(cinder, check_mode=True, source_name='snap_recorded_pre', name='pre', metadata={'ticket': 7})
    again = run(cinder, source_name='snap_recorded_pre', name='pre', metadata={'ticket': 7})
    assert (again_check['changed'], again['changed']) == (False, False)
    assert again['snapshot']['id'] == snapshot_id == again_check['snapshot']['id']
    assert again['diff']['before'] == again['diff']['after']
    assert len(cinder.writes()) == writes_before


def test_volume_is_accepted_by_name_and_the_listing_is_read_on_its_host(cinder):
    result = run(cinder, check_mode=True, volume='recorded', source_name='snap_recorded_pre')
    assert result['volume_id'] == VOLUME_ID
    listing_calls = [call for call in cinder.calls if call[1] == '/manageable_snapshots/detail']
    assert listing_calls and listing_calls[0][2]['host'] == HOST


def test_ambiguous_volume_name_lists_the_ids(cinder):
    seed_app_volume(cinder)
    cinder.volumes[APP_VOLUME_ID]['name'] = 'recorded'
    error = fails(cinder, volume='recorded', source_name='snap_recorded_pre')
    assert 'ambiguous' in error.msg and VOLUME_ID in error.msg and APP_VOLUME_ID in error.msg
    assert error.details['field'] == 'volume'
    assert cinder.writes() == []


def test_unknown_volume_says_the_origin_must_be_managed_first(cinder):
    for volume in ('nosuch', '00000000-0000-4000-8000-000000000000'):
        error = fails(cinder, volume=volume, source_name='snap_recorded_pre')
        assert "volume '%s' is neither the ID nor the name" % volume in error.msg
        assert 'cinder_volume_manage' in error.msg
    assert cinder.writes() == []


def test_snapshot_of_an_unmanaged_origin_says_adopt_the_origin_first(cinder):
    for check_mode in (True, False):
        error = fails(cinder, check_mode=check_mode, source_name='rec_db01_presnap')
        assert 'not of volume %s' % VOLUME_ID in error.msg
        assert 'volume-%s' % VOLUME_ID in error.msg  # how the backend lists the given volume
        assert 'not managed by Cinder yet' in error.msg and '{"source-name":"rec_db01"}' in error.msg
        assert error.details['source_reference'] == {'source-name': 'rec_db01'}
        assert error.details['source_volume_id'] is None
    assert cinder.writes() == []


def test_snapshot_of_another_managed_volume_names_that_volume(cinder):
    seed_app_volume(cinder)
    error = fails(cinder, source_name='app_nightly')
    assert 'That object is Cinder volume %s: give volume=%s' % (APP_VOLUME_ID, APP_VOLUME_ID) in error.msg
    assert error.details['source_volume_id'] == APP_VOLUME_ID
    # and under the right volume it is adopted
    adopted = run(cinder, volume='app', source_name='app_nightly')
    assert adopted['changed'] is True and adopted['snapshot']['volume_id'] == APP_VOLUME_ID


def test_snapshot_already_managed_under_another_volume_names_snapshot_and_volume(cinder):
    seed_app_volume(cinder)
    error = fails(cinder, source_name='_snapshot-%s' % APP_SNAPSHOT_ID)
    assert 'already Cinder snapshot %s of volume %s' % (APP_SNAPSHOT_ID, APP_VOLUME_ID) in error.msg


def test_typo_ref_fails_with_the_closest_snapshots_of_that_volume_in_check_mode_too(cinder):
    for check_mode in (True, False):
        error = fails(cinder, check_mode=check_mode, source_name='snap_recorded_pree')
        assert 'matches no snapshot of volume %s' % VOLUME_ID in error.msg and HOST in error.msg
        assert error.details['candidates'][0] == 'snap_recorded_pre'
        assert 'app_nightly' not in error.details['candidates']  # a snapshot of another volume is no candidate
    assert cinder.writes() == []


def test_unsafe_snapshot_fails_quoting_cinders_reason(cinder):
    error = fails(cinder, check_mode=True, source_name='snap_recorded_busy')
    assert "Cinder says 'snapshot in use'" in error.msg
    assert error.details['reason_not_safe'] == 'snapshot in use'


def test_driver_rejection_unmanages_the_error_record_never_deletes(cinder):
    cinder.snapshot_reject_refs.append({'source-name': 'snap_recorded_pre'})
    error = fails(cinder, source_name='snap_recorded_pre')
    # Cinder 29 records no user message for a failed snapshot manage: the module says where to look.
    assert 'Cinder could not manage snapshot ref {"source-name":"snap_recorded_pre"}' in error.msg
    assert 'cinder-volume log' in error.msg
    assert error.details['unmanaged'] is True
    actions = [call for call in cinder.writes() if call[1].endswith('/action')]
    assert [(call[1], call[3]) for call in actions] == [('/snapshots/%s/action' % error.details['snapshot_id'],
                                                         {'os-unmanage': None})]
    assert cinder.snapshots == {}
    assert not [call for call in cinder.calls if call[0] == 'DELETE']


def test_driver_rejection_quotes_cinders_user_message_when_there_is_one(cinder):
    cinder.snapshot_reject_refs.append({'source-name': 'snap_recorded_pre'})
    cinder.snapshot_failure_message = 'manage existing snapshot: Failed to find the snapshot.'
    error = fails(cinder, source_name='snap_recorded_pre')
    assert 'Failed to find the snapshot' in error.msg


def test_nfs_and_ontap_refuse_snapshots_before_any_write(cinder):
    # A pool whose driver the capabilities do not reveal, so that naming a profile is not a contradiction.
    for pool in cinder.pools:
        pool['capabilities'].pop('location_info', None)
    error = fails(cinder, source_name='snap_recorded_pre', driver='ontap')
    assert "'ontap' driver cannot adopt snapshots" in error.msg
    assert cinder.writes() == []


def test_existing_snapshot_converges_name_description_and_metadata(cinder):
    first = run(cinder, source_name='snap_recorded_pre', name='one')
    snapshot_id = first['snapshot']['id']
    predicted = run(cinder, check_mode=True, source_name='snap_recorded_pre', name='two', description='d',
                    metadata={'owner': 'db'})
    assert predicted['changed'] is True and predicted['snapshot']['name'] == 'two'
    assert cinder.snapshots[snapshot_id]['name'] == 'one'
    changed = run(cinder, source_name='snap_recorded_pre', name='two', description='d', metadata={'owner': 'db'})
    assert changed['changed'] is True
    assert changed['diff']['before']['name'] == 'one'
    assert (changed['snapshot']['name'], changed['snapshot']['description']) == ('two', 'd')
    assert changed['snapshot']['metadata']['owner'] == 'db'
    assert changed['snapshot']['metadata']['stackadopt_ref'] == '{"source-name":"snap_recorded_pre"}'
    assert run(cinder, source_name='snap_recorded_pre', name='two', metadata={'owner': 'db'})['changed'] is False


def test_no_wait_returns_the_creating_snapshot(cinder):
    result = run(cinder, source_name='snap_recorded_pre', wait=False)
    assert result['changed'] is True and result['snapshot']['status'] == 'creating'


def test_timeout_reports_the_snapshot_and_deletes_nothing(cinder):
    cinder.settle_after = 10 ** 6
    clock = [0.0]

    def sleep(seconds):
        clock[0] += seconds
    client = CinderClient(FakeConnection(cinder), sleep=sleep, clock=lambda: clock[0])
    with pytest.raises(CinderAdoptError) as raised:
        SnapshotManageManager(client, defaults(source_name='snap_recorded_pre', timeout=1)).run()
    error = raised.value
    assert 'Timed out' in error.msg and error.details['status'] == 'creating'
    assert error.details['snapshot_id'] in cinder.snapshots


def test_present_needs_a_ref_and_a_volume(cinder):
    assert fails(cinder).details['field'] == 'ref'
    assert fails(cinder, volume=None, source_name='x').details['field'] == 'volume'


def test_rbd_snapshot_name_is_matched_on_the_image_of_the_given_volume():
    """RBD names snapshots per image: 'nightly' exists on two images, only one is the volume's."""
    rbd_volume = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d'
    pools = load_fixture('rbd', 'get_pools.json')['pools']
    host = 'controller@ceph#ceph'
    listing = load_fixture('rbd', 'manageable_snapshots.json')['manageable-snapshots']
    fake = FakeCinder(pools=pools, listings={host: []}, snapshot_rename='snapshot-%s',
                      snapshot_listings={host: listing})
    fake.volumes[rbd_volume] = dict(recorded_volume(), id=rbd_volume, name='vm', size=10,
                                    **{'os-vol-host-attr:host': host})
    predicted = run(fake, check_mode=True, volume=rbd_volume, source_name='nightly')
    assert predicted['driver'] == 'rbd'
    assert predicted['snapshot']['size'] == 10  # not the 32 GiB 'nightly' of vm-101-disk-0
    adopted = run(fake, volume=rbd_volume, source_name='nightly')
    assert adopted['backend_name'] == 'snapshot-%s' % adopted['snapshot']['id']
    assert run(fake, volume=rbd_volume, source_name='nightly')['changed'] is False
    error = fails(fake, volume=rbd_volume, source_name='volume-%s.clone_snap' % rbd_volume)
    assert "Cinder says 'used for clone snap'" in error.msg


def test_snapshot_of_a_volume_adopted_by_cinder_volume_manage(cinder):
    """The whole story on one backend: adopt the origin LV, then its snapshot under the new volume."""
    volume = VolumeManageManager(client_for(cinder), dict(
        state='present', host=HOST, cluster=None, ref=None, source_name='rec_db01', source_id=None, driver='auto',
        name='db01', description=None, volume_type=None, availability_zone=None, metadata=None, bootable=None,
        id=None, wait=True, timeout=30)).run()['volume']
    # LVMVolumeDriver renamed the origin, and lvs now reports the snapshot's origin by the new name.
    for entry in cinder.snapshot_listings[HOST]:
        if entry['source_reference'] == {'source-name': 'rec_db01'}:
            entry['source_reference'] = {'source-name': 'volume-%s' % volume['id']}
    adopted = run(cinder, volume='db01', source_name='rec_db01_presnap')
    assert adopted['changed'] is True and adopted['snapshot']['volume_id'] == volume['id']
    assert run(cinder, volume='db01', source_name='rec_db01_presnap')['changed'] is False


# ---- absent -----------------------------------------------------------------------------------------------------

def test_absent_by_id_unmanages_once_and_check_mode_writes_nothing(cinder):
    snapshot_id = run(cinder, source_name='snap_recorded_pre', name='gone-soon')['snapshot']['id']
    predicted = run(cinder, check_mode=True, state='absent', id=snapshot_id, volume=None)
    assert predicted['changed'] is True and snapshot_id in cinder.snapshots
    assert predicted['diff']['before']['id'] == snapshot_id and predicted['diff']['after'] == {}
    released = run(cinder, state='absent', id=snapshot_id, volume=None)
    assert released['changed'] is True and snapshot_id not in cinder.snapshots
    assert [call[3] for call in snapshot_writes(cinder) if call[1].endswith('/action')] == [{'os-unmanage': None}]
    assert run(cinder, state='absent', id=snapshot_id, volume=None)['changed'] is False
    # the LV is listed again as an unmanaged snapshot (kept, under its new name)
    entry = next(e for e in cinder.snapshot_listings[HOST] if e['reference']['source-name'].endswith(snapshot_id))
    assert entry['cinder_id'] is None and entry['safe_to_manage'] is True


def test_absent_by_name_and_by_ref_after_rename(cinder):
    run(cinder, source_name='snap_recorded_pre', name='by-name')
    assert run(cinder, state='absent', name='by-name', volume=None)['changed'] is True
    assert run(cinder, state='absent', name='by-name', volume=None)['changed'] is False

    # unmanaged, the LV keeps the name the driver gave it: the original name is gone for good
    error = fails(cinder, check_mode=True, source_name='snap_recorded_pre')
    assert 'matches no snapshot' in error.msg

    seed_app_volume(cinder)
    snapshot_id = run(cinder, volume='app', source_name='app_nightly')['snapshot']['id']
    released = run(cinder, state='absent', volume='app', source_name='app_nightly')
    assert released['changed'] is True and released['snapshot']['id'] == snapshot_id
    assert released['ref'] == {'source-name': 'app_nightly'}
    assert run(cinder, state='absent', volume='app', source_name='app_nightly')['changed'] is False


def test_absent_by_ambiguous_name_lists_the_ids_and_volume_narrows_it(cinder):
    seed_app_volume(cinder)
    ids = [run(cinder, source_name='snap_recorded_pre', name='twin')['snapshot']['id'],
           run(cinder, volume='app', source_name='app_nightly', name='twin')['snapshot']['id']]
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, state='absent', name='twin', volume=None)
    assert all(snapshot_id in error.value.msg for snapshot_id in ids)
    released = run(cinder, state='absent', name='twin', volume='app')
    assert released['snapshot']['id'] == ids[1]


def test_absent_of_a_snapshot_that_is_not_settled_fails_before_writing(cinder):
    seed_app_volume(cinder)
    cinder.snapshots[APP_SNAPSHOT_ID]['status'] = 'backing-up'
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, state='absent', id=APP_SNAPSHOT_ID)
    assert "'backing-up'" in error.value.msg
    assert cinder.writes() == []


def test_absent_under_a_volume_cinder_does_not_know_is_already_done(cinder):
    assert run(cinder, state='absent', volume='gone', source_name='snap_recorded_pre')['changed'] is False


def test_absent_needs_something_to_select(cinder):
    assert fails(cinder, state='absent', volume=None).details['field'] == 'id'


def test_pure_snapshot_is_matched_across_listing_keys_and_reports_the_purity_rename():
    """Pure lists {'name': ...} but manages {'source-name': ...}; the snapshot is renamed '<volume>.snapshot-<id>'."""
    pure_volume = '4d5e6f7a-8b9c-4d0e-a1f2-b3c4d5e6f7a8'
    pools = load_fixture('pure', 'get_pools.json')['pools']
    host = pools[0]['name']
    listing = load_fixture('pure', 'manageable_snapshots.json')['manageable-snapshots']
    fake = FakeCinder(pools=pools, listings={host: []}, snapshot_listings={host: listing})
    fake.volumes[pure_volume] = dict(recorded_volume(), id=pure_volume, name='ora', size=10,
                                     **{'os-vol-host-attr:host': host})
    name = 'volume-%s-cinder.pre-upgrade' % pure_volume
    adopted = run(fake, volume='ora', ref={'name': name})
    assert adopted['driver'] == 'pure' and adopted['ref'] == {'source-name': name}
    snapshot_id = adopted['snapshot']['id']
    assert adopted['backend_name'] == 'volume-%s-cinder.snapshot-%s' % (pure_volume, snapshot_id)
    assert run(fake, volume='ora', source_name=name)['changed'] is False
    error = fails(fake, volume='ora', source_name='oracle-data01.daily-2026-11-25')
    assert 'not managed by Cinder yet' in error.msg and '{"name":"oracle-data01"}' in error.msg


def test_generic_profile_learns_the_origin_from_the_volume_listing(cinder):
    """Without a rename rule, the volume listing's entry with the volume's cinder_id names the origin."""
    assert run(cinder, check_mode=True, driver='generic', source_name='snap_recorded_pre')['changed'] is True
    error = fails(cinder, check_mode=True, driver='generic', source_name='app_nightly')
    assert 'not of volume %s' % VOLUME_ID in error.msg
    assert [call for call in cinder.calls if call[1] == '/manageable_volumes/detail']
