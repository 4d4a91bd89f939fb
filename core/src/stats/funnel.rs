//! Funnel plot control limits and funnel significance.

use super::dist::{normal_quantile, regularized_gamma};
use super::poisson::{ExactTable, count_limits};
use super::{check_input, check_multiplier, check_out, first_bad_row};
use crate::Error;

/// What a funnel plot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum FunnelKind {
    /// A proportion: `average` is the overall proportion (in `[0, 1]`), denominators are
    /// sample sizes.
    Proportion = 0,
    /// A ratio of observed to expected counts (SMR-like): `average` is the reference ratio
    /// (usually 1), denominators are expected counts.
    Ratio = 1,
    /// A crude rate: `average` is the overall rate per `multiplier`, denominators are
    /// populations (person-years).
    Rate = 2,
}

/// A row's position relative to the funnel, with the `PHEindicatormethods` labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[repr(i8)]
pub enum FunnelSignificance {
    /// Above the 99.8% limit: `High (0.001)`.
    High001 = 2,
    /// Above the 95% limit only: `High (0.025)`.
    High025 = 1,
    /// Inside both limits: `Not significant`.
    NotSignificant = 0,
    /// Below the 95% limit only: `Low (0.025)`.
    Low025 = -1,
    /// Below the 99.8% limit: `Low (0.001)`.
    Low001 = -2,
    /// The row could not be assessed (NaN input).
    Missing = -128,
}

impl FunnelSignificance {
    /// The `PHEindicatormethods` label (`High (0.001)`, ..., `Not significant`); `missing` for
    /// [`FunnelSignificance::Missing`].
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FunnelSignificance::High001 => "High (0.001)",
            FunnelSignificance::High025 => "High (0.025)",
            FunnelSignificance::NotSignificant => "Not significant",
            FunnelSignificance::Low025 => "Low (0.025)",
            FunnelSignificance::Low001 => "Low (0.001)",
            FunnelSignificance::Missing => "missing",
        }
    }
}

/// Funnel plot control limits at each denominator, for one confidence level.
///
/// Funnels are usually drawn at 0.95 ("2σ", `z = Φ⁻¹(0.975)`) and 0.998 ("3σ", `z = Φ⁻¹(0.999)`).
///
/// # Formula
///
/// - Proportions: the observed proportion whose Wilson interval just reaches the average `p̄`.
///   The Wilson limits solve `(p − U)² = z² U(1 − U)/N`, so with `U = p̄` the control limits are
///   exactly `p̄ ∓ z √(p̄(1 − p̄)/N)`, clamped to `[0, 1]`, times `multiplier`.
/// - Ratios and rates: with expected count `E` (`E = N` for ratios, `E = N · average /
///   multiplier` for rates), the limits are the observed counts whose exact Poisson interval
///   just reaches `E`: `o_low` with `Q(o_low + 1, E) = α` and `o_high` with `P(o_high, E) = α`
///   (continuous in `o`, `α = (1 − c)/2`), found by bisection to 1e-12 relative; ratios are
///   `o/E · average`, rates `o/N · multiplier`.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] for a bad `confidence` or `multiplier`, an `average` outside
///   `[0, 1]` (proportions) or not positive (ratios, rates), or outputs whose length differs
///   from `denominators.len()`.
/// - [`Error::Method`] for a denominator that is not a positive finite number.
///
/// # References
///
/// - Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance.
///   *Statistics in Medicine* 24, 1185-1202.
/// - `PHEindicatormethods` 2.1.0, `calculate_funnel_limits`.
///
/// # Deviations
///
/// `PHEindicatormethods` clamps the upper proportion limit at 100 whatever the multiplier;
/// here it is clamped at `multiplier` (the same for percentages).
///
/// # Examples
///
/// The `PHEindicatormethods` funnel test at population 89,294 (2σ, percentages):
///
/// ```
/// use outcomes_core::stats::{funnel_limits, FunnelKind};
/// let (mut lo, mut hi) = ([0.0], [0.0]);
/// funnel_limits(0.806_424_478_571_495, &[89_294.0], FunnelKind::Proportion, 0.95, 100.0,
///               &mut lo, &mut hi)?;
/// assert_eq!(format!("{:.6} {:.6}", lo[0], hi[0]), "80.383302 80.901594");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn funnel_limits(
    average: f64,
    denominators: &[f64],
    kind: FunnelKind,
    confidence: f64,
    multiplier: f64,
    lower: &mut [f64],
    upper: &mut [f64],
) -> Result<(), Error> {
    let len = denominators.len();
    check_out("lower", lower.len(), len, "denominators")?;
    check_out("upper", upper.len(), len, "denominators")?;
    let c = super::dist::normalise_confidence(confidence)?;
    check_multiplier(multiplier)?;
    check_average(average, kind)?;
    first_bad_row(len, |i| {
        let d = denominators[i];
        (!(d > 0.0 && d.is_finite())).then(|| {
            (
                format!("denominators[{i}]"),
                format!("denominators[{i}] = {d}: denominators must be positive finite numbers"),
            )
        })
    })?;
    let alpha = (1.0 - c) / 2.0;
    let z = normal_quantile(1.0 - alpha);
    for (i, &nd) in denominators.iter().enumerate() {
        match kind {
            FunnelKind::Proportion => {
                let half = z * (average * (1.0 - average) / nd).sqrt();
                lower[i] = (average - half).max(0.0) * multiplier;
                upper[i] = (average + half).min(1.0) * multiplier;
            }
            FunnelKind::Ratio | FunnelKind::Rate => {
                let expected = if kind == FunnelKind::Ratio {
                    nd
                } else {
                    nd * average / multiplier
                };
                let (lo, hi) = poisson_control_counts(expected, alpha);
                let scale = if kind == FunnelKind::Ratio {
                    average / expected
                } else {
                    multiplier / nd
                };
                lower[i] = lo * scale;
                upper[i] = hi * scale;
            }
        }
    }
    Ok(())
}

