//! Building a [`Review`] from an [`Evaluation`] (and, for the full review, its framework).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::types::{
    Changes, ChartPoint, CommitmentLine, CompletenessReview, Delivery, DeliveryCounts,
    ExcludedValue, ItemRef, MeasureLine, MilestoneLine, PartnershipReview, REVIEW_SCHEMA_VERSION,
    Review, SharePartner, Sharing, SpcChart, SroiLine, StatusChange, SystemSummary,
    TrajectoryChart, ValueLine, ValueReview,
};
use crate::Error;
use crate::evaluate::{
    Evaluation, MeasureResult, MilestoneCounts, MilestoneState, Point, Status, StatusCounts,
    Tolerance,
};
use crate::model::{Framework, ValueOutcome, is_placeholder};
use crate::period::{Period, PeriodKind};
use crate::value::{self, MonetisedStatus, ProxyTable};

/// Parses the review year: a financial year such as `2024/25`.
pub(crate) fn parse_year(year: &str) -> Result<Period, Error> {
    let shown: String = year.chars().take(40).collect();
    let p = Period::parse(year).map_err(|e| {
        Error::invalid_argument(
            "year",
            format!(
                "\"{shown}\" is not a period ({}); give a financial year such as 2024/25",
                e.message()
            ),
        )
    })?;
    if p.kind() != PeriodKind::FinancialYear {
        return Err(Error::invalid_argument(
            "year",
            format!(
                "\"{shown}\" is a {} period, not a financial year; an annual review covers one financial year, such as 2024/25",
                p.kind().as_str().replace('_', " ")
            ),
        ));
    }
    Ok(p)
}

/// The stable key of a measure row.
pub(crate) fn measure_key(r: &MeasureResult) -> String {
    let breakdown = breakdown_text(r);
    format!(
        "{}|{}|{}|{}",
        r.measure,
        r.area,
        breakdown,
        r.age.as_deref().unwrap_or("")
    )
}

