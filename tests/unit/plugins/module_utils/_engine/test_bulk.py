"""BulkManageManager against a FakeCinder seeded with answers recorded from the test cloud."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.bulk import BulkManageManager
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import (
    FakeConnection,
    recorded_cinder,
)

HOST = 'testcloud@lvm-a#lvm-a'


def defaults(**overrides):
    params = dict(state='present', host=HOST, cluster=None, driver='auto', volumes=None, select=None,
                  name_template='{name}', description=None, volume_type=None, availability_zone=None,
                  metadata=None, bootable=None, concurrency=4, wait=True, timeout=30, fail_on_error=True)
    params.update(overrides)
    return params


@pytest.fixture
def cinder():
    return recorded_cinder()


def run(cinder, check_mode=False, **params):
    client = CinderClient(FakeConnection(cinder), sleep=lambda seconds: None)
    return BulkManageManager(client, defaults(**params), check_mode=check_mode).run()


def by_status(result):
    found = {}
    for item in result['volumes']:
        found.setdefault(item['status'], []).append(item['source_name'])
    return dict((status, sorted(names)) for status, names in found.items())


def test_select_adopts_all_then_rerun_is_a_handful_of_reads(cinder):
    select = {'include': ['^rec_'], 'exclude': ['db'], 'safe_only': True}
    plan = run(cinder, check_mode=True, select=select, name_template='a-{name}')
    assert by_status(plan) == {'would_adopt': ['rec_app01', 'rec_app02']}
    assert cinder.writes() == []

    adopted = run(cinder, select=select, name_template='a-{name}', metadata={'adopted_by': 'test'})
    assert by_status(adopted) == {'adopted': ['rec_app01', 'rec_app02']}
    assert adopted['changed'] is True
    assert sorted(item['volume_name'] for item in adopted['volumes']) == ['a-rec_app01', 'a-rec_app02']
    assert all(item['backend_name'] == 'volume-%s' % item['volume_id'] for item in adopted['volumes'])

    writes = len(cinder.writes())
    again = run(cinder, select=select, name_template='a-{name}', metadata={'adopted_by': 'test'})
    assert by_status(again) == {'already_managed': ['rec_app01', 'rec_app02']}
    assert again['changed'] is False
    assert len(cinder.writes()) == writes
    assert again['api_requests'] <= 5


def test_unsafe_objects_are_skipped_with_cinders_reason(cinder):
    cinder.listings[HOST].append({'reference': {'source-name': 'rec_busy'}, 'size': 1, 'safe_to_manage': False,
                                  'reason_not_safe': 'Volume in use', 'cinder_id': None, 'extra_info': None})
    result = run(cinder, check_mode=True, select={'include': ['busy']})
    assert [(item['status'], item['reason']) for item in result['volumes']] == [
        ('skipped', "not safe to manage: Cinder says 'Volume in use'")]


def test_explicit_list_with_overrides_and_a_typo(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, volumes=[{'source_name': 'rec_db01', 'name': 'database', 'metadata': {'tier': 'db'}},
                             {'source_name': 'rec_db0l'}])
    result = error.value.details
    statuses = dict((item['source_name'], item) for item in result['volumes'])
    assert statuses['rec_db01']['status'] == 'adopted'
    assert statuses['rec_db01']['volume_name'] == 'database'
    assert statuses['rec_db0l']['status'] == 'failed'
    assert 'rec_db01' in statuses['rec_db0l']['reason']
    volume = cinder.volumes[statuses['rec_db01']['volume_id']]
    assert volume['metadata']['tier'] == 'db'


def test_driver_rejection_is_unmanaged_not_deleted(cinder):
    cinder.reject_refs.append({'source-name': 'rec_app01'})
    result = run(cinder, select={'include': ['app01']}, fail_on_error=False)
    [item] = result['volumes']
    assert item['status'] == 'failed' and 'unmanaged' in item['reason']
    assert cinder.volumes == {}


def test_release_by_selection_only_touches_adopted_volumes(cinder):
    run(cinder, select={'include': ['^rec_app']})
    plan = run(cinder, check_mode=True, state='absent', select={'include': ['app01']})
    assert by_status(plan) == {'would_release': ['rec_app01']}
    released = run(cinder, state='absent', select={'include': ['.*']})
    assert by_status(released) == {'released': ['rec_app01', 'rec_app02']}
    assert cinder.volumes == {}
    assert run(cinder, state='absent', select={'include': ['.*']})['changed'] is False


def test_nothing_selected_is_a_clear_error(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder)
    assert 'Nothing selected' in error.value.msg


def test_explicit_item_also_matched_by_the_patterns_is_reported_once_after_the_rename(cinder):
    params = dict(volumes=[{'source_name': 'rec_app01', 'name': 'app'}], select={'include': ['^rec_app']})
    first = run(cinder, **params)
    assert by_status(first) == {'adopted': ['rec_app01', 'rec_app02']}
    again = run(cinder, **params)
    assert by_status(again) == {'already_managed': ['rec_app01', 'rec_app02']}


def storage_host_listing(cinder, host=HOST):
    """What the storage host's `lvs` shows of the fake backend: names, sizes and the open flag, never a cinder_id."""
    return [{'source_name': entry['reference']['source-name'], 'size': entry['size'],
             'safe_to_manage': entry['safe_to_manage'] or bool(entry['cinder_id']),
             'reason_not_safe': None if entry['safe_to_manage'] or entry['cinder_id'] else entry['reason_not_safe']}
            for entry in cinder.listings[host]]


