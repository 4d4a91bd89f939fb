//! Comparison with a comparator (e.g. England) and with a goal, as Fingertips does it.
//!
//! Each method decides whether an area's value is significantly above or below a comparator;
//! the indicator's [`Polarity`] then turns "above" into better, worse or higher. The Fingertips
//! method numbers are kept: 1 (comparator inside the area's interval), 12 (interval overlap),
//! 17 (two confidence levels), 5 (SPC limits for proportions) and 6 (SPC limits for rates such
//! as DSRs). [`compare_to_goal`] is the "Compared to goal" column (single value or range bands).
//!
//! # References
//!
//! - Public Health England. *Fingertips technical guidance: comparators briefing (technical)*
//!   and *Technical Guide: RAG rating indicator values* (2017).
//! - Fingertips (`ukhsa-collaboration/fingertips-open`), comparator methods 1, 5, 6, 12 and 17.
//! - Flowers, J. (2007). *APHO Technical Briefing 2: Statistical process control methods in
//!   public health intelligence*.

use crate::Error;
use crate::stats::dist::{chi_squared_quantile, normalise_confidence, z_for_confidence};

/// Which direction is good for an indicator: the framework's [`Polarity`], one type for the
/// model and the statistics ("RAG - High is good" is `higher_is_better`, "RAG - Low is good"
/// `lower_is_better`; `no_judgement` labels higher / similar / lower, "BOB";
/// `not_applicable` compares nothing).
pub use crate::model::Polarity;

/// The outcome of a comparison, in Fingertips' words ([`Comparison::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Significantly better than the comparator.
    Better,
    /// Not significantly different.
    Similar,
    /// Significantly worse.
    Worse,
    /// Method 17: better at the 99.8% level (better alone means at 95% but not 99.8%).
    Best,
    /// Method 17: worse at the 99.8% level.
    Worst,
    /// Significantly higher, for an indicator without a judgement.
    Higher,
    /// Significantly lower, for an indicator without a judgement.
    Lower,
    /// Not compared: an input is missing, or the polarity is not applicable.
    NotCompared,
}

impl Comparison {
    /// The Fingertips wording, as in the export column "Compared to England value or
    /// percentiles".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Comparison::Better => "Better",
            Comparison::Similar => "Similar",
            Comparison::Worse => "Worse",
            Comparison::Best => "Best",
            Comparison::Worst => "Worst",
            Comparison::Higher => "Higher",
            Comparison::Lower => "Lower",
            Comparison::NotCompared => "Not compared",
        }
    }

    /// The comparison a Fingertips label names (case-insensitive), if any.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Comparison> {
        [
            Comparison::Better,
            Comparison::Similar,
            Comparison::Worse,
            Comparison::Best,
            Comparison::Worst,
            Comparison::Higher,
            Comparison::Lower,
            Comparison::NotCompared,
        ]
        .into_iter()
        .find(|c| c.label().eq_ignore_ascii_case(label.trim()))
    }
}

/// Where the area lies relative to the comparator, before polarity.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Above,
    Same,
    Below,
}

/// Applies polarity to a side; `extreme` marks method 17's 99.8% level.
fn judge(side: Side, polarity: Polarity, extreme: bool) -> Comparison {
    match (polarity, side) {
        (Polarity::NotApplicable, _) => Comparison::NotCompared,
        (_, Side::Same) => Comparison::Similar,
        (Polarity::NoJudgement, Side::Above) => Comparison::Higher,
        (Polarity::NoJudgement, Side::Below) => Comparison::Lower,
        (Polarity::HigherIsBetter, Side::Above) | (Polarity::LowerIsBetter, Side::Below) => {
            if extreme {
                Comparison::Best
            } else {
                Comparison::Better
            }
        }
        (Polarity::HigherIsBetter, Side::Below) | (Polarity::LowerIsBetter, Side::Above) => {
            if extreme {
                Comparison::Worst
            } else {
                Comparison::Worse
            }
        }
    }
}

fn any_nan(xs: &[f64]) -> bool {
    xs.iter().any(|x| x.is_nan())
}

