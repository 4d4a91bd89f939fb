//! The result of an evaluation. Field names are a contract: the JSON Schema in
//! `schema/evaluation.schema.json` is generated from these types and checked for drift.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::EvaluateOptions;
use crate::model::{Polarity, TargetKind, Unit};
use crate::period::Period;

/// Whether a measure, commitment, objective or partnership is on course.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target is met.
    Achieved,
    /// At or better than the trajectory.
    OnTrack,
    /// Worse than the trajectory by no more than the tolerance.
    AtRisk,
    /// Worse than the trajectory by more than the tolerance, or the target was missed.
    OffTrack,
    /// Cannot be judged; the reason says why.
    NotAssessable,
}

impl Status {
    /// The RAG (BRAG) colour for the status.
    #[must_use]
    pub fn rag(self) -> Rag {
        match self {
            Status::Achieved => Rag::Blue,
            Status::OnTrack => Rag::Green,
            Status::AtRisk => Rag::Amber,
            Status::OffTrack => Rag::Red,
            Status::NotAssessable => Rag::Grey,
        }
    }

    /// Words for reports: "Achieved", "On track", ...
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Status::Achieved => "Achieved",
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::NotAssessable => "Not assessable",
        }
    }

    /// Severity for the "worst" roll-up: higher is worse; `None` for not assessable.
    #[must_use]
    pub fn severity(self) -> Option<u8> {
        match self {
            Status::Achieved => Some(0),
            Status::OnTrack => Some(1),
            Status::AtRisk => Some(2),
            Status::OffTrack => Some(3),
            Status::NotAssessable => None,
        }
    }
}

/// Blue, red, amber, green (and grey for not assessable), as NHS boards read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    /// Achieved.
    Blue,
    /// On track.
    Green,
    /// At risk.
    Amber,
    /// Off track.
    Red,
    /// Not assessable.
    Grey,
}

/// The result of [`Framework::evaluate`](crate::model::Framework::evaluate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evaluation {
    /// Framework id.
    pub framework: String,
    /// Framework title.
    pub title: String,
    /// The date evaluated at (`YYYY-MM-DD`).
    pub as_of: String,
    /// The options used.
    pub options: EvaluateOptions,
    /// One row per measure x area x breakdown with data (and one per measure without data).
    pub measures: Vec<MeasureResult>,
    /// One row per commitment.
    pub commitments: Vec<CommitmentResult>,
    /// One row per objective, rolled up the tree.
    pub objectives: Vec<RollupResult>,
    /// One row per partnership.
    pub partnerships: Vec<RollupResult>,
    /// The whole framework rolled up.
    pub summary: RollupResult,
    /// What the strategy has not yet settled.
    pub completeness: Completeness,
    /// The framework evaluated and the proxy table used, kept for the annual review; not
    /// written to JSON.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) source: Option<std::sync::Arc<(crate::model::Framework, crate::value::ProxyTable)>>,
}

impl Evaluation {
    /// The framework evaluated (with any progress applied) and the proxy table used, when the
    /// evaluation was made by [`Framework::evaluate`](crate::model::Framework::evaluate) rather
    /// than read from JSON.
    #[must_use]
    pub fn source(&self) -> Option<(&crate::model::Framework, &crate::value::ProxyTable)> {
        self.source.as_deref().map(|(f, p)| (f, p))
    }
}

/// A figure for one period, with its interval.
// The period is held as a `Period` (12 bytes, no allocation) and the interval method as a
// one-byte enum; both serialise as plain strings. (Doc comments here are the JSON Schema's
// descriptions: keep them as they are.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Point {
    /// Period, canonical text.
    #[schemars(with = "String")]
    pub period: Period,
    /// Value in the measure's unit.
    pub value: Option<f64>,
    /// Lower confidence limit.
    pub lower: Option<f64>,
    /// Upper confidence limit.
    pub upper: Option<f64>,
    /// Numerator.
    pub numerator: Option<f64>,
    /// Denominator.
    pub denominator: Option<f64>,
    /// How the interval was obtained: "Wilson", "Exact", "Byars", "published", or none.
    pub interval_method: Option<IntervalMethod>,
    /// Whether the figures were suppressed in outputs (a count below the threshold).
    #[serde(default)]
    pub suppressed: bool,
}

