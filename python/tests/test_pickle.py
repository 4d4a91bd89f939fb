"""Pickling (through serde JSON) so PySpark and Dask can ship values to workers."""

import pickle
from pathlib import Path

import pytest

import outcomes


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_round_trips(fixtures: Path, protocol: int) -> None:
    values: list[object] = [
        outcomes.Framework.load(fixtures / "demo.toml"),
        outcomes.Framework.load(fixtures / "invalid.toml"),
        outcomes.Progress.load(fixtures / "demo-progress.toml"),
        outcomes.Observations.from_csv(fixtures / "demo-observations.csv"),
        outcomes.Observations.from_fingertips_csv(fixtures / "fingertips-sample.csv"),
        outcomes.Period("2024/25 Q3"),
        outcomes.Diagnostic("id", "error", "empty_id", "the framework needs an id"),
    ]
    for value in values:
        again = pickle.loads(pickle.dumps(value, protocol=protocol))
        assert type(again) is type(value)
        assert again == value


def test_unpickled_framework_still_works(fixtures: Path) -> None:
    fw = pickle.loads(pickle.dumps(outcomes.Framework.load(fixtures / "invalid.toml")))
    assert [d.code for d in fw.validate()] == ["unknown_reference", "placeholder"]
    obs = pickle.loads(pickle.dumps(outcomes.Observations.from_csv(fixtures / "demo-observations.csv")))
    assert len(obs) == 6
    assert obs.check(outcomes.Framework.load(fixtures / "demo.toml")) == []
