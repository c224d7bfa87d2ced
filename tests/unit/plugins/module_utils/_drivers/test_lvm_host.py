"""The LVM storage host's rules (one `lvs` read as Cinder's LVM driver reads its volume group). The expected
preflights (fixtures/storage_host/lvm_preflight_*.json) are what the storage_host role's former Jinja computed from
the same `lvs` report (fixtures/storage_host/lvs.json: plain, open, thin, snapshot, origin, RAID and Cinder's LVs)."""

import json
import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import lvm_host
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES

GIB = 1073741824


def fixture(name):
    with open(os.path.join(FIXTURES, 'storage_host', name)) as stream:
        return stream.read()


LVS = lvm_host.parse_lvs(fixture('lvs.json'))


def test_parse_reads_every_lv_with_both_sizes():
    lv = dict((lv['name'], lv) for lv in LVS)
    assert lv['lv_a'] == dict(name='lv_a', attr='-wi-a-----', size_bytes=GIB, size_gib=1, size_cinder=1, origin='',
                              pool_lv='', segtype='linear', role='')
    # 1.006 GiB: `lvs --unit=g` prints 1.01, which the driver rounds up to 2; 1.004 GiB prints 1.00.
    assert (lv['lv_odd']['size_gib'], lv['lv_odd']['size_cinder']) == (2, 2)
    assert (lv['lv_odd2']['size_gib'], lv['lv_odd2']['size_cinder']) == (2, 1)
    assert lvm_host.parse_lvs(json.loads(fixture('lvs.json'))) == LVS
    assert lvm_host.names(fixture('lvs.json'))[:2] == ['lv_a', 'lv_open']


@pytest.mark.parametrize('text', ['not json', '{"report": []}', '[]'])
def test_a_report_that_is_not_lvs_json_is_refused(text):
    with pytest.raises(CinderAdoptError, match='lvs'):
        lvm_host.parse_lvs(text)


def test_the_listing_is_the_drivers():
    listing = dict((entry['source_name'], entry) for entry in lvm_host.listing(LVS))
    # LVMVolumeDriver._get_manageable_resource_info: 's' snapshots are not volumes; thin snapshots ('V') are.
    assert 'lv_snap' not in listing and 'lv_thinsnap' in listing
    assert listing['lv_open'] == dict(source_name='lv_open', size=2, safe_to_manage=False,
                                      reason_not_safe='volume in use')
    # 'X' (device-mapper state unknown) is not open.
    assert listing['lv_X']['safe_to_manage'] is True
    assert listing['volume-3fd5b131-9977-44f6-9377-177bb5580852']['safe_to_manage'] is True
    assert listing['lv_odd2']['size'] == 1


@pytest.mark.parametrize('volumes, select, expected', [
    ([], {'include': ['.*']}, 'lvm_preflight_include_all.json'),
    ([{'source_name': 'lv_snap'}], {'include': ['^lv_'], 'exclude': ['big'], 'min_size': 1, 'max_size': 2},
     'lvm_preflight_patterns.json'),
])
def test_the_preflight_is_what_the_roles_jinja_computed(volumes, select, expected):
    want = json.loads(fixture(expected))
    want['container'] = want['vg']
    assert lvm_host.preflight(LVS, 'vg1', volumes, select) == want


def test_explicit_lvs_are_taken_whatever_the_patterns_and_missing_ones_named():
    result = lvm_host.preflight(LVS, 'vg1', [{'source_name': 'lv_open'}, {'source_name': 'gone'},
                                             {'ref': {'source-name': 'lv_a'}}, {'name': 'no ref'}], {})
    assert result['selected'] == []
    assert [(b['name'], b['reason']) for b in result['blocked']] == [
        ('lv_open', 'preflight: LV is open (in use on this host)')]
    # Only source_name counts here: a ref is left to Cinder.
    assert result['missing'] == ['gone']


def test_cinder_owned_lvs_are_never_candidates():
    result = lvm_host.preflight(LVS, 'vg1', [{'source_name': 'volume-3fd5b131-9977-44f6-9377-177bb5580852'}],
                                {'include': ['^volume', '^_snapshot']})
    assert result['selected'] == [] and result['blocked'] == [] and result['missing'] == []


@pytest.mark.parametrize('attr, segtype, origin, role, reasons', [
    ('-wi-a-----', 'linear', '', '', []),
    ('-wi-ao----', 'linear', '', '', ['LV is open (in use on this host)']),
    ('twi-a-tz--', 'thin-pool', '', 'private', ['LV is a thin pool']),
    ('Vwi-a-tz--', 'thin', 'base', 'public', []),
    ('Vwi-a-tz--', 'thin', '', 'public,snapshot,thinsnapshot', ['LV is a snapshot']),
    ('swi-a-s---', 'linear', 'base', '', ['LV is a snapshot of base']),
    ('owi-a-s---', 'linear', '', '', ['LV is a snapshot origin']),
    ('mwi-a-m---', 'mirror', '', '', ["LV is not a plain volume (lv_attr 'mwi-a-m---')"]),
])
def test_block_reasons(attr, segtype, origin, role, reasons):
    assert lvm_host.block_reasons(dict(attr=attr, segtype=segtype, origin=origin, role=role)) == reasons


def test_a_bad_pattern_names_the_field():
    with pytest.raises(CinderAdoptError) as error:
        lvm_host.preflight(LVS, 'vg1', [], {'include': ['(']})
    assert error.value.details['field'] == 'select.include'
