//! Slope and relative index of inequality (SII, RII) with simulated confidence limits.
//!
//! The SII is the slope of a population-weighted regression of an indicator on the
//! deprivation rank (the cumulative midpoint of each quantile's population share): the
//! modelled gap between the most and least deprived ends of the whole population. The RII is
//! the ratio of the modelled values at the two ends. Confidence limits come from a seeded
//! Monte-Carlo simulation, so the same inputs and seed always give the same limits on every
//! platform.

use std::hash::Hash;

use crate::Error;
use crate::stats::dist::normalise_confidence;

/// The 95% normal multiplier `PHEindicatormethods` always uses to turn confidence limits into
/// a standard error, whatever the requested confidence level.
const Z95: f64 = 1.959_964;

/// Fewest and most quantiles `PHEindicatormethods` accepts.
const MIN_QUANTILES: usize = 5;
const MAX_QUANTILES: usize = 100;

/// What kind of indicator the values are; decides the scale of the standard error and of the
/// simulation (`value_type` 0, 1, 2 in `PHEindicatormethods`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// Anything on a plain scale, e.g. life expectancy (`value_type = 0`): standard errors and
    /// simulation on the raw scale.
    #[default]
    Other,
    /// A rate (`value_type = 1`): standard errors and simulation on the log scale.
    Rate,
    /// A proportion between 0 and 1 (`value_type = 2`): on the logit scale.
    Proportion,
}

impl ValueType {
    /// The `PHEindicatormethods` code: 0, 1 or 2.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            ValueType::Other => 0,
            ValueType::Rate => 1,
            ValueType::Proportion => 2,
        }
    }

    /// The value type for a `PHEindicatormethods` code.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] (`value_type`) for anything but 0, 1 or 2.
    pub fn from_code(code: u8) -> Result<Self, Error> {
        match code {
            0 => Ok(ValueType::Other),
            1 => Ok(ValueType::Rate),
            2 => Ok(ValueType::Proportion),
            _ => Err(Error::invalid_argument(
                "value_type",
                format!(
                    "value_type = {code}: value_type should be 0, 1 or 2 (0 other, e.g. life \
                     expectancy; 1 rate; 2 proportion)"
                ),
            )),
        }
    }

    /// The link `g`: identity, log or logit.
    fn link(self, v: f64) -> f64 {
        match self {
            ValueType::Other => v,
            ValueType::Rate => v.ln(),
            ValueType::Proportion => (v / (1.0 - v)).ln(),
        }
    }

    /// The inverse link `g⁻¹`.
    fn inverse(self, v: f64) -> f64 {
        match self {
            ValueType::Other => v,
            ValueType::Rate => v.exp(),
            ValueType::Proportion => 1.0 / (1.0 + (-v).exp()),
        }
    }
}

/// Options of [`sii`]; `SiiOptions::default()` gives `PHEindicatormethods`' defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SiiOptions {
    /// Kind of indicator (default [`ValueType::Other`]).
    pub value_type: ValueType,
    /// Regress on the log (rates) or logit (proportions) scale and back-transform (default
    /// false). Needs [`ValueType::Rate`] or [`ValueType::Proportion`] and confidence limits.
    pub transform: bool,
    /// Multiplies the SII (default 1), e.g. 100 for a proportion shown as a percentage; a
    /// negative multiplier also inverts the RII.
    pub multiplier: f64,
    /// Confidence level of the simulated limits, a fraction in `[0.9, 1)` or a percentage in
    /// `[90, 100)` (default 0.95).
    pub confidence: f64,
    /// Monte-Carlo repetitions (default 100,000; at least 1,000), or 0 for point estimates
    /// only (limits NaN).
    pub repetitions: usize,
    /// Seed of the random number generator (default 1); the same seed gives the same limits.
    pub seed: u64,
}

impl Default for SiiOptions {
    fn default() -> Self {
        SiiOptions {
            value_type: ValueType::Other,
            transform: false,
            multiplier: 1.0,
            confidence: 0.95,
            repetitions: 100_000,
            seed: 1,
        }
    }
}

