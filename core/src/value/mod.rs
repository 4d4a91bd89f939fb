//! Value-added outcomes: monetisation, social return on investment, and fair sharing and
//! equalisation between partners.
//!
//! - [`monetise()`] / [`summarise`]: a model [`ValueOutcome`](crate::model::ValueOutcome) valued
//!   as quantity × proxy (from a user-loaded [`ProxyTable`]) or as money stated directly,
//!   one-off or per year; outcomes that cannot be valued are kept and counted, never added to
//!   money totals.
//! - [`sroi()`]: present value, NPV, SROI ratio, payback, break-even adjustments and a
//!   sensitivity table (HM Treasury Green Book 2022; Cabinet Office *A guide to SROI* 2012).
//! - [`share()`] and [`share_pennies`]: proportional shares by population, activity, spend or
//!   equally.
//! - [`shapley()`] and [`shapley_table`]: exact Shapley values (Shapley 1953) for up to 20
//!   partners.
//! - [`equalise()`]: transfers that bring each partner's realised gain to its agreed share.
//! - [`gain_loss()`]: a variance against expected spend shared between a commissioner and
//!   providers, with a cap and a collar.
//!
//! # Conventions
//!
//! - Money is GBP in `f64`, kept at full precision; round only for display (or use
//!   [`share_pennies`] where parts must add up to the penny).
//! - Fractions (shares, deadweight, discount rates) are fractions: 20% is `0.2`.
//! - Gains are positive and losses negative; a positive transfer is received, a negative one
//!   paid.
//! - Partners are named by strings; maps are `BTreeMap`s, so
//!   results come back in name order.
//! - Bad arguments are an [`InvalidArgument`](crate::Error::InvalidArgument) whose path
//!   names the field (`deadweight`, `shares.B`, `values`); bad weights an
//!   [`Method`](crate::Error::Method) naming the first bad index (`weights[2]`).

pub mod equalise;
pub mod gain_loss;
pub mod monetise;
pub mod shapley;
pub mod share;
pub mod sroi;

use std::collections::BTreeMap;

pub use equalise::{Equalisation, EqualisedPartner, equalise};
pub use gain_loss::{GainLoss, GainLossInput, gain_loss};
pub use monetise::{
    KindTotal, KindTotalAll, MonetisationMethod, Monetised, MonetisedStatus, ProxyRow, ProxyTable,
    ValueSummary, monetise, summarise,
};
pub use shapley::{CoalitionValue, MAX_SHAPLEY_PLAYERS, shapley, shapley_table};
pub use share::{MAX_PENNIES, share, share_pennies};
pub use sroi::{
    BreakEven, GREEN_BOOK_DISCOUNT_RATE, SensitivityParameter, SensitivityRow, Sroi, SroiInput,
    SroiYear, annuity_factor, sroi,
};

use crate::Error;

/// Tolerance on shares that must add up to 1.
pub const SHARE_TOLERANCE: f64 = 1e-9;

/// `x` must be a fraction in `[0, 1]`.
pub(crate) fn check_fraction(field: &str, x: f64) -> Result<(), Error> {
    if (0.0..=1.0).contains(&x) {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            field,
            format!("{field} = {x} is not a fraction between 0 and 1; write 20% as 0.2"),
        ))
    }
}

/// `x` must be finite and at least 0.
pub(crate) fn check_non_negative(field: &str, x: f64) -> Result<(), Error> {
    if x.is_finite() && x >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            field,
            format!("{field} = {x} must be a finite number, at least 0"),
        ))
    }
}

/// Shares by name: each in `[0, 1]`, adding up to 1 within [`SHARE_TOLERANCE`].
pub(crate) fn check_shares(field: &str, shares: &BTreeMap<String, f64>) -> Result<(), Error> {
    if shares.is_empty() {
        return Err(Error::invalid_argument(
            field,
            "no shares given; give each partner's share",
        ));
    }
    for (name, &s) in shares {
        check_fraction(&format!("{field}.{name}"), s)?;
    }
    let sum: f64 = shares.values().sum();
    if (sum - 1.0).abs() > SHARE_TOLERANCE {
        return Err(Error::invalid_argument(
            field,
            format!(
                "the shares add up to {sum}, not 1; write 50% as 0.5 and make them add up to 1"
            ),
        ));
    }
    Ok(())
}