/// Fingertips method 1: is the comparator inside the area's confidence interval?
///
/// # Formula
///
/// Similar when `lower <= comparator <= upper`; otherwise the area is above the comparator
/// when `value > comparator` (else below), and the polarity names it: better / worse, or
/// higher / lower without a judgement. Any NaN input gives [`Comparison::NotCompared`].
///
/// # References
///
/// Fingertips comparator method 1, "single overlapping confidence intervals".
///
/// ```
/// use outcomes_core::stats::compare::{compare_ci, Comparison, Polarity};
/// // Birmingham low birth weight 4.298 (3.95-4.674) against England 2.901; low is good.
/// let c = compare_ci(4.298, 3.95, 4.674, 2.901, Polarity::LowerIsBetter);
/// assert_eq!(c, Comparison::Worse);
/// assert_eq!(c.label(), "Worse");
/// ```
#[must_use]
pub fn compare_ci(
    value: f64,
    lower: f64,
    upper: f64,
    comparator: f64,
    polarity: Polarity,
) -> Comparison {
    if any_nan(&[value, lower, upper, comparator]) {
        return Comparison::NotCompared;
    }
    let side = if comparator >= lower && comparator <= upper {
        Side::Same
    } else if value < comparator {
        Side::Below
    } else {
        Side::Above
    };
    judge(side, polarity, false)
}

/// Fingertips method 12: do the area's and the comparator's confidence intervals overlap?
///
/// # Formula
///
/// With the lower of the two values `a` and the higher `b`, the intervals overlap when
/// `lower_b <= upper_a`; overlap is similar, otherwise the area is above or below.
///
/// # References
///
/// Fingertips comparator method 12, "double overlapping confidence intervals".
///
/// ```
/// use outcomes_core::stats::compare::{compare_overlap, Comparison, Polarity};
/// let c = compare_overlap(10.0, 9.0, 11.0, 12.5, 11.2, 13.8, Polarity::HigherIsBetter);
/// assert_eq!(c, Comparison::Worse);
/// let c = compare_overlap(10.0, 9.0, 11.0, 12.0, 10.9, 13.1, Polarity::HigherIsBetter);
/// assert_eq!(c, Comparison::Similar);
/// ```
#[must_use]
pub fn compare_overlap(
    value: f64,
    lower: f64,
    upper: f64,
    comparator: f64,
    comparator_lower: f64,
    comparator_upper: f64,
    polarity: Polarity,
) -> Comparison {
    if any_nan(&[
        value,
        lower,
        upper,
        comparator,
        comparator_lower,
        comparator_upper,
    ]) {
        return Comparison::NotCompared;
    }
    let overlap = if comparator < value {
        lower <= comparator_upper
    } else {
        comparator_lower <= upper
    };
    let side = if overlap {
        Side::Same
    } else if value < comparator {
        Side::Below
    } else {
        Side::Above
    };
    judge(side, polarity, false)
}

/// Fingertips method 17: the comparator against the area's 95% and 99.8% intervals.
///
/// # Formula
///
/// Similar when the comparator is inside the 95% interval; better / worse when it is outside
/// the 95% but inside the 99.8% interval; best / worst when it is outside the 99.8% interval
/// (without a judgement: higher / lower at either level).
///
/// # References
///
/// Fingertips comparator method 17, "single overlapping confidence intervals for two
/// confidence levels".
///
/// ```
/// use outcomes_core::stats::compare::{compare_two_level, Comparison, Polarity};
/// // Area 2.6 (95%: 2.5-2.7; 99.8%: 2.3-2.9), higher is better.
/// let c = |england| compare_two_level(2.6, 2.5, 2.7, 2.3, 2.9, england, Polarity::HigherIsBetter);
/// assert_eq!(c(2.6), Comparison::Similar);
/// assert_eq!(c(2.4), Comparison::Better);
/// assert_eq!(c(2.2), Comparison::Best);
/// assert_eq!(c(2.8), Comparison::Worse);
/// assert_eq!(c(3.0), Comparison::Worst);
/// ```
#[must_use]
pub fn compare_two_level(
    value: f64,
    lower_95: f64,
    upper_95: f64,
    lower_998: f64,
    upper_998: f64,
    comparator: f64,
    polarity: Polarity,
) -> Comparison {
    if any_nan(&[value, lower_95, upper_95, lower_998, upper_998, comparator]) {
        return Comparison::NotCompared;
    }
    if comparator >= lower_95 && comparator <= upper_95 {
        return judge(Side::Same, polarity, false);
    }
    let inside_998 = comparator >= lower_998 && comparator <= upper_998;
    // Outside the 95% interval: below it means the area is above the comparator.
    let side = if comparator < lower_95 {
        Side::Above
    } else {
        Side::Below
    };
    judge(side, polarity, !inside_998)
}

