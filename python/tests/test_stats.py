"""outcomes.stats: NaN rows, errors with paths, groups, array kinds, the GIL, memory."""

import gc
import os
import pickle
import threading
import time
import tracemalloc

import numpy as np
import pytest

import outcomes
import outcomes.stats as st


def test_nan_row_gives_nan_row() -> None:
    r = st.proportion([1.0, np.nan, 3.0], [10.0, 10.0, np.nan])
    assert np.isnan(r.value[1]) and np.isnan(r.lower[1]) and np.isnan(r.upper[2])
    assert r.value[0] == pytest.approx(0.1)
    assert r.value.dtype == np.float64 and r.groups is None


def test_invalid_rows_raise_method_error_naming_the_first() -> None:
    with pytest.raises(outcomes.MethodError) as e:
        st.proportion([1, 2, 3, 20, 30], [10, 10, 10, 10, 10])
    assert e.value.path == "x[3]"
    assert "2 rows are invalid" in e.value.message
    with pytest.raises(outcomes.MethodError) as e2:
        st.rate([1, -1], [100, 100])
    assert e2.value.path == "x[1]"


def test_bad_options_and_shapes_raise_invalid_argument() -> None:
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        st.proportion([1], [10], confidence=0.5)
    assert e.value.path == "confidence"
    with pytest.raises(outcomes.InvalidArgumentError) as e2:
        st.proportion([1, 2], [10])
    assert e2.value.path == "n"
    with pytest.raises(outcomes.InvalidArgumentError) as e3:
        st.proportion(np.ones((2, 2)), np.ones((2, 2)))
    assert e3.value.path == "x"
    with pytest.raises(outcomes.InvalidArgumentError) as e4:
        st.compare([1.0], [0.5], [1.5], 1.0, polarity="up")
    assert e4.value.path == "polarity"
    with pytest.raises(outcomes.InvalidArgumentError):
        st.funnel_limits(0.5, [10], kind="odds")


def test_non_contiguous_and_other_array_kinds_give_the_same_result() -> None:
    rng = np.random.default_rng(1)
    n = rng.integers(50, 500, 200).astype(float)
    x = np.floor(n * rng.random(200))
    base = st.proportion(x, n)
    wide_x = np.empty(400)
    wide_x[::2] = x
    wide_n = np.empty(400)
    wide_n[::2] = n
    strided = st.proportion(wide_x[::2], wide_n[::2])
    assert not wide_x[::2].flags.c_contiguous
    np.testing.assert_array_equal(base.lower, strided.lower)
    listed = st.proportion(x.tolist(), n.tolist())
    np.testing.assert_array_equal(base.upper, listed.upper)
    ints = st.proportion(x.astype(np.int32), n.astype(np.int64))
    np.testing.assert_array_equal(base.value, ints.value)
    reversed_view = st.proportion(x[::-1], n[::-1])
    np.testing.assert_array_equal(base.value[::-1], reversed_view.value)
    big_endian = st.proportion(x.astype(">f8"), n.astype(">f8"))
    np.testing.assert_array_equal(base.value, big_endian.value)


def test_groups_in_first_appearance_order_with_keys() -> None:
    values = [5.0, 1.0, 6.0, 2.0, 7.0, 3.0]
    r = st.mean(values, groups=["z", "a", "z", "a", "z", "a"])
    assert r.groups == ["z", "a"]
    assert r.value.tolist() == [6.0, 2.0]
    codes = st.mean(values, groups=np.array([9, 4, 9, 4, 9, 4]))
    assert codes.groups == [9, 4]
    mixed = st.mean(values, groups=[("x", 1), None, ("x", 1), None, ("x", 1), None])
    assert mixed.groups == [("x", 1), None]
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        st.mean(values, groups=["a"])
    assert e.value.path == "groups"


def test_grouped_dsr_has_notes_for_small_counts() -> None:
    x = [1.0, 2.0, 50.0, 60.0]
    n = [1000.0, 1000.0, 1000.0, 1000.0]
    std = [500.0, 500.0, 500.0, 500.0]
    r = st.dsr(x, n, std, groups=["small", "small", "big", "big"])
    assert r.groups == ["small", "big"]
    assert np.isnan(r.value[0]) and not np.isnan(r.value[1])
    assert r.notes == [(0, "dsr NA for total count < 10")]
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        st.dsr(x, n, std, event_frequency=[1.0] * 4)
    assert e.value.path == "age_band"


