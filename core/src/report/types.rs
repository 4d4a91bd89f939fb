//! The annual review's data. Field names are a contract: the JSON Schema in
//! `schema/review.schema.json` is generated from these types and checked for drift, and a
//! previous year's review JSON is read back into them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::evaluate::{
    BaselineUsed, Change, ComparisonResult, Completeness, Forecast, MilestoneCounts, Point, Rag,
    Status, StatusCounts, TargetUsed, TrajectoryUsed, TrendResult,
};
use crate::model::{AssuranceLevel, Basis, Complexity, PartnershipKind, Polarity, Unit, ValueKind};
use crate::value::{KindTotal, KindTotalAll, MonetisationMethod, MonetisedStatus, ProxyRow};

/// Format version of review JSON; currently 1.
pub const REVIEW_SCHEMA_VERSION: u32 = 1;

/// The annual review of a framework for one financial year: what the partnerships delivered,
/// how the measures stand, the value added, what is still to be confirmed and what changed
/// since the previous review. Built by
/// [`Evaluation::annual_review`](crate::evaluate::Evaluation::annual_review) or
/// [`Evaluation::annual_review_with`](crate::evaluate::Evaluation::annual_review_with).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Review {
    /// Format version ([`REVIEW_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Framework id.
    pub framework: String,
    /// Framework title.
    pub title: String,
    /// The financial year reviewed (`2024/25`).
    pub year: String,
    /// First day of the year (`YYYY-MM-DD`).
    pub year_start: String,
    /// Last day of the year (`YYYY-MM-DD`).
    pub year_end: String,
    /// The date the evaluation was made at (`YYYY-MM-DD`).
    pub as_of: String,
    /// The rules the review applies, stated for readers (value outcomes in the year,
    /// small-number suppression, delivery states, ...).
    pub rules: Vec<String>,
    /// Warnings about the review itself (an evaluation date outside the year, no framework
    /// details attached, ...).
    pub notes: Vec<String>,
    /// The whole system at a glance.
    pub summary: SystemSummary,
    /// One section per partnership, in framework order.
    pub partnerships: Vec<PartnershipReview>,
    /// Every commitment, in framework order.
    pub commitments: Vec<CommitmentLine>,
    /// Every measure row (measure x area x breakdown), in evaluation order.
    pub measures: Vec<MeasureLine>,
    /// Value-added outcomes of the year across the whole framework.
    pub value: ValueReview,
    /// Value outcomes left out because their period is outside the year.
    pub value_excluded: Vec<ExcludedValue>,
    /// What the strategy has not yet settled.
    pub completeness: CompletenessReview,
    /// Changes since the previous year's review, when one was given.
    pub changes: Option<Changes>,
}

/// The system summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SystemSummary {
    /// The framework's rolled-up status.
    pub status: Status,
    /// Its colour.
    pub rag: Rag,
    /// Statuses of the headline measure rows (rows without a breakdown).
    pub measures: StatusCounts,
    /// Statuses of the commitments.
    pub commitments: StatusCounts,
    /// Delivery states of the commitments.
    pub delivery: DeliveryCounts,
    /// Milestone states over all commitments.
    pub milestones: MilestoneCounts,
    /// Headline messages, in reading order.
    pub headlines: Vec<String>,
}

/// How far a commitment's milestones are delivered at the evaluation date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Every milestone that is not dropped is done.
    Delivered,
    /// Some milestone is done or under way, none is overdue.
    InProgress,
    /// A milestone is past its due date and not done.
    Overdue,
    /// Every remaining milestone is still to come.
    NotStarted,
    /// No milestones (or only dropped ones).
    NoMilestones,
}

impl Delivery {
    /// Words for reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Delivery::Delivered => "Delivered",
            Delivery::InProgress => "In progress",
            Delivery::Overdue => "Overdue",
            Delivery::NotStarted => "Not started",
            Delivery::NoMilestones => "No milestones",
        }
    }
}