/// A comparison against control limits drawn around the comparator, with the limits used.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SpcComparison {
    /// The judgement.
    pub comparison: Comparison,
    /// Lower control limit around the comparator, in the value's units.
    pub lower: f64,
    /// Upper control limit around the comparator, in the value's units.
    pub upper: f64,
}

/// Control limits for a proportion around a comparator (Fingertips method 5).
///
/// # Formula
///
/// With `P0` the comparator proportion, `N` the area's denominator, `E = N·P0` and `z` the
/// two-sided normal multiplier for the confidence level, the limits are the Wilson score
/// interval of `E` events out of `N`:
///
/// `(2E + z² ∓ z·√(z² + 4E(1 − E/N))) / (2(N + z²))`.
///
/// `comparator` and the limits are in units of `multiplier` (100 for percentages).
///
/// # Errors
///
/// [`Error::Method`] (`comparator`) when the comparator is outside `[0, multiplier]`,
/// (`denominator`) when `N <= 0` or NaN; [`Error::InvalidArgument`] for a bad confidence level
/// or multiplier.
///
/// # References
///
/// Fingertips comparator method 5; Flowers (2007), APHO Technical Briefing 2.
///
/// ```
/// use outcomes_core::stats::compare::spc_proportion_limits;
/// // England 11.0%, N = 2,000.
/// let (lo, hi) = spc_proportion_limits(11.0, 2000.0, 100.0, 0.95)?;
/// assert_eq!(format!("{lo:.3} {hi:.3}"), "9.703 12.447");
/// let (lo, hi) = spc_proportion_limits(11.0, 2000.0, 100.0, 0.998)?;
/// assert_eq!(format!("{lo:.3} {hi:.3}"), "9.020 13.350");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn spc_proportion_limits(
    comparator: f64,
    denominator: f64,
    multiplier: f64,
    confidence: f64,
) -> Result<(f64, f64), Error> {
    check_multiplier(multiplier)?;
    let z = z_for_confidence(confidence)?;
    let p0 = comparator / multiplier;
    if !(0.0..=1.0).contains(&p0) {
        return Err(Error::method(
            "comparator",
            format!(
                "comparator = {comparator} is not a proportion of {multiplier}: give a value \
                 between 0 and the multiplier"
            ),
        ));
    }
    check_denominator("denominator", denominator)?;
    Ok(wilson_limits(p0, denominator, z, multiplier))
}

fn wilson_limits(p0: f64, n: f64, z: f64, multiplier: f64) -> (f64, f64) {
    let e = n * p0;
    let z2 = z * z;
    let b = z * (z2 + 4.0 * e * (1.0 - e / n)).sqrt();
    let a = 2.0 * e + z2;
    let c = 2.0 * (n + z2);
    ((a - b) / c * multiplier, (a + b) / c * multiplier)
}

fn check_denominator(path: &str, n: f64) -> Result<(), Error> {
    if n.is_nan() || n <= 0.0 || n.is_infinite() {
        return Err(Error::method(
            path,
            format!("{path} = {n}: control limits need a finite denominator greater than 0"),
        ));
    }
    Ok(())
}

fn check_multiplier(multiplier: f64) -> Result<(), Error> {
    if multiplier.is_finite() && multiplier > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "multiplier",
            format!("multiplier = {multiplier}: give a finite number greater than 0 (1, 100, ...)"),
        ))
    }
}

fn side_from_limits(value: f64, lower: f64, upper: f64) -> Side {
    if upper < value {
        Side::Above
    } else if lower > value {
        Side::Below
    } else {
        Side::Same
    }
}

