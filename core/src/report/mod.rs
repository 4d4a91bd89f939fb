//! The annual review: what a partnership strategy delivered in one financial year, for a
//! board to read.
//!
//! [`Evaluation::annual_review_with`] builds a [`Review`] from an evaluation, the framework
//! that was evaluated and a proxy table: a system summary; per partnership its purpose, kind,
//! complexity and assurance, its commitments delivered / in progress / overdue, its measures
//! by status with their figures, its value-added outcomes (money totals by kind, SROI where
//! the investment is known, outcomes not valued listed apart and never added), and sharing and
//! equalisation where it has agreed shares; completeness and what is still to be confirmed;
//! and, given the previous year's review, what changed. [`Evaluation::annual_review`] builds
//! the same review from the evaluation alone, without the parts that need the framework.
//!
//! Renderers: [`Review::to_markdown`], [`Review::to_html`] (one self-contained, print-friendly
//! file with inline SVG charts; no script, no network), [`Review::to_json`] (read back with
//! [`Review::from_json_str`]) and [`Review::tables`] / [`Review::to_csv`].
//!
//! # Rules stated in every review
//!
//! - A value outcome counts in a year's review when its period lies within the financial
//!   year (the year itself, or a quarter or month of it); outcomes dated outside it are left
//!   out and listed in [`Review::value_excluded`]; outcomes with no period are included and
//!   their period is listed as to be confirmed.
//! - Small numbers: where a figure rests on a count below the suppression threshold
//!   ([`EvaluateOptions::suppress_below`](crate::evaluate::EvaluateOptions) or the measure's
//!   `suppress_below`) it is shown as `*`, and its value, interval, counts, progress, change
//!   and chart point are left out of every output, JSON included.
//! - Text from the framework is escaped for each format ([`escape`]); no output carries a
//!   link, script or external reference taken from the framework.
//!
//! ```
//! use outcomes_core::data::Observations;
//! use outcomes_core::evaluate::EvaluateOptions;
//! use outcomes_core::model::Framework;
//! use outcomes_core::value::ProxyTable;
//! let fw = Framework::from_toml_str(r#"
//! schema_version = 1
//! id = "demo"
//! title = "Demo"
//! period = { from = "2023/24", to = "2028/29" }
//! [[partnerships]]
//! id = "p"
//! name = "Place partnership"
//! kind = "formal"
//! members_text = "the trusts of the county"
//! [[value_outcomes]]
//! id = "saving"
//! title = "Joint buying"
//! partnership = "p"
//! kind = "cash_saving"
//! period = "2024/25"
//! money = 250000
//! "#)?;
//! let obs = Observations::from_csv_reader("measure,period,value\n".as_bytes())?;
//! let options = EvaluateOptions { as_of: Some("2025-03-31".into()), ..EvaluateOptions::default() };
//! let ev = fw.evaluate(&obs, &options)?;
//! let review = ev.annual_review_with(&fw, &ProxyTable::new(), "2024/25", None)?;
//! assert_eq!(review.partnerships[0].value.total.one_off, 250_000.0);
//! assert!(review.to_markdown().contains("£250,000"));
//! assert!(ev.annual_review("2024", None).is_err()); // a calendar year, not a financial year
//! # Ok::<(), outcomes_core::Error>(())
//! ```

mod build;
pub mod escape;
mod fmt;
mod html;
mod markdown;
mod svg;
mod tables;
mod types;

pub use tables::Table;
pub use types::*;

use crate::Error;
use crate::evaluate::Evaluation;
use crate::model::Framework;
use crate::value::ProxyTable;

impl Evaluation {
    /// The annual review for a financial year: summary, measures, commitments, partnerships
    /// (purpose, kind, complexity, assurance, delivery, measures, value-added outcomes,
    /// sharing), completeness and changes since `previous`.
    ///
    /// An evaluation made by [`Framework::evaluate`] keeps the framework it evaluated and the
    /// proxy table named by `proxies_path`, so the review is complete. An evaluation read back
    /// from JSON has neither: its review then covers what the evaluation holds and says that
    /// partnership details and value need the framework (use
    /// [`annual_review_with`](Evaluation::annual_review_with)).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `year` when it is not a financial year such as
    /// `2024/25`; naming `previous` when the previous review is of another framework.
    pub fn annual_review(&self, year: &str, previous: Option<&Review>) -> Result<Review, Error> {
        match self.source() {
            Some((fw, proxies)) => build::build(self, Some((fw, proxies)), year, previous),
            None => build::build(self, None, year, previous),
        }
    }

    /// The full annual review for a financial year, with the framework that was evaluated
    /// (with any progress applied) and the proxy table used to monetise value outcomes.
    ///
    /// # Errors
    /// As [`annual_review`](Evaluation::annual_review); [`Error::InvalidArgument`] naming
    /// `framework` when it is not the framework evaluated, or a value outcome's field
    /// (`value_outcomes.ID.FIELD`) when it cannot be monetised (a negative quantity, an
    /// adjustment outside 0-1).
    pub fn annual_review_with(
        &self,
        framework: &Framework,
        proxies: &ProxyTable,
        year: &str,
        previous: Option<&Review>,
    ) -> Result<Review, Error> {
        build::build(self, Some((framework, proxies)), year, previous)
    }
}

impl Review {
    /// The financial year a review covers, parsed from `2024/25` (also `2024-25`,
    /// `FY2024/25`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `year` when the text is not a financial year.
    pub fn year_period(year: &str) -> Result<crate::period::Period, Error> {
        build::parse_year(year)
    }

    /// The review as pretty JSON (field names are a contract; see [`Review::json_schema`]).
    ///
    /// # Errors
    /// Never in practice; a serialisation failure is reported as [`Error::InvalidArgument`].
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| Error::invalid_argument("", e.to_string()))
    }

    /// Reads a review back from its JSON (a previous year's review).
    ///
    /// # Errors
    /// [`Error::Parse`] with the path of the offending field.
    pub fn from_json_str(text: &str) -> Result<Review, Error> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            Error::parse(
                if path == "." { String::new() } else { path },
                e.inner().to_string(),
            )
        })
    }

    /// The JSON Schema of review JSON.
    #[must_use]
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Review)).unwrap_or(serde_json::Value::Null)
    }

    /// The review as Markdown (`CommonMark` with GitHub tables); framework text escaped.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The review as one self-contained HTML page: inline CSS, inline SVG charts, no script
    /// and no external reference; print-friendly. The markup is also well-formed XML.
    #[must_use]
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// The review's tables, by name: `summary`, `partnerships`, `commitments`, `measures`,
    /// `value_outcomes`, `value_by_kind`, `sharing`, `to_be_confirmed`, `changes`.
    #[must_use]
    pub fn tables(&self) -> Vec<Table> {
        tables::tables(self)
    }

    /// Every table as CSV, one after another: each starts with a row `table,NAME`, then its
    /// header and rows, and ends with an empty line. Text cells are neutralised against
    /// spreadsheet formulas.
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        for t in self.tables() {
            out.push_str("table,");
            out.push_str(&t.name);
            out.push('\n');
            out.push_str(&t.to_csv());
            out.push('\n');
        }
        out
    }
}
