# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CPU accounting: the cloud's server processes and the client's (children or this process)."""

import os
import re
import resource


def cloud_cpu_seconds():
    """CPU seconds (user + system) the cloud's server processes have used so far: Cinder, MariaDB, RabbitMQ,
    Keystone and the LVM commands they ran and waited for. The delta over a phase is what the phase cost the
    cloud; on 2 shared cores, client CPU is taken from it."""
    tick = os.sysconf('SC_CLK_TCK')
    total = 0.0
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % entry, 'rb') as f:
                cmdline = f.read()
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if not re.search(rb'cinder-(api|scheduler|volume)|mariadbd|beam|gunicorn|privsep-helper', cmdline):
            continue
        # utime, stime, cutime, cstime (fields 14-17 of stat, counted after the command name)
        total += sum(int(x) for x in fields[11:15]) / float(tick)
    return total


class CpuMeter(object):
    """CPU over a stretch of a phase: the cloud's, and the client's, either this process (who='self', the
    floors' threads) or the child processes it waited for (who='children', ansible-playbook and its forks)."""

    def __init__(self, who='children'):
        self.who = resource.RUSAGE_CHILDREN if who == 'children' else resource.RUSAGE_SELF
        self.cloud0 = cloud_cpu_seconds()
        self.client0 = resource.getrusage(self.who)

    def read(self):
        client1 = resource.getrusage(self.who)
        return {'client': client1.ru_utime + client1.ru_stime - self.client0.ru_utime - self.client0.ru_stime,
                'cloud': cloud_cpu_seconds() - self.cloud0}
