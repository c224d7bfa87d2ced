# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Aggregate callback for bench/adopt_scale.py: wall time per task (and per loop item count), printed at the end
as lines 'BENCH-TASK <seconds> <items> <task name>' so the benchmark can show where a playbook spends its time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = '''
    name: bench_timer
    type: aggregate
    short_description: wall time per task, for bench/adopt_scale.py
    description: Prints BENCH-TASK lines (seconds, loop items, task name) and BENCH-TOTAL at the end of the run.
    requirements:
      - enable in configuration
'''

import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._t0 = time.monotonic()
        self._tasks = []  # [name, start, end, items]
        self._current = None

    def _close(self):
        if self._current is not None:
            self._current[2] = time.monotonic()
            self._current = None

    def _start(self, name):
        self._close()
        self._current = [name, time.monotonic(), None, 0]
        self._tasks.append(self._current)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task.get_name())

    def v2_playbook_on_handler_task_start(self, task):
        self._start('handler: ' + task.get_name())

    def v2_playbook_on_include(self, included_file):
        pass

    def v2_runner_item_on_ok(self, result):
        if self._current is not None:
            self._current[3] += 1

    v2_runner_item_on_failed = v2_runner_item_on_ok
    v2_runner_item_on_skipped = v2_runner_item_on_ok

    def v2_playbook_on_stats(self, stats):
        self._close()
        for name, start, end, items in self._tasks:
            self._display.display('BENCH-TASK %.3f %d %s' % ((end or start) - start, items, name))
        self._display.display('BENCH-TOTAL %.3f' % (time.monotonic() - self._t0))