/// Fingertips method 5: an area's proportion against SPC limits around the comparator.
///
/// # Formula
///
/// Limits from [`spc_proportion_limits`]; above the upper limit is "above", below the lower
/// limit "below", and the polarity names it. NaN in `value`, `denominator` or `comparator`
/// gives [`Comparison::NotCompared`] with NaN limits.
///
/// # Errors
///
/// As [`spc_proportion_limits`] for non-NaN inputs.
///
/// # References
///
/// Fingertips comparator method 5 ("SPC for proportions").
///
/// ```
/// use outcomes_core::stats::compare::{compare_spc_proportion, Comparison, Polarity};
/// // An area at 13.0% against England 11.0%, N = 2,000, low is good.
/// let r = compare_spc_proportion(13.0, 2000.0, 11.0, 100.0, 0.95, Polarity::LowerIsBetter)?;
/// assert_eq!(r.comparison, Comparison::Worse);
/// let r = compare_spc_proportion(13.0, 2000.0, 11.0, 100.0, 0.998, Polarity::LowerIsBetter)?;
/// assert_eq!(r.comparison, Comparison::Similar);
/// assert_eq!(format!("{:.3}", r.upper), "13.350");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn compare_spc_proportion(
    value: f64,
    denominator: f64,
    comparator: f64,
    multiplier: f64,
    confidence: f64,
    polarity: Polarity,
) -> Result<SpcComparison, Error> {
    if any_nan(&[value, denominator, comparator]) {
        check_multiplier(multiplier)?;
        normalise_confidence(confidence)?;
        return Ok(not_compared());
    }
    let (lower, upper) = spc_proportion_limits(comparator, denominator, multiplier, confidence)?;
    Ok(SpcComparison {
        comparison: judge(side_from_limits(value, lower, upper), polarity, false),
        lower,
        upper,
    })
}

fn not_compared() -> SpcComparison {
    SpcComparison {
        comparison: Comparison::NotCompared,
        lower: f64::NAN,
        upper: f64::NAN,
    }
}

/// Control limits for a rate (e.g. a DSR) around a comparator rate (Fingertips method 6).
///
/// # Formula
///
/// The expected count is `E = comparator × denominator / multiplier`, with `denominator` the
/// area's population (person-years) behind the rate. With tail `α = (1 − c)/2`, the limits are
/// the exact Poisson limits of `E`, divided by the denominator and multiplied back:
///
/// - lower = `χ²_{α; 2⌈E⌉} / 2 × multiplier / denominator` (0 when `E = 0`),
/// - upper = `χ²_{1−α; 2⌊E⌋+2} / 2 × multiplier / denominator`,
///
/// which is the mean whose Poisson tail beyond `E` has probability `α`, as Fingertips finds by
/// bisection (its `PoisLow` / `PoisHigh`, which count whole events at or beyond `E`).
///
/// # Errors
///
/// [`Error::Method`] (`comparator`) when the comparator is negative or not finite,
/// (`denominator`) when it is <= 0; [`Error::InvalidArgument`] for a bad confidence level or
/// multiplier.
///
/// # References
///
/// Fingertips comparator method 6 ("SPC for DSRs"); Flowers (2007), APHO Technical Briefing 2.
///
/// ```
/// use outcomes_core::stats::compare::spc_rate_limits;
/// // England 500 per 100,000 and an area of 20,000 people: E = 100 events.
/// let (lo, hi) = spc_rate_limits(500.0, 20_000.0, 100_000.0, 0.95)?;
/// assert!(lo < 500.0 && 500.0 < hi);
/// assert_eq!(format!("{lo:.2} {hi:.2}"), "406.82 608.13");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn spc_rate_limits(
    comparator: f64,
    denominator: f64,
    multiplier: f64,
    confidence: f64,
) -> Result<(f64, f64), Error> {
    check_multiplier(multiplier)?;
    let c = normalise_confidence(confidence)?;
    if !comparator.is_finite() || comparator < 0.0 {
        return Err(Error::method(
            "comparator",
            format!("comparator = {comparator}: a comparator rate must be finite and >= 0"),
        ));
    }
    check_denominator("denominator", denominator)?;
    let alpha = (1.0 - c) / 2.0;
    let e = comparator * denominator / multiplier;
    let lower_count = chi_squared_quantile(alpha, 2.0 * e.ceil()) / 2.0;
    let upper_count = chi_squared_quantile(1.0 - alpha, 2.0 * e.floor() + 2.0) / 2.0;
    Ok((
        lower_count / denominator * multiplier,
        upper_count / denominator * multiplier,
    ))
}

