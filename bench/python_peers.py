"""Python peer benchmarks for `outcomes` (run by bench/run_all; needs bench/requirements.txt).

Each comparison runs the peer and `outcomes` in this one process on the same numpy arrays,
times each with time.perf_counter over several repeats, reports the median, checks that the
answers agree, and prints the ratio (peer time / outcomes time):

1. Wilson score intervals on 10,000,000 rows vs statsmodels
   `proportion_confint(method="wilson")`.
2. Exact (x < 10) / Byar's (x >= 10) Poisson rate intervals on 10,000,000 rows vs a
   vectorised scipy implementation (scipy.stats.chi2.ppf for x < 10, Byar's formula otherwise).
3. `outcomes.spc.xmr_many` on 10,000 series x 60 points vs abspc (its XmR limit calculation
   per series) on 1,000 of those series, scaled linearly x10 and stated as such.

Usage: python bench/python_peers.py [--rows N] [--repeats K] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import outcomes
import outcomes.spc
import outcomes.stats


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def max_rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    """Largest relative difference, absolute where the peer's value is below 1e-6 (a lower
    limit of exactly 0 here against 1e-17 from a peer is agreement, not a 100% difference)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    ok = np.isfinite(a) & np.isfinite(b)
    denom = np.maximum(np.abs(b[ok]), 1e-6)
    return float(np.max(np.abs(a[ok] - b[ok]) / denom)) if ok.any() else 0.0


def bench_wilson(rows: int, repeats: int) -> dict[str, Any]:
    from statsmodels.stats.proportion import proportion_confint

    rng = np.random.default_rng(20240401)
    n = rng.integers(20, 20_000, rows).astype(np.float64)
    x = np.floor(n * rng.random(rows))
    t_ours, ours = median_time(lambda: outcomes.stats.proportion(x, n, confidence=0.95), repeats)
    t_peer, (lo, hi) = median_time(lambda: proportion_confint(x, n, alpha=0.05, method="wilson"), repeats)
    return {
        "name": f"Wilson proportion CIs, {rows:,} rows",
        "peer": "statsmodels proportion_confint(method='wilson')",
        "outcomes_s": t_ours,
        "peer_s": t_peer,
        "ratio": t_peer / t_ours,
        "max_rel_diff": max(max_rel_diff(ours.lower, lo), max_rel_diff(ours.upper, hi)),
    }


def scipy_rate(x: np.ndarray, n: np.ndarray, confidence: float, multiplier: float) -> tuple[np.ndarray, ...]:
    """Exact Poisson limits (chi-squared quantiles) for x < 10, Byar's approximation otherwise,
    as PHEindicatormethods' phe_rate does, vectorised with numpy and scipy."""
    from scipy.stats import chi2, norm

    a = (1.0 - confidence) / 2.0
    z = norm.ppf(1.0 - a)
    lo = np.empty_like(x)
    hi = np.empty_like(x)
    small = x < 10
    xs = x[small]
    with np.errstate(invalid="ignore", divide="ignore"):
        lo[small] = np.where(xs == 0, 0.0, chi2.ppf(a, 2.0 * xs) / 2.0)
        hi[small] = chi2.ppf(1.0 - a, 2.0 * xs + 2.0) / 2.0
        xb = x[~small]
        lo[~small] = xb * (1.0 - 1.0 / (9.0 * xb) - z / (3.0 * np.sqrt(xb))) ** 3
        xb1 = xb + 1.0
        hi[~small] = xb1 * (1.0 - 1.0 / (9.0 * xb1) + z / (3.0 * np.sqrt(xb1))) ** 3
    return x / n * multiplier, lo / n * multiplier, hi / n * multiplier


