//! Social return on investment (SROI): present value, NPV, ratios, payback, break-even values
//! and a sensitivity table.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{check_fraction, check_non_negative};
use crate::Error;

/// The HM Treasury Green Book (2022) social time preference rate: 3.5% a year.
pub const GREEN_BOOK_DISCOUNT_RATE: f64 = 0.035;

/// The longest duration [`sroi`] accepts, in years.
pub const MAX_DURATION_YEARS: u32 = 1000;

/// The discount rates of the sensitivity table, in order: undiscounted, the Green Book rate
/// for health effects (1.5%), the Green Book standard rate (3.5%) and a high-rate stress test
/// (7%, the rate of the US OMB Circular A-94).
pub const SENSITIVITY_DISCOUNT_RATES: [f64; 4] = [0.0, 0.015, 0.035, 0.07];

/// The change applied to each adjustment in the sensitivity table: 10 percentage points.
pub const SENSITIVITY_POINTS: f64 = 0.10;

/// The change applied to the proxy in the sensitivity table: 10% of its value.
pub const SENSITIVITY_PROXY: f64 = 0.10;

/// What [`sroi`] needs: the outcome, its proxy, the adjustments and the investment.
///
/// Fractions are written as fractions (20% is `0.2`). In JSON every field but `quantity`,
/// `proxy` and `investment` may be left out and takes the default shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SroiInput {
    /// How much of the outcome a year (people into work, tests avoided): at least 0.
    pub quantity: f64,
    /// Money value of one unit of the outcome for one year (GBP): at least 0.
    pub proxy: f64,
    /// The investment (GBP) at year 0, undiscounted: at least 0.
    pub investment: f64,
    /// Share of the outcome that would have happened anyway, in `[0, 1]` (default 0).
    #[serde(default)]
    pub deadweight: f64,
    /// Share of the outcome that displaced outcomes elsewhere, in `[0, 1]` (default 0).
    #[serde(default)]
    pub displacement: f64,
    /// Share of the outcome due to others, in `[0, 1]` (default 0).
    #[serde(default)]
    pub attribution: f64,
    /// Share of the outcome lost each year after the first, in `[0, 1]` (default 0).
    #[serde(default)]
    pub drop_off: f64,
    /// Whole years the outcome lasts, `1..=1000` (default 1).
    #[serde(default = "default_duration")]
    pub duration_years: u32,
    /// Yearly discount rate, in `[0, 1]` (default 0.035, the Green Book rate).
    #[serde(default = "default_rate")]
    pub discount_rate: f64,
}

fn default_duration() -> u32 {
    1
}

fn default_rate() -> f64 {
    GREEN_BOOK_DISCOUNT_RATE
}

impl SroiInput {
    /// An input with no adjustments, one year and the Green Book discount rate.
    #[must_use]
    pub fn new(quantity: f64, proxy: f64, investment: f64) -> Self {
        SroiInput {
            quantity,
            proxy,
            investment,
            deadweight: 0.0,
            displacement: 0.0,
            attribution: 0.0,
            drop_off: 0.0,
            duration_years: 1,
            discount_rate: GREEN_BOOK_DISCOUNT_RATE,
        }
    }

    /// Checks every field, naming the first bad one.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the field.
    pub fn check(&self) -> Result<(), Error> {
        check_non_negative("quantity", self.quantity)?;
        check_non_negative("proxy", self.proxy)?;
        check_non_negative("investment", self.investment)?;
        check_fraction("deadweight", self.deadweight)?;
        check_fraction("displacement", self.displacement)?;
        check_fraction("attribution", self.attribution)?;
        check_fraction("drop_off", self.drop_off)?;
        if !(1..=MAX_DURATION_YEARS).contains(&self.duration_years) {
            return Err(Error::invalid_argument(
                "duration_years",
                format!(
                    "duration_years = {} must be a whole number of years from 1 to {MAX_DURATION_YEARS}",
                    self.duration_years
                ),
            ));
        }
        if !(self.discount_rate.is_finite() && (0.0..=1.0).contains(&self.discount_rate)) {
            return Err(Error::invalid_argument(
                "discount_rate",
                format!(
                    "discount_rate = {} must be a yearly rate in [0, 1]; write 3.5% as 0.035",
                    self.discount_rate
                ),
            ));
        }
        Ok(())
    }

    /// Impact in year 1: `quantity × proxy × (1 − deadweight)(1 − displacement)(1 − attribution)`.
    #[must_use]
    pub fn year_one(&self) -> f64 {
        self.quantity
            * self.proxy
            * (1.0 - self.deadweight)
            * (1.0 - self.displacement)
            * (1.0 - self.attribution)
    }

