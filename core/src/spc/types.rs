//! Categories and summaries produced by the XmR chart.

use serde::{Deserialize, Serialize};

/// The verdict on one point (NHSRplotthedots `point_type`, plus `missing`).
///
/// The `u8` code (`as u8`, [`PointType::from_code`]) is the column format of
/// [`XmrTable`](super::XmrTable) and the bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum PointType {
    /// No special-cause rule fired (code 0).
    CommonCause = 0,
    /// A special cause in the improving direction (code 1).
    SpecialCauseImprovement = 1,
    /// A special cause in the worsening direction (code 2).
    SpecialCauseConcern = 2,
    /// A special cause above the mean or rising, direction `neutral` (code 3).
    SpecialCauseNeutralHigh = 3,
    /// A special cause below the mean or falling, direction `neutral` (code 4).
    SpecialCauseNeutralLow = 4,
    /// A NaN value left out with `missing = skip` (code 5).
    Missing = 5,
}

impl PointType {
    /// Every point type, in code order.
    pub const ALL: [PointType; 6] = [
        PointType::CommonCause,
        PointType::SpecialCauseImprovement,
        PointType::SpecialCauseConcern,
        PointType::SpecialCauseNeutralHigh,
        PointType::SpecialCauseNeutralLow,
        PointType::Missing,
    ];

    /// The point type with this code, if any.
    #[must_use]
    pub fn from_code(code: u8) -> Option<PointType> {
        PointType::ALL.get(usize::from(code)).copied()
    }

    /// The snake_case name (`common_cause`, `special_cause_improvement`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PointType::CommonCause => "common_cause",
            PointType::SpecialCauseImprovement => "special_cause_improvement",
            PointType::SpecialCauseConcern => "special_cause_concern",
            PointType::SpecialCauseNeutralHigh => "special_cause_neutral_high",
            PointType::SpecialCauseNeutralLow => "special_cause_neutral_low",
            PointType::Missing => "missing",
        }
    }
}

/// The rule that decided a point's type: the working behind [`PointType`].
///
/// [`Signal::label`] gives NHSRplotthedots' `special_cause_type` text. Odd codes point up
/// (above the mean or rising), even non-zero codes point down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Signal {
    /// No rule fired, or the value is missing (code 0).
    None = 0,
    /// Above the upper process limit (code 1).
    AboveUpl = 1,
    /// Below the lower process limit (code 2).
    BelowLpl = 2,
    /// Part of a run of strictly rising points (code 3).
    TrendIncreasing = 3,
    /// Part of a run of strictly falling points (code 4).
    TrendDecreasing = 4,
    /// Two of three points beyond the upper 2-sigma line (code 5).
    TwoInThreeAbove = 5,
    /// Two of three points beyond the lower 2-sigma line (code 6).
    TwoInThreeBelow = 6,
    /// Part of a run of points above the mean (code 7).
    ShiftAbove = 7,
    /// Part of a run of points below the mean (code 8).
    ShiftBelow = 8,
}

impl Signal {
    /// Every signal, in code order.
    pub const ALL: [Signal; 9] = [
        Signal::None,
        Signal::AboveUpl,
        Signal::BelowLpl,
        Signal::TrendIncreasing,
        Signal::TrendDecreasing,
        Signal::TwoInThreeAbove,
        Signal::TwoInThreeBelow,
        Signal::ShiftAbove,
        Signal::ShiftBelow,
    ];

    /// The signal with this code, if any.
    #[must_use]
    pub fn from_code(code: u8) -> Option<Signal> {
        Signal::ALL.get(usize::from(code)).copied()
    }

    /// +1 for a signal pointing up, -1 down, 0 for [`Signal::None`].
    #[must_use]
    pub fn direction(self) -> i8 {
        match self as u8 {
            0 => 0,
            c if c % 2 == 1 => 1,
            _ => -1,
        }
    }

