"""Bulk LV creation of the test cloud (tests/cloud/testcloud_lib/lvm.py): names, sizes, allocation and the VG
metadata text it writes. Pure functions only: LVM itself validates the result on the real cloud (integration)."""

import re

import pytest

from testcloud_lib import lvm
from testcloud_lib.common import Fail

# A VG as `vgcfgbackup` writes it (LVM 2.03), trimmed: one PV, one linear LV.
VG_WITH_ONE_LV = '''contents = "Text Format Volume Group"
version = 1

stackadopt-a {
\tid = "JzFzrS-yFRK-0du2-yu3n-h2jC-yxme-fM2JdQ"
\tseqno = 401
\textent_size = 8192\t\t# 4 Megabytes

\tphysical_volumes {

\t\tpv0 {
\t\t\tid = "1907xz-Gklg-Uvyr-mcgh-yx3e-u5MN-9mc5cH"
\t\t\tdevice = "/dev/loop0"\t# Hint only
\t\t\tpe_start = 34816
\t\t\tpe_count = 262139\t# 1023.98 Gigabytes
\t\t}
\t}

\tlogical_volumes {

\t\tdata {
\t\t\tid = "WctUJN-tEEt-XOdd-CWvv-wg9g-g1cB-g7G3S3"
\t\t\tsegment_count = 1
\t\t}
\t}

}
'''

EMPTY_VG = VG_WITH_ONE_LV[:VG_WITH_ONE_LV.index('\n\tlogical_volumes {')] + '\n\n}\n'


def test_bulk_names_sort_in_order():
    assert lvm.bulk_names('bulk_', 3) == ['bulk_0000', 'bulk_0001', 'bulk_0002']
    names = lvm.bulk_names('p', 12000)
    assert names[0] == 'p00000' and names[-1] == 'p11999' and names == sorted(names)


@pytest.mark.parametrize('size,expected', [
    ('4M', 4 << 20), ('4m', 4 << 20), ('1G', 1 << 30), ('1.5G', 3 << 29), ('512', 512 << 20),
    ('8s', 4096), ('1t', 1 << 40), ('100b', 100), ('2K', 2048)])
def test_size_bytes_follows_lvcreate(size, expected):
    assert lvm.size_bytes(size) == expected


@pytest.mark.parametrize('size', ['', 'G', '1GB', '-1G', '1 G', '1e3'])
def test_bad_size_is_refused(size):
    with pytest.raises(Fail, match='bad SIZE'):
        lvm.size_bytes(size)


@pytest.mark.parametrize('name', ['ok', 'a.b-c+d_e', 'x' * 120])
def test_good_lv_names(name):
    lvm.check_lv_name(name)


@pytest.mark.parametrize('name', ['-x', 'a/b', 'a b', '.', '..', 'x' * 121, 'snapshot1', 'pvmove0', 'a_tmeta',
                                  'x_rimage_1', ''])
def test_bad_lv_names_are_refused(name):
    with pytest.raises(Fail, match='bad LV name'):
        lvm.check_lv_name(name)


@pytest.mark.parametrize('prefix', ['', 'v', 'vol', 'volume-', 'volume-123', '_', '_snap', '_snapshot-x'])
def test_removal_prefix_never_matches_cinder_names(prefix):
    with pytest.raises(Fail):
        lvm.check_removal_prefix(prefix)


@pytest.mark.parametrize('prefix', ['bulk_', 'tc-', 'volumes', 'x'])
def test_removal_prefixes_that_cannot_match_cinder_names(prefix):
    lvm.check_removal_prefix(prefix)


def test_allocate_first_fit_and_skips_holes_too_small():
    free = [('pv0', 10, 2), ('pv0', 100, 1000), ('pv1', 0, 5)]
    placed = lvm.allocate(free, ['a', 'b', 'c'], 3)
    assert placed == [('a', 'pv0', 100), ('b', 'pv0', 103), ('c', 'pv0', 106)]


def test_allocate_fills_a_hole_exactly_then_moves_on():
    placed = lvm.allocate([('pv0', 0, 2), ('pv0', 50, 10)], ['a', 'b', 'c'], 1)
    assert placed == [('a', 'pv0', 0), ('b', 'pv0', 1), ('c', 'pv0', 50)]


def test_allocate_never_overlaps():
    placed = lvm.allocate([('pv0', 0, 100)], ['n%d' % i for i in range(33)], 3)
    used = [x for _n, _pv, start in placed for x in range(start, start + 3)]
    assert len(used) == len(set(used)) == 99 and max(used) < 100


def test_allocate_fails_before_writing_when_space_is_short():
    with pytest.raises(Fail, match=r'not enough free space for 3 LVs of 4 extents each \(2 placed; 1 extents free\)'):
        lvm.allocate([('pv0', 0, 9)], ['a', 'b', 'c'], 4)


def test_pv_keys_map_uuid_to_metadata_key():
    assert lvm.pv_keys(VG_WITH_ONE_LV) == {'1907xz-Gklg-Uvyr-mcgh-yx3e-u5MN-9mc5cH': 'pv0'}


def test_lvm_uuid_format():
    ids = {lvm.lvm_uuid() for _i in range(50)}
    assert len(ids) == 50
    for value in ids:
        assert re.match(r'^[A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}$', value), value


def test_lv_section_is_a_linear_lv():
    text = lvm.lv_section('bulk_0001', 'pv0', 42, 3, 1700000000, 'vm')
    assert '\t\tbulk_0001 {\n' in text
    assert 'status = ["READ", "WRITE", "VISIBLE"]' in text
    assert 'extent_count = 3' in text and 'type = "striped"' in text and 'stripe_count = 1' in text
    assert '"pv0", 42' in text
    assert text.count('{') == text.count('}') == 2


def test_add_lv_sections_into_the_existing_block():
    new = lvm.add_lv_sections(VG_WITH_ONE_LV, [lvm.lv_section('n1', 'pv0', 1, 1, 0, 'h')])
    assert new.count('logical_volumes {') == 1
    block = new[new.index('logical_volumes {'):]
    assert block.index('n1 {') < block.index('data {')
    assert new.count('{') == new.count('}')


def test_add_lv_sections_creates_the_block_of_an_empty_vg():
    assert 'logical_volumes' not in EMPTY_VG
    new = lvm.add_lv_sections(EMPTY_VG, [lvm.lv_section('n1', 'pv0', 0, 1, 0, 'h')])
    assert new.count('\n\tlogical_volumes {\n') == 1
    assert new.count('{') == new.count('}')
    assert new.rstrip().endswith('}')
    # The block is inside the VG's braces, after its physical volumes.
    assert new.index('physical_volumes') < new.index('logical_volumes') < new.rstrip().rindex('}')
