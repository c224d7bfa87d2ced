#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: adoption_report
short_description: Assemble and write the report of an adoption, release or inventory run on the controller
version_added: 1.0.0
description:
  - With O(kind), assembles the report of the run itself from every host of the play (the hosts' results, read from
    C(hostvars)), writes it as C(<dir>/<name>.json) and C(<dir>/<name>.md), and returns the line to show for each
    host and for the whole run. The roles of this collection call it once per run
    (P(stackadopt.cinder.adopt_volumes#role), P(stackadopt.cinder.release_volumes#role)).
  - Or writes a given O(report) (and its O(markdown)) as they are.
  - Runs on the controller (an action plugin, no module is sent to any host), whatever host the task is for.
  - Each file is replaced atomically. With O(history), a copy of the JSON named after the report's C(generated_at)
    goes to C(<dir>/history/<name>-<generated_at>.json) each time the report's content changed.
  - C(changed) is V(true) when the content of a report file changed, timestamps aside (C(generated_at), the C(at)
    time of each adopted or released object, the time in the Markdown), so a re-run with the same outcome reports
    no change. The roles do not count the report as a change of theirs (C(changed_when=false)) - what they count is
    what they did in Cinder.
  - In check mode only the plan is written - C(<name>-plan.json) and C(<name>-plan.md), never the report of a real
    run and no history copy - and the report says C(check_mode=true).
  - The Markdown is rendered by the plugin (C(plugins/plugin_utils/adoption_report.py)), not by a template.
author:
  - stackadopt engineers (@stackadopt)
options:
  dir:
    description: Directory on the controller for the report files.
    type: path
    required: true
  name:
    description: Base name of the files, without directory or suffix (check mode adds C(-plan)).
    type: str
    required: true
  kind:
    description:
      - Assemble the report of this kind of run from the hosts' results. Exclusive with O(report).
      - V(adopt), V(release) - the result variable of each host is the
        M(stackadopt.cinder.cinder_volume_bulk_manage) result with C(error), C(cinder_host) and C(cluster) (the
        roles' C(adopt_volumes_result), C(release_volumes_result)). Its C(volumes) become the report's objects with
        per host and total counts per status; a volume listed twice is reported once.
      - V(inventory) - the result variable of each host is C({cinder_host, cluster, error, summary, objects}) (the
        role's C(adopt_volumes_inventory_result)); the report totals the hosts' summaries.
      - A host of the play without its result variable failed before its call and is reported with that error.
    type: str
    choices: [adopt, release, inventory]
  result_var:
    description:
      - Name of the per host variable with the host's result. Defaults to C(adopt_volumes_result),
        C(release_volumes_result) or C(adopt_volumes_inventory_result) after O(kind).
    type: str
  extra_items_var:
    description: Name of a per host variable with more report objects of the host (the preflight's skipped ones).
    type: str
  snapshots_var:
    description:
      - Name of a per host variable C({error, snapshots}) with the snapshots of the run; the report then gets
        C(snapshot_totals) and, per host, C(snapshot_counts), C(snapshots) and a snapshots table.
    type: str
  hosts:
    description: The hosts of the report, in order. Defaults to the play's hosts (C(ansible_play_hosts_all)).
    type: list
    elements: str
  report:
    description: A report to write as it is (indented JSON). Exclusive with O(kind).
    type: dict
  markdown:
    description: With O(report), its Markdown text.
    type: str
  history:
    description: Also keep a copy of the JSON named after the report's C(generated_at) field under C(<dir>/history/)
      when the report changed (never in check mode).
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
    support: full
    description: Can run in check_mode and return changed status prediction without modifying target.
    details: In check mode only the plan files C(<name>-plan.json) and C(<name>-plan.md) are written.
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
    kind: adopt
    result_var: adopt_volumes_result
    snapshots_var: adopt_volumes_snapshots_result
    history: true
  changed_when: false
  register: written
  run_once: true

- name: Show the outcome of each host
  ansible.builtin.debug:
    msg: "{{ written.messages[inventory_hostname] }}"

- name: Write a report made elsewhere
  stackadopt.cinder.adoption_report:
    dir: /var/tmp/stackadopt-reports
    name: custom
    report: "{{ my_report }}"
    markdown: "{{ my_markdown }}"
  run_once: true
'''

RETURN = r'''
paths:
  description: The files written, by kind (C(json), C(markdown), C(history)).
  returned: always
  type: dict
  sample: {"json": "/var/tmp/stackadopt-reports/adopt.json", "markdown": "/var/tmp/stackadopt-reports/adopt.md"}
report:
  description: The report as written to the JSON file.
  returned: always
  type: dict
  sample: {"action": "adopt", "check_mode": false, "generated_at": "2026-11-27T01:02:03Z",
           "totals": {"hosts": 1, "hosts_with_errors": 0, "adopted": 2}, "hosts": {}}
messages:
  description: With O(kind), the line shown for each host - its counts, then each object that is not already managed.
  returned: when kind was given
  type: dict
  sample: {"stor01": "stor01 (cinder-vol01@lvm#lvm): adopted=1 | adopted lv_db -> database"}
summary:
  description: With O(kind), the line of the whole run, naming the report files.
  returned: when kind was given
  type: str
  sample: "adopt on 1 host(s): adopted=1. Report: /var/tmp/stackadopt-reports/adopt.json and ...adopt.md"
'''
