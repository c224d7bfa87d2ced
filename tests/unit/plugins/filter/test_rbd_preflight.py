import os

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES
from ansible_collections.stackadopt.cinder.tests.unit.plugins.filter.conftest import assert_documented

rbd_preflight = assert_documented('rbd_preflight')


def test_the_filter_gives_the_preflight_of_a_pool():
    with open(os.path.join(FIXTURES, 'storage_host', 'rbd_ls_l.json')) as stream:
        listing = stream.read()
    result = rbd_preflight(listing, 'volumes', [{'source_name': 'img_free'}], None, ['img_free'],
                           '0 {"watchers":[]}\n')
    assert result['selected'] == [{'name': 'img_free', 'size_gib': 1, 'snapshots': 1}]
    assert result['container'] == 'volumes' and result['blocked'] == [] and result['missing'] == []


def test_errors_are_filter_errors():
    with pytest.raises(AnsibleFilterError, match='rbd_preflight: the rbd status loop printed 0 line'):
        rbd_preflight('[{"image": "a", "size": 1}]', 'volumes', [{'source_name': 'a'}], {}, ['a'], '')
