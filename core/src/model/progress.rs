//! Progress updates: reported milestone statuses and value-outcome figures, kept in a file of
//! their own so a framework file stays a faithful copy of the strategy document.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Figure, Framework, MilestoneStatus};
use crate::Error;

/// A progress update for a framework (e.g. `progress-2024-25.toml`).
///
/// ```
/// use outcomes_core::model::{Framework, Progress, MilestoneStatus};
/// let fw = Framework::from_toml_str(r#"
/// schema_version = 1
/// id = "demo"
/// title = "Demo"
/// period = { from = "2024/25", to = "2025/26" }
/// [[commitments]]
/// id = "c1"
/// text = "Establish an interface group"
/// milestones = [{ id = "m1", period = "2024/25", description = "Group meets" }]
/// "#)?;
/// let progress = Progress::from_toml_str(r#"
/// schema_version = 1
/// framework = "demo"
/// as_of = "2025-03-31"
/// [[milestones]]
/// commitment = "c1"
/// milestone = "m1"
/// status = "done"
/// evidence = "Terms of reference agreed"
/// "#)?;
/// let updated = fw.with_progress(&progress)?;
/// assert_eq!(updated.commitments[0].milestones[0].status, MilestoneStatus::Done);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Format version; currently 1.
    pub schema_version: u32,
    /// Id of the framework this updates.
    pub framework: String,
    /// Date the progress is reported at (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// What the figures are (e.g. "Illustrative, synthetic progress").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Milestone status updates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<MilestoneUpdate>,
    /// Value-outcome figure updates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_outcomes: Vec<ValueUpdate>,
}

/// A reported status for one milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneUpdate {
    /// Commitment id.
    pub commitment: String,
    /// Milestone id within the commitment.
    pub milestone: String,
    /// Status.
    pub status: MilestoneStatus,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// Reported figures for one value outcome; fields left out keep the framework's values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueUpdate {
    /// Value outcome id.
    pub id: String,
    /// Period achieved in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Quantity achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Figure>,
    /// Money amount (GBP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub money: Option<Figure>,
    /// Investment (GBP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment: Option<Figure>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Progress {
    /// The JSON Schema of progress files.
    #[must_use]
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Progress)).unwrap_or(serde_json::Value::Null)
    }

    /// Reads a progress file from TOML text.
    ///
    /// # Errors
    /// [`Error::Parse`] with the path of the offending field.
    pub fn from_toml_str(text: &str) -> Result<Progress, Error> {
        super::deserialize_toml(text)
    }

    /// Reads a progress file from JSON text.
    ///
    /// # Errors
    /// [`Error::Parse`] with the path of the offending field.
    pub fn from_json_str(text: &str) -> Result<Progress, Error> {
        super::deserialize_json(text)
    }

    /// Reads a progress file (`.json` as JSON, otherwise TOML).
    ///
    /// # Errors
    /// [`Error::Io`] or [`Error::Parse`].
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Progress, Error> {
        let path = path.as_ref();
        let text = super::read_text_file(path, super::MAX_FRAMEWORK_BYTES)?;
        let shown = path.display().to_string();
        let r = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            Progress::from_json_str(&text)
        } else {
            Progress::from_toml_str(&text)
        };
        r.map_err(|e| e.in_file(&shown))
    }
}

impl Framework {
    /// A copy of the framework with the progress applied: milestone statuses and evidence,
    /// value-outcome figures.
    ///
    /// # Errors
    /// [`Error::Validation`] naming the update (`milestones[2].milestone`) when it refers to
    /// a framework, commitment, milestone or value outcome that does not exist.
    pub fn with_progress(&self, progress: &Progress) -> Result<Framework, Error> {
        if progress.framework != self.id {
            return Err(Error::validation(
                "framework",
                format!(
                    "the progress file is for framework \"{}\" but this framework is \"{}\"",
                    progress.framework, self.id
                ),
            ));
        }
        let mut fw = self.clone();
        for (i, u) in progress.milestones.iter().enumerate() {
            let Some(c) = fw.commitments.iter_mut().find(|c| c.id == u.commitment) else {
                return Err(Error::validation(
                    format!("milestones[{i}].commitment"),
                    format!("no commitment has id \"{}\"", u.commitment),
                ));
            };
            let Some(m) = c
                .milestones
                .iter_mut()
                .find(|m| m.id.as_deref() == Some(u.milestone.as_str()))
            else {
                return Err(Error::validation(
                    format!("milestones[{i}].milestone"),
                    format!(
                        "commitment \"{}\" has no milestone with id \"{}\"",
                        u.commitment, u.milestone
                    ),
                ));
            };
            m.status = u.status;
            if u.evidence.is_some() {
                m.evidence.clone_from(&u.evidence);
            }
        }
        for (i, u) in progress.value_outcomes.iter().enumerate() {
            let Some(v) = fw.value_outcomes.iter_mut().find(|v| v.id == u.id) else {
                return Err(Error::validation(
                    format!("value_outcomes[{i}].id"),
                    format!("no value outcome has id \"{}\"", u.id),
                ));
            };
            if u.period.is_some() {
                v.period.clone_from(&u.period);
            }
            if u.quantity.is_some() {
                v.quantity.clone_from(&u.quantity);
            }
            if u.money.is_some() {
                v.money.clone_from(&u.money);
            }
            if u.investment.is_some() {
                v.investment.clone_from(&u.investment);
            }
            if u.evidence.is_some() {
                v.evidence.clone_from(&u.evidence);
            }
        }
        Ok(fw)
    }
}
