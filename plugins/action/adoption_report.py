# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assemble and write a run's report (JSON, Markdown, optional timestamped JSON copy) on the controller.

An action plugin runs in the controller's Ansible process: it reads every host's result from
``hostvars`` itself (``kind``), so the roles declare which variables hold the results and this
code decides what the report says (plugins/plugin_utils/adoption_report.py). It writes the
files with a few file writes instead of module runs.

``changed``: true when a file's content changed, timestamps aside (``generated_at``, the ``at``
of each entry, the time in the Markdown), so a re-run with the same outcome reports no change.
In check mode only the plan is written: ``<name>-plan.json`` and ``<name>-plan.md``, no history.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text
from ansible.plugins.action import ActionBase

from ansible_collections.stackadopt.cinder.plugins.plugin_utils import adoption_report as reports

_ARGUMENT_SPEC = dict(
    dir=dict(type='path', required=True),
    name=dict(type='str', required=True),
    kind=dict(type='str', choices=['adopt', 'release', 'inventory']),
    result_var=dict(type='str'),
    extra_items_var=dict(type='str'),
    snapshots_var=dict(type='str'),
    hosts=dict(type='list', elements='str'),
    report=dict(type='dict'),
    markdown=dict(type='str'),
    history=dict(type='bool', default=False),
)
_DEFAULT_RESULT_VAR = dict(adopt='adopt_volumes_result', release='release_volumes_result',
                           inventory='adopt_volumes_inventory_result')


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(_ARGUMENT_SPEC)

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        _validation, args = self.validate_argument_spec(
            argument_spec=_ARGUMENT_SPEC, mutually_exclusive=[('kind', 'report')],
            required_one_of=[('kind', 'report')])
        name = args['name']
        if not name or os.sep in name or name in ('.', '..'):
            raise AnsibleActionFail("name '%s' must be a plain file name (no directory): the report files are "
                                    "<dir>/<name>.json and <dir>/<name>.md." % name)
        check_mode = bool(self._task.check_mode)
        if check_mode:
            name += '-plan'
        directory = args['dir']
        paths = dict(json=os.path.join(directory, name + '.json'), markdown=os.path.join(directory, name + '.md'))
        if args['kind']:
            report, markdown, messages, summary = self._assemble(args, task_vars, check_mode, paths)
        else:
            report, markdown, messages, summary = args['report'], args['markdown'], None, None
            if markdown is None:
                del paths['markdown']
        report_json = json.dumps(report, indent=2, sort_keys=True, default=str) + '\n'
        changed = False
        try:
            changed |= _replace(paths['json'], report_json, lambda text: reports.comparable(json.loads(text)))
            if 'markdown' in paths:
                changed |= _replace(paths['markdown'], markdown, reports.comparable_markdown)
            if args['history'] and not check_mode and changed:
                stamp = str(report.get('generated_at') or '').replace(':', '') or 'undated'
                paths['history'] = os.path.join(directory, 'history', '%s-%s.json' % (name, stamp))
                _replace(paths['history'], report_json, None)
        except (IOError, OSError) as exc:
            raise AnsibleActionFail("cannot write the report under '%s' on the controller: %s"
                                    % (directory, to_native(exc)))
        result.update(changed=changed, paths=paths, report=report)
        if messages is not None:
            result.update(messages=messages, summary=summary)
        return result

    def _assemble(self, args, task_vars, check_mode, paths):
        kind = args['kind']
        hosts = args['hosts'] if args['hosts'] is not None else list(task_vars.get('ansible_play_hosts_all') or [])
        hostvars = task_vars.get('hostvars') or {}
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        results = _per_host(hostvars, hosts, args['result_var'] or _DEFAULT_RESULT_VAR[kind])
        if kind == 'inventory':
            report = reports.inventory_report(hosts, stamp, results)
            messages, summary = reports.inventory_messages(report, paths)
            return report, reports.inventory_markdown(report), messages, summary
        report = reports.run_report(kind, hosts, stamp, check_mode, results,
                                    extra_items=_per_host(hostvars, hosts, args['extra_items_var']),
                                    snapshots=_per_host(hostvars, hosts, args['snapshots_var']))
        messages, summary = reports.run_messages(report, paths)
        return report, reports.run_markdown(report), messages, summary


def _per_host(hostvars, hosts, variable):
    """``{host: value}`` of one variable of each host that has it, as plain data."""
    found = {}
    if not variable:
        return found
    for host in hosts:
        try:
            variables = hostvars[host]
            if variable in variables:
                found[host] = _plain(variables[variable])
        except KeyError:
            continue
    return found


def _plain(value):
    """Templated host data (lazy containers, tagged strings of newer ansible-core) as plain JSON-able Python."""
    if isinstance(value, dict):
        return dict((to_text(key), _plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return to_text(value)


def _replace(path, text, comparable):
    """Write ``text`` to ``path`` atomically; whether the content changed, judged by ``comparable`` (the text with
    its timestamps taken out) or byte for byte."""
    before = None
    if os.path.isfile(path):
        with open(path, 'rb') as stream:
            before = to_text(stream.read(), errors='surrogate_or_strict')
    if before is None:
        changed = True
    elif comparable is None:
        changed = before != text
    else:
        try:
            changed = comparable(before) != comparable(text)
        except ValueError:
            changed = True
    _write(path, text)
    return changed


def _write(path, text):
    """Replace ``path`` atomically, so a reader never sees half a report."""
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o755)
    handle, partial = tempfile.mkstemp(dir=directory, prefix='.' + os.path.basename(path) + '.')
    try:
        with os.fdopen(handle, 'wb') as stream:
            stream.write(to_bytes(text))
        os.chmod(partial, 0o644)
        os.rename(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
