"""Arrow interop: Observations.from_arrow on pyarrow, polars and pandas inputs; Evaluation.to_arrow,
to_polars and to_pandas."""

import math
import sys
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pytest

import outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTTS = REPO_ROOT / "examples" / "notts-integrated-care-strategy"


def test_pandas_polars_and_pyarrow_inputs_give_identical_observations(fixtures: Path) -> None:
    for csv in (fixtures / "demo-observations.csv", NOTTS / "observations.csv"):
        from_csv = outcomes.Observations.from_csv(csv)
        as_text = {"period": pa.string()}
        inputs = {
            "pyarrow": pacsv.read_csv(csv, convert_options=pacsv.ConvertOptions(column_types=as_text)),
            "polars": pl.read_csv(csv, schema_overrides={"period": pl.String}),
            "pandas": pd.read_csv(csv, dtype={"period": str}),
        }
        loaded = {name: outcomes.Observations.from_arrow(table) for name, table in inputs.items()}
        for name, obs in loaded.items():
            assert len(obs) == len(from_csv), name
            assert obs == from_csv, f"{name} input differs from the CSV reader on {csv.name}"
        assert loaded["pandas"] == loaded["polars"] == loaded["pyarrow"]
        assert loaded["pandas"].to_json() == loaded["polars"].to_json() == loaded["pyarrow"].to_json()


def test_batches_categoricals_and_a_pandas_index(fixtures: Path) -> None:
    expected = outcomes.Observations.from_csv(fixtures / "demo-observations.csv")
    df = pd.read_csv(fixtures / "demo-observations.csv")
    # Categorical (dictionary-encoded) texts, a named index, several record batches.
    df["measure"] = df["measure"].astype("category")
    indexed = df.set_index(pd.Index(range(10, 16), name="row"))
    assert outcomes.Observations.from_arrow(indexed) == expected
    table = pa.Table.from_pandas(df, preserve_index=False)
    batches = pa.Table.from_batches(table.to_batches(max_chunksize=2))
    assert batches.num_rows == 6 and len(batches.to_batches()) == 3
    assert outcomes.Observations.from_arrow(batches) == expected
    # A single RecordBatch (the __arrow_c_array__ interface).
    assert outcomes.Observations.from_arrow(table.to_batches()[0]) == expected


def test_numbers_as_text_integer_years_and_integer_levels() -> None:
    t = pa.table({
        "Measure": ["m", "m", "m"],
        "PERIOD": [2022, 2023, 2023],
        "value": ["1.5", "", "2.5"],
        "note": [None, "suppressed", None],
        "quintile": pa.array([None, None, 1], pa.int64()),
    })
    obs = outcomes.Observations.from_arrow(t)
    rows = [
        {"measure": "m", "period": "2022", "value": 1.5},
        {"measure": "m", "period": "2023", "note": "suppressed"},
        {"measure": "m", "period": "2023", "breakdown": {"quintile": "1"}, "value": 2.5},
    ]
    assert obs == outcomes.Observations.from_json(__import__("json").dumps(rows))
    # pandas turns an integer column with a gap into floats: whole numbers stay levels "1", "2".
    df = pd.DataFrame({"measure": ["m", "m"], "period": ["2023", "2023"], "value": [1.0, 2.0],
                       "quintile": [1.0, float("nan")]})
    assert outcomes.Observations.from_arrow(df).dimensions == ["quintile"]
    assert '"quintile": "1"' in outcomes.Observations.from_arrow(df).to_json()


def test_bad_rows_raise_data_error_naming_row_and_column() -> None:
    t = pa.table({"measure": ["m", "m", "m"], "period": ["2022/23", "2023/24", "2024/25"],
                  "value": [1.0, 2.0, 3.0], "numerator": [5.0, -1.0, 2.0]})
    with pytest.raises(outcomes.DataError) as e:
        outcomes.Observations.from_arrow(t)
    assert e.value.path == "rows[1] (numerator)" and e.value.kind == "data"
    assert "negative" in e.value.message

    # The first bad row across batches, with the count of the others.
    big = pa.Table.from_batches([
        pa.record_batch({"measure": ["m", "m"], "period": ["2022/23", "2023/24"], "value": [1.0, 2.0]}),
        pa.record_batch({"measure": ["m", "m"], "period": ["2024/26", "2025/26"], "value": [1.0, math.inf]}),
    ])
    with pytest.raises(outcomes.DataError) as e2:
        outcomes.Observations.from_arrow(big)
    assert e2.value.path == "rows[2] (period)"
    assert "1 more bad row" in e2.value.message

    text = pl.DataFrame({"measure": ["m"], "period": ["2024/25"], "value": ["12%"]})
    with pytest.raises(outcomes.DataError, match="without the % sign") as e3:
        outcomes.Observations.from_arrow(text)
    assert e3.value.path == "rows[0] (value)"

    dup = pd.DataFrame({"measure": ["m", "m"], "period": ["2024/25", "2024/25"], "value": [1.0, 2.0]})
    with pytest.raises(outcomes.DataError, match="duplicate row") as e4:
        outcomes.Observations.from_arrow(dup)
    assert e4.value.path == "rows[1]"


