//! Options of the XmR chart: [`SpcOptions`], its enums and the resolved [`Rules`].

use serde::{Deserialize, Serialize};

use crate::Error;

/// Which direction of change is an improvement (NHSRplotthedots `improvement_direction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Improvement {
    /// Higher values are better (the default).
    #[default]
    Increase,
    /// Lower values are better.
    Decrease,
    /// No judgement: special causes are reported as neutral high or low.
    Neutral,
}

impl Improvement {
    /// +1 for [`Improvement::Increase`], -1 for [`Improvement::Decrease`], 0 for neutral.
    #[must_use]
    pub fn sign(self) -> i8 {
        match self {
            Improvement::Increase => 1,
            Improvement::Decrease => -1,
            Improvement::Neutral => 0,
        }
    }

    /// The snake_case name used in JSON and the CLI (`increase`, `decrease`, `neutral`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Improvement::Increase => "increase",
            Improvement::Decrease => "decrease",
            Improvement::Neutral => "neutral",
        }
    }
}

/// What to do with NaN values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// A NaN value is an [`Error::Method`] naming its index (the default).
    #[default]
    Error,
    /// NaN values are left out of every calculation (as if the rows were removed, so they
    /// neither break runs nor void moving ranges) and reported with point type `missing`.
    Skip,
}

/// A preset of rule settings; each of the four knobs in [`SpcOptions`] overrides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// NHSRplotthedots 0.2.2 (the default): moving-range screening on, runs of 7 for shift and
    /// trend, two-in-three counting only points between the 2-sigma and 3-sigma lines,
    /// conflicts resolved by precedence.
    #[default]
    Nhsr,
    /// The NHS England Making Data Count Excel tool: screening off, runs of 7, two-in-three
    /// counting every point beyond the 2-sigma line (including beyond the limits), and a point
    /// flagged both ways shown as improvement.
    MdcExcel,
}

/// Options of [`xmr`](super::xmr) and [`xmr_many`](super::xmr_many).
///
/// Serialised with snake_case keys; every key is optional (`{}` is NHSRplotthedots 0.2.2
/// defaults) and unknown keys are rejected, so the C ABI's `options_json` and Python keyword
/// arguments spell the same names. The four rule knobs (`screen_outliers`, `shift_length`,
/// `trend_length`, `two_in_three_counts_outside`, `improvement_wins`) default to `None`, meaning
/// "whatever the profile says"; see [`SpcOptions::rules`].
///
/// ```
/// use outcomes_core::spc::{Improvement, SpcOptions};
/// let o: SpcOptions = serde_json::from_str(r#"{"improvement": "decrease", "target": 1200}"#).unwrap();
/// assert_eq!(o.improvement, Improvement::Decrease);
/// assert_eq!(o.target, Some(1200.0));
/// assert!(o.rules().unwrap().screen_outliers);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpcOptions {
    /// Direction of improvement (default `increase`).
    pub improvement: Improvement,
    /// Target for the assurance icon; never changes limits or point types. Must be finite.
    pub target: Option<f64>,
    /// 0-based positions (within each series) where a new segment starts, strictly increasing.
    /// Position 0 and positions at or beyond a series' length do nothing, as a rebase date not
    /// in the data does nothing in NHSRplotthedots.
    pub rebase: Vec<usize>,
    /// Freeze the limits of each segment on its first `fix_after` values (at least 12); later
    /// points are classified against the frozen limits. `None`: every value of the segment.
    pub fix_after: Option<usize>,
    /// Moving-range screening at 3.267 x AMR (`None`: on for `nhsr`, off for `mdc_excel`).
    pub screen_outliers: Option<bool>,
    /// What a NaN value means (default `error`).
    pub missing: Missing,
    /// Preset of the rule knobs (default `nhsr`).
    pub profile: Profile,
    /// Points on one side of the mean that make a shift, 6 or 7 (`None`: 7).
    pub shift_length: Option<usize>,
    /// Consecutive strictly rising or falling points that make a trend, 6 or 7 (`None`: 7).
    pub trend_length: Option<usize>,
    /// Whether points beyond the process limits count toward "two of three beyond the 2-sigma
    /// line" (`None`: no for `nhsr`, yes for `mdc_excel`).
    pub two_in_three_counts_outside: Option<bool>,
    /// Whether a point flagged both as improvement and as concern shows improvement (`None`:
    /// no for `nhsr`, which resolves by rule precedence; yes for `mdc_excel`).
    pub improvement_wins: Option<bool>,
}

