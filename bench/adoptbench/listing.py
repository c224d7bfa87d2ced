# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The listing phase (issue #14): one backend holding N fresh LVs, listed three ways in one round:

  lvs      the storage host's listing: one `lvs` of the volume group, as the storage_host role runs it
  cinder   Cinder's own: the raw paged sequence of GET manageable_volumes/detail (1000 a page, the reference of the
           last entry as the marker, as the collection's client pages), on a fresh connection (authentication
           counted)
  module   stackadopt.cinder.cinder_manageable_volume_info in a playbook, as a user runs it

The raw sequence and the module alternate which goes first from round to round. Cinder's LVM driver probes every
LV for each page inside one RPC call of cinder-api to cinder-volume, so a backend of thousands of LVs can outlast
rpc_response_timeout (60 s by default): the page then answers HTTP 500, which this phase reports as what it is.
"""

import json
import os
import time

import raw_cinder

from adoptbench import LISTING_PLAYBOOK, POOL_HOSTS, VGS, say
from adoptbench.cloud import Cinder
from adoptbench.cpu import CpuMeter
from adoptbench.env import cinder_option
from adoptbench.playbooks import run_playbook
from adoptbench.storage import storage_host_listing

TARGET = 1.2


class ListingPhase(object):
    def phase_listing(self):
        n, backend = self.args.listing_count, self.args.listing_backend
        host = POOL_HOSTS[backend]
        tag = self.tagged('list')
        self.make_set(tag, n, backends=[backend])
        rpc_timeout = float(cinder_option(self.state, 'rpc_response_timeout', '60'))
        res = {'count': n, 'backend': backend, 'rpc_response_timeout': rpc_timeout}
        try:
            res['lvs_seconds'], res['backend_objects'] = storage_host_listing(VGS[backend])
            say('listing: storage host (one lvs of %s): %d LVs in %.2fs'
                % (VGS[backend], res['backend_objects'], res['lvs_seconds']))
            order = ('cinder', 'module') if self.round % 2 else ('module', 'cinder')
            for way in order:
                what = 'the raw paged GET sequence' if way == 'cinder' else 'cinder_manageable_volume_info'
                say('listing: %s on %s (%d objects) ...' % (what, host, res['backend_objects']))
                res[way] = self._list_raw(host) if way == 'cinder' else self._list_module(tag, host)
                res[way]['rpc_timeout'] = self._rpc_timeout(res[way], rpc_timeout)
                say('listing: %s' % describe(way, res[way], res))
        finally:
            self.results['listing'] = res
            self.release(tag)

    def _list_raw(self, host):
        off0, t = self.apilog.offset(), time.monotonic()
        meter = CpuMeter('self')
        conn = Cinder(self.args.cloud, api_timeout=self.args.listing_timeout)  # fresh: auth counted, as the module's
        out = {'pages': 0, 'entries': 0, 'page_seconds': []}
        try:
            for page, seconds in conn.manageable_pages('volumes', host=host, sort='reference:asc', retries=()):
                out['pages'] += 1
                out['entries'] += len(page)
                out['page_seconds'].append(round(seconds, 2))
        except raw_cinder.RawCinderError as exc:
            out['error'] = str(exc).splitlines()[0][:300]
            out['status_code'] = exc.status_code
            out['failed_after'] = exc.seconds
        out['seconds'] = time.monotonic() - t
        out['cpu'] = meter.read()
        out['log_offsets'] = (off0, self.apilog.offset())
        return out

    def _list_module(self, tag, host):
        result_file = os.path.join(self.workdir, '%s-info-result.json' % tag)
        log_path = os.path.join(self.workdir, '%s-info.log' % tag)
        off0 = self.apilog.offset()
        meter = CpuMeter('children')
        extra = {'bench_cloud': self.args.cloud, 'bench_host': host, 'bench_result_file': result_file}
        seconds, rc = run_playbook(self.tools_bin, LISTING_PLAYBOOK, extra, self.ours_collections, log_path,
                                   self.workdir, check=False)
        out = {'seconds': seconds, 'cpu': meter.read(), 'log': log_path, 'log_offsets': (off0, self.apilog.offset())}
        try:
            data = json.load(open(result_file))
        except (OSError, ValueError):
            data = {'failed': True, 'msg': 'the playbook failed (rc %d) before saving a result, see %s'
                    % (rc, log_path)}
        out['entries'] = data.get('entries', 0)
        if data.get('failed'):
            out['error'] = (data.get('msg') or 'failed').splitlines()[0][:300]
        reqs = self.apilog.requests_between(*out['log_offsets'])
        out['log_requests'] = len(reqs)
        return out

    def _rpc_timeout(self, out, rpc_timeout):
        """Whether a failed listing is cinder-api giving up on the volume service's RPC reply."""
        if not out.get('error'):
            return False
        lines = self.apilog.rpc_timeouts_between(*out['log_offsets'])
        slow = (out.get('failed_after') or out['seconds']) >= 0.9 * rpc_timeout
        return bool(lines) or (out.get('status_code') == 500 and slow)