/// Counts of commitments by [`Delivery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeliveryCounts {
    /// Delivered.
    pub delivered: usize,
    /// In progress.
    pub in_progress: usize,
    /// Overdue.
    pub overdue: usize,
    /// Not started.
    pub not_started: usize,
    /// No milestones.
    pub no_milestones: usize,
}

impl DeliveryCounts {
    /// Adds one commitment.
    pub fn add(&mut self, d: Delivery) {
        match d {
            Delivery::Delivered => self.delivered += 1,
            Delivery::InProgress => self.in_progress += 1,
            Delivery::Overdue => self.overdue += 1,
            Delivery::NotStarted => self.not_started += 1,
            Delivery::NoMilestones => self.no_milestones += 1,
        }
    }

    /// Total counted.
    #[must_use]
    pub fn total(&self) -> usize {
        self.delivered + self.in_progress + self.overdue + self.not_started + self.no_milestones
    }
}

/// One partnership's section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PartnershipReview {
    /// Partnership id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Statutory, formal or informal (none without the framework).
    pub kind: Option<PartnershipKind>,
    /// Simple or complex, where the document says.
    pub complexity: Option<Complexity>,
    /// Level of assurance agreed.
    pub assurance: Option<AssuranceLevel>,
    /// What the partnership is for.
    pub purpose: Option<String>,
    /// Whether it is documented.
    pub documented: Option<bool>,
    /// Parent partnership id.
    pub parent: Option<String>,
    /// Member organisations by name (ids where the organisation is not listed).
    pub members: Vec<String>,
    /// Membership in words, where the members are not listed.
    pub members_text: Option<String>,
    /// Rolled-up status.
    pub status: Status,
    /// Its colour.
    pub rag: Rag,
    /// Delivery states of its commitments.
    pub delivery: DeliveryCounts,
    /// Ids of the commitments it delivers.
    pub commitments: Vec<String>,
    /// Keys ([`MeasureLine::key`]) of the measure rows that evidence its commitments.
    pub measures: Vec<String>,
    /// Statuses of those measure rows.
    pub measure_counts: StatusCounts,
    /// Its value-added outcomes in the year.
    pub value: ValueReview,
    /// Sharing and equalisation, where the partnership has agreed shares.
    pub sharing: Option<Sharing>,
}

/// One commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommitmentLine {
    /// Commitment id.
    pub id: String,
    /// Text as written.
    pub text: String,
    /// Ids of the partnerships that deliver it.
    pub partnerships: Vec<String>,
    /// Delivery state.
    pub delivery: Delivery,
    /// Rolled-up status (delivery and measures).
    pub status: Status,
    /// Its colour.
    pub rag: Rag,
    /// Why.
    pub reason: String,
    /// Milestone states.
    pub milestones: MilestoneCounts,
    /// Milestones due within the year.
    pub due_in_year: usize,
    /// Of those, done.
    pub done_in_year: usize,
    /// Milestones that need attention (overdue or reported slipped).
    pub attention: Vec<MilestoneLine>,
}

/// A milestone named in the review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MilestoneLine {
    /// Period as written.
    pub period: String,
    /// Description.
    pub description: String,
    /// Due date used.
    pub due: Option<String>,
    /// `overdue`, `slipped`, or both (`overdue, slipped`).
    pub why: String,
}

