"""ManageableSnapshotInfoManager against a FakeCinder with Cinder-shaped snapshot listings."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._cinder.client import CinderClient
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.registry import get_profile
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.info import (
    ManageableSnapshotInfoManager,
    ManageableVolumeInfoManager,
    OriginResolver,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import (
    FakeCinder,
    FakeConnection,
    load_fixture,
    recorded_cinder,
)

HOST = 'testcloud@lvm-a#lvm-a'
OTHER_HOST = 'testcloud@lvm-b#lvm-b'
VOLUME_ID = '3fd5b131-9977-44f6-9377-177bb5580852'
APP_VOLUME_ID = '7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09'


def defaults(**overrides):
    params = dict(host=HOST, cluster=None, detail=True, safe_only=False, name_pattern=None, min_size=None,
                  max_size=None, sort=None, limit=None, driver='auto')
    params.update(overrides)
    return params


@pytest.fixture
def cinder():
    snapshot_listings = {HOST: load_fixture('snapshots', 'testcloud_lvm-a.json')['manageable-snapshots'],
                         OTHER_HOST: load_fixture('snapshots', 'testcloud_lvm-b.json')['manageable-snapshots']}
    fake = recorded_cinder(snapshot_listings=snapshot_listings)
    fake.volumes[VOLUME_ID] = load_fixture('testcloud', 'volume.json')['volume']
    return fake


def client_for(cinder):
    return CinderClient(FakeConnection(cinder), sleep=lambda seconds: None)


def run(cinder, **params):
    return ManageableSnapshotInfoManager(client_for(cinder), defaults(**params)).run()


def by_name(result):
    return dict((entry['name'], entry) for entry in result['manageable_snapshots'])


def test_lists_every_snapshot_with_its_origin_and_the_origins_cinder_volume(cinder):
    result = run(cinder)
    assert result['changed'] is False and result['driver'] == 'lvm' and result['host'] == HOST
    entries = by_name(result)
    assert sorted(entries) == sorted(['snap_recorded_pre', 'snap_recorded_busy', 'rec_db01_presnap', 'app_nightly',
                                      '_snapshot-2c4e6a8b-0d1f-4b3a-9c5e-7f6a5b4c3d2e'])
    pre = entries['snap_recorded_pre']
    assert pre['source_reference'] == {'source-name': 'volume-%s' % VOLUME_ID}
    assert pre['source_name'] == 'volume-%s' % VOLUME_ID
    assert pre['source_volume_id'] == VOLUME_ID       # from the volume listing's cinder_id
    assert pre['ref'] == {'source-name': 'snap_recorded_pre'} and pre['safe_to_manage'] is True
    assert entries['rec_db01_presnap']['source_volume_id'] is None  # origin LV not managed yet
    # volume-7d3c... is named like a Cinder volume, but Cinder has no such volume: not claimed
    assert entries['app_nightly']['source_volume_id'] is None
    # a managed snapshot's LV name is a valid snapshot ref (LVM refuses it only as a volume ref)
    managed = entries['_snapshot-2c4e6a8b-0d1f-4b3a-9c5e-7f6a5b4c3d2e']
    assert managed['ref'] == managed['reference'] and managed['cinder_id'] == '2c4e6a8b-0d1f-4b3a-9c5e-7f6a5b4c3d2e'
    assert result['summary'] == {'total': 5, 'safe': 3, 'unsafe': 1, 'unsafe_by_reason': {'snapshot in use': 1},
                                 'managed': 1}
    listing_calls = [call for call in cinder.calls if call[1] == '/manageable_snapshots/detail']
    assert listing_calls[0][2]['host'] == HOST


def test_origin_volume_found_by_the_rename_rule_when_the_volume_listing_does_not_show_it(cinder):
    volume = dict(load_fixture('testcloud', 'volume.json')['volume'], id=APP_VOLUME_ID)
    cinder.volumes[APP_VOLUME_ID] = volume
    entries = by_name(run(cinder))
    assert entries['app_nightly']['source_volume_id'] == APP_VOLUME_ID


def test_filters_sort_and_limit_apply_as_for_volumes(cinder):
    safe = run(cinder, safe_only=True)
    assert all(entry['safe_to_manage'] for entry in safe['manageable_snapshots'])
    assert [entry['name'] for entry in run(cinder, name_pattern='^snap_')['manageable_snapshots']] == [
        'snap_recorded_busy', 'snap_recorded_pre']
    big = run(cinder, min_size=2, sort={'key': 'reference', 'direction': 'desc'}, limit=1)
    assert [entry['name'] for entry in big['manageable_snapshots']] == ['app_nightly']
    with pytest.raises(CinderAdoptError):
        run(cinder, safe_only=True, detail=False)


def test_empty_listing_is_an_empty_list(cinder):
    cinder.snapshot_listings[OTHER_HOST] = []
    result = run(cinder, host=OTHER_HOST)
    assert result['manageable_snapshots'] == [] and result['summary']['total'] == 0


def test_unknown_host_lists_the_pools(cinder):
    with pytest.raises(CinderAdoptError) as error:
        run(cinder, host='nosuch@lvm#lvm')
    assert HOST in error.value.msg


def test_pure_listing_keys_by_name_and_resolves_origins_by_the_purity_rename():
    pools = load_fixture('pure', 'get_pools.json')['pools']
    host = pools[0]['name']
    listing = load_fixture('pure', 'manageable_snapshots.json')['manageable-snapshots']
    fake = FakeCinder(pools=pools, listings={host: []}, snapshot_listings={host: listing})
    managed_volume = '4d5e6f7a-8b9c-4d0e-a1f2-b3c4d5e6f7a8'
    fake.volumes[managed_volume] = dict(load_fixture('testcloud', 'volume.json')['volume'], id=managed_volume)
    result = ManageableSnapshotInfoManager(client_for(fake), defaults(host=host)).run()
    assert result['driver'] == 'pure'
    entries = by_name(result)
    upgrade = entries['volume-%s-cinder.pre-upgrade' % managed_volume]
    assert upgrade['source_volume_id'] == managed_volume
    assert upgrade['ref'] == {'source-name': 'volume-%s-cinder.pre-upgrade' % managed_volume}
    assert entries['oracle-data01.daily-2026-11-25']['source_volume_id'] is None


def test_origin_resolver_reads_the_volume_listing_once(cinder):
    resolver = OriginResolver(client_for(cinder), get_profile('lvm'), HOST)
    for _attempt in range(3):
        assert resolver.volume_id({'source-name': 'volume-%s' % VOLUME_ID}) == VOLUME_ID
    assert resolver.volume_id({'source-name': 'rec_db01'}) is None
    assert resolver.volume_id(None) is None
    assert len([call for call in cinder.calls if call[1] == '/manageable_volumes/detail']) == 1


def test_the_volume_info_manager_is_unchanged(cinder):
    result = ManageableVolumeInfoManager(client_for(cinder), defaults()).run()
    assert 'manageable_volumes' in result and 'manageable_snapshots' not in result
    assert all('source_volume_id' not in entry for entry in result['manageable_volumes'])
