# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report of a run of the roles, assembled from the hosts' results on the controller.

Used by the stackadopt.cinder.adoption_report action: ``run_report`` (adopt, release) and
``inventory_report`` (the manageable inventory) build the JSON report from each host's
result, ``*_markdown`` render it, ``*_messages`` give the lines the roles show per host and
for the whole run. ``comparable`` is a report without its timestamps: two runs with the same
outcome give equal ones.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

STATUSES = ['adopted', 'updated', 'released', 'already_managed', 'not_managed', 'skipped', 'failed',
            'would_adopt', 'would_update', 'would_release']
SNAPSHOT_STATUSES = ['adopted', 'released', 'already_managed', 'not_managed', 'skipped', 'failed', 'would_adopt',
                     'would_release']
#: Statuses whose report entry records when it happened (``at``).
STAMPED = ('adopted', 'released')
ITEM_KEYS = ('source_name', 'status', 'reason', 'volume_id', 'volume_name', 'backend_name', 'size')
TIMESTAMP = re.compile(r'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z')


def _text(value):
    """A value as the roles' Jinja templates printed it (none as nothing, True as 'True')."""
    return '' if value is None else str(value)


def _cell(value):
    """A free-text table cell: empty for none, ``|`` escaped."""
    return str(value or '').replace('|', '\\|')


def _nonzero(counts, skip=()):
    return ['%s=%s' % (key, value) for key, value in counts.items() if key not in skip and value]


def _label(host):
    return ('cluster %s' % host['cluster']) if host.get('cluster') else _text(host.get('cinder_host'))


# ---- adopt / release ------------------------------------------------------------------------------------------------

def run_report(action, hosts, stamp, check_mode, results, extra_items=None, snapshots=None):
    """The report of an adopt or release run.

    ``results`` maps each host to its module result (``{error, cinder_host, cluster, volumes, summary,
    api_requests}``; a host without one failed before the call), ``extra_items`` to more items of the host (the
    preflight's skipped objects), ``snapshots`` to ``{error, snapshots}`` when the run handled snapshots. A volume
    listed twice (an explicit item that a pattern also matched after the driver renamed it) is reported once.
    """
    extra_items = extra_items or {}
    snapshots = snapshots or {}
    totals = dict(hosts=0, hosts_with_errors=0)
    totals.update((status, 0) for status in STATUSES)
    snapshot_totals = dict((status, 0) for status in SNAPSHOT_STATUSES)
    with_snapshots = False
    entries = {}
    for host in hosts:
        result = results.get(host)
        if result is None:
            result = dict(error='the host failed before the %s call (see the play output)' % action, volumes=[])
        items, seen = [], set()
        for item in list(result.get('volumes') or []) + list(extra_items.get(host) or []):
            volume_id = item.get('volume_id')
            if volume_id is not None:
                if volume_id in seen:
                    continue
                seen.add(volume_id)
            entry = dict((key, item.get(key)) for key in ITEM_KEYS)
            if item.get('status') in STAMPED:
                entry['at'] = stamp
            items.append(entry)
        counts = dict((status, 0) for status in STATUSES)
        for item in items:
            if item['status'] in counts:
                counts[item['status']] += 1
        for status in STATUSES:
            totals[status] += counts[status]
        snaps = snapshots.get(host) or None
        error = result.get('error')
        totals['hosts'] += 1
        totals['hosts_with_errors'] += 1 if (error or (snaps or {}).get('error')) else 0
        entry = dict(cinder_host=result.get('cinder_host'), cluster=result.get('cluster'), error=error,
                     counts=counts, excluded=(result.get('summary') or {}).get('excluded', 0),
                     api_requests=result.get('api_requests'), volumes=items)
        if snaps:
            with_snapshots = True
            snap_items = []
            for snap in snaps.get('snapshots') or []:
                snap = dict(snap)
                if snap.get('status') in STAMPED:
                    snap['at'] = stamp
                snap_items.append(snap)
            snap_counts = dict((status, 0) for status in SNAPSHOT_STATUSES)
            for snap in snap_items:
                if snap.get('status') in snap_counts:
                    snap_counts[snap['status']] += 1
            for status in SNAPSHOT_STATUSES:
                snapshot_totals[status] += snap_counts[status]
            entry.update(snapshots_error=snaps.get('error'), snapshot_counts=snap_counts, snapshots=snap_items)
        entries[host] = entry
    report = dict(action=action, generated_at=stamp, check_mode=bool(check_mode), statuses=list(STATUSES),
                  totals=totals, hosts=entries)
    if with_snapshots:
        report.update(snapshot_statuses=list(SNAPSHOT_STATUSES), snapshot_totals=snapshot_totals)
    return report


