//! The Fingertips recent trend: is there a significant trend over the five most recent points?
//!
//! Proportions (counts `x` out of `n`) use the chi-squared test for trend; other values use a
//! regression weighted by the inverse variance implied by their 95% confidence intervals.
//! A trend is significant when the statistic exceeds 9.5495 (the 99.8% point of chi-squared
//! with 1 degree of freedom) *and* the slope keeps its sign when any one point is left out.
//!
//! # References
//!
//! - Public Health England. *Fingertips technical guidance: recent trends* ("how recent trends
//!   are calculated"): five most recent points, chi-squared test for trend, 99.8% level.
//! - Fingertips (`ukhsa-collaboration/fingertips-open`), `TrendMarkerCalculator`.
//! - Armitage, P., Berry, G. & Matthews, J. N. S. (2002). *Statistical Methods in Medical
//!   Research*, 4th ed., section 15.2 (chi-squared test for trend in proportions).

use std::hash::Hash;

use crate::Error;
use crate::stats::compare::Polarity;

/// Points the test uses: the five most recent.
pub const TREND_POINTS: usize = 5;

/// The significance threshold: `χ²₁` at 99.8%, `Φ⁻¹(0.999)² = 3.0902323061678132² =
/// 9.549535706083...` (Fingertips' `ChiSquareConfidence`).
pub const TREND_THRESHOLD: f64 = 9.549_535_706_083_24;

/// Divisor turning a 95% interval's width into a standard error, as Fingertips writes it
/// (`2 × 1.96`).
pub const CI_WIDTH_TO_SE: f64 = 3.92;

/// The recent-trend verdict, in Fingertips' words ([`Trend::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Significant increase, higher is better.
    IncreasingAndGettingBetter,
    /// Significant increase, lower is better.
    IncreasingAndGettingWorse,
    /// Significant decrease, lower is better.
    DecreasingAndGettingBetter,
    /// Significant decrease, higher is better.
    DecreasingAndGettingWorse,
    /// Significant increase, no judgement.
    Increasing,
    /// Significant decrease, no judgement.
    Decreasing,
    /// No significant change.
    NoSignificantChange,
    /// Not enough valid points, or the test cannot be computed (the result says why).
    CannotBeCalculated,
}

impl Trend {
    /// The Fingertips wording of the "Recent Trend" column.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Trend::IncreasingAndGettingBetter => "Increasing and getting better",
            Trend::IncreasingAndGettingWorse => "Increasing and getting worse",
            Trend::DecreasingAndGettingBetter => "Decreasing and getting better",
            Trend::DecreasingAndGettingWorse => "Decreasing and getting worse",
            Trend::Increasing => "Increasing",
            Trend::Decreasing => "Decreasing",
            Trend::NoSignificantChange => "No significant change",
            Trend::CannotBeCalculated => "Cannot be calculated",
        }
    }

    fn significant(increasing: bool, polarity: Polarity) -> Trend {
        match (increasing, polarity) {
            (true, Polarity::HigherIsBetter) => Trend::IncreasingAndGettingBetter,
            (true, Polarity::LowerIsBetter) => Trend::IncreasingAndGettingWorse,
            (false, Polarity::HigherIsBetter) => Trend::DecreasingAndGettingWorse,
            (false, Polarity::LowerIsBetter) => Trend::DecreasingAndGettingBetter,
            (true, _) => Trend::Increasing,
            (false, _) => Trend::Decreasing,
        }
    }
}

/// Which test produced the statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendTest {
    /// Chi-squared test for trend in proportions; slope of `logit(x/n)` per period.
    ChiSquaredForTrend,
    /// Inverse-variance weighted regression of the value on time; slope in value units.
    WeightedRegression,
}

/// The series [`recent_trend`] reads, oldest point first, one point per period (Fingertips
/// uses annual, single-year periods).
#[derive(Debug, Clone, Copy)]
pub enum TrendInput<'a> {
    /// Counts out of denominators: the chi-squared test for trend.
    Proportions {
        /// Numerators (events).
        x: &'a [f64],
        /// Denominators.
        n: &'a [f64],
    },
    /// Values with 95% confidence limits: the weighted regression.
    Values {
        /// The values.
        value: &'a [f64],
        /// Lower 95% limits.
        lower: &'a [f64],
        /// Upper 95% limits.
        upper: &'a [f64],
    },
}

impl TrendInput<'_> {
    fn len(&self) -> usize {
        match self {
            TrendInput::Proportions { x, .. } => x.len(),
            TrendInput::Values { value, .. } => value.len(),
        }
    }

    fn columns(&self) -> Vec<(&'static str, &[f64])> {
        match *self {
            TrendInput::Proportions { x, n } => vec![("x", x), ("n", n)],
            TrendInput::Values {
                value,
                lower,
                upper,
            } => vec![("value", value), ("lower", lower), ("upper", upper)],
        }
    }
}

