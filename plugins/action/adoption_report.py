# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a run's report (JSON, Markdown, optional timestamped JSON copy) on the controller.

An action plugin runs in the controller's Ansible process: the three files cost a few
file writes instead of four module runs (file, stat + copy, stat + copy), which take
several seconds on a busy machine at the end of every adoption.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_bytes, to_native
from ansible.plugins.action import ActionBase

_ARGUMENT_SPEC = dict(
    dir=dict(type='path', required=True),
    name=dict(type='str', required=True),
    report=dict(type='dict', required=True),
    markdown=dict(type='str'),
    history=dict(type='bool', default=False),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(_ARGUMENT_SPEC)

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        _validation, args = self.validate_argument_spec(argument_spec=_ARGUMENT_SPEC)
        name = args['name']
        if not name or os.sep in name or name in ('.', '..'):
            raise AnsibleActionFail("name '%s' must be a plain file name (no directory): the report files are "
                                    "<dir>/<name>.json and <dir>/<name>.md." % name)
        directory = args['dir']
        report_json = json.dumps(args['report'], indent=2, sort_keys=True, default=str) + '\n'
        written = dict(json=os.path.join(directory, name + '.json'))
        try:
            _write(written['json'], report_json)
            if args['markdown'] is not None:
                written['markdown'] = os.path.join(directory, name + '.md')
                _write(written['markdown'], args['markdown'])
            if args['history']:
                stamp = str(args['report'].get('generated_at') or '').replace(':', '') or 'undated'
                written['history'] = os.path.join(directory, 'history', '%s-%s.json' % (name, stamp))
                _write(written['history'], report_json)
        except (IOError, OSError) as exc:
            raise AnsibleActionFail("cannot write the report under '%s' on the controller: %s"
                                    % (directory, to_native(exc)))
        # A report is an artifact of the run, not managed state: writing it is never a change.
        result.update(changed=False, paths=written)
        return result


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
