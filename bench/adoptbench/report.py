# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report of a round, the table of rounds with the median of the per-round ratios, and results.json."""

import json
import os
import statistics

from adoptbench import listing, memory, model, snapshots


def report(b):
    r, a = b.results, b.args
    n = a.count
    who = ' (bench user only)' if b.user else ' (ALL users in the window)'
    lines = ['', '=' * 100,
             'stackadopt.cinder adoption benchmark  prefix=%s  N=%d LVs (%s, split round-robin)  '
             'concurrency=%d  lv-size=%s' % (b.prefix, n, ', '.join(a.backends), a.concurrency, a.lv_size),
             '=' * 100]
    if a.rounds > 1:
        lines.append('round %d of %d' % (b.round, a.rounds))
    lines.append('machine: %d CPUs, load average at the end %.2f %.2f %.2f (the testcloud and everyone else share them)'
                 % ((os.cpu_count() or 0,) + tuple(os.getloadavg())))
    if 'noop' in r:
        lines.append('ansible-playbook start-up, no-op task (tools venv)  %8.2f s' % r['noop'])
    ours = r.get('ours')
    if ours:
        lines.append('1. ours  (%s)  adopt %d LVs           %8.2f s   (%.3f s/LV; module api_requests=%s, '
                     'cinder-api.log requests=%d)' % (ours['playbook'], n, ours['seconds'], ours['seconds'] / n,
                                                      ours['module_api_requests'], ours['log_requests']))
    oursb = r.get('oursb')
    if oursb:
        lines.append('1b. module only (%s, backends in sequence)  %8.2f s   (%.3f s/LV; module api_requests=%s)'
                     % (oursb['playbook'], oursb['seconds'], oursb['seconds'] / n, oursb['module_api_requests']))
    occ = r.get('occ')
    if occ:
        lines.append('2. openstack.cloud.volume_manage %s in a loop (the module does not wait: "all available" adds '
                     'our own poll after the playbook)' % r.get('occ_version'))
        o1 = r['occ1']
        lines.append('     1 item    MEASURED  playbook %8.2f s   all available %8.2f s   (%d cinder-api requests)'
                     % (o1['seconds'], o1['seconds_available'], o1['log_requests']))
        lines.append('     %d items  MEASURED  playbook %8.2f s   all available %8.2f s   (%.3f s/item; %d cinder-api '
                     'requests, %.1f/item)' % (occ['count'], occ['seconds'], occ['seconds_available'],
                                               occ['per_item'], occ['log_requests'],
                                               occ['log_requests'] / float(occ['count'])))
        if 'extrapolated' in occ:
            lines.append('     %d items  EXTRAPOLATED (not measured) linearly: t(1) + (N-1) x %.3f s = playbook %8.2f s'
                         '   all available %8.2f s' % (n, occ['per_item'], occ['extrapolated'],
                                                       occ['extrapolated_available']))
    raw = r.get('raw')
    if raw:
        lines.append('3. raw floor  %d POSTs / %d threads + 1 poll loop  %8.2f s   (POSTs done at %.2f s; median POST '
                     '%.3f s; %d polls every %.2f s; %d cinder-api requests)'
                     % (n, raw['threads'], raw['seconds'], raw['post_phase'], raw['post_latency_median'],
                        raw['polls'], a.raw_poll, raw['log_requests']))
    rawlisted = r.get('rawlisted')
    if rawlisted:
        lines.append('3b. raw floor + 1 manageable listing per backend first  %8.2f s   (%d cinder-api requests)'
                     % (rawlisted['seconds'], rawlisted['log_requests']))
    rawsame = r.get('rawsame')
    if rawsame:
        lines.append('3c. raw floor with the request bodies ours sends (metadata, type id)  %8.2f s   (POSTs done at '
                     '%.2f s; median POST %.3f s)' % (rawsame['seconds'], rawsame['post_phase'],
                                                      rawsame['post_latency_median']))
    rerun = r.get('rerun')
    if rerun:
        lines.append('4. re-run of ours on the %d adopted volumes          %8.2f s   module api_requests=%s, '
                     'cinder-api.log requests=%d%s' % (n, rerun['seconds'], rerun['module_api_requests'],
                                                       rerun['log_requests'], who))
        lines.append('     log breakdown: %s' % rerun['log_breakdown'])
        lines.append('     also in that log window: %d unauthenticated version-discovery GETs (anyone\'s), %d requests '
                     'from all users in total' % (rerun['log_anonymous'], rerun['log_everyone']))
        lines.append('     module summary: %s' % rerun['summary'])
        if rerun.get('per_backend_requests'):
            lines.append('     per backend (module count): %s   (target <= 10 each)'
                         % ', '.join('%s %d' % kv for kv in sorted(rerun['per_backend_requests'].items())))
    lines.append('where the time goes (cinder-api.log timestamps of the bench user, from the start of each run; '
                 'slowest Ansible tasks):')
    for key, label in (('ours', 'ours'), ('oursb', 'module only'), ('raw', 'raw floor'),
                       ('rawlisted', 'raw+listing'), ('rawsame', 'raw, our bodies'), ('rerun', 're-run')):
        if r.get(key):
            lines.append('   %-12s %6.1f s: %s' % (label, r[key]['seconds'], r[key].get('timeline') or '-'))
            if r[key].get('cpu'):
                lines.append('   %-12s          CPU: client %.1f s, cloud %.1f s (of %.1f s on %d cores)'
                             % ('', r[key]['cpu']['client'], r[key]['cpu']['cloud'], r[key]['seconds'],
                                os.cpu_count() or 0))
            if r[key].get('tasks'):
                lines.append('   %-12s          tasks: %s' % ('', r[key]['tasks']))
    lines.append('-' * 100)
    if ours and raw:
        ratio = ours['seconds'] / raw['seconds']
        lines.append('adopt / raw floor                 = %6.2f   (target <= %g)  %s   [%s]'
                     % (ratio, a.target, 'OK' if ratio <= a.target else 'MISSED', ours['playbook']))
        if rawlisted:
            ratio = ours['seconds'] / rawlisted['seconds']
            lines.append('adopt / (raw floor + listings)    = %6.2f   (context: the same reads ours must make)'
                         % ratio)
        if r.get('rawsame'):
            ratio = ours['seconds'] / r['rawsame']['seconds']
            lines.append('adopt / raw floor, our bodies     = %6.2f   (context: the same writes ours must make)'
                         % ratio)
        if oursb:
            ratio = oursb['seconds'] / raw['seconds']
            lines.append('module-only playbook / raw floor  = %6.2f   (target <= %g)  %s   [%s]'
                         % (ratio, a.target, 'OK' if ratio <= a.target else 'MISSED', oursb['playbook']))
    if ours and occ:
        if 'extrapolated' in occ:
            occ_n, how = occ['extrapolated_available'], 'EXTRAPOLATED from %d measured items' % occ['count']
        else:
            occ_n, how = occ['seconds_available'], 'measured'
        ratio = occ_n / ours['seconds']
        lines.append('openstack.cloud loop / adopt      = %6.2f   (target >= 10)  %s   '
                     '[%d items until all available, %s]' % (ratio, 'OK' if ratio >= 10 else 'MISSED', n, how))
        lines.append('  per volume: openstack.cloud %.3f s vs ours %.3f s = %.1fx'
                     % (occ['per_item'], ours['seconds'] / n, occ['per_item'] / (ours['seconds'] / n)))
    if rerun:
        reqs = rerun['module_api_requests'] if rerun['module_api_requests'] is not None else rerun['log_requests']
        lines.append('re-run Cinder API requests        = %6d   (target <= 10)  %s   [module count; the log shows %d '
                     'incl. version discovery and any concurrent traffic]'
                     % (reqs, 'OK' if reqs <= 10 else 'MISSED', rerun['log_requests']))
    lines.extend(listing.report_lines(r, a))
    lines.extend(snapshots.report_lines(r, a))
    lines.extend(memory.report_lines(r, a))
    rounds = b.rounds + [r]
    if len(rounds) > 1:
        lines.extend(rounds_summary(rounds, a.target))
    lines.extend(model.report_lines(rounds, a))
    for note in b.notes:
        lines.append('NOTE: ' + note)
    lines.append('logs and results: %s' % b.workdir)
    print('\n'.join(lines), flush=True)
    with open(os.path.join(b.workdir, 'results.json'), 'w') as f:
        json.dump({'args': vars(a), 'results': r, 'rounds': rounds, 'notes': b.notes}, f, indent=2, default=str)


