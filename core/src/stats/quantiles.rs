//! Deprivation quantiles: PHE's "Assigning Deprivation Categories" rule.
//!
//! Small areas are ranked by a deprivation score and cut into `q` groups of (nearly) equal size,
//! optionally within each group of a key column (e.g. each region). The rule is the one
//! `PHEindicatormethods` 2.1.0 `phe_quantile` applies, reimplemented from the formula.

use std::collections::HashMap;
use std::hash::Hash;

use crate::Error;

/// The quantile number written for a row whose value is NaN, or for every row of a group with
/// fewer non-NaN values than quantiles (`PHEindicatormethods` gives `NA` in both cases).
pub const QUANTILE_MISSING: u32 = 0;

/// What [`quantiles`] and [`quantiles_grouped`] did besides writing the quantile numbers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuantileSummary {
    /// Number of groups (1 for the ungrouped form).
    pub groups: usize,
    /// Indices (in first-appearance order, 0-based) of groups with fewer non-NaN values than
    /// `nquantiles`, whose rows were all set to [`QUANTILE_MISSING`].
    pub too_few_values: Vec<usize>,
    /// The `PHEindicatormethods` warning, when any group had too few values.
    pub warning: Option<String>,
}

const TOO_FEW_WARNING: &str =
    "One or more groups had too few small areas with values to allow quantiles to be assigned";

/// Assigns each value its deprivation quantile (1..=`nquantiles`), writing into `out`.
///
/// # Formula
///
/// With `N` the number of non-NaN values and `q = nquantiles`, rank the values (descending when
/// `invert` is true, ascending otherwise; ties take the lowest rank), then
///
/// `quantile = ⌊(q + 1) − ⌈((N + 1) − rank) / (N / q)⌉⌋`, with 0 mapped to 1.
///
/// With `invert = true` (`PHEindicatormethods`' default) quantile 1 holds the *highest* values
/// ("lowest quantile represents highest values"); with `invert = false` it holds the lowest.
/// NaN values get [`QUANTILE_MISSING`] (0); when `N < q` every row gets 0 and the summary
/// carries `PHEindicatormethods`' warning.
///
/// # Errors
///
/// - [`Error::InvalidArgument`] (`out`) when `out.len() != values.len()`;
///   (`nquantiles`) when `nquantiles` is 0.
///
/// # References
///
/// - `PHEindicatormethods` 2.1.0, `phe_quantile`.
/// - Public Health England (2017). *Technical Guide: Assigning Deprivation Categories*.
///
/// # Examples
///
/// The `PHEindicatormethods` example: 10, 20, …, 110 with one NaN, quintiles, inverted.
///
/// ```
/// use outcomes_core::stats::quantiles::quantiles;
/// let v = [10.0, 20.0, 30.0, 40.0, 50.0, f64::NAN, 70.0, 80.0, 90.0, 100.0, 110.0];
/// let mut q = [0_u32; 11];
/// quantiles(&v, 5, true, &mut q)?;
/// assert_eq!(q, [5, 5, 4, 4, 3, 0, 3, 2, 2, 1, 1]);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn quantiles(
    values: &[f64],
    nquantiles: u32,
    invert: bool,
    out: &mut [u32],
) -> Result<QuantileSummary, Error> {
    check_args(values.len(), nquantiles, out.len())?;
    let mut idx: Vec<usize> = (0..values.len()).collect();
    let ok = assign_group(values, &mut idx, nquantiles, invert, out);
    Ok(summary(1, if ok { Vec::new() } else { vec![0] }))
}

/// [`quantiles`] within each group of a key column (one key per row).
///
/// Each group is ranked and cut separately, exactly as `PHEindicatormethods` does for grouped
/// data. Groups are numbered in order of first appearance in `groups`.
///
/// # Errors
///
/// As [`quantiles`], plus [`Error::InvalidArgument`] (`groups`) when
/// `groups.len() != values.len()`.
///
/// ```
/// use outcomes_core::stats::quantiles::quantiles_grouped;
/// let v = [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0];
/// let g = ["north", "north", "north", "north", "south", "south", "south", "south"];
/// let mut q = [0_u32; 8];
/// let s = quantiles_grouped(&v, &g, 2, false, &mut q)?;
/// assert_eq!(q, [1, 1, 2, 2, 1, 1, 2, 2]);
/// assert_eq!(s.groups, 2);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn quantiles_grouped<K: Eq + Hash>(
    values: &[f64],
    groups: &[K],
    nquantiles: u32,
    invert: bool,
    out: &mut [u32],
) -> Result<QuantileSummary, Error> {
    check_args(values.len(), nquantiles, out.len())?;
    if groups.len() != values.len() {
        return Err(Error::invalid_argument(
            "groups",
            format!(
                "groups has {} rows but values has {}: give one group key per value",
                groups.len(),
                values.len()
            ),
        ));
    }
    let members = group_rows(groups);
    let n_groups = members.len();
    let mut too_few = Vec::new();
    for (g, mut rows) in members.into_iter().enumerate() {
        if !assign_group(values, &mut rows, nquantiles, invert, out) {
            too_few.push(g);
        }
    }
    Ok(summary(n_groups, too_few))
}

