"""The report of a run, assembled from the hosts' results; its Markdown is pinned to what the roles' former Jinja
templates rendered (fixtures/reports/*.md were rendered by them from the same results)."""

import json
import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.plugin_utils import adoption_report as reports
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES

STAMP = '2026-11-27T01:02:03Z'
HOSTS = ['h1', 'h2', 'h3']
PATHS = {'json': '/r/adopt.json', 'markdown': '/r/adopt.md'}
RESULTS = {
    'h1': {'changed': True, 'cinder_host': 'testcloud@lvm-a#lvm-a', 'cluster': None, 'error': None, 'api_requests': 7,
           'summary': {'excluded': 3, 'adopted': 2},
           'volumes': [
               {'source_name': 'lv_a', 'status': 'adopted', 'reason': None, 'volume_id': 'v1', 'volume_name': 'mol-a',
                'backend_name': 'volume-v1', 'size': 1, 'ref': {'source-name': 'lv_a'}},
               {'source_name': 'lv_b', 'status': 'failed', 'reason': 'boom | pipe', 'volume_id': None,
                'volume_name': None, 'backend_name': None, 'size': 2},
               {'source_name': 'lv_c', 'status': 'already_managed', 'reason': None, 'volume_id': 'v3',
                'volume_name': 'c', 'backend_name': 'volume-v3', 'size': 1},
               # The same volume again (an explicit item that a pattern matched after the rename): reported once.
               {'source_name': 'lv_c2', 'status': 'already_managed', 'reason': None, 'volume_id': 'v3',
                'volume_name': 'c', 'backend_name': 'volume-v3', 'size': 1},
               {'source_name': None, 'status': 'updated', 'reason': None, 'volume_id': 'v4', 'volume_name': None,
                'backend_name': 'volume-v4', 'size': None}]},
    'h2': {'changed': False, 'cinder_host': None, 'cluster': 'testcluster@ceph',
           'error': 'post-check on the storage host failed: x', 'volumes': [], 'summary': {}},
}
EXTRA = {'h1': [{'source_name': 'lv_open', 'status': 'skipped', 'reason': 'preflight: LV is open', 'size': 1,
                 'volume_id': None, 'volume_name': None, 'backend_name': None}]}
SNAPSHOTS = {
    'h1': {'error': None, 'snapshots': [
        {'source_name': 'nightly', 'origin': 'lv_a', 'volume_id': 'v1', 'volume_name': 'mol-a', 'snapshot_id': 's1',
         'snapshot_name': 'nightly', 'backend_name': 'snapshot-s1', 'size': 1, 'reason': None, 'status': 'adopted'},
        {'source_name': 'weekly', 'origin': 'lv_c', 'volume_id': 'v3', 'volume_name': 'c', 'snapshot_id': 's2',
         'snapshot_name': None, 'backend_name': None, 'size': 1, 'reason': 'not safe', 'status': 'skipped'},
        {'source_name': 'old', 'origin': 'lv_c', 'volume_id': 'v3', 'volume_name': 'c', 'snapshot_id': 's3',
         'snapshot_name': 'x', 'backend_name': None, 'size': None, 'reason': None, 'status': 'already_managed'}]},
    'h2': {'error': 'snapshots: listing failed', 'snapshots': []},
}


def golden(name):
    with open(os.path.join(FIXTURES, 'reports', name)) as stream:
        return stream.read()


def adopt_report(check_mode=False, snapshots=None):
    return reports.run_report('adopt', HOSTS, STAMP, check_mode, RESULTS, EXTRA,
                              SNAPSHOTS if snapshots is None else snapshots)


def test_the_report_counts_each_host_and_the_run():
    report = adopt_report()
    assert report['action'] == 'adopt' and report['generated_at'] == STAMP and report['check_mode'] is False
    assert report['statuses'] == reports.STATUSES
    h1 = report['hosts']['h1']
    assert [(v['source_name'], v['status']) for v in h1['volumes']] == [
        ('lv_a', 'adopted'), ('lv_b', 'failed'), ('lv_c', 'already_managed'), (None, 'updated'),
        ('lv_open', 'skipped')]
    # Only what the report shows is kept of a module item; adoptions and releases are stamped.
    assert h1['volumes'][0] == {'source_name': 'lv_a', 'status': 'adopted', 'reason': None, 'volume_id': 'v1',
                                'volume_name': 'mol-a', 'backend_name': 'volume-v1', 'size': 1, 'at': STAMP}
    assert 'at' not in h1['volumes'][3]
    assert list(h1['counts']) == reports.STATUSES
    assert {k: v for k, v in h1['counts'].items() if v} == {'adopted': 1, 'failed': 1, 'already_managed': 1,
                                                            'updated': 1, 'skipped': 1}
    assert h1['excluded'] == 3 and h1['api_requests'] == 7 and h1['cinder_host'] == 'testcloud@lvm-a#lvm-a'
    assert h1['snapshot_counts']['adopted'] == 1 and h1['snapshots'][0]['at'] == STAMP
    assert report['hosts']['h2']['snapshots_error'] == 'snapshots: listing failed'
    assert report['hosts']['h3'] == {
        'cinder_host': None, 'cluster': None, 'counts': dict((s, 0) for s in reports.STATUSES),
        'error': 'the host failed before the adopt call (see the play output)', 'excluded': 0,
        'api_requests': None, 'volumes': []}
    totals = report['totals']
    assert list(totals)[:2] == ['hosts', 'hosts_with_errors']
    assert (totals['hosts'], totals['hosts_with_errors'], totals['adopted']) == (3, 2, 1)
    assert report['snapshot_totals'] == dict((s, 0) for s in reports.SNAPSHOT_STATUSES) | {
        'adopted': 1, 'already_managed': 1, 'skipped': 1}


