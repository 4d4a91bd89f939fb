//! Targets, trajectories, progress and status for one series.
//!
//! # Method
//!
//! - **Progress** = (actual - baseline) / (target - baseline).
//! - **Trajectory**: linear from the baseline to the target in whole periods of the measure's
//!   frequency (2023/24 -> 2028/29 is 5 steps; 2025/26 is step 2), in days between period ends
//!   for targets dated by a date, or through explicit trajectory points (linear between them).
//! - **Status**: *Achieved* when the target is met; *On track* when at or better than the
//!   trajectory; *At risk* when worse by no more than the tolerance (default 5% of the
//!   trajectory value, or an absolute amount); *Off track* otherwise, or when the target
//!   period has passed unmet; *Not assessable* with a reason (no target figure, no baseline,
//!   no data, target date passed without data, ...).
//! - **Direction-only targets** ("a reduction") are judged by the change since baseline:
//!   significant change the right way is on track, no significant change at risk, significant
//!   change the wrong way off track (without a test, any change counts).
//! - **Stabilise** targets are on track while the value stays within the tolerance band around
//!   the baseline (or moves the better way), off track when it leaves the band the worse way.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::Tolerance;
use super::types::{BaselineUsed, Change, Status, TargetUsed, TrajectoryUsed};
use crate::Error;
use crate::model::{Direction, Figure, Framework, Measure, Polarity, Target, TargetKind, When};
use crate::period::{Frequency, Period};

/// A dated value of a series.
#[derive(Debug, Clone)]
pub(crate) struct Dated {
    pub period: Period,
    pub value: f64,
}

/// The judgement of a series against its target.
#[derive(Debug, Clone)]
pub(crate) struct Judgement {
    pub target: Option<TargetUsed>,
    pub progress: Option<f64>,
    pub trajectory: Option<TrajectoryUsed>,
    pub status: Status,
    pub reason: String,
    /// The resolved target figure and its date, for forecasts and SPC assurance.
    pub goal: Option<(f64, When)>,
    /// +1 when higher is better for this target, -1 when lower.
    pub better: f64,
}

/// A figure for a reason: rounded to three decimals, written as Rust's shortest `{}` text
/// (`18.5`, `2.778`). Formatted straight into the reason, with no text of its own.
fn fmt(v: f64) -> Rounded {
    Rounded((v * 1000.0).round() / 1000.0)
}

/// See [`fmt`].
#[derive(Clone, Copy)]
struct Rounded(f64);

impl std::fmt::Display for Rounded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Target dates (`by`, trajectory points) resolved by [`Framework::resolve_when`] once per
/// distinct text in an evaluation, rather than once per series: an evaluation of thousands of
/// areas and breakdowns reads the same few dates over and over.
pub(crate) struct Whens<'f> {
    fw: &'f Framework,
    memo: RefCell<HashMap<String, Result<Resolved, Error>>>,
}

/// A resolved date and the text of its last day.
#[derive(Clone)]
struct Resolved {
    when: When,
    end: String,
}

impl<'f> Whens<'f> {
    /// Resolves against `fw`'s start.
    pub(crate) fn new(fw: &'f Framework) -> Self {
        Self {
            fw,
            memo: RefCell::new(HashMap::new()),
        }
    }

    fn resolved(&self, text: &str) -> Result<Resolved, Error> {
        if let Some(r) = self.memo.borrow().get(text) {
            return r.clone();
        }
        let r = self.fw.resolve_when(text).map(|when| Resolved {
            end: when.end().to_string(),
            when,
        });
        self.memo.borrow_mut().insert(text.to_owned(), r.clone());
        r
    }

    /// [`Framework::resolve_when`].
    pub(crate) fn when(&self, text: &str) -> Result<When, Error> {
        self.resolved(text).map(|r| r.when)
    }

    /// [`Framework::resolve_when`] and the text of the last day (`YYYY-MM-DD`).
    fn when_and_end(&self, text: &str) -> Result<(When, String), Error> {
        self.resolved(text).map(|r| (r.when, r.end))
    }
}

