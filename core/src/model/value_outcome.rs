//! Value-added outcomes: what partnerships achieved beyond their own targets (savings from
//! joint buying, local people employed, duplicate tests avoided).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Figure, Share};

/// A value-added outcome of a partnership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueOutcome {
    /// Unique id.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The outcome as the document words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
    /// Id of the partnership that achieved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnership: Option<String>,
    /// Ids of the objectives it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// What sort of value.
    pub kind: ValueKind,
    /// Period achieved in (`2024/25`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// How much (people employed, tests avoided), or a placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Figure>,
    /// Unit of the quantity ("people", "tests").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A money amount stated directly (GBP), or a placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub money: Option<Figure>,
    /// Whether the money or monetised value is one-off or recurs each year.
    #[serde(default)]
    pub basis: Basis,
    /// Proxy that monetises the quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<Proxy>,
    /// Years the value lasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_years: Option<f64>,
    /// Share that would have happened anyway (0..1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadweight: Option<f64>,
    /// Share displaced from elsewhere (0..1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub displacement: Option<f64>,
    /// Share due to others (0..1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<f64>,
    /// Yearly decline after the first year (0..1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_off: Option<f64>,
    /// Investment (GBP) made to achieve it, for SROI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment: Option<Figure>,
    /// Partners that benefit, with their shares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub beneficiaries: Vec<Share>,
    /// Evidence for the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Level of assurance of the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<super::AssuranceLevel>,
}

/// The kind of a [`ValueOutcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Cash released.
    CashSaving,
    /// Costs avoided.
    CostAvoidance,
    /// Income earned.
    Income,
    /// Workforce (recruitment, retention, training).
    Workforce,
    /// Patient benefit (tests avoided, quicker care).
    Patient,
    /// Population health.
    PopulationHealth,
    /// Social value (local employment, community).
    Social,
    /// Environmental (carbon, waste).
    Environmental,
}

/// Whether a value is one-off or recurs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Happens once.
    #[default]
    OneOff,
    /// Recurs each year for `duration_years`.
    PerYear,
}

/// A proxy value that monetises a quantity. Licensed proxy sets (TOMs, HACT) are never
/// shipped: reference them by id and load the table yourself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proxy {
    /// Id in a user-supplied proxy table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Value per unit (GBP), when stated here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Figure>,
    /// Where the value comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Version of the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Price year of the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<String>,
    /// Licence of the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}
