//! Combining evaluations of parts of the observations into the evaluation of the whole.
//!
//! National-size data is evaluated in parts (Spark partitions, Dask partitions, batches of
//! areas). A measure's row depends only on its own series, its sibling breakdowns for the same
//! measure and area, and the comparator's series, so parts split by **measure x area** (with
//! the comparator rows given to every part and one `as_of` for all) give exactly the rows one
//! process would. What no part can see is the roll-up: a commitment's status is judged over the
//! headline rows of its measures in every area. [`Framework::combine`] therefore gathers the
//! parts' measure rows and rolls them up once, as [`Framework::evaluate`] does.
//!
//! Within a measure the rows come in (area, age, breakdown) order, because the parts have no
//! common "first appearance" order; [`Framework::evaluate`] keeps the order of the data. Sort
//! both the same way to compare them.

use std::cmp::Ordering;

use crate::Error;
use crate::model::{Framework, parse_date};

use super::types::{Evaluation, MeasureResult};

/// The order of rows within a measure: area, then age (none first), then breakdown.
fn series_order(a: &MeasureResult, b: &MeasureResult) -> Ordering {
    (&a.area, &a.age, &a.breakdown).cmp(&(&b.area, &b.age, &b.breakdown))
}

/// Whether a row is the stand-in [`Framework::evaluate`] writes for a measure the data has
/// no series of. A series from the data has at least one row up to `as_of`, so its `series`
/// is never empty; a headline row added for a gap target has none either, but carries the
/// inequality it was added for.
fn is_stand_in(r: &MeasureResult) -> bool {
    r.series.is_empty()
        && r.area.is_empty()
        && r.age.is_none()
        && r.breakdown.is_empty()
        && r.inequality.is_none()
}

