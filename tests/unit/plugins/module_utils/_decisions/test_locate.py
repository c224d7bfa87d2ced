"""One locate decision for volumes and snapshots: every outcome, table-driven (pure, no I/O)."""

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import locate as where
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.generic import GenericProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.lvm import LVMProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.rbd import RBDProfile
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.kinds import SNAPSHOT, VOLUME

REF = {'source-name': 'lv_data'}
LABEL = "host 'h@lvm#lvm'"


def entry(name, safe=True, cinder_id=None, reason=None, source=None, size=1):
    found = dict(reference={'source-name': name}, size=size, safe_to_manage=safe, cinder_id=cinder_id,
                 reason_not_safe=reason, extra_info=None)
    if source is not None:
        found['source_reference'] = {'source-name': source}
    return found


def record(rid, status='available', age=10):
    return dict(id=rid, status=status, age=age, created_at='2026-11-26T10:00:%02d' % (len(rid) % 60))


def age(raw):
    return raw['age']


UNSAFE = entry('lv_data', safe=False, reason='volume in use')

# (case, profile, entries, records, expected kind, expected resource, expected candidates)
CASES = [
    ('listed safe, no record: adopt', LVMProfile(), [entry('lv_data')], [], where.ADOPT, None, None),
    ('listed unsafe: unsafe', LVMProfile(), [UNSAFE], [], where.UNSAFE, None, None),
    ('listed managed: managed by the listing', GenericProfile(), [entry('lv_data', cinder_id='v1')], [],
     where.MANAGED, 'v1', None),
    ('renamed, record live: managed by the record', LVMProfile(), [entry('volume-v1', cinder_id='v1')],
     [record('v1')], where.MANAGED, 'v1', None),
    ('renamed, record creating: in progress', LVMProfile(), [entry('volume-v1', cinder_id=None)],
     [record('v1', 'creating')], where.IN_PROGRESS, 'v1', None),
    ('listed unmanaged, record creating: another run adopting it', LVMProfile(), [entry('lv_data')],
     [record('v1', 'creating')], where.IN_PROGRESS, 'v1', None),
    ('listed unmanaged, old creating record: stuck', LVMProfile(), [entry('lv_data')],
     [record('v1', 'creating', age=5000)], where.STUCK, None, None),
    ('not listed, old error record: stuck', LVMProfile(), [entry('other')],
     [record('v1', 'error', age=5000)], where.STUCK, None, None),
    ('listed unmanaged, young error record: another run releasing its rejected record; adopt',
     LVMProfile(), [entry('lv_data')], [record('v1', 'error')], where.ADOPT, None, None),
    ('listed unmanaged, live record: a new object under an adopted name', LVMProfile(), [entry('lv_data')],
     [record('v1')], where.AMBIGUOUS, None, None),
    ('two live records: ambiguous', LVMProfile(), [entry('other')], [record('v1'), record('v2')],
     where.AMBIGUOUS, None, None),
    ('typo: missing with candidates', LVMProfile(), [entry('lv_dat'), entry('zz')], [], where.MISSING, None,
     ['lv_dat']),
    ('listing that cannot be compared: adopt, the driver judges', LVMProfile(), [dict(reference={'id': 3})], [],
     where.ADOPT, None, None),
]


@pytest.mark.parametrize('case, profile, entries, records, kind, resource_id, candidates', CASES,
                         ids=[case[0] for case in CASES])
def test_volume_outcomes(case, profile, entries, records, kind, resource_id, candidates):
    found = where.locate(profile, REF, entries, records, LABEL, VOLUME.statuses, age=age, stuck_after=900)
    assert found.kind == kind
    if resource_id:
        assert found.resource_id == resource_id
    if candidates is not None:
        assert found.candidates[:len(candidates)] == candidates
    if kind == where.AMBIGUOUS:
        assert 'v1' in found.message and LABEL in found.message


@pytest.mark.parametrize('records, kind', [
    ([], where.ADOPT),
    ([record('v1')], where.MANAGED),
    ([record('v1', 'creating')], where.IN_PROGRESS),
    ([record('v1', 'creating', age=5000)], where.STUCK),
    ([record('v1'), record('v2')], where.AMBIGUOUS),
], ids=['no record', 'live', 'creating', 'stuck', 'two'])
def test_a_driver_that_cannot_list_decides_by_the_records(records, kind):
    assert where.locate(LVMProfile(), REF, None, records, LABEL, VOLUME.statuses, age=age,
                        stuck_after=900).kind == kind


@pytest.mark.parametrize('profile, kind', [(LVMProfile(), where.MISSING), (GenericProfile(), where.ADOPT)],
                         ids=['a driver known to list', 'any driver'])
def test_an_empty_listing_means_nothing_there_only_for_a_driver_known_to_list(profile, kind):
    found = where.locate(profile, REF, [], [], LABEL, VOLUME.statuses,
                         complete=profile.knows_its_listing and not profile.listing_omits)
    assert found.kind == kind


def test_no_stuck_after_means_nothing_is_ever_stuck():
    found = where.locate(LVMProfile(), REF, [entry('lv_data')], [record('v1', 'creating', age=10 ** 6)], LABEL,
                         VOLUME.statuses, age=age, stuck_after=None)
    assert found.kind == where.IN_PROGRESS


SNAP = {'source-name': 'nightly'}
ORIGIN = [{'source-name': 'volume-v1'}]


def same(one, other):
    return one == other


@pytest.mark.parametrize('entries, records, kind', [
    ([entry('nightly', source='volume-v1')], [], where.ADOPT),
    ([entry('nightly', source='volume-v2')], [], where.ELSEWHERE),
    ([entry('nightly', source='volume-v2'), entry('nightly', source='volume-v1')], [], where.ADOPT),
    ([entry('nightly', source='volume-v1', cinder_id='s1')], [], where.MANAGED),
    ([entry('nightly', source='volume-v1', safe=False, reason='snapshot in use')], [], where.UNSAFE),
    ([entry('snapshot-s1', source='volume-v1', cinder_id='s1')], [record('s1')], where.MANAGED),
    ([entry('nightly', source='volume-v1')], [record('s1', 'creating')], where.IN_PROGRESS),
    ([entry('weekly', source='volume-v1')], [], where.MISSING),
], ids=['own origin', 'other origin', 'own among others', 'managed', 'unsafe', 'renamed', 'in progress',
        'missing'])
def test_snapshot_outcomes_are_judged_on_the_volumes_own_origin(entries, records, kind):
    found = where.locate(RBDProfile(), SNAP, entries, records, LABEL, SNAPSHOT.statuses, resource='snapshot',
                         age=age, stuck_after=900, origin_refs=ORIGIN, same_origin=same)
    assert found.kind == kind


def test_a_snapshot_name_of_several_origins_without_a_known_origin_is_ambiguous():
    entries = [entry('nightly', source='a'), entry('nightly', source='b')]
    found = where.locate(GenericProfile(), SNAP, entries, [], LABEL, SNAPSHOT.statuses, resource='snapshot',
                         origin_refs=None, same_origin=same)
    assert found.kind == where.AMBIGUOUS and 'several objects' in found.message