/// One measure row with its figures, as the review shows it. Figures resting on a suppressed
/// count are removed (see [`MeasureLine::suppressed`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MeasureLine {
    /// Stable key of the row: `measure|area|breakdown|age`, used to match rows between years.
    pub key: String,
    /// Measure id.
    pub measure: String,
    /// Title.
    pub title: String,
    /// Area (empty for the whole footprint).
    pub area: String,
    /// Age group.
    pub age: Option<String>,
    /// Breakdown as `dimension=level` pairs joined by `; ` (empty for the headline figure).
    pub breakdown: String,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// Ids of the partnerships whose commitments it evidences.
    pub partnerships: Vec<String>,
    /// Status.
    pub status: Status,
    /// Its colour.
    pub rag: Rag,
    /// Why, with the figures (replaced when the latest figure is suppressed).
    pub reason: String,
    /// The latest figure (value, interval and counts removed when suppressed).
    pub latest: Option<Point>,
    /// Whether the latest figure is suppressed (a count below the threshold).
    pub suppressed: bool,
    /// The suppression threshold that applies, where one does.
    pub suppress_below: Option<f64>,
    /// Baseline used.
    pub baseline: Option<BaselineUsed>,
    /// Target used.
    pub target: Option<TargetUsed>,
    /// Progress from baseline to target (none when suppressed).
    pub progress: Option<f64>,
    /// Trajectory at the latest period (none when suppressed).
    pub trajectory: Option<TrajectoryUsed>,
    /// Change since baseline (none when suppressed).
    pub change: Option<Change>,
    /// Comparison with the comparator.
    pub comparison: Option<ComparisonResult>,
    /// Fingertips recent trend.
    pub trend: Option<TrendResult>,
    /// Forecast at the target.
    pub forecast: Option<Forecast>,
    /// The SPC chart, where the evaluation made one.
    pub spc: Option<SpcChart>,
    /// The trajectory-versus-actual chart, where the row has a trajectory.
    pub trajectory_chart: Option<TrajectoryChart>,
}

/// Data for a Making Data Count chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpcChart {
    /// Periods in order.
    pub periods: Vec<String>,
    /// Values in order; none where suppressed.
    pub values: Vec<Option<f64>>,
    /// Point types in order (`common_cause`, `special_cause_improvement`, ...).
    pub point_types: Vec<String>,
    /// Mean of the latest segment.
    pub mean: f64,
    /// Lower process limit.
    pub lpl: f64,
    /// Upper process limit.
    pub upl: f64,
    /// Target line, where the row has a target figure.
    pub target: Option<f64>,
    /// Variation icon.
    pub variation_icon: String,
    /// Assurance icon.
    pub assurance_icon: Option<String>,
}

/// A dated point of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChartPoint {
    /// Period or date as written.
    pub label: String,
    /// The date it is plotted at (the period's last day, `YYYY-MM-DD`).
    pub date: String,
    /// Value; none where suppressed.
    pub value: Option<f64>,
}

/// Data for a trajectory-versus-actual chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrajectoryChart {
    /// Observed values.
    pub actual: Vec<ChartPoint>,
    /// The planned path: baseline, trajectory at the latest period, target.
    pub planned: Vec<ChartPoint>,
}

/// Value-added outcomes with money totals. Totals add money only: outcomes that are not
/// valued are listed in `not_monetised`, never added.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ValueReview {
    /// Totals by kind (kinds present).
    pub by_kind: Vec<KindTotal>,
    /// All kinds together.
    pub total: KindTotalAll,
    /// Outcomes valued in money.
    pub monetised: Vec<ValueLine>,
    /// Outcomes kept and counted but not valued (including those waiting for a figure).
    pub not_monetised: Vec<ValueLine>,
}

/// One value outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ValueLine {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Partnership id.
    pub partnership: Option<String>,
    /// Kind of value.
    pub kind: ValueKind,
    /// Period achieved in, as written; none when not stated.
    pub period: Option<String>,
    /// One-off or per year.
    pub basis: Basis,
    /// Valued, not valued, or waiting for a figure.
    pub status: MonetisedStatus,
    /// How it was valued.
    pub method: Option<MonetisationMethod>,
    /// Quantity.
    pub quantity: Option<f64>,
    /// Unit of the quantity.
    pub unit: Option<String>,
    /// Gross amount (GBP; per year for per-year outcomes).
    pub amount: Option<f64>,
    /// Amount after deadweight, displacement and attribution.
    pub adjusted_amount: Option<f64>,
    /// Years a per-year amount lasts.
    pub duration_years: Option<f64>,
    /// The proxy used, with its provenance.
    pub proxy: Option<ProxyRow>,
    /// SROI, where the investment is known.
    pub sroi: Option<SroiLine>,
    /// Evidence.
    pub evidence: Option<String>,
    /// Assurance of the evidence.
    pub assurance: Option<AssuranceLevel>,
    /// Placeholders to be confirmed.
    pub to_be_confirmed: Vec<String>,
    /// Notes (why not monetised, why no SROI).
    pub notes: Vec<String>,
}