/// Fingertips method 6: an area's rate (e.g. DSR) against Poisson SPC limits around the
/// comparator.
///
/// # Formula
///
/// Limits from [`spc_rate_limits`]; above the upper limit is "above", below the lower limit
/// "below", then polarity. NaN in `value`, `denominator` or `comparator` gives
/// [`Comparison::NotCompared`].
///
/// # Errors
///
/// As [`spc_rate_limits`] for non-NaN inputs.
///
/// # References
///
/// Fingertips comparator method 6.
///
/// ```
/// use outcomes_core::stats::compare::{compare_spc_rate, Comparison, Polarity};
/// let r = compare_spc_rate(650.0, 20_000.0, 500.0, 100_000.0, 0.95, Polarity::LowerIsBetter)?;
/// assert_eq!(r.comparison, Comparison::Worse);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn compare_spc_rate(
    value: f64,
    denominator: f64,
    comparator: f64,
    multiplier: f64,
    confidence: f64,
    polarity: Polarity,
) -> Result<SpcComparison, Error> {
    if any_nan(&[value, denominator, comparator]) {
        check_multiplier(multiplier)?;
        normalise_confidence(confidence)?;
        return Ok(not_compared());
    }
    let (lower, upper) = spc_rate_limits(comparator, denominator, multiplier, confidence)?;
    Ok(SpcComparison {
        comparison: judge(side_from_limits(value, lower, upper), polarity, false),
        lower,
        upper,
    })
}

/// A Fingertips comparison method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareMethod {
    /// Method 1: the comparator inside the area's interval is similar ([`compare_ci`]).
    CiContainsComparator,
    /// Method 12: overlapping intervals are similar ([`compare_overlap`]).
    CiOverlap,
    /// Method 17: 95% and 99.8% intervals, better/best and worse/worst
    /// ([`compare_two_level`]).
    TwoLevel,
    /// Method 5: SPC limits for proportions ([`compare_spc_proportion`]).
    SpcProportion,
    /// Method 6: Poisson SPC limits for rates such as DSRs ([`compare_spc_rate`]).
    SpcRate,
}

impl CompareMethod {
    /// The Fingertips comparator method id (1, 12, 17, 5 or 6).
    #[must_use]
    pub fn fingertips_id(self) -> u32 {
        match self {
            CompareMethod::CiContainsComparator => 1,
            CompareMethod::CiOverlap => 12,
            CompareMethod::TwoLevel => 17,
            CompareMethod::SpcProportion => 5,
            CompareMethod::SpcRate => 6,
        }
    }

    /// The method for a Fingertips comparator method id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] (`method`) for ids other than 1, 5, 6, 12 and 17.
    pub fn from_fingertips_id(id: u32) -> Result<CompareMethod, Error> {
        match id {
            1 => Ok(CompareMethod::CiContainsComparator),
            12 => Ok(CompareMethod::CiOverlap),
            17 => Ok(CompareMethod::TwoLevel),
            5 => Ok(CompareMethod::SpcProportion),
            6 => Ok(CompareMethod::SpcRate),
            _ => Err(Error::invalid_argument(
                "method",
                format!(
                    "method = {id}: the supported Fingertips comparison methods are 1 (interval \
                     contains comparator), 12 (interval overlap), 17 (two levels), 5 (SPC for \
                     proportions) and 6 (SPC for rates)"
                ),
            )),
        }
    }
}

/// Input columns of [`compare`]; columns a method does not use may be left empty.
///
/// The comparator columns have one value per row, or a single value for every row.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompareInput<'a> {
    /// The areas' values.
    pub value: &'a [f64],
    /// Lower limits (95% for method 17): methods 1, 12, 17.
    pub lower: &'a [f64],
    /// Upper limits (95% for method 17): methods 1, 12, 17.
    pub upper: &'a [f64],
    /// Lower 99.8% limits: method 17.
    pub lower_998: &'a [f64],
    /// Upper 99.8% limits: method 17.
    pub upper_998: &'a [f64],
    /// Denominators: methods 5 and 6.
    pub denominator: &'a [f64],
    /// Comparator values (one, or one per row): every method.
    pub comparator: &'a [f64],
    /// Comparator lower limits (one, or one per row): method 12.
    pub comparator_lower: &'a [f64],
    /// Comparator upper limits (one, or one per row): method 12.
    pub comparator_upper: &'a [f64],
}