def describe(way, out, res):
    if way == 'cinder':
        text = "Cinder's listing (raw paged GETs): %d entries in %d page(s), %.2f s (pages %s)" % (
            out['entries'], out['pages'], out['seconds'], ', '.join('%.1fs' % s for s in out['page_seconds']) or '-')
    else:
        text = 'cinder_manageable_volume_info: %d entries, %.2f s (%s cinder-api requests)' % (
            out['entries'], out['seconds'], out.get('log_requests', '?'))
    if out.get('error'):
        text += '  FAILED: %s' % out['error']
    if out.get('rpc_timeout'):
        text += '  [%s]' % rpc_explanation(res)
    return text


def rpc_explanation(res):
    return ("Cinder's listing hit the RPC timeout: cinder-api waited rpc_response_timeout = %g s for cinder-volume, "
            'whose LVM driver probes every one of the %s LVs for each page; raise it on the test cloud with '
            'STACKADOPT_TESTCLOUD_RPC_RESPONSE_TIMEOUT=<seconds> tests/cloud/testcloud up (or testcloud up '
            '--rpc-response-timeout <seconds>) and run again; the storage host listing needs no RPC'
            % (res['rpc_response_timeout'], res.get('backend_objects', '?')))


def figures(res):
    """(key, label, ratio or None, target) of one round."""
    r = res.get('listing')
    if not r or 'cinder' not in r:
        return []
    cinder, module = r['cinder'], r.get('module') or {}
    out = []
    if not cinder.get('error') and 'lvs_seconds' in r:
        out.append(('listing/lvs', "listing: storage host (lvs) / Cinder's", r['lvs_seconds'] / cinder['seconds'],
                    TARGET))
    if not cinder.get('error') and module and not module.get('error'):
        out.append(('listing/module', 'listing: info module / raw paged GETs', module['seconds'] / cinder['seconds'],
                    TARGET))
    return out


def report_lines(r, a):
    res = r.get('listing')
    if not res:
        return []
    lines = ['L. listing of one backend (%s) holding %s LVs, %d of them this phase\'s fresh ones; cinder.conf '
             'rpc_response_timeout = %g s' % (res['backend'], res.get('backend_objects', '?'), res['count'],
                                              res['rpc_response_timeout'])]
    if 'lvs_seconds' in res:
        lines.append('     storage host listing (one lvs, as the storage_host role runs it)  %8.2f s'
                     % res['lvs_seconds'])
    for way in ('cinder', 'module'):
        if way in res:
            lines.append('     %s' % describe(way, res[way], res))
    for key, label, value, target in figures(r):
        verdict = ('   (target <= %.2f)  %s' % (target, 'OK' if value <= target else 'MISSED')) if target else ''
        if key == 'listing/lvs' and value:
            verdict += "   (Cinder's takes %.0fx as long)" % (1 / value)
        lines.append('%-45s = %6.3f%s' % (label, value, verdict))
    if any(res.get(way, {}).get('rpc_timeout') for way in ('cinder', 'module')):
        lines.append('NOTE: listing: %s.' % rpc_explanation(res))
    return lines