/// How a [`Point`]'s interval was obtained. Serialised as the word in brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum IntervalMethod {
    /// Wilson score interval of a proportion, from the numerator and denominator
    /// (`"Wilson"`).
    Wilson,
    /// Exact Poisson interval of a rate with a count below 10 (`"Exact"`).
    Exact,
    /// Byars' approximation of a rate's Poisson interval, counts of 10 or more (`"Byars"`).
    Byars,
    /// The limits given in the data (`"published"`).
    #[serde(rename = "published")]
    Published,
}

impl IntervalMethod {
    /// The word it is written as: `Wilson`, `Exact`, `Byars` or `published`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalMethod::Wilson => "Wilson",
            IntervalMethod::Exact => "Exact",
            IntervalMethod::Byars => "Byars",
            IntervalMethod::Published => "published",
        }
    }
}

impl std::fmt::Display for IntervalMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The breakdown levels a measure row is for: dimension -> level, in dimension order; empty
/// for the headline figure. Written in JSON as an object (`{"imd": "1"}`). (The framework's
/// definition of a breakdown dimension is [`model::Breakdown`](crate::model::Breakdown).)
///
/// It reads like a sorted map (`get`, `iter`, `len`, `insert`) but holds its entries in a
/// small sorted vector: a row has none, one or two dimensions, and an evaluation may have
/// hundreds of thousands of rows (a `BTreeMap` allocates a node of eleven entries for one).
/// Ordered, compared and hashed as its (dimension, level) pairs in order, as a `BTreeMap` is.
///
/// ```
/// use outcomes_core::evaluate::BreakdownLevels;
/// let mut b = BreakdownLevels::new();
/// b.insert("sex".to_owned(), "Female".to_owned());
/// b.insert("imd".to_owned(), "1".to_owned());
/// assert_eq!(b.get("imd"), Some("1"));
/// assert_eq!(b.iter().map(|(d, _)| d).collect::<Vec<_>>(), ["imd", "sex"]);
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"imd":"1","sex":"Female"}"#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BreakdownLevels {
    /// (dimension, level), sorted by dimension, each dimension once.
    entries: Vec<(String, String)>,
}

impl BreakdownLevels {
    /// No breakdown (the headline figure).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The level of `dimension`, if the row is broken down by it.
    #[must_use]
    pub fn get(&self, dimension: &str) -> Option<&str> {
        self.find(dimension)
            .ok()
            .map(|k| self.entries[k].1.as_str())
    }

    /// Sets the level of `dimension`, returning the level it replaces.
    pub fn insert(&mut self, dimension: String, level: String) -> Option<String> {
        match self.find(&dimension) {
            Ok(k) => Some(std::mem::replace(&mut self.entries[k].1, level)),
            Err(k) => {
                self.entries.insert(k, (dimension, level));
                None
            }
        }
    }

    /// Removes `dimension`, returning its level.
    pub fn remove(&mut self, dimension: &str) -> Option<String> {
        let k = self.find(dimension).ok()?;
        Some(self.entries.remove(k).1)
    }

    /// The (dimension, level) pairs in dimension order.
    #[must_use]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.entries.iter().map(|(d, l)| (d.as_str(), l.as_str()))
    }

    /// Removes every dimension (the headline figure).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Number of dimensions.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether this is the headline figure (no dimension).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, dimension: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(d, _)| d.as_str().cmp(dimension))
    }
}

impl<'a> IntoIterator for &'a BreakdownLevels {
    type Item = (&'a str, &'a str);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a str, &'a str),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(d, l)| (d.as_str(), l.as_str()))
    }
}

impl FromIterator<(String, String)> for BreakdownLevels {
    /// Later levels of a repeated dimension replace earlier ones, as in a map.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut b = BreakdownLevels::new();
        b.extend(iter);
        b
    }
}

impl Extend<(String, String)> for BreakdownLevels {
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, iter: I) {
        for (d, l) in iter {
            self.insert(d, l);
        }
    }
}

