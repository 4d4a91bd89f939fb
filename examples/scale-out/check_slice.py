#!/usr/bin/env python3
"""The scale-out test: on a small synthetic slice, the Spark and Dask recipes' combined
measure tables must equal one ``Framework.evaluate`` over the whole slice, exactly (every
column of ``Evaluation.to_arrow()``, plus each row's full JSON: series, SPC, change,
comparison, forecast), and so must their whole evaluations joined by ``Framework.combine``
(measure rows and roll-ups). Exits 1 with the first difference otherwise.

    python check_slice.py [--practices 60 --indicators 4 --months 24] [--skip-spark] [--skip-dask]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import combine  # noqa: E402
import synthetic  # noqa: E402

import outcomes  # noqa: E402


def by_hand(framework: outcomes.Framework, options: outcomes.EvaluateOptions, table: pa.Table,
            partitions: int) -> pa.Table:
    """The same rules without an engine, on a split that leaves every measure out of most
    partitions (so their "no data" rows must be dropped): one partition per measure and
    group of areas."""
    rest, comparators = combine.split_comparators(table, combine.comparator_areas(framework, options))
    areas = sorted(set(rest["area"].to_pylist()))
    parts = []
    for measure in sorted(set(rest["measure"].to_pylist())):
        for k in range(partitions):
            part = rest.filter(pc.and_(pc.equal(rest["measure"], measure),
                                       pc.is_in(rest["area"], pa.array(areas[k::partitions]))))
            parts.append(combine.evaluate_partition(framework, options, part, comparators, detail=True))
    return combine.combine(framework, options, reversed(parts), detail=True)


def drop_practices_of_last_indicator(data: Path, indicators: int) -> pa.Table:
    """Rewrites the slice without the practices' rows of the last indicator (its England rows
    stay): that measure then has no data anywhere, and the combined table must still hold its
    one "no data" row, as one process writes it."""
    files = Path(combine.observations_dir(data))
    table = pq.read_table(files)
    last = synthetic.indicator_ids(indicators)[-1]
    gone = pc.and_(pc.equal(table["measure"], last), pc.not_equal(table["area"], synthetic.COMPARATOR))
    table = table.filter(pc.invert(gone))
    for old in files.glob("*.parquet"):
        old.unlink()
    step = -(-table.num_rows // 3)
    for k in range(3):
        pq.write_table(table.slice(k * step, step), files / f"part-{k:04d}.parquet")
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--practices", type=int, default=60)
    ap.add_argument("--indicators", type=int, default=4)
    ap.add_argument("--months", type=int, default=24)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--skip-dask", action="store_true")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="outcomes-scale-out-") as tmp:
        data = Path(tmp)
        synthetic.write(data, a.practices, a.indicators, a.months, months_per_file=6)
        table = drop_practices_of_last_indicator(data, a.indicators)
        rows = table.num_rows
        framework = combine.load_framework(data)
        options = combine.fixed_options(outcomes.EvaluateOptions(), table["period"].to_pylist())
        t = time.perf_counter()
        expected = combine.single_process(framework, options, table, detail=True)
        print(f"single process: {rows:,} observations -> {expected.num_rows} measure rows "
              f"({time.perf_counter() - t:.1f} s)")
        # The slice must exercise what the rules are about.
        statuses = set(expected["status"].to_pylist())
        compared = expected.filter(pc.is_valid(expected["comparison"])).num_rows
        spc = sum('"spc": {' in d for d in expected[combine.DETAIL].to_pylist())
        with_data = a.practices * (a.indicators - 1)
        assert expected.num_rows == with_data + 1, "a row per practice x indicator, one no-data row"
        assert expected["points"].to_pylist()[-1] == 0, "the last indicator's no-data row"
        assert compared == with_data, "every row with data compared with England (broadcast rows)"
        assert spc == with_data or a.months < 15, "SPC summaries on every row with data"
        assert len(statuses) >= 3, f"a mix of statuses, got {statuses}"
        print(f"  statuses {sorted(statuses)}; {compared} rows compared with England; "
              f"{spc} with SPC")

        t = time.perf_counter()
        combine.assert_same(expected, by_hand(framework, options, table, a.partitions), "by hand")
        print(f"split by hand (measure x {a.partitions} groups of areas): identical "
              f"({time.perf_counter() - t:.1f} s)")

        # The rules matter: without the broadcast comparator rows the result differs.
        rest, _ = combine.split_comparators(table, combine.comparator_areas(framework, options))
        unbroadcast = combine.combine(framework, options, [combine.evaluate_partition(
            framework, options, rest, rest.slice(0, 0), detail=True)], detail=True)
        try:
            combine.assert_same(expected, unbroadcast, "without broadcast")
        except AssertionError as e:
            print(f"  without the broadcast comparator rows it differs, as it should: "
                  f"{str(e).splitlines()[-1][:110]}...")
        else:
            raise SystemExit("evaluating without the comparator rows gave the same table")

        # The check itself must be able to fail: a changed figure is caught.
        broken = expected.set_column(
            expected.schema.get_field_index("latest_value"), "latest_value",
            pc.add(expected["latest_value"], 1e-9))
        try:
            combine.assert_same(expected, broken, "self-check")
        except AssertionError:
            pass
        else:
            raise SystemExit("assert_same did not notice a changed figure")

        once = framework.evaluate(outcomes.Observations.from_arrow(table), options=options)
        if not a.skip_dask:
            import dask_recipe

            t = time.perf_counter()
            got = dask_recipe.run(data, options, partitions=a.partitions, detail=True)
            combine.assert_same(expected, got, "dask")
            print(f"dask map_partitions ({a.partitions} partitions): identical "
                  f"({time.perf_counter() - t:.1f} s)")
            t = time.perf_counter()
            whole = dask_recipe.run_whole(data, options, partitions=a.partitions)
            combine.assert_same_evaluation(once, whole, framework, "dask, Framework.combine")
            print(f"dask, whole evaluations joined by Framework.combine: measure rows and "
                  f"roll-ups identical ({time.perf_counter() - t:.1f} s)")
        if not a.skip_spark:
            import spark_recipe

            t = time.perf_counter()
            spark = spark_recipe.spark_session(cores=2, memory="1g")
            spark.sparkContext.setLogLevel("ERROR")
            spark.sparkContext.addPyFile(str(HERE / "combine.py"))
            try:
                got = spark_recipe.run(spark, data, options, partitions=a.partitions, detail=True)
                whole = spark_recipe.run_whole(spark, data, options, partitions=a.partitions)
            finally:
                spark.stop()
            combine.assert_same_evaluation(once, whole, framework, "spark, Framework.combine")
            combine.assert_same(expected, got, "spark")
            print(f"spark mapInArrow local[2] ({a.partitions} partitions): identical, and the "
                  f"whole evaluations joined by Framework.combine too, roll-ups included "
                  f"({time.perf_counter() - t:.1f} s with the session start)")
    print("scale-out recipes: all combined results equal the single-process run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
