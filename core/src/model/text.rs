//! Figures and texts that may still be placeholders.
//!
//! Strategies are often published before every figure is agreed: "[insert figure]",
//! "[date to be included]", "GBP x". The model keeps such text exactly as written, as *to be
//! confirmed*, and never guesses a value. [`Figure`] holds a number or text; [`is_placeholder`]
//! recognises the placeholder forms; validation reports them as warnings.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Whether `text` is a placeholder the document left to be confirmed.
///
/// Recognised: any text in square brackets (`[insert figure]`, `[figure]`, `[Figure here]`,
/// `[insert date]`, `[date to be included]`, `[outcome to be completed]`,
/// `[Measurement details to be added]`), and the money placeholders `GBP x`, `£x`, `£X`
/// (as in "one apprentice per £x million"), and the bare words `TBC` / `TBD`.
///
/// ```
/// use outcomes_core::model::is_placeholder;
/// assert!(is_placeholder("[insert figure]"));
/// assert!(is_placeholder("  [Date to be included] "));
/// assert!(is_placeholder("GBP x"));
/// assert!(!is_placeholder("13.0"));
/// ```
#[must_use]
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.starts_with('[') && t.ends_with(']') && t.len() >= 2 {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "gbp x" | "£x" | "tbc" | "tbd" | "to be confirmed"
    )
}

/// Every placeholder found inside a longer text: each bracketed span and each `GBP x` / `£x`.
///
/// ```
/// use outcomes_core::model::placeholders_in;
/// let found = placeholders_in("[Figure here] staff trained by [insert date]");
/// assert_eq!(found, vec!["[Figure here]", "[insert date]"]);
/// ```
#[must_use]
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' {
            if let Some(close) = text[i..].find(']') {
                let span = &text[i..=i + close];
                // Footnote markers such as "[1]" are not placeholders.
                if span[1..span.len() - 1].chars().any(char::is_alphabetic) {
                    found.push(span);
                }
                i += close + 1;
                continue;
            }
        }
        i += 1;
    }
    for needle in ["GBP x", "£x", "£X"] {
        let mut start = 0;
        while let Some(pos) = text[start..].find(needle) {
            let at = start + pos;
            let end = at + needle.len();
            let next = text[end..].chars().next();
            if next.is_none_or(|c| !c.is_alphanumeric()) {
                found.push(&text[at..end]);
            }
            start = end;
        }
    }
    found
}

/// A figure from a strategy: a number, or text kept as written (usually a placeholder such as
/// `"[insert figure]"`).
///
/// In TOML and JSON a figure is written as a number (`value = 75`) or a string
/// (`value = "[insert figure]"`). Text that is not a placeholder is kept too, and validation
/// reports it as an error, so nothing the author wrote is lost.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// A known number.
    Number(f64),
    /// Text in place of the number, kept exactly as written.
    Text(String),
}

impl Figure {
    /// The number, if this figure is one.
    #[must_use]
    pub fn number(&self) -> Option<f64> {
        match self {
            Figure::Number(v) => Some(*v),
            Figure::Text(_) => None,
        }
    }

    /// Whether the figure is a placeholder to be confirmed.
    #[must_use]
    pub fn is_to_be_confirmed(&self) -> bool {
        matches!(self, Figure::Text(t) if is_placeholder(t))
    }
}

impl From<f64> for Figure {
    fn from(v: f64) -> Self {
        Figure::Number(v)
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Number(v) => write!(f, "{v}"),
            Figure::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Number(v) => s.serialize_f64(*v),
            Figure::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FigureVisitor;
        impl Visitor<'_> for FigureVisitor {
            type Value = Figure;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a placeholder such as \"[insert figure]\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Figure, E> {
                Ok(Figure::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Figure, E> {
                Ok(Figure::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Figure, E> {
                Ok(Figure::Text(v))
            }
        }
        d.deserialize_any(FigureVisitor)
    }
}

impl JsonSchema for Figure {
    fn schema_name() -> Cow<'static, str> {
        "Figure".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number, or text kept as written: a placeholder such as \"[insert figure]\" is to be confirmed.",
            "type": ["number", "string"]
        })
    }
}
