//! Partnerships: groups of organisations that come together to achieve what they can only do
//! together (the Sherwood Forest strategy's definition).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A partnership between organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partnership {
    /// Unique id.
    pub id: String,
    /// Name as the document gives it.
    pub name: String,
    /// Statutory, formal or informal.
    pub kind: PartnershipKind,
    /// Simple or complex, where the document says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complexity: Option<Complexity>,
    /// Ids of member organisations (or of member partnerships).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Membership as the document describes it in words ("over 15 health and care
    /// organisations"), kept when the members are not listed; reported as to be confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members_text: Option<String>,
    /// What the partnership is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Whether the partnership is documented (terms of reference, agreement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documented: Option<bool>,
    /// Id of the partnership this one sits within.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Level of assurance the partners have agreed for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<AssuranceLevel>,
    /// Agreed shares of gains and losses between members (organisation id -> share), for
    /// equalisation. Shares are fractions summing to 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shares: Vec<Share>,
    /// Free-text note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A partner's agreed share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// Organisation id.
    pub organisation: String,
    /// Fraction in 0..=1.
    pub share: f64,
}

/// The kind of a [`Partnership`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipKind {
    /// Required by statute (an integrated care system, a place-based partnership).
    Statutory,
    /// Formal: an agreement, a committee in common, a collaborative.
    Formal,
    /// Informal: relationships and networks.
    Informal,
}

/// How complex a partnership is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    /// Few partners, one purpose.
    Simple,
    /// Many partners or purposes.
    Complex,
}

/// Level of assurance, in the words NHS internal audit uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssuranceLevel {
    /// Substantial assurance.
    Substantial,
    /// Reasonable assurance.
    Reasonable,
    /// Limited assurance.
    Limited,
    /// No assurance.
    None,
    /// Not yet agreed.
    ToBeConfirmed,
}