/// Options of [`compare`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompareOptions {
    /// The comparison method.
    pub method: CompareMethod,
    /// The indicator's polarity.
    pub polarity: Polarity,
    /// Confidence level of the control limits (methods 5 and 6; default 0.95).
    pub confidence: f64,
    /// Units of the values and comparator (methods 5 and 6): 100 for percentages, 100,000 for
    /// rates per 100,000 (default 1).
    pub multiplier: f64,
}

impl CompareOptions {
    /// Options for `method` and `polarity` with confidence 0.95 and multiplier 1.
    #[must_use]
    pub fn new(method: CompareMethod, polarity: Polarity) -> CompareOptions {
        CompareOptions {
            method,
            polarity,
            confidence: 0.95,
            multiplier: 1.0,
        }
    }
}

/// Compares every row with its comparator by one Fingertips method, writing into `out`.
///
/// # Formula
///
/// Row by row, [`compare_ci`], [`compare_overlap`], [`compare_two_level`],
/// [`compare_spc_proportion`] or [`compare_spc_rate`]. A NaN in a row's inputs gives
/// [`Comparison::NotCompared`] for that row.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] naming the column when a column the method needs has the wrong
///   length (comparator columns may have length 1), or `out` has the wrong length.
/// - [`Error::Method`] naming the first bad row, with the number of bad rows: `lower[i] >
///   upper[i]`, a denominator <= 0, a comparator outside the proportion range.
///
/// # References
///
/// Fingertips comparator methods 1, 5, 6, 12, 17 (see the module documentation).
///
/// ```
/// use outcomes_core::stats::compare::{compare, CompareInput, CompareMethod, CompareOptions,
///     Comparison, Polarity};
/// let input = CompareInput {
///     value: &[4.298, 3.115, 2.212],
///     lower: &[3.95, 2.555, 1.946],
///     upper: &[4.674, 3.793, 2.512],
///     comparator: &[2.901],
///     ..CompareInput::default()
/// };
/// let mut out = [Comparison::NotCompared; 3];
/// let o = CompareOptions::new(CompareMethod::CiContainsComparator, Polarity::LowerIsBetter);
/// compare(&input, &o, &mut out)?;
/// assert_eq!(out, [Comparison::Worse, Comparison::Similar, Comparison::Better]);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn compare(
    input: &CompareInput<'_>,
    options: &CompareOptions,
    out: &mut [Comparison],
) -> Result<(), Error> {
    let n = input.value.len();
    if out.len() != n {
        return Err(Error::invalid_argument(
            "out",
            format!(
                "out has {} rows but value has {n}: preallocate one per row",
                out.len()
            ),
        ));
    }
    let m = options.method;
    let needs_ci = matches!(
        m,
        CompareMethod::CiContainsComparator | CompareMethod::CiOverlap | CompareMethod::TwoLevel
    );
    let mut row_cols: Vec<(&str, &[f64])> = Vec::new();
    if needs_ci {
        row_cols.push(("lower", input.lower));
        row_cols.push(("upper", input.upper));
    }
    if m == CompareMethod::TwoLevel {
        row_cols.push(("lower_998", input.lower_998));
        row_cols.push(("upper_998", input.upper_998));
    }
    if matches!(m, CompareMethod::SpcProportion | CompareMethod::SpcRate) {
        row_cols.push(("denominator", input.denominator));
        check_multiplier(options.multiplier)?;
        normalise_confidence(options.confidence)?;
    }
    for (name, col) in &row_cols {
        if col.len() != n {
            return Err(Error::invalid_argument(
                *name,
                format!(
                    "{name} has {} rows but value has {n}: method {} needs one per row",
                    col.len(),
                    m.fingertips_id()
                ),
            ));
        }
    }
    let mut comp_cols: Vec<(&str, &[f64])> = vec![("comparator", input.comparator)];
    if m == CompareMethod::CiOverlap {
        comp_cols.push(("comparator_lower", input.comparator_lower));
        comp_cols.push(("comparator_upper", input.comparator_upper));
    }
    for (name, col) in &comp_cols {
        if col.len() != n && col.len() != 1 {
            return Err(Error::invalid_argument(
                *name,
                format!(
                    "{name} has {} rows but value has {n}: give one per row or a single value",
                    col.len()
                ),
            ));
        }
    }
    let at = |col: &[f64], i: usize| if col.len() == 1 { col[0] } else { col[i] };
    // Interval order checks, first bad row with the count.
    let pairs: &[(&str, &[f64], &str, &[f64])] = &[
        ("lower", input.lower, "upper", input.upper),
        ("lower_998", input.lower_998, "upper_998", input.upper_998),
    ];
    for &(ln, l, un, u) in pairs {
        if l.len() != n || u.len() != n || !row_cols.iter().any(|(c, _)| *c == ln) {
            continue;
        }
        let bad = |i: usize| l[i] > u[i];
        if let Some(i) = (0..n).find(|&i| bad(i)) {
            let count = (0..n).filter(|&i| bad(i)).count();
            return Err(Error::method(
                format!("{ln}[{i}]"),
                format!(
                    "{ln}[{i}] = {} is greater than {un}[{i}] = {} ({count} row(s) like this)",
                    l[i], u[i]
                ),
            ));
        }
    }
    if matches!(m, CompareMethod::SpcProportion | CompareMethod::SpcRate) {
        check_spc_rows(input, options, n)?;
    }
    let p = options.polarity;
    for (i, o) in out.iter_mut().enumerate() {
        let v = input.value[i];
        let c = at(input.comparator, i);
        *o = match m {
            CompareMethod::CiContainsComparator => {
                compare_ci(v, input.lower[i], input.upper[i], c, p)
            }
            CompareMethod::CiOverlap => compare_overlap(
                v,
                input.lower[i],
                input.upper[i],
                c,
                at(input.comparator_lower, i),
                at(input.comparator_upper, i),
                p,
            ),
            CompareMethod::TwoLevel => compare_two_level(
                v,
                input.lower[i],
                input.upper[i],
                input.lower_998[i],
                input.upper_998[i],
                c,
                p,
            ),
            CompareMethod::SpcProportion => {
                let d = input.denominator[i];
                compare_spc_proportion(v, d, c, options.multiplier, options.confidence, p)
                    .map_err(|e| at_row(&e, i))?
                    .comparison
            }
            CompareMethod::SpcRate => {
                let d = input.denominator[i];
                compare_spc_rate(v, d, c, options.multiplier, options.confidence, p)
                    .map_err(|e| at_row(&e, i))?
                    .comparison
            }
        };
    }
    Ok(())
}

