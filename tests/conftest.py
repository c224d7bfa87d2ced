"""Make this checkout importable as ansible_collections.stackadopt.cinder, and tests/support's helpers
(raw_cinder) importable by name.

Ansible resolves collection code by that package path; a checkout lives at an
arbitrary directory, so tests expose it through a symlink in a private tree.
"""

import hashlib
import os
import sys
import tempfile

_REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collections_root():
    root = os.path.join(tempfile.gettempdir(), 'stackadopt-collections-%d' % os.getuid(),
                        hashlib.sha1(_REPO_ROOT.encode()).hexdigest()[:12])
    namespace_dir = os.path.join(root, 'ansible_collections', 'stackadopt')
    link = os.path.join(namespace_dir, 'cinder')
    os.makedirs(namespace_dir, exist_ok=True)
    if os.path.realpath(link) != _REPO_ROOT:
        if os.path.islink(link):
            os.unlink(link)
        os.symlink(_REPO_ROOT, link)
    return root


COLLECTIONS_ROOT = _collections_root()
if COLLECTIONS_ROOT not in sys.path:
    sys.path.insert(0, COLLECTIONS_ROOT)
SUPPORT_DIR = os.path.join(_REPO_ROOT, 'tests', 'support')
if SUPPORT_DIR not in sys.path:
    sys.path.insert(0, SUPPORT_DIR)
# Tests must exercise this checkout, not a copy of the collection installed elsewhere.
os.environ['ANSIBLE_COLLECTIONS_PATH'] = COLLECTIONS_ROOT
