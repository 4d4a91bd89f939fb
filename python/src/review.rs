//! `outcomes.Review`: core's annual review of a framework for one financial year, with its
//! renderers (Markdown, HTML, JSON, CSV, named tables) and a notebook view.

use outcomes_core::Error;
use outcomes_core::report::Review as CoreReview;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::errors::IntoPy;
use crate::framework::py_repr;

/// The annual review of a framework for one financial year: the system summary, each
/// partnership's delivery, measures and value added, completeness, and what changed since the
/// previous year's review. Made by ``Evaluation.annual_review(year, previous=None)`` or read
/// back with ``Review.from_json(text)``.
///
/// Renderers: ``to_markdown()``, ``to_html()`` (one self-contained page: inline CSS and SVG
/// charts, no script, print-friendly), ``to_json()`` (the contract of
/// ``schema/review.schema.json``; pass a review read back from it as next year's
/// ``previous=``), ``to_csv()`` and ``tables()``. In a notebook it shows as the HTML review.
/// Reviews are immutable, compare equal by content and pickle (through JSON).
///
/// >>> import outcomes
/// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
/// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
/// >>> review = fw.evaluate(obs, as_of="2025-03-31").annual_review("2024/25")
/// >>> review.year, review.framework
/// ('2024/25', 'demo')
/// >>> review.to_markdown().startswith("# ")
/// True
#[pyclass(frozen, eq, module = "outcomes")]
#[derive(PartialEq)]
pub struct Review {
    pub(crate) inner: CoreReview,
}

/// The review page's CSS with every rule scoped to `.outcomes-review`, so that showing a
/// review in a notebook does not restyle the notebook: `:root`, `html`, `body` and `*` rules
/// apply to the wrapper itself; `@media` blocks (print styles) are left out.
fn scoped_css(css: &str) -> String {
    const SCOPE: &str = ".outcomes-review";
    let mut out = String::with_capacity(css.len() + 1024);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selectors = rest[..open].trim();
        if selectors.starts_with('@') {
            // Skip the whole block, nested braces included.
            let mut depth = 0usize;
            let mut end = rest.len();
            for (i, c) in rest.char_indices().skip(open) {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = &rest[end..];
            continue;
        }
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let body = &rest[open + 1..close];
        let scoped: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| match s {
                ":root" | "html" | "body" => SCOPE.to_owned(),
                "*" => format!("{SCOPE},{SCOPE} *"),
                _ => format!("{SCOPE} {s}"),
            })
            .collect();
        out.push_str(&scoped.join(","));
        out.push('{');
        out.push_str(body);
        out.push_str("}\n");
        rest = &rest[close + 1..];
    }
    out
}

/// The text between the first `open` tag's end and `close`, or "" when absent.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let Some(start) = html.find(open) else {
        return "";
    };
    let after = &html[start..];
    let Some(gt) = after.find('>') else {
        return "";
    };
    let inner = &after[gt + 1..];
    inner.find(close).map_or("", |end| &inner[..end])
}

/// A fragment for notebooks: the page's body inside a `<div class="outcomes-review">` with
/// the page's CSS scoped to that div.
pub fn notebook_html(page: &str) -> String {
    let css = scoped_css(between(page, "<style", "</style>"));
    let body = between(page, "<body", "</body>");
    format!("<div class=\"outcomes-review\"><style>{css}</style>{body}</div>")
}

#[pymethods]
impl Review {
    /// Reads a review from its JSON (``to_json()``), e.g. last year's review to pass as
    /// ``previous=``. ``ParseError`` names the offending field.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> review = fw.evaluate(obs, as_of="2025-03-31").annual_review("2024/25")
    /// >>> outcomes.Review.from_json(review.to_json()) == review
    /// True
    /// >>> try:
    /// ...     outcomes.Review.from_json('{"schema_version": "one"}')
    /// ... except outcomes.ParseError as e:
    /// ...     print(e.path)
    /// schema_version
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Review> {
        let inner = py.detach(|| CoreReview::from_json_str(&text)).py_err(py)?;
        Ok(Review { inner })
    }

    /// Framework id.
    #[getter]
    fn framework(&self) -> &str {
        &self.inner.framework
    }

