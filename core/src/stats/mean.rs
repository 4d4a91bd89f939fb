//! Means with Student's t confidence intervals.

use super::dist::{normalise_confidence, student_t_quantile};
use super::group::row_slots;
use super::{GroupedSummary, Interval, check_input};
use crate::Error;

/// Means, one per group, with confidence limits from Student's t distribution.
///
/// A NaN value makes its group's mean and limits NaN. A group with a single value has a mean
/// but NaN limits (the standard deviation is undefined) and a note.
///
/// # Formula
///
/// For a group of `k` values with mean `x̄` and sample standard deviation `s` (divisor `k − 1`):
/// `x̄ ∓ t_{1−α; k−1} · s / √k`, with `α = (1 − c)/2`. The standard deviation is accumulated
/// with Welford's algorithm.
///
/// # Errors
///
/// [`Error::InvalidArgument`] for a bad `confidence`, a group column whose length differs from
/// `values.len()`, or outputs whose length is not the number of groups.
///
/// # References
///
/// - `PHEindicatormethods` 2.1.0, `phe_mean`; Fingertips technical guidance, "Confidence
///   intervals for means".
/// - Welford, B. P. (1962). Note on a method for calculating corrected sums of squares and
///   products. *Technometrics* 4(3), 419-420.
///
/// # Examples
///
/// The `PHEindicatormethods` test group Area1 at 95%:
///
/// ```
/// use outcomes_core::stats::{mean, Interval};
/// let values = [33.09375, 48.38596, 64.83495, 67.98475, 22.93556, 71.23587, 38.78465, 82.37927];
/// let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
/// mean(&values, None, 0.95, Interval::new(&mut v, &mut lo, &mut hi))?;
/// assert!((v[0] - 53.704_345).abs() < 1e-9);
/// assert!((lo[0] - 36.168_325_241_336_504).abs() < 1e-9);
/// assert!((hi[0] - 71.240_364_758_663_52).abs() < 1e-9);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn mean(
    values: &[f64],
    groups: Option<&[u32]>,
    confidence: f64,
    mut out: Interval<'_>,
) -> Result<GroupedSummary, Error> {
    let len = values.len();
    if let Some(g) = groups {
        check_input("groups", g.len(), len)?;
    }
    let c = normalise_confidence(confidence)?;
    let alpha = (1.0 - c) / 2.0;
    let (slots, ngroups) = row_slots(groups, len);
    out.check_len(ngroups, "groups")?;
    // (count, mean, M2)
    let mut acc = vec![(0.0_f64, 0.0_f64, 0.0_f64); ngroups];
    for (i, &v) in values.iter().enumerate() {
        let a = &mut acc[slots[i] as usize];
        a.0 += 1.0;
        let delta = v - a.1;
        a.1 += delta / a.0;
        a.2 += delta * (v - a.1);
    }
    let mut summary = GroupedSummary {
        groups: ngroups,
        notes: Vec::new(),
    };
    for (g, &(k, m, m2)) in acc.iter().enumerate() {
        if k < 2.0 {
            let value = if k == 1.0 { m } else { f64::NAN };
            out.set(g, value, f64::NAN, f64::NAN);
            summary.note(
                g,
                "fewer than 2 values: the standard deviation and confidence limits are undefined",
            );
            continue;
        }
        let sd = (m2 / (k - 1.0)).sqrt();
        let t = -student_t_quantile(alpha, k - 1.0);
        let half = t * sd / k.sqrt();
        out.set(g, m, m - half, m + half);
    }
    Ok(summary)
}