/// Input columns of [`sii`], one row per quantile (and, for [`sii_grouped`], per group).
#[derive(Debug, Clone, Copy, Default)]
pub struct SiiInput<'a> {
    /// The indicator value of each quantile (a proportion between 0 and 1 for
    /// [`ValueType::Proportion`]). A NaN value drops its row, as `PHEindicatormethods` does.
    pub values: &'a [f64],
    /// Population of each quantile (> 0).
    pub population: &'a [f64],
    /// Quantile numbers ordering the rows (quantile 1 first); `None` takes the rows in the
    /// order given. Rank 0 is the first quantile, rank 1 the last.
    pub quantile: Option<&'a [f64]>,
    /// Lower 95% confidence limits (with `upper`), from which the standard errors are derived.
    pub lower: Option<&'a [f64]>,
    /// Upper 95% confidence limits (with `lower`).
    pub upper: Option<&'a [f64]>,
    /// Standard errors, on the scale of the value type (raw, log or logit); used when given,
    /// otherwise they come from the limits.
    pub se: Option<&'a [f64]>,
}

/// SII and RII with their simulated confidence limits.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sii {
    /// Slope index of inequality, times the multiplier.
    pub sii: f64,
    /// Lower simulated limit of the SII (NaN when `repetitions = 0`).
    pub sii_lower: f64,
    /// Upper simulated limit of the SII.
    pub sii_upper: f64,
    /// Relative index of inequality (modelled value at rank 1 over rank 0; inverted when the
    /// multiplier is negative).
    pub rii: f64,
    /// Lower simulated limit of the RII.
    pub rii_lower: f64,
    /// Upper simulated limit of the RII.
    pub rii_upper: f64,
    /// Modelled value at rank 0 (the first quantile's end), `g⁻¹(α)·|multiplier|`.
    pub intercept: f64,
    /// Modelled value at rank 1 (the last quantile's end), `g⁻¹(α + β)·|multiplier|`.
    pub fitted_at_one: f64,
    /// Number of quantiles used in the regression.
    pub quantiles: usize,
    /// Rows dropped because their value was NaN.
    pub rows_dropped: usize,
    /// Method label, e.g. `simulation 100000 reps` (`point estimate only` without simulation).
    pub method: String,
    /// `PHEindicatormethods`' warnings that apply (more than 10 quantiles, dropped rows).
    pub warnings: Vec<String>,
}

/// SII and RII of one group.
///
/// # Formula
///
/// With quantiles ordered 1..k, population shares `aᵢ = popᵢ / Σpop` and ranks at the
/// cumulative midpoints `bᵢ = Σ_{j<i} aⱼ + aᵢ/2`, fit `yᵢ = α + β·bᵢ` by least squares weighted
/// by `aᵢ` (the same as regressing `yᵢ√aᵢ` on `√aᵢ` and `bᵢ√aᵢ` without an intercept), where
/// `y = g(value)` with `g` the identity, or log/logit when `transform` is set. Then
///
/// - `SII = (g⁻¹(α + β) − g⁻¹(α))·m` (with `g` the identity: `β·m`), `m` the multiplier;
/// - `RII = g⁻¹(α + β) / g⁻¹(α)`, inverted when `m < 0`.
///
/// Standard errors are the supplied `se`, or `(g(upper) − g(lower)) / (2 × 1.959964)` with `g`
/// the log for rates and logit for proportions (the 95% z, whatever the confidence). For the
/// limits, each repetition draws every value from `N(g(value), se)` on that scale, maps it
/// back, refits, and keeps SII and RII; the limits are the order statistics at positions
/// `round(R(1 − p))` and `round(R·p)` (1-based) of the sorted repetitions, `p = c + (1 − c)/2`.
/// Normal draws come from xoshiro256++ (seeded through `SplitMix64`) with Marsaglia's polar
/// method, so a seed reproduces the limits exactly.
///
/// # Errors
///
/// [`Error::Method`] naming the first bad row: fewer than 5 or more than 100 quantiles left,
/// population NaN or <= 0, a proportion value or limit not strictly between 0 and 1, a rate
/// value or limit <= 0 (both are simulated on the log or logit scale), a value that is not
/// finite, a missing or negative standard error or limit, lower > upper, a duplicated or
/// missing quantile number.
/// [`Error::InvalidArgument`] for columns of different lengths, neither limits nor `se`,
/// only one of the limits, `transform` with [`ValueType::Other`] or with `se`, a multiplier
/// that is 0 or not finite, a bad confidence level, or 1 to 999 repetitions.
///
/// # References
///
/// - `PHEindicatormethods` 2.1.0, `phe_sii`.
/// - Low, A. & Low, A. (2004). Measuring the gap: quantifying and comparing local health
///   inequalities. *Journal of Public Health* 26(4), 388-395.
/// - Public Health England. *Slope index of inequality tool (simulated confidence intervals)*.
/// - Blackman, D. & Vigna, S. (2021). Scrambled linear pseudorandom number generators.
///   *ACM Transactions on Mathematical Software* 47(4) (xoshiro256++).
/// - Marsaglia, G. & Bray, T. A. (1964). A convenient method for generating normal variables.
///   *SIAM Review* 6(3), 260-264.
///
/// # Examples
///
/// Worked case I: five quintiles, quintile 1 the most deprived.
///
/// ```
/// use outcomes_core::stats::sii::{sii, SiiInput, SiiOptions};
/// let values = [620.0, 540.0, 470.0, 410.0, 360.0];
/// let pop = [220e3, 210e3, 200e3, 190e3, 180e3];
/// let se = [10.0; 5];
/// let input = SiiInput { values: &values, population: &pop, se: Some(&se), ..Default::default() };
/// let r = sii(&input, &SiiOptions { repetitions: 0, ..Default::default() })?;
/// assert_eq!(format!("{:.2}", r.sii), "-326.77");
/// assert_eq!(format!("{:.2} {:.2}", r.intercept, r.fitted_at_one), "649.89 323.11");
/// assert_eq!(format!("{:.4}", r.rii), "0.4972");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn sii(input: &SiiInput<'_>, options: &SiiOptions) -> Result<Sii, Error> {
    let n = input.values.len();
    check_lengths(input, n)?;
    let rows: Vec<usize> = (0..n).collect();
    let checked = check_options(input, options)?;
    sii_rows(input, options, &checked, &rows)
}