/// +1 if higher is better, -1 if lower, from the polarity or the target's own direction.
pub(crate) fn better_sign(
    m: &Measure,
    t: Option<&Target>,
    baseline: Option<f64>,
    target_value: Option<f64>,
) -> f64 {
    match m.polarity {
        Polarity::HigherIsBetter => 1.0,
        Polarity::LowerIsBetter => -1.0,
        Polarity::NoJudgement | Polarity::NotApplicable => {
            if let Some(t) = t {
                match (t.kind, t.direction) {
                    (TargetKind::AtLeast | TargetKind::Floor, _)
                    | (_, Some(Direction::Increase)) => return 1.0,
                    (TargetKind::AtMost | TargetKind::Ceiling, _)
                    | (_, Some(Direction::Decrease)) => return -1.0,
                    _ => {}
                }
            }
            match (baseline, target_value) {
                (Some(b), Some(v)) if v < b => -1.0,
                _ => 1.0,
            }
        }
    }
}

/// Chooses the target for a series: area-specific before general, then the first whose date
/// is not yet passed by the latest period, else the last.
pub(crate) fn choose_target<'a>(
    whens: &Whens<'_>,
    m: &'a Measure,
    area: &str,
    headline: bool,
    latest: Option<&Period>,
) -> Option<(usize, &'a Target)> {
    let applicable = |t: &Target| {
        (headline || t.kind != TargetKind::Gap)
            && match &t.area {
                Some(a) => a == area,
                None => true,
            }
    };
    let mut candidates: Vec<(usize, &Target)> = m
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| applicable(t))
        .collect();
    match candidates.as_slice() {
        [] => return None,
        // The only one is chosen whatever its date: no need to read the dates.
        [only] => return Some(*only),
        _ => {}
    }
    // area-specific first
    if candidates.iter().any(|(_, t)| t.area.is_some()) {
        candidates.retain(|(_, t)| t.area.is_some());
    }
    let end_of = |t: &Target| {
        t.by.as_deref()
            .and_then(|b| whens.when(b).ok())
            .map(|w| w.end())
    };
    let latest_end = latest.map(Period::end);
    let upcoming = candidates
        .iter()
        .filter(|(_, t)| match (end_of(t), latest_end) {
            (Some(e), Some(l)) => e >= l,
            _ => true,
        });
    let chosen = upcoming
        .min_by_key(|(_, t)| end_of(t).unwrap_or(NaiveDate::MAX))
        .copied();
    chosen.or_else(|| {
        candidates
            .iter()
            .max_by_key(|(_, t)| end_of(t).unwrap_or(NaiveDate::MIN))
            .copied()
    })
}

/// Steps between two periods in the measure's frequency, or `None` if not whole.
fn steps(from: &Period, to: &Period, f: Frequency) -> Option<f64> {
    to.steps_from(from, f).ok().map(|s| s as f64)
}

fn days(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64
}

/// Position of `p` relative to `base` for a target by `when`: (step, steps, method).
fn position(base: &Period, p: &Period, when: &When, f: Frequency) -> (f64, f64, &'static str) {
    if let When::Period(tp) = when {
        if let (Some(step), Some(total)) = (steps(base, p, f), steps(base, tp, f)) {
            return (step, total, "linear_periods");
        }
    }
    (
        days(base.end(), p.end()),
        days(base.end(), when.end()),
        "linear_days",
    )
}