impl From<BTreeMap<String, String>> for BreakdownLevels {
    fn from(map: BTreeMap<String, String>) -> Self {
        // Already sorted, each key once.
        Self {
            entries: map.into_iter().collect(),
        }
    }
}

impl From<BreakdownLevels> for BTreeMap<String, String> {
    fn from(b: BreakdownLevels) -> Self {
        b.entries.into_iter().collect()
    }
}

/// As a map: `{"imd": "1"}`.
impl std::fmt::Debug for BreakdownLevels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for BreakdownLevels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (d, l) in &self.entries {
            map.serialize_entry(d, l)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for BreakdownLevels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, String>::deserialize(deserializer).map(BreakdownLevels::from)
    }
}

/// The baseline a judgement used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BaselineUsed {
    /// Period.
    pub period: String,
    /// Value.
    pub value: f64,
    /// `framework` (stated in the strategy) or `data` (the observation for the baseline period).
    pub source: Cow<'static, str>,
}

/// The target a judgement used, resolved to a figure where it has one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetUsed {
    /// Index in the measure's `targets`.
    pub index: usize,
    /// Kind of target.
    pub kind: TargetKind,
    /// Original wording.
    pub wording: Option<String>,
    /// The figure the actual value is judged against, in the measure's unit.
    pub value: Option<f64>,
    /// When, as written.
    pub by: Option<String>,
    /// The last day of the target period or the target date.
    pub by_date: Option<String>,
}

/// The trajectory value at the latest period and how it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrajectoryUsed {
    /// Planned value at the latest period.
    pub value: f64,
    /// `linear_periods` (whole periods of the measure's frequency), `linear_days` (targets
    /// dated by a date), or `points` (explicit trajectory points).
    pub method: Cow<'static, str>,
    /// Position of the latest period from the baseline (periods or days).
    pub step: f64,
    /// Length of the baseline-to-target span (periods or days).
    pub steps: f64,
    /// How far the actual is worse than the trajectory (positive = worse), in the unit.
    pub shortfall: f64,
    /// The shortfall as a fraction of the trajectory value.
    pub shortfall_relative: Option<f64>,
}

/// Change since the baseline and whether it is significant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// Latest minus baseline.
    pub difference: f64,
    /// Difference as a fraction of the baseline.
    pub relative: Option<f64>,
    /// Whether significant at the chosen confidence; none when it could not be tested.
    pub significant: Option<bool>,
    /// `two-sample test of proportions`, `two-sample test of rates (Poisson)`,
    /// `confidence interval overlap`, or `not tested`.
    pub method: Cow<'static, str>,
    /// The test statistic (z) where a test was run.
    pub statistic: Option<f64>,
}

/// Comparison with the comparator area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComparisonResult {
    /// Comparator area.
    pub area: String,
    /// Comparator value for the same period.
    pub value: f64,
    /// Fingertips label: Better, Similar, Worse, Higher, Lower, Not compared.
    pub label: String,
    /// Fingertips method used.
    pub method: String,
}

/// The Fingertips recent trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrendResult {
    /// Fingertips label ("Decreasing and getting better", ...).
    pub label: Cow<'static, str>,
    /// Why it could not be calculated, where it could not.
    pub reason: Option<String>,
    /// The test statistic.
    pub statistic: Option<f64>,
    /// The slope.
    pub slope: Option<f64>,
}

/// Summary of the Making Data Count chart of the series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpcSummary {
    /// Points charted.
    pub points: usize,
    /// Variation icon from the last point.
    pub variation_icon: Cow<'static, str>,
    /// Assurance icon against the target, where there is one.
    pub assurance_icon: Option<Cow<'static, str>>,
    /// Mean of the latest segment.
    pub mean: f64,
    /// Lower process limit.
    pub lpl: f64,
    /// Upper process limit.
    pub upl: f64,
    /// Point types in order, for charts.
    // One byte a point; serialised as the words (`common_cause`, ...).
    pub point_types: Vec<crate::spc::PointType>,
    /// Periods in order, for charts.
    #[schemars(with = "Vec<String>")]
    pub periods: Vec<Period>,
    /// Values in order, for charts.
    pub values: Vec<f64>,
}