impl Framework {
    /// Combines evaluations of parts of the observations (split by measure x area, each
    /// evaluated by [`Framework::evaluate`] with the same options and the same `as_of`) into the
    /// evaluation of the whole: every part's measure rows, then the roll-up to commitments,
    /// objectives, partnerships and the framework over all of them.
    ///
    /// The rules for splitting (see the [module docs](self)): a series (measure, area, age,
    /// breakdown) must be whole in one part, and so must the breakdowns of one measure and area
    /// (inequality and gap targets compare them); the comparator area's rows (`comparator` of a
    /// measure, or the `comparator_area` option) go to every part; `as_of` is fixed before
    /// splitting (its default, the end of the latest period, differs between parts);
    /// population-weighted figures are derived from several areas' rows, so either keep a
    /// measure's member areas in one part or derive those rows first. A measure without rows in
    /// any part gets the "no data" row, as in one process. `self` must be the framework the
    /// parts were evaluated with (with any progress applied); the proxy table is read again
    /// from the options' `proxies_path` for the annual review.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the part (`parts[2].as_of`, `parts[1].options`,
    /// `parts[0].framework`, `parts[3].measures[17]`) when the parts cannot be combined: none
    /// given, another framework, a different `as_of` or options, a measure the framework does
    /// not have, or a series present in two parts. [`Error::Io`] / [`Error::Data`] when the
    /// proxy table cannot be read.
    ///
    /// # Examples
    /// ```
    /// use outcomes_core::data::Observations;
    /// use outcomes_core::evaluate::EvaluateOptions;
    /// use outcomes_core::model::Framework;
    /// let fw = Framework::from_toml_str(r#"
    /// schema_version = 1
    /// id = "demo"
    /// title = "Demo"
    /// period = { from = "2023/24", to = "2025/26" }
    /// [[measures]]
    /// id = "m"
    /// title = "A measure"
    /// unit = "percent"
    /// polarity = "higher_is_better"
    /// "#).unwrap();
    /// let csv = |rows: &str| {
    ///     Observations::from_csv_reader(format!("measure,period,area,value\n{rows}").as_bytes()).unwrap()
    /// };
    /// let options = EvaluateOptions { as_of: Some("2025-03-31".into()), ..EvaluateOptions::default() };
    /// let parts = vec![
    ///     fw.evaluate(&csv("m,2024/25,North,60\n"), &options).unwrap(),
    ///     fw.evaluate(&csv("m,2024/25,South,70\n"), &options).unwrap(),
    /// ];
    /// let whole = fw.combine(parts).unwrap();
    /// let once = fw.evaluate(&csv("m,2024/25,North,60\nm,2024/25,South,70\n"), &options).unwrap();
    /// assert_eq!(whole, once);
    ///     /// ```
    pub fn combine(&self, parts: Vec<Evaluation>) -> Result<Evaluation, Error> {
        let Some(first) = parts.first() else {
            return Err(Error::invalid_argument(
                "parts",
                "no evaluations to combine: give the evaluation of at least one part",
            ));
        };
        let (as_of_text, options) = (first.as_of.clone(), first.options.clone());
        for (i, p) in parts.iter().enumerate() {
            if p.framework != self.id {
                return Err(Error::invalid_argument(
                    format!("parts[{i}].framework"),
                    format!(
                        "part {i} is an evaluation of framework \"{}\", not \"{}\"",
                        p.framework, self.id
                    ),
                ));
            }
            if p.as_of != as_of_text {
                return Err(Error::invalid_argument(
                    format!("parts[{i}].as_of"),
                    format!(
                        "part {i} was evaluated as of {} but part 0 as of {as_of_text}: fix \
                         as_of before splitting (its default, the end of the latest period, \
                         differs between parts)",
                        p.as_of
                    ),
                ));
            }
            if p.options != options {
                return Err(Error::invalid_argument(
                    format!("parts[{i}].options"),
                    format!(
                        "part {i} was evaluated with other options than part 0: evaluate every \
                         part with the same options"
                    ),
                ));
            }
        }
        let as_of = parse_date(&as_of_text)
            .map_err(|e| Error::invalid_argument("parts[0].as_of", e.message()))?;

        // Real rows by framework measure, remembering where each came from.
        let mut by_measure: Vec<Vec<(usize, usize, MeasureResult)>> =
            vec![Vec::new(); self.measures.len()];
        for (i, p) in parts.into_iter().enumerate() {
            for (k, r) in p.measures.into_iter().enumerate() {
                let Some(mi) = self.measures.iter().position(|m| m.id == r.measure) else {
                    return Err(Error::invalid_argument(
                        format!("parts[{i}].measures[{k}]"),
                        format!(
                            "part {i} has a row for measure \"{}\", which framework \"{}\" \
                             does not have",
                            r.measure, self.id
                        ),
                    ));
                };
                if !is_stand_in(&r) {
                    by_measure[mi].push((i, k, r));
                }
            }
        }
        let mut measures = Vec::new();
        let whens = super::target::Whens::new(self);
        for (mi, mut rows) in by_measure.into_iter().enumerate() {
            if rows.is_empty() {
                measures.push(Self::no_data_row(&self.measures[mi], as_of, &whens));
                continue;
            }
            rows.sort_by(|a, b| series_order(&a.2, &b.2));
            for w in rows.windows(2) {
                if series_order(&w[0].2, &w[1].2) == Ordering::Equal {
                    let ((i, _, _), (j, k, r)) = (&w[0], &w[1]);
                    return Err(Error::invalid_argument(
                        format!("parts[{j}].measures[{k}]"),
                        format!(
                            "the series of measure \"{}\" for area \"{}\"{} is in parts {i} and \
                             {j}: split by measure and area so that each series is whole in one \
                             part",
                            r.measure,
                            r.area,
                            if r.breakdown.is_empty() {
                                String::new()
                            } else {
                                format!(" ({:?})", r.breakdown)
                            }
                        ),
                    ));
                }
            }
            measures.extend(rows.into_iter().map(|(_, _, r)| r));
        }
        self.assemble(options, as_of, measures)
    }
}