def test_without_snapshots_the_report_has_no_snapshot_keys():
    report = adopt_report(snapshots={})
    assert 'snapshot_totals' not in report and 'snapshot_statuses' not in report
    assert 'snapshots' not in report['hosts']['h1']


@pytest.mark.parametrize('check_mode, snapshots, name', [
    (False, SNAPSHOTS, 'adopt.md'), (False, {}, 'adopt-without-snapshots.md'), (True, SNAPSHOTS, 'adopt-plan.md')])
def test_the_markdown_is_what_the_former_template_rendered(check_mode, snapshots, name):
    assert reports.run_markdown(adopt_report(check_mode, snapshots)) == golden(name)


def test_the_lines_shown_per_host_and_for_the_run():
    per_host, summary = reports.run_messages(adopt_report(), PATHS)
    assert per_host == {
        'h1': 'h1 (testcloud@lvm-a#lvm-a): adopted=1, updated=1, already_managed=1, skipped=1, failed=1 | adopted '
              'lv_a -> mol-a | failed lv_b (boom | pipe) | updated v4 | skipped lv_open (preflight: LV is open) | '
              'snapshots: adopted=1, already_managed=1, skipped=1 | adopted snapshot lv_a@nightly | skipped snapshot '
              'lv_c@weekly (not safe)',
        'h2': 'h2 (cluster testcluster@ceph): nothing matched | ERROR: post-check on the storage host failed: x | '
              'snapshots: none (ERROR: snapshots: listing failed)',
        'h3': 'h3 (): nothing matched | ERROR: the host failed before the adopt call (see the play output)'}
    assert summary == ('adopt on 3 host(s): hosts_with_errors=2, adopted=1, updated=1, already_managed=1, skipped=1, '
                       'failed=1; snapshots: adopted=1, already_managed=1, skipped=1. Report: /r/adopt.json and '
                       '/r/adopt.md')
    _per_host, summary = reports.run_messages(reports.run_report('release', ['h1'], STAMP, True, {'h1': {
        'error': None, 'cinder_host': 'n@b#p', 'volumes': []}}), PATHS)
    assert summary == ('release (check mode: plan only) on 1 host(s): nothing to do. Report: /r/adopt.json and '
                       '/r/adopt.md')


def test_the_inventory_totals_the_hosts_and_renders_as_the_former_template():
    expected = json.loads(golden('inventory.json'))
    results = dict((host, entry) for host, entry in expected['hosts'].items() if host != 'stor03')
    report = reports.inventory_report(['stor01', 'stor02', 'stor03'], STAMP, results)
    assert report == expected
    assert reports.inventory_markdown(report) == golden('inventory.md')
    per_host, summary = reports.inventory_messages(report, PATHS)
    assert per_host == {
        'stor01': 'stor01 (node1@lvm#lvm): 3 object(s), 1 safe, 1 already managed, 1 unsafe {"volume in use": 1}',
        'stor02': 'stor02 (cluster c1@ceph): 1 object(s), 0 safe, 0 already managed, 1 unsafe {"odd | reason": 1}',
        'stor03': 'stor03 (): ERROR: the host failed before the listing (see the play output)'}
    assert summary == ('3 host(s): 4 object(s), 1 safe to adopt, 1 already managed, 2 unsafe {"volume in use": 1, '
                       '"odd | reason": 1}. Report: /r/adopt.json and /r/adopt.md')


def test_manageable_objects_keep_what_the_inventory_shows():
    assert reports.manageable_objects([
        {'reference': {'source-name': 'lv_a'}, 'name': 'lv_a', 'size': 1, 'safe_to_manage': True,
         'reason_not_safe': None, 'cinder_id': None, 'extra_info': None},
        {'name': 'volume-1', 'size': 2, 'safe_to_manage': False, 'reason_not_safe': 'already managed',
         'cinder_id': '1'}]) == [
        {'name': 'lv_a', 'size': 1, 'safe_to_manage': True, 'reason_not_safe': None, 'cinder_id': None,
         'managed': False},
        {'name': 'volume-1', 'size': 2, 'safe_to_manage': False, 'reason_not_safe': 'already managed',
         'cinder_id': '1', 'managed': True}]
    assert reports.manageable_objects(None) == []


def test_two_runs_with_the_same_outcome_compare_equal():
    first = adopt_report()
    second = reports.run_report('adopt', HOSTS, '2030-01-01T00:00:00Z', False, RESULTS, EXTRA, SNAPSHOTS)
    assert first != second
    assert reports.comparable(first) == reports.comparable(second)
    assert reports.comparable_markdown(reports.run_markdown(first)) == \
        reports.comparable_markdown(reports.run_markdown(second))
    other = reports.run_report('adopt', HOSTS, STAMP, False, dict(RESULTS, h2=dict(RESULTS['h2'], error=None)))
    assert reports.comparable(first) != reports.comparable(other)
