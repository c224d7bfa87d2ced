import os

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES
from ansible_collections.stackadopt.cinder.tests.unit.plugins.filter.conftest import assert_documented

storage_postcheck = assert_documented('storage_postcheck')
ITEMS = [{'source_name': 'lv_x', 'status': 'adopted', 'backend_name': 'lv_a', 'volume_id': '1'},
         {'source_name': 'img', 'status': 'released', 'backend_name': 'volume-2', 'volume_id': '2'}]


def test_the_filter_reads_both_storage_types():
    with open(os.path.join(FIXTURES, 'storage_host', 'lvs.json')) as stream:
        assert storage_postcheck(stream.read(), 'lvm', 'adopt', ITEMS)['not_renamed'] == []
    assert storage_postcheck('["volume-1"]', 'rbd', 'release', ITEMS)['gone'] == ['2']
    assert storage_postcheck(['img'], 'rbd', 'release', ITEMS)['gone'] == []


def test_errors_are_filter_errors():
    with pytest.raises(AnsibleFilterError, match="storage_postcheck: type 'nfs' has no post-check; valid: lvm, rbd"):
        storage_postcheck('[]', 'nfs', 'adopt', [])
    with pytest.raises(AnsibleFilterError, match="action 'undo'"):
        storage_postcheck('[]', 'rbd', 'undo', [])