def cinder_listings(cinder):
    return [call for call in cinder.calls if call[1] == '/manageable_volumes/detail']


def test_a_listing_from_the_storage_host_takes_the_place_of_cinders(cinder):
    select = {'include': ['^rec_'], 'exclude': ['db']}
    with_cinder = run(cinder, check_mode=True, select=select)
    asked = len(cinder_listings(cinder))
    with_host = run(cinder, check_mode=True, select=select, listing=storage_host_listing(cinder),
                    listing_container='stackadopt-a')
    assert by_status(with_host) == by_status(with_cinder) == {'would_adopt': ['rec_app01', 'rec_app02']}
    assert len(cinder_listings(cinder)) == asked
    assert with_host['api_requests'] == with_cinder['api_requests'] - 1

    adopted = run(cinder, select=select, listing=storage_host_listing(cinder), listing_container='stackadopt-a')
    assert by_status(adopted) == {'adopted': ['rec_app01', 'rec_app02']}
    # After the rename the host lists volume-<id>; the module knows it as the adopted volume, as the driver would.
    again = run(cinder, select=select, listing=storage_host_listing(cinder), listing_container='stackadopt-a')
    assert by_status(again) == {'already_managed': ['rec_app01', 'rec_app02']}
    assert again['changed'] is False and again['api_requests'] <= 4
    assert len(cinder_listings(cinder)) == asked


def test_an_object_the_storage_host_says_is_open_is_skipped_with_its_reason(cinder):
    listing = storage_host_listing(cinder) + [{'source_name': 'rec_busy', 'size': 1, 'safe_to_manage': False,
                                               'reason_not_safe': 'volume in use'}]
    result = run(cinder, check_mode=True, select={'include': ['busy']}, listing=listing,
                 listing_container='stackadopt-a')
    assert [(item['status'], item['reason']) for item in result['volumes']] == [
        ('skipped', "not safe to manage: the listing of 'stackadopt-a' says 'volume in use'")]


def test_a_typo_fails_against_the_storage_host_listing_too(cinder):
    result = run(cinder, volumes=[{'source_name': 'rec_ap01'}], listing=storage_host_listing(cinder),
                 fail_on_error=False)
    assert result['volumes'][0]['status'] == 'failed' and 'rec_app01' in result['volumes'][0]['reason']
    assert cinder.writes() == []


def test_a_listing_of_another_volume_group_fails_before_any_write(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, select={'include': ['.*']}, listing=storage_host_listing(cinder), listing_container='stackadopt-b')
    assert error.value.details['field'] == 'listing_container'
    assert "serves 'stackadopt-a'" in error.value.msg
    assert cinder.writes() == []
