"""Charts with matplotlib (an optional dependency) in NHS Making Data Count colours.

- ``spc(result, ax=None)``: an XmR chart of an ``outcomes.spc.SpcResult``: the values, the
  mean and the process limits of each segment, each point coloured by its type.
- ``trajectory(measure_row, ax=None)``: one measure row of an evaluation
  (``Evaluation.measures[i]``): its series with confidence intervals, the baseline, the
  target, the planned trajectory from baseline to target and the forecast, on a date axis
  (each period at its last day).

Colours (Making Data Count): common cause grey ``#768692``, special cause improvement blue
``#41B6E6``, special cause concern orange ``#ED8B00``, neutral special cause purple
``#330072``. Each function draws on ``ax`` (a new figure when None) and returns the axes.
Without matplotlib they raise ``ImportError`` saying how to install it.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import outcomes.spc, outcomes.plot
>>> ax = outcomes.plot.spc(outcomes.spc.xmr([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 20]))
>>> ax.get_title()
'XmR chart: special cause improvement (high)'
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from outcomes._outcomes import Period

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from outcomes.spc import SpcResult

__all__ = ["spc", "trajectory"]

#: Making Data Count colours by meaning.
COLOURS: dict[str, str] = {
    "common_cause": "#768692",
    "improvement": "#41B6E6",
    "concern": "#ED8B00",
    "neutral": "#330072",
    "target": "#DA291C",
    "trajectory": "#005EB8",
}

#: The colour of each SPC point type.
POINT_COLOURS: dict[str, str] = {
    "common_cause": COLOURS["common_cause"],
    "special_cause_improvement": COLOURS["improvement"],
    "special_cause_concern": COLOURS["concern"],
    "special_cause_neutral_high": COLOURS["neutral"],
    "special_cause_neutral_low": COLOURS["neutral"],
    "missing": "#D8DDE0",
}

_ICON_WORDS: dict[str, str] = {
    "common_cause": "common cause variation",
    "improvement_high": "special cause improvement (high)",
    "improvement_low": "special cause improvement (low)",
    "concern_high": "special cause concern (high)",
    "concern_low": "special cause concern (low)",
    "neutral_high": "special cause, neither improvement nor concern (high)",
    "neutral_low": "special cause, neither improvement nor concern (low)",
}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "outcomes.plot needs matplotlib, an optional dependency: pip install matplotlib"
        ) from None
    return plt


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    _, new = _pyplot().subplots(figsize=(8, 3.6))
    return new  # type: ignore[no-any-return]


def _num(v: Any) -> float | None:
    """A finite number as float, else None (missing, NaN, not a number)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        return float(v)
    return None