    /// Present value: year 1 impact times [`annuity_factor`].
    #[must_use]
    pub fn present_value(&self) -> f64 {
        self.year_one() * annuity_factor(self.drop_off, self.discount_rate, self.duration_years)
    }
}

/// `S = Σ_{k=1..n} (1 − d)^(k−1) / (1 + r)^k`: the present value of an outcome worth 1 in
/// year 1 that drops off by `d` a year, over `n` years, discounted at `r`.
#[must_use]
pub fn annuity_factor(drop_off: f64, rate: f64, years: u32) -> f64 {
    let keep = 1.0 - drop_off;
    let step = 1.0 / (1.0 + rate);
    let mut term = step;
    let mut sum = 0.0;
    for _ in 0..years {
        sum += term;
        term *= keep * step;
    }
    sum
}

/// One year of an [`Sroi`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SroiYear {
    /// Year number, 1 to `duration_years`.
    pub year: u32,
    /// Value of the outcome in that year (GBP, undiscounted).
    pub value: f64,
    /// `1 / (1 + r)^year`.
    pub discount_factor: f64,
    /// `value × discount_factor`.
    pub present_value: f64,
}

/// The value of each adjustment, the others fixed, at which the present value equals the
/// investment.
///
/// `None` when no value in `[0, 1]` makes them equal: when the net present value is positive
/// or zero, that means the present value stays above the investment whatever the adjustment
/// (the result is robust to it); when it is negative, that the present value stays below the
/// investment even with the adjustment at 0. Every value is `None` when the investment is 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BreakEven {
    /// Break-even deadweight.
    pub deadweight: Option<f64>,
    /// Break-even displacement.
    pub displacement: Option<f64>,
    /// Break-even attribution.
    pub attribution: Option<f64>,
    /// Break-even drop-off.
    pub drop_off: Option<f64>,
}

/// Which input a [`SensitivityRow`] changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SensitivityParameter {
    /// Deadweight, ± 10 percentage points.
    Deadweight,
    /// Displacement, ± 10 percentage points.
    Displacement,
    /// Attribution, ± 10 percentage points.
    Attribution,
    /// Drop-off, ± 10 percentage points.
    DropOff,
    /// The proxy, ± 10%.
    Proxy,
    /// Duration, ± 1 year (the shorter duration only when it is at least 1 year).
    DurationYears,
    /// The discount rate: 0%, 1.5%, 3.5% and 7%.
    DiscountRate,
}

/// One row of the sensitivity table of an [`Sroi`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SensitivityRow {
    /// The input changed.
    pub parameter: SensitivityParameter,
    /// The change in words: `"-10 points"`, `"+10%"`, `"+1 year"`, `"rate 1.5%"`.
    pub change: String,
    /// The value of the input used (a fraction for adjustments and rates, GBP for the
    /// proxy, years for the duration). Adjustments are kept within `[0, 1]`.
    pub value: f64,
    /// Present value with the change.
    pub present_value: f64,
    /// Net present value with the change.
    pub net_present_value: f64,
    /// SROI ratio with the change (`None` when the investment is 0).
    pub ratio: Option<f64>,
}

/// The result of [`sroi`]: the figures and the working behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sroi {
    /// The input, as used.
    pub input: SroiInput,
    /// `quantity × proxy`: the value before any adjustment.
    pub gross_value: f64,
    /// Each year's value, discount factor and present value.
    pub yearly: Vec<SroiYear>,
    /// Sum of the yearly present values.
    pub present_value: f64,
    /// `present_value − investment`.
    pub net_present_value: f64,
    /// `present_value / investment`; `None` when the investment is 0.
    pub ratio: Option<f64>,
    /// `net_present_value / investment`; `None` when the investment is 0.
    pub net_ratio: Option<f64>,
    /// `investment / (year-1 value / 12)`, undiscounted; `None` when the investment is 0 or
    /// the year-1 value is 0 (it never pays back).
    pub payback_months: Option<f64>,
    /// Break-even value of each adjustment.
    pub break_even: BreakEven,
    /// The sensitivity table (see [`SensitivityParameter`] for the rows, in that order).
    pub sensitivity: Vec<SensitivityRow>,
}

