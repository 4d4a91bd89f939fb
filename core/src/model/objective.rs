//! Objectives: the tree from vision through aims and priorities to objectives.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An objective, aim, priority or principle. Objectives form a tree through `parent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Unique id.
    pub id: String,
    /// The document's own numbering ("1", "Aim 2", "SO6").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Title as written.
    pub title: String,
    /// Where it sits in the strategy's hierarchy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<ObjectiveLevel>,
    /// Id of the parent objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The level of an [`Objective`] in the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveLevel {
    /// The vision.
    Vision,
    /// An aim.
    Aim,
    /// A principle.
    Principle,
    /// An area of focus.
    AreaOfFocus,
    /// A priority.
    Priority,
    /// An objective.
    Objective,
}
