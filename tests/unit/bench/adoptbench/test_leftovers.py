"""Leftovers of interrupted runs: which names are a run's, and the run lock that tells a live run from a dead one."""

import pytest
from adoptbench import leftovers


class FakeCinder(object):
    cloud = 'stackadopt-admin'

    def list_volumes(self):
        return [{'name': 'bench_1201165050_6f24_oursp_0001'}, {'name': 'mine'}, {'name': None}]

    def snapshots(self):
        return [{'name': 'bench_1201183521_fbb9_snap_0000'}, {'name': 'bench_nodate_0000'}]


def test_the_prefixes_of_runs_are_found_in_every_kind_of_name(monkeypatch):
    monkeypatch.setattr(leftovers, 'list_lvs', lambda: [{'name': 'bench_1201165050_6f24_listr2_0000'},
                                                        {'name': 'volume-1234'}, {'name': 'crowd12ab_0'},
                                                        {'name': 'bench_1201194246_5d91_list_0003'}])
    monkeypatch.delenv('CEPH_CONF', raising=False)
    assert leftovers.leftover_prefixes(FakeCinder()) == [
        'bench_1201165050_6f24', 'bench_1201183521_fbb9', 'bench_1201194246_5d91']


def test_the_run_lock_is_exclusive(tmp_path):
    first = leftovers.run_lock(str(tmp_path))
    assert first is not None
    assert leftovers.run_lock(str(tmp_path)) is None  # flock is per open file: a second open is refused
    first.close()
    again = leftovers.run_lock(str(tmp_path))
    assert again is not None
    again.close()


def test_a_live_run_is_never_cleaned(tmp_path, monkeypatch):
    held = leftovers.run_lock(str(tmp_path))

    def cleanup(*args, **kwargs):
        raise AssertionError('a live run was cleaned: %r %r' % (args, kwargs))
    monkeypatch.setattr(leftovers, 'cleanup', cleanup)
    try:
        with pytest.raises(leftovers.BenchError, match='another bench run holds .* nothing was touched'):
            leftovers.cleanup_leftovers(FakeCinder(), str(tmp_path))
    finally:
        held.close()
