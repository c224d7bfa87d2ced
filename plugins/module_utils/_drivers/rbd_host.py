# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Ceph RBD storage host: a client node with the backend's keyring, read with the rules of Cinder's RBD driver.

cinder/volume/drivers/rbd.py RBDDriver.get_manageable_volumes lists the backend's pool
(RBDProxy().list), opens every image read-only for its size, and, for every image that is not
already a Cinder volume of the backend, runs ``rbd status`` (RBDDriver._get_image_status) to
count its watchers. The storage_host role does the same with the ``rbd`` command:

1. ``rbd ls -l --format json`` - every image of the pool with its size (and snapshots), one call;
2. ``rbd status --format json`` for each *candidate* of the run only (the images the selection
   takes, never an image already named like a Cinder volume): Ceph has no call that lists the
   watchers of many images, and the driver too asks once per image. All of them run in one task
   on the host, one after the other (see roles/storage_host/tasks/rbd.yml).

This module turns both into the driver's listing, the role's preflight (stackadopt.cinder.rbd_preflight) and the
names its post-check reads.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import math
import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._drivers.storage_host import (
    explicit_names,
    host_selection,
    load_json,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

GIB = 1073741824

# The names the RBD driver gives its images: volume_name_template 'volume-%s' (cinder/db/api.py), which
# RBDDriver.delete_volume turns into 'volume-<id>.deleted' for a clone parent it cannot remove yet. Such images are
# never preflight candidates (the bulk module reports a Cinder volume's image as already managed), and their
# watchers are not read.
_CINDER_OWNED = re.compile(r'^volume-[0-9a-f]{8}-')
# RBDDriver.get_manageable_volumes: "parent of cloned volume which marked as deleted should not be manageable".
_DELETED_SUFFIX = '.deleted'

IN_USE = 'volume in use'
MARKED_DELETED = 'volume marked as deleted'
NOT_READ = 'watchers not read on the storage host (not a candidate of this run)'


def parse_images(stdout):
    """The images of ``rbd ls -l --format json``, one dict each: name, id, size_bytes, size_gib (rounded up as the
    driver rounds), snapshots (names). Its snapshot rows (those with a ``snapshot`` key) go to their image."""
    rows = load_json(stdout, 'rbd ls -l')
    if not isinstance(rows, list):
        raise CinderAdoptError('rbd ls -l printed no list of images: %r' % (rows,), field='stdout')
    images, order = {}, []
    for row in rows:
        name = row.get('image')
        if name is None:
            continue
        if name not in images:
            images[name] = dict(name=name, id=row.get('id'), size_bytes=None, size_gib=None, snapshots=[])
            order.append(name)
        if 'snapshot' in row:
            images[name]['snapshots'].append(row['snapshot'])
        else:
            images[name]['size_bytes'] = int(row['size'])
            # RBDDriver.get_manageable_volumes: int(math.ceil(float(image.size()) / units.Gi)).
            images[name]['size_gib'] = int(math.ceil(int(row['size']) / float(GIB)))
    # An image whose header could not be read has no size row; the driver skips images it cannot open
    # (rbd.ImageNotFound, rbd.Error), and so does this listing.
    return [images[name] for name in order if images[name]['size_bytes'] is not None]


def candidates(images, volumes, select):
    """The images of this run: explicitly listed (``source_name`` or ``ref.source-name``) or taken by ``select``,
    never one named like a Cinder volume. Only their watchers are read."""
    explicit = explicit_names(volumes, refs=True)
    selection = host_selection(select)
    out = []
    for image in images:
        if _CINDER_OWNED.search(image['name']):
            continue
        if image['name'] in explicit or (selection.given and selection.accepts(image['name'], image['size_gib'])):
            out.append(image['name'])
    return out


def parse_watchers(checked, stdout):
    """``{image: watchers}`` from the output of the role's status loop: for each name of ``checked`` in order, one
    line ``<rc> <output of rbd status --format json>``. An image gone since the listing maps to None (the driver
    skips an image it cannot open); any other failure to a string, the error."""
    lines = (stdout or '').splitlines()
    if len(lines) != len(checked):
        raise CinderAdoptError('the rbd status loop printed %d line(s) for %d image(s): %r'
                               % (len(lines), len(checked), (stdout or '')[:500]), field='stdout')
    found = {}
    for name, line in zip(checked, lines):
        rc, _sep, output = line.partition(' ')
        output = output.strip()
        if rc == '0':
            try:
                found[name] = json.loads(output).get('watchers') or []
                continue
            except (ValueError, AttributeError):
                found[name] = 'rbd status printed no JSON: %s' % output[:200]
                continue
        if 'No such file or directory' in output:
            found[name] = None
        else:
            found[name] = 'rbd status failed (rc=%s): %s' % (rc, output[:300])
    return found


def _watcher_text(watchers):
    addresses = [str(watcher.get('address', '?')) for watcher in watchers if isinstance(watcher, dict)]
    return '%d watcher(s)%s' % (len(watchers), (': ' + ', '.join(addresses)) if addresses else '')


def listing(images, watchers):
    """The pool as RBDDriver.get_manageable_volumes lists it, in its order of checks: "already managed" first (the
    bulk module adds it: it needs Cinder's volumes), then "volume in use" (has watchers), then "volume marked as
    deleted". An image whose watchers were not read is listed as not safe, never as safe unseen."""
    entries = []
    for image in images:
        name, seen = image['name'], watchers.get(image['name'], NOT_READ)
        if name in watchers and seen is None:
            continue   # gone since the listing
        if isinstance(seen, list) and seen:
            reason = IN_USE
        elif isinstance(seen, str):
            reason = seen
        elif name.endswith(_DELETED_SUFFIX):
            reason = MARKED_DELETED
        else:
            reason = None
        entries.append(dict(source_name=name, size=image['size_gib'], safe_to_manage=reason is None,
                            reason_not_safe=reason))
    return entries


def block_reason(image, seen):
    """Why the preflight keeps a candidate out of the adoption, or None: the driver's rules, in its words' sense."""
    if isinstance(seen, str):
        return 'preflight: watchers unknown (%s)' % seen
    if seen:
        return 'preflight: image is in use (%s)' % _watcher_text(seen)
    if image['name'].endswith(_DELETED_SUFFIX):
        return 'preflight: image is marked as deleted (a Cinder clone parent)'
    return None


def preflight(images, pool, volumes, select, checked=None, status_stdout=''):
    """The fact ``storage_host_preflight`` of an RBD storage host (see storage_host.py). ``checked`` are the images
    whose watchers the role read (``candidates``), ``status_stdout`` what its status loop printed."""
    checked = list(checked or [])
    watchers = parse_watchers(checked, status_stdout) if checked else {}
    explicit = explicit_names(volumes, refs=True)
    wanted = set(candidates(images, volumes, select))
    unread = sorted(wanted - set(checked))
    if unread:
        raise CinderAdoptError('the watchers of %s were not read; run rbd status for every candidate '
                               '(stackadopt.cinder.rbd_candidates).' % ', '.join(unread), field='checked')
    selected, blocked = [], []
    for image in images:
        if image['name'] not in wanted or watchers.get(image['name'], []) is None:
            continue
        reason = block_reason(image, watchers.get(image['name']))
        if reason:
            blocked.append(dict(name=image['name'], reason=reason, size=image['size_gib']))
        else:
            selected.append(dict(name=image['name'], size_gib=image['size_gib'],
                                 snapshots=len(image['snapshots'])))
    present = set(image['name'] for image in images if watchers.get(image['name'], []) is not None)
    return dict(type='rbd', pool=pool, container=pool, selected=selected, blocked=blocked,
                missing=[name for name in explicit if name not in present], listing=listing(images, watchers))


def names(stdout):
    """The image names of ``rbd ls --format json`` (for the post-check)."""
    rows = load_json(stdout, 'rbd ls')
    if not isinstance(rows, list):
        raise CinderAdoptError('rbd ls printed no list of images: %r' % (rows,), field='stdout')
    return [row if isinstance(row, str) else row.get('image') for row in rows]
