//! Period life expectancy from an abridged life table (Chiang II) with Silcocks' variance.

use super::dist::z_for_confidence;
use super::group::row_slots;
use super::{GroupedSummary, Interval, check_input};
use crate::Error;

/// The start ages of the 20 bands the method is defined on: 0, 1-4, 5-9, ..., 85-89, 90+.
pub const AGE_BANDS: [f64; 20] = [
    0.0, 1.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0, 55.0, 60.0, 65.0, 70.0,
    75.0, 80.0, 85.0, 90.0,
];

/// Options of [`life_expectancy`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifeExpectancyOptions {
    /// Confidence level, a fraction in `[0.9, 1)` or a percentage in `[90, 100)`.
    pub confidence: f64,
    /// The age at which life expectancy is reported: one of [`AGE_BANDS`] (default 0).
    pub le_age: f64,
}

impl Default for LifeExpectancyOptions {
    fn default() -> Self {
        LifeExpectancyOptions {
            confidence: 0.95,
            le_age: 0.0,
        }
    }
}

const Z95: f64 = 1.959_963_984_540_054;

/// Life expectancy at `le_age`, one per group, from deaths and populations in the 20 standard
/// age bands, with Silcocks' confidence limits.
///
/// Rows are (group, age band) cells. With `start_age`, each row's band is its start age (one
/// of [`AGE_BANDS`], in any order); without it, a group's rows are taken in order as the 20
/// bands. As in `PHEindicatormethods`, problems with a group's data are not errors: its outputs
/// become NaN and the summary carries a note with the package's wording, for groups with
/// negative deaths, a zero or negative population, other than 20 bands, more deaths than
/// population in a band, or a total population of 5,000 or less. A value whose 95% interval
/// is wider than 20 years is suppressed (NaN) but its limits are kept; an infinite value is
/// NaN. NaN inputs give NaN outputs with a note.
///
/// # Formula
///
/// For band `i` with width `nᵢ`, `aᵢ = 0.1` for age 0 and 0.5 otherwise, `Mᵢ = Dᵢ/Pᵢ`:
/// `qᵢ = Mᵢnᵢ / (1 + Mᵢnᵢ(1 − aᵢ))` (1 when `Dᵢ > Pᵢ/nᵢ/aᵢ`, and 1 in the last band),
/// `l₀ = 100000`, `lᵢ₊₁ = lᵢ(1 − qᵢ)`, `dᵢ = lᵢ − lᵢ₊₁`, `Lᵢ = nᵢ(lᵢ₊₁ + aᵢdᵢ)` (last band
/// `l/M`), `Tᵢ = Σ_{j≥i} L_j`, `eᵢ = Tᵢ/lᵢ`. Variance (Silcocks): `sp²ᵢ = qᵢ²(1 − qᵢ)/Dᵢ`
/// (0 when `Dᵢ = 0`), last band `4/(D M²)`; `Wᵢ = sp²ᵢ lᵢ² ((1 − aᵢ)nᵢ + eᵢ₊₁)²`, last band
/// `(l/2)² sp²`; `SE(eᵢ) = √(Σ_{j≥i} W_j) / lᵢ`; limits `eᵢ ∓ z·SE`.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] for a bad `confidence`, an `le_age` that is not a band start,
///   input lengths that differ from `deaths.len()`, or outputs whose length is not the number
///   of groups.
/// - [`Error::Method`] (`start_age[i]`) when a start age is not one of [`AGE_BANDS`].
///
/// # References
///
/// - Chiang, C. L. (1984). *The Life Table and its Applications*. Krieger.
/// - Silcocks, P. B. S., Jenner, D. A. and Reza, R. (2001). Life expectancy as a summary of
///   mortality in a population: statistical considerations and suitability for use by health
///   authorities. *J Epidemiol Community Health* 55, 38-43.
/// - `PHEindicatormethods` 2.1.0, `phe_life_expectancy`; Fingertips technical guidance, "Life
///   expectancy".
///
/// # Examples
///
/// The `PHEindicatormethods` test population `df1`, life expectancy at birth at 95%:
///
/// ```
/// use outcomes_core::stats::{life_expectancy, Interval, LifeExpectancyOptions};
/// let deaths = [17., 9., 4., 8., 20., 15., 24., 33., 50., 71., 100., 163., 263., 304., 536.,
///               872., 1390., 1605., 1936., 1937.];
/// let pops = [7060., 35059., 46974., 48489., 43219., 38561., 46009., 57208., 61435., 55601.,
///             50209., 56416., 46411., 39820., 37978., 37039., 33288., 23306., 11936., 11936.];
/// let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
/// let s = life_expectancy(&deaths, &pops, None, None, &LifeExpectancyOptions::default(),
///                         Interval::new(&mut v, &mut lo, &mut hi))?;
/// assert!(s.notes.is_empty());
/// assert!((v[0] - 80.169_608_131_948_38).abs() < 1e-9);
/// assert!((lo[0] - 79.882_690_753_927_04).abs() < 1e-9);
/// assert!((hi[0] - 80.456_525_509_969_72).abs() < 1e-9);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn life_expectancy(
    deaths: &[f64],
    population: &[f64],
    start_age: Option<&[f64]>,
    groups: Option<&[u32]>,
    options: &LifeExpectancyOptions,
    mut out: Interval<'_>,
) -> Result<GroupedSummary, Error> {
    let len = deaths.len();
    check_input("population", population.len(), len)?;
    if let Some(s) = start_age {
        check_input("start_age", s.len(), len)?;
    }
    if let Some(g) = groups {
        check_input("groups", g.len(), len)?;
    }
    let z = z_for_confidence(options.confidence)?;
    let Some(k) = band_index(options.le_age) else {
        return Err(Error::invalid_argument(
            "le_age",
            format!(
                "le_age = {} is not the start of an age band: use one of 0, 1, 5, 10, ..., 85, 90",
                options.le_age
            ),
        ));
    };
    let (slots, ngroups) = row_slots(groups, len);
    out.check_len(ngroups, "groups")?;

    // Per group: deaths, populations, the number of rows, and whether a band came twice.
    let mut d = vec![[f64::NAN; 20]; ngroups];
    let mut p = vec![[f64::NAN; 20]; ngroups];
    let mut rows = vec![0_usize; ngroups];
    let mut seen = vec![0_u32; ngroups];
    let mut duplicate = vec![false; ngroups];
    for i in 0..len {
        let g = slots[i] as usize;
        let band = match start_age {
            Some(s) => band_index(s[i]).ok_or_else(|| {
                Error::method(
                    format!("start_age[{i}]"),
                    format!(
                        "start_age[{i}] = {}: the contents in the startage field do not match the \
                         contents of the age_contents vector (0, 1, 5, 10, ..., 85, 90)",
                        s[i]
                    ),
                )
            })?,
            None => rows[g],
        };
        rows[g] += 1;
        if band < 20 {
            if seen[g] & (1 << band) != 0 {
                duplicate[g] = true;
            }
            seen[g] |= 1 << band;
            d[g][band] = deaths[i];
            p[g][band] = population[i];
        }
    }

    let mut summary = GroupedSummary {
        groups: ngroups,
        notes: Vec::new(),
    };
    for g in 0..ngroups {
        let (dg, pg) = (&d[g], &p[g]);
        let problem = if rows[g] != 20 || duplicate[g] {
            Some(
                "some groups contain a different number of age bands than 20; life expectancy \
                 cannot be calculated for these. These groups will contain NAs.",
            )
        } else if dg.iter().chain(pg.iter()).any(|v| v.is_nan()) {
            Some(
                "some age bands have missing deaths or population; outputs have been suppressed to NAs",
            )
        } else if dg.iter().any(|&v| v < 0.0) {
            Some("some age bands have negative deaths; outputs have been suppressed to NAs")
        } else if pg.iter().any(|&v| v <= 0.0) {
            Some(
                "some age bands have a zero or less population; outputs have been suppressed to NAs",
            )
        } else if dg.iter().zip(pg).any(|(dd, pp)| dd > pp) {
            Some(
                "some age bands have more deaths than population; outputs have been suppressed to NAs",
            )
        } else if pg.iter().sum::<f64>() <= 5000.0 {
            Some(
                "some groups have a total population of less than 5,000; outputs have been \
                 suppressed to NAs",
            )
        } else {
            None
        };
        if let Some(message) = problem {
            out.set(g, f64::NAN, f64::NAN, f64::NAN);
            summary.note(g, message);
            continue;
        }
        let (e, se) = chiang_silcocks(dg, pg, k);
        let (lower, upper) = (e - z * se, e + z * se);
        if !e.is_finite() {
            out.set(g, f64::NAN, lower, upper);
            summary.note(
                g,
                "life expectancy is infinite (no deaths in the last age band); suppressed to NA",
            );
        } else if Z95 * se > 10.0 {
            out.set(g, f64::NAN, lower, upper);
            summary.note(
                g,
                "some life expectancy values have a 95% confidence interval > 20 years; these \
                 values have been suppressed to NAs",
            );
        } else {
            out.set(g, e, lower, upper);
        }
    }
    Ok(summary)
}

