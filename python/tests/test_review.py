"""Evaluation.annual_review and Review through Python."""

import json
import pickle
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]
import pytest

import outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTTS = REPO_ROOT / "examples" / "notts-integrated-care-strategy"


@pytest.fixture(scope="module")
def evaluation() -> outcomes.Evaluation:
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    return fw.evaluate(outcomes.Observations.from_csv(NOTTS / "observations.csv"), as_of="2025-03-31")


def test_review_renderers_agree(evaluation: outcomes.Evaluation) -> None:
    review = evaluation.annual_review("2024/25")
    assert (review.framework, review.year, review.as_of) == (evaluation.framework, "2024/25", "2025-03-31")
    assert review.title == evaluation.title
    data = json.loads(review.to_json())
    assert data["year"] == "2024/25" and data["framework"] == evaluation.framework
    assert len(data["measures"]) == len(evaluation.measures)
    md = review.to_markdown()
    assert md.startswith("# ") and "2024/25" in md.splitlines()[0]
    html = review.to_html()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<script" not in html
    tables = review.tables()
    assert list(tables) == ["summary", "partnerships", "commitments", "measures", "value_outcomes",
                            "value_by_kind", "sharing", "to_be_confirmed", "changes"]
    assert all(isinstance(r, dict) for rows in tables.values() for r in rows)
    assert len(tables["measures"]) == len(evaluation.measures)
    summary = {r["item"]: r["value"] for r in tables["summary"]}
    assert summary["framework"] == evaluation.framework and summary["year"] == "2024/25"
    # The tables are the CSV's, and make DataFrames directly.
    csv = review.to_csv()
    assert "table,measures" in csv
    frame = pd.DataFrame(tables["measures"])
    assert len(frame) == len(evaluation.measures)
    assert "<Review framework=" in repr(review)


def test_the_example_review_is_what_core_writes() -> None:
    # examples/.../review-2024-25.json is written by the CLI from the same framework and data.
    stored = json.loads((NOTTS / "review-2024-25.json").read_text(encoding="utf-8"))
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    ev = fw.evaluate(outcomes.Observations.from_csv(NOTTS / "observations.csv"), as_of=stored["as_of"])
    assert json.loads(ev.annual_review("2024/25").to_json()) == stored


def test_json_round_trip_pickle_and_previous(evaluation: outcomes.Evaluation) -> None:
    review = evaluation.annual_review("2024/25")
    again = outcomes.Review.from_json(review.to_json())
    assert again == review
    assert pickle.loads(pickle.dumps(review)) == review
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    later = fw.evaluate(outcomes.Observations.from_csv(NOTTS / "observations.csv"), as_of="2026-03-31")
    with_changes = later.annual_review("2025/26", previous=again)
    assert json.loads(with_changes.to_json())["changes"] is not None
    assert json.loads(later.annual_review("2025/26").to_json())["changes"] is None
    assert with_changes.tables()["changes"]


def test_errors_are_outcomes_errors_with_paths(evaluation: outcomes.Evaluation, fixtures: Path) -> None:
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        evaluation.annual_review("2024")
    assert e.value.path == "year"
    other = outcomes.Framework.load(fixtures / "demo.toml").evaluate(
        outcomes.Observations.from_csv(fixtures / "demo-observations.csv"), as_of="2025-03-31"
    ).annual_review("2024/25")
    with pytest.raises(outcomes.InvalidArgumentError) as e2:
        evaluation.annual_review("2025/26", previous=other)
    assert e2.value.path == "previous"
    with pytest.raises(outcomes.InvalidArgumentError) as e3:
        evaluation.annual_review("2025/26", previous="last year")  # type: ignore[arg-type]
    assert e3.value.path == "previous" and "str" in e3.value.message
    with pytest.raises(outcomes.ParseError) as e4:
        outcomes.Review.from_json('{"schema_version": 1, "framework": 3}')
    assert e4.value.path == "framework"
    with pytest.raises(outcomes.ParseError):
        outcomes.Review.from_json("not json")


def test_notebook_html_is_scoped_and_escaped() -> None:
    fw = outcomes.Framework.from_toml(
        'schema_version = 1\nid = "x"\ntitle = "<script>alert(1)</script> & co"\n'
        'period = { from = "2024/25", to = "2025/26" }\n'
    )
    ev = fw.evaluate(outcomes.Observations.from_json("[]"), as_of="2025-03-31")
    html = ev.annual_review("2024/25")._repr_html_()
    assert html.startswith('<div class="outcomes-review"><style>') and html.endswith("</div>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<body>" not in html and "<head>" not in html and "@media" not in html
    style = html[html.index("<style>") + 7:html.index("</style>")]
    selectors = [rule.split("{")[0] for rule in style.strip().splitlines()]
    assert selectors and all(s.startswith(".outcomes-review") for s in selectors), selectors