def rounds_summary(rounds, target=1.3):
    """One line per round and the median of the per-round ratios: each ratio compares runs made minutes apart,
    so the machine's slow drift cancels out of it, and the median drops the round a neighbour's burst spoiled."""
    def ratio(res, num, den):
        return res[num]['seconds'] / res[den]['seconds'] if res.get(num) and res.get(den) else None

    def fmt(value, unit=''):
        return '%6.2f%s' % (value, unit) if value is not None else '     -' + ' ' * len(unit)

    lines = ['-' * 100, 'rounds (the order alternates: odd rounds as given by --order, even rounds reversed):',
             '   round      ours       raw   raw, our bodies   ours/raw   ours/raw-our-bodies   re-run requests']
    columns = {'ours/raw': [], 'ours/rawsame': []}
    for number, res in enumerate(rounds, 1):
        by_raw, by_same = ratio(res, 'ours', 'raw'), ratio(res, 'ours', 'rawsame')
        for key, value in (('ours/raw', by_raw), ('ours/rawsame', by_same)):
            if value is not None:
                columns[key].append(value)
        rerun = res.get('rerun') or {}
        lines.append('   %5d   %s   %s   %s            %s     %s                %s'
                     % (number, fmt((res.get('ours') or {}).get('seconds'), 's'),
                        fmt((res.get('raw') or {}).get('seconds'), 's'),
                        fmt((res.get('rawsame') or {}).get('seconds'), 's'), fmt(by_raw), fmt(by_same),
                        rerun.get('module_api_requests', '-')))
    for key, label in (('ours/raw', 'adopt / raw floor'), ('ours/rawsame', 'adopt / raw floor, our bodies')):
        values = sorted(columns[key])
        if values:
            median = statistics.median(values)
            within = sum(1 for v in values if v <= target)
            lines.append('median %-29s = %6.2f over %d rounds (min %.2f, max %.2f; %d of %d within %g)%s'
                         % (label, median, len(values), values[0], values[-1], within, len(values), target,
                            ('   (target <= %g)  %s' % (target, 'OK' if median <= target else 'MISSED'))
                            if key == 'ours/raw' else ''))
    lines.extend(figure_medians(rounds))
    return lines


def figure_medians(rounds):
    """The median over the rounds of each ratio of issue #14's phases (listing, snapshots, model)."""
    values, labels = {}, {}
    for res in rounds:
        for key, label, value, target in listing.figures(res) + snapshots.figures(res) + model.figures(res):
            if value is not None:
                values.setdefault(key, []).append(value)
                labels[key] = (label, target)
    lines = []
    for key in sorted(values, key=lambda k: list(labels).index(k)):
        label, target = labels[key]
        ordered = sorted(values[key])
        median = statistics.median(ordered)
        verdict = ('   (target <= %.2f)  %s' % (target, 'OK' if median <= target else 'MISSED')) if target else ''
        lines.append('median %-45s = %6.2f over %d rounds (min %.2f, max %.2f)%s'
                     % (label, median, len(ordered), ordered[0], ordered[-1], verdict))
    return lines
