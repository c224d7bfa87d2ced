# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which objects a run takes: include/exclude patterns on the object's original name, a size range, safety.

The one place this rule lives: the bulk modules, the info modules (name_pattern, sizes, safe_only) and the
storage_host role's preflight all select through Selection.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.stackadopt.cinder.plugins.module_utils._errors import CinderAdoptError


class Selection(object):
    """Pattern selection shared by adopt, release, listing and the storage-host preflight.

    ``spec`` is the ``select`` option: include/exclude (Python regexes, searched), min_size/max_size (GiB),
    safe_only, adopted_only. ``field`` names the option in messages.
    """

    def __init__(self, spec, field='select', labels=None):
        spec = spec or {}
        labels = labels or {}

        def name(key):
            return labels.get(key) or ('%s.%s' % (field, key) if field else key)

        self.given = bool(spec)
        for key in ('min_size', 'max_size'):
            if spec.get(key) is not None and spec[key] < 0:
                raise CinderAdoptError('%s is %s; sizes are GiB, 0 or more.' % (name(key), spec[key]), field=name(key))
        self.include = self._compile(spec.get('include') or [], name('include'))
        self.exclude = self._compile(spec.get('exclude') or [], name('exclude'))
        self.min_size = spec.get('min_size')
        self.max_size = spec.get('max_size')
        self.safe_only = spec.get('safe_only', True) is not False
        self.adopted_only = spec.get('adopted_only', True) is not False
        if self.min_size is not None and self.max_size is not None and self.min_size > self.max_size:
            raise CinderAdoptError('%s (%s) is larger than %s (%s); no object could match.'
                                   % (name('min_size'), self.min_size, name('max_size'), self.max_size),
                                   field=name('min_size'))

    @staticmethod
    def _compile(patterns, field):
        compiled = []
        for pattern in patterns:
            try:
                compiled.append(re.compile(pattern))
            except (re.error, TypeError) as exc:
                raise CinderAdoptError("%s pattern '%s' is not a valid regular expression: %s."
                                       % (field, pattern, exc), field=field)
        return compiled

    @property
    def filters(self):
        """Whether anything but safety narrows the selection."""
        return bool(self.include or self.exclude or self.min_size is not None or self.max_size is not None)

    def accepts(self, name, size):
        name = name or ''
        if self.include and not any(pattern.search(name) for pattern in self.include):
            return False
        if any(pattern.search(name) for pattern in self.exclude):
            return False
        if self.min_size is not None and (size is None or size < self.min_size):
            return False
        if self.max_size is not None and (size is None or size > self.max_size):
            return False
        return True
