# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one wait loop: any number of volumes or snapshots, one read per round."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

_POLL_FIRST, _POLL_GROWTH, _POLL_MAX = 0.25, 1.6, 1.0  # seconds between polls


def wait_until_settled(ids, timeout, settled, fetch, sleep, clock, abandoned=None):
    """Poll until every object's status is in ``settled`` (or it is gone, or ``abandoned(object)`` says it never
    will settle); return {id: last dict or None}.

    ``fetch(pending)`` returns {id: object or None}; it may return many objects per request (the bulk path lists
    a backend's volumes). Raises nothing on timeout; the caller decides, since it knows what to report.
    """
    deadline = clock() + timeout
    interval = _POLL_FIRST
    last = dict((oid, None) for oid in ids)
    pending = list(ids)
    while pending:
        started = clock()
        seen = fetch(pending)
        fetch_seconds = clock() - started
        for oid in list(pending):
            found = seen.get(oid)
            last[oid] = found
            if found is None or found.get('status') in settled or (abandoned is not None and abandoned(found)):
                pending.remove(oid)
        if not pending or clock() >= deadline:
            return last
        # An object settles a second or so after its manage, so a long interval only adds to the run; but a poll
        # that took long (a big host listing) must not keep the API busy more than half the time.
        sleep(min(max(interval, fetch_seconds), max(0.0, deadline - clock())))
        interval = min(interval * _POLL_GROWTH, _POLL_MAX)
    return last