/// Row indices of each group, groups in first-appearance order.
pub(crate) fn group_rows<K: Eq + Hash>(groups: &[K]) -> Vec<Vec<usize>> {
    let mut index: HashMap<&K, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, k) in groups.iter().enumerate() {
        let g = *index.entry(k).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[g].push(i);
    }
    members
}

fn summary(groups: usize, too_few_values: Vec<usize>) -> QuantileSummary {
    let warning = (!too_few_values.is_empty()).then(|| TOO_FEW_WARNING.to_owned());
    QuantileSummary {
        groups,
        too_few_values,
        warning,
    }
}

fn check_args(len: usize, nquantiles: u32, out_len: usize) -> Result<(), Error> {
    if out_len != len {
        return Err(Error::invalid_argument(
            "out",
            format!("out has {out_len} rows but values has {len}: preallocate one slot per value"),
        ));
    }
    if nquantiles == 0 {
        return Err(Error::invalid_argument(
            "nquantiles",
            "nquantiles = 0: give the number of groups to cut into, e.g. 5 for quintiles or 10 \
             for deciles",
        ));
    }
    Ok(())
}

/// Assigns quantiles to the rows `rows` of `values`; returns false when the group has too few
/// values (all its rows then get `QUANTILE_MISSING`). Reorders `rows`.
fn assign_group(
    values: &[f64],
    rows: &mut Vec<usize>,
    nquantiles: u32,
    invert: bool,
    out: &mut [u32],
) -> bool {
    for &i in rows.iter() {
        out[i] = QUANTILE_MISSING;
    }
    rows.retain(|&i| !values[i].is_nan());
    let n = rows.len();
    if n < nquantiles as usize {
        return false;
    }
    if invert {
        rows.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    } else {
        rows.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    }
    let q = f64::from(nquantiles);
    let nf = n as f64;
    let width = nf / q;
    let mut rank = 1_usize;
    for pos in 0..n {
        // Ties share the lowest rank ("min" ties method).
        if pos > 0 && values[rows[pos]] != values[rows[pos - 1]] {
            rank = pos + 1;
        }
        let raw = ((q + 1.0) - (((nf + 1.0) - rank as f64) / width).ceil()).floor();
        out[rows[pos]] = if raw < 1.0 { 1 } else { raw as u32 };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_lowest_rank() {
        let v = [5.0, 5.0, 5.0, 1.0, 2.0];
        let mut q = [0; 5];
        quantiles(&v, 5, true, &mut q).unwrap();
        // Descending ranks: the three 5s rank 1, 2.0 ranks 4, 1.0 ranks 5.
        assert_eq!(q, [1, 1, 1, 5, 4]);
    }

    #[test]
    fn too_few_values_gives_missing_and_warning() {
        let v = [1.0, f64::NAN, 3.0];
        let mut q = [9; 3];
        let s = quantiles(&v, 5, true, &mut q).unwrap();
        assert_eq!(q, [0, 0, 0]);
        assert_eq!(s.too_few_values, vec![0]);
        assert!(s.warning.is_some());
    }

    #[test]
    fn errors_name_argument() {
        let mut q = [0; 2];
        assert_eq!(
            quantiles(&[1.0], 5, true, &mut q).unwrap_err().path(),
            "out"
        );
        let mut q = [0; 1];
        assert_eq!(
            quantiles(&[1.0], 0, true, &mut q).unwrap_err().path(),
            "nquantiles"
        );
        assert_eq!(
            quantiles_grouped(&[1.0], &[1, 2], 1, true, &mut q)
                .unwrap_err()
                .path(),
            "groups"
        );
    }
}
