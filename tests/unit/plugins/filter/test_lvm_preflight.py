import os

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES
from ansible_collections.stackadopt.cinder.tests.unit.plugins.filter.conftest import assert_documented

lvm_preflight = assert_documented('lvm_preflight')


def test_the_filter_gives_the_preflight_of_an_lvs_report():
    with open(os.path.join(FIXTURES, 'storage_host', 'lvs.json')) as stream:
        result = lvm_preflight(stream.read(), 'vg1', [{'source_name': 'lv_a'}], None)
    assert result['selected'] == [{'name': 'lv_a', 'size_gib': 1, 'attr': '-wi-a-----'}]
    assert result['container'] == 'vg1' and result['type'] == 'lvm'


def test_errors_are_filter_errors():
    with pytest.raises(AnsibleFilterError, match='lvm_preflight: lvs did not print JSON'):
        lvm_preflight('  Volume group "vg9" not found', 'vg9')
