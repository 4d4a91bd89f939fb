//! Directly standardised rates (DSR) with Dobson confidence limits.

use std::collections::HashMap;

use super::dist::z_for_confidence;
use super::group::row_slots;
use super::poisson::byars_limits;
use super::{GroupedSummary, Interval, check_input, check_multiplier, first_bad_row};
use crate::Error;

/// The note written for a group whose total count is below 10 (the `PHEindicatormethods`
/// statistic label).
pub const DSR_SMALL_COUNT_NOTE: &str = "dsr NA for total count < 10";

/// Options of [`dsr`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DsrOptions {
    /// Confidence level, a fraction in `[0.9, 1)` or a percentage in `[90, 100)`.
    pub confidence: f64,
    /// Rate per this many people (default 100,000).
    pub multiplier: f64,
}

impl Default for DsrOptions {
    fn default() -> Self {
        DsrOptions {
            confidence: 0.95,
            multiplier: 100_000.0,
        }
    }
}

/// Columns for the non-independent events adjustment of [`dsr`].
///
/// Each input row is one (group, age band, event frequency) cell: `x` is then the number of
/// *unique individuals* who had `event_frequency` events in that band, so the band's events are
/// `Σ_f f·x_f`. `age_band` identifies the band within its group, so the standard population of
/// a band is counted once however many frequency rows it has.
#[derive(Debug, Clone, Copy)]
pub struct RepeatEvents<'a> {
    /// Events per individual (1, 2, 3, ...) for each row.
    pub event_frequency: &'a [f64],
    /// Age-band code for each row (any code, unique within a group).
    pub age_band: &'a [u32],
}

#[derive(Clone, Copy, Default)]
struct Acc {
    /// Σ x·w/n (events).
    weighted: f64,
    /// Σ w.
    stdpop: f64,
    /// Σ x·w²/n², or Σ f²·u·w²/n² with repeat events.
    var: f64,
    /// Σ x (events).
    count: f64,
}

