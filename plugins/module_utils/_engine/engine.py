# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The adoption engine: one path for volumes and snapshots, one object or many.

    locate -> decide -> (check mode stops here) -> recover stuck records -> manage -> wait
           -> release rejected records, find the winner of a race -> converge -> result

Every decision is taken from reads made before the first write, so check mode runs the same code and stops just
before writing. Each object is an Item; what was written is recorded on it, and ``changed`` comes from that record
only. Nothing here deletes a backend object: a record Cinder could not manage is unmanaged, never deleted.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import convergence
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions import locate as where
from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import (
    age_seconds,
    encode_ref,
    recorded_ref,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.item import (
    ADOPTED,
    ALREADY_MANAGED,
    RELEASED,
    SKIPPED,
    UPDATED,
    WOULD,
)
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.messages import Messages
from ansible_collections.stackadopt.cinder.plugins.module_utils._engine.quota_check import check_quota
from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError

# What the engine does with an item after deciding.
MANAGE, WATCH, CONVERGE, RECOVER = 'manage', 'watch', 'converge', 'recover'
# What the bulk front end wants done with an object Cinder says is not safe.
UNSAFE_FAIL, UNSAFE_SKIP, UNSAFE_TRY = 'fail', 'skip', 'try'
# A manage request is lost when its record (of a kind the scheduler writes) was never updated LOST_AFTER seconds
# after it was created while every scheduler is up, and this run still sees it so LOST_GRACE seconds later. The
# scheduler takes a request on within a second, or, when it has just been restarted, within its start-up wait
# (scheduler_driver_init_wait_time, 60 s): the grace covers a restart this run did not see. A scheduler that is down
# shows so once its heartbeat is older than service_down_time (60 s), and a request queued for it is not lost.
LOST_AFTER, LOST_GRACE = 60, 75
_SCHEDULERS_FRESH = 10  # seconds a read of the scheduler services is reused


class Options(object):
    """The run's settings, from the module parameters (already validated)."""

    def __init__(self, params):
        self.wait = params.get('wait', True) is not False
        self.timeout = params.get('timeout') or 600
        self.concurrency = params.get('concurrency') or 1
        self.stuck_after = params.get('stuck_after')
        self.recover_stuck = bool(params.get('recover_stuck'))
        self.transfer = bool(params.get('transfer'))


class State(object):
    """How the engine reads a backend: the records of ours (read first), then the listing."""

    def __init__(self, read_records, read_listing, listed_by='Cinder'):
        self.read_records = read_records      # () -> [raw objects that may record a ref]
        self.read_listing = read_listing      # () -> [listing entries] or None
        self.listed_by = listed_by
        self.records = []
        self.entries = None

    def refresh(self):
        self.records = self.read_records()
        self.entries = self.read_listing()


class Engine(object):

    def __init__(self, client, kind, backend, options, state, check_mode=False, projects=None, quota_project=None):
        self.client = client
        self.kind = kind
        self.backend = backend
        self.profile = backend.profile
        self.options = options
        self.state = state
        self.check_mode = check_mode
        self.projects = projects              # prepare.Projects: target projects and their scoped clients
        self.quota_project = quota_project    # {'id', 'name'} of the caller's project, for quota checks
        self.say = Messages(kind, backend, state, options)
        self.seen_on_backend = None    # the last wait's read of the whole backend (bulk), when it made one
        self.lost_ids = set()          # records whose manage request Cinder lost (see lost)
        self._lost_since = {}          # record id -> client clock when this run first saw it look lost
        self._schedulers = None        # (client clock, all schedulers up) of the last read

    # ---- reading ----------------------------------------------------------------------------------------------

    def records_of(self, item):
        """Objects of ours on this backend (and, for snapshots, of this volume) that record the item's ref."""
        wanted = encode_ref(item.ref)
        found = []
        for raw in self.state.records:
            if raw.get('status') in self.kind.leaving or encode_ref(recorded_ref(raw) or {}) != wanted:
                continue
            if item.parent is not None and raw.get('volume_id') != item.parent['id']:
                continue
            if item.parent is None and not self.backend.holds(raw):
                continue
            found.append(raw)
        return found

    def _age(self, raw):
        return age_seconds(raw, self.client.server_date)

    def locate(self, item):
        item.location = where.locate(
            self.profile, item.ref, self.state.entries, self.records_of(item), self.backend.label,
            self.kind.statuses, resource=self.kind.name, age=self._age, stuck_after=self.options.stuck_after,
            origin_refs=getattr(item, 'origin_refs', None), same_origin=getattr(item, 'same_origin', None),
            complete=self.profile.knows_its_listing and not self.profile.listing_omits)
        if item.location.entry and item.size is None:
            item.size = item.location.entry.get('size')
        return item.location

    def raw_of(self, resource_id):
        for raw in self.state.records:
            if raw.get('id') == resource_id:
                return raw
        return self.client.get(self.kind.resource, resource_id)

    # ---- adopt ------------------------------------------------------------------------------------------------

    def adopt(self, items):
        """Adopt (or converge) every item; each ends with an outcome. Raises only for run-wide problems."""
        for item in items:
            if not item.final:
                self.locate(item)
                self.decide(item)
        check_quota(self, [item for item in items if getattr(item, 'action', None) == MANAGE])
        if self.check_mode:
            for item in items:
                self.predict(item)
            return items
        self._parallel(self.recover, self._acting(items, RECOVER))
        self._parallel(self.manage, self._acting(items, MANAGE))
        watched = [item for item in items if getattr(item, 'action', None) in (MANAGE, WATCH, RECOVER)
                   and item.resource_id and not item.final]
        if watched and self.options.wait:
            self.settle(watched)
        elif watched:
            for item in watched:
                item.end(ADOPTED if item.changed else ALREADY_MANAGED)
        self._parallel(self.converge, self._acting(items, CONVERGE))
        return items

    @staticmethod
    def _acting(items, action):
        return [item for item in items if not item.final and getattr(item, 'action', None) == action]

    def decide(self, item):
        """Turn the item's location into an action, or end it (fail, skip) before any write."""
        location = item.location
        kind = location.kind
        item.action = None
        if kind == where.MANAGED:
            raw = self.raw_of(location.resource_id)
            if raw is None:
                return item.fail(*self.say.vanished(item, location.resource_id))
            item.resource_id, item.raw = raw['id'], raw
            if item.parent is not None and raw.get('volume_id') != item.parent['id']:
                return item.fail(*self.say.other_parent(item, raw))
            item.action = WATCH if raw.get('status') in self.kind.statuses.pending else CONVERGE
            if item.action == CONVERGE:
                self._plan_changes(item)
        elif kind == where.IN_PROGRESS:
            item.resource_id = location.resource_id
            item.raw = self.raw_of(location.resource_id)
            item.action = WATCH
        elif kind == where.STUCK:
            if not self.options.recover_stuck:
                return item.fail(*self.say.stuck(item, [(raw, self._age(raw)) for raw in location.records]))
            item.action = RECOVER
        elif kind == where.ADOPT or (kind == where.UNSAFE and getattr(item, 'on_unsafe', UNSAFE_FAIL) == UNSAFE_TRY):
            item.action = MANAGE
        elif kind == where.UNSAFE:
            reason, message = self.say.unsafe(item)
            item.hint = self.profile.explain_unsafe(location.entry.get('reason_not_safe'))
            if getattr(item, 'on_unsafe', UNSAFE_FAIL) == UNSAFE_SKIP:
                return item.end(SKIPPED, reason)
            return item.fail(reason, message, reason_not_safe=location.entry.get('reason_not_safe'))
        elif kind == where.MISSING:
            return item.fail(*self.say.missing(item))
        elif kind == where.ELSEWHERE:
            return item.fail(*self.say.elsewhere(item))
        else:
            return item.fail(location.message, location.message, **location.details)
        return item

    def _plan_changes(self, item):
        """For an object Cinder holds: the conflicts that stop it, else the changes that converge it."""
        if item.request is None:
            item.changes = convergence.Changes()
            return
        if self.kind.name == 'volume':
            conflict = convergence.conflicts(item.request, item.raw, item.resource_id, self.options.transfer)
            if conflict:
                message, field = conflict
                item.action = None
                item.fail(message, message, field=field, volume_id=item.resource_id)
                return
        item.before = self.kind.view(item.raw)
        item.changes = convergence.changes(item.request, item.before, transfer=self.options.transfer)
        if item.changes.transfer_to:
            try:  # both scopes are checked now, before any write: the owner offers, the target accepts
                self.projects.writer_for_id(item.before['project_id'])
                self.projects.writer_for(item.changes.transfer_to)
            except CinderAdoptError as exc:
                item.action = None
                item.fail(exc.msg, exc.msg, **exc.details)

    def predict(self, item):
        """Check mode: the outcome the real run would report, from the same decisions."""
        action = getattr(item, 'action', None)
        if item.final:
            return
        if action in (MANAGE, RECOVER):
            item.predicted = self.kind.predicted(item, self.backend)
            return item.end(WOULD[ADOPTED], item.reason)
        if action == WATCH:
            if item.raw is not None and self.looks_lost(item.raw):
                item.predicted = self.kind.predicted(item, self.backend)
                return item.end(WOULD[ADOPTED], self.say.would_resend(item))
            return item.end(ALREADY_MANAGED, self.say.in_progress(item))
        changes = getattr(item, 'changes', None)
        if changes:
            return item.end(WOULD[UPDATED], self.say.transfer(changes) if changes.transfer_to else None)
        return item.end(ALREADY_MANAGED)

    # ---- writes ------------------------------------------------------------------------------------------------

    def writer(self, item):
        project = item.request.project if item.request is not None else None
        return self.projects.writer_for(project) if project and self.projects else self.client

    def manage(self, item):
        raw = self.kind.manage(self.writer(item), self.backend, item)
        item.writes.append('manage')
        item.resource_id, item.raw = raw['id'], raw

    def recover(self, item):
        """Reset (record only) and unmanage the stuck records, see them gone, then adopt the object again."""
        stuck = item.location.records
        for raw in stuck:
            self._forget(item, raw['id'], reset=raw.get('status') in self.kind.statuses.pending)
        left = self.wait_gone([raw['id'] for raw in stuck])
        if left:
            return item.fail(*self.say.recover_stalled(item, left))
        item.recovered = [raw['id'] for raw in stuck]
        if item.location.entry is None:
            renamed = self._renamed_entry(item, stuck)
            if renamed is None:
                return item.fail(*self.say.recovered_but_unlisted(item))
            item.manage_ref = renamed
        self.manage(item)

    def _renamed_entry(self, item, stuck):
        """The reference under which the listing shows the object when the lost manage had renamed it already."""
        for raw in stuck:
            renamed = self.profile.reference_after_manage(item.ref, raw['id'])
            if not renamed:
                continue
            for entry in self.state.entries or []:
                if self.profile.matches(renamed, entry.get('reference')):
                    return dict(entry.get('reference'))
        return None

    def converge(self, item):
        changes = getattr(item, 'changes', None)
        if not changes:
            return item.end(ALREADY_MANAGED)
        if changes.transfer_to:
            self.transfer(item, changes.transfer_to)
        rest = convergence.Changes()
        rest.fields, rest.metadata = changes.fields, changes.metadata
        rest.bootable, rest.image_metadata = changes.bootable, changes.image_metadata
        if rest:
            self.kind.write_changes(self.client, item.resource_id, rest)
            item.writes.append('update')
        item.raw = self.client.get(self.kind.resource, item.resource_id) or item.raw
        return item.end(UPDATED, self.say.transfer(changes) if changes.transfer_to else None)

    def transfer(self, item, project):
        """Move a volume to ``project`` with Cinder's transfer API: offered by its owner, accepted there."""
        giver = self.projects.writer_for_id(item.raw.get('os-vol-tenant-attr:tenant_id'))
        taker = self.projects.writer_for(project)
        offer = giver.create_transfer(item.resource_id, 'stackadopt: to %s' % project.get('name'))
        item.writes.append('transfer')
        taker.accept_transfer(offer['id'], offer['auth_key'])

    # ---- waiting and what follows -------------------------------------------------------------------------------

    def wait(self, ids, settled=None):
        abandoned = self.lost if settled is None and self.kind.scheduler_writes else None
        settled = settled if settled is not None else self.kind.settled
        fetch = getattr(self, 'fetch', None)
        if fetch is not None:
            listing_fetch = fetch

            def fetch(pending):
                # A fetch that reads the whole backend also tells what the race check needs afterwards.
                seen = listing_fetch(pending)
                self.seen_on_backend = list(seen.values())
                return seen
        statuses = _StatusSet(settled)
        return self.client.wait(self.kind.resource, ids, self.options.timeout, statuses, fetch, abandoned)

    def wait_gone(self, ids):
        """Wait until the objects are gone; return the ids still there at the deadline."""
        last = self.wait(ids, settled=lambda status: False)
        return [oid for oid, raw in last.items() if raw is not None]

    def settle(self, items):
        """One shared wait for everything managed or watched; then each item's outcome."""
        last = self.wait([item.resource_id for item in items])
        rejected, resend, orphaned = [], [], []
        for item in items:
            raw = last.get(item.resource_id)
            status = raw.get('status') if raw else 'gone'
            if raw is not None:
                item.raw = raw
            if raw is not None and raw['id'] in self.lost_ids:
                if getattr(item, 'resent', None):
                    item.fail(*self.say.lost_again(item))
                else:
                    resend.append(item)
            elif status in self.kind.ok:
                if item.changed:
                    item.end(ADOPTED, self.say.recovered(item))
                    self._plan_post_manage(item)
                else:
                    self._plan_changes(item)
                    item.action = CONVERGE
            elif status in self.kind.statuses.failed and item.changed:
                rejected.append(item)
            elif status in self.kind.statuses.failed or raw is None:
                # Another run's object failed or went away while we watched: that run reports and releases it.
                item.watched_status = status
                orphaned.append(item)
            else:
                item.fail(*self.say.timed_out(item, status))
        self._parallel(self.release_rejected, rejected)
        self._after_race([item for item in items if item.outcome == ADOPTED])
        self._parallel(self.post_manage, [item for item in items if getattr(item, 'post_changes', None)])
        self._parallel(self.take_over, orphaned)
        self._parallel(self.resend, resend)
        again = [item for item in orphaned + resend if not item.final and getattr(item, 'action', None) != CONVERGE]
        if again:
            self.settle(again)

    def take_over(self, item):
        """Another run's record this run watched failed or went away: that run lost a race (it released its record;
        a third run's object holds the ref) or the driver refused its request. Converge the holder; when nobody
        holds the ref, send this run's own request, once (the driver judges it, and a refusal is reported)."""
        gone = item.resource_id
        winner = self._winner(item, exclude=gone)
        if winner is not None:
            item.resource_id, item.raw = winner['id'], winner
            self._plan_changes(item)
            if not item.final:
                item.action = CONVERGE
            return
        if item.request is None or getattr(item, 'taken_over', None):
            return item.fail(*self.say.watched_failed(item, item.watched_status))
        item.taken_over = gone
        self.manage(item)

    def _plan_post_manage(self, item):
        """What the manage request itself cannot carry: image metadata, set once the volume is available."""
        request = item.request
        if request is not None and getattr(request, 'image_metadata', None) and self.kind.name == 'volume':
            changes = convergence.Changes()
            changes.image_metadata = dict(request.image_metadata)
            item.post_changes = changes

    def resend(self, item):
        """Cinder accepted the item's manage request but never passed it on (cinder-api stopped between writing the
        record and casting it to the scheduler, which then never touched it): reset that record (database only),
        unmanage it, see it gone, and send the request again. The backend object was never touched. Another run
        that does the same at the same time is tolerated; the crossing of the two new requests is settled as any
        race is."""
        lost = item.resource_id
        item.resent = lost
        try:
            self._forget(item, lost, reset=True)
        except CinderAdoptError:
            raw = self.client.get(self.kind.resource, lost)
            if raw is not None and raw.get('status') not in self.kind.leaving:
                raise
            # another run is releasing it already
        left = self.wait_gone([lost])
        if left:
            return item.fail(*self.say.recover_stalled(item, left))
        self.manage(item)

    def looks_lost(self, raw):
        """Whether ``raw`` is a pending record the scheduler never took on LOST_AFTER seconds after it was created,
        with every scheduler up (check mode judges by this; a run also waits LOST_GRACE, see lost)."""
        if not self.kind.scheduler_writes or raw.get('updated_at') \
                or raw.get('status') not in self.kind.statuses.pending:
            return False
        age = self._age(raw)
        return age is not None and age > LOST_AFTER and self._schedulers_up()

    def lost(self, raw):
        """The wait's test for a record that will never settle: it looks lost, and still did LOST_GRACE seconds
        after this run first saw it so (a scheduler that has just come back takes its queue on within that)."""
        if not self.looks_lost(raw):
            self._lost_since.pop(raw.get('id'), None)
            return False
        first = self._lost_since.setdefault(raw['id'], self.client.clock())
        if self.client.clock() - first < LOST_GRACE:
            return False
        self.lost_ids.add(raw['id'])
        return True

    def _schedulers_up(self):
        now = self.client.clock()
        if self._schedulers is None or now - self._schedulers[0] > _SCHEDULERS_FRESH:
            try:
                services = [service for service in self.client.scheduler_services()
                            if service.get('status') == 'enabled']
            except CinderAdoptError:  # not allowed to read them: never judge a request lost
                services = []
            self._schedulers = (now, bool(services) and all(service.get('state') == 'up' for service in services))
        return self._schedulers[1]

    def post_manage(self, item):
        self.kind.write_changes(self.client, item.resource_id, item.post_changes)
        item.writes.append('image_metadata')
        item.raw = self.client.get(self.kind.resource, item.resource_id) or item.raw

    def release_rejected(self, item):
        """The driver refused the ref: forget the error record (never delete: the object stays), then tell a lost
        race (another run's object now holds the ref) from a real refusal."""
        reason = self.failure_reason(item.resource_id)
        self._forget(item, item.resource_id)
        left = self.wait_gone([item.resource_id])
        winner = self._winner(item, exclude=item.resource_id)
        if winner is not None:
            item.winner = winner
            item.rejected_id, item.resource_id, item.raw = item.resource_id, winner['id'], winner
            return item.end(ALREADY_MANAGED, self.say.lost_race(item))
        item.fail(*self.say.rejected(item, reason, unmanaged=not left))

    def failure_reason(self, resource_id):
        messages = self.client.user_messages(resource_id)
        return messages[-1] if messages else 'Cinder recorded no user message; see the cinder-volume log.'

    def _winner(self, item, exclude):
        """Another object of ours that holds the item's ref (after waiting for it to settle), or None."""
        self.state.records = self.state.read_records()
        others = [raw for raw in self.records_of(item) if raw['id'] != exclude]
        pending = [raw['id'] for raw in others if raw.get('status') in self.kind.statuses.pending]
        if pending:
            settled = self.wait(pending)
            others = [settled.get(raw['id']) or raw for raw in others]
        live = [raw for raw in others if raw.get('status') in self.kind.ok]
        return sorted(live, key=lambda raw: (raw.get('created_at') or '', raw['id']))[0] if live else None

    def _after_race(self, adopted):
        """Two runs whose manage requests crossed on a driver that does not rename may both succeed: the oldest
        object keeps the ref, a younger one of this run is unmanaged (its data is the same object, untouched)."""
        if not adopted:
            return
        # The wait's last read of the backend already shows every record of ours there; without one, read them.
        seen = getattr(self, 'seen_on_backend', None)
        self.state.records = seen if seen is not None else self.state.read_records()
        for item in adopted:
            live = sorted([raw for raw in self.records_of(item) if raw.get('status') in self.kind.ok],
                          key=lambda raw: (raw.get('created_at') or '', raw['id']))
            if len(live) > 1 and live[0]['id'] != item.resource_id:
                self._forget(item, item.resource_id)
                self.wait_gone([item.resource_id])
                item.rejected_id, item.winner = item.resource_id, live[0]
                item.resource_id, item.raw = live[0]['id'], live[0]
                item.post_changes = None
                item.end(ALREADY_MANAGED, self.say.lost_race(item))

    # ---- release ----------------------------------------------------------------------------------------------

    def release(self, items):
        """Unmanage every item that holds an object; the backend objects are kept."""
        to_release = [item for item in items if not item.final]
        if self.check_mode:
            for item in to_release:
                item.end(WOULD[RELEASED])
            return items
        self._parallel(self._unmanage, to_release)
        done = [item for item in to_release if not item.final]
        if done and self.options.wait:
            left = set(self.wait_gone([item.resource_id for item in done]))
            for item in done:
                if item.resource_id in left:
                    item.fail(*self.say.release_timed_out(item))
        for item in done:
            if not item.final:
                item.end(RELEASED)
        return items

    def _unmanage(self, item):
        self._forget(item, item.resource_id, reset=getattr(item, 'reset_first', False))

    def _forget(self, item, record_id, reset=False):
        """Cinder forgets one record, never a delete: with ``reset``, its status is set to error first (database
        only, for a record Cinder would not unmanage in its status). Each write is recorded on ``item``."""
        if reset:
            self.client.reset_status(self.kind.resource, record_id, 'error')
            item.writes.append('reset')
        self.client.unmanage(self.kind.resource, record_id)
        item.writes.append('unmanage')

    # ---- plumbing ---------------------------------------------------------------------------------------------

    def _parallel(self, action, items):
        """Run ``action`` over items in a bounded pool; an API error fails that item only."""
        def guarded(item):
            try:
                action(item)
            except CinderAdoptError as exc:
                item.fail(exc.msg, exc.msg, **exc.details)
        if not items:
            return
        workers = max(1, min(self.options.concurrency, len(items)))
        if workers == 1:
            for item in items:
                guarded(item)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(guarded, items))


class _StatusSet(object):
    """``status in settled`` for the wait loop, from a predicate."""

    def __init__(self, predicate):
        self.predicate = predicate

    def __contains__(self, status):
        return self.predicate(status)
