"""Public-health statistics on numpy arrays, matching PHEindicatormethods 2.1.0 and the
Fingertips technical guidance (the formulas and references are in ``outcomes_core::stats``).

Array-likes in (lists, numpy, pandas or polars columns), float64 numpy arrays out. A float64
numpy array is read in place (a strided one is copied once) and the GIL is released while the
Rust kernel runs. NaN in a row gives NaN in that row; values no method can accept (``x > n``,
``n <= 0``, ...) raise ``outcomes.MethodError`` whose ``.path`` names the first bad row
(``x[3]``); bad options raise ``outcomes.InvalidArgumentError``. ``confidence`` is a fraction
in [0.9, 1) or a percentage in [90, 100).

Grouped functions (``groups=``, any array of labels or a categorical) return one row per
group in order of first appearance; ``.groups`` on the result lists the keys in that order
(None without ``groups=``, where there is one row).

>>> import outcomes.stats as st
>>> r = st.proportion([65, 0], [100, 10])
>>> r.value
array([0.65, 0.  ])
>>> round(float(r.lower[0]), 6), float(r.lower[1])
(0.552544, 0.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from outcomes import _outcomes as _ext
from outcomes._convert import CodeArray, FloatArray, f64, opt_f64, opt_groups

__all__ = [
    "Inequality",
    "Interval",
    "Limits",
    "compare",
    "dsr",
    "funnel_limits",
    "isr",
    "isratio",
    "life_expectancy",
    "mean",
    "proportion",
    "quantiles",
    "rate",
    "recent_trend",
    "sii",
]


class _IntervalFields(NamedTuple):
    value: FloatArray
    lower: FloatArray
    upper: FloatArray


class Interval(_IntervalFields):
    """A point estimate with confidence limits: three float64 arrays, one row per input row
    (``proportion``, ``rate``) or per group (the grouped functions).

    A named tuple, so ``value, lower, upper = result`` works. ``groups`` is the list of group
    keys in row order (None when the call had no ``groups=``); ``notes`` lists
    ``(row, message)`` for rows that were suppressed or need a caution (e.g. a DSR whose
    total count is below 10), with PHEindicatormethods' wording.

    >>> import outcomes.stats as st
    >>> r = st.mean([1.0, 2.0, 3.0, 10.0, 20.0], groups=["a", "a", "a", "b", "b"])
    >>> r.groups, r.value.tolist()
    (['a', 'b'], [2.0, 15.0])
    >>> value, lower, upper = r
    """

    groups: list[Any] | None = None
    notes: list[tuple[int, str]] = []  # noqa: RUF012 - replaced per instance, never mutated

    def __new__(
        cls,
        value: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
        *,
        groups: list[Any] | None = None,
        notes: Sequence[tuple[int, str]] = (),
    ) -> Interval:
        self = super().__new__(cls, value, lower, upper)
        self.groups = groups
        self.notes = list(notes)
        return self


class _InequalityFields(NamedTuple):
    sii: FloatArray
    sii_lower: FloatArray
    sii_upper: FloatArray
    rii: FloatArray
    rii_lower: FloatArray
    rii_upper: FloatArray


class Inequality(_InequalityFields):
    """Slope and relative index of inequality with simulated limits: six float64 arrays, one
    row per group (one row without ``groups=``). ``groups`` lists the keys (or None);
    ``warnings`` has each row's warnings (a list of texts per row).

    >>> import outcomes.stats as st
    >>> r = st.sii([620.0, 540.0, 470.0, 410.0, 360.0], [220e3, 210e3, 200e3, 190e3, 180e3],
    ...            se=[10.0] * 5, repetitions=0)
    >>> round(float(r.sii[0]), 2), round(float(r.rii[0]), 4)
    (-326.77, 0.4972)
    """

    groups: list[Any] | None = None
    warnings: list[list[str]] = []  # noqa: RUF012 - replaced per instance, never mutated

    def __new__(
        cls,
        sii: FloatArray,
        sii_lower: FloatArray,
        sii_upper: FloatArray,
        rii: FloatArray,
        rii_lower: FloatArray,
        rii_upper: FloatArray,
        *,
        groups: list[Any] | None = None,
        warnings: Sequence[Sequence[str]] = (),
    ) -> Inequality:
        self = super().__new__(cls, sii, sii_lower, sii_upper, rii, rii_lower, rii_upper)
        self.groups = groups
        self.warnings = [list(w) for w in warnings]
        return self


class Limits(NamedTuple):
    """Lower and upper funnel control limits at each denominator (float64 arrays).

    >>> import outcomes.stats as st
    >>> lo, hi = st.funnel_limits(0.806424478571495, [89294])
    >>> f"{lo[0]:.6f} {hi[0]:.6f}"
    '80.383302 80.901594'
    """

    lower: FloatArray
    upper: FloatArray


def _grouped(
    out: tuple[FloatArray, FloatArray, FloatArray, list[tuple[int, str]]], keys: list[Any] | None
) -> Interval:
    value, lower, upper, notes = out
    return Interval(value, lower, upper, groups=keys, notes=notes)


def proportion(x: Any, n: Any, *, confidence: float = 0.95, multiplier: float = 1.0) -> Interval:
    """Proportions ``x / n`` (times ``multiplier``) with Wilson score limits, row by row.

    ``x = 0`` gives lower 0 and ``x = n`` gives upper ``multiplier``; ``x > n``, ``x < 0`` and
    ``n <= 0`` raise ``MethodError`` naming the first bad row. (Wilson 1927;
    PHEindicatormethods ``phe_proportion``.)

    >>> import outcomes.stats as st
    >>> r = st.proportion([65], [100], multiplier=100)
    >>> [round(float(v[0]), 4) for v in r]
    [65.0, 55.2544, 73.6358]
    """
    xa, na = f64(x, "x"), f64(n, "n")
    return Interval(*_ext.stats_proportion(xa, na, confidence, multiplier))


def rate(x: Any, n: Any, *, confidence: float = 0.95, multiplier: float = 100000.0) -> Interval:
    """Crude rates ``x / n * multiplier`` with exact Poisson limits for ``x < 10`` and Byar's
    limits otherwise, row by row; ``x = 0`` gives lower 0. (PHEindicatormethods
    ``phe_rate``.)

    >>> import outcomes.stats as st
    >>> r = st.rate([65], [100], multiplier=100)
    >>> [round(float(v[0]), 4) for v in r]
    [65.0, 50.1632, 82.8491]
    """
    xa, na = f64(x, "x"), f64(n, "n")
    return Interval(*_ext.stats_rate(xa, na, confidence, multiplier))


def dsr(
    x: Any,
    n: Any,
    standard_population: Any,
    *,
    event_frequency: Any = None,
    age_band: Any = None,
    groups: Any = None,
    confidence: float = 0.95,
    multiplier: float = 100000.0,
) -> Interval:
    """Directly standardised rates with Dobson limits (built on Byar's limits for the total
    count), one row per group. Rows are (group, age band) cells: count ``x``, population ``n``
    and ``standard_population`` (e.g. the ESP 2013). A group whose total count is below 10 is
    NaN with a note. With ``event_frequency`` (events per person of each row; ``x`` then
    counts people) and ``age_band`` (any code for the row's band), the variance is adjusted
    for non-independent events. (Dobson et al. 1991; PHEindicatormethods ``calculate_dsr``.)

    >>> import outcomes.stats as st
    >>> x = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4]
    >>> n = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288,
    ...      153, 123, 207]
    >>> esp = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000,
    ...        5500, 5000, 4000, 2500, 1500, 1000]
    >>> round(float(st.dsr(x, n, esp, multiplier=10000).value[0]), 6)
    110.321203
    """
    xa = f64(x, "x")
    codes, keys = opt_groups(groups, len(xa))
    band = None if age_band is None else opt_groups(age_band, len(xa))[0]
    out = _ext.stats_dsr(
        xa,
        f64(n, "n"),
        f64(standard_population, "standard_population"),
        opt_f64(event_frequency, "event_frequency"),
        band,
        codes,
        confidence,
        multiplier,
    )
    return _grouped(out, keys)


def isr(
    x: Any,
    n: Any,
    x_ref: Any,
    n_ref: Any,
    *,
    groups: Any = None,
    confidence: float = 0.95,
    multiplier: float = 100000.0,
) -> Interval:
    """Indirectly standardised rates, one row per group: observed / expected times the
    reference crude rate, with exact limits below 10 observed and Byar's above.
    (PHEindicatormethods ``calculate_ISRate``.)

    >>> import outcomes.stats as st
    >>> r = st.isr([10, 20], [1000, 2000], [100, 200], [10000, 20000])
    >>> round(float(r.value[0]), 1)
    1000.0
    """
    xa = f64(x, "x")
    codes, keys = opt_groups(groups, len(xa))
    out = _ext.stats_isr(xa, f64(n, "n"), f64(x_ref, "x_ref"), f64(n_ref, "n_ref"), codes, confidence, multiplier)
    return _grouped(out, keys)


def isratio(
    x: Any,
    n: Any,
    x_ref: Any,
    n_ref: Any,
    *,
    groups: Any = None,
    confidence: float = 0.95,
    refvalue: float = 1.0,
) -> Interval:
    """Indirectly standardised ratios (observed / expected, e.g. an SMR with ``refvalue=100``),
    one row per group, with exact limits below 10 observed and Byar's above.
    (PHEindicatormethods ``calculate_ISRatio``.)

    >>> import outcomes.stats as st
    >>> r = st.isratio([30], [1000], [200], [10000])
    >>> round(float(r.value[0]), 4)
    1.5
    """
    xa = f64(x, "x")
    codes, keys = opt_groups(groups, len(xa))
    out = _ext.stats_isratio(xa, f64(n, "n"), f64(x_ref, "x_ref"), f64(n_ref, "n_ref"), codes, confidence, refvalue)
    return _grouped(out, keys)


def mean(values: Any, *, groups: Any = None, confidence: float = 0.95) -> Interval:
    """Means with Student's t limits, one row per group. (PHEindicatormethods ``phe_mean``.)

    >>> import outcomes.stats as st
    >>> r = st.mean([20, 30, 40])
    >>> float(r.value[0]), round(float(r.lower[0]), 4)
    (30.0, 5.1586)
    """
    va = f64(values, "values")
    codes, keys = opt_groups(groups, len(va))
    return _grouped(_ext.stats_mean(va, codes, confidence), keys)


def life_expectancy(
    deaths: Any,
    population: Any,
    *,
    start_age: Any = None,
    le_age: float = 0,
    groups: Any = None,
    confidence: float = 0.95,
) -> Interval:
    """Period life expectancy at ``le_age`` (Chiang II life table, Silcocks' variance), one row
    per group, from deaths and populations in the 20 bands 0, 1-4, 5-9, ..., 85-89, 90+. With
    ``start_age`` each row names its band's start age; without it a group's rows are the 20
    bands in order. A group with unusable data is NaN with a note (PHEindicatormethods'
    wording). (Chiang 1984; Silcocks et al. 2001; PHEindicatormethods ``phe_life_expectancy``.)

    >>> import outcomes.stats as st
    >>> deaths = [17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872, 1390,
    ...           1605, 1936, 1937]
    >>> pops = [7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601, 50209,
    ...         56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936]
    >>> round(float(st.life_expectancy(deaths, pops).value[0]), 6)
    80.169608
    """
    da = f64(deaths, "deaths")
    codes, keys = opt_groups(groups, len(da))
    out = _ext.stats_life_expectancy(
        da, f64(population, "population"), opt_f64(start_age, "start_age"), codes, confidence, float(le_age)
    )
    return _grouped(out, keys)


def quantiles(values: Any, *, nquantiles: int = 10, invert: bool = True, groups: Any = None) -> CodeArray:
    """Deprivation quantiles (1..``nquantiles``) per row, within each group if ``groups=`` is
    given, as a ``uint32`` array in input order. With ``invert=True`` (the default) quantile 1
    holds the highest values. A NaN value, or every row of a group with fewer values than
    quantiles, gets 0 (PHEindicatormethods' NA). (PHE, *Assigning Deprivation Categories*;
    PHEindicatormethods ``phe_quantile``.)

    >>> import outcomes.stats as st
    >>> st.quantiles([10, 20, 30, 40, 50, float("nan"), 70, 80, 90, 100, 110], nquantiles=5).tolist()
    [5, 5, 4, 4, 3, 0, 3, 2, 2, 1, 1]
    """
    va = f64(values, "values")
    codes, _ = opt_groups(groups, len(va))
    q, _warning = _ext.stats_quantiles(va, codes, int(nquantiles), bool(invert))
    return q


def sii(
    values: Any,
    population: Any,
    *,
    quantile: Any = None,
    lower: Any = None,
    upper: Any = None,
    se: Any = None,
    value_type: int = 0,
    transform: bool = False,
    multiplier: float = 1.0,
    confidence: float = 0.95,
    repetitions: int = 100000,
    seed: int | None = None,
    groups: Any = None,
) -> Inequality:
    """Slope (SII) and relative (RII) index of inequality by weighted least squares on the
    cumulative-midpoint ranks of the quantiles, with limits by seeded simulation, one row per
    group. Give ``lower`` and ``upper`` (95% limits) or ``se``; ``value_type`` 0 (other), 1
    (rate) or 2 (proportion); ``transform`` regresses on the log or logit scale.
    ``repetitions=0`` gives point estimates only (NaN limits). ``seed=None`` uses the fixed
    default seed 1, so results are reproducible. (Low and Low 2004; PHEindicatormethods
    ``phe_sii``.)

    >>> import outcomes.stats as st
    >>> r = st.sii([1, 2, 3, 4, 5, 10, 8, 6, 4, 2], [1] * 10, se=[0.1] * 10,
    ...            groups=[1] * 5 + [2] * 5, repetitions=0)
    >>> r.groups, [round(float(v), 6) for v in r.sii]
    ([1, 2], [5.0, -10.0])
    """
    va = f64(values, "values")
    codes, keys = opt_groups(groups, len(va))
    columns, warnings = _ext.stats_sii(
        va,
        f64(population, "population"),
        opt_f64(quantile, "quantile"),
        opt_f64(lower, "lower"),
        opt_f64(upper, "upper"),
        opt_f64(se, "se"),
        codes,
        int(value_type),
        bool(transform),
        multiplier,
        confidence,
        int(repetitions),
        1 if seed is None else int(seed),
    )
    return Inequality(*columns, groups=keys, warnings=warnings)


def funnel_limits(
    average: float,
    denominators: Any,
    *,
    kind: str = "proportion",
    multiplier: float = 100.0,
    confidence: float = 0.95,
) -> Limits:
    """Funnel plot control limits at each denominator for one confidence level (usually 0.95
    and 0.998). ``kind``: ``"proportion"`` (``average`` in [0, 1], limits times
    ``multiplier``), ``"ratio"`` (denominators are expected counts) or ``"rate"``
    (``average`` per ``multiplier``). (Spiegelhalter 2005; PHEindicatormethods
    ``calculate_funnel_limits``.)

    >>> import outcomes.stats as st
    >>> lo, hi = st.funnel_limits(0.5, [100, 400], confidence=0.998)
    >>> [round(float(v), 2) for v in lo]
    [34.55, 42.27]
    """
    lower, upper = _ext.stats_funnel_limits(
        float(average), f64(denominators, "denominators"), kind, confidence, multiplier
    )
    return Limits(lower, upper)


def compare(
    value: Any,
    lower: Any,
    upper: Any,
    comparator: Any,
    *,
    polarity: str,
    method: int = 1,
    comparator_lower: Any = None,
    comparator_upper: Any = None,
    lower_998: Any = None,
    upper_998: Any = None,
    n: Any = None,
    confidence: float = 0.95,
    multiplier: float = 1.0,
) -> list[str]:
    """Compares each row with a comparator (one value, or one per row) by a Fingertips method:
    1 (the comparator inside the row's interval is similar), 12 (overlapping intervals; needs
    ``comparator_lower``/``comparator_upper``), 17 (95% and 99.8% levels; needs ``lower_998``
    /``upper_998``), 5 (SPC limits for proportions) or 6 (for rates; 5 and 6 need the
    denominators ``n``; ``lower``/``upper`` may be None). ``polarity``: ``"higher_is_better"``,
    ``"lower_is_better"``, ``"no_judgement"`` or ``"not_applicable"``. Returns Fingertips'
    labels (Better, Similar, Worse, Best, Worst, Higher, Lower, Not compared); a NaN in a row
    gives "Not compared".

    >>> import outcomes.stats as st
    >>> st.compare([4.298, 3.115, 2.212], [3.95, 2.555, 1.946], [4.674, 3.793, 2.512], 2.901,
    ...            polarity="lower_is_better")
    ['Worse', 'Similar', 'Better']
    """
    return _ext.stats_compare(
        f64(value, "value"),
        opt_f64(lower, "lower"),
        opt_f64(upper, "upper"),
        f64(comparator, "comparator"),
        polarity,
        int(method),
        opt_f64(comparator_lower, "comparator_lower"),
        opt_f64(comparator_upper, "comparator_upper"),
        opt_f64(lower_998, "lower_998"),
        opt_f64(upper_998, "upper_998"),
        opt_f64(n, "n"),
        confidence,
        multiplier,
    )


def recent_trend(
    values: Any = None,
    lower: Any = None,
    upper: Any = None,
    *,
    x: Any = None,
    n: Any = None,
    polarity: str,
    groups: Any = None,
) -> list[str]:
    """The Fingertips recent trend over the last five points (oldest first) of each group (one
    label without ``groups=``): the chi-squared test for trend on counts ``x`` out of ``n``, or
    a weighted regression on ``values`` with 95% limits ``lower``/``upper``; significant when
    the statistic exceeds 9.5495 and every leave-one-out slope has the same sign. With
    ``groups=`` the labels are in the groups' order of first appearance. Labels as in
    Fingertips ("Decreasing and getting better", "No significant change", "Cannot be
    calculated", ...).

    >>> import outcomes.stats as st
    >>> st.recent_trend(x=[1500, 1450, 1400, 1340, 1300],
    ...                 n=[10000, 10100, 10200, 10250, 10300], polarity="lower_is_better")
    ['Decreasing and getting better']
    """
    first = values if values is not None else x
    length = 0 if first is None else len(f64(first, "values" if values is not None else "x"))
    codes, _ = opt_groups(groups, length)
    return _ext.stats_recent_trend(
        opt_f64(values, "values"),
        opt_f64(lower, "lower"),
        opt_f64(upper, "upper"),
        opt_f64(x, "x"),
        opt_f64(n, "n"),
        polarity,
        codes,
    )
