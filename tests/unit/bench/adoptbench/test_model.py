"""The cost model: the fit, the points taken from the rounds, the projection and its labels."""

import argparse

import pytest
from adoptbench import model


def args(**kw):
    base = dict(count=200, backends=['lvm-a', 'lvm-b'], projection=(10000, 20), awx_forks=[5, 20])
    base.update(kw)
    return argparse.Namespace(**base)


def test_fit_recovers_a_line():
    a, b = model.fit([200, 1000, 2000], [10 + 0.25 * n for n in (200, 1000, 2000)])
    assert a == pytest.approx(10) and b == pytest.approx(0.25)


def test_points_take_the_main_pair_and_the_model_pairs_of_every_round():
    rounds = [{'ours': {'seconds': 60}, 'raw': {'seconds': 50},
               'model': {1000: {'ours': {'seconds': 260}, 'raw': {'seconds': 230}}}},
              {'ours': {'seconds': 62}, 'raw': {'seconds': 48}, 'model': {}}]
    assert model.points(rounds, args()) == {200: ([60, 62], [50, 48]), 1000: ([260], [230])}


def test_report_projects_and_labels_the_extrapolation():
    rounds = [{'ours': {'seconds': 60.0}, 'raw': {'seconds': 50.0},
               'model': {'1000': {'ours': {'seconds': 260.0}, 'raw': {'seconds': 230.0}}},
               'memory': {'runs': {200: {'module_maxrss_kib': 60000}, 2000: {'module_maxrss_kib': 96000}}}}]
    text = '\n'.join(model.report_lines(rounds, args()))
    assert 'ours       time =   10.00 s + 0.2500 s x N' in text
    assert 'raw floor  time =    5.00 s + 0.2250 s x N' in text
    assert 'EXTRAPOLATED (not measured)' in text
    # (A) a + b x 10000; (B) ceil(20/5) waves of a + 2b x 500
    assert 'forks   5: ours (A)    2510 s  (B)    1040 s' in text
    assert 'INTERPOLATED linearly from N=200 and N=2000' in text


def test_no_fit_from_one_n():
    rounds = [{'ours': {'seconds': 60.0}, 'raw': {'seconds': 50.0}, 'model': {}}]
    text = '\n'.join(model.report_lines(rounds, args()))
    assert 'a fit needs ours and the floor at two N at least' in text


def test_figures_carry_the_issue_targets():
    res = {'model': {200: {'ours': {'seconds': 23.0}, 'raw': {'seconds': 20.0}},
                     1000: {'ours': {'seconds': 120.0}, 'raw': {'seconds': 100.0}}}}
    assert [(key, round(value, 2), target) for key, _label, value, target in model.figures(res)] == [
        ('model/200', 1.15, 1.15), ('model/1000', 1.2, 1.2)]