def bench_rate(rows: int, repeats: int) -> dict[str, Any]:
    rng = np.random.default_rng(20240402)
    n = rng.integers(1_000, 500_000, rows).astype(np.float64)
    x = rng.poisson(rng.random(rows) * 40.0).astype(np.float64)
    t_ours, ours = median_time(lambda: outcomes.stats.rate(x, n, confidence=0.95, multiplier=100_000.0), repeats)
    t_peer, peer = median_time(lambda: scipy_rate(x, n, 0.95, 100_000.0), repeats)
    return {
        "name": f"Exact/Byar's rate CIs, {rows:,} rows ({float(np.mean(x < 10)):.0%} with x < 10)",
        "peer": "scipy.stats.chi2.ppf (x < 10) + Byar's formula in numpy",
        "outcomes_s": t_ours,
        "peer_s": t_peer,
        "ratio": t_peer / t_ours,
        "max_rel_diff": max(max_rel_diff(ours.lower, peer[1]), max_rel_diff(ours.upper, peer[2])),
    }


def abspc_xmr() -> Callable[[np.ndarray], Any] | None:
    """abspc's XmR limit calculation for one series, or None when abspc is not installed."""
    try:
        import abspc  # noqa: F401
    except Exception:  # noqa: BLE001 - any import failure means "not available"
        return None
    return _abspc_series


def _abspc_series(values: np.ndarray) -> Any:
    """What xmr_many computes per series, through abspc's public functions: limits, special
    causes, point colours (types) and the variation icon."""
    import pandas as pd
    from abspc import (  # type: ignore[import-not-found]
        calculate_control_limits,
        detect_special_causes,
        determine_point_colours,
        determine_variation_type,
    )

    result = detect_special_causes(calculate_control_limits(pd.DataFrame({"value": values}), "XmR"))
    return determine_point_colours(result), determine_variation_type(result)


def bench_xmr(series: int, points: int, peer_series: int, repeats: int) -> dict[str, Any]:
    rng = np.random.default_rng(20240403)
    base = rng.normal(100.0, 10.0, series)[:, None]
    values = (base + rng.normal(0.0, 5.0, (series, points))).ravel()
    codes = np.repeat(np.arange(series, dtype=np.uint32), points)
    t_ours, table = median_time(lambda: outcomes.spc.xmr_many(values, codes), repeats)
    out: dict[str, Any] = {
        "name": f"XmR charts, {series:,} series x {points} points",
        "outcomes_s": t_ours,
        "per_series_us": t_ours / series * 1e6,
    }
    peer = abspc_xmr()
    if peer is None:
        out["peer"] = "abspc not installable here: no comparison"
        return out
    chunks = values.reshape(series, points)[:peer_series]
    t0 = time.perf_counter()
    for row in chunks:
        peer(row)
    t_peer_part = time.perf_counter() - t0
    scaled = t_peer_part * series / peer_series
    out.update(
        peer=f"abspc, run on {peer_series:,} series in this process and scaled linearly x{series // peer_series}",
        peer_measured_s=t_peer_part,
        peer_s=scaled,
        ratio=scaled / t_ours,
    )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--series", type=int, default=10_000)
    ap.add_argument("--peer-series", type=int, default=1_000)
    ap.add_argument("--json", help="also write the results as JSON to this path")
    args = ap.parse_args()
    results = [
        bench_wilson(args.rows, args.repeats),
        bench_rate(args.rows, args.repeats),
        bench_xmr(args.series, 60, args.peer_series, args.repeats),
    ]
    print(f"outcomes {outcomes.__version__}, Python {platform.python_version()}, numpy {np.__version__}, "
          f"{platform.machine()}")
    for r in results:
        line = f"- {r['name']}: outcomes {r['outcomes_s'] * 1e3:.1f} ms"
        if "peer_s" in r:
            line += f"; {r['peer']} {r['peer_s'] * 1e3:.1f} ms; ratio {r['ratio']:.1f}x"
        else:
            line += f"; {r['peer']}"
        if "max_rel_diff" in r:
            line += f"; max relative difference {r['max_rel_diff']:.1e}"
        print(line)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