/// A scalar method's error (path `denominator`, `comparator`) re-pathed to row `i`.
fn at_row(e: &Error, i: usize) -> Error {
    Error::method(format!("{}[{i}]", e.path()), e.message().to_owned())
}

/// Checks denominators and comparators of the SPC methods: first bad row, with the count.
fn check_spc_rows(
    input: &CompareInput<'_>,
    options: &CompareOptions,
    n: usize,
) -> Result<(), Error> {
    let bad_den = |d: f64| !d.is_nan() && (d <= 0.0 || d.is_infinite());
    let m = options.multiplier;
    let bad_comp = |c: f64| {
        !c.is_nan()
            && if options.method == CompareMethod::SpcProportion {
                !(0.0..=m).contains(&c)
            } else {
                c < 0.0 || c.is_infinite()
            }
    };
    let rule = if options.method == CompareMethod::SpcProportion {
        "a proportion comparator must be between 0 and the multiplier"
    } else {
        "a rate comparator must be finite and >= 0"
    };
    first_bad(
        "denominator",
        input.denominator,
        n,
        bad_den,
        "control limits need a finite denominator greater than 0",
    )?;
    first_bad("comparator", input.comparator, n, bad_comp, rule)?;
    Ok(())
}

/// The error for the first value of `col` that `bad` rejects, with the count of such values.
fn first_bad(
    name: &str,
    col: &[f64],
    n: usize,
    bad: impl Fn(f64) -> bool,
    rule: &str,
) -> Result<(), Error> {
    if let Some(i) = col.iter().position(|&x| bad(x)) {
        let count = col.iter().filter(|&&x| bad(x)).count();
        let path = if col.len() == 1 && n != 1 {
            name.to_owned()
        } else {
            format!("{name}[{i}]")
        };
        return Err(Error::method(
            path.clone(),
            format!("{path} = {}: {rule} ({count} row(s) like this)", col[i]),
        ));
    }
    Ok(())
}