def test_interval_is_a_named_tuple_and_pickles() -> None:
    r = st.mean([1.0, 2.0, 4.0], groups=["a", "a", "b"])
    value, lower, upper = r
    assert r._fields == ("value", "lower", "upper")
    back = pickle.loads(pickle.dumps(r))
    assert back.groups == ["a", "b"]
    np.testing.assert_array_equal(back.value, value)


def test_quantiles_compare_trend_sii() -> None:
    q = st.quantiles([1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0], nquantiles=2, groups=["a"] * 4 + ["b"] * 4)
    assert q.tolist() == [2, 2, 1, 1, 2, 2, 1, 1]
    labels = st.compare([13.0], None, None, 11.0, polarity="lower_is_better", method=5, n=[2000.0], multiplier=100)
    assert labels == ["Worse"]
    trends = st.recent_trend(
        [1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.1, 4.9, 5.0, 5.05],
        [0.9, 1.9, 2.9, 3.9, 4.9, 4.9, 5.0, 4.8, 4.9, 4.95],
        [1.1, 2.1, 3.1, 4.1, 5.1, 5.1, 5.2, 5.0, 5.1, 5.15],
        polarity="no_judgement",
        groups=["up"] * 5 + ["flat"] * 5,
    )
    assert trends == ["Increasing", "No significant change"]
    with pytest.raises(outcomes.InvalidArgumentError):
        st.recent_trend([1.0] * 5, x=[1.0] * 5, polarity="no_judgement")
    sims = st.sii([620.0, 540.0, 470.0, 410.0, 360.0], [220e3, 210e3, 200e3, 190e3, 180e3], se=[10.0] * 5,
                  repetitions=1000, seed=7)
    again = st.sii([620.0, 540.0, 470.0, 410.0, 360.0], [220e3, 210e3, 200e3, 190e3, 180e3], se=[10.0] * 5,
                   repetitions=1000, seed=7)
    assert sims.sii_lower[0] < sims.sii[0] < sims.sii_upper[0]
    assert sims == again


def test_heavy_call_releases_the_gil() -> None:
    n = np.full(6_000_000, 1000.0)
    x = np.full(6_000_000, 7.0)
    window: list[float] = []

    def work() -> None:
        window.append(time.perf_counter())
        st.rate(x, n)
        window.append(time.perf_counter())

    samples: list[float] = []
    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        samples.append(time.perf_counter())
    worker.join()
    start, end = window
    margin = (end - start) * 0.2
    during = [s for s in samples if start + margin < s < end - margin]
    assert len(during) > 100, f"{len(during)} samples in a {end - start:.3f} s call"


def test_no_memory_growth_over_many_small_calls() -> None:
    x = np.array([3.0, 5.0])
    n = np.array([10.0, 20.0])

    def batch(k: int) -> None:
        for _ in range(k):
            st.proportion(x, n)
            st.mean(x, groups=["a", "b"])

    batch(1000)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    batch(50_000)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert growth < 200_000, f"Python allocations grew by {growth} bytes over 100,000 calls"


def _rss_bytes() -> int:
    """Resident set size of this process, from /proc/self/statm (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads /proc/self/statm (Linux)")
def test_rss_does_not_grow_over_100000_calls() -> None:
    """Native allocations (Rust vectors handed to numpy, error objects) are freed too: the
    process's resident memory stays flat, which tracemalloc (Python objects only) cannot see."""
    x = np.array([3.0, 5.0, 7.0])
    n = np.array([10.0, 20.0, 30.0])
    bad_x = np.array([3.0, 50.0])
    bad_n = np.array([10.0, 20.0])

    def batch(k: int) -> None:
        for i in range(k):
            st.proportion(x, n)
            st.rate(x, n)
            if i % 50 == 0:
                try:
                    st.proportion(bad_x, bad_n)
                except outcomes.MethodError:
                    pass

    batch(5_000)  # warm up allocator pools and caches
    gc.collect()
    before = _rss_bytes()
    batch(50_000)  # 100,000 calls plus 1,000 raising
    gc.collect()
    growth = _rss_bytes() - before
    assert growth < 4 * 1024 * 1024, f"RSS grew by {growth / 1e6:.1f} MB over 100,000 calls"
