//! Commitments: what the partners say they will do, with milestones per year.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A commitment ("build a primary and secondary care interface group in 2024/25").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Unique id.
    pub id: String,
    /// The commitment as written.
    pub text: String,
    /// Ids of the objectives it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// Ids of the partnerships that deliver it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partnerships: Vec<String>,
    /// Ids of the owning organisations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Ids of the measures that evidence it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<String>,
    /// Milestones, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
}

/// A milestone of a commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Id, unique within the commitment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The period it falls in (`2024/25`, `2025/26+`), as written.
    pub period: String,
    /// What is to be done.
    pub description: String,
    /// Due date (`YYYY-MM-DD`), where one is set; otherwise the end of the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Delivery status as last reported.
    #[serde(default)]
    pub status: MilestoneStatus,
    /// Evidence of delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// Reported status of a [`Milestone`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// In progress.
    InProgress,
    /// Done.
    Done,
    /// Behind its planned date.
    Slipped,
    /// No longer pursued.
    Dropped,
}
