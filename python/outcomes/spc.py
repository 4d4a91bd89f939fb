"""Making Data Count XmR charts (statistical process control) on numpy arrays.

The arithmetic is NHSRplotthedots 0.2.2's by default (``profile="nhsr"``: limits at
mean +/- 2.66 x the average moving range, moving ranges screened at 3.267 x, runs of 7,
precedence outside > trend > two-in-three > shift, the variation icon from the last point and
the assurance icon from the latest segment); ``profile="mdc_excel"`` follows the NHS England
Making Data Count Excel tool. ``xmr`` charts one series; ``xmr_many`` charts any number in one
call, with point types back as categorical codes so 10,000 series cost no Python objects.

Options (the same keys as core's ``SpcOptions``): ``improvement`` (``"increase"``,
``"decrease"`` or ``"neutral"``), ``target`` (for the assurance icon), ``rebase`` (0-based
positions where a new segment starts), ``fix_after`` (freeze each segment's limits on its
first values, at least 12), ``screen_outliers``, ``missing`` (``"error"``: NaN raises
``MethodError`` naming ``values[i]``; ``"skip"``: NaN points are left out and typed
``missing``), ``profile``, and the rule knobs ``shift_length``, ``trend_length``,
``two_in_three_counts_outside``, ``improvement_wins``.

``screen_outliers=None`` (and None for every rule knob) means *the profile's default*: on for
``nhsr``, off for ``mdc_excel``. This deliberately differs from DESIGN.md's
``screen_outliers=True``, which would silently turn screening on under the ``mdc_excel``
profile; pass True or False to override the profile.

>>> import outcomes.spc as spc
>>> r = spc.xmr([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 20])
>>> r.point_type[-1], r.variation_icon
('special_cause_improvement', 'improvement_high')
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from outcomes import _outcomes as _ext
from outcomes._convert import CodeArray, FloatArray, f64, factorize

__all__ = ["SpcResult", "SpcTable", "xmr", "xmr_many"]

_POINT_TYPES, _SIGNALS, _VARIATION_ICONS, _ASSURANCE_ICONS = _ext.spc_labels()


def _options(
    improvement: str,
    target: float | None,
    rebase: Sequence[int] | None,
    fix_after: int | None,
    screen_outliers: bool | None,
    missing: str,
    profile: str,
    shift_length: int | None,
    trend_length: int | None,
    two_in_three_counts_outside: bool | None,
    improvement_wins: bool | None,
) -> tuple[Any, ...]:
    return (
        improvement,
        None if target is None else float(target),
        [] if rebase is None else [int(i) for i in rebase],
        fix_after,
        screen_outliers,
        missing,
        profile,
        shift_length,
        trend_length,
        two_in_three_counts_outside,
        improvement_wins,
    )


class SpcResult:
    """The XmR chart of one series.

    Per point (float64 arrays, the limits of the point's segment): ``mean``, ``lpl``, ``upl``,
    ``near_lpl``, ``near_upl`` (the 2-sigma lines); ``point_type`` (list of ``common_cause``,
    ``special_cause_improvement``, ``special_cause_concern``, ``special_cause_neutral_high``,
    ``special_cause_neutral_low``, ``missing``); ``signal`` (the rule behind each verdict, in
    NHSRplotthedots' words); ``segment`` (0-based segment of each point). Per chart:
    ``variation_icon`` (``common_cause``, ``improvement_high``, ``improvement_low``,
    ``concern_high``, ``concern_low``, ``neutral_high``, ``neutral_low``), ``assurance_icon``
    (``pass``, ``fail``, ``inconsistent``, or None without a target), ``summary`` (a dict:
    icons, point-type counts, latest limits, ``short_series_warning``), ``segments`` (a dict
    per segment: start, mean, amr, limits, screened ranges) and ``rules`` (the rule settings
    used); ``values`` (the values charted, float64) and ``target`` (or None). In a notebook
    it shows as an inline SVG chart in Making Data Count colours; ``outcomes.plot.spc`` draws
    it with matplotlib.

    >>> import outcomes.spc as spc
    >>> r = spc.xmr([10, 12, 11, 13, 12, 11, 12, 13, 11, 12], target=11)
    >>> round(float(r.mean[0]), 2), r.assurance_icon
    (11.7, 'inconsistent')
    """

    mean: FloatArray
    lpl: FloatArray
    upl: FloatArray
    near_lpl: FloatArray
    near_upl: FloatArray
    point_type: list[str]
    signal: list[str]
    segment: npt.NDArray[np.uint32]
    segments: list[dict[str, Any]]
    summary: dict[str, Any]
    rules: dict[str, Any]
    values: FloatArray
    target: float | None

    def __init__(self, raw: Any, values: FloatArray, target: float | None = None) -> None:
        self.values = values
        self.target = target
        columns, self.segments, self.summary, self.rules = raw
        self.mean, self.lpl, self.upl, self.near_lpl, self.near_upl, types, signals, self.segment = columns
        self.point_type = [_POINT_TYPES[c] for c in types.tolist()]
        self.signal = [_SIGNALS[c] for c in signals.tolist()]

    @property
    def variation_icon(self) -> str:
        """The variation icon of the last point (``common_cause``, ``improvement_high``, ...)."""
        return str(self.summary["variation_icon"])

    @property
    def assurance_icon(self) -> str | None:
        """``pass``, ``fail`` or ``inconsistent`` against the target; None without one."""
        icon = self.summary["assurance_icon"]
        return None if icon is None else str(icon)

    def __len__(self) -> int:
        return len(self.mean)

    def _repr_html_(self) -> str:
        """An inline SVG chart for notebooks (see ``to_svg``)."""
        return self.to_svg()

    def to_svg(self, *, width: int = 640, height: int = 260, title: str | None = None) -> str:
        """The chart as a standalone SVG string (pure Python, no matplotlib): values in grey,
        points coloured by type (Making Data Count: common cause grey ``#768692``,
        improvement blue ``#41B6E6``, concern orange ``#ED8B00``, neutral purple
        ``#330072``), the mean solid and the process limits dashed per segment, the target
        dotted red. Every text is XML-escaped.

        >>> import outcomes.spc as spc
        >>> svg = spc.xmr([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 20]).to_svg()
        >>> svg.startswith("<svg"), svg.count("<circle"), "#41B6E6" in svg
        (True, 11, True)
        """
        return _svg(self, width, height, title)

    def __repr__(self) -> str:
        return (
            f"<SpcResult points={len(self)} segments={len(self.segments)} "
            f"variation_icon={self.variation_icon!r} assurance_icon={self.assurance_icon!r}>"
        )


class SpcTable:
    """XmR charts of many series: per-point columns in input row order plus one summary row per
    series (series in order of first appearance).

    Per point: ``mean``, ``lpl``, ``upl``, ``near_lpl``, ``near_upl`` (float64), ``segment``
    (uint32), ``point_type`` and ``signal`` as ``uint8`` categorical codes indexing
    ``point_type_labels`` and ``signal_labels``. Per series: ``series`` (the keys: your labels,
    or your integer codes), ``series_len``, ``segments``, ``variation_icon`` and
    ``assurance_icon`` (``uint8`` codes indexing ``variation_icon_labels`` and
    ``assurance_icon_labels``, whose code 0 is None: no target), ``series_mean``,
    ``series_lpl``, ``series_upl`` (the latest segment's), ``short_series_warning`` (bool).
    ``point_types()`` decodes the point types; ``summaries()`` gives one dict per series.

    >>> import outcomes.spc as spc
    >>> t = spc.xmr_many([1.0, 10.0, 2.0, 11.0, 1.5, 12.0], ["a", "b", "a", "b", "a", "b"])
    >>> t.series, t.series_mean.tolist()
    (['a', 'b'], [1.5, 11.0])
    >>> t.point_type_labels[t.point_type[0]]
    'common_cause'
    """

    point_type_labels: list[str] = list(_POINT_TYPES)
    signal_labels: list[str] = list(_SIGNALS)
    variation_icon_labels: list[str] = list(_VARIATION_ICONS)
    assurance_icon_labels: list[str | None] = [None if a == "" else a for a in _ASSURANCE_ICONS]

    mean: FloatArray
    lpl: FloatArray
    upl: FloatArray
    near_lpl: FloatArray
    near_upl: FloatArray
    point_type: npt.NDArray[np.uint8]
    signal: npt.NDArray[np.uint8]
    segment: npt.NDArray[np.uint32]
    series: list[Any]
    series_len: npt.NDArray[np.uint64]
    segments: npt.NDArray[np.uint64]
    variation_icon: npt.NDArray[np.uint8]
    assurance_icon: npt.NDArray[np.uint8]
    series_mean: FloatArray
    series_lpl: FloatArray
    series_upl: FloatArray
    short_series_warning: npt.NDArray[np.bool_]
    rules: dict[str, Any]

    def __init__(self, raw: Any, keys: list[Any] | None) -> None:
        columns, summaries, self.rules = raw
        (
            self.mean,
            self.lpl,
            self.upl,
            self.near_lpl,
            self.near_upl,
            self.point_type,
            self.signal,
            self.segment,
        ) = columns
        (
            codes,
            self.series_len,
            self.segments,
            self.variation_icon,
            self.assurance_icon,
            self.series_mean,
            self.series_lpl,
            self.series_upl,
            self.short_series_warning,
        ) = summaries
        self.series = codes.tolist() if keys is None else [keys[c] for c in codes.tolist()]

    def point_types(self) -> list[str]:
        """Each point's type as text (``common_cause``, ...), in input row order.

        >>> import outcomes.spc as spc
        >>> spc.xmr_many([1.0, 2.0, 1.5], [0, 0, 0]).point_types()
        ['common_cause', 'common_cause', 'common_cause']
        """
        labels = self.point_type_labels
        return [labels[c] for c in self.point_type.tolist()]

    def summaries(self) -> list[dict[str, Any]]:
        """One dict per series: ``series``, ``len``, ``segments``, ``variation_icon``,
        ``assurance_icon``, ``mean``, ``lpl``, ``upl``, ``short_series_warning``.

        >>> import outcomes.spc as spc
        >>> spc.xmr_many([1.0, 2.0, 1.5], ["x"] * 3).summaries()[0]["variation_icon"]
        'common_cause'
        """
        return [
            {
                "series": key,
                "len": int(self.series_len[i]),
                "segments": int(self.segments[i]),
                "variation_icon": self.variation_icon_labels[self.variation_icon[i]],
                "assurance_icon": self.assurance_icon_labels[self.assurance_icon[i]],
                "mean": float(self.series_mean[i]),
                "lpl": float(self.series_lpl[i]),
                "upl": float(self.series_upl[i]),
                "short_series_warning": bool(self.short_series_warning[i]),
            }
            for i, key in enumerate(self.series)
        ]

    def __len__(self) -> int:
        return len(self.mean)

    def __repr__(self) -> str:
        return f"<SpcTable points={len(self)} series={len(self.series)}>"


def xmr(
    values: Any,
    *,
    improvement: str = "increase",
    target: float | None = None,
    rebase: Sequence[int] | None = None,
    fix_after: int | None = None,
    screen_outliers: bool | None = None,
    missing: str = "error",
    profile: str = "nhsr",
    shift_length: int | None = None,
    trend_length: int | None = None,
    two_in_three_counts_outside: bool | None = None,
    improvement_wins: bool | None = None,
) -> SpcResult:
    """The XmR chart of one series (values in time order). See the module docstring for the
    options; ``screen_outliers=None`` means the profile's default. The GIL is released while
    the chart is computed.

    >>> import outcomes.spc as spc
    >>> r = spc.xmr([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 20], improvement="decrease")
    >>> r.point_type[-1]
    'special_cause_concern'
    """
    opts = _options(
        improvement, target, rebase, fix_after, screen_outliers, missing, profile,
        shift_length, trend_length, two_in_three_counts_outside, improvement_wins,
    )
    va = f64(values, "values")
    return SpcResult(_ext.spc_xmr(va, *opts), va, None if target is None else float(target))


def _series_codes(series: Any, n: int) -> tuple[CodeArray, list[Any] | None]:
    """Integer codes pass through as uint32 (keys are the codes); anything else is factorised."""
    if isinstance(series, np.ndarray) and series.dtype.kind in "iu" and series.ndim == 1:
        if len(series) == n and (len(series) == 0 or (series.min() >= 0 and series.max() <= 0xFFFFFFFF)):
            return np.ascontiguousarray(series, dtype=np.uint32), None
    codes, keys = factorize(series, n, "series")
    return codes, keys


def xmr_many(
    values: Any,
    series: Any,
    *,
    improvement: str = "increase",
    target: float | None = None,
    rebase: Sequence[int] | None = None,
    fix_after: int | None = None,
    screen_outliers: bool | None = None,
    missing: str = "error",
    profile: str = "nhsr",
    shift_length: int | None = None,
    trend_length: int | None = None,
    two_in_three_counts_outside: bool | None = None,
    improvement_wins: bool | None = None,
) -> SpcTable:
    """XmR charts of many series in one call, the same options for each (``rebase`` and
    ``fix_after`` apply within each series). ``series`` gives each value's series: a numpy
    integer array of codes (used as they are), or any array of labels or a categorical
    (numbered in order of first appearance). A series' rows need not be contiguous, but must
    be in time order. Errors name the row in the whole input (``values[i]``).

    >>> import numpy as np, outcomes.spc as spc
    >>> t = spc.xmr_many(np.arange(30.0), np.repeat(np.array([7, 9]), 15))
    >>> t.series, t.variation_icon_labels[t.variation_icon[0]]
    ([7, 9], 'improvement_high')
    """
    va = f64(values, "values")
    codes, keys = _series_codes(series, len(va))
    opts = _options(
        improvement, target, rebase, fix_after, screen_outliers, missing, profile,
        shift_length, trend_length, two_in_three_counts_outside, improvement_wins,
    )
    return SpcTable(_ext.spc_xmr_many(va, codes, *opts), keys)


_SVG_COLOURS: dict[str, str] = {
    "common_cause": "#768692",
    "special_cause_improvement": "#41B6E6",
    "special_cause_concern": "#ED8B00",
    "special_cause_neutral_high": "#330072",
    "special_cause_neutral_low": "#330072",
    "missing": "#D8DDE0",
}


def _svg(r: SpcResult, width: int, height: int, title: str | None) -> str:
    """The SVG of ``SpcResult.to_svg``."""
    esc = html.escape
    n = len(r)
    values = [float(v) for v in r.values]
    heading = title if title is not None else f"XmR chart: {r.variation_icon.replace('_', ' ')}" + (
        f", assurance {r.assurance_icon}" if r.assurance_icon else "")
    left, right, top, bottom = 48.0, 12.0, 28.0, 24.0
    finite = [v for v in values if math.isfinite(v)]
    for arr in (r.upl, r.lpl, r.mean):
        finite += [float(v) for v in arr if math.isfinite(float(v))]
    if r.target is not None and math.isfinite(r.target):
        finite.append(r.target)
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    pad = (hi - lo) * 0.05
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n if n else 0.0)

    def y(v: float) -> float:
        return top + plot_h * (hi - v) / (hi - lo)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(heading)}" '
        'font-family="Arial, Helvetica, sans-serif" font-size="11">',
        f"<title>{esc(heading)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left:.1f}" y="16" font-size="13" fill="#231f20">{esc(heading)}</text>',
        f'<line x1="{left:.1f}" y1="{top:.1f}" x2="{left:.1f}" y2="{top + plot_h:.1f}" stroke="#d8dde0"/>',
        f'<line x1="{left:.1f}" y1="{top + plot_h:.1f}" x2="{left + plot_w:.1f}" y2="{top + plot_h:.1f}" stroke="#d8dde0"/>',
    ]
    for v in (lo + pad, (lo + hi) / 2, hi - pad):
        tick = esc(format(v, ".4g"))
        out.append(f'<text x="{left - 4:.1f}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#425563">{tick}</text>')
    # Per segment: the mean solid, the limits dashed.
    segments = [int(s) for s in r.segment]
    start = 0
    while start < n:
        end = start
        while end + 1 < n and segments[end + 1] == segments[start]:
            end += 1
        for arr, dash, colour in ((r.mean, "", "#231f20"), (r.upl, ' stroke-dasharray="5 3"', "#425563"),
                                  (r.lpl, ' stroke-dasharray="5 3"', "#425563")):
            pts = [(x(i), float(arr[i])) for i in range(start, end + 1) if math.isfinite(float(arr[i]))]
            if pts:
                path = " ".join(f"{px:.1f},{y(v):.1f}" for px, v in pts)
                if len(pts) == 1:
                    path += f" {pts[0][0] + 1:.1f},{y(pts[0][1]):.1f}"
                out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1"{dash}/>')
        start = end + 1
    if r.target is not None and math.isfinite(r.target):
        out.append(f'<line x1="{left:.1f}" y1="{y(r.target):.1f}" x2="{left + plot_w:.1f}" y2="{y(r.target):.1f}" '
                   'stroke="#DA291C" stroke-width="1" stroke-dasharray="2 2"/>')
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values) if math.isfinite(v))
    if line:
        out.append(f'<polyline points="{line}" fill="none" stroke="#768692" stroke-width="1.5"/>')
    for i, v in enumerate(values):
        if not math.isfinite(v):
            continue
        kind = r.point_type[i]
        colour = _SVG_COLOURS.get(kind, "#768692")
        label = esc("point {}: {:g} ({})".format(i + 1, v, kind.replace("_", " ")))
        out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}" stroke="#ffffff" '
                   f'stroke-width="0.8"><title>{label}</title></circle>')
    out.append("</svg>")
    return "".join(out)