/// Social return on investment of one outcome.
///
/// # Formula
///
/// With quantity `q`, proxy `p`, deadweight `dw`, displacement `ds`, attribution `a`,
/// drop-off `d`, duration `n` whole years, discount rate `r` and investment `I`:
///
/// - year 1 value `V₁ = q·p·(1 − dw)(1 − ds)(1 − a)`; year `k` value `Vₖ = V₁·(1 − d)^(k−1)`
///   (drop-off applies from year 2);
/// - present value `PV = Σ_{k=1..n} Vₖ / (1 + r)^k`: year 1 is discounted one full year, and
///   the investment is at year 0, undiscounted;
/// - `NPV = PV − I`, ratio `PV / I`, net ratio `NPV / I`;
/// - payback in months `I / (V₁ / 12)`, undiscounted;
/// - break-even: for deadweight, displacement and attribution, in closed form
///   `x* = 1 − I / PV(x = 0)`; for drop-off, by bisection on `[0, 1]` to `1e-12` (the present
///   value is a polynomial in `d`, decreasing). See [`BreakEven`] for when there is none.
/// - sensitivity: each adjustment ± 10 percentage points (kept within `[0, 1]`), the proxy
///   ± 10%, the duration ± 1 year and the discount rate at each of
///   [`SENSITIVITY_DISCOUNT_RATES`], one at a time, the others as given.
///
/// Durations are whole years: the type admits nothing else, and an outcome recorded with a
/// fractional duration must be rounded by the caller, who knows which way is prudent.
///
/// # Errors
///
/// [`Error::InvalidArgument`] naming the field: a negative or non-finite quantity, proxy or
/// investment; an adjustment or discount rate outside `[0, 1]`; a duration outside
/// `1..=1000` years. A zero investment is not an error: ratios, payback and break-even values
/// are then `None`.
///
/// # References
///
/// - HM Treasury (2022). *The Green Book: central government guidance on appraisal and
///   evaluation*, section 6 and annex A6 (discounting at 3.5%; 1.5% for health effects).
/// - Cabinet Office / Social Value UK (2012). *A guide to Social Return on Investment*,
///   stages 4 (deadweight, displacement, attribution, drop-off) and 5 (present value, SROI
///   ratio, payback, sensitivity analysis).
///
/// # Examples
///
/// Worked case E of `worked-cases.md`:
///
/// ```
/// use outcomes_core::value::{sroi, SroiInput};
/// let input = SroiInput {
///     deadweight: 0.20,
///     displacement: 0.10,
///     attribution: 0.25,
///     drop_off: 0.30,
///     duration_years: 3,
///     ..SroiInput::new(40.0, 5_000.0, 100_000.0)
/// };
/// let s = sroi(&input)?;
/// let values: Vec<f64> = s.yearly.iter().map(|y| y.value).collect();
/// assert!((values[0] - 108_000.0).abs() < 0.005);
/// assert!((values[1] - 75_600.0).abs() < 0.005);
/// assert!((values[2] - 52_920.0).abs() < 0.005);
/// assert!((s.present_value - 222_652.04).abs() < 0.005);
/// assert!((s.net_present_value - 122_652.04).abs() < 0.005);
/// assert!((s.ratio.unwrap() - 2.2265).abs() < 5e-5);
/// assert!((s.payback_months.unwrap() - 11.1).abs() < 0.05);
/// assert!((s.break_even.deadweight.unwrap() - 0.6407).abs() < 5e-5);
/// assert!((s.break_even.displacement.unwrap() - 0.5958).abs() < 5e-5);
/// assert!((s.break_even.attribution.unwrap() - 0.6632).abs() < 5e-5);
/// assert_eq!(s.break_even.drop_off, None);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn sroi(input: &SroiInput) -> Result<Sroi, Error> {
    input.check()?;
    let inv = input.investment;
    let v1 = input.year_one();
    let step = 1.0 / (1.0 + input.discount_rate);
    let keep = 1.0 - input.drop_off;
    let mut yearly = Vec::with_capacity(input.duration_years as usize);
    let (mut value, mut factor, mut pv) = (v1, step, 0.0);
    for year in 1..=input.duration_years {
        let present_value = value * factor;
        pv += present_value;
        yearly.push(SroiYear {
            year,
            value,
            discount_factor: factor,
            present_value,
        });
        value *= keep;
        factor *= step;
    }
    let npv = pv - inv;
    let per_investment = |x: f64| (inv > 0.0).then(|| x / inv);
    let payback_months = (inv > 0.0 && v1 > 0.0).then(|| inv / (v1 / 12.0));
    Ok(Sroi {
        input: *input,
        gross_value: input.quantity * input.proxy,
        present_value: pv,
        net_present_value: npv,
        ratio: per_investment(pv),
        net_ratio: per_investment(npv),
        payback_months,
        break_even: break_even(input),
        sensitivity: sensitivity(input),
        yearly,
    })
}