fn breakdown_text(r: &MeasureResult) -> String {
    r.breakdown
        .iter()
        .map(|(d, l)| format!("{d}={l}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn period_end(text: &str) -> Option<NaiveDate> {
    Period::parse(text).ok().map(|p| p.end())
}

/// The money a monetised outcome adds in the year: its adjusted one-off amount, or one year
/// of its adjusted per-year amount.
pub(crate) fn value_in_year(l: &ValueLine) -> f64 {
    if l.status == MonetisedStatus::Monetised {
        l.adjusted_amount.unwrap_or(0.0)
    } else {
        0.0
    }
}

pub(crate) fn build(
    ev: &Evaluation,
    fw: Option<(&Framework, &ProxyTable)>,
    year: &str,
    previous: Option<&Review>,
) -> Result<Review, Error> {
    let period = parse_year(year)?;
    let (ys, ye) = (period.start(), period.end());
    if let Some(p) = previous {
        if p.framework != ev.framework {
            return Err(Error::invalid_argument(
                "previous",
                format!(
                    "the previous review is of framework \"{}\" but this evaluation is of \"{}\"; give the same framework's review",
                    p.framework, ev.framework
                ),
            ));
        }
        if p.schema_version != REVIEW_SCHEMA_VERSION {
            return Err(Error::invalid_argument(
                "previous.schema_version",
                format!(
                    "the previous review has schema_version {}; this library reads version {REVIEW_SCHEMA_VERSION}",
                    p.schema_version
                ),
            ));
        }
    }
    if let Some((f, _)) = fw {
        if f.id != ev.framework {
            return Err(Error::invalid_argument(
                "framework",
                format!(
                    "the framework is \"{}\" but the evaluation is of \"{}\"; give the framework that was evaluated",
                    f.id, ev.framework
                ),
            ));
        }
    }
    let framework = fw.map(|x| x.0);

    let mut notes = Vec::new();
    if let Ok(as_of) = crate::model::parse_date(&ev.as_of) {
        if as_of > ye {
            notes.push(format!(
                "The evaluation is as of {}, after the end of {} ({ye}): figures and statuses may include periods after the year. Evaluate with as_of = {ye} for a review of the year alone.",
                ev.as_of, period
            ));
        } else if as_of < ys {
            notes.push(format!(
                "The evaluation is as of {}, before {} began ({ys}): it cannot show the year's results.",
                ev.as_of, period
            ));
        }
    }
    if framework.is_none() {
        notes.push("Built from the evaluation alone: partnership details, value-added outcomes and sharing need the framework (Evaluation::annual_review_with).".to_owned());
    }

    // Measure rows, with the partnerships whose commitments they evidence.
    let mut measure_partnerships: HashMap<&str, Vec<String>> = HashMap::new();
    if let Some(f) = framework {
        for c in &f.commitments {
            for m in &c.measures {
                let e = measure_partnerships.entry(m.as_str()).or_default();
                for p in &c.partnerships {
                    if !e.contains(p) {
                        e.push(p.clone());
                    }
                }
            }
        }
    }
    let measures: Vec<MeasureLine> = ev
        .measures
        .iter()
        .map(|r| {
            let threshold = ev.options.suppress_below.or_else(|| {
                framework
                    .and_then(|f| f.measures.iter().find(|m| m.id == r.measure))
                    .and_then(|m| m.suppress_below)
            });
            measure_line(
                r,
                measure_partnerships
                    .get(r.measure.as_str())
                    .cloned()
                    .unwrap_or_default(),
                threshold,
            )
        })
        .collect();
    let any_suppressed = measures.iter().any(|m| m.suppressed)
        || measures.iter().any(|m| {
            m.spc
                .as_ref()
                .is_some_and(|s| s.values.iter().any(Option::is_none))
        });

    // Commitments.
    let commitments: Vec<CommitmentLine> = ev
        .commitments
        .iter()
        .map(|c| {
            let partnerships = framework
                .and_then(|f| f.commitments.iter().find(|x| x.id == c.id))
                .map(|x| x.partnerships.clone())
                .unwrap_or_default();
            commitment_line(c, partnerships, ys, ye)
        })
        .collect();

    // Value outcomes in the year.
    let mut value_excluded = Vec::new();
    let mut value_without_period = Vec::new();
    let mut included: Vec<&ValueOutcome> = Vec::new();
    if let Some(f) = framework {
        for v in &f.value_outcomes {
            match v.period.as_deref() {
                None => {
                    value_without_period.push(v.id.clone());
                    included.push(v);
                }
                Some(t) if is_placeholder(t) => {
                    value_without_period.push(v.id.clone());
                    included.push(v);
                }
                Some(t) => match Period::parse(t) {
                    Ok(p) if p.start() >= ys && p.end() <= ye => included.push(v),
                    Ok(p) => value_excluded.push(ExcludedValue {
                        id: v.id.clone(),
                        title: v.title.clone(),
                        period: t.to_owned(),
                        reason: format!(
                            "its period {p} ({} to {}) is not within {period}",
                            p.start(),
                            p.end()
                        ),
                    }),
                    Err(e) => value_excluded.push(ExcludedValue {
                        id: v.id.clone(),
                        title: v.title.clone(),
                        period: t.to_owned(),
                        reason: format!("its period cannot be read: {}", e.message()),
                    }),
                },
            }
        }
    }
    let proxies = fw.map(|x| x.1);
    let empty = ProxyTable::new();
    let proxies = proxies.unwrap_or(&empty);
    let value = value_review(&included, proxies)?;
    let value_to_be_confirmed: Vec<String> = value
        .monetised
        .iter()
        .chain(&value.not_monetised)
        .flat_map(|l| {
            l.to_be_confirmed
                .iter()
                .map(move |t| format!("{}: {t}", l.id))
        })
        .collect();

    // Partnerships.
    let mut partnerships = Vec::new();
    for pr in &ev.partnerships {
        let p = framework.and_then(|f| f.partnerships.iter().find(|p| p.id == pr.id));
        let mine: Vec<&CommitmentLine> = commitments
            .iter()
            .filter(|c| c.partnerships.contains(&pr.id))
            .collect();
        let mut delivery = DeliveryCounts::default();
        for c in &mine {
            delivery.add(c.delivery);
        }
        let my_measures: Vec<&MeasureLine> = measures
            .iter()
            .filter(|m| m.partnerships.contains(&pr.id))
            .collect();
        let mut measure_counts = StatusCounts::default();
        for m in my_measures.iter().filter(|m| m.breakdown.is_empty()) {
            measure_counts.add(m.status);
        }
        let outcomes: Vec<&ValueOutcome> = included
            .iter()
            .copied()
            .filter(|v| v.partnership.as_deref() == Some(pr.id.as_str()))
            .collect();
        let pv = value_review(&outcomes, proxies)?;
        let sharing = match (p, framework) {
            (Some(p), Some(f)) if !p.shares.is_empty() => Some(sharing(p, f, &outcomes, &pv)),
            _ => None,
        };
        let org_name = |id: &str| {
            framework
                .and_then(|f| f.organisations.iter().find(|o| o.id == id))
                .map_or_else(|| id.to_owned(), |o| o.name.clone())
        };
        partnerships.push(PartnershipReview {
            id: pr.id.clone(),
            name: p.map_or_else(|| pr.title.clone(), |p| p.name.clone()),
            kind: p.map(|p| p.kind),
            complexity: p.and_then(|p| p.complexity),
            assurance: p.and_then(|p| p.assurance),
            purpose: p.and_then(|p| p.purpose.clone()),
            documented: p.and_then(|p| p.documented),
            parent: p.and_then(|p| p.parent.clone()),
            members: p.map_or_else(Vec::new, |p| {
                p.members.iter().map(|m| org_name(m)).collect()
            }),
            members_text: p.and_then(|p| p.members_text.clone()),
            status: pr.status,
            rag: pr.rag,
            delivery,
            commitments: mine.iter().map(|c| c.id.clone()).collect(),
            measures: my_measures.iter().map(|m| m.key.clone()).collect(),
            measure_counts,
            value: pv,
            sharing,
        });
    }

    // Summary.
    let mut measure_counts = StatusCounts::default();
    for m in measures.iter().filter(|m| m.breakdown.is_empty()) {
        measure_counts.add(m.status);
    }
    let mut commitment_counts = StatusCounts::default();
    let mut delivery = DeliveryCounts::default();
    let mut milestones = MilestoneCounts::default();
    for c in &commitments {
        commitment_counts.add(c.status);
        delivery.add(c.delivery);
        add_counts(&mut milestones, &c.milestones);
    }
    let tbc_count = ev.completeness.to_be_confirmed.len()
        + value_to_be_confirmed.len()
        + value_without_period.len();

    let changes = previous.map(|p| changes(p, &measures, &commitments, &partnerships, &value));

    let mut headlines = vec![format!(
        "Overall status: {}. Headline measures: {}.",
        ev.summary.status.label(),
        counts_text(&measure_counts)
    )];
    headlines.push(format!(
        "Commitments: {} delivered, {} in progress, {} overdue, {} not started, {} without milestones (of {}).",
        delivery.delivered,
        delivery.in_progress,
        delivery.overdue,
        delivery.not_started,
        delivery.no_milestones,
        delivery.total()
    ));
    if framework.is_some() {
        let n = value.monetised.len() + value.not_monetised.len();
        if value.monetised.is_empty() {
            headlines.push(format!(
                "Value-added outcomes in {period}: {n} recorded, none valued in money yet."
            ));
        } else {
            let t = &value.total;
            let mut parts = Vec::new();
            if t.one_off != 0.0 || t.per_year == 0.0 {
                parts.push(format!(
                    "{} one-off ({} after deadweight, displacement and attribution)",
                    super::fmt::money(t.one_off),
                    super::fmt::money(t.one_off_adjusted)
                ));
            }
            if t.per_year != 0.0 {
                parts.push(format!(
                    "{} a year ({} a year after deadweight, displacement and attribution)",
                    super::fmt::money(t.per_year),
                    super::fmt::money(t.per_year_adjusted)
                ));
            }
            headlines.push(format!(
                "Value-added outcomes in {period}: {} valued, from {} of {n} outcomes; {} kept but not valued.",
                parts.join(" and "),
                value.monetised.len(),
                value.not_monetised.len()
            ));
        }
    }
    headlines.push(format!(
        "Completeness {:.0}%; {tbc_count} item{} still to be confirmed.",
        ev.completeness.score * 100.0,
        if tbc_count == 1 { "" } else { "s" }
    ));
    if let Some(c) = &changes {
        let better = c
            .status_changes
            .iter()
            .filter(|s| s.direction == "better")
            .count();
        let worse = c
            .status_changes
            .iter()
            .filter(|s| s.direction == "worse")
            .count();
        headlines.push(format!(
            "Since {}: {better} item{} better, {worse} worse, {} unchanged; {} new, {} dropped.",
            c.previous_year,
            if better == 1 { "" } else { "s" },
            c.unchanged,
            c.new_items.len(),
            c.dropped_items.len()
        ));
    }

    let rules = rules(ev, &period, any_suppressed, &measures);
    Ok(Review {
        schema_version: REVIEW_SCHEMA_VERSION,
        framework: ev.framework.clone(),
        title: ev.title.clone(),
        year: period.to_string(),
        year_start: ys.to_string(),
        year_end: ye.to_string(),
        as_of: ev.as_of.clone(),
        rules,
        notes,
        summary: SystemSummary {
            status: ev.summary.status,
            rag: ev.summary.rag,
            measures: measure_counts,
            commitments: commitment_counts,
            delivery,
            milestones,
            headlines,
        },
        partnerships,
        commitments,
        measures,
        value,
        value_excluded,
        completeness: CompletenessReview {
            framework: ev.completeness.clone(),
            value_to_be_confirmed,
            value_without_period,
        },
        changes,
    })
}

fn counts_text(c: &StatusCounts) -> String {
    format!(
        "{} achieved, {} on track, {} at risk, {} off track, {} not assessable",
        c.achieved, c.on_track, c.at_risk, c.off_track, c.not_assessable
    )
}

fn add_counts(a: &mut MilestoneCounts, b: &MilestoneCounts) {
    a.done += b.done;
    a.due += b.due;
    a.upcoming += b.upcoming;
    a.overdue += b.overdue;
    a.dropped += b.dropped;
    a.unscheduled += b.unscheduled;
}

fn rules(ev: &Evaluation, period: &Period, any_suppressed: bool, m: &[MeasureLine]) -> Vec<String> {
    let tolerance = match ev.options.tolerance {
        Tolerance::Relative(x) => format!("{}% of the trajectory value", x * 100.0),
        Tolerance::Absolute(x) => format!("{x} in the measure's unit"),
    };
    let mut thresholds: Vec<String> = m
        .iter()
        .filter_map(|l| l.suppress_below)
        .map(|t| format!("{t}"))
        .collect();
    thresholds.sort();
    thresholds.dedup();
    let suppression = if thresholds.is_empty() {
        "Small numbers: no suppression threshold is set (options suppress_below or a measure's suppress_below), so no figure is suppressed.".to_owned()
    } else {
        format!(
            "Small numbers: a figure whose count (numerator) is below the suppression threshold ({}) is shown as * and its value, interval, counts, progress, change and chart point are left out of every output.{}",
            thresholds.join(", "),
            if any_suppressed {
                ""
            } else {
                " No figure in this review falls below it."
            }
        )
    };
    vec![
        format!(
            "Value outcomes count in the {period} review when their period lies within the financial year ({} to {}): the year itself, or a quarter or month of it. Outcomes dated outside the year are left out and listed; outcomes with no period stated are included and their period is listed as to be confirmed.",
            period.start(),
            period.end()
        ),
        "Money totals add valued outcomes only: outcomes with no money figure or proxy are listed separately and never added. One-off and per-year amounts are totalled separately; 'adjusted' is after deadweight, displacement and attribution. SROI is shown where the investment is known (HM Treasury Green Book discounting at 3.5% a year).".to_owned(),
        format!(
            "Status: Achieved when the target is met; On track at or better than the trajectory; At risk when worse by no more than the tolerance ({tolerance}); Off track beyond it; Not assessable with the reason. Counts in the summary are of headline rows (no breakdown)."
        ),
        "Delivery: a commitment is Delivered when every milestone not dropped is done, Overdue when a milestone is past its due date and not done, In progress when a milestone is done or under way, Not started when all are still to come.".to_owned(),
        suppression,
    ]
}

fn sanitise(p: &Point) -> Point {
    if p.suppressed {
        Point {
            value: None,
            lower: None,
            upper: None,
            numerator: None,
            denominator: None,
            ..p.clone()
        }
    } else {
        p.clone()
    }
}

fn measure_line(
    r: &MeasureResult,
    partnerships: Vec<String>,
    threshold: Option<f64>,
) -> MeasureLine {
    let suppressed = r.latest.as_ref().is_some_and(|p| p.suppressed);
    let is_suppressed =
        |period: &Period| r.series.iter().any(|p| p.period == *period && p.suppressed);
    let baseline = r.baseline.clone().filter(|b| {
        !(b.source != "framework" && Period::parse(&b.period).is_ok_and(|bp| is_suppressed(&bp)))
    });
    let spc = r.spc.as_ref().map(|s| SpcChart {
        periods: s.periods.iter().map(ToString::to_string).collect(),
        values: s
            .periods
            .iter()
            .zip(&s.values)
            .map(|(p, v)| (!is_suppressed(p)).then_some(*v))
            .collect(),
        point_types: s
            .point_types
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect(),
        mean: s.mean,
        lpl: s.lpl,
        upl: s.upl,
        target: r.target.as_ref().and_then(|t| t.value),
        variation_icon: s.variation_icon.to_string(),
        assurance_icon: s.assurance_icon.as_deref().map(str::to_owned),
    });
    let trajectory_chart = match (&r.trajectory, &r.baseline, &r.target, &r.latest) {
        (Some(tr), Some(b), Some(t), Some(l)) => {
            let tv = t.value;
            let td = t.by_date.clone();
            match (tv, td, period_end(&b.period), Some(l.period.end())) {
                (Some(tv), Some(td), Some(bd), Some(ld)) => Some(TrajectoryChart {
                    actual: r
                        .series
                        .iter()
                        .filter(|p| p.value.is_some())
                        .map(|p| ChartPoint {
                            label: p.period.to_string(),
                            date: p.period.end().to_string(),
                            value: if p.suppressed { None } else { p.value },
                        })
                        .collect(),
                    planned: vec![
                        ChartPoint {
                            label: b.period.clone(),
                            date: bd.to_string(),
                            value: baseline.as_ref().map(|b| b.value),
                        },
                        ChartPoint {
                            label: l.period.to_string(),
                            date: ld.to_string(),
                            value: Some(tr.value),
                        },
                        ChartPoint {
                            label: t.by.clone().unwrap_or_else(|| td.clone()),
                            date: td,
                            value: Some(tv),
                        },
                    ],
                }),
                _ => None,
            }
        }
        _ => None,
    };
    MeasureLine {
        key: measure_key(r),
        measure: r.measure.clone(),
        title: r.title.clone(),
        area: r.area.clone(),
        age: r.age.clone(),
        breakdown: breakdown_text(r),
        unit: r.unit,
        polarity: r.polarity,
        partnerships,
        status: r.status,
        rag: r.rag,
        reason: if suppressed {
            format!(
                "{}: the latest figure rests on a count below the suppression threshold, so its figures are not shown",
                r.status.label()
            )
        } else {
            r.reason.clone()
        },
        latest: r.latest.as_ref().map(sanitise),
        suppressed,
        suppress_below: threshold,
        baseline: if suppressed { None } else { baseline },
        target: r.target.clone(),
        progress: if suppressed { None } else { r.progress },
        trajectory: if suppressed {
            None
        } else {
            r.trajectory.clone()
        },
        change: if suppressed { None } else { r.change.clone() },
        comparison: if suppressed {
            None
        } else {
            r.comparison.clone()
        },
        trend: r.trend.clone(),
        forecast: r.forecast.clone(),
        spc,
        trajectory_chart,
    }
}

fn commitment_line(
    c: &crate::evaluate::CommitmentResult,
    partnerships: Vec<String>,
    ys: NaiveDate,
    ye: NaiveDate,
) -> CommitmentLine {
    let live: Vec<_> = c
        .milestones
        .iter()
        .filter(|m| m.state != MilestoneState::Dropped)
        .collect();
    let delivery = if live.is_empty() {
        Delivery::NoMilestones
    } else if live.iter().any(|m| m.state == MilestoneState::Overdue) {
        Delivery::Overdue
    } else if live.iter().all(|m| m.state == MilestoneState::Done) {
        Delivery::Delivered
    } else if live
        .iter()
        .any(|m| matches!(m.state, MilestoneState::Done | MilestoneState::Due))
    {
        Delivery::InProgress
    } else {
        Delivery::NotStarted
    };
    let in_year: Vec<_> = c
        .milestones
        .iter()
        .filter(|m| {
            m.due
                .as_deref()
                .and_then(|d| crate::model::parse_date(d).ok())
                .is_some_and(|d| d >= ys && d <= ye)
        })
        .collect();
    CommitmentLine {
        id: c.id.clone(),
        text: c.text.clone(),
        partnerships,
        delivery,
        status: c.status,
        rag: c.rag,
        reason: c.reason.clone(),
        milestones: c.milestone_counts.clone(),
        due_in_year: in_year.len(),
        done_in_year: in_year
            .iter()
            .filter(|m| m.state == MilestoneState::Done)
            .count(),
        attention: c
            .milestones
            .iter()
            .filter(|m| m.state == MilestoneState::Overdue || m.slipped)
            .map(|m| MilestoneLine {
                period: m.period.clone(),
                description: m.description.clone(),
                due: m.due.clone(),
                why: match (m.state == MilestoneState::Overdue, m.slipped) {
                    (true, true) => "overdue, slipped",
                    (true, false) => "overdue",
                    _ => "slipped",
                }
                .to_owned(),
            })
            .collect(),
    }
}

fn value_review(outcomes: &[&ValueOutcome], proxies: &ProxyTable) -> Result<ValueReview, Error> {
    let owned: Vec<ValueOutcome> = outcomes.iter().map(|v| (*v).clone()).collect();
    let s = value::summarise(&owned, proxies)?;
    let mut r = ValueReview {
        by_kind: s.by_kind,
        total: s.total,
        ..ValueReview::default()
    };
    for (v, m) in owned.iter().zip(s.outcomes) {
        let line = ValueLine {
            id: v.id.clone(),
            title: v.title.clone(),
            partnership: v.partnership.clone(),
            kind: v.kind,
            period: v.period.clone(),
            basis: v.basis,
            status: m.status,
            method: m.method,
            quantity: m.quantity,
            unit: m.unit,
            amount: m.amount,
            adjusted_amount: m.adjusted_amount,
            duration_years: m.duration_years,
            proxy: m.proxy,
            sroi: m.sroi.map(|s| SroiLine {
                investment: s.input.investment,
                present_value: s.present_value,
                net_present_value: s.net_present_value,
                ratio: s.ratio,
                net_ratio: s.net_ratio,
                payback_months: s.payback_months,
                duration_years: s.input.duration_years,
                discount_rate: s.input.discount_rate,
            }),
            evidence: v.evidence.clone(),
            assurance: v.assurance,
            to_be_confirmed: m.to_be_confirmed,
            notes: m.notes,
        };
        if line.status == MonetisedStatus::Monetised {
            r.monetised.push(line);
        } else {
            r.not_monetised.push(line);
        }
    }
    Ok(r)
}

fn sharing(
    p: &crate::model::Partnership,
    fw: &Framework,
    outcomes: &[&ValueOutcome],
    pv: &ValueReview,
) -> Sharing {
    let total: f64 = pv.monetised.iter().map(value_in_year).sum();
    let weights: Vec<f64> = p.shares.iter().map(|s| s.share).collect();
    let mut amounts = vec![0.0; weights.len()];
    let mut note = String::new();
    if let Err(e) = value::share(total, &weights, &mut amounts) {
        note = format!("the agreed shares cannot be applied: {}", e.message());
        amounts.fill(f64::NAN);
    }
    let name = |id: &str| {
        fw.organisations
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_owned(), |o| o.name.clone())
    };
    // Realised gains from the beneficiaries named on each monetised outcome.
    let monetised: Vec<(&ValueOutcome, &ValueLine)> = pv
        .monetised
        .iter()
        .filter_map(|l| outcomes.iter().find(|o| o.id == l.id).map(|o| (*o, l)))
        .collect();
    let mut realised: Option<BTreeMap<String, f64>> = None;
    let mut transfers: Option<BTreeMap<String, f64>> = None;
    if note.is_empty() {
        if monetised.is_empty() {
            "no monetised outcome in the year, so there is nothing to share".clone_into(&mut note);
        } else if let Some(o) = monetised.iter().find(|(o, _)| o.beneficiaries.is_empty()) {
            note = format!(
                "shares of the total by the agreed shares; no equalisation transfers because outcome \"{}\" does not name its beneficiaries",
                o.0.id
            );
        } else {
            let mut r: BTreeMap<String, f64> = p
                .shares
                .iter()
                .map(|s| (s.organisation.clone(), 0.0))
                .collect();
            for (o, l) in &monetised {
                for b in &o.beneficiaries {
                    *r.entry(b.organisation.clone()).or_insert(0.0) += value_in_year(l) * b.share;
                }
            }
            let shares: BTreeMap<String, f64> = p
                .shares
                .iter()
                .map(|s| (s.organisation.clone(), s.share))
                .collect();
            match value::equalise(&r, &shares) {
                Ok(eq) => {
                    transfers = Some(eq.transfers());
                    "each partner's share of the total; realised from the outcomes' beneficiary shares; transfers bring each partner's realised value to its agreed share (they add up to 0)".clone_into(&mut note);
                }
                Err(e) => {
                    note = format!(
                        "shares of the total by the agreed shares; no equalisation transfers: {}",
                        e.message()
                    );
                }
            }
            realised = Some(r);
        }
    }
    Sharing {
        total,
        partners: p
            .shares
            .iter()
            .zip(&amounts)
            .map(|(s, a)| SharePartner {
                organisation: s.organisation.clone(),
                name: name(&s.organisation),
                share: s.share,
                amount: *a,
                realised: realised
                    .as_ref()
                    .and_then(|r| r.get(&s.organisation).copied()),
                transfer: transfers
                    .as_ref()
                    .and_then(|t| t.get(&s.organisation).copied()),
            })
            .collect(),
        equalised: transfers.is_some(),
        note,
    }
}

fn direction(from: Status, to: Status) -> &'static str {
    match (from.severity(), to.severity()) {
        (Some(a), Some(b)) if b < a => "better",
        (Some(a), Some(b)) if b > a => "worse",
        (Some(_), Some(_)) => "same",
        _ => "not comparable",
    }
}

