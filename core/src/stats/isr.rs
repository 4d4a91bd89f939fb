//! Indirectly standardised rates (ISR) and ratios (`ISRatio`, e.g. SMR).

use super::dist::{normalise_confidence, z_for_confidence};
use super::group::row_slots;
use super::poisson::{ExactTable, count_limits};
use super::{GroupedSummary, Interval, check_input, check_multiplier, first_bad_row};
use crate::Error;

/// Options of [`isr`] and [`isratio`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IsrOptions {
    /// Confidence level, a fraction in `[0.9, 1)` or a percentage in `[90, 100)`.
    pub confidence: f64,
    /// For [`isr`], the rate is per this many people (default 100,000); for [`isratio`], the
    /// value the reference ratio is expressed as (`refvalue`: 1 for a ratio, 100 for an SMR
    /// per 100).
    pub multiplier: f64,
}

impl IsrOptions {
    /// 95% ISR per 100,000.
    #[must_use]
    pub fn rate() -> Self {
        IsrOptions {
            confidence: 0.95,
            multiplier: 100_000.0,
        }
    }

    /// 95% `ISRatio` with reference value 1.
    #[must_use]
    pub fn ratio() -> Self {
        IsrOptions {
            confidence: 0.95,
            multiplier: 1.0,
        }
    }
}

struct Sums {
    observed: f64,
    expected: f64,
    x_ref: f64,
    n_ref: f64,
}

#[allow(clippy::too_many_arguments)]
fn isr_core(
    x: &[f64],
    n: &[f64],
    x_ref: &[f64],
    n_ref: &[f64],
    groups: Option<&[u32]>,
    options: &IsrOptions,
    out: &mut Interval<'_>,
    as_rate: bool,
) -> Result<GroupedSummary, Error> {
    let len = x.len();
    check_input("n", n.len(), len)?;
    check_input("x_ref", x_ref.len(), len)?;
    check_input("n_ref", n_ref.len(), len)?;
    if let Some(g) = groups {
        check_input("groups", g.len(), len)?;
    }
    let z = z_for_confidence(options.confidence)?;
    let alpha = (1.0 - normalise_confidence(options.confidence)?) / 2.0;
    check_multiplier(options.multiplier)?;
    first_bad_row(len, |i| isr_problem(x[i], n[i], x_ref[i], n_ref[i], i))?;
    let (slots, ngroups) = row_slots(groups, len);
    out.check_len(ngroups, "groups")?;

    let mut sums: Vec<Sums> = (0..ngroups)
        .map(|_| Sums {
            observed: 0.0,
            expected: 0.0,
            x_ref: 0.0,
            n_ref: 0.0,
        })
        .collect();
    for i in 0..len {
        let s = &mut sums[slots[i] as usize];
        if !x[i].is_nan() {
            s.observed += x[i];
        }
        let e = x_ref[i] / n_ref[i] * n[i];
        if !e.is_nan() {
            s.expected += e;
        }
        if !x_ref[i].is_nan() && !n_ref[i].is_nan() {
            s.x_ref += x_ref[i];
            s.n_ref += n_ref[i];
        }
    }
    let table = ExactTable::new(alpha);
    let summary = GroupedSummary {
        groups: ngroups,
        notes: Vec::new(),
    };
    for (g, s) in sums.iter().enumerate() {
        let scale = if as_rate {
            s.x_ref / s.n_ref * options.multiplier / s.expected
        } else {
            options.multiplier / s.expected
        };
        let (lo, hi) = count_limits(s.observed, z, &table);
        out.set(g, s.observed * scale, lo * scale, hi * scale);
    }
    Ok(summary)
}

/// Indirectly standardised rates, one per group, with exact (O < 10) or Byar's (O >= 10)
/// limits.
///
/// Rows are (group, band) cells: local events `x` and population `n`, reference events
/// `x_ref` and population `n_ref`. A NaN in `x` counts as 0, and a band whose expected count
/// is NaN (NaN `x_ref`, `n_ref` or `n`) contributes 0 to `E`. `n = 0` is allowed (the band
/// contributes nothing). Small counts are not suppressed.
///
/// # Formula
///
/// `E = Σ (x_refᵢ / n_refᵢ) · nᵢ`, `O = Σ xᵢ`, `ref_rate = Σ x_ref / Σ n_ref · m`;
/// `ISR = O / E · ref_rate`, with limits `L(O) / E · ref_rate`, `L` the exact Poisson limits
/// for `O < 10` and Byar's for `O >= 10`.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] for a bad `confidence` or `multiplier`, input lengths that
///   differ from `x.len()` or outputs whose length is not the number of groups.
/// - [`Error::Method`] naming the first bad row and the number of bad rows for `x < 0`,
///   `n < 0`, `x_ref < 0`, `n_ref <= 0` or an infinite value.
///
/// # References
///
/// - `PHEindicatormethods` 2.1.0, `calculate_ISRate` (`refpoptype = "field"`); Fingertips
///   technical guidance, "Indirectly standardised rates".
/// - Breslow, N. E. and Day, N. E. (1987). *Statistical Methods in Cancer Research II*.
///
/// # Examples
///
/// One band with 12 local deaths in 600 people against a reference rate of 1,000 in 50,000:
/// `E = 12`, so the ISR equals the reference rate, 2,000 per 100,000.
///
/// ```
/// use outcomes_core::stats::{isr, Interval, IsrOptions};
/// let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
/// isr(&[12.0], &[600.0], &[1000.0], &[50_000.0], None, &IsrOptions::rate(),
///     Interval::new(&mut v, &mut lo, &mut hi))?;
/// assert!((v[0] - 2000.0).abs() < 1e-9);
/// assert!(lo[0] < 2000.0 && hi[0] > 2000.0);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn isr(
    x: &[f64],
    n: &[f64],
    x_ref: &[f64],
    n_ref: &[f64],
    groups: Option<&[u32]>,
    options: &IsrOptions,
    mut out: Interval<'_>,
) -> Result<GroupedSummary, Error> {
    isr_core(x, n, x_ref, n_ref, groups, options, &mut out, true)
}

