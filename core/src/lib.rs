//! # outcomes-core
//!
//! Write a health and care partnership strategy down as data and evaluate it.
//!
//! Data flows one way: **load -> validate -> evaluate -> report**.
//!
//! - [`period`]: NHS and Fingertips time periods (`2024/25`, `2024/25 Q1`, `2020 - 22`, ...).
//! - [`model`]: the framework (organisations, partnerships, objectives, commitments, measures,
//!   value outcomes), read from and written to TOML and JSON.
//! - [`validate`]: every problem in a framework at once, each with a path.
//! - [`data`]: observations in a columnar store, read from long CSV, Fingertips CSV and JSON.
//! - [`evaluate`]: progress, trajectory, status and roll-up of a framework against its data.
//! - [`stats`]: public-health statistics matching `PHEindicatormethods` and Fingertips.
//! - [`spc`]: Making Data Count `XmR` charts matching `NHSRplotthedots`.
//! - [`value`]: value outcomes: monetisation, SROI, sharing, Shapley values and equalisation.
//! - [`report`]: the annual review: Markdown, self-contained HTML with SVG charts, JSON, CSV.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod data;
pub mod error;
pub mod evaluate;
pub mod model;
pub mod period;
pub mod report;
pub mod spc;
pub mod stats;
pub mod validate;
pub mod value;

pub use error::{Error, ErrorKind, Result};
