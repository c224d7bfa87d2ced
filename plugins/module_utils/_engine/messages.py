# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the engine tells the operator, in one place: each outcome as a short reason (for item lists) and a
complete message (for a single object's failure), with the detail keys a caller can act on."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.stackadopt.cinder.plugins.module_utils._decisions.record import encode_ref


def _minutes(seconds):
    if seconds is None:
        return 'an unknown time'
    if seconds < 120:
        return '%d s' % seconds
    return '%d min' % (seconds // 60)


class Messages(object):

    def __init__(self, kind, backend, state, options):
        self.kind = kind
        self.backend = backend
        self.state = state
        self.options = options

    @property
    def _ref_word(self):
        return 'Snapshot ref' if self.kind.name == 'snapshot' else 'ref'

    def _of(self, item):
        """' of volume <id>' for snapshots, else ''."""
        return ' of volume %s' % item.parent['id'] if item.parent is not None else ''

    def _id_key(self):
        return '%s_id' % self.kind.name

    # ---- before any write ---------------------------------------------------------------------------------------

    def unsafe(self, item):
        said = item.location.entry.get('reason_not_safe') or 'no reason given'
        hint = self.backend.profile.explain_unsafe(said)
        message = "%s %s on %s is not safe to manage: %s says '%s'.%s" % (
            self._ref_word, encode_ref(item.ref), self.backend.label, self.state.listed_by, said,
            (' ' + hint) if hint else '')
        return "not safe to manage: %s says '%s'" % (self.state.listed_by, said), message

    def missing(self, item):
        candidates = item.location.candidates
        closest = ', '.join(candidates) or 'none'
        if item.parent is not None:
            message = ("Snapshot ref %s matches no snapshot of volume %s on %s. Closest unmanaged snapshot references "
                       "of that volume there: %s." % (encode_ref(item.ref), item.parent['id'], self.backend.label,
                                                      closest))
        else:
            message = ("ref %s matches no object on %s. Closest unmanaged references there: %s."
                       % (encode_ref(item.ref), self.backend.label, closest))
        omits = self.backend.profile.listing_omits
        if omits:
            message += " Note that the '%s' driver's listing leaves out %s." % (self.backend.profile.name, omits)
        return ('matches no object on %s; closest: %s' % (self.backend.label, closest), message,
                dict(field='ref', candidates=candidates))

    def elsewhere(self, item):
        explain = getattr(item, 'explain_elsewhere', None)
        if explain is not None:
            return explain(item)
        message = ("%s %s on %s names a snapshot of another object than volume %s."
                   % (self._ref_word, encode_ref(item.ref), self.backend.label, item.parent['id']))
        return message, message, dict(field='volume')

    def stuck(self, item, records):
        entry = item.location.entry
        parts = ["%s %s has been '%s' for %s" % (self.kind.name, raw['id'], raw.get('status'), _minutes(age))
                 for raw, age in records]
        if entry is not None:
            state = 'the backend object is untouched (still listed as %s)' % encode_ref(entry.get('reference'))
        else:
            state = ('the backend object is not listed under its original name: the driver may have renamed it '
                     'before the request was lost')
        message = ("%s %s on %s: %s; the volume service probably lost the request, and %s. Re-run with "
                   "recover_stuck: true to reset and release the stuck record (never delete) and adopt the object "
                   "again, or check the cinder-volume log." % (self._ref_word, encode_ref(item.ref),
                                                               self.backend.label, '; '.join(parts), state))
        ids = [raw['id'] for raw, _age in records]
        return ('stuck: %s; re-run with recover_stuck: true to adopt it again' % '; '.join(parts), message,
                dict(stuck_ids=ids))

    def vanished(self, item, resource_id):
        message = ("The listing names %s %s as holding the object, but Cinder has no such %s; retry when Cinder has "
                   "settled." % (self.kind.name, resource_id, self.kind.name))
        return message, message, {self._id_key(): resource_id}

    def other_parent(self, item, raw):
        message = ("The object is already Cinder snapshot %s of volume %s, not of volume %s."
                   % (raw['id'], raw.get('volume_id'), item.parent['id']))
        return message, message, dict(field='volume', snapshot_id=raw['id'])

    def in_progress(self, item):
        return 'being adopted by another run right now (%s %s)' % (self.kind.name, item.resource_id)

    def transfer(self, changes):
        project = changes.transfer_to
        return "transferred to project '%s' (%s)" % (project.get('name'), project['id'])

    # ---- after writes ---------------------------------------------------------------------------------------------

    def would_resend(self, item):
        return ("%s %s looks lost: Cinder accepted its manage request but never passed it on (never updated since it "
                "was created, with the scheduler up); the run re-sends it if that still holds"
                % (self.kind.name, item.resource_id))

    def lost_again(self, item):
        message = ("Cinder accepted the manage request of ref %s on %s as %s %s and never passed it on to the "
                   "scheduler, after this run had already sent it again once for the lost record %s. Nothing was "
                   "deleted; check cinder-api, cinder-scheduler and the message broker." % (
                       encode_ref(item.ref), self.backend.label, self.kind.name, item.resource_id, item.resent))
        reason = "manage request lost twice (%s, then %s); nothing was deleted" % (item.resent, item.resource_id)
        return reason, message, {self._id_key(): item.resource_id, 'status': (item.raw or {}).get('status')}

    def recovered(self, item):
        taken_over = getattr(item, 'taken_over', None)
        if taken_over:
            return ("adopted by this run after another run's request for it (%s %s) failed and was released"
                    % (self.kind.name, taken_over))
        resent = getattr(item, 'resent', None)
        if resent:
            return ('adopted after sending the manage request again: Cinder had accepted it as %s %s but never '
                    'passed it on; that record was released' % (self.kind.name, resent))
        recovered = getattr(item, 'recovered', None)
        if not recovered:
            return None
        return 'adopted again after releasing the stuck %s record(s) %s' % (self.kind.name, ', '.join(recovered))

    def recover_stalled(self, item, left):
        message = ("Releasing the stuck %s record(s) %s of ref %s did not finish within %ss; nothing else was done "
                   "and nothing was deleted. Check the cinder-volume log." % (self.kind.name, ', '.join(left),
                                                                              encode_ref(item.ref),
                                                                              self.options.timeout))
        return message, message, dict(stuck_ids=left)

    def recovered_but_unlisted(self, item):
        message = ("The stuck record(s) of ref %s on %s were released, but the backend lists the object neither under "
                   "its original name nor under the name the driver gives it; nothing else was done. Look for the "
                   "object on the backend and adopt it by its current name." % (encode_ref(item.ref),
                                                                                self.backend.label))
        return message, message, {}

    def timed_out(self, item, status):
        message = ("Timed out after %ss waiting for %s %s (ref %s%s on %s) to become available; last status '%s'. "
                   "Nothing was deleted: check the cinder-volume log, then re-run (a record the volume service lost "
                   "is reported as stuck once it is older than stuck_after, and recover_stuck: true adopts the object "
                   "again)." % (self.options.timeout, self.kind.name, item.resource_id, encode_ref(item.ref),
                                self._of(item), self.backend.label, status))
        reason = "timed out after %ss; last status '%s'; nothing was deleted" % (self.options.timeout, status)
        return reason, message, {self._id_key(): item.resource_id, 'status': status}

    def watched_failed(self, item, status):
        message = ("Another run's %s %s that was adopting ref %s on %s ended '%s'; that run releases it. Re-run to "
                   "adopt the object." % (self.kind.name, item.resource_id, encode_ref(item.ref), self.backend.label,
                                          status))
        return message, message, {self._id_key(): item.resource_id, 'status': status}

    def rejected(self, item, reason, unmanaged):
        if item.parent is not None:
            cleanup = ('the error record %s was unmanaged, the backend snapshot is untouched' % item.resource_id
                       if unmanaged else 'unmanaging the error record %s did not finish in time; check it'
                       % item.resource_id)
            message = ("Cinder could not manage snapshot ref %s of volume %s on %s: %s (%s)."
                       % (encode_ref(item.ref), item.parent['id'], self.backend.label, reason, cleanup))
        else:
            cleanup = ('the error record %s was unmanaged, the backend object is untouched' % item.resource_id
                       if unmanaged else 'unmanaging the error record %s did not finish in time; check it'
                       % item.resource_id)
            message = "Cinder could not manage ref %s on %s: %s (%s)." % (encode_ref(item.ref), self.backend.label,
                                                                          reason, cleanup)
        short = ('Cinder could not manage it: %s (error record %s unmanaged, backend object untouched)'
                 % (reason, item.resource_id)) if unmanaged else message
        return short, message, {self._id_key(): item.resource_id, 'reason': reason, 'unmanaged': unmanaged}

    def lost_race(self, item):
        return ('adopted by another run at the same time as %s %s; this run\'s concurrent request (%s %s) was '
                'released' % (self.kind.name, item.resource_id, self.kind.name, item.rejected_id))

    def release_timed_out(self, item):
        message = ('Timed out after %ss waiting for Cinder to forget %s %s; the backend object is kept either way. '
                   'Check the cinder-volume log.' % (self.options.timeout, self.kind.name, item.resource_id))
        reason = ('timed out after %ss waiting for Cinder to forget it; the backend object is kept either way'
                  % self.options.timeout)
        return reason, message, {self._id_key(): item.resource_id}