/// A goal ("Compared to goal" in Fingertips): one value to meet, or a range with amber between.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// A single value: meeting it is green, otherwise red.
    Single {
        /// The goal value.
        value: f64,
    },
    /// Range bands: for higher-is-better, below `lower` red, from `lower` up to (not
    /// including) `upper` amber, `upper` or above green; mirrored for lower-is-better (below
    /// `lower` green, `upper` or above red).
    Range {
        /// The lower band limit (e.g. 90).
        lower: f64,
        /// The upper band limit (e.g. 95).
        upper: f64,
    },
}

/// The result of a goal comparison, in Fingertips' words ([`GoalStatus::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Meets the goal (or is in the best band).
    Green,
    /// Between the bands of a range goal.
    Amber,
    /// Does not meet the goal (or is in the worst band).
    Red,
    /// Not compared: the value is missing or the polarity makes no judgement.
    NotCompared,
}

impl GoalStatus {
    /// The Fingertips wording of the "Compared to goal" column.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::Green => "Green",
            GoalStatus::Amber => "Amber",
            GoalStatus::Red => "Red",
            GoalStatus::NotCompared => "Not compared",
        }
    }

    /// Whether the goal is met (green).
    #[must_use]
    pub fn meets(self) -> bool {
        self == GoalStatus::Green
    }
}

/// Compares a value with a goal ("Compared to goal").
///
/// # Formula
///
/// Single value `g`: green when `value >= g` (higher is better) or `value <= g` (lower is
/// better), else red. Range `[lower, upper)`: higher is better, `value < lower` red,
/// `value >= upper` green, else amber; lower is better, `value < lower` green,
/// `value >= upper` red, else amber. NaN value, or a polarity without judgement, gives
/// [`GoalStatus::NotCompared`].
///
/// # Errors
///
/// [`Error::InvalidArgument`] (`goal`) when a goal figure is NaN or infinite or
/// `lower > upper`.
///
/// # References
///
/// Fingertips target comparers (single value and range); *Technical Guide: RAG rating
/// indicator values* (2017).
///
/// ```
/// use outcomes_core::stats::compare::{compare_to_goal, Goal, GoalStatus, Polarity};
/// // MMR two doses at 5: < 90% red, 90-95% amber, >= 95% green.
/// let goal = Goal::Range { lower: 90.0, upper: 95.0 };
/// assert_eq!(compare_to_goal(84.751, &goal, Polarity::HigherIsBetter)?, GoalStatus::Red);
/// assert_eq!(compare_to_goal(93.919, &goal, Polarity::HigherIsBetter)?.label(), "Amber");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn compare_to_goal(value: f64, goal: &Goal, polarity: Polarity) -> Result<GoalStatus, Error> {
    let (lower, upper) = match *goal {
        Goal::Single { value } => (value, value),
        Goal::Range { lower, upper } => (lower, upper),
    };
    if !lower.is_finite() || !upper.is_finite() || lower > upper {
        return Err(Error::invalid_argument(
            "goal",
            format!(
                "goal {lower}..{upper}: give finite goal figures with the lower band limit not \
                 above the upper"
            ),
        ));
    }
    if value.is_nan() {
        return Ok(GoalStatus::NotCompared);
    }
    let high_good = match polarity {
        Polarity::HigherIsBetter => true,
        Polarity::LowerIsBetter => false,
        Polarity::NoJudgement | Polarity::NotApplicable => return Ok(GoalStatus::NotCompared),
    };
    Ok(match (goal, high_good) {
        (Goal::Single { value: g }, true) => {
            if value >= *g {
                GoalStatus::Green
            } else {
                GoalStatus::Red
            }
        }
        (Goal::Single { value: g }, false) => {
            if value <= *g {
                GoalStatus::Green
            } else {
                GoalStatus::Red
            }
        }
        (Goal::Range { .. }, true) => {
            if value < lower {
                GoalStatus::Red
            } else if value >= upper {
                GoalStatus::Green
            } else {
                GoalStatus::Amber
            }
        }
        (Goal::Range { .. }, false) => {
            if value < lower {
                GoalStatus::Green
            } else if value >= upper {
                GoalStatus::Red
            } else {
                GoalStatus::Amber
            }
        }
    })
}
