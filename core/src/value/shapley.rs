//! The Shapley value: each partner's fair share of what a coalition of partners achieves
//! together, from the value of every coalition.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The most partners [`shapley`] accepts: 20 partners have 2²⁰ − 1 = 1,048,575 coalitions.
pub const MAX_SHAPLEY_PLAYERS: usize = 20;

/// The value of one coalition: what its members achieve together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoalitionValue {
    /// The members (partner names); order and repeats do not matter.
    pub members: Vec<String>,
    /// What they achieve together (GBP or any unit).
    pub value: f64,
}

impl CoalitionValue {
    /// A coalition of `members` worth `value`.
    pub fn new<S: AsRef<str>>(members: &[S], value: f64) -> Self {
        CoalitionValue {
            members: members.iter().map(|m| m.as_ref().to_owned()).collect(),
            value,
        }
    }
}

/// Shapley values of the partners of a cooperative game given as a coalition value table.
///
/// The partners are every name that appears in a coalition. Every non-empty coalition of
/// them needs a value; the empty coalition may be given and must then be worth 0. Returns
/// one value per partner, in the order of their names.
///
/// # Formula
///
/// For `n` partners `N` and value function `v`,
/// `φᵢ = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S))`,
/// computed over bitmask coalitions in `O(n 2ⁿ)` time by [`shapley_table`]. The values add up
/// to `v(N)` (efficiency), interchangeable partners get equal values (symmetry), a partner
/// that adds nothing to any coalition gets 0 (null player), and the value of a sum of games
/// is the sum of their values (additivity).
///
/// # Errors
///
/// [`Error::InvalidArgument`] (path `values`) for: no coalitions; more than 20 partners; a
/// coalition given twice; a non-finite value; a non-zero empty coalition; a missing
/// coalition, named with its members (`{A, C}`) and the count of any others missing.
///
/// # References
///
/// Shapley, L. S. (1953). A value for n-person games. In H. W. Kuhn and A. W. Tucker (eds.),
/// *Contributions to the Theory of Games II*, Annals of Mathematics Studies 28, 307-317.
///
/// # Examples
///
/// Worked case G: `v(A) = v(B) = v(C) = 0`, `v(AB) = 200k`, `v(AC) = 300k`, `v(BC) = 100k`,
/// `v(ABC) = 600k`.
///
/// ```
/// use outcomes_core::value::{shapley, CoalitionValue};
/// let v = |m: &[&str], x: f64| CoalitionValue::new(m, x);
/// let values = shapley(&[
///     v(&["A"], 0.0), v(&["B"], 0.0), v(&["C"], 0.0),
///     v(&["A", "B"], 200_000.0), v(&["A", "C"], 300_000.0), v(&["B", "C"], 100_000.0),
///     v(&["A", "B", "C"], 600_000.0),
/// ])?;
/// assert!((values["A"] - 250_000.0).abs() < 0.005);
/// assert!((values["B"] - 150_000.0).abs() < 0.005);
/// assert!((values["C"] - 200_000.0).abs() < 0.005);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn shapley(values: &[CoalitionValue]) -> Result<BTreeMap<String, f64>, Error> {
    if values.is_empty() {
        return Err(Error::invalid_argument(
            "values",
            "no coalitions given; give the value of every non-empty coalition of the partners",
        ));
    }
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for c in values {
        for m in &c.members {
            index.entry(m.as_str()).or_insert(0);
        }
    }
    let n = index.len();
    if n > MAX_SHAPLEY_PLAYERS {
        return Err(Error::invalid_argument(
            "values",
            format!(
                "{n} partners appear in the coalitions; the exact Shapley value is computed for at most {MAX_SHAPLEY_PLAYERS} partners (2^20 coalitions)"
            ),
        ));
    }
    let names: Vec<&str> = index.keys().copied().collect();
    for (i, slot) in index.values_mut().enumerate() {
        *slot = i;
    }
    let size = 1usize << n;
    let mut table = vec![f64::NAN; size];
    let mut seen = vec![false; size];
    for (k, c) in values.iter().enumerate() {
        let mask = c
            .members
            .iter()
            .fold(0usize, |m, name| m | (1 << index[name.as_str()]));
        let label = coalition_label(&names, mask);
        if !c.value.is_finite() {
            return Err(Error::invalid_argument(
                format!("values[{k}]"),
                format!(
                    "the value of {label} is {}; every value must be a finite number",
                    c.value
                ),
            ));
        }
        if seen[mask] {
            return Err(Error::invalid_argument(
                format!("values[{k}]"),
                format!("the coalition {label} is given twice; give each coalition once"),
            ));
        }
        if mask == 0 && c.value != 0.0 {
            return Err(Error::invalid_argument(
                format!("values[{k}]"),
                format!(
                    "the empty coalition is worth {}; it must be worth 0",
                    c.value
                ),
            ));
        }
        seen[mask] = true;
        table[mask] = c.value;
    }
    table[0] = 0.0;
    seen[0] = true;
    let mut missing = (1..size).filter(|&m| !seen[m]);
    if let Some(first) = missing.next() {
        let more = missing.count();
        let mut message = format!(
            "the coalition {} has no value",
            coalition_label(&names, first)
        );
        if more > 0 {
            let _ = write!(message, " ({more} more coalitions are missing)");
        }
        let _ = write!(
            message,
            "; the Shapley value needs v(S) for every one of the {} non-empty coalitions of {}",
            size - 1,
            names.join(", ")
        );
        return Err(Error::invalid_argument("values", message));
    }
    let mut out = vec![0.0; n];
    shapley_table(n, &table, &mut out)?;
    Ok(names.into_iter().map(str::to_owned).zip(out).collect())
}

