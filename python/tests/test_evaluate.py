"""EvaluateOptions and Framework.evaluate through Python."""

import json
import pickle
import sys
from pathlib import Path

import pytest

import outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTTS = REPO_ROOT / "examples" / "notts-integrated-care-strategy"


def test_options_keys_defaults_and_pickling() -> None:
    o = outcomes.EvaluateOptions()
    assert (o.confidence, o.tolerance, o.rollup, o.spc_min_points) == (0.95, {"relative": 0.05}, "worst", 15)
    custom = outcomes.EvaluateOptions(
        as_of="2026-03-31", confidence=0.998, tolerance={"absolute": 0.5}, rollup="majority",
        comparator_area="England", spc_min_points=20, forecast_min_points=4, spc_profile="mdc_excel",
        suppress_below=5,
    )
    back = pickle.loads(pickle.dumps(custom))
    assert back == custom and back != o
    assert back.tolerance == {"absolute": 0.5} and back.spc_profile == "mdc_excel"
    assert outcomes.EvaluateOptions(tolerance=0.02).tolerance == {"relative": 0.02}
    assert json.loads(custom.to_json())["comparator_area"] == "England"
    assert "confidence=0.998" in repr(custom)


def test_bad_options_name_the_key() -> None:
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        outcomes.EvaluateOptions(confidence=0.5)
    assert e.value.path == "confidence"
    with pytest.raises(outcomes.InvalidArgumentError) as e2:
        outcomes.EvaluateOptions(colour="red")
    assert "colour" in str(e2.value)
    with pytest.raises(outcomes.InvalidArgumentError) as e3:
        outcomes.EvaluateOptions(as_of="31/03/2026")
    assert e3.value.path == "as_of"


def test_evaluate_the_notts_example() -> None:
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    obs = outcomes.Observations.from_csv(NOTTS / "observations.csv")
    ev = fw.evaluate(obs)
    assert ev.framework == fw.id
    assert len(ev.measures) >= len(fw.measure_ids)
    assert {m["measure"] for m in ev.measures} <= set(fw.measure_ids)
    statuses = {"achieved", "on_track", "at_risk", "off_track", "not_assessable"}
    assert all(m["status"] in statuses for m in ev.measures)
    assert [c["id"] for c in ev.commitments] == fw.commitment_ids
    assert ev.summary["status"] in statuses
    assert 0.0 <= ev.completeness["score"] <= 1.0
    assert isinstance(ev.objectives, list) and isinstance(ev.partnerships, list)
    whole = json.loads(ev.to_json())
    assert whole["measures"] == ev.measures
    assert ev.to_csv().splitlines()[0].startswith("measure,title,area")
    # Overrides on top of options.
    later = fw.evaluate(obs, options=outcomes.EvaluateOptions(confidence=0.998), rollup="majority")
    assert later.options.confidence == 0.998 and later.options.rollup == "majority"
    html = ev._repr_html_()
    assert html.count("<tr>") >= len(ev.measures) and "background:" in html


def test_evaluate_validation_error() -> None:
    fw = outcomes.Framework.load(REPO_ROOT / "python" / "tests" / "fixtures" / "invalid.toml")
    obs = outcomes.Observations.from_json('[{"measure": "m", "period": "2024/25", "value": 1}]')
    with pytest.raises(outcomes.ValidationError) as e:
        fw.evaluate(obs)
    assert e.value.path


def test_html_escapes_every_text() -> None:
    fw = outcomes.Framework.from_toml(
        'schema_version = 1\nid = "x"\ntitle = "<script>alert(1)</script> & co"\n'
        'period = { from = "2024/25", to = "2025/26" }\n'
    )
    obs = outcomes.Observations.from_json("[]")
    ev = fw.evaluate(obs, as_of="2025-03-31")
    html = ev._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html


def test_html_neutralises_handlers_links_and_bidi_overrides() -> None:
    # The same escaping as the HTML review: attribute breakers, event handlers, javascript:
    # URLs and right-to-left overrides cannot survive into the notebook's status table.
    title = '"><img src=x onerror=alert(1)> javascript:alert(2) \u202egnp.exe'
    fw = outcomes.Framework.from_toml(
        f"schema_version = 1\nid = \"x\"\ntitle = '{title}'\n"
        'period = { from = "2024/25", to = "2025/26" }\n'
    )
    ev = fw.evaluate(outcomes.Observations.from_json("[]"), as_of="2025-03-31")
    html = ev._repr_html_()
    assert "<img" not in html and "onerror=" not in html and "javascript:" not in html
    assert "\u202e" not in html and "&lt;img src&#61;x onerror&#61;alert(1)&gt;" in html


def test_to_pandas_without_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    ev = fw.evaluate(outcomes.Observations.from_csv(NOTTS / "observations.csv"))
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        ev.to_pandas()


def test_to_pandas_with_pandas() -> None:
    pd = pytest.importorskip("pandas")
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    ev = fw.evaluate(outcomes.Observations.from_csv(NOTTS / "observations.csv"))
    df = ev.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == len(ev.measures)


def _same(a: object, b: object, at: str = "") -> None:
    """Equal with the same types (int is not float, bool is not int) and dict keys in order."""
    assert type(a) is type(b), f"{at}: {type(a).__name__} against {type(b).__name__}"
    if isinstance(a, dict) and isinstance(b, dict):
        assert list(a) == list(b), f"{at}: keys {list(a)} against {list(b)}"
        for k in a:
            _same(a[k], b[k], f"{at}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), at
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{at}[{i}]")
    else:
        assert a == b, f"{at}: {a!r} against {b!r}"


@pytest.mark.parametrize(
    "example", sorted(p.name for p in (REPO_ROOT / "examples").iterdir() if (p / "framework.toml").exists())
)
def test_parts_are_what_the_json_says(example: str) -> None:
    """``measures``, ``commitments``, ... are the evaluation JSON's parts as ``json.loads``
    gives them: values, types and key order."""
    d = REPO_ROOT / "examples" / example
    fw = outcomes.Framework.load(d / "framework.toml")
    csv = d / "observations.csv"
    obs = outcomes.Observations.from_csv(csv) if csv.exists() else outcomes.Observations.from_json("[]")
    ev = fw.evaluate(obs, as_of="2026-03-31")
    whole = json.loads(ev.to_json())
    for part in ("measures", "commitments", "objectives", "partnerships", "summary", "completeness"):
        _same(getattr(ev, part), whole[part], part)