    /// Framework title.
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// The financial year reviewed (``2024/25``).
    #[getter]
    fn year(&self) -> &str {
        &self.inner.year
    }

    /// The date the evaluation was made at (``YYYY-MM-DD``).
    #[getter]
    fn as_of(&self) -> &str {
        &self.inner.as_of
    }

    /// Warnings about the review itself (an evaluation date outside the year, ...).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes.clone()
    }

    /// The review as Markdown (CommonMark with GitHub tables; framework text escaped).
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> md = fw.evaluate(obs, as_of="2025-03-31").annual_review("2024/25").to_markdown()
    /// >>> "2024/25" in md.splitlines()[0]
    /// True
    fn to_markdown(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_markdown())
    }

    /// The review as one self-contained HTML page (inline CSS and SVG charts, no script, no
    /// external reference; also well-formed XML). Write it to a file and open it in a browser.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> html = fw.evaluate(obs, as_of="2025-03-31").annual_review("2024/25").to_html()
    /// >>> html.startswith("<!DOCTYPE html>"), "<script" in html
    /// (True, False)
    fn to_html(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_html())
    }

    /// The review as pretty JSON (field names are a contract: ``schema/review.schema.json``).
    ///
    /// >>> import json, outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> json.loads(fw.evaluate(obs, as_of="2025-03-31").annual_review("2024/25").to_json())["year"]
    /// '2024/25'
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.inner.to_json()).py_err(py)
    }

    /// Every table as CSV, one after another: each starts with a row ``table,NAME``, then its
    /// header and rows, and ends with an empty line (texts neutralised against spreadsheet
    /// formulas).
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> fw.evaluate(obs, as_of="2025-03-31").annual_review("2024/25").to_csv().splitlines()[:2]
    /// ['table,summary', 'item,value']
    fn to_csv(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_csv())
    }

    /// The review's tables by name (``summary``, ``partnerships``, ``commitments``,
    /// ``measures``, ``value_outcomes``, ``value_by_kind``, ``sharing``, ``to_be_confirmed``,
    /// ``changes``), each a list of row dicts mapping column name to cell text: the cells of
    /// ``to_csv()`` (numbers in full precision, ``""`` when absent, ``*`` when suppressed;
    /// framework texts neutralised against spreadsheet formulas, so a text starting with
    /// ``=`` gains a leading ``'``). ``pandas.DataFrame(review.tables()["measures"])`` makes a
    /// frame of one.
    ///
    /// >>> import outcomes
    /// >>> fw = outcomes.Framework.load("python/tests/fixtures/demo.toml")
    /// >>> obs = outcomes.Observations.from_csv("python/tests/fixtures/demo-observations.csv")
    /// >>> tables = fw.evaluate(obs, as_of="2025-03-31").annual_review("2024/25").tables()
    /// >>> tables["summary"][0]
    /// {'item': 'framework', 'value': 'demo'}
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for table in py.detach(|| self.inner.tables()) {
            let rows = PyList::empty(py);
            for row in &table.rows {
                let d = PyDict::new(py);
                for (c, v) in table.columns.iter().zip(row) {
                    d.set_item(c, v)?;
                }
                rows.append(d)?;
            }
            out.set_item(&table.name, rows)?;
        }
        Ok(out)
    }

    /// The review for notebooks: the HTML page's body, its styles scoped to the review.
    fn _repr_html_(&self, py: Python<'_>) -> String {
        let page = self.to_html(py);
        notebook_html(&page)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "<Review framework={} year={} as_of={} measures={} commitments={}>",
            py_repr(py, &self.inner.framework),
            self.inner.year,
            self.inner.as_of,
            self.inner.measures.len(),
            self.inner.commitments.len()
        )
    }

    /// Pickles through JSON: ``(Review.from_json, (json,))``.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let json = slf.get().to_json(py)?;
        let ctor = py.get_type::<Review>().getattr("from_json")?;
        Ok((ctor, PyTuple::new(py, [json])?))
    }
}

/// Core's review error for a `previous=` argument that is not a `Review`.
pub fn not_a_review(kind: &str) -> Error {
    Error::invalid_argument(
        "previous",
        format!(
            "previous must be a Review (last year's review, e.g. Review.from_json(text)); got a {kind}"
        ),
    )
}
