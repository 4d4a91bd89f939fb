"""Observations: readers, writers, checks against a framework."""

import json
from pathlib import Path

import outcomes


def test_long_csv(fixtures: Path) -> None:
    obs = outcomes.Observations.from_csv(fixtures / "demo-observations.csv")
    assert len(obs) == 6
    assert obs.measure_ids == ["smoking", "screening"]
    assert obs.dimensions == ["sex"]
    assert repr(obs) == "<Observations rows=6 measures=2 dimensions=1>"
    rows = json.loads(obs.to_json())
    assert rows[4] == {
        "measure": "screening",
        "period": "2023/24",
        "breakdown": {"sex": "Female"},
        "value": 71.0,
        "numerator": 355.0,
        "denominator": 500.0,
        "note": "synthetic example data",
    }


def test_observations_fit_the_demo_framework(fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    obs = outcomes.Observations.from_csv(fixtures / "demo-observations.csv")
    assert obs.check(fw) == []


def test_check_reports_rows_that_do_not_fit(fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    obs = outcomes.Observations.from_csv(fixtures / "out-of-range-observations.csv")
    found = obs.check(fw)
    assert [(d.path, d.severity, d.code) for d in found] == [
        ("line 2 (numerator)", "error", "out_of_range"),
        ("line 2 (value)", "error", "out_of_range"),
        ("line 3 (measure)", "error", "unknown_reference"),
    ]
    assert "numerator 1200 is above denominator 1000" in found[0].message


def test_json_and_csv_round_trips(fixtures: Path, tmp_path: Path) -> None:
    obs = outcomes.Observations.from_csv(fixtures / "demo-observations.csv")
    again = outcomes.Observations.from_json(obs.to_json())
    assert again == obs
    assert again.to_json() == obs.to_json()
    assert again != outcomes.Observations.from_json("[]")
    written = tmp_path / "written.csv"
    written.write_text(obs.to_csv(), encoding="utf-8")
    reread = outcomes.Observations.from_csv(written)
    assert reread == obs


def test_fingertips_export(fixtures: Path) -> None:
    obs = outcomes.Observations.from_fingertips_csv(fixtures / "fingertips-sample.csv")
    assert len(obs) == 3
    assert obs.measure_ids == ["30311"]
    first = json.loads(obs.to_json())[0]
    assert first["area"] == "England"
    assert first["area_code"] == "E92000001"
    assert first["period"] == "2022/23"
    assert first["value"] == 84.751


def test_fingertips_rows_match_a_measure_by_indicator_id(fixtures: Path) -> None:
    fw = outcomes.Framework.from_toml(
        'schema_version = 1\nid = "mmr"\ntitle = "MMR"\nperiod = { from = "2022/23", to = "2025/26" }\n'
        '[[measures]]\nid = "mmr2"\ntitle = "MMR two doses"\nunit = "percent"\n'
        'polarity = "higher_is_better"\nsource = { name = "Fingertips", indicator = "30311" }\n'
    )
    obs = outcomes.Observations.from_fingertips_csv(fixtures / "fingertips-sample.csv")
    assert [d.code for d in obs.check(fw)] == []
