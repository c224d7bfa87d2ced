# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cinder for the bench (tests/support/raw_cinder.py plus a phase marker), and the Keystone user of a run."""

import json
import os
import uuid

import raw_cinder

from adoptbench import API_TIMEOUT, CEPH_POOL_NAME, CEPH_SERVICE, POOL_HOSTS, say


class Cinder(raw_cinder.RawCinder):
    def __init__(self, cloud, api_timeout=API_TIMEOUT):
        super(Cinder, self).__init__(cloud, api_timeout=api_timeout)

    def list_volumes(self):
        return self.volumes()

    def unmanage(self, vid):
        self.unmanage_volume(vid)

    def ready(self, backends):
        """Both the scheduler's pool list and the volume services know every backend (after a restart the
        scheduler rejects manage requests with NoValidBackend until the first capability report)."""
        pools = [CEPH_POOL_NAME if b == 'ceph' else POOL_HOSTS[b] for b in backends]
        services = [CEPH_SERVICE if b == 'ceph' else POOL_HOSTS[b].split('#', 1)[0] for b in backends]
        return self.backends_ready(pools, services)

    def marker(self, text):
        """A request whose line in cinder-api.log marks a phase boundary (unauthenticated version GET)."""
        try:
            self.bs.get('/', params={'stackadopt-bench': text}, raise_exc=False)
        except Exception:  # noqa: BLE001 - a marker is best effort
            pass


class BenchUser(object):
    """A Keystone user of this run only (admin role on the admin project), so that cinder-api.log lines of the
    benchmark can be told from the traffic of everyone else on the shared cloud (the log records the user id).

    Writes $STATE/bench/<prefix>/clouds.yaml with the base clouds plus cloud 'stackadopt-bench' and points
    OS_CLIENT_CONFIG_FILE at it. delete() removes the user (its role assignment goes with it).
    """

    CLOUD = 'stackadopt-bench'

    def __init__(self, base_cloud, prefix, workdir):
        import openstack
        import yaml
        self.admin = openstack.connect(cloud=base_cloud, api_timeout=API_TIMEOUT)
        base_file = os.environ['OS_CLIENT_CONFIG_FILE']
        config = yaml.safe_load(open(base_file))
        entry = json.loads(json.dumps(config['clouds'][base_cloud]))
        auth = entry['auth']
        project = self.admin.identity.find_project(auth['project_name'], ignore_missing=False)
        domain = self.admin.identity.find_domain(auth.get('user_domain_name') or 'Default', ignore_missing=False)
        role = self.admin.identity.find_role('admin', ignore_missing=False)
        self.name = 'stackadopt-%s' % prefix.replace('_', '-')
        password = uuid.uuid4().hex
        old = self.admin.identity.find_user(self.name, domain_id=domain.id)
        if old:
            self.admin.identity.delete_user(old)
        self.user = self.admin.identity.create_user(name=self.name, password=password, domain_id=domain.id,
                                                    description='stackadopt bench/adopt_scale.py run %s' % prefix)
        self.admin.identity.assign_project_role_to_user(project, self.user, role)
        self.id = self.user.id
        auth['username'] = self.name
        auth['password'] = password
        config['clouds'][self.CLOUD] = entry
        path = os.path.join(workdir, 'clouds.yaml')
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            yaml.safe_dump(config, f, default_flow_style=False)
        os.environ['OS_CLIENT_CONFIG_FILE'] = path

    def delete(self):
        try:
            self.admin.identity.delete_user(self.user)
        except Exception as exc:  # noqa: BLE001
            say('WARNING: could not delete Keystone user %s: %s' % (self.name, exc))