def run_messages(report, paths):
    """``(per_host, summary)``: the line shown for each host (its counts, then every object that is not already
    managed) and the line of the whole run."""
    per_host = {}
    for name, host in report['hosts'].items():
        line = '%s (%s): %s' % (name, _label(host), ', '.join(_nonzero(host['counts'])) or 'nothing matched')
        if host.get('error') is not None:
            line += ' | ERROR: %s' % host['error']
        for item in host['volumes']:
            if item['status'] == 'already_managed':
                continue
            line += ' | %s %s' % (item['status'], _text(item['source_name'] or item['volume_id']))
            if item.get('volume_name'):
                line += ' -> %s' % item['volume_name']
            if item.get('reason'):
                line += ' (%s)' % item['reason']
        if 'snapshots' in host:
            line += ' | snapshots: %s' % (', '.join(_nonzero(host['snapshot_counts'])) or 'none')
            if host.get('snapshots_error'):
                line += ' (ERROR: %s)' % host['snapshots_error']
            for item in host['snapshots']:
                if item.get('status') == 'already_managed':
                    continue
                line += ' | %s snapshot %s@%s' % (item.get('status'),
                                                  _text(item.get('origin') or item.get('volume_id')),
                                                  _text(item.get('source_name') or item.get('snapshot_id')))
                if item.get('reason'):
                    line += ' (%s)' % item['reason']
        per_host[name] = line
    counts = _nonzero(report['totals'], skip=('hosts',))
    summary = '%s%s on %s host(s): %s' % (report['action'], ' (check mode: plan only)' if report['check_mode'] else '',
                                          report['totals']['hosts'], ', '.join(counts) if counts else 'nothing to do')
    if 'snapshot_totals' in report:
        snap_counts = _nonzero(report['snapshot_totals'])
        summary += '; snapshots: ' + (', '.join(snap_counts) if snap_counts else 'none')
    summary += '. Report: %s and %s' % (paths.get('json'), paths.get('markdown'))
    return per_host, summary