/// The verdict of [`recent_trend`] with the figures it used.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RecentTrend {
    /// The verdict.
    pub trend: Trend,
    /// Why the trend cannot be calculated (only for [`Trend::CannotBeCalculated`]).
    pub reason: Option<String>,
    /// The test used.
    pub test: TrendTest,
    /// Index (in the input) of the first of the points used; `None` when not calculated.
    pub first_point: Option<usize>,
    /// The test statistic (chi-squared for trend, or `(slope / SE(slope))²`); NaN when not
    /// calculated.
    pub statistic: f64,
    /// Slope over the five points, per period (of the logit for proportions); NaN when not
    /// calculated.
    pub slope: f64,
    /// Slopes with each of the five points left out in turn (oldest first); empty when not
    /// calculated.
    pub leave_one_out: Vec<f64>,
    /// Whether the slope and every leave-one-out slope have the same sign (negative, or not
    /// negative).
    pub consistent_sign: bool,
    /// Whether the trend is significant: statistic > [`TREND_THRESHOLD`] and a consistent sign.
    pub significant: bool,
}

impl RecentTrend {
    fn cannot(test: TrendTest, reason: impl Into<String>) -> RecentTrend {
        RecentTrend {
            trend: Trend::CannotBeCalculated,
            reason: Some(reason.into()),
            test,
            first_point: None,
            statistic: f64::NAN,
            slope: f64::NAN,
            leave_one_out: Vec::new(),
            consistent_sign: false,
            significant: false,
        }
    }
}

/// The Fingertips recent trend of one series (oldest point first).
///
/// # Formula
///
/// Take the unbroken run of valid points at the end of the series (a point with any NaN
/// breaks it); with fewer than 5 the trend cannot be calculated. On the last five, with
/// `t = 1..5`:
///
/// - **Proportions**: with `N = Σn`, `X = Σx`,
///   `χ² = N (N Σxt − X Σnt)² / (X (N − X)(N Σnt² − (Σnt)²))`; the slope is the least-squares
///   slope of `ln(x / (n − x))` on `t`.
/// - **Values**: with `SE = (upper − lower) / 3.92` and weights `w = 1/SE²`, the weighted
///   least-squares slope `b = (Σw Σwyt − Σwt Σwy) / (Σw Σwt² − (Σwt)²)`, its variance
///   `Σw / (Σw Σwt² − (Σwt)²)`, and the statistic `b² / var(b)`.
///
/// The slope is refitted leaving out each point in turn; the trend is significant when the
/// statistic exceeds [`TREND_THRESHOLD`] and all six slopes have the same sign (a slope of 0
/// counts as positive). Then the sign of the slope and the polarity give the label.
///
/// A proportion with `x = n` or `x = 0` (the logit is infinite) or a value with `lower =
/// upper` (zero standard error) cannot be calculated, with the reason given.
///
/// # Errors
///
/// [`Error::InvalidArgument`] naming the column when columns differ in length;
/// [`Error::Method`] naming the first bad row (with the count of bad rows): `x < 0`, `n <= 0`,
/// `x > n`, `lower > upper`, an infinite value or limit. (A value outside its own limits is
/// accepted: only the interval's width enters the test.)
///
/// # References
///
/// Fingertips technical guidance, recent trends; `TrendMarkerCalculator` in Fingertips.
///
/// # Examples
///
/// Worked case A (proportions, low is good):
///
/// ```
/// use outcomes_core::stats::compare::Polarity;
/// use outcomes_core::stats::trend::{recent_trend, Trend, TrendInput};
/// let x = [1500.0, 1450.0, 1400.0, 1340.0, 1300.0];
/// let n = [10000.0, 10100.0, 10200.0, 10250.0, 10300.0];
/// let r = recent_trend(&TrendInput::Proportions { x: &x, n: &n }, Polarity::LowerIsBetter)?;
/// assert_eq!(format!("{:.3} {:.5}", r.statistic, r.slope), "31.222 -0.05090");
/// assert!(r.leave_one_out.iter().all(|s| *s < 0.0));
/// assert_eq!(r.trend, Trend::DecreasingAndGettingBetter);
/// assert_eq!(r.trend.label(), "Decreasing and getting better");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn recent_trend(input: &TrendInput<'_>, polarity: Polarity) -> Result<RecentTrend, Error> {
    let n = input.len();
    for (name, col) in input.columns() {
        if col.len() != n {
            return Err(Error::invalid_argument(
                name,
                format!(
                    "{name} has {} points but the series has {n}: give one per period",
                    col.len()
                ),
            ));
        }
    }
    check_rows(input)?;
    let rows: Vec<usize> = (0..n).collect();
    Ok(trend_rows(input, polarity, &rows))
}

