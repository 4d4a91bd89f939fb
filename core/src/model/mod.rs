//! The strategy model: a [`Framework`] and its parts.
//!
//! A framework file (TOML or JSON, one schema) holds the organisations, partnerships,
//! objectives, commitments, measures and value outcomes of a strategy. Loading checks syntax
//! and types only; [`Framework::validate`] then reports every other problem at once. Saving
//! writes back everything that was read: `load -> save -> load` is the identity.
//!
//! ```
//! use outcomes_core::model::Framework;
//! let fw = Framework::from_toml_str(r#"
//! schema_version = 1
//! id = "demo"
//! title = "Demo strategy"
//! period = { from = "2024/25", to = "2028/29" }
//!
//! [[measures]]
//! id = "smoking"
//! title = "Smoking at time of delivery"
//! unit = "percent"
//! polarity = "lower_is_better"
//! baselines = [{ period = "2021/22", value = 13.0 }]
//! targets = [{ kind = "direction", direction = "decrease", wording = "A reduction" }]
//! "#)?;
//! assert_eq!(fw.measures[0].baselines[0].value.number(), Some(13.0));
//! let again = Framework::from_json_str(&fw.to_json_string()?)?;
//! assert_eq!(fw, again);
//! # Ok::<(), outcomes_core::Error>(())
//! ```

mod commitment;
mod measure;
mod objective;
mod organisation;
mod partnership;
mod progress;
mod text;
mod value_outcome;
mod when;

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use commitment::{Commitment, Milestone, MilestoneStatus};
pub use measure::{
    Baseline, Breakdown, BreakdownKind, Direction, Frequency, Measure, Method, Polarity, Source,
    Target, TargetKind, TrajectoryPoint, Unit,
};
pub use objective::{Objective, ObjectiveLevel};
pub use organisation::{Organisation, OrganisationKind};
pub use partnership::{AssuranceLevel, Complexity, Partnership, PartnershipKind, Share};
pub use progress::{MilestoneUpdate, Progress, ValueUpdate};
pub use text::{Figure, is_placeholder, placeholders_in};
pub use value_outcome::{Basis, Proxy, ValueKind, ValueOutcome};
pub use when::{When, parse_date};

use crate::Error;

/// The framework file format version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Largest framework file read, in bytes (64 MiB); larger inputs are refused with an error
/// rather than read into memory.
pub const MAX_FRAMEWORK_BYTES: usize = 64 * 1024 * 1024;

/// A strategy written down as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Format version of the file; currently 1.
    pub schema_version: u32,
    /// Id of the framework.
    pub id: String,
    /// Title of the strategy.
    pub title: String,
    /// Id of the organisation that owns the strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Period the strategy covers.
    pub period: PeriodCovered,
    /// Version of the framework content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The source document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// The vision statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision: Option<String>,
    /// Organisations named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<Organisation>,
    /// Partnerships.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partnerships: Vec<Partnership>,
    /// Objectives, aims and priorities (a tree through `parent`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
    /// Commitments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
    /// Measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    /// Value-added outcomes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_outcomes: Vec<ValueOutcome>,
}

/// The span of a strategy, by financial years as written (`2023/24` to `2027/28`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodCovered {
    /// First period.
    pub from: String,
    /// Last period.
    pub to: String,
}

