//! Inequality gaps between the most and least deprived, and proportionate-universalism
//! allocation.
//!
//! The slope and relative index of inequality live in [`crate::stats::sii`].

use crate::Error;

/// Which end of a quantile-ordered column is the most deprived.
///
/// Deprivation quantiles are numbered both ways in practice (IMD deciles have decile 1 the most
/// deprived; `phe_quantile` with `invert = true` puts the highest scores in quantile 1), so the
/// orientation is always explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// The first row (quantile 1) is the most deprived, as in IMD deciles.
    FirstIsMostDeprived,
    /// The last row is the most deprived.
    LastIsMostDeprived,
}

/// The gap between the most and least deprived groups, with the values it used.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Gap {
    /// Value of the most deprived group.
    pub most_deprived: f64,
    /// Value of the least deprived group.
    pub least_deprived: f64,
    /// `most_deprived − least_deprived`, in the indicator's units (e.g. percentage points).
    pub absolute: f64,
    /// `most_deprived / least_deprived`; NaN when the least deprived value is 0.
    pub relative: f64,
}

impl Gap {
    /// The gap between two values.
    ///
    /// # Formula
    ///
    /// absolute = most − least; relative = most / least (NaN when least = 0).
    ///
    /// # Errors
    ///
    /// [`Error::Method`] (`most_deprived` or `least_deprived`) when a value is not finite.
    ///
    /// # References
    ///
    /// Public Health England. *Inequalities calculation tool* (absolute and relative gap);
    /// Fingertips inequality breakdowns by deprivation decile.
    ///
    /// ```
    /// use outcomes_core::stats::inequality::Gap;
    /// // Worked case: 3.966% most deprived, 2.019% least deprived.
    /// let g = Gap::between(3.966, 2.019)?;
    /// assert_eq!(format!("{:.3} {:.2}", g.absolute, g.relative), "1.947 1.96");
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    pub fn between(most_deprived: f64, least_deprived: f64) -> Result<Gap, Error> {
        for (name, v) in [
            ("most_deprived", most_deprived),
            ("least_deprived", least_deprived),
        ] {
            if !v.is_finite() {
                return Err(Error::method(
                    name,
                    format!("{name} = {v}: a gap needs two finite values"),
                ));
            }
        }
        let relative = if least_deprived == 0.0 {
            f64::NAN
        } else {
            most_deprived / least_deprived
        };
        Ok(Gap {
            most_deprived,
            least_deprived,
            absolute: most_deprived - least_deprived,
            relative,
        })
    }
}

/// The gap between the two ends of a quantile-ordered column (e.g. ten deprivation deciles).
///
/// # Formula
///
/// As [`Gap::between`], taking the most deprived end from `orientation`.
///
/// # Errors
///
/// [`Error::Method`] (`values`) with fewer than two values; (`values[i]`) when an end value is
/// NaN or infinite.
///
/// ```
/// use outcomes_core::stats::inequality::{inequality_gap, Orientation};
/// let deciles = [3.966, 3.5, 3.1, 2.9, 2.7, 2.5, 2.3, 2.2, 2.1, 2.019];
/// let g = inequality_gap(&deciles, Orientation::FirstIsMostDeprived)?;
/// assert_eq!(format!("{:.3}", g.absolute), "1.947");
/// let g = inequality_gap(&deciles, Orientation::LastIsMostDeprived)?;
/// assert_eq!(format!("{:.3}", g.absolute), "-1.947");
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn inequality_gap(values: &[f64], orientation: Orientation) -> Result<Gap, Error> {
    if values.len() < 2 {
        return Err(Error::method(
            "values",
            format!(
                "{} value(s): a gap needs at least the most and least deprived groups",
                values.len()
            ),
        ));
    }
    let last = values.len() - 1;
    let (most, least) = match orientation {
        Orientation::FirstIsMostDeprived => (0, last),
        Orientation::LastIsMostDeprived => (last, 0),
    };
    Gap::between(values[most], values[least]).map_err(|e| {
        let i = if e.path() == "most_deprived" {
            most
        } else {
            least
        };
        Error::method(format!("values[{i}]"), e.message().to_owned())
    })
}