/// Resolves the target's figure in the measure's unit.
pub(crate) fn target_figure(
    whens: &Whens<'_>,
    t: &Target,
    baseline: Option<&BaselineUsed>,
    base_period: Option<&Period>,
    latest_period: Option<&Period>,
    f: Frequency,
) -> Result<Option<f64>, String> {
    let value = match &t.value {
        None => None,
        Some(Figure::Number(v)) => Some(*v),
        Some(Figure::Text(text)) => return Err(format!("no target figure yet (\"{text}\")")),
    };
    let b = baseline.map(|b| b.value);
    Ok(match t.kind {
        TargetKind::Absolute
        | TargetKind::AtLeast
        | TargetKind::AtMost
        | TargetKind::Floor
        | TargetKind::Ceiling
        | TargetKind::Ratio => value,
        TargetKind::RelativeChange => match (value, b) {
            (Some(v), Some(b)) => Some(b * (1.0 + v / 100.0)),
            (Some(_), None) => return Err("no baseline to apply the relative change to".into()),
            (None, _) => None,
        },
        TargetKind::CountAboveBaseline => match (value, b) {
            (Some(v), Some(b)) => Some(b + v),
            (Some(_), None) => return Err("no baseline to count from".into()),
            (None, _) => None,
        },
        TargetKind::YearlyChange => match (value, baseline) {
            (Some(v), Some(base)) => {
                let bp = period_of(base, base_period).map_err(|e| e.message().to_owned())?;
                let to = match t.by.as_deref().map(|x| whens.when(x)) {
                    Some(Ok(When::Period(p))) => Some(p),
                    Some(Ok(When::Date(d))) => Some(Period::financial_year_containing(d)),
                    Some(Err(e)) => return Err(e.message().to_owned()),
                    None => latest_period.copied(),
                };
                let years = to
                    .and_then(|p| p.steps_from(&bp, Frequency::Annual).ok())
                    .map_or(0.0, |s| s as f64);
                let _ = f;
                Some(base.value * (1.0 + v / 100.0).powf(years))
            }
            (Some(_), None) => return Err("no baseline to apply the yearly change to".into()),
            (None, _) => None,
        },
        TargetKind::Comparator
        | TargetKind::Gap
        | TargetKind::Category
        | TargetKind::Counterfactual
        | TargetKind::Direction
        | TargetKind::Stabilise => None,
    })
}

/// Whether `actual` meets a target figure of this kind.
pub(crate) fn meets(kind: TargetKind, actual: f64, target: f64, better: f64) -> bool {
    match kind {
        TargetKind::AtLeast | TargetKind::Floor => actual >= target,
        TargetKind::AtMost | TargetKind::Ceiling => actual <= target,
        _ => (actual - target) * better >= 0.0,
    }
}

/// The baseline's period: `parsed` when the caller has it (it is `baseline.period` read),
/// else read from the text.
fn period_of(baseline: &BaselineUsed, parsed: Option<&Period>) -> Result<Period, Error> {
    match parsed {
        Some(p) => Ok(*p),
        None => Period::parse(&baseline.period),
    }
}

/// Input for [`judge`].
pub(crate) struct JudgeInput<'a> {
    pub whens: &'a Whens<'a>,
    pub measure: &'a Measure,
    pub target: Option<(usize, &'a Target)>,
    pub baseline: Option<&'a BaselineUsed>,
    /// `baseline.period` read as a period, where the caller has it (else it is read again).
    pub base_period: Option<&'a Period>,
    pub latest: Option<&'a Dated>,
    pub change: Option<&'a Change>,
    pub comparator_value: Option<f64>,
    pub tolerance: Tolerance,
    pub as_of: NaiveDate,
}

fn not_assessable(reason: impl Into<String>, target: Option<TargetUsed>, better: f64) -> Judgement {
    Judgement {
        target,
        progress: None,
        trajectory: None,
        status: Status::NotAssessable,
        reason: reason.into(),
        goal: None,
        better,
    }
}

