"""outcomes.spc against NHSRplotthedots 0.2.2 cases (fixture copied from
shared/reference/spc-making-data-count-cases.json; see fixtures/README.md), and xmr_many."""

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import outcomes
import outcomes.spc as spc

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "fixtures" / "spc-making-data-count-cases.json").read_text()
)


def run(case: dict[str, Any]) -> spc.SpcResult:
    o = case["options"]
    return spc.xmr(
        case["values"],
        improvement=o["improvement_direction"],
        target=o["target"],
        rebase=o["rebase"],
        fix_after=o["fix_after_n_points"],
        screen_outliers=o["screen_outliers"],
    )


def same(got: float, want: float | None) -> bool:
    if want is None:
        return math.isnan(got)
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    r = run(case)
    e = case["expected"]
    assert same(float(r.mean[-1]), e["mean"])
    assert same(float(r.lpl[-1]), e["lpl"])
    assert same(float(r.upl[-1]), e["upl"])
    assert r.point_type == e["point_type"]
    assert r.variation_icon == e["variation_icon"]
    assert r.assurance_icon == e["assurance_icon"]
    for seg, want in zip(r.segments, e["segments"]):
        assert seg["start"] == want["start"]
        assert same(seg["mean"], want["mean"])
    assert len(r.segments) == len(e["segments"])


def test_xmr_many_matches_xmr_per_series_and_keys() -> None:
    cases = CASES[:10]
    values = np.concatenate([np.asarray(c["values"], dtype=float) for c in cases])
    labels = np.concatenate([[c["name"]] * len(c["values"]) for c in cases])
    t = spc.xmr_many(values, labels)
    assert t.series == [c["name"] for c in cases]
    assert t.point_type.dtype == np.uint8
    start = 0
    for i, c in enumerate(cases):
        one = spc.xmr(c["values"])
        end = start + len(c["values"])
        np.testing.assert_array_equal(t.mean[start:end], one.mean)
        np.testing.assert_array_equal(t.upl[start:end], one.upl)
        assert [t.point_type_labels[k] for k in t.point_type[start:end]] == one.point_type
        assert t.summaries()[i]["variation_icon"] == one.variation_icon
        start = end
    codes = spc.xmr_many(values, np.repeat(np.arange(10, 20), [len(c["values"]) for c in cases]))
    assert codes.series == list(range(10, 20))
    np.testing.assert_array_equal(codes.lpl, t.lpl)


def test_missing_values() -> None:
    with pytest.raises(outcomes.MethodError) as e:
        spc.xmr([1.0, 2.0, float("nan"), 3.0])
    assert e.value.path == "values[2]"
    r = spc.xmr([1.0, 2.0, float("nan"), 3.0], missing="skip")
    assert r.point_type[2] == "missing"
    with pytest.raises(outcomes.MethodError) as e2:
        spc.xmr_many([1.0, 2.0, 3.0, float("nan")], ["a", "a", "b", "b"])
    assert e2.value.path == "values[3]"


def test_options_are_checked_and_profile_defaults_apply() -> None:
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        spc.xmr([1.0, 2.0], improvement="up")
    assert e.value.path == "improvement"
    assert spc.xmr([1.0, 2.0, 3.0]).rules["screen_outliers"] is True
    assert spc.xmr([1.0, 2.0, 3.0], profile="mdc_excel").rules["screen_outliers"] is False
    assert spc.xmr([1.0, 2.0, 3.0], profile="mdc_excel", screen_outliers=True).rules["screen_outliers"] is True


def test_categorical_like_series_and_strided_values() -> None:
    class Categorical:
        """Duck-typed pandas.Categorical: integer codes and their categories."""

        def __init__(self, codes: list[int], categories: list[str]) -> None:
            self.codes = np.asarray(codes, dtype=np.int8)
            self.categories = categories

    values = np.arange(40.0)[::2]
    t = spc.xmr_many(values, Categorical([1] * 10 + [0] * 10, ["zero", "one"]))
    assert t.series == ["one", "zero"]
    np.testing.assert_array_equal(t.mean[:10], spc.xmr(values[:10]).mean)