/// Break-even values; `input` must have passed [`SroiInput::check`].
fn break_even(input: &SroiInput) -> BreakEven {
    let inv = input.investment;
    if inv <= 0.0 {
        return BreakEven {
            deadweight: None,
            displacement: None,
            attribution: None,
            drop_off: None,
        };
    }
    // PV with one multiplicative adjustment set to 0 is `pv0`; PV(x) = pv0·(1 − x), so
    // PV(x) = I at x = 1 − I/pv0, which lies in [0, 1) exactly when pv0 >= I.
    let closed = |zeroed: SroiInput| {
        let pv0 = zeroed.present_value();
        (pv0 >= inv).then(|| 1.0 - inv / pv0)
    };
    let deadweight = closed(SroiInput {
        deadweight: 0.0,
        ..*input
    });
    let displacement = closed(SroiInput {
        displacement: 0.0,
        ..*input
    });
    let attribution = closed(SroiInput {
        attribution: 0.0,
        ..*input
    });
    let drop_off = {
        let f = |d: f64| {
            SroiInput {
                drop_off: d,
                ..*input
            }
            .present_value()
                - inv
        };
        let (f0, f1) = (f(0.0), f(1.0));
        if f0 < 0.0 || f1 > 0.0 || (f0 == f1 && f0 != 0.0) {
            None
        } else if f0 == 0.0 {
            Some(0.0)
        } else if f1 == 0.0 {
            Some(1.0)
        } else {
            let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
            while hi - lo > 1e-12 {
                let mid = 0.5 * (lo + hi);
                if f(mid) > 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            Some(0.5 * (lo + hi))
        }
    };
    BreakEven {
        deadweight,
        displacement,
        attribution,
        drop_off,
    }
}

/// A field of an [`SroiInput`], for the sensitivity table.
type Field = fn(&mut SroiInput) -> &mut f64;

/// The sensitivity table; `input` must have passed [`SroiInput::check`].
fn sensitivity(input: &SroiInput) -> Vec<SensitivityRow> {
    let inv = input.investment;
    let row = |parameter, change: String, value, changed: SroiInput| {
        let pv = changed.present_value();
        SensitivityRow {
            parameter,
            change,
            value,
            present_value: pv,
            net_present_value: pv - inv,
            ratio: (inv > 0.0).then(|| pv / inv),
        }
    };
    let mut rows = Vec::with_capacity(16);
    let adjustments: [(SensitivityParameter, Field); 4] = [
        (SensitivityParameter::Deadweight, |s| &mut s.deadweight),
        (SensitivityParameter::Displacement, |s| &mut s.displacement),
        (SensitivityParameter::Attribution, |s| &mut s.attribution),
        (SensitivityParameter::DropOff, |s| &mut s.drop_off),
    ];
    for (parameter, field) in adjustments {
        for (sign, label) in [(-1.0, "-10 points"), (1.0, "+10 points")] {
            let mut changed = *input;
            let slot = field(&mut changed);
            *slot = (*slot + sign * SENSITIVITY_POINTS).clamp(0.0, 1.0);
            let value = *slot;
            rows.push(row(parameter, label.to_owned(), value, changed));
        }
    }
    for (sign, label) in [(-1.0, "-10%"), (1.0, "+10%")] {
        let proxy = input.proxy * (1.0 + sign * SENSITIVITY_PROXY);
        rows.push(row(
            SensitivityParameter::Proxy,
            label.to_owned(),
            proxy,
            SroiInput { proxy, ..*input },
        ));
    }
    if input.duration_years >= 2 {
        let n = input.duration_years - 1;
        rows.push(row(
            SensitivityParameter::DurationYears,
            "-1 year".to_owned(),
            f64::from(n),
            SroiInput {
                duration_years: n,
                ..*input
            },
        ));
    }
    let n = input.duration_years + 1;
    rows.push(row(
        SensitivityParameter::DurationYears,
        "+1 year".to_owned(),
        f64::from(n),
        SroiInput {
            duration_years: n,
            ..*input
        },
    ));
    for rate in SENSITIVITY_DISCOUNT_RATES {
        rows.push(row(
            SensitivityParameter::DiscountRate,
            format!("rate {:.1}%", rate * 100.0),
            rate,
            SroiInput {
                discount_rate: rate,
                ..*input
            },
        ));
    }
    rows
}
