"""Quota needs and shortfalls (pure)."""

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import quota


def test_needs_count_per_type_keys():
    assert quota.needs('volumes', [(10, 'gold'), (5, None), (None, 'gold')]) == {
        'volumes': 3, 'gigabytes': 15, 'volumes_gold': 2, 'gigabytes_gold': 10}


def test_shortfalls_ignore_unlimited_and_untracked_keys():
    usage = {'volumes': {'limit': 10, 'in_use': 8, 'reserved': 1}, 'gigabytes': {'limit': -1, 'in_use': 5},
             'id': 'p1'}
    assert quota.shortfalls(usage, {'volumes': 2, 'gigabytes': 999, 'volumes_gold': 5}) == [
        ('volumes', 2, 1, 10, 8, 1)]


def test_describe_gives_the_numbers_and_the_way_out():
    text = quota.describe([('volumes', 2, 1, 10, 8, 1)], "project 'a'", unknown_sizes=1)
    assert 'volumes: 2 needed, 1 left (limit 10, in use 8, reserved 1)' in text
    assert '--volumes 11' in text and 'unknown size' in text and 'Nothing was written' in text