/// [`sii`] for each group of a key column: one result per group, groups in order of first
/// appearance, each with its key.
///
/// # Errors
///
/// As [`sii`]; paths of row errors name the row in the full columns (`population[12]`).
/// [`Error::InvalidArgument`] (`groups`) when its length differs from the values'.
///
/// ```
/// use outcomes_core::stats::sii::{sii_grouped, SiiInput, SiiOptions};
/// let v = [1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 8.0, 6.0, 4.0, 2.0];
/// let pop = [1.0; 10];
/// let se = [0.1; 10];
/// let g = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
/// let input = SiiInput { values: &v, population: &pop, se: Some(&se), ..Default::default() };
/// let out = sii_grouped(&input, &g, &SiiOptions { repetitions: 0, ..Default::default() })?;
/// assert_eq!(out[0].0, 1);
/// assert!((out[0].1.sii - 5.0).abs() < 1e-12 && (out[1].1.sii + 10.0).abs() < 1e-12);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn sii_grouped<K: Eq + Hash + Clone>(
    input: &SiiInput<'_>,
    groups: &[K],
    options: &SiiOptions,
) -> Result<Vec<(K, Sii)>, Error> {
    let n = input.values.len();
    check_lengths(input, n)?;
    if groups.len() != n {
        return Err(Error::invalid_argument(
            "groups",
            format!(
                "groups has {} rows but values has {n}: give one group key per row",
                groups.len()
            ),
        ));
    }
    let checked = check_options(input, options)?;
    let members = crate::stats::quantiles::group_rows(groups);
    let mut out = Vec::with_capacity(members.len());
    for rows in members {
        let key = groups[rows[0]].clone();
        let r = sii_rows(input, options, &checked, &rows)?;
        out.push((key, r));
    }
    Ok(out)
}

struct Checked {
    confidence: f64,
}