def test_bad_columns_and_non_arrow_objects() -> None:
    with pytest.raises(outcomes.DataError) as e:
        outcomes.Observations.from_arrow(pa.table({"measure": ["m"], "value": [1.0]}))
    assert e.value.path == "columns" and '"period"' in e.value.message
    with pytest.raises(outcomes.DataError) as e2:
        outcomes.Observations.from_arrow(pa.table({"measure": ["m"], "period": ["2024/25"], "note": ["x"]}))
    assert "neither" in e2.value.message
    with pytest.raises(outcomes.DataError) as e3:
        outcomes.Observations.from_arrow(
            pa.table({"measure": ["m"], "period": ["2024/25"], "value": pa.array([[1.0]])}))
    assert e3.value.path == "columns (value)" and "cannot be read as numbers" in e3.value.message
    with pytest.raises(outcomes.InvalidArgumentError) as e4:
        outcomes.Observations.from_arrow([{"measure": "m"}])  # type: ignore[arg-type]
    assert e4.value.path == "data" and "__arrow_c_stream__" in e4.value.message


def test_to_arrow_columns_types_and_values() -> None:
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    ev = fw.evaluate(outcomes.Observations.from_csv(NOTTS / "observations.csv"))
    t = ev.to_arrow()
    assert t.num_rows == len(t) == len(ev.measures)
    csv_columns = ev.to_csv().splitlines()[0].split(",")
    assert t.column_names == csv_columns + ["latest_suppressed"]
    table = pa.table(t)
    assert table.schema.field("latest_value").type == pa.float64()
    assert table.schema.field("points").type == pa.int64()
    assert table.schema.field("latest_suppressed").type == pa.bool_()
    assert table.column("measure").to_pylist() == [m["measure"] for m in ev.measures]
    assert table.column("status").to_pylist() == [m["status"] for m in ev.measures]
    latest = [None if m["latest"] is None or m["latest"]["suppressed"] else m["latest"]["value"] for m in ev.measures]
    assert table.column("latest_value").to_pylist() == latest
    targets = [m["target"]["value"] if m["target"] else None for m in ev.measures]
    assert table.column("target_value").to_pylist() == targets
    # The same rows and types through polars and pandas.
    df = ev.to_polars()
    assert isinstance(df, pl.DataFrame) and df.columns == t.column_names
    assert df["latest_value"].dtype == pl.Float64 and df["measure"].to_list() == table.column("measure").to_pylist()
    pdf = ev.to_pandas()
    assert isinstance(pdf, pd.DataFrame) and list(pdf.columns) == t.column_names and len(pdf) == t.num_rows
    assert str(pdf["latest_value"].dtype) == "float64" and pdf["points"].tolist() == [m["points"] for m in ev.measures]
    assert "ArrowTable" in repr(t)


def test_suppressed_figures_are_null_in_arrow(fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    obs = outcomes.Observations.from_csv(fixtures / "demo-observations.csv")
    ev = fw.evaluate(obs, suppress_below=400)
    table = pa.table(ev.to_arrow())
    suppressed = table.column("latest_suppressed").to_pylist()
    assert any(suppressed), "the fixture has counts below 400"
    for flag, value in zip(suppressed, table.column("latest_value").to_pylist()):
        if flag:
            assert value is None


def test_missing_optional_libraries_say_how_to_install(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    ev = fw.evaluate(outcomes.Observations.from_csv(fixtures / "demo-observations.csv"))
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match="pip install polars"):
        ev.to_polars()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        ev.to_pandas()
    # to_arrow needs no library at all.
    assert ev.to_arrow().num_rows == len(ev.measures)
