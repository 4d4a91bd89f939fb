"""What the Spark and Dask recipes share: how observations are split, how one partition is
evaluated, and how the partitions' measure rows are combined into the single-process result.

The rules (README.md, "How results are combined"):

1. Split by measure x area. Every row of a series (a measure for one area, age and
   breakdown) then lands in one partition, and so do the breakdowns of one measure and area
   that inequality and gap targets compare. A series is never split.
2. Comparator rows go to every partition. A measure's comparator (``comparator = "England"``
   in the framework, or the ``comparator_area`` option) is another area's series; its rows
   are taken out before the split and broadcast to all partitions, so each series is compared
   with the same figures as in one process. Core never writes a row for the comparator area.
3. One evaluation date. ``as_of`` defaults to the end of the latest period *in the
   observations given*, which differs between partitions, so it is fixed centrally first.
4. Combine the measure rows: concatenate, drop each partition's "no data" placeholder rows
   (core writes one for every measure a partition has no series of), put back the placeholder
   of a measure no partition has data for, and sort by framework measure order, area, age and
   breakdown. The result equals the single-process measure table sorted the same way.

Roll-ups (commitments, objectives, partnerships, the framework summary, completeness) are
NOT combined: a commitment's status is judged over the headline rows of its measures in every
area, which no single partition sees. Take the roll-up from one evaluation of the whole data
(what a partnership does: its footprint is small), or from an evaluation of the framework over
an aggregated slice; the partitioned run is for the measure table. Population-weighted
footprint figures (``population`` on organisations) are derived from several areas' rows and
likewise need the areas in one partition (split by measure only, or derive them first).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

import outcomes

KEY = ("measure", "area")  # the split (rule 1)
DETAIL = "detail"


def load_framework(data_dir: str | Path) -> outcomes.Framework:
    """``framework.toml`` of a directory written by synthetic.py."""
    return outcomes.Framework.load(Path(data_dir) / "framework.toml")


def observations_dir(data_dir: str | Path) -> str:
    """The Parquet files of a directory written by synthetic.py."""
    return str(Path(data_dir) / "observations")


def comparator_areas(framework: outcomes.Framework, options: outcomes.EvaluateOptions) -> list[str]:
    """The areas whose rows are broadcast to every partition (rule 2)."""
    areas = {m.get("comparator") for m in json.loads(framework.to_json()).get("measures", [])}
    if options.comparator_area:
        areas.add(options.comparator_area)
    return sorted(a for a in areas if a)


def split_comparators(table: pa.Table, areas: Sequence[str]) -> tuple[pa.Table, pa.Table]:
    """(rows to partition, comparator rows to broadcast)."""
    if "area" not in table.column_names or not areas:
        return table, table.slice(0, 0)
    is_comparator = pc.fill_null(pc.is_in(table["area"], pa.array(list(areas))), False)
    return table.filter(pc.invert(is_comparator)), table.filter(is_comparator)


def latest_period_end(periods: Iterable[str]) -> str:
    """``as_of`` for the whole data (rule 3): the end of the latest period, ``YYYY-MM-DD``."""
    ends = [outcomes.Period(p).end for p in set(periods)]
    if not ends:
        raise ValueError("there are no observations to take the evaluation date from")
    return max(ends).isoformat()


def fixed_options(options: outcomes.EvaluateOptions, periods: Iterable[str]) -> outcomes.EvaluateOptions:
    """The options with ``as_of`` set (rule 3)."""
    if options.as_of is not None:
        return options
    return options.replace(as_of=latest_period_end(periods))


def _placeholders(framework: outcomes.Framework, options: outcomes.EvaluateOptions,
                  detail: bool) -> pa.Table:
    """Each measure's "no data" row: the evaluation of no observations."""
    empty = pa.table({"measure": pa.array([], pa.string()), "period": pa.array([], pa.string()),
                      "value": pa.array([], pa.float64())})
    ev = framework.evaluate(outcomes.Observations.from_arrow(empty), options=options)
    return _measure_table(ev, detail)