/// The rule settings in force after the profile and the knobs are combined.
///
/// Returned with every result so that a report can show which rules produced the verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rules {
    /// Moving ranges >= 3.267 x AMR are dropped and the AMR recomputed once.
    pub screen_outliers: bool,
    /// Length of a shift (points on one side of the mean).
    pub shift_length: usize,
    /// Length of a trend (points, i.e. `trend_length - 1` strict steps).
    pub trend_length: usize,
    /// Points beyond the process limits count toward two-in-three.
    pub two_in_three_counts_outside: bool,
    /// A point flagged both ways shows improvement.
    pub improvement_wins: bool,
}

impl Rules {
    /// NHSRplotthedots 0.2.2.
    pub const NHSR: Rules = Rules {
        screen_outliers: true,
        shift_length: 7,
        trend_length: 7,
        two_in_three_counts_outside: false,
        improvement_wins: false,
    };
    /// The Making Data Count Excel tool.
    pub const MDC_EXCEL: Rules = Rules {
        screen_outliers: false,
        shift_length: 7,
        trend_length: 7,
        two_in_three_counts_outside: true,
        improvement_wins: true,
    };
}

/// Smallest `fix_after` NHSRplotthedots accepts.
pub const MIN_FIX_AFTER: usize = 12;

impl SpcOptions {
    /// Options with the Making Data Count Excel profile.
    #[must_use]
    pub fn mdc_excel() -> Self {
        SpcOptions {
            profile: Profile::MdcExcel,
            ..SpcOptions::default()
        }
    }

    /// Checks every option and returns the rule settings in force.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the option: a non-finite `target`, `fix_after` below
    /// 12, `rebase` not strictly increasing, a run length other than 6 or 7.
    pub fn rules(&self) -> Result<Rules, Error> {
        if let Some(t) = self.target {
            if !t.is_finite() {
                return Err(Error::invalid_argument(
                    "target",
                    format!("target = {t} is not a finite number: give a number or leave it out"),
                ));
            }
        }
        if let Some(n) = self.fix_after {
            if n < MIN_FIX_AFTER {
                return Err(Error::invalid_argument(
                    "fix_after",
                    format!(
                        "fix_after = {n} is too few: limits need a baseline of at least \
                         {MIN_FIX_AFTER} points (NHSRplotthedots fix_after_n_points)"
                    ),
                ));
            }
        }
        for (i, w) in self.rebase.windows(2).enumerate() {
            if w[1] <= w[0] {
                return Err(Error::invalid_argument(
                    format!("rebase[{}]", i + 1),
                    format!(
                        "rebase positions must be strictly increasing: {} follows {}",
                        w[1], w[0]
                    ),
                ));
            }
        }
        let mut rules = match self.profile {
            Profile::Nhsr => Rules::NHSR,
            Profile::MdcExcel => Rules::MDC_EXCEL,
        };
        for (name, value, slot) in [
            ("shift_length", self.shift_length, &mut rules.shift_length),
            ("trend_length", self.trend_length, &mut rules.trend_length),
        ] {
            if let Some(n) = value {
                if !(6..=7).contains(&n) {
                    return Err(Error::invalid_argument(
                        name,
                        format!(
                            "{name} = {n} is not allowed: Making Data Count uses runs of 6 or 7 points"
                        ),
                    ));
                }
                *slot = n;
            }
        }
        if let Some(b) = self.screen_outliers {
            rules.screen_outliers = b;
        }
        if let Some(b) = self.two_in_three_counts_outside {
            rules.two_in_three_counts_outside = b;
        }
        if let Some(b) = self.improvement_wins {
            rules.improvement_wins = b;
        }
        Ok(rules)
    }
}
