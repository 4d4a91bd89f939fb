//! Flattening an [`Evaluation`] to one row per measure x area x breakdown.

use std::fmt::Write as _;

use super::{Evaluation, MeasureResult};

/// Column names of [`Evaluation::to_csv_string`], in order.
pub const COLUMNS: [&str; 24] = [
    "measure",
    "title",
    "area",
    "age",
    "breakdown",
    "unit",
    "polarity",
    "points",
    "latest_period",
    "latest_value",
    "latest_lower",
    "latest_upper",
    "baseline_period",
    "baseline_value",
    "target_kind",
    "target_value",
    "target_by",
    "progress",
    "trajectory_value",
    "status",
    "rag",
    "reason",
    "comparison",
    "trend",
];

/// Makes a text cell safe for spreadsheets: cells starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return are prefixed with `'` so they stay text (OWASP CSV injection guidance).
/// Numbers are written by the caller and never pass through here.
#[must_use]
pub fn neutralise_formula(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v}"))
}

impl MeasureResult {
    /// The row's cells in [`COLUMNS`] order (texts neutralised for spreadsheets; a suppressed
    /// latest figure is written as `*`).
    #[must_use]
    pub fn cells(&self) -> Vec<String> {
        let t = |s: &str| neutralise_formula(s);
        let breakdown = self
            .breakdown
            .iter()
            .map(|(d, l)| format!("{d}={l}"))
            .collect::<Vec<_>>()
            .join("; ");
        let suppressed = self.latest.as_ref().is_some_and(|l| l.suppressed);
        let latest = |f: fn(&super::Point) -> Option<f64>| {
            if suppressed {
                "*".to_owned()
            } else {
                num(self.latest.as_ref().and_then(f))
            }
        };
        let enum_name = |v: &dyn erased_serde_name::Name| v.name();
        vec![
            t(&self.measure),
            t(&self.title),
            t(&self.area),
            t(self.age.as_deref().unwrap_or("")),
            t(&breakdown),
            enum_name(&self.unit),
            enum_name(&self.polarity),
            self.points.to_string(),
            self.latest
                .as_ref()
                .map_or_else(String::new, |l| t(&l.period.to_string())),
            latest(|p| p.value),
            latest(|p| p.lower),
            latest(|p| p.upper),
            self.baseline
                .as_ref()
                .map_or_else(String::new, |b| t(&b.period)),
            num(self.baseline.as_ref().map(|b| b.value)),
            self.target
                .as_ref()
                .map_or_else(String::new, |x| enum_name(&x.kind)),
            num(self.target.as_ref().and_then(|x| x.value)),
            self.target
                .as_ref()
                .and_then(|x| x.by.as_deref())
                .map_or_else(String::new, t),
            num(self.progress),
            num(self.trajectory.as_ref().map(|x| x.value)),
            enum_name(&self.status),
            enum_name(&self.rag),
            t(&self.reason),
            self.comparison
                .as_ref()
                .map_or_else(String::new, |c| t(&c.label)),
            self.trend
                .as_ref()
                .map_or_else(String::new, |c| t(&c.label)),
        ]
    }
}

/// A failure of the JSON writer as a [`crate::Error`].
fn json_error(e: super::json::WriteError) -> crate::Error {
    match e {
        super::json::WriteError::Json(e) => crate::Error::invalid_argument("", e.to_string()),
        super::json::WriteError::Io(e) => {
            crate::Error::io("", format!("could not write the evaluation JSON: {e}"))
        }
    }
}

mod erased_serde_name {
    pub(super) trait Name {
        fn name(&self) -> String;
    }
    impl<T: serde::Serialize> Name for T {
        fn name(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }
    }
}

