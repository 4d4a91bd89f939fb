"""Observations read from a duckdb relation through the Arrow PyCapsule interface
(``__arrow_c_stream__``, which duckdb relations expose): the same observations and the same
evaluation as the CSV reader."""

from pathlib import Path

import duckdb
import pytest

import outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTTS = REPO_ROOT / "examples" / "notts-integrated-care-strategy"


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def test_a_relation_exposes_the_stream_interface(con: duckdb.DuckDBPyConnection) -> None:
    # The reader relies on the interface, not on duckdb's own conversions (rel.arrow()).
    assert hasattr(con.sql("select 1 as a"), "__arrow_c_stream__")


@pytest.mark.parametrize("all_varchar", [False, True])
def test_relation_gives_the_csv_observations_and_evaluation(
    con: duckdb.DuckDBPyConnection, fixtures: Path, all_varchar: bool
) -> None:
    cases = [
        (fixtures / "demo.toml", fixtures / "demo-observations.csv"),
        (NOTTS / "framework.toml", NOTTS / "observations.csv"),
    ]
    for framework, csv in cases:
        from_csv = outcomes.Observations.from_csv(csv)
        # Typed columns (numbers as DOUBLE) or every column as text (parsed as CSV cells);
        # periods stay text either way ("2023/24", "Apr 2024").
        rel = con.read_csv(str(csv), all_varchar=all_varchar, dtype={"period": "VARCHAR"})
        obs = outcomes.Observations.from_arrow(rel)
        assert len(obs) == len(from_csv)
        assert obs == from_csv, f"duckdb relation differs from the CSV reader on {csv.name}"
        fw = outcomes.Framework.load(framework)
        assert fw.evaluate(obs) == fw.evaluate(from_csv)
        assert fw.evaluate(obs).to_json() == fw.evaluate(from_csv).to_json()


def test_a_query_result_is_read_like_the_filtered_csv(
    con: duckdb.DuckDBPyConnection, fixtures: Path, tmp_path: Path
) -> None:
    csv = fixtures / "demo-observations.csv"
    rel = con.sql(
        f"select * from read_csv('{csv.as_posix()}', types={{'period': 'VARCHAR'}}) "
        "where measure = 'screening' order by period"
    )
    lines = csv.read_text().splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.startswith("screening,")]
    filtered = tmp_path / "screening.csv"
    filtered.write_text("\n".join(kept) + "\n")
    expected = outcomes.Observations.from_csv(filtered)
    obs = outcomes.Observations.from_arrow(rel)
    assert obs.measure_ids == ["screening"]
    assert len(obs) == len(expected)
    assert obs.to_json() == outcomes.Observations.from_arrow(
        con.sql(f"select * from read_csv('{filtered.as_posix()}', types={{'period': 'VARCHAR'}})")
    ).to_json()


def test_a_bad_row_in_a_relation_is_named(con: duckdb.DuckDBPyConnection) -> None:
    bad = con.sql(
        "select * from (values ('smoking', '2023/24', '12.0'), ('smoking', '2024/25', '12%')) "
        "t(measure, period, value)"
    )
    with pytest.raises(outcomes.DataError) as e:
        outcomes.Observations.from_arrow(bad)
    assert e.value.path == "rows[1] (value)"
