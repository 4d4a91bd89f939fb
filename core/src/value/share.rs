//! Proportional shares: a saving or a cost split by population, activity, spend or equally.

use crate::Error;

/// Checks the weights and returns their sum.
fn weight_sum(weights: &[f64], out_len: usize) -> Result<f64, Error> {
    if weights.is_empty() {
        return Err(Error::invalid_argument(
            "weights",
            "no weights given; give one weight per partner (for equal shares, give 1 for each)",
        ));
    }
    if out_len != weights.len() {
        return Err(Error::invalid_argument(
            "out",
            format!(
                "out has {out_len} elements but there are {} weights; give one output per weight",
                weights.len()
            ),
        ));
    }
    let mut bad = weights
        .iter()
        .enumerate()
        .filter(|(_, w)| !(w.is_finite() && **w >= 0.0));
    if let Some((i, w)) = bad.next() {
        let more = bad.count();
        let tail = if more > 0 {
            format!(" ({more} more bad weights)")
        } else {
            String::new()
        };
        return Err(Error::method(
            format!("weights[{i}]"),
            format!(
                "weights[{i}] = {w} is not a non-negative finite number; a weight is a population, activity or spend{tail}"
            ),
        ));
    }
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 || !sum.is_finite() {
        return Err(Error::method(
            "weights",
            format!(
                "the weights add up to {sum}; at least one weight must be positive, and their sum finite"
            ),
        ));
    }
    Ok(sum)
}

fn check_total(total: f64) -> Result<(), Error> {
    if total.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "total",
            format!("total = {total} must be a finite amount"),
        ))
    }
}

/// Splits `total` in proportion to `weights`, writing one part per weight into `out`.
///
/// Weights are populations, activity counts, spend, or all equal for equal shares; the total
/// may be a saving (positive) or a cost or loss (negative). Parts keep full precision, so
/// they add up to the total within floating-point rounding; use [`share_pennies`] for parts
/// that add up exactly.
///
/// # Formula
///
/// `outᵢ = total × wᵢ / Σⱼ wⱼ`.
///
/// # Errors
///
/// - [`Error::InvalidArgument`]: no weights, `out` of a different length, a non-finite total.
/// - [`Error::Method`] naming the first bad weight (`weights[i]`): a negative, NaN or
///   infinite weight; or weights that add up to 0.
///
/// # References
///
/// The proportional rule of cost and benefit sharing; Young, H. P. (1994). *Equity in
/// Theory and Practice*, Princeton University Press, chapter 5 (proportional division).
///
/// # Examples
///
/// Worked case G: a 600,000 saving shared by populations and by spend, and a 90,000 cost by
/// population:
///
/// ```
/// use outcomes_core::value::share;
/// let mut out = [0.0; 3];
/// share(600_000.0, &[500_000.0, 300_000.0, 200_000.0], &mut out)?;
/// assert_eq!(out, [300_000.0, 180_000.0, 120_000.0]);
/// share(600_000.0, &[4e6, 2e6, 2e6], &mut out)?;
/// assert_eq!(out, [300_000.0, 150_000.0, 150_000.0]);
/// share(90_000.0, &[500_000.0, 300_000.0, 200_000.0], &mut out)?;
/// assert!((out[0] - 45_000.0).abs() < 0.005 && (out[1] - 27_000.0).abs() < 0.005);
/// assert!((out[2] - 18_000.0).abs() < 0.005);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn share(total: f64, weights: &[f64], out: &mut [f64]) -> Result<(), Error> {
    check_total(total)?;
    let sum = weight_sum(weights, out.len())?;
    for (o, w) in out.iter_mut().zip(weights) {
        *o = total * (w / sum);
    }
    Ok(())
}

/// The largest amount [`share_pennies`] accepts: 2⁵³ pennies, about GBP 90 trillion, the
/// range in which every whole number of pennies is exact in `f64`.
pub const MAX_PENNIES: f64 = 9_007_199_254_740_992.0;

/// Splits `total` (GBP) in proportion to `weights` in whole pennies that add up exactly to
/// the total, writing pennies (`i64`) into `out` and returning the total in pennies.
///
/// # Formula
///
/// The total is rounded to the nearest penny, `T = round(100 × total)`. Each part gets the
/// whole pennies of its quota `qᵢ = |T| × wᵢ / Σ w`, `⌊qᵢ⌋`; the pennies left over,
/// `|T| − Σ⌊qᵢ⌋`, go one each to the parts with the largest remainders `qᵢ − ⌊qᵢ⌋`
/// (ties to the earlier part): the largest-remainder (Hamilton) method. A negative total is
/// split as its magnitude and the parts negated, so a cost is shared as a saving would be.
///
/// # Errors
///
/// As [`share`], and [`Error::InvalidArgument`] for a total beyond [`MAX_PENNIES`].
///
/// # References
///
/// Balinski, M. L. and Young, H. P. (2001). *Fair Representation*, 2nd ed., Brookings
/// (Hamilton's largest-remainder method).
///
/// # Examples
///
/// 100.00 split equally three ways: the extra penny goes to the first partner.
///
/// ```
/// use outcomes_core::value::share_pennies;
/// let mut out = [0_i64; 3];
/// let total = share_pennies(100.0, &[1.0, 1.0, 1.0], &mut out)?;
/// assert_eq!(out, [3334, 3333, 3333]);
/// assert_eq!(out.iter().sum::<i64>(), total);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn share_pennies(total: f64, weights: &[f64], out: &mut [i64]) -> Result<i64, Error> {
    check_total(total)?;
    let pennies = (total * 100.0).round();
    if pennies.abs() > MAX_PENNIES {
        return Err(Error::invalid_argument(
            "total",
            format!(
                "total = {total} is too large to split in exact pennies (the limit is about GBP 90 trillion)"
            ),
        ));
    }
    let sum = weight_sum(weights, out.len())?;
    let whole = pennies.abs() as i64;
    let mut remainders: Vec<(usize, f64)> = Vec::with_capacity(weights.len());
    let mut given: i64 = 0;
    for (i, (o, w)) in out.iter_mut().zip(weights).enumerate() {
        let quota = pennies.abs() * (w / sum);
        let floor = quota.floor();
        *o = floor as i64;
        given += *o;
        remainders.push((i, quota - floor));
    }
    // Largest remainder first; ties keep the earlier part first (stable sort).
    remainders.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut left = whole - given;
    // Rounding in the quotas can leave the floors one penny out either way; walk the parts
    // in remainder order (or reverse order to take pennies back) until the total is exact.
    let n = remainders.len();
    let mut k = 0;
    while left > 0 {
        out[remainders[k % n].0] += 1;
        left -= 1;
        k += 1;
    }
    k = 0;
    while left < 0 {
        let i = remainders[n - 1 - (k % n)].0;
        if out[i] > 0 {
            out[i] -= 1;
            left += 1;
        }
        k += 1;
    }
    let signed = if pennies < 0.0 {
        for o in out.iter_mut() {
            *o = -*o;
        }
        -whole
    } else {
        whole
    };
    Ok(signed)
}