def spc(result: SpcResult, ax: Axes | None = None, *, labels: Sequence[str] | None = None,
        title: str | None = None) -> Axes:
    """Draws the XmR chart of ``result`` (from ``outcomes.spc.xmr``): the values joined in
    grey, each point coloured by its type, and per segment the mean (solid) and the process
    limits (dashed). ``labels`` names the points on the x axis (e.g. periods; default
    positions 1..n); ``title`` defaults to the variation icon in words.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import outcomes.spc, outcomes.plot
    >>> r = outcomes.spc.xmr([10, 12, 11, 13, 12, 11, 12, 13, 11, 12], target=11)
    >>> ax = outcomes.plot.spc(r, labels=[f"M{i}" for i in range(1, 11)])
    >>> len(ax.collections[0].get_offsets())
    10
    """
    _pyplot()
    ax = _axes(ax)
    values = [float(v) for v in result.values]
    n = len(values)
    xs = list(range(n))
    ax.plot(xs, values, color=COLOURS["common_cause"], linewidth=1.2, zorder=2)
    for seg in range(int(result.segment.max()) + 1 if n else 0):
        idx = [i for i in xs if int(result.segment[i]) == seg]
        if not idx:
            continue
        ax.plot(idx, [float(result.mean[i]) for i in idx], color="#231F20", linewidth=1.0, zorder=1)
        for limit in (result.upl, result.lpl):
            ax.plot(idx, [float(limit[i]) for i in idx], color="#425563", linewidth=1.0,
                    linestyle="--", zorder=1)
    shown = [i for i in xs if math.isfinite(values[i])]
    ax.scatter(shown, [values[i] for i in shown],
               c=[POINT_COLOURS.get(result.point_type[i], COLOURS["common_cause"]) for i in shown],
               s=28, zorder=3, edgecolors="white", linewidths=0.6)
    target = _num(result.target)
    if target is not None:
        ax.axhline(target, color=COLOURS["target"], linewidth=1.0, linestyle=":", zorder=1)
    if labels is not None:
        if len(labels) != n:
            raise ValueError(f"labels has {len(labels)} entries but the chart has {n} points")
        step = max(1, n // 12)
        ax.set_xticks(xs[::step], [str(label) for label in labels][::step], rotation=45, ha="right")
    ax.set_title(title if title is not None else f"XmR chart: {_ICON_WORDS.get(result.variation_icon, result.variation_icon)}")
    ax.grid(axis="y", color="#E8EDEE")
    return ax


def _end(period: str) -> float | None:
    """The last day of a period as a matplotlib date number, or None if it does not parse."""
    from matplotlib import dates as mdates

    try:
        end = Period(period).end
    except ValueError:
        return None
    date2num: Any = mdates.date2num  # untyped in matplotlib's stubs
    return float(date2num(datetime.datetime(end.year, end.month, end.day)))


def trajectory(measure_row: Mapping[str, Any], ax: Axes | None = None, *,
               title: str | None = None) -> Axes:
    """Draws one measure row of an evaluation (a dict of ``Evaluation.measures``): the series
    with its confidence intervals (points coloured by SPC point type when the row has an SPC
    summary, else grey), the baseline, the target (a red marker at its date, or a dotted line
    without one), the planned trajectory from baseline to target (blue dashed) and the
    forecast (grey dotted). The x axis is dates: each period at its last day. Suppressed
    points are left out.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import outcomes, outcomes.plot
    >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    >>> row = fw.evaluate(obs).measures[0]
    >>> outcomes.plot.trajectory(row).get_title()
    'Smoking at time of delivery'
    """
    _pyplot()
    ax = _axes(ax)
    spc_summary = measure_row.get("spc") or {}
    types = dict(zip(spc_summary.get("periods") or [], spc_summary.get("point_types") or []))
    dates: list[float] = []
    values: list[float] = []
    colours: list[str] = []
    for p in measure_row.get("series") or []:
        value = _num(p.get("value"))
        end = _end(str(p.get("period", "")))
        if p.get("suppressed") or value is None or end is None:
            continue
        dates.append(end)
        values.append(value)
        colours.append(POINT_COLOURS.get(types.get(p["period"], "common_cause"), COLOURS["common_cause"]))
        lo, hi = _num(p.get("lower")), _num(p.get("upper"))
        if lo is not None and hi is not None:
            ax.plot([end, end], [lo, hi], color="#AEB7BD", linewidth=1.0, zorder=1)
    if dates:
        ax.plot(dates, values, color=COLOURS["common_cause"], linewidth=1.2, zorder=2)
        ax.scatter(dates, values, c=colours, s=28, zorder=3, edgecolors="white", linewidths=0.6)
    baseline = measure_row.get("baseline") or {}
    base_at = _end(str(baseline["period"])) if baseline.get("period") else None
    base_value = _num(baseline.get("value"))
    if base_at is not None and base_value is not None:
        ax.scatter([base_at], [base_value], marker="s", color="#231F20", s=30, zorder=4, label="baseline")
    target = measure_row.get("target") or {}
    target_value = _num(target.get("value"))
    target_at = _end(str(target["by"])) if target.get("by") else None
    if target_value is not None:
        if target_at is not None:
            ax.scatter([target_at], [target_value], marker="*", color=COLOURS["target"], s=90,
                       zorder=4, label="target")
            if base_at is not None and base_value is not None:
                ax.plot([base_at, target_at], [base_value, target_value], color=COLOURS["trajectory"],
                        linestyle="--", linewidth=1.0, zorder=1, label="planned trajectory")
        else:
            ax.axhline(target_value, color=COLOURS["target"], linestyle=":", linewidth=1.0, label="target")
    forecast = measure_row.get("forecast") or {}
    forecast_value = _num(forecast.get("value"))
    forecast_at = _end(str(forecast["at"])) if forecast.get("at") else None
    if dates and forecast_value is not None and forecast_at is not None:
        ax.plot([dates[-1], forecast_at], [values[-1], forecast_value], color=COLOURS["common_cause"],
                linestyle=":", linewidth=1.2, zorder=1, label="forecast")
    ax.xaxis_date()
    ax.set_title(title if title is not None else str(measure_row.get("title") or measure_row.get("measure", "")))
    unit = measure_row.get("unit")
    if unit:
        ax.set_ylabel(str(unit).replace("_", " "))
    ax.grid(axis="y", color="#E8EDEE")
    if ax.get_legend_handles_labels()[1]:
        ax.legend(loc="best", fontsize="small", frameon=False)
    return ax
