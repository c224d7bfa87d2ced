import os

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES
from ansible_collections.stackadopt.cinder.tests.unit.plugins.filter.conftest import assert_documented

rbd_candidates = assert_documented('rbd_candidates')


def test_the_filter_names_the_images_whose_watchers_to_read():
    with open(os.path.join(FIXTURES, 'storage_host', 'rbd_ls_l.json')) as stream:
        assert rbd_candidates(stream.read(), [{'source_name': 'other_big'}], {'include': ['^img_f']}) == [
            'img_free', 'other_big']


def test_errors_are_filter_errors():
    with pytest.raises(AnsibleFilterError,
                       match=r"rbd_candidates: select.include pattern '\(' is not a valid regular expression"):
        rbd_candidates('[]', [], {'include': ['(']})