/// The SROI figures a review shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SroiLine {
    /// Investment (GBP, year 0).
    pub investment: f64,
    /// Present value of the adjusted benefits.
    pub present_value: f64,
    /// Present value minus investment.
    pub net_present_value: f64,
    /// Present value / investment.
    pub ratio: Option<f64>,
    /// Net present value / investment.
    pub net_ratio: Option<f64>,
    /// Payback in months (undiscounted).
    pub payback_months: Option<f64>,
    /// Years valued.
    pub duration_years: u32,
    /// Discount rate.
    pub discount_rate: f64,
}

/// A value outcome left out of the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExcludedValue {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its period as written.
    pub period: String,
    /// Why it is left out.
    pub reason: String,
}

/// Sharing of a partnership's value between its partners by agreed shares, and the
/// equalisation transfers where the beneficiaries are known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sharing {
    /// The value shared (GBP): adjusted one-off amounts plus one year of adjusted per-year
    /// amounts of the partnership's monetised outcomes in the year.
    pub total: f64,
    /// One row per partner with an agreed share, in the agreement's order.
    pub partners: Vec<SharePartner>,
    /// Whether equalisation transfers were computed (every monetised outcome names its
    /// beneficiaries).
    pub equalised: bool,
    /// How the figures were found, or why there are no transfers.
    pub note: String,
}

/// A partner's line in [`Sharing`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SharePartner {
    /// Organisation id.
    pub organisation: String,
    /// Organisation name (the id where not listed).
    pub name: String,
    /// Agreed share (0-1).
    pub share: f64,
    /// The share of the total (`share x total`).
    pub amount: f64,
    /// What the partner realised (from the outcomes' beneficiary shares), where known.
    pub realised: Option<f64>,
    /// Transfer that brings it to its share (positive = receives), where known.
    pub transfer: Option<f64>,
}

/// Completeness: the evaluation's audit plus value outcomes waiting for a figure or a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompletenessReview {
    /// The evaluation's completeness audit.
    pub framework: Completeness,
    /// Value outcomes of the year with a figure to be confirmed (`id: field: text`).
    pub value_to_be_confirmed: Vec<String>,
    /// Value outcomes with no period stated (included in the year; the period is to be
    /// confirmed).
    pub value_without_period: Vec<String>,
}

/// Changes since the previous review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Changes {
    /// The previous review's year.
    pub previous_year: String,
    /// Status changes of measure rows, commitments and partnerships present in both.
    pub status_changes: Vec<StatusChange>,
    /// Items present now but not in the previous review.
    pub new_items: Vec<ItemRef>,
    /// Items in the previous review but not now.
    pub dropped_items: Vec<ItemRef>,
    /// Items present in both whose status did not change.
    pub unchanged: usize,
    /// Money totals then and now (adjusted one-off plus one year of per-year amounts).
    pub value_previous: f64,
    /// Money total now, on the same basis.
    pub value_current: f64,
}

/// A status change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatusChange {
    /// `measure`, `commitment` or `partnership`.
    pub item: String,
    /// Key or id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status in the previous review.
    pub from: Status,
    /// Status now.
    pub to: Status,
    /// `better`, `worse`, or `not comparable` (to or from not assessable).
    pub direction: String,
}

/// An item added or dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemRef {
    /// `measure`, `commitment`, `partnership` or `value outcome`.
    pub item: String,
    /// Key or id.
    pub id: String,
    /// Title.
    pub title: String,
}