/// The document a framework encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Title of the document.
    pub title: String,
    /// Publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Publication date or year, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Web address, kept as text (never fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Framework {
    /// Reads a framework from TOML text.
    ///
    /// # Errors
    /// [`Error::Parse`] with the path of the offending field (`measures[3].unit`) and the
    /// line and column, for syntax errors, wrong types, unknown fields and unknown enum values.
    pub fn from_toml_str(text: &str) -> Result<Framework, Error> {
        deserialize_toml(text)
    }

    /// Reads a framework from JSON text.
    ///
    /// # Errors
    /// [`Error::Parse`] with the path of the offending field and the line and column.
    pub fn from_json_str(text: &str) -> Result<Framework, Error> {
        deserialize_json(text)
    }

    /// Reads a framework file: `.toml` as TOML, `.json` as JSON (by extension; otherwise by
    /// the first non-blank character).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read, [`Error::Parse`] as for the `from_*_str`
    /// functions, with the file name before the path.
    pub fn load(path: impl AsRef<Path>) -> Result<Framework, Error> {
        let path = path.as_ref();
        let text = read_text_file(path, MAX_FRAMEWORK_BYTES)?;
        let is_json = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => true,
            Some(e) if e.eq_ignore_ascii_case("toml") => false,
            _ => text.trim_start().starts_with('{'),
        };
        let shown = path.display().to_string();
        let r = if is_json {
            Framework::from_json_str(&text)
        } else {
            Framework::from_toml_str(&text)
        };
        r.map_err(|e| e.in_file(&shown))
    }

    /// Writes the framework as TOML.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if a value cannot be written as TOML.
    pub fn to_toml_string(&self) -> Result<String, Error> {
        toml::to_string_pretty(self).map_err(|e| Error::invalid_argument("", e.to_string()))
    }

    /// Writes the framework as pretty JSON.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if a number is not finite (JSON has no NaN or infinity).
    pub fn to_json_string(&self) -> Result<String, Error> {
        // serde_json writes non-finite floats as null, which would change the data on reload.
        if !self.all_numbers_finite() {
            return Err(Error::invalid_argument(
                "",
                "the framework holds a NaN or infinite number, which JSON cannot carry; save as TOML or fix the value",
            ));
        }
        serde_json::to_string_pretty(self).map_err(|e| Error::invalid_argument("", e.to_string()))
    }

    /// The JSON Schema of framework files, for editors and for `outcomes schema`.
    #[must_use]
    pub fn json_schema() -> serde_json::Value {
        let schema = schemars::schema_for!(Framework);
        serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
    }

    fn all_numbers_finite(&self) -> bool {
        let fig = |f: &Figure| f.number().is_none_or(f64::is_finite);
        let opt = |f: &Option<f64>| f.is_none_or(f64::is_finite);
        let ofig = |f: &Option<Figure>| f.as_ref().is_none_or(fig);
        self.organisations.iter().all(|o| opt(&o.population))
            && self
                .partnerships
                .iter()
                .all(|p| p.shares.iter().all(|s| s.share.is_finite()))
            && self.measures.iter().all(|m| {
                opt(&m.per)
                    && opt(&m.suppress_below)
                    && m.baselines
                        .iter()
                        .all(|b| fig(&b.value) && opt(&b.numerator) && opt(&b.denominator))
                    && m.targets.iter().all(|t| {
                        ofig(&t.value)
                            && ofig(&t.upper)
                            && t.trajectory.iter().all(|p| fig(&p.value))
                    })
            })
            && self.value_outcomes.iter().all(|v| {
                ofig(&v.quantity)
                    && ofig(&v.money)
                    && ofig(&v.investment)
                    && opt(&v.duration_years)
                    && opt(&v.deadweight)
                    && opt(&v.displacement)
                    && opt(&v.attribution)
                    && opt(&v.drop_off)
                    && v.proxy.as_ref().is_none_or(|p| ofig(&p.value))
                    && v.beneficiaries.iter().all(|s| s.share.is_finite())
            })
    }
}

/// Deserialises TOML text with the path of any error.
pub(crate) fn deserialize_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    check_size(text.len())?;
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = clean_path(&e.path().to_string());
        let inner = e.into_inner();
        let at = inner.span().map(|s| line_col(text, s.start));
        let message = inner.message().trim().replace('\n', "; ");
        let message = match at {
            Some((l, c)) => format!("{message} (TOML line {l}, column {c})"),
            None => message,
        };
        Error::parse(path, message)
    })
}

/// Deserialises JSON text with the path of any error.
pub(crate) fn deserialize_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    check_size(text.len())?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = clean_path(&e.path().to_string());
        let inner = e.into_inner();
        let message = strip_json_position(&inner.to_string());
        Error::parse(
            path,
            format!(
                "{message} (JSON line {}, column {})",
                inner.line(),
                inner.column()
            ),
        )
    })?;
    de.end()
        .map_err(|e| Error::parse("", format!("unexpected text after the document: {e}")))?;
    Ok(value)
}

fn check_size(len: usize) -> Result<(), Error> {
    if len > MAX_FRAMEWORK_BYTES {
        return Err(Error::parse(
            "",
            format!(
                "the framework is {len} bytes, more than the {MAX_FRAMEWORK_BYTES}-byte limit; a strategy framework is normally well under 1 MB"
            ),
        ));
    }
    Ok(())
}

/// Reads a UTF-8 text file of at most `limit` bytes, with errors that name the file.
pub(crate) fn read_text_file(path: &Path, limit: usize) -> Result<String, Error> {
    use std::io::Read;
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::io(&shown, e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&shown, e.to_string()))?;
    if bytes.len() > limit {
        return Err(Error::parse(
            &shown,
            format!("the file is larger than the {limit}-byte limit"),
        ));
    }
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..at]);
        let (l, c) = line_col(&text, at);
        Error::parse(
            &shown,
            format!("the file is not valid UTF-8 (first bad byte at line {l}, column {c}); save it as UTF-8"),
        )
    })
}

/// 1-based line and column of byte offset `at` in `text`.
pub(crate) fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn clean_path(p: &str) -> String {
    // serde_path_to_error writes "." for the root and "?" where it could not tell the place
    // (a syntax error before any field): both mean "the whole document".
    if p == "." || p == "?" {
        String::new()
    } else {
        p.to_owned()
    }
}

fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