fn changes(
    prev: &Review,
    measures: &[MeasureLine],
    commitments: &[CommitmentLine],
    partnerships: &[PartnershipReview],
    value: &ValueReview,
) -> Changes {
    let mut c = Changes {
        previous_year: prev.year.clone(),
        status_changes: Vec::new(),
        new_items: Vec::new(),
        dropped_items: Vec::new(),
        unchanged: 0,
        value_previous: prev.value.monetised.iter().map(value_in_year).sum(),
        value_current: value.monetised.iter().map(value_in_year).sum(),
    };
    let mut compare =
        |item: &str, now: Vec<(&str, &str, Status)>, then: Vec<(&str, &str, Status)>| {
            let then_map: HashMap<&str, (&str, Status)> =
                then.iter().map(|(k, t, s)| (*k, (*t, *s))).collect();
            let now_keys: std::collections::HashSet<&str> = now.iter().map(|x| x.0).collect();
            for (k, t, s) in &now {
                match then_map.get(k) {
                    Some((_, before)) if before == s => c.unchanged += 1,
                    Some((_, before)) => c.status_changes.push(StatusChange {
                        item: item.to_owned(),
                        id: (*k).to_owned(),
                        title: (*t).to_owned(),
                        from: *before,
                        to: *s,
                        direction: direction(*before, *s).to_owned(),
                    }),
                    None => c.new_items.push(ItemRef {
                        item: item.to_owned(),
                        id: (*k).to_owned(),
                        title: (*t).to_owned(),
                    }),
                }
            }
            for (k, t, _) in &then {
                if !now_keys.contains(k) {
                    c.dropped_items.push(ItemRef {
                        item: item.to_owned(),
                        id: (*k).to_owned(),
                        title: (*t).to_owned(),
                    });
                }
            }
        };
    compare(
        "partnership",
        partnerships
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), p.status))
            .collect(),
        prev.partnerships
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), p.status))
            .collect(),
    );
    compare(
        "commitment",
        commitments
            .iter()
            .map(|x| (x.id.as_str(), x.text.as_str(), x.status))
            .collect(),
        prev.commitments
            .iter()
            .map(|x| (x.id.as_str(), x.text.as_str(), x.status))
            .collect(),
    );
    compare(
        "measure",
        measures
            .iter()
            .map(|x| (x.key.as_str(), x.title.as_str(), x.status))
            .collect(),
        prev.measures
            .iter()
            .map(|x| (x.key.as_str(), x.title.as_str(), x.status))
            .collect(),
    );
    // Value outcomes: present or not.
    let ids = |v: &ValueReview| -> Vec<(String, String)> {
        v.monetised
            .iter()
            .chain(&v.not_monetised)
            .map(|l| (l.id.clone(), l.title.clone()))
            .collect()
    };
    let (now, then) = (ids(value), ids(&prev.value));
    for (id, title) in &now {
        if !then.iter().any(|x| &x.0 == id) {
            c.new_items.push(ItemRef {
                item: "value outcome".into(),
                id: id.clone(),
                title: title.clone(),
            });
        }
    }
    for (id, title) in &then {
        if !now.iter().any(|x| &x.0 == id) {
            c.dropped_items.push(ItemRef {
                item: "value outcome".into(),
                id: id.clone(),
                title: title.clone(),
            });
        }
    }
    c
}