impl Evaluation {
    /// The measure rows as CSV ([`COLUMNS`]), texts neutralised against spreadsheet formulas.
    #[must_use]
    pub fn to_csv_string(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(COLUMNS);
        for r in &self.measures {
            let _ = w.write_record(r.cells());
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The evaluation as compact JSON (field names are a contract; see
    /// `schema/evaluation.schema.json`). The same bytes as [`Evaluation::write_json`] writes.
    ///
    /// # Errors
    /// Never in practice.
    pub fn to_json_string(&self) -> Result<String, crate::Error> {
        // Reserve a generous estimate up front: growing a buffer of hundreds of megabytes by
        // doubling copies it repeatedly, and pages reserved but never written cost no memory.
        let points: usize = self
            .measures
            .iter()
            .map(|r| r.series.len() + r.spc.as_ref().map_or(0, |s| s.points))
            .sum();
        let estimate = 4096 + self.measures.len() * 2048 + points * 256;
        let mut out = Vec::with_capacity(estimate);
        super::json::write_evaluation(self, &mut out, None).map_err(json_error)?;
        out.shrink_to_fit();
        // The writer puts out whole UTF-8 sequences only; checked once here (the text is
        // ASCII nearly throughout, which the check reads a word at a time).
        String::from_utf8(out).map_err(|e| crate::Error::invalid_argument("", e.to_string()))
    }

    /// Writes the evaluation as compact JSON to `w`: exactly the bytes of
    /// [`Evaluation::to_json_string`], handed to `w` in chunks of about 64 KiB as they are
    /// made, so the whole text is never held in memory (a large evaluation's JSON runs to
    /// hundreds of megabytes). `w` needs no buffering of its own; flush it afterwards if it
    /// has some.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when `w` fails (the text written so far is then incomplete).
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> Result<(), crate::Error> {
        let mut out = Vec::with_capacity(super::json::CHUNK + 16 * 1024);
        super::json::write_evaluation(self, &mut out, Some(&mut w)).map_err(json_error)
    }

    /// The evaluation as indented JSON, for people: exactly the bytes of
    /// `serde_json::to_string_pretty` (two spaces per level).
    ///
    /// # Errors
    /// Never in practice.
    pub fn to_json_string_pretty(&self) -> Result<String, crate::Error> {
        let mut text = Vec::new();
        self.write_json_pretty(&mut text)?;
        // The compact writer puts out whole UTF-8 sequences and indenting adds only ASCII.
        String::from_utf8(text).map_err(|e| crate::Error::invalid_argument("", e.to_string()))
    }

    /// Writes the evaluation as indented JSON to `w`: exactly the bytes of
    /// [`Evaluation::to_json_string_pretty`], without holding the whole text in memory. The
    /// compact text is made as [`Evaluation::write_json`] makes it and indented as it streams
    /// past; `w` gets it in chunks of about 128 KiB and needs no buffering of its own.
    ///
    /// # Errors
    /// [`crate::Error::Io`] when `w` fails (the text written so far is then incomplete).
    pub fn write_json_pretty<W: std::io::Write>(&self, w: W) -> Result<(), crate::Error> {
        let mut indenter = super::indent::Indenter::new(w);
        let mut out = Vec::with_capacity(super::json::CHUNK + 16 * 1024);
        super::json::write_evaluation(self, &mut out, Some(&mut indenter)).map_err(json_error)?;
        indenter
            .finish()
            .map(drop)
            .map_err(|e| crate::Error::io("", format!("could not write the evaluation JSON: {e}")))
    }

    /// The JSON Schema of evaluation JSON.
    #[must_use]
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Evaluation)).unwrap_or(serde_json::Value::Null)
    }

    /// A plain-text table of the measure rows, for terminals.
    #[must_use]
    pub fn to_table_string(&self) -> String {
        let mut out = format!(
            "{} ({}), as of {}: {}\n",
            self.title,
            self.framework,
            self.as_of,
            self.summary.status.label()
        );
        let rows: Vec<[String; 6]> = self
            .measures
            .iter()
            .map(|r| {
                let mut name = r.measure.clone();
                if !r.area.is_empty() {
                    name = format!("{name} [{}]", r.area);
                }
                for (d, l) in &r.breakdown {
                    name = format!("{name} {d}={l}");
                }
                let f = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
                [
                    name,
                    r.latest
                        .as_ref()
                        .map_or_else(|| "-".into(), |l| l.period.to_string()),
                    if r.latest.as_ref().is_some_and(|l| l.suppressed) {
                        "*".into()
                    } else {
                        f(r.latest.as_ref().and_then(|l| l.value))
                    },
                    f(r.target.as_ref().and_then(|t| t.value)),
                    f(r.trajectory.as_ref().map(|t| t.value)),
                    r.status.label().to_owned(),
                ]
            })
            .collect();
        let head = [
            "measure",
            "period",
            "latest",
            "target",
            "trajectory",
            "status",
        ];
        let mut widths = head.map(str::len);
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count()).min(60);
            }
        }
        let line = |cells: &[String]| -> String {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    let c: String = c.chars().take(*w).collect();
                    format!("{c:<w$}")
                })
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
                + "\n"
        };
        out.push_str(&line(&head.map(str::to_owned)));
        for r in &rows {
            out.push_str(&line(r));
        }
        let c = &self.summary.counts;
        let _ = writeln!(
            out,
            "\n{} achieved, {} on track, {} at risk, {} off track, {} not assessable; completeness {:.0}%",
            c.achieved,
            c.on_track,
            c.at_risk,
            c.off_track,
            c.not_assessable,
            self.completeness.score * 100.0
        );
        out
    }
}