    /// NHSRplotthedots' `special_cause_type` label for 7-point runs (`Above UCL`,
    /// `7 Point Trend (Increasing)`, `2 in 3 Below CL`, `7 Points Above CL`, `Common Cause`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Signal::None => "Common Cause",
            Signal::AboveUpl => "Above UCL",
            Signal::BelowLpl => "Below LCL",
            Signal::TrendIncreasing => "7 Point Trend (Increasing)",
            Signal::TrendDecreasing => "7 Point Trend (Decreasing)",
            Signal::TwoInThreeAbove => "2 in 3 Above CL",
            Signal::TwoInThreeBelow => "2 in 3 Below CL",
            Signal::ShiftAbove => "7 Points Above CL",
            Signal::ShiftBelow => "7 Points Below CL",
        }
    }
}

/// The Making Data Count variation icon: the point type of the latest value, read with the
/// improvement direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum VariationIcon {
    /// Common cause variation (code 0).
    CommonCause = 0,
    /// Special cause, improvement, higher is better (code 1).
    ImprovementHigh = 1,
    /// Special cause, improvement, lower is better (code 2).
    ImprovementLow = 2,
    /// Special cause, concern, lower is better so high is bad (code 3).
    ConcernHigh = 3,
    /// Special cause, concern, higher is better so low is bad (code 4).
    ConcernLow = 4,
    /// Special cause, no direction of improvement, high (code 5).
    NeutralHigh = 5,
    /// Special cause, no direction of improvement, low (code 6).
    NeutralLow = 6,
}

impl VariationIcon {
    /// Every icon, in code order.
    pub const ALL: [VariationIcon; 7] = [
        VariationIcon::CommonCause,
        VariationIcon::ImprovementHigh,
        VariationIcon::ImprovementLow,
        VariationIcon::ConcernHigh,
        VariationIcon::ConcernLow,
        VariationIcon::NeutralHigh,
        VariationIcon::NeutralLow,
    ];

    /// The icon with this code, if any.
    #[must_use]
    pub fn from_code(code: u8) -> Option<VariationIcon> {
        VariationIcon::ALL.get(usize::from(code)).copied()
    }

    /// The snake_case name, also the NHSRplotthedots icon file stem.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            VariationIcon::CommonCause => "common_cause",
            VariationIcon::ImprovementHigh => "improvement_high",
            VariationIcon::ImprovementLow => "improvement_low",
            VariationIcon::ConcernHigh => "concern_high",
            VariationIcon::ConcernLow => "concern_low",
            VariationIcon::NeutralHigh => "neutral_high",
            VariationIcon::NeutralLow => "neutral_low",
        }
    }
}

/// The Making Data Count assurance icon: can the process be relied on to meet the target?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum AssuranceIcon {
    /// The target lies beyond the limits on the good side: consistently met (code 1).
    Pass = 1,
    /// The target lies beyond the limits on the bad side: consistently missed (code 2).
    Fail = 2,
    /// The target lies between the limits (or on one): hit and miss (code 3).
    Inconsistent = 3,
}

impl AssuranceIcon {
    /// The icon with this code (0 means none), if any.
    #[must_use]
    pub fn from_code(code: u8) -> Option<AssuranceIcon> {
        match code {
            1 => Some(AssuranceIcon::Pass),
            2 => Some(AssuranceIcon::Fail),
            3 => Some(AssuranceIcon::Inconsistent),
            _ => None,
        }
    }

    /// The snake_case name, also the NHSRplotthedots icon file stem.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            AssuranceIcon::Pass => "pass",
            AssuranceIcon::Fail => "fail",
            AssuranceIcon::Inconsistent => "inconsistent",
        }
    }
}

/// How many points of a series have each [`PointType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct PointTypeCounts {
    /// Points with [`PointType::CommonCause`].
    pub common_cause: usize,
    /// Points with [`PointType::SpecialCauseImprovement`].
    pub special_cause_improvement: usize,
    /// Points with [`PointType::SpecialCauseConcern`].
    pub special_cause_concern: usize,
    /// Points with [`PointType::SpecialCauseNeutralHigh`].
    pub special_cause_neutral_high: usize,
    /// Points with [`PointType::SpecialCauseNeutralLow`].
    pub special_cause_neutral_low: usize,
    /// Points with [`PointType::Missing`].
    pub missing: usize,
}

