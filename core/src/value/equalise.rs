//! Equalisation: transfers between partners that bring each one's realised gain to its
//! agreed share of the total.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check_shares;
use crate::Error;

/// One partner's line in an [`Equalisation`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EqualisedPartner {
    /// Gain the partner realised (GBP).
    pub realised: f64,
    /// Its agreed share of the total, a fraction.
    pub share: f64,
    /// `share × total`: what it should end with.
    pub target: f64,
    /// `target − realised`: positive means the partner receives, negative that it pays.
    pub transfer: f64,
}

/// The result of [`equalise`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Equalisation {
    /// Total realised gain of all partners.
    pub total: f64,
    /// Each partner's working and transfer, by partner name (in name order).
    pub partners: BTreeMap<String, EqualisedPartner>,
}

impl Equalisation {
    /// Just the transfers, by partner name: positive receives, negative pays.
    #[must_use]
    pub fn transfers(&self) -> BTreeMap<String, f64> {
        self.partners
            .iter()
            .map(|(k, p)| (k.clone(), p.transfer))
            .collect()
    }
}

/// Equalisation transfers that bring each partner's realised gain to its agreed share of the
/// partners' total gain (a cost/benefit equalisation agreement).
///
/// # Formula
///
/// `T = Σ realisedⱼ`; `transferᵢ = shareᵢ · T − realisedᵢ`. With shares adding up to 1 the
/// transfers add up to 0: what the partners that gained more than their share pay is what
/// the others receive. The last partner's transfer (in name order) is taken as minus the sum
/// of the others, so the transfers add up to exactly 0 in floating point too; it differs from
/// `shareᵢ · T − realisedᵢ` by rounding only.
///
/// # Errors
///
/// [`Error::InvalidArgument`]: no partners; a partner in `realised` but not in `shares` or
/// the other way round (named, path `shares.NAME` or `realised.NAME`); a non-finite realised
/// gain; a share outside `[0, 1]`; shares that do not add up to 1 within `1e-9`.
///
/// # References
///
/// The proportional rule (Young, H. P. (1994), *Equity in Theory and Practice*, chapter 5)
/// applied to the realised total; the project's reference case "Equalisation" in
/// `worked-cases.md`.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use outcomes_core::value::equalise;
/// let realised = BTreeMap::from([("A".to_owned(), 500_000.0), ("B".to_owned(), 100_000.0), ("C".to_owned(), 0.0)]);
/// let shares = BTreeMap::from([("A".to_owned(), 0.5), ("B".to_owned(), 0.3), ("C".to_owned(), 0.2)]);
/// let t = equalise(&realised, &shares)?.transfers();
/// assert!((t["A"] + 200_000.0).abs() < 0.005);
/// assert!((t["B"] - 80_000.0).abs() < 0.005);
/// assert!((t["C"] - 120_000.0).abs() < 0.005);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn equalise(
    realised: &BTreeMap<String, f64>,
    shares: &BTreeMap<String, f64>,
) -> Result<Equalisation, Error> {
    if realised.is_empty() {
        return Err(Error::invalid_argument(
            "realised",
            "no partners given; give each partner's realised gain",
        ));
    }
    for name in realised.keys() {
        if !shares.contains_key(name) {
            return Err(Error::invalid_argument(
                format!("shares.{name}"),
                format!(
                    "partner \"{name}\" has a realised gain but no agreed share; give every partner a share"
                ),
            ));
        }
    }
    for name in shares.keys() {
        if !realised.contains_key(name) {
            return Err(Error::invalid_argument(
                format!("realised.{name}"),
                format!(
                    "partner \"{name}\" has an agreed share but no realised gain; give 0 if it realised nothing"
                ),
            ));
        }
    }
    for (name, r) in realised {
        if !r.is_finite() {
            return Err(Error::invalid_argument(
                format!("realised.{name}"),
                format!("the realised gain of \"{name}\" is {r}; it must be a finite amount"),
            ));
        }
    }
    check_shares("shares", shares)?;
    let total: f64 = realised.values().sum();
    let mut partners = BTreeMap::new();
    let mut paid = 0.0;
    let last = realised.len() - 1;
    for (k, (name, &r)) in realised.iter().enumerate() {
        let share = shares[name];
        let target = share * total;
        let transfer = if k == last { -paid } else { target - r };
        paid += transfer;
        partners.insert(
            name.clone(),
            EqualisedPartner {
                realised: r,
                share,
                target,
                transfer,
            },
        );
    }
    Ok(Equalisation { total, partners })
}
