# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The attributes every module of this collection shares: its action group and that it runs anywhere.
    DOCUMENTATION = r'''
attributes:
  action_group:
    description: Action is part of action_group(s), for convenient setting of module_defaults.
    support: full
    membership:
      - stackadopt.cinder.cinder
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: all
'''
