//! Public-health statistics matching `PHEindicatormethods` 2.1.0 and the Fingertips technical
//! guidance.
//!
//! Every kernel takes input slices and writes into preallocated output slices, so callers (and
//! the C and Python bindings) control allocation and a million rows cost one pass.
//!
//! - [`dist`]: normal, chi-squared and Student's t distributions used by the kernels.
//! - [`proportion()`]: Wilson score intervals; [`rate()`]: exact Poisson / Byar's intervals.
//! - [`dsr()`]: directly standardised rates (Dobson); [`isr()`] and [`isratio()`]: indirectly
//!   standardised rates and ratios; [`mean()`]: Student's t; [`life_expectancy()`]: Chiang II
//!   with Silcocks' variance; [`funnel_limits()`] and [`funnel_significance()`].
//!
//! # Conventions
//!
//! - `confidence` is a fraction in `[0.9, 1)` or a percentage in `[90, 100)` (see
//!   [`dist::z_for_confidence`]).
//! - NaN in a row gives NaN in that row (proportion, rate, mean); the count-based grouped
//!   methods (DSR, ISR) treat a NaN count as 0, as `PHEindicatormethods` does.
//! - Values no method can accept (x < 0, n <= 0, x > n for a proportion, ...) are an
//!   [`Error::Method`](crate::Error::Method) naming the first bad row (`x[3]`) and how many
//!   rows are bad; output slices of the wrong length are an
//!   [`Error::InvalidArgument`](crate::Error::InvalidArgument).
//! - Grouped methods take an optional `&[u32]` group-key column and write one row per group in
//!   first-appearance order ([`group_keys`]); a group's rows need not be contiguous.
//! - When a kernel returns an error the contents of its output slices are unspecified.

pub mod compare;
pub mod dist;
pub mod dsr;
pub mod funnel;
mod group;
pub mod inequality;
pub mod isr;
pub mod life_expectancy;
pub mod mean;
pub mod poisson;
pub mod proportion;
pub mod quantiles;
pub mod rate;
pub mod sii;
pub mod trend;

pub use compare::{CompareMethod, CompareOptions, Comparison, Goal, GoalStatus, Polarity, compare};
pub use dsr::{DsrOptions, RepeatEvents, dsr};
pub use funnel::{FunnelKind, FunnelSignificance, funnel_limits, funnel_significance};
pub use group::group_keys;
pub use inequality::{Gap, Orientation, inequality_gap, proportionate_universalism};
pub use isr::{IsrOptions, isr, isratio};
pub use life_expectancy::{LifeExpectancyOptions, life_expectancy};
pub use mean::mean;
pub use proportion::proportion;
pub use quantiles::{QUANTILE_MISSING, quantiles, quantiles_grouped};
pub use rate::rate;
pub use sii::{Sii, SiiInput, SiiOptions, ValueType, sii, sii_grouped};
pub use trend::{RecentTrend, Trend, TrendInput, recent_trend, recent_trend_grouped};

use crate::Error;

/// The three output columns of an interval kernel: value, lower and upper limit.
///
/// Each slice must have one element per output row (per input row for [`proportion()`] and
/// [`rate()`], per group for the grouped methods).
#[derive(Debug)]
pub struct Interval<'a> {
    /// The point estimate.
    pub value: &'a mut [f64],
    /// The lower confidence limit.
    pub lower: &'a mut [f64],
    /// The upper confidence limit.
    pub upper: &'a mut [f64],
}

impl<'a> Interval<'a> {
    /// Bundles three output slices.
    pub fn new(value: &'a mut [f64], lower: &'a mut [f64], upper: &'a mut [f64]) -> Self {
        Interval {
            value,
            lower,
            upper,
        }
    }

    fn check_len(&self, len: usize, what: &str) -> Result<(), Error> {
        check_out("value", self.value.len(), len, what)?;
        check_out("lower", self.lower.len(), len, what)?;
        check_out("upper", self.upper.len(), len, what)
    }

    fn set(&mut self, i: usize, value: f64, lower: f64, upper: f64) {
        self.value[i] = value;
        self.lower[i] = lower;
        self.upper[i] = upper;
    }
}

/// A remark about one group's result (a suppressed or unreliable value), keeping the
/// `PHEindicatormethods` wording where it has one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupNote {
    /// The group's output row (its position in first-appearance order).
    pub group: usize,
    /// What happened, e.g. `dsr NA for total count < 10`.
    pub message: String,
}

/// What a grouped kernel did besides writing its outputs.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct GroupedSummary {
    /// The number of groups (output rows) written.
    pub groups: usize,
    /// One note per group whose result was suppressed or needs a caution.
    pub notes: Vec<GroupNote>,
}

impl GroupedSummary {
    fn note(&mut self, group: usize, message: impl Into<String>) {
        self.notes.push(GroupNote {
            group,
            message: message.into(),
        });
    }
}

fn check_out(name: &str, got: usize, want: usize, what: &str) -> Result<(), Error> {
    if got == want {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            name,
            format!(
                "output `{name}` has {got} elements but there are {want} {what}: allocate one per {}",
                what.trim_end_matches('s')
            ),
        ))
    }
}

fn check_input(name: &str, got: usize, want: usize) -> Result<(), Error> {
    if got == want {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            name,
            format!(
                "`{name}` has {got} elements but `x` has {want}: every input column needs one value per row"
            ),
        ))
    }
}

fn check_multiplier(multiplier: f64) -> Result<(), Error> {
    if multiplier.is_finite() && multiplier > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "multiplier",
            format!(
                "multiplier = {multiplier} must be a finite number greater than 0 (e.g. 1, 100 or 100000)"
            ),
        ))
    }
}

/// Builds the error for invalid rows: the first bad row is described, with the total count.
pub(crate) fn bad_rows(path: String, detail: &str, count: usize) -> Error {
    let tail = if count == 1 {
        "1 row is invalid".to_owned()
    } else {
        format!("{count} rows are invalid")
    };
    Error::method(path, format!("{detail} ({tail})"))
}

/// Scans rows with `check`, which returns a description of the problem for a bad row, and
/// returns an error for the first bad row with the count of bad rows.
fn first_bad_row(
    len: usize,
    check: impl Fn(usize) -> Option<(String, String)>,
) -> Result<(), Error> {
    let mut first = None;
    let mut count = 0;
    for i in 0..len {
        if let Some(problem) = check(i) {
            count += 1;
            if first.is_none() {
                first = Some(problem);
            }
        }
    }
    match first {
        None => Ok(()),
        Some((path, detail)) => Err(bad_rows(path, &detail, count)),
    }
}