fn check_lengths(input: &SiiInput<'_>, n: usize) -> Result<(), Error> {
    let cols: [(&str, Option<&[f64]>); 5] = [
        ("population", Some(input.population)),
        ("quantile", input.quantile),
        ("lower", input.lower),
        ("upper", input.upper),
        ("se", input.se),
    ];
    for (name, col) in cols {
        if let Some(c) = col {
            if c.len() != n {
                return Err(Error::invalid_argument(
                    name,
                    format!(
                        "{name} has {} rows but values has {n}: give one per quantile",
                        c.len()
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_options(input: &SiiInput<'_>, o: &SiiOptions) -> Result<Checked, Error> {
    if input.lower.is_some() != input.upper.is_some() {
        return Err(Error::invalid_argument(
            if input.lower.is_some() {
                "upper"
            } else {
                "lower"
            },
            "give both lower and upper confidence limits, or se",
        ));
    }
    if input.se.is_none() && input.lower.is_none() {
        return Err(Error::invalid_argument(
            "se",
            "the SII needs either lower and upper confidence limits, or standard errors (se)",
        ));
    }
    if o.transform {
        if o.value_type == ValueType::Other {
            return Err(Error::invalid_argument(
                "transform",
                "value_type should be rate or proportion when transform is true: only those \
                 have a log or logit scale",
            ));
        }
        if input.se.is_some() || input.lower.is_none() {
            return Err(Error::invalid_argument(
                "se",
                "with transform, give lower and upper confidence limits and no se: the \
                 standard errors are derived on the transformed scale",
            ));
        }
    }
    if !o.multiplier.is_finite() || o.multiplier == 0.0 {
        return Err(Error::invalid_argument(
            "multiplier",
            format!(
                "multiplier = {}: give a finite, non-zero number",
                o.multiplier
            ),
        ));
    }
    if o.repetitions != 0 && o.repetitions < 1000 {
        return Err(Error::invalid_argument(
            "repetitions",
            format!(
                "repetitions = {}: number of repetitions must be 1000 or greater (default \
                 100,000), or 0 for point estimates only",
                o.repetitions
            ),
        ));
    }
    let confidence = normalise_confidence(o.confidence)?;
    Ok(Checked { confidence })
}

/// Prepared regression of one group: ranks and weights, sorted by quantile.
struct Design {
    /// Population shares a, in quantile order.
    a: Vec<f64>,
    /// Cumulative-midpoint ranks b.
    b: Vec<f64>,
    /// Σ a b.
    sb: f64,
    /// Σ a b² − (Σ a b)².
    det: f64,
}

impl Design {
    fn new(pop: &[f64]) -> Design {
        let total: f64 = pop.iter().sum();
        let a: Vec<f64> = pop.iter().map(|p| p / total).collect();
        let mut b = Vec::with_capacity(a.len());
        let mut cum = 0.0;
        for &ai in &a {
            b.push(cum + ai / 2.0);
            cum += ai;
        }
        let sw: f64 = a.iter().sum();
        let sb: f64 = a.iter().zip(&b).map(|(ai, bi)| ai * bi).sum();
        let sbb: f64 = a.iter().zip(&b).map(|(ai, bi)| ai * bi * bi).sum();
        // Normalise by Σa (1 up to rounding) so the fit is exact weighted least squares.
        let sb = sb / sw;
        let det = sbb / sw - sb * sb;
        let a = a.iter().map(|ai| ai / sw).collect();
        Design { a, b, sb, det }
    }

    /// (α, β) of the weighted fit of y on b.
    fn fit(&self, y: &[f64]) -> (f64, f64) {
        let mut sy = 0.0;
        let mut sby = 0.0;
        for ((ai, bi), yi) in self.a.iter().zip(&self.b).zip(y) {
            sy += ai * yi;
            sby += ai * bi * yi;
        }
        let beta = (sby - self.sb * sy) / self.det;
        let alpha = sy - beta * self.sb;
        (alpha, beta)
    }
}

/// SII and RII from a fit on the regression scale.
fn indices(alpha: f64, beta: f64, o: &SiiOptions) -> (f64, f64) {
    let (sii, rii) = if o.transform {
        let lo = o.value_type.inverse(alpha);
        let hi = o.value_type.inverse(alpha + beta);
        ((hi - lo) * o.multiplier, hi / lo)
    } else {
        (beta * o.multiplier, (alpha + beta) / alpha)
    };
    (sii, if o.multiplier < 0.0 { 1.0 / rii } else { rii })
}

fn sii_rows(
    input: &SiiInput<'_>,
    o: &SiiOptions,
    checked: &Checked,
    rows: &[usize],
) -> Result<Sii, Error> {
    let vt = o.value_type;
    // Keep rows with a value; PHEindicatormethods drops incomplete records with a warning.
    let mut kept: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&i| !input.values[i].is_nan())
        .collect();
    let rows_dropped = rows.len() - kept.len();
    if let Some(q) = input.quantile {
        if let Some(&i) = kept.iter().find(|&&i| !q[i].is_finite()) {
            return Err(Error::method(
                format!("quantile[{i}]"),
                format!(
                    "quantile[{i}] = {}: every row needs a quantile number",
                    q[i]
                ),
            ));
        }
        kept.sort_by(|&x, &y| q[x].total_cmp(&q[y]));
        if let Some(w) = kept.windows(2).find(|w| q[w[0]] == q[w[1]]) {
            return Err(Error::method(
                format!("quantile[{}]", w[1]),
                format!(
                    "quantile[{}] = {} repeats quantile[{}]: give one row per quantile (and per \
                     group)",
                    w[1], q[w[1]], w[0]
                ),
            ));
        }
    }
    let k = kept.len();
    if !(MIN_QUANTILES..=MAX_QUANTILES).contains(&k) {
        let at = rows.first().copied().unwrap_or(0);
        return Err(Error::method(
            format!("values[{at}]"),
            format!(
                "{k} quantiles with values (group starting at row {at}): number of quantiles must \
                 be between 5 and 100"
            ),
        ));
    }
    let mut pop = Vec::with_capacity(k);
    let mut y = Vec::with_capacity(k);
    let mut mean = Vec::with_capacity(k);
    let mut se = Vec::with_capacity(k);
    for &i in &kept {
        let p = input.population[i];
        if p.is_nan() || p <= 0.0 || p.is_infinite() {
            return Err(Error::method(
                format!("population[{i}]"),
                format!(
                    "population[{i}] = {p}: some groups have a zero, negative or missing \
                     population; every quantile needs a positive population"
                ),
            ));
        }
        pop.push(p);
        let v = input.values[i];
        let s = standard_error(input, vt, i)?;
        y.push(if o.transform { vt.link(v) } else { v });
        mean.push(vt.link(v));
        se.push(s);
    }
    let design = Design::new(&pop);
    let (alpha, beta) = design.fit(&y);
    let (sii, rii) = indices(alpha, beta, o);
    let (intercept, fitted_at_one) = if o.transform {
        (vt.inverse(alpha), vt.inverse(alpha + beta))
    } else {
        (alpha, alpha + beta)
    };
    let mut warnings = Vec::new();
    if k > 10 {
        warnings.push(
            "WARNING: Small values can make SII unstable when using a large number of quantiles"
                .to_owned(),
        );
    }
    if rows_dropped > 0 {
        warnings.push(
            "WARNING: some records have been removed due to incomplete or invalid data".to_owned(),
        );
    }
    let (limits, method) = if o.repetitions == 0 {
        (
            [f64::NAN; 4],
            "point estimate only (no simulation)".to_owned(),
        )
    } else {
        (
            simulate(&design, &mean, &se, o, checked.confidence),
            format!("simulation {} reps", o.repetitions),
        )
    };
    Ok(Sii {
        sii,
        sii_lower: limits[0],
        sii_upper: limits[1],
        rii,
        rii_lower: limits[2],
        rii_upper: limits[3],
        intercept: intercept * o.multiplier.abs(),
        fitted_at_one: fitted_at_one * o.multiplier.abs(),
        quantiles: k,
        rows_dropped,
        method,
        warnings,
    })
}

/// Checks a value or limit can be mapped to the value type's scale (finite; > 0 for rates;
/// strictly between 0 and 1 for proportions).
fn check_value(vt: ValueType, name: &str, i: usize, v: f64) -> Result<(), Error> {
    let bad = match vt {
        ValueType::Other => !v.is_finite(),
        ValueType::Rate => !v.is_finite() || v <= 0.0,
        ValueType::Proportion => v.is_nan() || v <= 0.0 || v >= 1.0,
    };
    if bad {
        let rule = match vt {
            ValueType::Other => "it must be a finite number",
            ValueType::Rate => {
                "a rate must be finite and greater than 0, as it is simulated on the log scale"
            }
            ValueType::Proportion => {
                "proportions must be strictly between 0 and 1, as they are simulated on the \
                 logit scale; give percentages divided by 100"
            }
        };
        return Err(Error::method(
            format!("{name}[{i}]"),
            format!("{name}[{i}] = {v}: {rule}"),
        ));
    }
    Ok(())
}

/// Standard error of row `i` on the value type's scale.
fn standard_error(input: &SiiInput<'_>, vt: ValueType, i: usize) -> Result<f64, Error> {
    // The simulation draws on the link scale, so the value itself must be linkable.
    check_value(vt, "values", i, input.values[i])?;
    if let Some(se) = input.se {
        let s = se[i];
        if s.is_nan() || s < 0.0 || s.is_infinite() {
            return Err(Error::method(
                format!("se[{i}]"),
                format!("se[{i}] = {s}: negative or missing standard errors in input dataset"),
            ));
        }
        return Ok(s);
    }
    let (Some(lower), Some(upper)) = (input.lower, input.upper) else {
        return Err(Error::invalid_argument(
            "se",
            "the SII needs either lower and upper confidence limits, or standard errors (se)",
        ));
    };
    let (lower, upper) = (lower[i], upper[i]);
    for (name, v) in [("lower", lower), ("upper", upper)] {
        if v.is_nan() {
            return Err(Error::method(
                format!("{name}[{i}]"),
                format!("{name}[{i}] is missing: missing lower or upper confidence limits"),
            ));
        }
        check_value(vt, name, i, v)?;
    }
    if lower > upper {
        return Err(Error::method(
            format!("lower[{i}]"),
            format!("lower[{i}] = {lower} is greater than upper[{i}] = {upper}"),
        ));
    }
    Ok((vt.link(upper) - vt.link(lower)) / (2.0 * Z95))
}

/// Simulated `[sii_lower, sii_upper, rii_lower, rii_upper]`.
fn simulate(design: &Design, mean: &[f64], se: &[f64], o: &SiiOptions, c: f64) -> [f64; 4] {
    let reps = o.repetitions;
    let vt = o.value_type;
    let mut rng = Xoshiro256pp::seed_from_u64(o.seed);
    let mut siis = Vec::with_capacity(reps);
    let mut riis = Vec::with_capacity(reps);
    let mut y = vec![0.0; mean.len()];
    for _ in 0..reps {
        for ((yi, m), s) in y.iter_mut().zip(mean).zip(se) {
            let draw = m + s * rng.normal();
            // Draws are on the link scale; the regression runs on the link scale only when
            // transformed.
            *yi = if o.transform { draw } else { vt.inverse(draw) };
        }
        let (alpha, beta) = design.fit(&y);
        let (s, r) = indices(alpha, beta, o);
        siis.push(s);
        riis.push(r);
    }
    let p = c + (1.0 - c) / 2.0;
    let lo_pos = order_position(reps, 1.0 - p);
    let hi_pos = order_position(reps, p);
    [
        order_statistic(&mut siis, lo_pos),
        order_statistic(&mut siis, hi_pos),
        order_statistic(&mut riis, lo_pos),
        order_statistic(&mut riis, hi_pos),
    ]
}

/// 0-based index of the order statistic at 1-based position `round(reps·q)`.
fn order_position(reps: usize, q: f64) -> usize {
    let pos = (reps as f64 * q).round() as usize;
    pos.clamp(1, reps) - 1
}

fn order_statistic(v: &mut [f64], index: usize) -> f64 {
    let (_, x, _) = v.select_nth_unstable_by(index, f64::total_cmp);
    *x
}

/// xoshiro256++ (Blackman & Vigna), seeded through `SplitMix64`, with Marsaglia polar normals.
///
/// Written out here (a few lines) so simulated limits are identical on every platform and need
/// no dependency.
#[derive(Debug, Clone)]
pub(crate) struct Xoshiro256pp {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Xoshiro256pp {
    pub(crate) fn seed_from_u64(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Xoshiro256pp {
            s: [next(), next(), next(), next()],
            spare: None,
        }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1_u64 << 53) as f64)
    }

    /// Standard normal by Marsaglia's polar method (pairs; the second is kept for the next call).
    pub(crate) fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let f = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoshiro_reference_sequence() {
        // First outputs of xoshiro256++ from state {1, 2, 3, 4} (reference C implementation).
        let mut r = Xoshiro256pp {
            s: [1, 2, 3, 4],
            spare: None,
        };
        assert_eq!(r.next_u64(), 41_943_041);
        assert_eq!(r.next_u64(), 58_720_359);
        assert_eq!(r.next_u64(), 3_588_806_011_781_223);
    }

    #[test]
    fn normals_have_unit_variance() {
        let mut r = Xoshiro256pp::seed_from_u64(7);
        let n = 200_000;
        let (mut s, mut ss) = (0.0, 0.0);
        for _ in 0..n {
            let z = r.normal();
            s += z;
            ss += z * z;
        }
        let mean = s / f64::from(n);
        let var = ss / f64::from(n) - mean * mean;
        assert!(mean.abs() < 0.01, "{mean}");
        assert!((var - 1.0).abs() < 0.01, "{var}");
    }
}
