//! Confidence limits for a Poisson count: exact (chi-squared) and Byar's approximation.
//!
//! These are the building blocks of [`rate`](super::rate()), [`isr`](super::isr()),
//! [`isratio`](super::isratio()), [`dsr`](super::dsr()) and the funnel significance tests.

use super::dist::gamma_quantile;

/// Exact Poisson confidence limits for an observed count `o >= 0`, for the two-sided tail
/// probability `alpha = (1 − c)/2` in each tail.
///
/// # Formula
///
/// `lower = χ²_{α; 2o} / 2` and `upper = χ²_{1−α; 2o+2} / 2` (Garwood); for `o = 0` the
/// lower limit is exactly 0 (R's `qchisq(p, 0) = 0`).
///
/// # References
///
/// - Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika* 28, 437-442.
/// - `PHEindicatormethods` 2.1.0, internal `poisson_funnel`/`phe_rate` exact limits.
///
/// ```
/// use outcomes_core::stats::poisson::exact_limits;
/// let (lo, hi) = exact_limits(0.0, 0.025);
/// assert_eq!(lo, 0.0);
/// assert!((hi - 3.688_879_454_113_936).abs() < 1e-12);
/// ```
#[must_use]
pub fn exact_limits(o: f64, alpha: f64) -> (f64, f64) {
    if o.is_nan() || o < 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let lower = if o == 0.0 {
        0.0
    } else {
        gamma_quantile(o, alpha, false)
    };
    (lower, gamma_quantile(o + 1.0, alpha, true))
}

/// Byar's approximation to the Poisson confidence limits for an observed count `o`, with `z`
/// the two-sided normal multiplier.
///
/// A negative lower limit (small `o` at high confidence) is returned as NaN, as
/// `PHEindicatormethods`' `byars_lower` gives `NA`; `o = 0` gives a NaN lower limit.
///
/// # Formula
///
/// `lower = o (1 − 1/(9o) − z/(3√o))³`, `upper = (o + 1)(1 − 1/(9(o + 1)) + z/(3√(o + 1)))³`.
///
/// # References
///
/// - Breslow, N. E. and Day, N. E. (1987). *Statistical Methods in Cancer Research, Volume II*.
///   IARC, p. 69.
/// - `PHEindicatormethods` 2.1.0, `byars_lower` and `byars_upper`.
///
/// ```
/// use outcomes_core::stats::poisson::byars_limits;
/// let (lo, hi) = byars_limits(65.0, 1.959_963_984_540_054);
/// assert!((lo - 50.163_187_710_459_454).abs() < 1e-9);
/// assert!((hi - 82.849_138_545_939_84).abs() < 1e-9);
/// ```
#[must_use]
#[inline]
pub fn byars_limits(o: f64, z: f64) -> (f64, f64) {
    let lower = if o > 0.0 {
        let l = o * (1.0 - 1.0 / (9.0 * o) - z / (3.0 * o.sqrt())).powi(3);
        if l < 0.0 { f64::NAN } else { l }
    } else {
        f64::NAN
    };
    let o1 = o + 1.0;
    let upper = o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * o1.sqrt())).powi(3);
    (lower, upper)
}

/// Poisson limits as `PHEindicatormethods` uses them for rates and standardised ratios: exact
/// for `o < 10`, Byar's for `o >= 10`.
///
/// `table` holds precomputed exact limits for the integer counts 0..=9 (see [`ExactTable`]).
#[inline]
pub(crate) fn count_limits(o: f64, z: f64, table: &ExactTable) -> (f64, f64) {
    if o < 10.0 {
        table.limits(o)
    } else {
        byars_limits(o, z)
    }
}

/// Exact Poisson limits for the counts 0..=9 at one confidence level, computed once per call
/// so that the per-row cost is a table look-up (non-integer counts are computed directly).
#[derive(Debug, Clone)]
pub(crate) struct ExactTable {
    alpha: f64,
    lower: [f64; 10],
    upper: [f64; 10],
}

impl ExactTable {
    pub(crate) fn new(alpha: f64) -> Self {
        let mut lower = [0.0; 10];
        let mut upper = [0.0; 10];
        for k in 0..10 {
            let (l, u) = exact_limits(f64::from(k), alpha);
            lower[k as usize] = l;
            upper[k as usize] = u;
        }
        ExactTable {
            alpha,
            lower,
            upper,
        }
    }

    #[inline]
    pub(crate) fn limits(&self, o: f64) -> (f64, f64) {
        if o >= 0.0 && o.fract() == 0.0 {
            let k = o as usize;
            (self.lower[k], self.upper[k])
        } else {
            exact_limits(o, self.alpha)
        }
    }
}