def run_markdown(report):
    """The Markdown of an adopt or release report."""
    totals = report['totals']
    shown = [status for status in report['statuses'] if totals.get(status)]
    out = ['# stackadopt.cinder %s report\n\n' % report['action'],
           'Generated %s%s.\n\n' % (report['generated_at'], ' in check mode: this is the plan, nothing was changed'
                                    if report.get('check_mode') else ''),
           '## Whole run\n\n',
           '| hosts | hosts with errors |%s\n' % ''.join(' %s |' % status.replace('_', ' ') for status in shown),
           '|---|---|%s\n' % ('---|' * len(shown)),
           '| %s | %s |%s\n' % (totals['hosts'], totals['hosts_with_errors'],
                                ''.join(' %s |' % totals[status] for status in shown))]
    if 'snapshot_totals' in report:
        snap_shown = [status for status in report['snapshot_statuses'] if report['snapshot_totals'].get(status)]
        counted = ['%s %s' % (status.replace('_', ' '), report['snapshot_totals'][status]) for status in snap_shown]
        out.append('\nSnapshots: %s.\n\n' % (', '.join(counted) or 'none'))
    out.append('\n## Per host\n\n')
    out.append('| host | Cinder host |%s error |\n' % ''.join(' %s |' % status.replace('_', ' ') for status in shown))
    out.append('|---|---|%s---|\n' % ('---|' * len(shown)))
    for name, host in report['hosts'].items():
        cells = ''.join(' %s |' % host['counts'][status] for status in shown)
        out.append('| %s | `%s` |%s %s |\n' % (name, _label(host), cells, host.get('error') or ''))
    for name, host in report['hosts'].items():
        out.append('\n### %s (`%s`)\n\n' % (name, _text(host.get('cinder_host'))))
        if host.get('error'):
            out.append('**Error:** %s\n\n' % host['error'])
        if host['volumes']:
            out.append('| object | status | Cinder volume | name | backend name | GiB | reason |\n'
                       '|---|---|---|---|---|---|---|\n')
            for item in host['volumes']:
                out.append('| %s | %s | %s | %s | %s | %s | %s |\n' % (
                    item.get('source_name') or '', item['status'], item.get('volume_id') or '',
                    item.get('volume_name') or '', item.get('backend_name') or '',
                    '' if item.get('size') is None else item['size'], _cell(item.get('reason'))))
        else:
            out.append('Nothing selected.\n')
        if 'snapshots' in host:
            out.append('\n#### Snapshots\n\n')
            if host.get('snapshots_error'):
                out.append('**Error:** %s\n\n' % host['snapshots_error'])
            if host['snapshots']:
                out.append('| snapshot | of (original object) | status | Cinder volume | Cinder snapshot | name '
                           '| backend name | GiB | reason |\n|---|---|---|---|---|---|---|---|---|\n')
                for item in host['snapshots']:
                    out.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' % (
                        item.get('source_name') or '', item.get('origin') or '', item.get('status'),
                        item.get('volume_id') or '', item.get('snapshot_id') or '', item.get('snapshot_name') or '',
                        item.get('backend_name') or '', '' if item.get('size') is None else item['size'],
                        _cell(item.get('reason'))))
            else:
                out.append('No snapshot of these volumes.\n')
    return ''.join(out)


# ---- inventory ------------------------------------------------------------------------------------------------------

def manageable_objects(manageable_volumes):
    """The objects of one host's inventory, from cinder_manageable_volume_info's ``manageable_volumes``."""
    return [dict(name=entry.get('name'), size=entry.get('size'), safe_to_manage=entry.get('safe_to_manage'),
                 reason_not_safe=entry.get('reason_not_safe'), cinder_id=entry.get('cinder_id'),
                 managed=entry.get('cinder_id') is not None)
            for entry in manageable_volumes or []]


def inventory_report(hosts, stamp, results):
    """The manageable inventory of the run's hosts; ``results`` maps each host to its ``adopt_volumes_inventory_result``
    (``{cinder_host, cluster, error, summary, objects}``)."""
    totals = dict(hosts=0, hosts_with_errors=0, total=0, safe=0, unsafe=0, managed=0, unsafe_by_reason={})
    entries = {}
    for host in hosts:
        result = results.get(host)
        if result is None:
            result = dict(cinder_host=None, objects=[], summary={},
                          error='the host failed before the listing (see the play output)')
        summary = result.get('summary') or {}
        totals['hosts'] += 1
        totals['hosts_with_errors'] += 1 if result.get('error') is not None else 0
        for key in ('total', 'safe', 'unsafe', 'managed'):
            totals[key] += summary.get(key, 0)
        for reason, count in (summary.get('unsafe_by_reason') or {}).items():
            totals['unsafe_by_reason'][reason] = totals['unsafe_by_reason'].get(reason, 0) + count
        entries[host] = result
    return dict(action='inventory', generated_at=stamp, totals=totals, hosts=entries)


