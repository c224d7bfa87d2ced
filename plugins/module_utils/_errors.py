# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error type raised by this collection's module_utils."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class CinderAdoptError(Exception):
    """A failure worth reporting to the operator as is.

    ``msg`` is complete on its own: it names the field or object, what was
    wrong and what would be valid. ``details`` are extra keys merged into the
    module's failure result (e.g. ``volume_id``, ``candidates``) so callers
    and roles can act on them without parsing the message.
    """

    def __init__(self, msg, **details):
        super(CinderAdoptError, self).__init__(msg)
        self.msg = msg
        self.details = details

    def __str__(self):
        return self.msg