/// `{A, C}`: the members of coalition `mask`.
fn coalition_label(names: &[&str], mask: usize) -> String {
    let members: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect();
    format!("{{{}}}", members.join(", "))
}

/// Shapley values from a dense coalition table indexed by bitmask: `values[S]` is the value
/// of the coalition whose members are the set bits of `S` (partner `i` is bit `i`), so
/// `values.len() == 2ⁿ` and `values[0]`, the empty coalition, is taken as 0 whatever it holds.
/// Writes partner `i`'s value to `out[i]`.
///
/// # Formula
///
/// As [`shapley`]: for each partner `i` and each coalition `S` without `i`,
/// `φᵢ += w(|S|) · (v(S | i) − v(S))` with `w(s) = s! (n − s − 1)! / n! = 1 / (n · C(n − 1, s))`:
/// `n · 2ⁿ⁻¹` marginal contributions.
///
/// # Errors
///
/// [`Error::InvalidArgument`] when `n` is above 20, `values.len() != 2ⁿ`, `out.len() != n`,
/// or a value is not finite (`values[S]`).
///
/// # Examples
///
/// ```
/// use outcomes_core::value::shapley_table;
/// // Partners A = bit 0, B = bit 1: v(A) = 10, v(B) = 20, v(AB) = 50.
/// let mut out = [0.0; 2];
/// shapley_table(2, &[0.0, 10.0, 20.0, 50.0], &mut out)?;
/// assert_eq!(out, [20.0, 30.0]);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn shapley_table(n: usize, values: &[f64], out: &mut [f64]) -> Result<(), Error> {
    if n > MAX_SHAPLEY_PLAYERS {
        return Err(Error::invalid_argument(
            "n",
            format!(
                "n = {n}: the exact Shapley value is computed for at most {MAX_SHAPLEY_PLAYERS} partners"
            ),
        ));
    }
    let size = 1usize << n;
    if values.len() != size {
        return Err(Error::invalid_argument(
            "values",
            format!(
                "values has {} elements; {n} partners need 2^{n} = {size}, one per coalition",
                values.len()
            ),
        ));
    }
    if out.len() != n {
        return Err(Error::invalid_argument(
            "out",
            format!("out has {} elements; give one per partner ({n})", out.len()),
        ));
    }
    if let Some(bad) = (1..size).find(|&s| !values[s].is_finite()) {
        return Err(Error::invalid_argument(
            format!("values[{bad}]"),
            format!("values[{bad}] = {} is not a finite number", values[bad]),
        ));
    }
    if n == 0 {
        return Ok(());
    }
    // w(s) = 1 / (n · C(n-1, s)), built up by C(n-1, s+1) = C(n-1, s)·(n-1-s)/(s+1).
    let mut weight = Vec::with_capacity(n);
    let mut binom = 1.0_f64;
    for s in 0..n {
        weight.push(1.0 / (n as f64 * binom));
        binom = binom * (n - 1 - s) as f64 / (s + 1) as f64;
    }
    let v = |s: usize| if s == 0 { 0.0 } else { values[s] };
    for (i, o) in out.iter_mut().enumerate() {
        let bit = 1usize << i;
        let low = bit - 1;
        let mut phi = 0.0;
        // Every coalition without i: the bits of t with a 0 inserted at position i.
        for t in 0..size / 2 {
            let s = ((t & !low) << 1) | (t & low);
            phi += weight[s.count_ones() as usize] * (v(s | bit) - v(s));
        }
        *o = phi;
    }
    Ok(())
}