def inventory_messages(report, paths):
    """``(per_host, summary)`` lines of an inventory."""
    per_host = {}
    for name, host in report['hosts'].items():
        if host.get('error') is not None:
            state = 'ERROR: %s' % host['error']
        else:
            summary = host.get('summary') or {}
            state = '%s object(s), %s safe, %s already managed, %s unsafe%s' % (
                summary.get('total'), summary.get('safe'), summary.get('managed'), summary.get('unsafe'),
                (' ' + json.dumps(summary['unsafe_by_reason'])) if summary.get('unsafe_by_reason') else '')
        per_host[name] = '%s (%s): %s' % (name, _label(host), state)
    totals = report['totals']
    summary = ('%s host(s): %s object(s), %s safe to adopt, %s already managed, %s unsafe%s. Report: %s and %s' % (
        totals['hosts'], totals['total'], totals['safe'], totals['managed'], totals['unsafe'],
        (' ' + json.dumps(totals['unsafe_by_reason'])) if totals['unsafe_by_reason'] else '',
        paths.get('json'), paths.get('markdown')))
    return per_host, summary


def inventory_markdown(report):
    """The Markdown of an inventory."""
    totals = report['totals']
    out = ['# stackadopt.cinder manageable inventory\n\n',
           'Generated %s. What each storage host\'s Cinder backend lists as manageable: safe objects can be\n'
           'adopted, unsafe ones cannot (Cinder\'s reason), managed ones are already Cinder volumes.\n\n'
           % report['generated_at'],
           '## Whole run\n\n',
           '| hosts | hosts with errors | objects | safe | already managed | unsafe |\n',
           '|---|---|---|---|---|---|\n',
           '| %s | %s | %s | %s | %s | %s |\n' % (
               totals['hosts'], totals['hosts_with_errors'], totals['total'], totals['safe'], totals['managed'],
               totals['unsafe'])]
    if totals['unsafe_by_reason']:
        out.append('\n| unsafe because | objects |\n|---|---|\n')
        for reason, count in totals['unsafe_by_reason'].items():
            out.append('| %s | %s |\n' % (_cell(reason), count))
    out.append('\n## Per host\n\n| host | Cinder host | objects | safe | already managed | unsafe | error |\n'
               '|---|---|---|---|---|---|---|\n')
    for name, host in report['hosts'].items():
        summary = host.get('summary') or {}
        out.append('| %s | `%s` | %s | %s | %s | %s | %s |\n' % (
            name, _label(host), _text(summary.get('total', '')), _text(summary.get('safe', '')),
            _text(summary.get('managed', '')), _text(summary.get('unsafe', '')), host.get('error') or ''))
    for name, host in report['hosts'].items():
        out.append('\n### %s (`%s`)\n\n' % (name, _text(host.get('cinder_host'))))
        if host.get('error'):
            out.append('**Error:** %s\n\n' % host['error'])
        if host.get('objects'):
            out.append('| object | GiB | safe | reason not safe | Cinder volume |\n|---|---|---|---|---|\n')
            for obj in host['objects']:
                out.append('| %s | %s | %s | %s | %s |\n' % (
                    _text(obj.get('name')), _text(obj.get('size')), 'yes' if obj.get('safe_to_manage') else 'no',
                    _cell(obj.get('reason_not_safe')), obj.get('cinder_id') or ''))
        else:
            out.append('No manageable objects.\n')
    return ''.join(out)


# ---- change detection ----------------------------------------------------------------------------------------------

def comparable(report):
    """The report without its timestamps (``generated_at``, each entry's ``at``): what a re-run compares."""
    if isinstance(report, dict):
        return dict((key, comparable(value)) for key, value in report.items() if key not in ('generated_at', 'at'))
    if isinstance(report, list):
        return [comparable(value) for value in report]
    return report


def comparable_markdown(text):
    return TIMESTAMP.sub('<time>', text or '')