fn check_average(average: f64, kind: FunnelKind) -> Result<(), Error> {
    let ok = match kind {
        FunnelKind::Proportion => (0.0..=1.0).contains(&average),
        FunnelKind::Ratio | FunnelKind::Rate => average > 0.0 && average.is_finite(),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "average",
            format!(
                "average = {average} is not valid for a {kind:?} funnel: give a proportion in [0, 1] \
                 for proportions, or a positive ratio or rate"
            ),
        ))
    }
}

/// Continuous observed counts whose exact Poisson interval just reaches `e`: the lower control
/// count solves `Q(o + 1, e) = α` (floored at 0), the upper solves `P(o, e) = α`.
fn poisson_control_counts(e: f64, alpha: f64) -> (f64, f64) {
    // Q(s, e) increases with the shape s; P(s, e) decreases with s.
    let solve = |target: f64, increasing: bool, use_q: bool| -> f64 {
        let f = |s: f64| {
            let (p, q) = regularized_gamma(s, e);
            if use_q { q } else { p }
        };
        let (mut lo, mut hi) = (1e-12_f64, e.max(1.0));
        // Grow the bracket until the target is inside it.
        while (f(hi) < target) == increasing {
            hi *= 2.0;
        }
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if (f(mid) < target) == increasing {
                lo = mid;
            } else {
                hi = mid;
            }
            if hi - lo <= 1e-12 * hi {
                break;
            }
        }
        0.5 * (lo + hi)
    };
    let low_shape = solve(alpha, true, true);
    let high_shape = solve(alpha, false, false);
    ((low_shape - 1.0).max(0.0), high_shape)
}