/// Indirectly standardised ratios (observed / expected, e.g. an SMR), one per group, with
/// exact (O < 10) or Byar's (O >= 10) limits.
///
/// Inputs and conventions as for [`isr`]; `options.multiplier` is the reference value
/// (`refvalue`: 1, or 100 for a ratio per 100).
///
/// # Formula
///
/// `E = Σ (x_refᵢ / n_refᵢ) · nᵢ`, `O = Σ xᵢ`; `ratio = O / E · refvalue`, with limits
/// `L(O) / E · refvalue`.
///
/// # Errors
///
/// As for [`isr`].
///
/// # References
///
/// - `PHEindicatormethods` 2.1.0, `calculate_ISRatio`; Fingertips technical guidance,
///   "Standardised ratios".
///
/// # Examples
///
/// The `PHEindicatormethods` case with a zero-population band (`testdata_err2`, Area1), per 100:
///
/// ```
/// use outcomes_core::stats::{isratio, Interval, IsrOptions};
/// let x = [127., 25., 18., 21., 12., 27., 48., 27., 29., 32., 32., 34., 45., 65., 38., 68., 74., 82., 91.];
/// let n = [636., 0., 609., 543., 384., 594., 669., 843., 660., 576., 606., 522., 426., 273., 300., 288., 153., 123., 207.];
/// let x_ref = [10303., 2824., 0., 3615., 3641., 3490., 3789., 3213., 3031., 2771., 3089., 3490., 3595., 4745., 5514., 7125., 5694., 6210., 5757.];
/// let n_ref = [50520., 57173., 60213., 54659., 44345., 50128., 62163., 67423., 62899., 55463., 60479., 49974., 44140., 40888., 37239., 30819., 18136., 15325., 13918.];
/// let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
/// let opts = IsrOptions { confidence: 0.95, multiplier: 100.0 };
/// isratio(&x, &n, &x_ref, &n_ref, None, &opts, Interval::new(&mut v, &mut lo, &mut hi))?;
/// assert!((v[0] - 110.723_237_494_308_66).abs() < 1e-9);
/// assert!((lo[0] - 103.587_082_816_764_85).abs() < 1e-9);
/// assert!((hi[0] - 118.221_478_412_285_08).abs() < 1e-9);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn isratio(
    x: &[f64],
    n: &[f64],
    x_ref: &[f64],
    n_ref: &[f64],
    groups: Option<&[u32]>,
    options: &IsrOptions,
    mut out: Interval<'_>,
) -> Result<GroupedSummary, Error> {
    isr_core(x, n, x_ref, n_ref, groups, options, &mut out, false)
}

fn isr_problem(x: f64, n: f64, x_ref: f64, n_ref: f64, i: usize) -> Option<(String, String)> {
    let finite = |v: f64| !v.is_infinite();
    if x < 0.0 || !finite(x) {
        Some((
            format!("x[{i}]"),
            format!(
                "x[{i}] = {x}: numerators must all be greater than or equal to zero and finite"
            ),
        ))
    } else if n < 0.0 || !finite(n) {
        Some((
            format!("n[{i}]"),
            format!(
                "n[{i}] = {n}: denominators must all be greater than or equal to zero and finite"
            ),
        ))
    } else if x_ref < 0.0 || !finite(x_ref) {
        Some((
            format!("x_ref[{i}]"),
            format!(
                "x_ref[{i}] = {x_ref}: reference numerators must be greater than or equal to zero and finite"
            ),
        ))
    } else if n_ref <= 0.0 || !finite(n_ref) {
        Some((
            format!("n_ref[{i}]"),
            format!(
                "n_ref[{i}] = {n_ref}: reference denominators must be greater than zero and finite"
            ),
        ))
    } else {
        None
    }
}
