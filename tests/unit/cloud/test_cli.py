"""The test cloud's command line (tests/cloud/testcloud_lib/cli.py, cmd_objects.py) and its pure argument checks:
the bulk forms of lv-create/rbd-create, removal prefixes, RBD sizes, quota arguments (bootstrap.py)."""

import argparse

import pytest

from testcloud_lib import bootstrap, ceph, cli, cmd_objects
from testcloud_lib.common import Fail


@pytest.mark.parametrize('argv', [['stop', 'cinder-volume'], ['stop', '--kill', 'cinder-volume'],
                                  ['start', 'keystone'], ['restart', 'cinder-api'],
                                  ['up', '--rpc-response-timeout', '600'], ['quota', 'tenant-a', 'volumes=5'],
                                  ['lv-create', 'lvm-a', 'x', '1G'],
                                  ['lv-create', '--count', '20', '--prefix', 'b_', '--size', '4M', 'lvm-a'],
                                  ['lv-remove', 'lvm-a', '--prefix', 'b_'], ['lv-remove', 'lvm-b', 'x', 'y'],
                                  ['rbd-create', '--count', '3', '--prefix', 'b_', '--size', '4M'],
                                  ['rbd-remove', '--prefix', 'b_']])
def test_command_lines_parse(argv):
    args = cli.parser().parse_args(argv)
    assert args.command in cli.HANDLERS


def bulk_args(**kw):
    base = {'name': None, 'size': None, 'size_opt': None, 'count': None, 'prefix': None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_bulk_or_single():
    assert cmd_objects.bulk_or_single(bulk_args(name='x', size='1G'), 'LV') == (None, '1G')
    names, size = cmd_objects.bulk_or_single(bulk_args(count=3, prefix='b_', size_opt='4M'), 'LV')
    assert names == ['b_0000', 'b_0001', 'b_0002'] and size == '4M'


@pytest.mark.parametrize('kw', [{}, {'name': 'x'}, {'count': 3, 'prefix': 'b_'}, {'count': 3, 'size_opt': '4M'},
                                {'name': 'x', 'count': 3, 'prefix': 'b_', 'size_opt': '4M'},
                                {'count': 0, 'prefix': 'b_', 'size_opt': '4M'},
                                {'count': 100001, 'prefix': 'b_', 'size_opt': '4M'}])
def test_bulk_or_single_refuses_mixed_or_incomplete_forms(kw):
    with pytest.raises(Fail):
        cmd_objects.bulk_or_single(bulk_args(**kw), 'LV')


@pytest.mark.parametrize('size,expected', [('4M', 4 << 20), ('1g', 1 << 30), ('512', 512 << 20), ('2T', 2 << 40)])
def test_rbd_sizes(size, expected):
    assert ceph.rbd_size_bytes(size) == expected


@pytest.mark.parametrize('size', ['1.5G', '4K', '', 'G'])
def test_bad_rbd_sizes(size):
    with pytest.raises(Fail, match='bad SIZE'):
        ceph.rbd_size_bytes(size)


@pytest.mark.parametrize('prefix', ['', 'v', 'volume-', 'volume-abc'])
def test_rbd_removal_prefix_never_matches_cinder_names(prefix):
    with pytest.raises(Fail):
        ceph.check_rbd_removal_prefix(prefix)


VALID_QUOTAS = {'volumes', 'gigabytes', 'snapshots', 'volumes_lvm-a', 'gigabytes_lvm-a'}


def test_parse_quota_args():
    assert bootstrap.parse_quota_args(['volumes=10', 'gigabytes_lvm-a=-1', 'snapshots = 0'], VALID_QUOTAS) == \
        {'volumes': 10, 'gigabytes_lvm-a': -1, 'snapshots': 0}


@pytest.mark.parametrize('pair,message', [
    ('volumes', 'write KEY=VALUE'), ('=5', 'write KEY=VALUE'),
    ('bogus=1', r"unknown quota key 'bogus': valid keys are gigabytes, gigabytes_lvm-a, snapshots, volumes"),
    ('volumes=-2', 'a whole number >= 0, or -1 for unlimited'), ('volumes=1.5', 'a whole number'),
    ('volumes=', 'a whole number')])
def test_bad_quota_args_are_refused_with_what_is_valid(pair, message):
    with pytest.raises(Fail, match=message):
        bootstrap.parse_quota_args([pair], VALID_QUOTAS)
