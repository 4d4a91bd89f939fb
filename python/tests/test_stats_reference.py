"""PHEindicatormethods 2.1.0 reference cases through the Python API (fixture copied from
shared/reference/phe-indicator-methods-cases.csv; see fixtures/README.md)."""

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import outcomes.stats as st

CASES = list(csv.DictReader((Path(__file__).parent / "fixtures" / "phe-indicator-methods-cases.csv").open()))


def expected(row: dict[str, str]) -> tuple[float, float, float]:
    def num(s: str) -> float:
        return math.nan if s in ("", "NA") else float(s)

    return num(row["expected_value"]), num(row["expected_lower"]), num(row["expected_upper"])


def close(got: float, want: float, rel: float = 1e-9) -> bool:
    if math.isnan(want):
        return math.isnan(got)
    return math.isclose(got, want, rel_tol=rel, abs_tol=1e-12)


def compute(method: str, c: float, m: float, inp: dict[str, Any]) -> tuple[float, float, float]:
    if method == "proportion":
        r = st.proportion([inp["x"]], [inp["n"]], confidence=c, multiplier=m)
    elif method == "rate":
        r = st.rate([inp["x"]], [inp["n"]], confidence=c, multiplier=m)
    elif method == "dsr":
        r = st.dsr(inp["x"], inp["n"], inp["stdpop"], confidence=c, multiplier=m)
    elif method == "dsr_nonindependent":
        xs: list[float] = []
        ns: list[float] = []
        ws: list[float] = []
        fs: list[float] = []
        bands: list[int] = []
        for f, counts in inp["unique_individuals_by_eventfreq"].items():
            for band, u in enumerate(counts):
                xs.append(u)
                ns.append(inp["n"][band])
                ws.append(inp["stdpop"][band])
                fs.append(float(f))
                bands.append(band)
        r = st.dsr(xs, ns, ws, event_frequency=fs, age_band=bands, confidence=c, multiplier=m)
    elif method == "israte":
        r = st.isr(inp["x"], inp["n"], inp["x_ref"], inp["n_ref"], confidence=c, multiplier=m)
    elif method == "isratio":
        r = st.isratio(inp["x"], inp["n"], inp["x_ref"], inp["n_ref"], confidence=c, refvalue=inp.get("refvalue", m))
    elif method == "mean":
        r = st.mean(inp["values"], confidence=c)
    elif method == "life_expectancy":
        r = st.life_expectancy(
            inp["deaths"], inp["pops"], start_age=inp["startage"], le_age=inp["le_age"], confidence=c
        )
    elif method == "funnel_proportion_limits":
        lo, hi = st.funnel_limits(inp["average_proportion"], [inp["population"]], multiplier=m, confidence=c)
        return inp["average_proportion"] * m, float(lo[0]), float(hi[0])
    else:  # pragma: no cover - the fixture holds only the methods above
        raise AssertionError(method)
    return float(r.value[0]), float(r.lower[0]), float(r.upper[0])


def test_fixture_covers_every_method() -> None:
    methods = {r["method"] for r in CASES}
    assert methods == {
        "proportion", "rate", "dsr", "dsr_nonindependent", "israte", "isratio", "mean",
        "life_expectancy", "funnel_proportion_limits",
    }
    assert len(CASES) > 150


@pytest.mark.parametrize("row", CASES, ids=[f"{i}-{r['method']}" for i, r in enumerate(CASES)])
def test_reference_case(row: dict[str, str]) -> None:
    inp = json.loads(row["inputs_json"])
    got = compute(row["method"], float(row["conf_level"]), float(row["multiplier"]), inp)
    want = expected(row)
    # The funnel source has 6 decimal places.
    rel = 1e-9
    for g, w, name in zip(got, want, ("value", "lower", "upper")):
        if row["method"] == "funnel_proportion_limits":
            assert abs(g - w) <= 5e-7 or math.isnan(w), (name, g, w)
        else:
            assert close(g, w, rel), f"{name}: got {g!r}, want {w!r} ({row['source']})"


def test_vectorised_proportion_matches_rows() -> None:
    rows = [json.loads(r["inputs_json"]) for r in CASES if r["method"] == "proportion" and r["conf_level"] == "0.95"]
    x = np.array([r["x"] for r in rows], dtype=float)
    n = np.array([r["n"] for r in rows], dtype=float)
    whole = st.proportion(x, n)
    for i in range(len(x)):
        one = st.proportion(x[i : i + 1], n[i : i + 1])
        assert whole.lower[i] == one.lower[0] or (np.isnan(whole.lower[i]) and np.isnan(one.lower[0]))
