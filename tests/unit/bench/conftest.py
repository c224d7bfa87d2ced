"""bench/ on sys.path, so that the bench's package adoptbench imports as it does under bench/adopt_scale.py."""

import os
import sys

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'bench')
if BENCH not in sys.path:
    sys.path.insert(0, os.path.abspath(BENCH))