/// Judges one series.
pub(crate) fn judge(j: &JudgeInput<'_>) -> Judgement {
    let m = j.measure;
    let Some((index, t)) = j.target else {
        let better = better_sign(m, None, None, None);
        return not_assessable("no target", None, better);
    };
    let (when, by_date) = match t.by.as_deref().map(|b| j.whens.when_and_end(b)) {
        Some(Ok((w, end))) => (Some(Ok(w)), Some(end)),
        Some(Err(e)) => (Some(Err(e)), None),
        None => (None, None),
    };
    let latest_period = j.latest.map(|l| &l.period);
    let figure = target_figure(
        j.whens,
        t,
        j.baseline,
        j.base_period,
        latest_period,
        m.frequency,
    );
    let mut used = TargetUsed {
        index,
        kind: t.kind,
        wording: t.wording.clone(),
        value: figure.as_ref().ok().copied().flatten(),
        by: t.by.clone(),
        by_date,
    };
    if t.kind == TargetKind::Comparator {
        used.value = j.comparator_value;
    }
    let better = better_sign(m, Some(t), j.baseline.map(|b| b.value), used.value);
    if let Err(reason) = figure {
        return not_assessable(reason, Some(used), better);
    }
    let when = match when {
        Some(Ok(w)) => Some(w),
        Some(Err(_)) => {
            return not_assessable(
                format!(
                    "the target date \"{}\" is to be confirmed",
                    t.by.as_deref().unwrap_or_default()
                ),
                Some(used),
                better,
            );
        }
        None => None,
    };
    let Some(latest) = j.latest else {
        if let Some(w) = &when {
            if j.as_of > w.end() {
                return not_assessable("target date passed without data", Some(used), better);
            }
        }
        return not_assessable("no data", Some(used), better);
    };
    let actual = latest.value;
    match t.kind {
        TargetKind::Category => {
            return not_assessable(
                "a category target is judged from a reported rating, not from figures",
                Some(used),
                better,
            );
        }
        TargetKind::Counterfactual => {
            return not_assessable(
                "no counterfactual series to compare with",
                Some(used),
                better,
            );
        }
        TargetKind::Gap => {
            return not_assessable(
                "gap targets are judged on the inequality gap (see inequality)",
                Some(used),
                better,
            );
        }
        _ => {}
    }
    if let Some(w) = &when {
        if j.as_of > w.end()
            && latest.period.end() < w.end()
            && !matches!(w, When::Period(p) if p.contains(latest.period.end()))
        {
            // Past the target date, and the latest data is from before the target period.
            let target_start = match w {
                When::Period(p) => p.start(),
                When::Date(d) => *d,
            };
            if latest.period.end() < target_start {
                return not_assessable("target date passed without data", Some(used), better);
            }
        }
    }
    let target_passed = when
        .as_ref()
        .is_some_and(|w| latest.period.end() >= w.end());

    // Direction-only and stabilise targets.
    if matches!(t.kind, TargetKind::Direction)
        || (t.value.is_none()
            && t.direction.is_some()
            && t.kind != TargetKind::Stabilise
            && t.kind != TargetKind::Comparator)
    {
        let Some(b) = j.baseline else {
            return not_assessable(
                "no baseline to judge the direction of change from",
                Some(used),
                better,
            );
        };
        let dir = match t.direction {
            Some(Direction::Increase) => 1.0,
            Some(Direction::Decrease) => -1.0,
            Some(Direction::Stabilise) => {
                return stabilise(j, used, b, actual, better, target_passed);
            }
            None => better,
        };
        let diff = actual - b.value;
        let sig = j.change.and_then(|c| c.significant);
        let (status, why) = if diff * dir > 0.0 && sig != Some(false) {
            (
                if target_passed {
                    Status::Achieved
                } else {
                    Status::OnTrack
                },
                "moved the right way",
            )
        } else if diff * dir < 0.0 && sig != Some(false) {
            (Status::OffTrack, "moved the wrong way")
        } else {
            (
                if target_passed {
                    Status::OffTrack
                } else {
                    Status::AtRisk
                },
                "no significant change yet",
            )
        };
        let test = j
            .change
            .map_or("not tested".to_owned(), |c| c.method.to_string());
        let reason = format!(
            "{why}: {} -> {} since {} ({test})",
            fmt(b.value),
            fmt(actual),
            b.period
        );
        return Judgement {
            target: Some(used),
            progress: None,
            trajectory: None,
            status,
            reason,
            goal: None,
            better: dir,
        };
    }
    if t.kind == TargetKind::Stabilise {
        let Some(b) = j.baseline else {
            return not_assessable("no baseline to stabilise around", Some(used), better);
        };
        return stabilise(j, used, b, actual, better, target_passed);
    }
    let Some(target_value) = used.value else {
        return not_assessable(
            if t.kind == TargetKind::Comparator {
                "no comparator value for the latest period"
            } else {
                "no target figure"
            },
            Some(used),
            better,
        );
    };
    let met = meets(t.kind, actual, target_value, better);
    let progress = j.baseline.and_then(|b| {
        let d = target_value - b.value;
        (d != 0.0).then(|| (actual - b.value) / d)
    });
    let goal = when.clone().map(|w| (target_value, w));
    if met {
        let reason = format!(
            "{} meets the target {} ({})",
            fmt(actual),
            fmt(target_value),
            latest.period
        );
        return Judgement {
            target: Some(used),
            progress,
            trajectory: None,
            status: Status::Achieved,
            reason,
            goal,
            better,
        };
    }
    if target_passed {
        let reason = format!(
            "the target {} was due by {} and the latest value {} ({}) does not meet it",
            fmt(target_value),
            t.by.as_deref().unwrap_or_default(),
            fmt(actual),
            latest.period
        );
        return Judgement {
            target: Some(used),
            progress,
            trajectory: None,
            status: Status::OffTrack,
            reason,
            goal,
            better,
        };
    }
    // Trajectory value at the latest period.
    let trajectory = match (&when, j.baseline) {
        (Some(w), b) => trajectory_at(
            j.whens,
            t,
            b.map(|b| (b, j.base_period)),
            target_value,
            w,
            &latest.period,
            m.frequency,
        ),
        (None, _) => None,
    };
    let Some((traj, step, steps, method)) = trajectory else {
        // No trajectory (no date or no baseline): judge against the target itself.
        let shortfall = (target_value - actual) * better;
        let (status, reason) =
            tolerance_status(j.tolerance, shortfall, target_value, "the target", actual);
        return Judgement {
            target: Some(used),
            progress,
            trajectory: None,
            status,
            reason,
            goal,
            better,
        };
    };
    let shortfall = (traj - actual) * better;
    let shortfall_relative = (traj != 0.0).then(|| shortfall / traj.abs());
    let (status, reason) = if shortfall <= 0.0 {
        (
            Status::OnTrack,
            format!(
                "{} is at or better than the trajectory {} for {}",
                fmt(actual),
                fmt(traj),
                latest.period
            ),
        )
    } else {
        tolerance_status(j.tolerance, shortfall, traj, "the trajectory", actual)
    };
    let reason = if shortfall > 0.0 {
        format!("{reason} for {}", latest.period)
    } else {
        reason
    };
    Judgement {
        target: Some(used),
        progress,
        trajectory: Some(TrajectoryUsed {
            value: traj,
            method: method.into(),
            step,
            steps,
            shortfall,
            shortfall_relative,
        }),
        status,
        reason,
        goal,
        better,
    }
}

