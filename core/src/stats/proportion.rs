//! Proportions with Wilson score confidence intervals.

use super::dist::z_for_confidence;
use super::{check_input, check_multiplier, check_out, first_bad_row};
use crate::Error;

/// Proportions `x / n` (times `multiplier`) with Wilson score confidence limits, row by row.
///
/// Writes `value[i]`, `lower[i]` and `upper[i]` for every row `i`. A NaN in `x[i]` or `n[i]`
/// gives NaN in all three outputs for that row. `x = 0` gives a lower limit of exactly 0 and
/// `x = n` an upper limit of exactly `multiplier`. `x` need not be a whole number.
///
/// # Formula
///
/// With `z = Φ⁻¹(c + (1 − c)/2)`:
///
/// `value = x/n · m` and
/// `limits = (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²)) · m`.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] (`confidence`, `multiplier`, `n`, `value`, `lower`, `upper`)
///   when the level is outside `[0.9, 1)`/`[90, 100)`, the multiplier is not a positive finite
///   number, or a slice length differs from `x.len()`.
/// - [`Error::Method`] naming the first bad row (`x[i]` or `n[i]`) and the number of bad rows
///   when `x < 0`, `n <= 0`, `x > n` or a value is infinite.
///
/// # References
///
/// - Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
///   inference. *JASA* 22, 209-212.
/// - Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion.
///   *Statistics in Medicine* 17, 857-872.
/// - `PHEindicatormethods` 2.1.0, `phe_proportion`; Fingertips technical guidance,
///   "Confidence intervals for proportions".
///
/// # Examples
///
/// The `PHEindicatormethods` test case 65 / 100 at 95%:
///
/// ```
/// use outcomes_core::stats::proportion;
/// let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
/// proportion(&[65.0], &[100.0], 0.95, 1.0, &mut v, &mut lo, &mut hi)?;
/// assert_eq!(v[0], 0.65);
/// assert!((lo[0] - 0.552_544_432_968_879_7).abs() < 1e-12);
/// assert!((hi[0] - 0.736_357_517_569_024_7).abs() < 1e-12);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
// Branch-free validation (`|` on bools) keeps the loop vectorisable.
#[allow(clippy::needless_bitwise_bool)]
pub fn proportion(
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
    let z2 = z * z;
    let mut bad = false;
    for i in 0..len {
        let (xi, ni) = (x[i], n[i]);
        // Comparisons with NaN are false, so NaN rows are not flagged and give NaN below.
        bad |= (xi < 0.0) | (ni <= 0.0) | (xi > ni) | (xi == f64::INFINITY) | (ni == f64::INFINITY);
        let p = xi / ni;
        let centre = 2.0 * xi + z2;
        let spread = z * (z2 + 4.0 * xi * (1.0 - p)).sqrt();
        let denom = 2.0 * (ni + z2);
        let lo = if xi == 0.0 {
            0.0
        } else {
            (centre - spread) / denom
        };
        let hi = if xi == ni {
            1.0
        } else {
            (centre + spread) / denom
        };
        value[i] = p * multiplier;
        lower[i] = lo * multiplier;
        upper[i] = hi * multiplier;
    }
    if bad {
        first_bad_row(len, |i| proportion_problem(x[i], n[i], i))?;
    }
    Ok(())
}

fn proportion_problem(x: f64, n: f64, i: usize) -> Option<(String, String)> {
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
    } else if x > n {
        Some((
            format!("x[{i}]"),
            format!(
                "x[{i}] = {x} is greater than n[{i}] = {n}: numerators must be less than or equal to \
                 denominator for a proportion statistic"
            ),
        ))
    } else {
        None
    }
}
