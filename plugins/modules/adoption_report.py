#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: adoption_report
short_description: Write the report of an adoption, release or inventory run on the controller
version_added: 1.0.0
description:
  - Writes O(report) as C(<dir>/<name>.json), the rendered O(markdown) as C(<dir>/<name>.md) and, with O(history), a
    copy of the JSON as C(<dir>/history/<name>-<generated_at>.json), creating the directories.
  - Runs on the controller (an action plugin, no module is sent to any host), whatever host the task is for; the
    roles call it once per run.
  - Each file is replaced atomically. Writing a report never reports a change - it is an artifact of the run, not
    managed state.
author:
  - stackadopt engineers (@stackadopt)
options:
  dir:
    description: Directory on the controller for the report files.
    type: path
    required: true
  name:
    description: Base name of the files, without directory or suffix.
    type: str
    required: true
  report:
    description: The report, written as indented JSON.
    type: dict
    required: true
  markdown:
    description: The Markdown text of the report (for example rendered with P(ansible.builtin.template#lookup)).
    type: str
  history:
    description: Also keep a copy of the JSON named after the report's C(generated_at) field under C(<dir>/history/).
    type: bool
    default: false
attributes:
  action:
    support: full
    description: Indicates this has a corresponding action plugin so some parts of the work run on the controller.
    details: All of the work is done by the action plugin on the controller; no module is sent to any host.
  async:
    support: none
    description: Supports being used with the C(async) keyword.
  bypass_host_loop:
    support: none
    description: Forces a 'global' task that does not execute per host.
  check_mode:
    support: partial
    description: Can run in check_mode and return changed status prediction without modifying target.
    details: The files are written in check mode too (the roles name them C(<name>-plan)) - there they hold the plan.
  diff_mode:
    support: none
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
  platform:
    support: full
    platforms: posix
    description: Target OS/families that can be operated against.
'''

EXAMPLES = r'''
- name: Write the report of the run
  stackadopt.cinder.adoption_report:
    dir: /var/tmp/stackadopt-reports
    name: adopt
    report: "{{ my_report }}"
    markdown: "{{ lookup('ansible.builtin.template', 'report.md.j2') }}"
    history: true
  run_once: true
'''

RETURN = r'''
paths:
  description: The files written, by kind (C(json), C(markdown), C(history)).
  returned: always
  type: dict
  sample: {"json": "/var/tmp/stackadopt-reports/adopt.json", "markdown": "/var/tmp/stackadopt-reports/adopt.md"}
'''
