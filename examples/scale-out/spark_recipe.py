#!/usr/bin/env python3
"""Evaluates a framework over Parquet observations with PySpark ``mapInArrow`` (local mode).

Steps (the rules are in combine.py):
  1. read the Parquet files; fix ``as_of`` from the distinct periods;
  2. take the comparator area's rows out and broadcast them;
  3. ``repartition(n, "measure", "area")``: every series in one partition;
  4. ``mapInArrow``: each partition's Arrow batches -> ``Observations.from_arrow`` ->
     ``Framework.evaluate`` -> its measure rows as Arrow batches;
  5. ``toArrow()`` on the driver and ``combine.combine``: the single-process measure table.

Spark runs in local mode, bound to 127.0.0.1 with its UI off (no network is needed).

    python spark_recipe.py data/national --partitions 8 --out measures.parquet
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import combine  # noqa: E402

import outcomes  # noqa: E402


def spark_session(cores: int = 2, memory: str = "4g"):  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("outcomes-scale-out")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(max(cores, 2)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def run(spark, data_dir: Path, options: outcomes.EvaluateOptions | None = None,  # type: ignore[no-untyped-def]
        partitions: int = 8, detail: bool = False) -> pa.Table:
    """The combined measure table of the observations in ``data_dir`` (``*.parquet`` and
    ``framework.toml``)."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    framework = combine.load_framework(data_dir)
    options = options or outcomes.EvaluateOptions()
    obs = spark.read.parquet(combine.observations_dir(data_dir))
    # 1. One evaluation date for every partition.
    periods = [r[0] for r in obs.select("period").distinct().collect()]
    options = combine.fixed_options(options, periods)
    # 2. Comparator rows out, to every partition.
    areas = combine.comparator_areas(framework, options)
    if areas:
        comparators = obs.filter(F.col("area").isin(areas)).toArrow()
        rest = obs.filter(~F.col("area").isin(areas) | F.col("area").isNull())
    else:
        comparators, rest = None, obs
    broadcast = spark.sparkContext.broadcast(
        (framework, options, comparators if comparators is not None else pa.table({}))
    )
    schema = combine.output_schema(framework, options, detail)

    def evaluate(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        fw, opts, comp = broadcast.value
        part = pa.Table.from_batches(list(batches))
        if part.num_rows == 0:
            return
        out = combine.evaluate_partition(fw, opts, part, comp, detail)
        yield from out.cast(schema).to_batches()

    # 3 and 4. Whole series per partition, evaluated where they are.
    result = rest.repartition(partitions, *combine.KEY).mapInArrow(
        evaluate, from_arrow_schema(schema)
    )
    # 5. Collect and combine.
    return combine.combine(framework, options, [result.toArrow()], detail)


def run_whole(spark, data_dir: Path, options: outcomes.EvaluateOptions | None = None,  # type: ignore[no-untyped-def]
              partitions: int = 8) -> outcomes.Evaluation:
    """The whole evaluation (measure rows and roll-ups): each partition returns its
    Evaluation as JSON in a string column, ``Framework.combine`` joins them on the driver."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    framework = combine.load_framework(data_dir)
    options = options or outcomes.EvaluateOptions()
    obs = spark.read.parquet(combine.observations_dir(data_dir))
    options = combine.fixed_options(options, [r[0] for r in obs.select("period").distinct().collect()])
    areas = combine.comparator_areas(framework, options)
    if areas:
        comparators = obs.filter(F.col("area").isin(areas)).toArrow()
        rest = obs.filter(~F.col("area").isin(areas) | F.col("area").isNull())
    else:
        comparators, rest = pa.table({}), obs
    broadcast = spark.sparkContext.broadcast((framework, options, comparators))
    schema = pa.schema([(combine.EVALUATION, pa.large_string())])

    def evaluate(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        fw, opts, comp = broadcast.value
        part = pa.Table.from_batches(list(batches))
        if part.num_rows == 0:
            return
        yield from combine.evaluate_partition_whole(fw, opts, part, comp).to_batches()

    result = rest.repartition(partitions, *combine.KEY).mapInArrow(evaluate, from_arrow_schema(schema))
    return combine.combine_whole(framework, [result.toArrow()])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="directory written by synthetic.py")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--memory", default="4g", help="Spark driver memory (local mode)")
    ap.add_argument("--out", type=Path, help="write the combined measure table as Parquet")
    ap.add_argument("--check", action="store_true",
                    help="also evaluate in one process and check the tables are equal")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    spark = spark_session(a.cores, a.memory)
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(str(HERE / "combine.py"))
    t1 = time.perf_counter()
    rows = pq.ParquetDataset(combine.observations_dir(a.data)).read(columns=["measure"]).num_rows
    table = run(spark, a.data, partitions=a.partitions)
    t2 = time.perf_counter()
    spark.stop()
    print(f"spark local[{a.cores}], {a.partitions} partitions: {rows:,} observations -> "
          f"{table.num_rows:,} measure rows in {t2 - t1:.1f} s "
          f"({rows / (t2 - t1) / 1e6:.2f} M observations/s; session start {t1 - t0:.1f} s)")
    if a.out:
        pq.write_table(table, a.out)
    if a.check:
        combine.check_against_single_process(a.data, table, "spark")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
