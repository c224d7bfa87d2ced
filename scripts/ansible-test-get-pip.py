"""Stand-in for the get-pip.py that ansible-test downloads from a host this machine cannot reach.

ansible-test runs it inside each fresh sanity virtualenv as ``python get-pip.py [pip install args]``; the
bundled ensurepip provides a pip, which then installs the requested pip version from the package index.
"""

import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY_FLAGS = ('--no-setuptools', '--no-wheel')

# ensurepip points PIP_CONFIG_FILE at /dev/null in this process; the real install must see the machine's
# pip configuration (index, CA bundle), so it gets the environment from before.
environment = dict(os.environ)
ensurepip.bootstrap(upgrade=True)
subprocess.check_call([sys.executable, '-m', 'pip', 'install']
                      + [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_FLAGS], env=environment)
