"""Phase selection and order: the default run is the old one; issue #14's phases run when named."""

import pytest
from adoptbench import PHASES, cli


def select(*argv):
    ap, args = cli.parse_args('bench', list(argv))
    return cli.selected_phases(ap, args)


def test_default_is_the_old_set_and_order():
    assert select() == ([p for p in PHASES if p != 'rerun'], True)
    assert select('--skip', 'oursb,rawlisted,noop,occ') == (['ours', 'raw', 'rawsame'], True)


def test_phases_and_partial_order():
    assert select('--phases', 'ours,rerun,raw,listing,model', '--order', 'model,raw') == (
        ['model', 'raw', 'ours', 'listing'], True)
    assert select('--phases', 'listing,snapshots') == (['listing', 'snapshots'], False)


def test_unknown_or_repeated_phase_is_refused(capsys):
    with pytest.raises(SystemExit):
        select('--phases', 'ours,bogus')
    assert 'unknown phase bogus' in capsys.readouterr().err
    with pytest.raises(SystemExit):
        select('--order', 'raw,raw')
