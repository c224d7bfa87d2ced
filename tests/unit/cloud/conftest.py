"""The test cloud's package (tests/cloud/testcloud_lib) for its unit tests: pure code only, no cloud, no root."""

import os
import sys

CLOUD_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'cloud')
if CLOUD_DIR not in sys.path:
    sys.path.insert(0, CLOUD_DIR)
