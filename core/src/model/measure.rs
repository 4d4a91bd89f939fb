//! Measures: "how will we know we have got there", with baselines, targets, polarity and
//! breakdowns.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Figure;
pub use crate::period::Frequency;

/// A measure of success.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Unique id; observations refer to it in their `measure` column.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The measure as the document words it, kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
    /// Technical definition (numerator, denominator, inclusions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// Unit of the values.
    pub unit: Unit,
    /// For `rate` units: the rate is per this many (100000 for "per 100,000").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<f64>,
    /// Which direction is better.
    pub polarity: Polarity,
    /// How values and intervals are computed from numerators and denominators.
    #[serde(default)]
    pub method: Method,
    /// How often the measure is reported; the unit of trajectory steps (default annual).
    #[serde(default = "annual", skip_serializing_if = "is_annual")]
    pub frequency: Frequency,
    /// Ids of the objectives the measure evidences directly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// Ids of the owning organisations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Baselines: one per area where the document quotes several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baselines: Vec<Baseline>,
    /// Targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Dimensions the measure is split by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
    /// Areas the measure is reported for (area names or codes used in observations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Comparator area (e.g. "England").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<String>,
    /// Where the data comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Counts below this are suppressed in outputs (small-number disclosure control).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppress_below: Option<f64>,
    /// Free-text note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Unit of a [`Measure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Percentage, 0-100.
    Percent,
    /// Proportion, 0-1.
    Proportion,
    /// Rate per `per` population.
    Rate,
    /// A count.
    Count,
    /// Years (life expectancy).
    Years,
    /// Money in pounds sterling.
    Gbp,
    /// A ratio.
    Ratio,
    /// A score (survey scores, quality-of-life scales).
    Score,
    /// Days, minutes or other durations.
    Time,
}

/// Which direction of change is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher values are better.
    HigherIsBetter,
    /// Lower values are better.
    LowerIsBetter,
    /// Change is reported without judging it.
    NoJudgement,
    /// Polarity does not apply (contextual measures).
    NotApplicable,
}

impl Polarity {
    /// The other judgement: higher-is-better and lower-is-better swap; the others stay.
    #[must_use]
    pub fn reversed(self) -> Polarity {
        match self {
            Polarity::HigherIsBetter => Polarity::LowerIsBetter,
            Polarity::LowerIsBetter => Polarity::HigherIsBetter,
            p => p,
        }
    }
}

/// How a measure's values and confidence intervals are computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Proportion with Wilson score limits.
    Proportion,
    /// Crude rate with exact Poisson / Byar's limits.
    Rate,
    /// Directly standardised rate.
    Dsr,
    /// Indirectly standardised ratio or rate.
    Isr,
    /// Mean with Student's t limits.
    Mean,
    /// A count.
    Count,
    /// A value taken as published, with published limits if any.
    #[default]
    Value,
}

/// A baseline value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Period of the baseline, as written (`2021/22`).
    pub period: String,
    /// The value (or a placeholder).
    pub value: Figure,
    /// Area the baseline is for; none means the whole footprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Numerator, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<f64>,
    /// Denominator, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    /// The sentence the baseline was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
}

/// A target. Which fields apply depends on `kind`; validation says which are missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The form of the target.
    pub kind: TargetKind,
    /// The target as worded in the document, kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
    /// The figure: the value for `absolute`, `at_least`, `at_most`, `floor`, `ceiling`; the
    /// percentage change for `relative_change` and `yearly_change` (negative for a
    /// reduction); the number more for `count_above_baseline`; the percentage change of the
    /// gap for `gap`; the ratio for `ratio`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Figure>,
    /// Upper end of a range ("1-2% a year": value 1, upper 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<Figure>,
    /// Direction asked for, for `direction` targets and to check the figure's sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// When: a period (`2027/28`, `2040`, `year five`) or a date (`2028-03-31`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Period measured from, when it is not the measure's baseline ("1,000 more than
    /// 2018/19").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Area the target is for; none means the whole footprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Comparator for `comparator` targets ("England average", "national median").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<String>,
    /// Breakdown dimension for `gap` targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// Category for `category` targets ("good or outstanding").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Name of the counterfactual series for `counterfactual` targets ("unmitigated growth").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterfactual: Option<String>,
    /// The denominator's unit for `ratio` targets ("GBP million of spend").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// Explicit trajectory points, overriding the linear trajectory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trajectory: Vec<TrajectoryPoint>,
}

/// The form of a [`Target`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// Reach this value.
    Absolute,
    /// At least this value.
    AtLeast,
    /// At most this value.
    AtMost,
    /// Change by this percentage of the baseline ("a 10% reduction": -10).
    RelativeChange,
    /// Change by this percentage each year, or by a range ("1-2% a year").
    YearlyChange,
    /// This many more (or fewer) than in the `from` period.
    CountAboveBaseline,
    /// Match or beat a comparator ("the England average").
    Comparator,
    /// Change the gap between groups of a breakdown by this percentage.
    Gap,
    /// At least this value in every area.
    Floor,
    /// At most this value in every area.
    Ceiling,
    /// Reach a category ("rated good or outstanding").
    Category,
    /// Hold the baseline, within the tolerance.
    Stabilise,
    /// Change by this percentage against a counterfactual series.
    Counterfactual,
    /// Keep a ratio ("one apprentice per GBP x million").
    Ratio,
    /// A direction with no figure ("a reduction").
    Direction,
}

/// Direction of change a target asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// An increase.
    Increase,
    /// A reduction.
    Decrease,
    /// Stabilisation.
    Stabilise,
}

/// A point on an explicit trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrajectoryPoint {
    /// Period, as written (`Sep 2024`).
    pub period: String,
    /// Planned value.
    pub value: Figure,
}

/// A dimension a measure is broken down by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// Dimension name, used as the observation breakdown column (`deprivation_quintile`).
    pub dimension: String,
    /// What sort of dimension it is.
    pub kind: BreakdownKind,
    /// For deprivation: the level that is most deprived (1 for IMD quintile 1 = most
    /// deprived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub most_deprived: Option<String>,
    /// For deprivation: the level that is least deprived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub least_deprived: Option<String>,
    /// The levels, in order, where known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
}

/// The kind of a [`Breakdown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownKind {
    /// Deprivation quintile.
    DeprivationQuintile,
    /// Deprivation decile.
    DeprivationDecile,
    /// Ethnic group.
    Ethnicity,
    /// Age band.
    AgeBand,
    /// Sex.
    Sex,
    /// Disability.
    Disability,
    /// Geographical area.
    Area,
    /// Anything else.
    Other,
}

/// Where a measure's data comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Name of the source ("Fingertips", "SUS", "Local survey").
    pub name: String,
    /// Indicator id in that source (Fingertips indicator id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// Web address, kept as text (never fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

fn annual() -> Frequency {
    Frequency::Annual
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_annual(f: &Frequency) -> bool {
    *f == Frequency::Annual
}
