"""Peak RSS at an N that was not measured is labelled as interpolated or extrapolated."""

from adoptbench import memory

RUNS = {'200': {'module_maxrss_kib': 60000}, '2000': {'module_maxrss_kib': 96000}}


def test_rss_at():
    assert memory.rss_at(RUNS, 200) == (60000, 'measured')
    value, how = memory.rss_at(RUNS, 1100)
    assert value == 78000 and how.startswith('INTERPOLATED')
    value, how = memory.rss_at(RUNS, 3800)
    assert value == 132000 and how.startswith('EXTRAPOLATED')
    assert memory.rss_at({}, 500) == (None, None)
    assert 'NOT MEASURED' in memory.rss_at({'200': {'module_maxrss_kib': 1}}, 500)[1]