/// How the two groups of an [`InequalityResult`] were chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InequalityMethod {
    /// Deprivation quintiles or deciles (an ordered breakdown): the most deprived group
    /// against the least deprived, with the slope and relative indices of inequality.
    #[default]
    MostVsLeastDeprived,
    /// An unordered breakdown (areas such as ICS footprints, sex, ethnicity): the highest
    /// group against the lowest, i.e. the range.
    HighestVsLowest,
}

/// One group of a breakdown and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupValue {
    /// The breakdown level (e.g. "Lincolnshire").
    pub level: String,
    /// Its value at the period.
    pub value: f64,
}

/// Inequality between the groups of a breakdown at one period: the most against the least
/// deprived for deprivation quintiles and deciles, else the highest against the lowest group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InequalityResult {
    /// Breakdown dimension.
    pub dimension: String,
    /// Period.
    pub period: String,
    /// How the two groups compared were chosen.
    #[serde(default)]
    pub method: InequalityMethod,
    /// Value of the most deprived group (`most_vs_least_deprived`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub most_deprived: Option<f64>,
    /// Value of the least deprived group (`most_vs_least_deprived`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub least_deprived: Option<f64>,
    /// The group with the highest value (`highest_vs_lowest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highest: Option<GroupValue>,
    /// The group with the lowest value (`highest_vs_lowest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowest: Option<GroupValue>,
    /// Most minus least deprived, or highest minus lowest.
    pub gap: f64,
    /// Most divided by least deprived, or highest divided by lowest.
    pub ratio: Option<f64>,
    /// Slope index of inequality (point estimate), for deprivation groups that all have a
    /// population.
    pub sii: Option<f64>,
    /// Relative index of inequality (point estimate).
    pub rii: Option<f64>,
    /// Number of groups with a value at the period.
    pub groups: usize,
}

/// A least-squares projection to the target date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Forecast {
    /// Projected value at the target.
    pub value: f64,
    /// The period or date projected to.
    pub at: String,
    /// Slope per period (or per day for date targets).
    pub slope: f64,
    /// Points fitted.
    pub points: usize,
    /// Whether the projection meets the target.
    pub meets_target: Option<bool>,
}

/// The evaluation of one measure for one area and breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MeasureResult {
    /// Measure id.
    pub measure: String,
    /// Measure title.
    pub title: String,
    /// Area (empty for the whole footprint).
    pub area: String,
    /// Age group, where the data gives one.
    pub age: Option<String>,
    /// Breakdown dimension -> level; empty for the headline figure.
    #[schemars(with = "BTreeMap<String, String>")]
    pub breakdown: BreakdownLevels,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// Number of periods with data.
    pub points: usize,
    /// The latest figure.
    pub latest: Option<Point>,
    /// The baseline used.
    pub baseline: Option<BaselineUsed>,
    /// The target used.
    pub target: Option<TargetUsed>,
    /// (actual - baseline) / (target - baseline).
    pub progress: Option<f64>,
    /// Trajectory at the latest period.
    pub trajectory: Option<TrajectoryUsed>,
    /// The judgement.
    pub status: Status,
    /// Why, in words, with the figures it rests on.
    pub reason: String,
    /// Colour.
    pub rag: Rag,
    /// Change since baseline.
    pub change: Option<Change>,
    /// Comparison with the comparator.
    pub comparison: Option<ComparisonResult>,
    /// Recent trend (annual data, 5 points).
    pub trend: Option<TrendResult>,
    /// SPC summary (enough points).
    pub spc: Option<SpcSummary>,
    /// Inequality across a deprivation breakdown.
    pub inequality: Option<InequalityResult>,
    /// Forecast at the target.
    pub forecast: Option<Forecast>,
    /// The series, oldest first (for charts and checks).
    pub series: Vec<Point>,
}

/// A milestone's state at the evaluation date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Reported done.
    Done,
    /// Its period is under way.
    Due,
    /// Its period has not started.
    Upcoming,
    /// Past its due date (or period end) and not done.
    Overdue,
    /// Dropped.
    Dropped,
    /// Its period is to be confirmed.
    Unscheduled,
}