impl PointTypeCounts {
    /// Adds one point of type `t`.
    pub fn add(&mut self, t: PointType) {
        *self.get_mut(t) += 1;
    }

    /// The count for `t`.
    #[must_use]
    pub fn get(&self, t: PointType) -> usize {
        match t {
            PointType::CommonCause => self.common_cause,
            PointType::SpecialCauseImprovement => self.special_cause_improvement,
            PointType::SpecialCauseConcern => self.special_cause_concern,
            PointType::SpecialCauseNeutralHigh => self.special_cause_neutral_high,
            PointType::SpecialCauseNeutralLow => self.special_cause_neutral_low,
            PointType::Missing => self.missing,
        }
    }

    fn get_mut(&mut self, t: PointType) -> &mut usize {
        match t {
            PointType::CommonCause => &mut self.common_cause,
            PointType::SpecialCauseImprovement => &mut self.special_cause_improvement,
            PointType::SpecialCauseConcern => &mut self.special_cause_concern,
            PointType::SpecialCauseNeutralHigh => &mut self.special_cause_neutral_high,
            PointType::SpecialCauseNeutralLow => &mut self.special_cause_neutral_low,
            PointType::Missing => &mut self.missing,
        }
    }

    /// All points counted.
    #[must_use]
    pub fn total(&self) -> usize {
        PointType::ALL.iter().map(|&t| self.get(t)).sum()
    }
}

/// The limits of one segment (between rebase positions) and the figures behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// Position of the segment's first point in the series.
    pub start: usize,
    /// Points in the segment, missing ones included.
    pub len: usize,
    /// Non-missing values in the segment.
    pub values: usize,
    /// Values the limits were computed from (all, or the first `fix_after`).
    pub baseline: usize,
    /// Mean of the baseline values (centre line). NaN when the segment has no value.
    pub mean: f64,
    /// Average moving range used for the limits (after screening). NaN with fewer than two
    /// baseline values, or when screening drops every range (a constant baseline).
    pub amr: f64,
    /// Moving ranges dropped by the 3.267 x AMR screen.
    pub screened_ranges: usize,
    /// Lower process limit, `mean - 2.66 x amr`.
    pub lpl: f64,
    /// Upper process limit, `mean + 2.66 x amr`.
    pub upl: f64,
    /// Lower 2-sigma line, `mean - (2/3 x 2.66) x amr`.
    pub near_lpl: f64,
    /// Upper 2-sigma line, `mean + (2/3 x 2.66) x amr`.
    pub near_upl: f64,
    /// Fewer than 13 values: the limits are trial limits (NHSRplotthedots `short_group_warning`).
    pub short_warning: bool,
}

/// The summary of one series: icons, counts and the latest limits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeriesSummary {
    /// The series code ([`xmr_many`](super::xmr_many)); 0 for [`xmr`](super::xmr).
    pub series: u32,
    /// Points in the series, missing ones included.
    pub len: usize,
    /// Segments in the series (1 + rebase positions inside it).
    pub segments: usize,
    /// From the latest non-missing point's type and the improvement direction.
    pub variation_icon: VariationIcon,
    /// From the target and the latest segment's limits; `None` without a target or for a
    /// neutral direction.
    pub assurance_icon: Option<AssuranceIcon>,
    /// Points of each type.
    pub counts: PointTypeCounts,
    /// Some segment has fewer than 13 values (trial limits).
    pub short_series_warning: bool,
    /// Mean of the latest segment (the one holding the last point).
    pub mean: f64,
    /// Lower process limit of the latest segment, used for the assurance icon.
    pub lpl: f64,
    /// Upper process limit of the latest segment, used for the assurance icon.
    pub upl: f64,
}
