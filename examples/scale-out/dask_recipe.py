#!/usr/bin/env python3
"""Evaluates a framework over Parquet observations with Dask ``map_partitions``.

Steps (the rules are in combine.py):
  1. read the Parquet files (Arrow-backed pandas partitions); fix ``as_of`` from the periods;
  2. take the comparator area's rows out; they go to every partition as an argument;
  3. ``shuffle(on=["measure", "area"])``: every series in one partition;
  4. ``map_partitions``: each pandas partition -> Arrow -> ``Observations.from_arrow`` ->
     ``Framework.evaluate`` -> its measure rows (a pandas DataFrame);
  5. ``compute()`` and ``combine.combine``: the single-process measure table.

Runs on Dask's local scheduler (threads by default; ``--scheduler processes`` for processes;
the evaluation releases the GIL, so threads use both cores).

    python dask_recipe.py data/national --partitions 8 --out measures.parquet
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import combine  # noqa: E402

import outcomes  # noqa: E402


def _evaluate(frame: pd.DataFrame, framework: outcomes.Framework, options: outcomes.EvaluateOptions,
              comparators: pa.Table, schema: pa.Schema, detail: bool) -> pd.DataFrame:
    part = pa.Table.from_pandas(frame, preserve_index=False)
    if part.num_rows == 0:
        return schema.empty_table().to_pandas()
    out = combine.evaluate_partition(framework, options, part, comparators, detail)
    return out.cast(schema).to_pandas()


def run(data_dir: Path, options: outcomes.EvaluateOptions | None = None, partitions: int = 8,
        detail: bool = False, scheduler: str = "threads") -> pa.Table:
    """The combined measure table of the observations in ``data_dir``."""
    import dask
    import dask.dataframe as dd

    framework = combine.load_framework(data_dir)
    options = options or outcomes.EvaluateOptions()
    obs = dd.read_parquet(combine.observations_dir(data_dir), dtype_backend="pyarrow")
    with dask.config.set(scheduler=scheduler):
        # 1. One evaluation date for every partition.
        periods = obs["period"].unique().compute().tolist()
        options = combine.fixed_options(options, periods)
        # 2. Comparator rows out, to every partition.
        areas = combine.comparator_areas(framework, options)
        is_comparator = obs["area"].isin(areas).fillna(False)
        comparators = pa.Table.from_pandas(obs[is_comparator].compute(), preserve_index=False)
        rest = obs[~is_comparator]
        # 3. Whole series per partition.
        rest = rest.shuffle(on=list(combine.KEY), npartitions=partitions)
        # 4. Evaluated where they are.
        schema = combine.output_schema(framework, options, detail)
        meta = schema.empty_table().to_pandas()
        result = rest.map_partitions(
            _evaluate, framework, options, comparators, schema, detail, meta=meta,
            enforce_metadata=False,
        )
        frame = result.compute()
    # 5. Combine.
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return combine.combine(framework, options, [table], detail)


def _evaluate_whole(frame: pd.DataFrame, framework: outcomes.Framework,
                    options: outcomes.EvaluateOptions, comparators: pa.Table) -> pd.DataFrame:
    part = pa.Table.from_pandas(frame, preserve_index=False)
    if part.num_rows == 0:
        return pd.DataFrame({combine.EVALUATION: pd.Series([], dtype=object)})
    out = combine.evaluate_partition_whole(framework, options, part, comparators)
    return pd.DataFrame({combine.EVALUATION: out[combine.EVALUATION].to_pylist()})


def run_whole(data_dir: Path, options: outcomes.EvaluateOptions | None = None,
              partitions: int = 8, scheduler: str = "threads") -> outcomes.Evaluation:
    """The whole evaluation (measure rows and roll-ups) of the observations in ``data_dir``:
    each partition returns its Evaluation as JSON, ``Framework.combine`` joins them."""
    import dask
    import dask.dataframe as dd

    framework = combine.load_framework(data_dir)
    options = options or outcomes.EvaluateOptions()
    obs = dd.read_parquet(combine.observations_dir(data_dir), dtype_backend="pyarrow")
    with dask.config.set(scheduler=scheduler):
        options = combine.fixed_options(options, obs["period"].unique().compute().tolist())
        areas = combine.comparator_areas(framework, options)
        is_comparator = obs["area"].isin(areas).fillna(False)
        comparators = pa.Table.from_pandas(obs[is_comparator].compute(), preserve_index=False)
        rest = obs[~is_comparator].shuffle(on=list(combine.KEY), npartitions=partitions)
        meta = pd.DataFrame({combine.EVALUATION: pd.Series([], dtype=object)})
        frame = rest.map_partitions(_evaluate_whole, framework, options, comparators,
                                    meta=meta, enforce_metadata=False).compute()
    texts = pa.table({combine.EVALUATION: pa.array(frame[combine.EVALUATION].tolist(), pa.large_string())})
    return combine.combine_whole(framework, [texts])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="directory written by synthetic.py")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--scheduler", default="threads", choices=["threads", "processes", "synchronous"])
    ap.add_argument("--out", type=Path, help="write the combined measure table as Parquet")
    ap.add_argument("--check", action="store_true",
                    help="also evaluate in one process and check the tables are equal")
    a = ap.parse_args(argv)
    rows = pq.ParquetDataset(combine.observations_dir(a.data)).read(columns=["measure"]).num_rows
    t1 = time.perf_counter()
    table = run(a.data, partitions=a.partitions, scheduler=a.scheduler)
    t2 = time.perf_counter()
    print(f"dask ({a.scheduler}), {a.partitions} partitions: {rows:,} observations -> "
          f"{table.num_rows:,} measure rows in {t2 - t1:.1f} s "
          f"({rows / (t2 - t1) / 1e6:.2f} M observations/s)")
    if a.out:
        pq.write_table(table, a.out)
    if a.check:
        combine.check_against_single_process(a.data, table, "dask")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
