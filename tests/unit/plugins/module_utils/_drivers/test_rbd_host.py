"""The Ceph RBD storage host's rules: `rbd ls -l` and the watchers of the candidates, read as Cinder's RBD driver
reads its pool (cinder/volume/drivers/rbd.py RBDDriver.get_manageable_volumes). fixtures/storage_host/rbd_ls_l.json
has the shape `rbd ls -l --format json` prints on the test cloud's Ceph 16."""

import json
import os

import pytest

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers import rbd_host
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError
from ansible_collections.stackadopt.cinder.tests.unit.fake_cinder import FIXTURES

with open(os.path.join(FIXTURES, 'storage_host', 'rbd_ls_l.json')) as _stream:
    LS = _stream.read()
IMAGES = rbd_host.parse_images(LS)
WATCHER = {'address': '127.0.0.1:0/1324643182', 'client': 14166, 'cookie': 140339935531216}


def status_lines(**by_image):
    """What the role's status loop prints for the images, in the given order."""
    return ''.join('%s\n' % line for line in by_image.values())


def test_parse_reads_images_with_their_snapshots_and_the_drivers_size():
    by_name = dict((image['name'], image) for image in IMAGES)
    assert by_name['img_free'] == dict(name='img_free', id='374090a28efc', size_bytes=1073741824, size_gib=1,
                                       snapshots=['nightly'])
    # RBDDriver.get_manageable_volumes: int(math.ceil(float(image.size()) / units.Gi)).
    assert by_name['img_odd']['size_gib'] == 2
    assert [image['name'] for image in IMAGES][:3] == ['img_free', 'img_busy', 'img_odd']
    assert rbd_host.parse_images(json.loads(LS)) == IMAGES


def test_an_image_whose_header_was_not_read_is_skipped_as_the_driver_skips_it():
    assert rbd_host.parse_images([{'image': 'x', 'snapshot': 's', 'size': 1}]) == []


@pytest.mark.parametrize('text', ['rbd: error opening pool', '{"images": []}'])
def test_output_that_is_no_image_list_is_refused(text):
    with pytest.raises(CinderAdoptError, match='rbd ls'):
        rbd_host.parse_images(text)


def test_candidates_are_the_selected_images_never_cinders_own():
    assert rbd_host.candidates(IMAGES, [], {'include': ['.*']}) == [
        'img_free', 'img_busy', 'img_odd', 'img_gone', 'img_broken', 'parent.deleted', 'other_big']
    assert rbd_host.candidates(IMAGES, [{'source_name': 'other_big'}, {'ref': {'source-name': 'img_busy'}},
                                        {'source_name': 'volume-07360923-0c05-4da6-b3e2-e539f01e1084'}],
                               {'include': ['^img_'], 'max_size': 1}) == [
        'img_free', 'img_busy', 'img_gone', 'img_broken', 'other_big']
    assert rbd_host.candidates(IMAGES, [], {}) == []


def test_watchers_are_paired_with_the_names_in_order():
    checked = ['img_free', 'img_busy', 'img_gone', 'img_broken']
    out = status_lines(img_free='0 {"watchers":[]}', img_busy='0 {"watchers":[%s]}' % json.dumps(WATCHER),
                       img_gone='2 rbd: error opening image img_gone: (2) No such file or directory',
                       img_broken='22 rbd: error opening image img_broken: (22) Invalid argument')
    assert rbd_host.parse_watchers(checked, out) == {
        'img_free': [], 'img_busy': [WATCHER], 'img_gone': None,
        'img_broken': 'rbd status failed (rc=22): rbd: error opening image img_broken: (22) Invalid argument'}
    with pytest.raises(CinderAdoptError, match='printed 1 line'):
        rbd_host.parse_watchers(checked, '0 {}\n')
    assert rbd_host.parse_watchers(['x'], '0 not json\n') == {'x': 'rbd status printed no JSON: not json'}


def test_the_preflight_applies_the_drivers_rules_to_the_candidates():
    checked = rbd_host.candidates(IMAGES, [{'source_name': 'absent'}], {'include': ['^img_', 'deleted$']})
    assert checked == ['img_free', 'img_busy', 'img_odd', 'img_gone', 'img_broken', 'parent.deleted']
    out = status_lines(img_free='0 {"watchers":[]}', img_busy='0 {"watchers":[%s]}' % json.dumps(WATCHER),
                       img_odd='0 {"watchers":[]}',
                       img_gone='2 rbd: error opening image img_gone: (2) No such file or directory',
                       img_broken='1 rbd: failed', parent='0 {"watchers":[]}')
    result = rbd_host.preflight(IMAGES, 'volumes', [{'source_name': 'absent'}],
                                {'include': ['^img_', 'deleted$']}, checked, out)
    assert (result['type'], result['pool'], result['container']) == ('rbd', 'volumes', 'volumes')
    assert result['selected'] == [dict(name='img_free', size_gib=1, snapshots=1),
                                  dict(name='img_odd', size_gib=2, snapshots=0)]
    assert result['blocked'] == [
        dict(name='img_busy', size=2, reason='preflight: image is in use (1 watcher(s): 127.0.0.1:0/1324643182)'),
        dict(name='img_broken', size=1, reason='preflight: watchers unknown (rbd status failed (rc=1): rbd: failed)'),
        dict(name='parent.deleted', size=1, reason='preflight: image is marked as deleted (a Cinder clone parent)')]
    # An image gone since the listing is neither selected nor listed; an absent explicit name is missing.
    assert sorted(result['missing']) == ['absent']
    listing = dict((entry['source_name'], entry) for entry in result['listing'])
    assert 'img_gone' not in listing
    assert listing['img_free'] == dict(source_name='img_free', size=1, safe_to_manage=True, reason_not_safe=None)
    assert listing['img_busy']['reason_not_safe'] == 'volume in use'
    assert listing['parent.deleted']['reason_not_safe'] == 'volume marked as deleted'
    # Watchers not read: never listed as safe (the bulk module reports a Cinder volume's image as already managed).
    for name in ('other_big', 'volume-07360923-0c05-4da6-b3e2-e539f01e1084'):
        assert listing[name]['safe_to_manage'] is False and listing[name]['reason_not_safe'] == rbd_host.NOT_READ
    assert listing['volume-07360923-0c05-4da6-b3e2-e539f01e1084.deleted']['reason_not_safe'] == rbd_host.NOT_READ


def test_a_candidate_whose_watchers_were_not_read_is_refused():
    with pytest.raises(CinderAdoptError, match='img_free'):
        rbd_host.preflight(IMAGES, 'volumes', [{'source_name': 'img_free'}], {}, [], '')


def test_without_candidates_nothing_is_read():
    result = rbd_host.preflight(IMAGES, 'volumes', [], {})
    assert result['selected'] == result['blocked'] == result['missing'] == []
    assert len(result['listing']) == len(IMAGES)


def test_names_for_the_post_check():
    assert rbd_host.names('["a", "volume-1"]') == ['a', 'volume-1']
    with pytest.raises(CinderAdoptError):
        rbd_host.names('{}')