fn tolerance_status(
    tol: Tolerance,
    shortfall: f64,
    reference: f64,
    what: &str,
    actual: f64,
) -> (Status, String) {
    let (within, allowed) = match tol {
        Tolerance::Relative(r) => (
            shortfall <= r * reference.abs() + 1e-12,
            format!("{}%", fmt(r * 100.0)),
        ),
        Tolerance::Absolute(a) => (shortfall <= a + 1e-12, fmt(a).to_string()),
    };
    let rel = if reference == 0.0 {
        String::new()
    } else {
        format!(
            " ({}% of {})",
            fmt(shortfall / reference.abs() * 100.0),
            fmt(reference)
        )
    };
    if within {
        (
            Status::AtRisk,
            format!(
                "{} is {}{rel} worse than {what}, within the {allowed} tolerance",
                fmt(actual),
                fmt(shortfall)
            ),
        )
    } else {
        (
            Status::OffTrack,
            format!(
                "{} is {}{rel} worse than {what}, beyond the {allowed} tolerance",
                fmt(actual),
                fmt(shortfall)
            ),
        )
    }
}

fn stabilise(
    j: &JudgeInput<'_>,
    used: TargetUsed,
    b: &BaselineUsed,
    actual: f64,
    better: f64,
    passed: bool,
) -> Judgement {
    let band = match j.tolerance {
        Tolerance::Relative(r) => r * b.value.abs(),
        Tolerance::Absolute(a) => a,
    };
    let diff = actual - b.value;
    let judged = matches!(
        j.measure.polarity,
        Polarity::HigherIsBetter | Polarity::LowerIsBetter
    );
    let (status, why) = if diff.abs() <= band {
        (
            if passed {
                Status::Achieved
            } else {
                Status::OnTrack
            },
            "within the band",
        )
    } else if judged && diff * better > 0.0 {
        (
            if passed {
                Status::Achieved
            } else {
                Status::OnTrack
            },
            "better than the band",
        )
    } else {
        (Status::OffTrack, "outside the band")
    };
    let reason = format!(
        "{} is {why} {} +/- {} around the baseline ({})",
        fmt(actual),
        fmt(b.value),
        fmt(band),
        b.period
    );
    Judgement {
        target: Some(used),
        progress: None,
        trajectory: None,
        status,
        reason,
        goal: None,
        better,
    }
}