/// Directly standardised rates, one per group, with Dobson's confidence limits built on Byar's
/// limits for the total count.
///
/// Rows are (group, standardisation band) cells with the count `x`, the local population `n`
/// and the standard population `stdpop` (e.g. the European Standard Population 2013). A NaN
/// count is taken as 0. Groups whose total count is below 10 get NaN value and limits and a
/// [`DSR_SMALL_COUNT_NOTE`] in the returned summary.
///
/// With `repeat_events`, `x` counts unique individuals per event frequency and the variance is
/// adjusted for people with more than one event ("non-independent events"): the DSR is
/// unchanged and the interval widens.
///
/// # Formula
///
/// For a group with bands `i`, weights `wᵢ` and `O = Σxᵢ`:
/// `DSR = Σ(xᵢwᵢ/nᵢ) / Σwᵢ · m`, `var = Σ(xᵢwᵢ²/nᵢ²) / (Σwᵢ)²` (with repeat events
/// `var = Σ_f f² Σᵢ u_f,ᵢ wᵢ²/nᵢ² / (Σwᵢ)²`), and the limits are
/// `(DSR/m + √(var/O) · (O_lower − O)) · m` and likewise with `O_upper`, where `O_lower` and
/// `O_upper` are Byar's limits for `O`.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] for a bad `confidence` or `multiplier`, input columns whose
///   lengths differ from `x.len()`, or output slices whose length is not the number of groups.
/// - [`Error::Method`] naming the first bad row and the number of bad rows for `x < 0`,
///   `n <= 0` or NaN, `stdpop < 0` or NaN, an event frequency that is not a positive number,
///   or (with repeat events) one group and age band with different `n` or `stdpop`.
///
/// # References
///
/// - Dobson, A. J. et al. (1991). Confidence intervals for weighted sums of Poisson parameters.
///   *Statistics in Medicine* 10, 457-462.
/// - `PHEindicatormethods` 2.1.0, `calculate_dsr` (and its `independent_events = FALSE` path);
///   Fingertips technical guidance, "Directly standardised rates".
///
/// # Examples
///
/// The `PHEindicatormethods` test area `testdata_small` (19 ESP 2013 bands) at 95%, per 10,000:
///
/// ```
/// use outcomes_core::stats::{dsr, DsrOptions, Interval};
/// let x = [12., 4., 3., 2., 3., 4., 8., 2., 2., 3., 4., 5., 6., 8., 5., 6., 5., 5., 4.];
/// let n = [636., 558., 609., 543., 384., 594., 669., 843., 660., 576., 606., 522., 426., 273.,
///          300., 288., 153., 123., 207.];
/// let esp = [5000., 5500., 5500., 5500., 6000., 6000., 6500., 7000., 7000., 7000., 7000.,
///            6500., 6000., 5500., 5000., 4000., 2500., 1500., 1000.];
/// let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
/// let opts = DsrOptions { confidence: 0.95, multiplier: 10_000.0 };
/// dsr(&x, &n, &esp, None, None, &opts, Interval::new(&mut v, &mut lo, &mut hi))?;
/// assert!((v[0] - 110.321_202_530_010_4).abs() < 1e-9);
/// assert!((lo[0] - 87.745_576_753_670_9).abs() < 1e-9);
/// assert!((hi[0] - 136.708_822_272_517_95).abs() < 1e-9);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn dsr(
    x: &[f64],
    n: &[f64],
    stdpop: &[f64],
    groups: Option<&[u32]>,
    repeat_events: Option<RepeatEvents<'_>>,
    options: &DsrOptions,
    mut out: Interval<'_>,
) -> Result<GroupedSummary, Error> {
    let len = x.len();
    check_input("n", n.len(), len)?;
    check_input("stdpop", stdpop.len(), len)?;
    if let Some(g) = groups {
        check_input("groups", g.len(), len)?;
    }
    if let Some(r) = repeat_events {
        check_input("event_frequency", r.event_frequency.len(), len)?;
        check_input("age_band", r.age_band.len(), len)?;
    }
    let z = z_for_confidence(options.confidence)?;
    check_multiplier(options.multiplier)?;
    first_bad_row(len, |i| {
        let freq = repeat_events.map(|r| r.event_frequency[i]);
        dsr_problem(x[i], n[i], stdpop[i], freq, i)
    })?;
    let (slots, ngroups) = row_slots(groups, len);
    out.check_len(ngroups, "groups")?;

    let mut acc = vec![Acc::default(); ngroups];
    match repeat_events {
        None => {
            for i in 0..len {
                let a = &mut acc[slots[i] as usize];
                let xi = if x[i].is_nan() { 0.0 } else { x[i] };
                let w_n = stdpop[i] / n[i];
                a.weighted += xi * w_n;
                a.stdpop += stdpop[i];
                a.var += xi * w_n * w_n;
                a.count += xi;
            }
        }
        Some(r) => {
            // One standard population per (group, band); n and stdpop must agree across the
            // frequency rows of a band.
            let mut bands: HashMap<(u32, u32), usize> = HashMap::new();
            let mut conflict: Option<usize> = None;
            let mut conflicts = 0;
            for i in 0..len {
                let slot = slots[i];
                let a = &mut acc[slot as usize];
                let u = if x[i].is_nan() { 0.0 } else { x[i] };
                let f = r.event_frequency[i];
                let w_n = stdpop[i] / n[i];
                a.weighted += f * u * w_n;
                a.var += f * f * u * w_n * w_n;
                a.count += f * u;
                match bands.entry((slot, r.age_band[i])) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(i);
                        a.stdpop += stdpop[i];
                    }
                    std::collections::hash_map::Entry::Occupied(e) => {
                        let j = *e.get();
                        if n[j] != n[i] || stdpop[j] != stdpop[i] {
                            conflicts += 1;
                            conflict.get_or_insert(i);
                        }
                    }
                }
            }
            if let Some(i) = conflict {
                return Err(super::bad_rows(
                    format!("n[{i}]"),
                    &format!(
                        "row {i} has the same group and age band as an earlier row but a different \
                         n ({}) or stdpop ({}): there are rows with the same grouping variables and \
                         ageband but with different populations (n) or standard populations (stdpop)",
                        n[i], stdpop[i]
                    ),
                    conflicts,
                ));
            }
        }
    }

    let m = options.multiplier;
    let mut summary = GroupedSummary {
        groups: ngroups,
        notes: Vec::new(),
    };
    for (g, a) in acc.iter().enumerate() {
        if a.count < 10.0 || a.stdpop <= 0.0 {
            out.set(g, f64::NAN, f64::NAN, f64::NAN);
            summary.note(
                g,
                if a.count < 10.0 {
                    DSR_SMALL_COUNT_NOTE
                } else {
                    "dsr NA: the standard populations of this group sum to 0"
                },
            );
            continue;
        }
        let (value, lower, upper) = dobson(a, z);
        out.set(g, value * m, lower * m, upper * m);
    }
    Ok(summary)
}

/// The Dobson interval for one group's sums (unscaled by the multiplier).
#[inline]
fn dobson(a: &Acc, z: f64) -> (f64, f64, f64) {
    let value = a.weighted / a.stdpop;
    let var = a.var / (a.stdpop * a.stdpop);
    let (ol, ou) = byars_limits(a.count, z);
    let s = (var / a.count).sqrt();
    (
        value,
        value + s * (ol - a.count),
        value + s * (ou - a.count),
    )
}

fn dsr_problem(x: f64, n: f64, w: f64, freq: Option<f64>, i: usize) -> Option<(String, String)> {
    if x < 0.0 || x == f64::INFINITY {
        Some((
            format!("x[{i}]"),
            format!(
                "x[{i}] = {x}: numerators must all be greater than or equal to zero and finite"
            ),
        ))
    } else if n.is_nan() {
        Some((
            format!("n[{i}]"),
            format!("n[{i}] is missing: field n cannot have missing values"),
        ))
    } else if n <= 0.0 || n.is_infinite() {
        Some((
            format!("n[{i}]"),
            format!("n[{i}] = {n}: denominators must all be greater than zero and finite"),
        ))
    } else if w.is_nan() {
        Some((
            format!("stdpop[{i}]"),
            format!("stdpop[{i}] is missing: field stdpop cannot have missing values"),
        ))
    } else if w < 0.0 || w.is_infinite() {
        Some((
            format!("stdpop[{i}]"),
            format!(
                "stdpop[{i}] = {w}: stdpop must all be greater than or equal to zero and finite"
            ),
        ))
    } else {
        freq.filter(|f| !(*f > 0.0 && f.is_finite())).map(|f| {
            (
                format!("event_frequency[{i}]"),
                format!(
                    "event_frequency[{i}] = {f}: event frequencies must be positive numbers \
                     (1, 2, 3, ...) with no missing values"
                ),
            )
        })
    }
}
