//! Gain/loss sharing: a variance against expected spend split between a commissioner and
//! providers, with a cap on the providers' gain and a collar on their loss.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{check_fraction, check_shares};
use crate::Error;

/// What [`gain_loss`] needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GainLossInput {
    /// Expected (planned) spend, GBP.
    pub expected: f64,
    /// Actual spend, GBP.
    pub actual: f64,
    /// Commissioner's share of the gain or loss, in `[0, 1]`; providers take the rest.
    pub commissioner_share: f64,
    /// Each provider's share of the providers' part, by provider name; they add up to 1.
    pub provider_shares: BTreeMap<String, f64>,
    /// Most the providers together may gain (GBP, at least 0); `None` for no cap.
    #[serde(default)]
    pub cap: Option<f64>,
    /// Most the providers together may lose (GBP, a magnitude, at least 0); `None` for no
    /// collar.
    #[serde(default)]
    pub collar: Option<f64>,
}

/// The result of [`gain_loss`]. Gains are positive, losses negative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GainLoss {
    /// `expected − actual`: positive is a gain (underspend), negative a loss (overspend).
    pub variance: f64,
    /// Providers' part before the cap or collar: `(1 − commissioner_share) × variance`.
    pub providers_before_limit: f64,
    /// Providers' part after the cap or collar.
    pub providers_total: f64,
    /// Whether the cap (gain) or collar (loss) changed the providers' part.
    pub limited: bool,
    /// Commissioner's part: `variance − providers_total`.
    pub commissioner: f64,
    /// Each provider's part, by provider name (in name order).
    pub providers: BTreeMap<String, f64>,
}

/// Splits the variance between expected and actual spend between a commissioner and its
/// providers: a risk- and gain-share corridor.
///
/// # Formula
///
/// `variance = expected − actual` (gain when positive, loss when negative). The providers'
/// part is `P = (1 − commissioner_share) × variance`, limited to at most `cap` when it is a
/// gain and to at least `−collar` when it is a loss; each provider gets `P × shareᵢ`; the
/// commissioner takes the rest, `variance − P`, so every part adds up to the variance.
///
/// **Sign convention**: every amount is positive for a gain and negative for a loss; the
/// worked case's loss of 180,000 to P1 comes back as `-180_000`.
///
/// # Errors
///
/// [`Error::InvalidArgument`] naming the field: non-finite expected or actual spend; a
/// commissioner share or provider share outside `[0, 1]`; provider shares that do not add up
/// to 1 within `1e-9` or are empty; a provider named `commissioner` (so the flat
/// name-to-amount map of the bindings stays unambiguous); a negative or non-finite cap or
/// collar.
///
/// # References
///
/// The risk-share corridor of NHS contracting practice (a shared variance with a cap on the
/// providers' gain and a collar on their loss), as specified by the project's reference case
/// H in `worked-cases.md`; no single published formula is followed beyond that.
///
/// # Examples
///
/// Worked case H: expected 50.0m, actual 48.0m, 50:50, P1:P2 60:40; then actual 51.0m with
/// the providers' loss collared at 300,000.
///
/// ```
/// use std::collections::BTreeMap;
/// use outcomes_core::value::{gain_loss, GainLossInput};
/// let mut input = GainLossInput {
///     expected: 50.0e6,
///     actual: 48.0e6,
///     commissioner_share: 0.5,
///     provider_shares: BTreeMap::from([("P1".to_owned(), 0.6), ("P2".to_owned(), 0.4)]),
///     cap: None,
///     collar: None,
/// };
/// let g = gain_loss(&input)?;
/// assert!((g.commissioner - 1_000_000.0).abs() < 0.005);
/// assert!((g.providers["P1"] - 600_000.0).abs() < 0.005);
/// assert!((g.providers["P2"] - 400_000.0).abs() < 0.005);
///
/// input.actual = 51.0e6;
/// input.collar = Some(300_000.0);
/// let l = gain_loss(&input)?;
/// assert!((l.providers["P1"] + 180_000.0).abs() < 0.005);
/// assert!((l.providers["P2"] + 120_000.0).abs() < 0.005);
/// assert!((l.commissioner + 700_000.0).abs() < 0.005);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn gain_loss(input: &GainLossInput) -> Result<GainLoss, Error> {
    for (field, x) in [("expected", input.expected), ("actual", input.actual)] {
        if !x.is_finite() {
            return Err(Error::invalid_argument(
                field,
                format!("{field} = {x} must be a finite amount of spend"),
            ));
        }
    }
    check_fraction("commissioner_share", input.commissioner_share)?;
    if input.provider_shares.is_empty() {
        return Err(Error::invalid_argument(
            "provider_shares",
            "no providers given; give each provider's share of the providers' part",
        ));
    }
    if input.provider_shares.contains_key("commissioner") {
        return Err(Error::invalid_argument(
            "provider_shares.commissioner",
            "a provider may not be named \"commissioner\"; that name is the commissioner's part in the results",
        ));
    }
    check_shares("provider_shares", &input.provider_shares)?;
    for (field, x) in [("cap", input.cap), ("collar", input.collar)] {
        if let Some(x) = x {
            if !(x.is_finite() && x >= 0.0) {
                return Err(Error::invalid_argument(
                    field,
                    format!(
                        "{field} = {x} must be a non-negative amount (a collar is the most the providers may lose, written as a positive number)"
                    ),
                ));
            }
        }
    }
    let variance = input.expected - input.actual;
    let before = (1.0 - input.commissioner_share) * variance;
    let mut providers_total = before;
    if let Some(cap) = input.cap {
        providers_total = providers_total.min(cap);
    }
    if let Some(collar) = input.collar {
        providers_total = providers_total.max(-collar);
    }
    let providers = input
        .provider_shares
        .iter()
        .map(|(k, s)| (k.clone(), providers_total * s))
        .collect();
    Ok(GainLoss {
        variance,
        providers_before_limit: before,
        providers_total,
        limited: providers_total != before,
        commissioner: variance - providers_total,
        providers,
    })
}
