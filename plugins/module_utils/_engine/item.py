# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One backend object's way through a run: what is wanted, where it stands, what was written, how it ended."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Outcomes reported per object; check mode reports the would_* forms of the writes.
ADOPTED, UPDATED, RELEASED = 'adopted', 'updated', 'released'
ALREADY_MANAGED, NOT_MANAGED, SKIPPED, FAILED = 'already_managed', 'not_managed', 'skipped', 'failed'
WOULD = {ADOPTED: 'would_adopt', UPDATED: 'would_update', RELEASED: 'would_release'}
OUTCOMES = (ADOPTED, UPDATED, RELEASED, ALREADY_MANAGED, NOT_MANAGED, SKIPPED, FAILED) + tuple(WOULD.values())


class Request(object):
    """What an object should look like in Cinder once adopted (validated input, defaults applied)."""

    def __init__(self, name=None, description=None, metadata=None, bootable=None, image_metadata=None,
                 volume_type=None, availability_zone=None, project=None, converge_name=True):
        self.name = name
        self.description = description
        self.metadata = dict(metadata or {})
        self.bootable = bootable
        self.image_metadata = image_metadata
        self.volume_type = volume_type            # the type dict (resolved), or None: Cinder's default
        self.availability_zone = availability_zone
        self.project = project                    # {'id', 'name', 'domain_id'} or None: the caller's project
        self.converge_name = converge_name        # bulk: a name from name_template applies at adoption only


class Item(object):
    """An object of one run. ``writes`` lists every write made for it: ``changed`` comes from there only."""

    def __init__(self, ref, request=None, parent=None, size=None, resource_id=None):
        self.ref = ref                  # the normalised ref (None: released by id, the ref unknown)
        self.request = request          # Request for adoption; None for release
        self.parent = parent            # snapshots: the raw volume the snapshot belongs to
        self.location = None            # decisions.locate.Location
        self.size = size
        self.resource_id = resource_id
        self.raw = None                 # the object as Cinder last showed it
        self.before = None              # the object before this run changed it (a kind's view), None: it was not
        self.outcome = None
        self.reason = None              # short, for item lists (bulk)
        self.message = None             # complete, for a single object's failure
        self.details = {}               # extra keys of that failure
        self.hint = None                # what an unsafe reason means (driver profile)
        self.writes = []
        self.planned = []               # writes decided but not made (check mode predicts from these)
        self.winner = None              # another run's object that holds this one's ref
        self.backend_name = None

    @property
    def changed(self):
        return bool(self.writes)

    @property
    def final(self):
        return self.outcome is not None

    def end(self, outcome, reason=None, message=None, details=None, **more):
        self.outcome = outcome
        self.reason = reason
        self.message = message or reason
        self.details.update(details or {})
        self.details.update(more)
        return self

    def fail(self, reason, message=None, details=None, **more):
        return self.end(FAILED, reason, message, details, **more)

    def __repr__(self):
        return 'Item(%s, %s, %s)' % (self.ref, self.outcome, self.resource_id)