/// [`recent_trend`] for each group of a key column: one result per group, groups in order of
/// first appearance, each group's rows in input order (oldest first).
///
/// # Errors
///
/// As [`recent_trend`], plus [`Error::InvalidArgument`] (`groups`) for a length mismatch.
///
/// ```
/// use outcomes_core::stats::compare::Polarity;
/// use outcomes_core::stats::trend::{recent_trend_grouped, Trend, TrendInput};
/// let v = [1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.1, 4.9, 5.0, 5.05];
/// let lo: Vec<f64> = v.iter().map(|x| x - 0.1).collect();
/// let hi: Vec<f64> = v.iter().map(|x| x + 0.1).collect();
/// let g = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
/// let input = TrendInput::Values { value: &v, lower: &lo, upper: &hi };
/// let out = recent_trend_grouped(&input, &g, Polarity::NoJudgement)?;
/// assert_eq!(out[0].1.trend, Trend::Increasing);
/// assert_eq!(out[1].1.trend, Trend::NoSignificantChange);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn recent_trend_grouped<K: Eq + Hash + Clone>(
    input: &TrendInput<'_>,
    groups: &[K],
    polarity: Polarity,
) -> Result<Vec<(K, RecentTrend)>, Error> {
    let n = input.len();
    if groups.len() != n {
        return Err(Error::invalid_argument(
            "groups",
            format!(
                "groups has {} rows but the series has {n}: give one group key per point",
                groups.len()
            ),
        ));
    }
    for (name, col) in input.columns() {
        if col.len() != n {
            return Err(Error::invalid_argument(
                name,
                format!("{name} has {} rows but there are {n}", col.len()),
            ));
        }
    }
    check_rows(input)?;
    Ok(crate::stats::quantiles::group_rows(groups)
        .into_iter()
        .map(|rows| (groups[rows[0]].clone(), trend_rows(input, polarity, &rows)))
        .collect())
}

/// Rows no trend test can take: first bad row, with the count.
fn check_rows(input: &TrendInput<'_>) -> Result<(), Error> {
    let n = input.len();
    let problem = |i: usize| -> Option<(String, String)> {
        match *input {
            TrendInput::Proportions { x, n } => {
                let (xi, ni) = (x[i], n[i]);
                if xi < 0.0 || xi.is_infinite() {
                    Some((
                        format!("x[{i}]"),
                        format!("x[{i}] = {xi}: counts must be >= 0"),
                    ))
                } else if ni <= 0.0 || ni.is_infinite() {
                    Some((
                        format!("n[{i}]"),
                        format!("n[{i}] = {ni}: denominators must be greater than 0"),
                    ))
                } else if xi > ni {
                    Some((
                        format!("x[{i}]"),
                        format!(
                            "x[{i}] = {xi} is greater than n[{i}] = {ni}: a proportion needs \
                             numerator <= denominator"
                        ),
                    ))
                } else {
                    None
                }
            }
            TrendInput::Values {
                value,
                lower,
                upper,
            } => {
                let (v, l, u) = (value[i], lower[i], upper[i]);
                if l > u {
                    Some((
                        format!("lower[{i}]"),
                        format!("lower[{i}] = {l} is greater than upper[{i}] = {u}"),
                    ))
                } else if [v, l, u].iter().any(|x| x.is_infinite()) {
                    Some((
                        format!("value[{i}]"),
                        format!("point {i} has an infinite value or limit"),
                    ))
                } else {
                    None
                }
            }
        }
    };
    let mut first = None;
    let mut count = 0;
    for i in 0..n {
        if let Some(p) = problem(i) {
            count += 1;
            first.get_or_insert(p);
        }
    }
    match first {
        None => Ok(()),
        Some((path, msg)) => Err(Error::method(
            path,
            format!("{msg} ({count} point(s) like this)"),
        )),
    }
}