/// Where each row sits relative to the funnel around `average`, at 95% and 99.8%.
///
/// # Formula
///
/// Each row's own interval is computed at 0.95 and 0.998 (Wilson for proportions; exact
/// Poisson for counts below 10 and Byar's otherwise for ratios `x/n` and rates `x/n · m`) and
/// compared with `average` (a proportion, the reference ratio, or the rate per `multiplier`):
/// a 99.8% lower limit above it is `High (0.001)`, else a 95% lower limit above it is
/// `High (0.025)`, and likewise `Low`; otherwise `Not significant`. A NaN row is
/// [`FunnelSignificance::Missing`].
///
/// # Errors
///
/// - [`Error::InvalidArgument`] for mismatched lengths, a bad `multiplier` or `average`.
/// - [`Error::Method`] for `x < 0`, `n <= 0` or (proportions) `x > n`, naming the first bad row.
///
/// # References
///
/// `PHEindicatormethods` 2.1.0, `assign_funnel_significance`.
///
/// # Examples
///
/// ```
/// use outcomes_core::stats::{funnel_significance, FunnelKind, FunnelSignificance};
/// let mut out = [FunnelSignificance::Missing; 2];
/// funnel_significance(&[95.0, 50.0], &[100.0, 100.0], 0.5, FunnelKind::Proportion, 1.0, &mut out)?;
/// assert_eq!(out[0].as_str(), "High (0.001)");
/// assert_eq!(out[1].as_str(), "Not significant");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn funnel_significance(
    x: &[f64],
    n: &[f64],
    average: f64,
    kind: FunnelKind,
    multiplier: f64,
    out: &mut [FunnelSignificance],
) -> Result<(), Error> {
    let len = x.len();
    check_input("n", n.len(), len)?;
    check_out("out", out.len(), len, "rows")?;
    check_multiplier(multiplier)?;
    check_average(average, kind)?;
    first_bad_row(len, |i| {
        let (xi, ni) = (x[i], n[i]);
        if xi < 0.0 || xi.is_infinite() {
            Some((
                format!("x[{i}]"),
                format!("x[{i}] = {xi}: numerators must be finite and >= 0"),
            ))
        } else if ni <= 0.0 || ni.is_infinite() {
            Some((
                format!("n[{i}]"),
                format!("n[{i}] = {ni}: denominators must be finite and > 0"),
            ))
        } else if kind == FunnelKind::Proportion && xi > ni {
            Some((
                format!("x[{i}]"),
                format!("x[{i}] = {xi} is greater than n[{i}] = {ni}: a proportion needs x <= n"),
            ))
        } else {
            None
        }
    })?;
    let z95 = normal_quantile(0.975);
    let z998 = normal_quantile(0.999);
    let t95 = ExactTable::new(0.025);
    let t998 = ExactTable::new(0.001);
    for i in 0..len {
        let (xi, ni) = (x[i], n[i]);
        if xi.is_nan() || ni.is_nan() {
            out[i] = FunnelSignificance::Missing;
            continue;
        }
        let (l95, u95, l998, u998, reference) = match kind {
            FunnelKind::Proportion => {
                let (a, b) = wilson(xi, ni, z95);
                let (c, d) = wilson(xi, ni, z998);
                (a, b, c, d, average)
            }
            FunnelKind::Ratio | FunnelKind::Rate => {
                let (a, b) = count_limits(xi, z95, &t95);
                let (c, d) = count_limits(xi, z998, &t998);
                let scale = if kind == FunnelKind::Ratio {
                    1.0 / ni
                } else {
                    multiplier / ni
                };
                (a * scale, b * scale, c * scale, d * scale, average)
            }
        };
        out[i] = if l998 > reference {
            FunnelSignificance::High001
        } else if l95 > reference {
            FunnelSignificance::High025
        } else if u998 < reference {
            FunnelSignificance::Low001
        } else if u95 < reference {
            FunnelSignificance::Low025
        } else {
            FunnelSignificance::NotSignificant
        };
    }
    Ok(())
}

fn wilson(x: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let centre = 2.0 * x + z2;
    let spread = z * (z2 + 4.0 * x * (1.0 - x / n)).sqrt();
    let denom = 2.0 * (n + z2);
    let lo = if x == 0.0 {
        0.0
    } else {
        (centre - spread) / denom
    };
    let hi = if x == n {
        1.0
    } else {
        (centre + spread) / denom
    };
    (lo, hi)
}
