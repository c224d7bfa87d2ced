#!/usr/bin/env python3
"""Adoption at scale on the testcloud: stackadopt.cinder vs openstack.cloud vs a raw API floor.

Run with the tools venv python (openstacksdk + ansible-core 2.19):

    /root/.cache/stackadopt-testcloud/venv-tools/bin/python bench/adopt_scale.py [--quick] [--count N]

Phases, each on its own fresh set of LVs (created just before the phase, outside the timing):

  1. ours    our adopt playbook (playbooks/adopt.yml when present and usable, else
             bench/playbooks/bulk_adopt.yml: one cinder_volume_bulk_manage task per backend)
  2. rerun   the same playbook again on the already adopted set: wall time and Cinder API requests
             (from the module's api_requests return and from cinder-api.log between two offsets)
  3. raw     the floor: direct API calls, a thread pool of the same concurrency (one POST
             /manageable_volumes per LV), then one polling list loop until all are settled
  4. occ     openstack.cloud.volume_manage (openstack.cloud 2.5.0 from PyPI ansible==12.3.0 with
             openstacksdk==4.14.0, in its own venv $STATE/venv-occ, built here when missing) in a
             playbook with `loop:` over --occ-count LVs; a one-item run is timed first, and when
             --occ-count < --count the time for --count is extrapolated linearly (clearly labelled)

Phases of issue #14, run only when named in --phases (e.g. --phases ours,rerun,raw,listing,snapshots,memory,model):

  listing    one backend of --listing-count LVs: the storage host's one `lvs` against Cinder's paged
             GET manageable_volumes/detail, and cinder_manageable_volume_info against that raw sequence
  snapshots  --snapshot-count RBD snapshots on Ceph: raw floor, one cinder_snapshot_manage run per snapshot,
             and cinder_snapshot_bulk_manage (skipped with a note while that module does not exist)
  memory     peak RSS of the bulk module process adopting each N of --memory-counts (first round only)
  model      ours and the raw floor at each N of --model-counts; time = a + b*N fitted, and the projection
             to --projection objects/backends run from AWX, assumptions printed

LVs are split round-robin across --backends (default both lvm-a and lvm-b). Afterwards every volume
the run adopted is released with os-unmanage (never deleted through Cinder) and its LV (renamed
volume-<id> by the LVM driver) is removed, as are LVs that were never adopted. Cleanup runs in
`finally` (also on SIGTERM and SIGHUP), `--cleanup-only PREFIX` repeats it for an interrupted run, and
every run first cleans what interrupted runs left (`--cleanup-leftovers` does only that; adoptbench/leftovers.py).
The code is the package bench/adoptbench (one module per section); Cinder is read and written through
tests/support/raw_cinder.py.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from adoptbench.cli import main  # noqa: E402 - the package lives next to this script

if __name__ == '__main__':
    sys.exit(main(__doc__))
