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


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_evaluation_round_trips(fixtures: Path, protocol: int) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    obs = outcomes.Observations.from_csv(fixtures / "demo-observations.csv")
    ev = fw.evaluate(obs, as_of="2025-06-30", suppress_below=3)
    again = pickle.loads(pickle.dumps(ev, protocol=protocol))
    assert type(again) is outcomes.Evaluation
    assert again == ev
    assert again.to_json() == ev.to_json()
    assert again.measures == ev.measures
    assert again.summary == ev.summary
    assert again.options == ev.options
    assert again.to_csv() == ev.to_csv()
    assert again.to_arrow().num_rows == ev.to_arrow().num_rows
    # Not equal to another evaluation, nor to something else.
    other = fw.evaluate(obs, as_of="2025-03-31")
    assert again != other
    assert again != ev.to_json()


def test_unpickled_evaluation_reviews_what_it_holds(fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    obs = outcomes.Observations.from_csv(fixtures / "demo-observations.csv")
    ev = fw.evaluate(obs, as_of="2025-03-31")
    again = pickle.loads(pickle.dumps(ev))
    review = again.annual_review("2024/25")
    assert review.framework == "demo"
    assert len(review.tables()["measures"]) == len(ev.annual_review("2024/25").tables()["measures"])


def test_evaluation_from_bad_json_names_the_field() -> None:
    with pytest.raises(outcomes.ParseError) as e:
        outcomes.Evaluation.from_json('{"framework": "demo", "title": 3}')
    assert e.value.path == "title"
    with pytest.raises(outcomes.ParseError):
        outcomes.Evaluation.from_json("not json")