fn trend_rows(input: &TrendInput<'_>, polarity: Polarity, rows: &[usize]) -> RecentTrend {
    let test = match input {
        TrendInput::Proportions { .. } => TrendTest::ChiSquaredForTrend,
        TrendInput::Values { .. } => TrendTest::WeightedRegression,
    };
    let valid = |i: usize| input.columns().iter().all(|(_, c)| !c[i].is_nan());
    // The unbroken run of valid points at the end of the series.
    let run = rows.iter().rev().take_while(|&&i| valid(i)).count();
    if rows.len() < TREND_POINTS {
        return RecentTrend::cannot(
            test,
            format!(
                "Not enough data points to calculate recent trend ({} of {TREND_POINTS})",
                rows.len()
            ),
        );
    }
    if run < TREND_POINTS {
        return RecentTrend::cannot(
            test,
            format!(
                "Not enough data points with valid values to calculate recent trend (the \
                 latest {run} are valid; {TREND_POINTS} are needed)"
            ),
        );
    }
    let used = &rows[rows.len() - TREND_POINTS..];
    let (statistic, slopes) = match *input {
        TrendInput::Proportions { x, n } => {
            if let Some(&i) = used.iter().find(|&&i| x[i] == n[i] || x[i] == 0.0) {
                return RecentTrend::cannot(
                    test,
                    format!(
                        "The recent trend cannot be calculated: point {i} has x = {} of n = {}, \
                         whose log-odds is infinite",
                        x[i], n[i]
                    ),
                );
            }
            proportion_trend(x, n, used)
        }
        TrendInput::Values {
            value,
            lower,
            upper,
        } => {
            if let Some(&i) = used.iter().find(|&&i| lower[i] == upper[i]) {
                return RecentTrend::cannot(
                    test,
                    format!(
                        "The recent trend cannot be calculated: point {i} has lower = upper, \
                         a standard error of 0"
                    ),
                );
            }
            weighted_trend(value, lower, upper, used)
        }
    };
    let slope = slopes[0];
    let leave_one_out = slopes[1..].to_vec();
    let negative = slope < 0.0;
    let consistent_sign = slopes.iter().all(|s| (*s < 0.0) == negative);
    let significant = consistent_sign && statistic > TREND_THRESHOLD;
    RecentTrend {
        trend: if significant {
            Trend::significant(slope > 0.0, polarity)
        } else {
            Trend::NoSignificantChange
        },
        reason: None,
        test,
        first_point: Some(used[0]),
        statistic,
        slope,
        leave_one_out,
        consistent_sign,
        significant,
    }
}

/// Chi-squared for trend and the logit slopes (all five, then each point left out).
fn proportion_trend(x: &[f64], n: &[f64], used: &[usize]) -> (f64, [f64; 6]) {
    let (mut nn, mut xx, mut sxt, mut snt, mut snt2) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut logit = [0.0; TREND_POINTS];
    for (k, &i) in used.iter().enumerate() {
        let t = (k + 1) as f64;
        nn += n[i];
        xx += x[i];
        sxt += x[i] * t;
        snt += n[i] * t;
        snt2 += n[i] * t * t;
        logit[k] = (x[i] / (n[i] - x[i])).ln();
    }
    let num = nn * (nn * sxt - xx * snt).powi(2);
    let den = xx * (nn - xx) * (nn * snt2 - snt * snt);
    let chi2 = num / den;
    let slopes = slopes_with_leave_one_out(|skip| {
        let (mut m, mut st, mut sy, mut sty, mut stt) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (k, y) in logit.iter().enumerate() {
            if Some(k) == skip {
                continue;
            }
            let t = (k + 1) as f64;
            m += 1.0;
            st += t;
            sy += y;
            sty += t * y;
            stt += t * t;
        }
        ((m * sty - st * sy) / (m * stt - st * st), 0.0)
    });
    (chi2, slopes.map(|s| s.0))
}

/// Weighted-regression statistic and slopes (all five, then each point left out).
fn weighted_trend(value: &[f64], lower: &[f64], upper: &[f64], used: &[usize]) -> (f64, [f64; 6]) {
    let fits = slopes_with_leave_one_out(|skip| {
        let (mut sw, mut swyt, mut swt, mut swy, mut swtt) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (k, &i) in used.iter().enumerate() {
            if Some(k) == skip {
                continue;
            }
            let t = (k + 1) as f64;
            let se = (upper[i] - lower[i]) / CI_WIDTH_TO_SE;
            let w = 1.0 / (se * se);
            sw += w;
            swyt += w * value[i] * t;
            swt += w * t;
            swy += w * value[i];
            swtt += w * t * t;
        }
        let det = sw * swtt - swt * swt;
        let slope = (sw * swyt - swt * swy) / det;
        (slope, slope * slope / (sw / det))
    });
    (fits[0].1, fits.map(|f| f.0))
}

/// `fit(None)` then `fit(Some(k))` for each left-out point k.
fn slopes_with_leave_one_out(fit: impl Fn(Option<usize>) -> (f64, f64)) -> [(f64, f64); 6] {
    let mut out = [(0.0, 0.0); TREND_POINTS + 1];
    out[0] = fit(None);
    for k in 0..TREND_POINTS {
        out[k + 1] = fit(Some(k));
    }
    out
}
