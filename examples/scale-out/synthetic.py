#!/usr/bin/env python3
"""SYNTHETIC national-size observations: GP practices x indicators x months.

Every figure here is made up. The shape is that of a national primary-care extract (about
6,500 GP practices in England, each reporting a set of percentage indicators every month):

- each practice has a list size (log-normal around 9,000 patients) and, per indicator, an
  eligible denominator (a fixed share of the list, varying a little month to month);
- the numerator is binomial with a probability that depends on the indicator, the practice
  (a persistent practice effect), a slow trend and noise, so series improve, stay flat or get
  worse;
- an ``England`` row per indicator and month sums the practices' counts: it is each
  indicator's comparator (``comparator = "England"`` in the framework).

Rows are written month by month, as monthly extracts arrive, so a partition of the files does
NOT hold whole series: the recipes repartition by measure x area first.

Seeded: the same arguments give the same rows. Needs numpy and pyarrow.

    python synthetic.py --practices 6500 --indicators 16 --months 60 --out data/national
    python synthetic.py --framework-only --indicators 16 > framework.toml
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COMPARATOR = "England"
FIRST_YEAR, FIRST_MONTH = 2021, 4  # April 2021, the start of a financial year
SCHEMA = pa.schema(
    [
        ("measure", pa.string()),
        ("period", pa.string()),
        ("area", pa.string()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("value", pa.float64()),
    ]
)


def month_label(k: int) -> str:
    """The k-th month from April 2021 (k = 0), as ``Apr 2021``."""
    m = FIRST_MONTH - 1 + k
    return f"{MONTHS[m % 12]} {FIRST_YEAR + m // 12}"


def month_end(k: int) -> str:
    """The last day of the k-th month, ``YYYY-MM-DD``."""
    m = FIRST_MONTH - 1 + k + 1  # the month after, 0-based
    y, mm = FIRST_YEAR + m // 12, m % 12 + 1
    import datetime

    return (datetime.date(y, mm, 1) - datetime.timedelta(days=1)).isoformat()


def practice_codes(n: int) -> list[str]:
    """ODS-like practice codes: a region letter and five digits (``A81001``)."""
    letters = "ABCDEFGHJKLMNPY"
    return [f"{letters[i % len(letters)]}{81001 + i // len(letters):05d}" for i in range(n)]


def indicator_ids(n: int) -> list[str]:
    return [f"ind{i + 1:02d}" for i in range(n)]


def framework_toml(indicators: int, months: int) -> str:
    """A framework with one percentage measure per indicator (proportions, compared with
    England, baseline in the first month, a target two years after the last month)."""
    first, last = month_label(0), month_label(months - 1 + 24)
    lines = [
        "# SYNTHETIC framework for the scale-out recipe (examples/scale-out/synthetic.py).",
        "schema_version = 1",
        'id = "national-primary-care"',
        'title = "National primary care indicators (synthetic)"',
        f'period = {{ from = "{first}", to = "{last}" }}',
        "",
        "[[objectives]]",
        'id = "access"',
        'title = "Better primary care for everyone"',
    ]
    for i, mid in enumerate(indicator_ids(indicators)):
        higher = i % 3 != 2
        base, goal = indicator_levels(i)
        lines += [
            "",
            "[[measures]]",
            f'id = "{mid}"',
            f'title = "Synthetic indicator {i + 1}"',
            'unit = "percent"',
            'method = "proportion"',
            f'polarity = "{"higher_is_better" if higher else "lower_is_better"}"',
            'objectives = ["access"]',
            f'comparator = "{COMPARATOR}"',
            'source = { name = "synthetic (examples/scale-out/synthetic.py)" }',
            f'baselines = [{{ period = "{first}", value = {base:.1f} }}]',
            f'targets = [{{ kind = "absolute", value = {goal:.1f}, by = "{last}" }}]',
        ]
    return "\n".join(lines) + "\n"


def indicator_levels(i: int) -> tuple[float, float]:
    """Baseline and target (percent) of indicator i: targets five points better."""
    base = 40.0 + (i * 7.3) % 45.0
    higher = i % 3 != 2
    return base, base + 5.0 if higher else base - 5.0


def batches(practices: int, indicators: int, months: int, seed: int = 2026) -> Iterator[pa.RecordBatch]:
    """One record batch per month: every practice x indicator, then the England rows."""
    rng = np.random.default_rng(seed)
    codes = np.array(practice_codes(practices), dtype=object)
    ids = indicator_ids(indicators)
    list_size = np.exp(rng.normal(math.log(9000.0), 0.5, practices))
    share = rng.uniform(0.03, 0.4, (indicators, practices))  # eligible share of the list
    effect = rng.normal(0.0, 0.35, (indicators, practices))  # persistent practice effect
    trend = rng.normal(0.0, 0.012, (indicators, practices))  # logit change per month
    logit_base = np.array(
        [math.log(b / (100.0 - b)) for b, _ in (indicator_levels(i) for i in range(indicators))]
    )
    area = np.tile(codes, indicators)
    measure = np.repeat(np.array(ids, dtype=object), practices)
    for k in range(months):
        den = np.maximum(
            1.0, np.round(list_size * share * rng.uniform(0.95, 1.05, (indicators, practices)))
        )
        logit = logit_base[:, None] + effect + trend * k + rng.normal(0.0, 0.08, den.shape)
        p = 1.0 / (1.0 + np.exp(-logit))
        num = rng.binomial(den.astype(np.int64), p).astype(np.float64)
        period = month_label(k)
        n = indicators * practices
        yield pa.record_batch(
            [
                pa.array(measure, pa.string()),
                pa.array([period] * n, pa.string()),
                pa.array(area, pa.string()),
                pa.array(num.ravel()),
                pa.array(den.ravel()),
                pa.array((100.0 * num / den).ravel()),
            ],
            schema=SCHEMA,
        )
        tn, td = num.sum(axis=1), den.sum(axis=1)
        yield pa.record_batch(
            [
                pa.array(ids, pa.string()),
                pa.array([period] * indicators, pa.string()),
                pa.array([COMPARATOR] * indicators, pa.string()),
                pa.array(tn),
                pa.array(td),
                pa.array(100.0 * tn / td),
            ],
            schema=SCHEMA,
        )


def write(out: Path, practices: int, indicators: int, months: int, seed: int = 2026,
          months_per_file: int = 12) -> int:
    """Writes the observations as Parquet in ``out/observations/``, ``months_per_file`` months
    a file (as yearly extracts), and ``out/framework.toml``; returns the number of rows."""
    files = out / "observations"
    files.mkdir(parents=True, exist_ok=True)
    for old in files.glob("part-*.parquet"):
        old.unlink()
    (out / "framework.toml").write_text(framework_toml(indicators, months))
    rows, writer, file_no = 0, None, 0
    for j, batch in enumerate(batches(practices, indicators, months, seed)):
        k = j // 2  # two batches a month
        if writer is None or (j % 2 == 0 and k % months_per_file == 0):
            if writer is not None:
                writer.close()
            writer = pq.ParquetWriter(files / f"part-{file_no:04d}.parquet", SCHEMA)
            file_no += 1
        writer.write_batch(batch)
        rows += batch.num_rows
    if writer is not None:
        writer.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--practices", type=int, default=6500)
    ap.add_argument("--indicators", type=int, default=16)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, help="directory for the Parquet files and framework.toml")
    ap.add_argument("--framework-only", action="store_true", help="print the framework TOML")
    a = ap.parse_args(argv)
    if a.framework_only:
        sys.stdout.write(framework_toml(a.indicators, a.months))
        return 0
    if a.out is None:
        ap.error("--out is needed (or --framework-only)")
    import time

    t = time.perf_counter()
    rows = write(a.out, a.practices, a.indicators, a.months, a.seed)
    print(f"wrote {rows:,} rows ({a.practices} practices x {a.indicators} indicators x "
          f"{a.months} months + England) to {a.out} in {time.perf_counter() - t:.1f} s; "
          f"as_of {month_end(a.months - 1)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
