//! Crude rates with exact Poisson (count < 10) or Byar's (count >= 10) confidence intervals.

use super::dist::z_for_confidence;
use super::poisson::{ExactTable, count_limits};
use super::{check_input, check_multiplier, check_out, first_bad_row};
use crate::Error;

/// Crude rates `x / n` (times `multiplier`) with Poisson confidence limits, row by row.
///
/// There is no `x <= n` rule (250 events in 220 person-years is a valid rate). A NaN in
/// `x[i]` or `n[i]` gives NaN in all three outputs for that row. `x = 0` gives a lower limit
/// of exactly 0.
///
/// # Formula
///
/// `value = x/n · m`. For `x < 10` the exact limits `χ²_{α; 2x}/2` and `χ²_{1−α; 2x+2}/2`,
/// for `x >= 10` Byar's `x(1 − 1/(9x) − z/(3√x))³` and `(x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³`,
/// each divided by `n` and multiplied by `m`, with `α = (1 − c)/2` and `z = Φ⁻¹(1 − α)`.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] for a bad `confidence` or `multiplier` or slice lengths that
///   differ from `x.len()`.
/// - [`Error::Method`] naming the first bad row and the number of bad rows when `x < 0`,
///   `n <= 0` or a value is infinite.
///
/// # References
///
/// - `PHEindicatormethods` 2.1.0, `phe_rate`; Fingertips technical guidance, "Confidence
///   intervals for crude rates".
/// - Breslow, N. E. and Day, N. E. (1987). *Statistical Methods in Cancer Research II*, p. 69.
///
/// # Examples
///
/// The `PHEindicatormethods` test case 65 events in 100 at 95%, per 100:
///
/// ```
/// use outcomes_core::stats::rate;
/// let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
/// rate(&[65.0], &[100.0], 0.95, 100.0, &mut v, &mut lo, &mut hi)?;
/// assert_eq!(v[0], 65.0);
/// assert!((lo[0] - 50.163_187_710_459_454).abs() < 1e-9);
/// assert!((hi[0] - 82.849_138_545_939_84).abs() < 1e-9);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
// Branch-free validation (`|` on bools) keeps the loop vectorisable.
#[allow(clippy::needless_bitwise_bool)]
pub fn rate(
    x: &[f64],
    n: &[f64],
    confidence: f64,
    multiplier: f64,
    value: &mut [f64],
    lower: &mut [f64],
    upper: &mut [f64],
) -> Result<(), Error> {
    let len = x.len();
    check_input("n", n.len(), len)?;
    check_out("value", value.len(), len, "rows")?;
    check_out("lower", lower.len(), len, "rows")?;
    check_out("upper", upper.len(), len, "rows")?;
    let z = z_for_confidence(confidence)?;
    check_multiplier(multiplier)?;
    let alpha = (1.0 - super::dist::normalise_confidence(confidence)?) / 2.0;
    let table = ExactTable::new(alpha);
    let mut bad = false;
    for i in 0..len {
        let (xi, ni) = (x[i], n[i]);
        bad |= (xi < 0.0) | (ni <= 0.0) | (xi == f64::INFINITY) | (ni == f64::INFINITY);
        let scale = multiplier / ni;
        value[i] = xi * scale;
        if xi.is_nan() || xi < 0.0 {
            lower[i] = f64::NAN;
            upper[i] = f64::NAN;
        } else {
            let (lo, hi) = count_limits(xi, z, &table);
            lower[i] = lo * scale;
            upper[i] = hi * scale;
        }
    }
    if bad {
        first_bad_row(len, |i| rate_problem(x[i], n[i], i))?;
    }
    Ok(())
}

fn rate_problem(x: f64, n: f64, i: usize) -> Option<(String, String)> {
    if x < 0.0 {
        Some((
            format!("x[{i}]"),
            format!("x[{i}] = {x} is negative: numerators must be greater than or equal to zero"),
        ))
    } else if n <= 0.0 {
        Some((
            format!("n[{i}]"),
            format!("n[{i}] = {n}: denominators must be greater than zero"),
        ))
    } else if x.is_infinite() || n.is_infinite() {
        Some((
            format!("{}[{i}]", if x.is_infinite() { "x" } else { "n" }),
            format!(
                "x[{i}] = {x}, n[{i}] = {n}: values must be finite (use NaN for a missing value)"
            ),
        ))
    } else {
        None
    }
}
