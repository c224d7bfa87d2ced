# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Where the backend objects live (the driver profile that reads their references: stackadopt.cinder.driver).
    DOCUMENTATION = r'''
options:
  host:
    description:
      - The Cinder volume host holding the objects, as C(host@backend#pool).
      - C(host@backend) is accepted when that backend has a single pool.
      - A backend whose cinder-volume is a member of a cluster may be named by the member's host too, although
        Cinder reports its pool under the cluster's name (C(cluster@backend#pool)); that pool name is not a host.
      - An unknown host fails with the list of hosts that can be given.
      - Mutually exclusive with O(cluster).
    type: str
  cluster:
    description:
      - The Cinder cluster holding the objects, as C(cluster@backend) (active-active cinder-volume services; needs
        microversion 3.16 to manage and 3.17 to list, Cinder Ocata or later).
      - An unknown cluster fails with the list of clusters Cinder reports.
      - Mutually exclusive with O(host).
    type: str
'''
