//! Organisations: the trusts, councils, boards and other bodies a strategy names.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An organisation named by the strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Unique id, referenced by partnerships, commitments and value outcomes.
    pub id: String,
    /// Name as the document gives it.
    pub name: String,
    /// What sort of body it is.
    pub kind: OrganisationKind,
    /// Population served, where known; used as a weight in roll-up and sharing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<f64>,
    /// Optional code (ODS code, ONS area code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Free-text note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The kind of an [`Organisation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// An NHS trust.
    NhsTrust,
    /// An NHS foundation trust.
    FoundationTrust,
    /// An integrated care board.
    Icb,
    /// A county, city, district or unitary council.
    LocalAuthority,
    /// A primary care network.
    Pcn,
    /// General practice.
    GeneralPractice,
    /// A place-based partnership.
    PlaceBasedPartnership,
    /// Voluntary, community and social enterprise sector.
    Vcse,
    /// A college, university or school.
    Education,
    /// An ambulance service.
    Ambulance,
    /// Police, fire and other public services.
    PublicService,
    /// A private company.
    Private,
    /// Anything else.
    Other,
}
