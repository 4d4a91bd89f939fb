"""outcomes.plot with matplotlib's Agg backend, and SpcResult's inline SVG."""

import io
import math
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import outcomes  # noqa: E402
import outcomes.plot  # noqa: E402
import outcomes.spc as spc  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTTS = REPO_ROOT / "examples" / "notts-integrated-care-strategy"
MDC = {"common_cause": "#768692", "improvement": "#41B6E6", "concern": "#ED8B00", "neutral": "#330072"}
SERIES = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 20, 5, 6, 5, 7, 6, 5, 6, 7, 5, 6, -8]


def hexes(colours: object) -> list[str]:
    return [mcolors.to_hex(tuple(c)).upper() for c in np.asarray(colours)]


def test_spc_chart_colours_points_by_type() -> None:
    r = spc.xmr(SERIES)
    fig, ax = plt.subplots()
    out = outcomes.plot.spc(r, ax, labels=[f"P{i}" for i in range(len(SERIES))])
    assert out is ax
    points = ax.collections[0]
    assert len(np.asarray(points.get_offsets())) == len(SERIES)
    colours = hexes(points.get_facecolor())
    expected = {"common_cause": MDC["common_cause"], "special_cause_improvement": MDC["improvement"],
                "special_cause_concern": MDC["concern"]}
    assert colours == [expected[t] for t in r.point_type]
    assert MDC["improvement"] in colours and MDC["concern"] in colours
    # The mean and both limits of the one segment, plus the joined values.
    ys = {round(float(np.asarray(line.get_ydata())[0]), 9) for line in ax.lines}
    assert {round(float(r.mean[0]), 9), round(float(r.upl[0]), 9), round(float(r.lpl[0]), 9)} <= ys
    assert ax.get_title().startswith("XmR chart: ")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")
    plt.close(fig)


def test_spc_chart_neutral_points_and_segments() -> None:
    r = spc.xmr(SERIES, improvement="neutral", rebase=[11])
    ax = outcomes.plot.spc(r)
    colours = hexes(ax.collections[0].get_facecolor())
    assert MDC["neutral"] in colours
    # Two segments: a mean and two limits each.
    assert len(ax.lines) == 1 + 2 * 3
    with pytest.raises(ValueError, match="labels"):
        outcomes.plot.spc(r, labels=["too", "few"])
    plt.close("all")


def test_trajectory_of_an_evaluated_measure() -> None:
    fw = outcomes.Framework.load(NOTTS / "framework.toml")
    ev = fw.evaluate(outcomes.Observations.from_csv(NOTTS / "observations.csv"))
    with_trajectory = next(m for m in ev.measures if m["trajectory"] and m["target"]["value"] is not None)
    ax = outcomes.plot.trajectory(with_trajectory)
    labels = ax.get_legend_handles_labels()[1]
    assert {"baseline", "target", "planned trajectory"} <= set(labels)
    shown = [p for p in with_trajectory["series"] if not p["suppressed"] and p["value"] is not None]
    assert len(np.asarray(ax.collections[0].get_offsets())) == len(shown)
    assert ax.get_title() == with_trajectory["title"]
    with_spc = next(m for m in ev.measures if m["spc"])
    ax2 = outcomes.plot.trajectory(with_spc)
    expected = {"common_cause": MDC["common_cause"], "special_cause_improvement": MDC["improvement"],
                "special_cause_concern": MDC["concern"], "special_cause_neutral_high": MDC["neutral"],
                "special_cause_neutral_low": MDC["neutral"]}
    types = dict(zip(with_spc["spc"]["periods"], with_spc["spc"]["point_types"]))
    want = [expected[types.get(p["period"], "common_cause")] for p in with_spc["series"] if p["value"] is not None]
    assert hexes(ax2.collections[0].get_facecolor()) == want
    # A row with nothing to show still gives an axes with its title.
    empty = next(m for m in ev.measures if not m["series"])
    assert outcomes.plot.trajectory(empty).get_title() == empty["title"]
    plt.close("all")


def test_without_matplotlib_the_error_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match="pip install matplotlib"):
        outcomes.plot.spc(spc.xmr(SERIES))


def test_spc_result_repr_html_is_an_svg_chart() -> None:
    r = spc.xmr(SERIES, target=5.5)
    svg = r._repr_html_()
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    circles = root.findall(f"{ns}circle")
    assert len(circles) == len(SERIES)
    fills = [c.get("fill") for c in circles]
    colour = {"common_cause": MDC["common_cause"], "special_cause_improvement": MDC["improvement"],
              "special_cause_concern": MDC["concern"]}
    assert fills == [colour[t] for t in r.point_type]
    assert len(root.findall(f"{ns}polyline")) == 4  # mean, two limits, the values
    assert any(line.get("stroke") == "#DA291C" for line in root.findall(f"{ns}line"))  # target


def test_svg_escapes_titles_and_skips_missing_points() -> None:
    values = [1.0, 2.0, math.nan, 1.5, 2.5, 1.0, 2.0, 1.5]
    r = spc.xmr(values, missing="skip")
    svg = r.to_svg(title='<b onload="x()">&</b>')
    root = ET.fromstring(svg)
    assert "<b " not in svg and "&lt;b onload=&quot;x()&quot;&gt;&amp;&lt;/b&gt;" in svg
    assert len(root.findall("{http://www.w3.org/2000/svg}circle")) == 7
    flat = spc.xmr([3.0, 3.0, 3.0]).to_svg()
    assert "nan" not in flat.lower()