def _measure_table(ev: outcomes.Evaluation, detail: bool) -> pa.Table:
    table = pa.table(ev.to_arrow())
    if detail:
        rows = [json.dumps(m, sort_keys=True) for m in ev.measures]
        table = table.append_column(DETAIL, pa.array(rows, pa.string()))
    return table


def output_schema(framework: outcomes.Framework, options: outcomes.EvaluateOptions,
                  detail: bool = False) -> pa.Schema:
    """The Arrow schema of a partition's result (what Spark's ``mapInArrow`` needs)."""
    return _placeholders(framework, options, detail).schema


def evaluate_partition(framework: outcomes.Framework, options: outcomes.EvaluateOptions,
                       part: pa.Table, broadcast: pa.Table, detail: bool = False) -> pa.Table:
    """Evaluates one partition (whole series only, plus the broadcast comparator rows) and
    returns its measure rows without the "no data" placeholders (rule 4). ``options`` must
    have ``as_of`` set. With ``detail``, a JSON column holds each row's full result (series,
    SPC, change, comparison, forecast), for checking."""
    if options.as_of is None:
        raise ValueError("evaluate_partition needs options with as_of set (see fixed_options)")
    if broadcast.num_rows:
        broadcast = broadcast.select(part.column_names).cast(part.schema)
        part = pa.concat_tables([part, broadcast])
    ev = framework.evaluate(outcomes.Observations.from_arrow(part), options=options)
    table = _measure_table(ev, detail)
    placeholders = _placeholders(framework, options, detail)
    return drop_placeholders(table, placeholders)


EVALUATION = "evaluation"


def evaluate_partition_whole(framework: outcomes.Framework, options: outcomes.EvaluateOptions,
                             part: pa.Table, broadcast: pa.Table) -> pa.Table:
    """Evaluates one partition like ``evaluate_partition`` but returns its whole
    ``Evaluation`` as a one-row table (column ``evaluation``: its JSON text), for
    ``combine_whole`` on the driver, which rolls up over every partition's rows."""
    if options.as_of is None:
        raise ValueError("evaluate_partition_whole needs options with as_of set (see fixed_options)")
    if broadcast.num_rows:
        broadcast = broadcast.select(part.column_names).cast(part.schema)
        part = pa.concat_tables([part, broadcast])
    ev = framework.evaluate(outcomes.Observations.from_arrow(part), options=options)
    return pa.table({EVALUATION: pa.array([ev.to_json()], pa.large_string())})


def combine_whole(framework: outcomes.Framework, tables: Iterable[pa.Table]) -> outcomes.Evaluation:
    """The whole evaluation, roll-ups included, from ``evaluate_partition_whole`` outputs:
    ``Framework.combine`` drops the partitions' "no data" rows, checks they share ``as_of``
    and options and that no series is in two of them, and rolls up over all the rows."""
    parts = [outcomes.Evaluation.from_json(text)
             for t in tables for text in t[EVALUATION].to_pylist()]
    return framework.combine(parts)


def assert_same_evaluation(expected: outcomes.Evaluation, got: outcomes.Evaluation,
                           framework: outcomes.Framework, what: str) -> None:
    """Fails loudly unless ``got`` (combined) equals ``expected`` (one process): the measure
    rows in ``combine``'s order, and every roll-up."""
    order = {m["id"]: i for i, m in enumerate(json.loads(framework.to_json()).get("measures", []))}

    def key(r: dict) -> tuple:  # type: ignore[type-arg]
        return (order.get(r["measure"], len(order)), r["area"], r.get("age") or "",
                sorted(r["breakdown"].items()))

    want = sorted(expected.measures, key=key)
    if got.measures != want:
        first = next(i for i, (a, b) in enumerate(zip(want, got.measures)) if a != b) \
            if len(want) == len(got.measures) else None
        raise AssertionError(f"{what}: measure rows differ ({len(got.measures)} against "
                             f"{len(want)}; first difference at row {first})")
    for part in ("commitments", "objectives", "partnerships", "summary", "completeness"):
        if getattr(got, part) != getattr(expected, part):
            raise AssertionError(f"{what}: the roll-up {part!r} differs from one process")