/// A milestone's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MilestoneResult {
    /// Milestone id.
    pub id: Option<String>,
    /// Period as written.
    pub period: String,
    /// Description.
    pub description: String,
    /// Due date used (`YYYY-MM-DD`): the stated due date or the period's end.
    pub due: Option<String>,
    /// State at the evaluation date.
    pub state: MilestoneState,
    /// Whether it was reported as slipped.
    pub slipped: bool,
    /// Evidence.
    pub evidence: Option<String>,
}

/// Counts of statuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StatusCounts {
    /// Achieved.
    pub achieved: usize,
    /// On track.
    pub on_track: usize,
    /// At risk.
    pub at_risk: usize,
    /// Off track.
    pub off_track: usize,
    /// Not assessable.
    pub not_assessable: usize,
}

impl StatusCounts {
    /// Adds one status.
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Achieved => self.achieved += 1,
            Status::OnTrack => self.on_track += 1,
            Status::AtRisk => self.at_risk += 1,
            Status::OffTrack => self.off_track += 1,
            Status::NotAssessable => self.not_assessable += 1,
        }
    }

    /// Total counted.
    #[must_use]
    pub fn total(&self) -> usize {
        self.achieved + self.on_track + self.at_risk + self.off_track + self.not_assessable
    }
}

/// Counts of milestone states.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MilestoneCounts {
    /// Done.
    pub done: usize,
    /// Due.
    pub due: usize,
    /// Upcoming.
    pub upcoming: usize,
    /// Overdue.
    pub overdue: usize,
    /// Dropped.
    pub dropped: usize,
    /// Unscheduled.
    pub unscheduled: usize,
}

impl MilestoneCounts {
    /// Adds one state.
    pub fn add(&mut self, s: MilestoneState) {
        match s {
            MilestoneState::Done => self.done += 1,
            MilestoneState::Due => self.due += 1,
            MilestoneState::Upcoming => self.upcoming += 1,
            MilestoneState::Overdue => self.overdue += 1,
            MilestoneState::Dropped => self.dropped += 1,
            MilestoneState::Unscheduled => self.unscheduled += 1,
        }
    }
}

/// A commitment's evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommitmentResult {
    /// Commitment id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Milestones.
    pub milestones: Vec<MilestoneResult>,
    /// Milestone counts.
    pub milestone_counts: MilestoneCounts,
    /// Delivery status from the milestones alone.
    pub delivery: Status,
    /// Statuses of the measures that evidence it (headline figures).
    pub measure_counts: StatusCounts,
    /// Delivery and measures rolled up.
    pub status: Status,
    /// Colour.
    pub rag: Rag,
    /// Why.
    pub reason: String,
}

/// An objective, partnership or the whole framework, rolled up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RollupResult {
    /// Id.
    pub id: String,
    /// Title or name.
    pub title: String,
    /// Statuses of the parts rolled up (commitments, measures, child items).
    pub counts: StatusCounts,
    /// Milestones of its commitments.
    pub milestones: MilestoneCounts,
    /// Rolled-up status.
    pub status: Status,
    /// Colour.
    pub rag: Rag,
    /// Completeness score of its measures (0-1), where it has measures.
    pub completeness: Option<f64>,
}

/// What the strategy has not yet settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Completeness {
    /// Fraction of the checks met over all measures (0-1).
    pub score: f64,
    /// Measures without a baseline.
    pub missing_baseline: Vec<String>,
    /// Measures without a target figure.
    pub missing_target_figure: Vec<String>,
    /// Measures without a target date.
    pub missing_target_date: Vec<String>,
    /// Measures without a data source.
    pub missing_source: Vec<String>,
    /// Measures without an owner (on the measure or a commitment it evidences).
    pub missing_owner: Vec<String>,
    /// Placeholders by kind: `figure`, `date`, `text`, `members`.
    pub placeholders: BTreeMap<String, usize>,
    /// Every placeholder with its path and text.
    pub to_be_confirmed: Vec<ToBeConfirmed>,
}

/// One item to be confirmed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToBeConfirmed {
    /// Path in the framework.
    pub path: String,
    /// The message naming the placeholder.
    pub message: String,
}