/// Proportionate-universalism allocation: a budget shared in proportion to population times
/// need.
///
/// # Formula
///
/// `allocationᵢ = budget × popᵢ × wᵢ / Σⱼ popⱼ wⱼ`, written into `out`. The allocations sum to
/// the budget (to rounding); they are not rounded to pennies.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] (`need_weight`, `out`) for lengths different from
///   `population`'s; (`budget`) when the budget is not finite.
/// - [`Error::Method`] (`population[i]`, `need_weight[i]`) naming the first value that is NaN,
///   infinite or negative (with the count of such rows); (`population`) when `Σ pop × w` is 0.
///
/// # References
///
/// Marmot, M. et al. (2010). *Fair Society, Healthy Lives* (the Marmot Review): proportionate
/// universalism, "actions must be universal, but with a scale and intensity that is
/// proportionate to the level of disadvantage".
///
/// # Examples
///
/// Worked case J, unequal populations:
///
/// ```
/// use outcomes_core::stats::inequality::proportionate_universalism;
/// let pop = [220e3, 210e3, 200e3, 190e3, 180e3];
/// let need = [1.5, 1.25, 1.0, 0.75, 0.5];
/// let mut out = [0.0; 5];
/// proportionate_universalism(1_000_000.0, &pop, &need, &mut out)?;
/// let pennies: Vec<String> = out.iter().map(|a| format!("{a:.2}")).collect();
/// assert_eq!(pennies, ["321951.22", "256097.56", "195121.95", "139024.39", "87804.88"]);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn proportionate_universalism(
    budget: f64,
    population: &[f64],
    need_weight: &[f64],
    out: &mut [f64],
) -> Result<(), Error> {
    let n = population.len();
    for (name, len) in [("need_weight", need_weight.len()), ("out", out.len())] {
        if len != n {
            return Err(Error::invalid_argument(
                name,
                format!("{name} has {len} rows but population has {n}: give one per group"),
            ));
        }
    }
    if !budget.is_finite() {
        return Err(Error::invalid_argument(
            "budget",
            format!("budget = {budget}: give a finite amount"),
        ));
    }
    for (name, col) in [("population", population), ("need_weight", need_weight)] {
        let bad = |v: &f64| !v.is_finite() || *v < 0.0;
        if let Some(i) = col.iter().position(bad) {
            let count = col.iter().filter(|v| bad(v)).count();
            return Err(Error::method(
                format!("{name}[{i}]"),
                format!(
                    "{name}[{i}] = {}: populations and need weights must be finite and not \
                     negative ({count} row(s) like this)",
                    col[i]
                ),
            ));
        }
    }
    let total: f64 = population.iter().zip(need_weight).map(|(p, w)| p * w).sum();
    if total <= 0.0 {
        return Err(Error::method(
            "population",
            "the sum of population × need weight is 0: there is nothing to allocate in \
             proportion to",
        ));
    }
    for ((o, p), w) in out.iter_mut().zip(population).zip(need_weight) {
        *o = budget * p * w / total;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_least_deprived_gives_nan_relative() {
        let g = Gap::between(1.0, 0.0).unwrap();
        assert_eq!(g.absolute, 1.0);
        assert!(g.relative.is_nan());
    }

    #[test]
    fn gap_errors_name_index() {
        let e =
            inequality_gap(&[1.0, 2.0, f64::NAN], Orientation::FirstIsMostDeprived).unwrap_err();
        assert_eq!(e.path(), "values[2]");
        assert!(inequality_gap(&[1.0], Orientation::FirstIsMostDeprived).is_err());
    }

    #[test]
    fn pu_errors() {
        let mut out = [0.0; 3];
        let e =
            proportionate_universalism(1.0, &[1.0, -1.0, -2.0], &[1.0; 3], &mut out).unwrap_err();
        assert_eq!(e.path(), "population[1]");
        assert!(e.message().contains("2 row(s)"));
        let e = proportionate_universalism(1.0, &[0.0; 3], &[1.0; 3], &mut out).unwrap_err();
        assert_eq!(e.path(), "population");
        let e = proportionate_universalism(1.0, &[1.0; 3], &[1.0; 2], &mut out).unwrap_err();
        assert_eq!(e.path(), "need_weight");
    }
}
