# -*- coding: utf-8 -*-
# Copyright: (c) 2026, stackadopt engineers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Adoption into a tenant's project.
    DOCUMENTATION = r'''
options:
  project:
    description:
      - The project (name or ID) the adopted volume belongs to. Cinder creates a managed volume in the project of the
        caller's token, so the request is sent with the same credentials re-scoped to this project
        (openstacksdk's C(connect_as_project)).
      - Cinder's manage policy needs the admin role in that project. An account without a role there, or without
        admin, fails before anything is written, naming the role assignment that would fix it; roles are never
        granted by this collection.
      - An unknown project fails with the close names there are.
      - Omitted, the volume belongs to the caller's own project.
    type: str
  project_domain:
    description:
      - The domain (name or ID) of O(project) when it is given by name and is not in the C(default) domain.
    type: str
  transfer:
    description:
      - When the object is already adopted into another project than O(project), move the volume there with
        Cinder's volume transfer API (offered by its owner project, accepted in O(project)), its snapshots included.
      - V(false) fails instead, naming both projects.
      - Check mode and diff show the move.
    type: bool
    default: false
'''