/// The trajectory value at `at`: (value, step, steps, method).
fn trajectory_at(
    whens: &Whens<'_>,
    t: &Target,
    baseline: Option<(&BaselineUsed, Option<&Period>)>,
    target_value: f64,
    when: &When,
    at: &Period,
    f: Frequency,
) -> Option<(f64, f64, f64, &'static str)> {
    // Explicit points, with the baseline and the target as the ends.
    let mut points: Vec<(NaiveDate, Option<Period>, f64)> = Vec::new();
    for p in &t.trajectory {
        let (Ok(When::Period(per)), Some(v)) = (whens.when(&p.period), p.value.number()) else {
            continue;
        };
        points.push((per.end(), Some(per), v));
    }
    if !points.is_empty() {
        if let Some(exact) = points.iter().find(|(_, p, _)| p.as_ref() == Some(at)) {
            return Some((exact.2, 0.0, 0.0, "points"));
        }
        if let Some((b, parsed)) = baseline {
            if let Ok(bp) = period_of(b, parsed) {
                points.push((bp.end(), Some(bp), b.value));
            }
        }
        points.push((when.end(), None, target_value));
        points.sort_by_key(|(d, _, _)| *d);
        let x = at.end();
        let i = points.iter().position(|(d, _, _)| *d >= x)?;
        if i == 0 {
            return None;
        }
        let (d0, p0, v0) = &points[i - 1];
        let (d1, p1, v1) = &points[i];
        let (step, total) = match (p0, p1) {
            (Some(a), Some(b)) => match (steps(a, at, f), steps(a, b, f)) {
                (Some(s), Some(tt)) => (s, tt),
                _ => (days(*d0, x), days(*d0, *d1)),
            },
            _ => (days(*d0, x), days(*d0, *d1)),
        };
        if total <= 0.0 {
            return None;
        }
        return Some((v0 + (v1 - v0) * step / total, step, total, "points"));
    }
    let (b, parsed) = baseline?;
    let bp = period_of(b, parsed).ok()?;
    let (step, total, method) = position(&bp, at, when, f);
    if total <= 0.0 {
        return None;
    }
    let step = step.clamp(0.0, total);
    Some((
        b.value + (target_value - b.value) * step / total,
        step,
        total,
        method,
    ))
}