def drop_placeholders(table: pa.Table, placeholders: pa.Table) -> pa.Table:
    """Removes a measure's row when it is the measure's only row and equals its "no data"
    row: that is what core writes for a measure with no series in the partition."""
    if table.num_rows == 0:
        return table
    counts = table.group_by("measure").aggregate([("measure", "count")])
    single = set(counts.filter(pc.equal(counts["measure_count"], 1))["measure"].to_pylist())
    empty = {r["measure"]: r for r in placeholders.to_pylist()}
    keep = [
        not (r["measure"] in single and r == empty.get(r["measure"]))
        for r in table.select(placeholders.column_names).to_pylist()
    ] if single else [True] * table.num_rows
    return table.filter(pa.array(keep))


def combine(framework: outcomes.Framework, options: outcomes.EvaluateOptions,
            parts: Iterable[pa.Table], detail: bool = False) -> pa.Table:
    """The partitions' measure rows as one table: the single-process measure table, sorted
    (rule 4). ``parts`` are outputs of ``evaluate_partition`` (any grouping, any order)."""
    placeholders = _placeholders(framework, options, detail)
    schema = placeholders.schema
    tables = [p.select(schema.names).cast(schema) for p in parts if p.num_rows]
    combined = pa.concat_tables(tables) if tables else schema.empty_table()
    seen = set(pc.unique(combined["measure"]).to_pylist()) if combined.num_rows else set()
    missing = placeholders.filter(pc.invert(pc.is_in(placeholders["measure"],
                                                     pa.array(sorted(seen), pa.string()))))
    return sort_measures(framework, pa.concat_tables([combined, missing]))


def sort_measures(framework: outcomes.Framework, table: pa.Table) -> pa.Table:
    """Measure rows in framework measure order, then area, age and breakdown."""
    order = {m["id"]: i for i, m in enumerate(json.loads(framework.to_json()).get("measures", []))}
    rank = pa.array([order.get(m, len(order)) for m in table["measure"].to_pylist()], pa.int64())
    keyed = table.append_column("_order", rank)
    keyed = keyed.sort_by([("_order", "ascending"), ("area", "ascending"),
                           ("age", "ascending"), ("breakdown", "ascending")])
    return keyed.drop_columns(["_order"])


def single_process(framework: outcomes.Framework, options: outcomes.EvaluateOptions,
                   table: pa.Table, detail: bool = False) -> pa.Table:
    """The reference: one ``Framework.evaluate`` over the whole table, sorted like
    ``combine``'s result."""
    ev = framework.evaluate(outcomes.Observations.from_arrow(table), options=options)
    return sort_measures(framework, _measure_table(ev, detail))


def check_against_single_process(data_dir: str | Path, got: pa.Table, what: str) -> None:
    """Evaluates the whole of ``data_dir`` in one process (default options) and checks that
    ``got`` (a recipe's combined table) is the same; prints the time it took."""
    import time

    import pyarrow.parquet as pq

    t = time.perf_counter()
    framework = load_framework(data_dir)
    whole = pq.read_table(observations_dir(data_dir))
    options = fixed_options(outcomes.EvaluateOptions(), whole["period"].to_pylist())
    expected = single_process(framework, options, whole)
    assert_same(expected, got, what)
    print(f"one process: the same {expected.num_rows:,} measure rows, identical "
          f"({time.perf_counter() - t:.1f} s with reading the files)")


def assert_same(expected: pa.Table, got: pa.Table, what: str) -> None:
    """Fails loudly, naming the first differing row and column, unless the tables are equal."""
    got = got.select(expected.column_names).cast(expected.schema)
    if got.equals(expected):
        return
    lines = [f"{what}: the combined measure table differs from the single-process one "
             f"({got.num_rows} rows against {expected.num_rows})"]
    for i, (e, g) in enumerate(zip(expected.to_pylist(), got.to_pylist())):
        if e != g:
            diff = [k for k in e if e[k] != g.get(k)]
            lines.append(f"first difference at sorted row {i} ({e['measure']}, {e['area']!r}): "
                         + "; ".join(f"{k}: expected {e[k]!r}, got {g.get(k)!r}" for k in diff[:5]))
            break
    raise AssertionError("\n".join(lines))