fn band_index(age: f64) -> Option<usize> {
    AGE_BANDS.iter().position(|&a| a == age)
}

/// Life expectancy and its standard error at band `k` for one group's 20 bands.
fn chiang_silcocks(deaths: &[f64; 20], pops: &[f64; 20], k: usize) -> (f64, f64) {
    let mut l = [0.0_f64; 21];
    let mut q = [0.0_f64; 20];
    let mut big_l = [0.0_f64; 20];
    let mut width = [0.0_f64; 20];
    let mut a = [0.5_f64; 20];
    a[0] = 0.1;
    l[0] = 100_000.0;
    for i in 0..20 {
        let m = deaths[i] / pops[i];
        if i < 19 {
            width[i] = AGE_BANDS[i + 1] - AGE_BANDS[i];
            let n = width[i];
            q[i] = if deaths[i] > pops[i] / n / a[i] {
                1.0
            } else {
                m * n / (1.0 + m * n * (1.0 - a[i]))
            };
            l[i + 1] = l[i] * (1.0 - q[i]);
            let d = l[i] - l[i + 1];
            big_l[i] = n * (l[i + 1] + a[i] * d);
        } else {
            q[i] = 1.0;
            width[i] = 2.0 / m;
            big_l[i] = l[i] / m;
        }
    }
    // e_i = T_i / l_i, accumulated from the last band; W_i likewise.
    let mut t = 0.0;
    let mut w_sum = 0.0;
    let mut e_next = 0.0;
    let mut result = (f64::NAN, f64::NAN);
    for i in (0..20).rev() {
        t += big_l[i];
        let e = t / l[i];
        let w = if i == 19 {
            let m = deaths[i] / pops[i];
            let sp2 = 4.0 / (deaths[i] * m * m);
            (l[i] / 2.0).powi(2) * sp2
        } else {
            let sp2 = if deaths[i] == 0.0 {
                0.0
            } else {
                q[i] * q[i] * (1.0 - q[i]) / deaths[i]
            };
            sp2 * l[i] * l[i] * ((1.0 - a[i]) * width[i] + e_next).powi(2)
        };
        w_sum += w;
        if i == k {
            result = (e, w_sum.sqrt() / l[i]);
            break;
        }
        e_next = e;
    }
    result
}
