//! Milestones, commitments and the roll-up to objectives, partnerships and the framework, and
//! the completeness audit.
//!
//! Roll-up: measure -> commitment -> objective (up the tree) -> partnership -> framework. The
//! rule is "worst" by default (the worst status among the parts that can be assessed) or
//! "majority" (the most common; ties go to the worse). Slipped or overdue milestones count
//! against a commitment.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::RollupRule;
use super::types::{
    CommitmentResult, Completeness, MeasureResult, MilestoneCounts, MilestoneResult,
    MilestoneState, RollupResult, Status, StatusCounts, ToBeConfirmed,
};
use crate::model::{Commitment, Framework, MilestoneStatus, TargetKind, When, is_placeholder};
use crate::validate::DiagnosticCode;

pub(super) struct Rolled {
    pub commitments: Vec<CommitmentResult>,
    pub objectives: Vec<RollupResult>,
    pub partnerships: Vec<RollupResult>,
    pub summary: RollupResult,
    pub completeness: Completeness,
}

/// Combines statuses by the rule; `NotAssessable` when none can be assessed.
pub(crate) fn combine(statuses: &[Status], rule: RollupRule) -> Status {
    let assessed: Vec<Status> = statuses
        .iter()
        .copied()
        .filter(|s| s.severity().is_some())
        .collect();
    if assessed.is_empty() {
        return Status::NotAssessable;
    }
    match rule {
        RollupRule::Worst => assessed
            .into_iter()
            .max_by_key(|s| s.severity())
            .unwrap_or(Status::NotAssessable),
        RollupRule::Majority => {
            let mut counts: BTreeMap<u8, usize> = BTreeMap::new();
            for s in &assessed {
                *counts.entry(s.severity().unwrap_or(0)).or_default() += 1;
            }
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
                .map_or(0, |(k, _)| *k);
            assessed
                .into_iter()
                .find(|s| s.severity() == Some(best))
                .unwrap_or(Status::NotAssessable)
        }
    }
}

fn milestone(fw: &Framework, m: &crate::model::Milestone, as_of: NaiveDate) -> MilestoneResult {
    let period = if is_placeholder(&m.period) {
        None
    } else {
        fw.resolve_when(&m.period).ok()
    };
    let due = m
        .due
        .as_deref()
        .and_then(|d| crate::model::parse_date(d).ok())
        .or_else(|| period.as_ref().map(When::end));
    let start = period.as_ref().map(|w| match w {
        When::Period(p) => p.start(),
        When::Date(d) => *d,
    });
    let open_ended = matches!(&period, Some(When::Period(p)) if p.is_open_ended());
    let state = match m.status {
        MilestoneStatus::Done => MilestoneState::Done,
        MilestoneStatus::Dropped => MilestoneState::Dropped,
        _ => match (start, due) {
            (Some(s), _) if as_of < s => MilestoneState::Upcoming,
            (_, Some(d)) if as_of > d && !open_ended => MilestoneState::Overdue,
            (Some(_), _) => MilestoneState::Due,
            _ => MilestoneState::Unscheduled,
        },
    };
    MilestoneResult {
        id: m.id.clone(),
        period: m.period.clone(),
        description: m.description.clone(),
        due: due.map(|d| d.to_string()),
        state,
        slipped: m.status == MilestoneStatus::Slipped,
        evidence: m.evidence.clone(),
    }
}

/// Delivery status from milestones: all done -> achieved; any overdue -> off track; any
/// slipped -> at risk; otherwise on track; none -> not assessable.
fn delivery(ms: &[MilestoneResult]) -> (Status, String) {
    let live: Vec<&MilestoneResult> = ms
        .iter()
        .filter(|m| m.state != MilestoneState::Dropped)
        .collect();
    if live.is_empty() {
        return (Status::NotAssessable, "no milestones".into());
    }
    let overdue = live
        .iter()
        .filter(|m| m.state == MilestoneState::Overdue)
        .count();
    let slipped = live.iter().filter(|m| m.slipped).count();
    let done = live
        .iter()
        .filter(|m| m.state == MilestoneState::Done)
        .count();
    if done == live.len() {
        (Status::Achieved, format!("all {done} milestones done"))
    } else if overdue > 0 {
        (
            Status::OffTrack,
            format!("{overdue} of {} milestones overdue", live.len()),
        )
    } else if slipped > 0 {
        (
            Status::AtRisk,
            format!("{slipped} of {} milestones slipped", live.len()),
        )
    } else {
        (
            Status::OnTrack,
            format!("{done} of {} milestones done, none overdue", live.len()),
        )
    }
}

pub(super) fn roll_up(
    fw: &Framework,
    measures: &[MeasureResult],
    rule: RollupRule,
    as_of: NaiveDate,
) -> Rolled {
    // Headline statuses per measure id.
    let mut by_measure: HashMap<&str, Vec<Status>> = HashMap::new();
    for r in measures.iter().filter(|r| r.breakdown.is_empty()) {
        by_measure
            .entry(r.measure.as_str())
            .or_default()
            .push(r.status);
    }
    let measure_status = |id: &str| -> Vec<Status> {
        by_measure
            .get(id)
            .cloned()
            .unwrap_or_else(|| vec![Status::NotAssessable])
    };

    let commitments: Vec<CommitmentResult> = fw
        .commitments
        .iter()
        .map(|c| commitment(fw, c, as_of, rule, &measure_status))
        .collect();
    let completeness = completeness(fw);
    let score_of = |ids: &HashSet<&str>| -> Option<f64> {
        // Sum in framework order so the result is the same on every run (a HashSet's order
        // is not, and floating-point addition is not associative).
        let scores: Vec<f64> = fw
            .measures
            .iter()
            .filter(|m| ids.contains(m.id.as_str()))
            .filter_map(|m| measure_score(fw, &m.id))
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    };

    // Objectives, children before parents.
    let mut objectives: Vec<Option<RollupResult>> = vec![None; fw.objectives.len()];
    let index: HashMap<&str, usize> = fw
        .objectives
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let children: HashMap<&str, Vec<usize>> =
        fw.objectives
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut acc, (i, o)| {
                if let Some(p) = &o.parent {
                    acc.entry(p.as_str()).or_default().push(i);
                }
                acc
            });
    let mut objective_measures: Vec<HashSet<&str>> = vec![HashSet::new(); fw.objectives.len()];
    for i in 0..fw.objectives.len() {
        let ctx = Ctx {
            fw,
            children: &children,
            commitments: &commitments,
            measure_status: &measure_status,
            rule,
        };
        visit(&ctx, i, &mut objectives, &mut objective_measures, 0);
    }
    let _ = index;
    let objectives: Vec<RollupResult> = objectives
        .into_iter()
        .zip(&objective_measures)
        .filter_map(|(r, mids)| {
            r.map(|mut r| {
                r.completeness = score_of(mids);
                r
            })
        })
        .collect();

    // Partnerships: their commitments, and child partnerships.
    let mut partnerships = Vec::new();
    for p in &fw.partnerships {
        let mut statuses = Vec::new();
        let mut counts = StatusCounts::default();
        let mut milestones = MilestoneCounts::default();
        let mut mids: HashSet<&str> = HashSet::new();
        for (c, cr) in fw.commitments.iter().zip(&commitments) {
            if c.partnerships.iter().any(|x| x == &p.id) {
                statuses.push(cr.status);
                counts.add(cr.status);
                add_milestones(&mut milestones, &cr.milestone_counts);
                mids.extend(c.measures.iter().map(String::as_str));
            }
        }
        let status = combine(&statuses, rule);
        partnerships.push(RollupResult {
            id: p.id.clone(),
            title: p.name.clone(),
            counts,
            milestones,
            status,
            rag: status.rag(),
            completeness: score_of(&mids),
        });
    }
    // Child partnerships count towards their parent.
    let snapshot: Vec<(Option<String>, Status)> = fw
        .partnerships
        .iter()
        .zip(&partnerships)
        .map(|(p, r)| (p.parent.clone(), r.status))
        .collect();
    for (parent, status) in snapshot {
        if let Some(parent) = parent {
            if let Some(r) = partnerships.iter_mut().find(|r| r.id == parent) {
                r.counts.add(status);
                let mut all = vec![r.status, status];
                all.retain(|s| s.severity().is_some());
                r.status = combine(&all, rule);
                r.rag = r.status.rag();
            }
        }
    }

    // Framework: every commitment and every measure's headline figures.
    let mut statuses = Vec::new();
    let mut counts = StatusCounts::default();
    let mut milestones = MilestoneCounts::default();
    for cr in &commitments {
        statuses.push(cr.status);
        counts.add(cr.status);
        add_milestones(&mut milestones, &cr.milestone_counts);
    }
    for m in &fw.measures {
        for s in measure_status(&m.id) {
            statuses.push(s);
            counts.add(s);
        }
    }
    let status = combine(&statuses, rule);
    let summary = RollupResult {
        id: fw.id.clone(),
        title: fw.title.clone(),
        counts,
        milestones,
        status,
        rag: status.rag(),
        completeness: Some(completeness.score),
    };
    Rolled {
        commitments,
        objectives,
        partnerships,
        summary,
        completeness,
    }
}

/// What the objective walk needs.
struct Ctx<'a, 'b> {
    fw: &'a Framework,
    children: &'b HashMap<&'a str, Vec<usize>>,
    commitments: &'b [CommitmentResult],
    measure_status: &'b dyn Fn(&str) -> Vec<Status>,
    rule: RollupRule,
}

fn visit<'a>(
    ctx: &Ctx<'a, '_>,
    i: usize,
    out: &mut Vec<Option<RollupResult>>,
    om: &mut Vec<HashSet<&'a str>>,
    depth: usize,
) {
    let (fw, children, commitments, measure_status, rule) = (
        ctx.fw,
        ctx.children,
        ctx.commitments,
        ctx.measure_status,
        ctx.rule,
    );
    if out[i].is_some() || depth > fw.objectives.len() {
        return;
    }
    let o = &fw.objectives[i];
    let mut statuses = Vec::new();
    let mut counts = StatusCounts::default();
    let mut milestones = MilestoneCounts::default();
    let mut mids: HashSet<&str> = HashSet::new();
    for (c, cr) in fw.commitments.iter().zip(commitments) {
        if c.objectives.iter().any(|x| x == &o.id) {
            statuses.push(cr.status);
            counts.add(cr.status);
            add_milestones(&mut milestones, &cr.milestone_counts);
            mids.extend(c.measures.iter().map(String::as_str));
        }
    }
    for m in fw
        .measures
        .iter()
        .filter(|m| m.objectives.iter().any(|x| x == &o.id))
    {
        for s in measure_status(&m.id) {
            statuses.push(s);
            counts.add(s);
        }
        mids.insert(m.id.as_str());
    }
    for &ch in children.get(o.id.as_str()).map_or(&[][..], Vec::as_slice) {
        visit(ctx, ch, out, om, depth + 1);
        if let Some(r) = &out[ch] {
            statuses.push(r.status);
            counts.add(r.status);
            add_milestones(&mut milestones, &r.milestones);
        }
        let child: Vec<&str> = om[ch].iter().copied().collect();
        mids.extend(child);
    }
    let status = combine(&statuses, rule);
    om[i] = mids;
    out[i] = Some(RollupResult {
        id: o.id.clone(),
        title: o.title.clone(),
        counts,
        milestones,
        status,
        rag: status.rag(),
        completeness: None,
    });
}

fn add_milestones(into: &mut MilestoneCounts, from: &MilestoneCounts) {
    into.done += from.done;
    into.due += from.due;
    into.upcoming += from.upcoming;
    into.overdue += from.overdue;
    into.dropped += from.dropped;
    into.unscheduled += from.unscheduled;
}

fn commitment(
    fw: &Framework,
    c: &Commitment,
    as_of: NaiveDate,
    rule: RollupRule,
    measure_status: &dyn Fn(&str) -> Vec<Status>,
) -> CommitmentResult {
    let milestones: Vec<MilestoneResult> = c
        .milestones
        .iter()
        .map(|m| milestone(fw, m, as_of))
        .collect();
    let mut mc = MilestoneCounts::default();
    for m in &milestones {
        mc.add(m.state);
    }
    let (delivery, why) = delivery(&milestones);
    let mut measure_counts = StatusCounts::default();
    let mut statuses = vec![delivery];
    for id in &c.measures {
        for s in measure_status(id) {
            measure_counts.add(s);
            statuses.push(s);
        }
    }
    let status = combine(&statuses, rule);
    let reason = if c.measures.is_empty() {
        why
    } else {
        format!(
            "{why}; measures: {} achieved, {} on track, {} at risk, {} off track, {} not assessable",
            measure_counts.achieved,
            measure_counts.on_track,
            measure_counts.at_risk,
            measure_counts.off_track,
            measure_counts.not_assessable
        )
    };
    CommitmentResult {
        id: c.id.clone(),
        text: c.text.clone(),
        milestones,
        milestone_counts: mc,
        delivery,
        measure_counts,
        status,
        rag: status.rag(),
        reason,
    }
}

/// The five completeness checks of one measure: baseline, target figure, target date,
/// source, owner. `None` if the id is not a measure.
fn measure_checks(fw: &Framework, id: &str) -> Option<[bool; 5]> {
    let m = fw.measures.iter().find(|m| m.id == id)?;
    let baseline = m.baselines.iter().any(|b| b.value.number().is_some());
    let figure = m.targets.iter().any(|t| {
        t.value.as_ref().is_some_and(|v| v.number().is_some())
            || matches!(
                t.kind,
                TargetKind::Direction
                    | TargetKind::Stabilise
                    | TargetKind::Comparator
                    | TargetKind::Category
            )
            || (t.kind == TargetKind::Gap && t.direction.is_some())
    });
    let date = m
        .targets
        .iter()
        .any(|t| t.by.as_deref().is_some_and(|b| fw.resolve_when(b).is_ok()));
    let source = m.source.is_some();
    let owner = !m.owners.is_empty()
        || fw
            .commitments
            .iter()
            .any(|c| !c.owners.is_empty() && c.measures.iter().any(|x| x == id));
    Some([baseline, figure, date, source, owner])
}

fn measure_score(fw: &Framework, id: &str) -> Option<f64> {
    measure_checks(fw, id).map(|c| c.iter().filter(|x| **x).count() as f64 / 5.0)
}

fn completeness(fw: &Framework) -> Completeness {
    let mut missing: [Vec<String>; 5] = Default::default();
    let mut met = 0usize;
    for m in &fw.measures {
        if let Some(checks) = measure_checks(fw, &m.id) {
            for (k, ok) in checks.iter().enumerate() {
                if *ok {
                    met += 1;
                } else {
                    missing[k].push(m.id.clone());
                }
            }
        }
    }
    let score = if fw.measures.is_empty() {
        1.0
    } else {
        met as f64 / (5 * fw.measures.len()) as f64
    };
    let mut placeholders: BTreeMap<String, usize> = BTreeMap::new();
    let mut to_be_confirmed = Vec::new();
    for d in fw
        .validate()
        .into_iter()
        .filter(|d| d.code == DiagnosticCode::Placeholder)
    {
        let kind = if d.message.starts_with("figure") {
            "figure"
        } else if d.message.starts_with("date")
            || d.message.starts_with("period")
            || d.message.starts_with("due")
        {
            "date"
        } else if d.message.starts_with("members") {
            "members"
        } else {
            "text"
        };
        *placeholders.entry(kind.to_owned()).or_default() += 1;
        to_be_confirmed.push(ToBeConfirmed {
            path: d.path,
            message: d.message,
        });
    }
    let [
        missing_baseline,
        missing_target_figure,
        missing_target_date,
        missing_source,
        missing_owner,
    ] = missing;
    Completeness {
        score,
        missing_baseline,
        missing_target_figure,
        missing_target_date,
        missing_source,
        missing_owner,
        placeholders,
        to_be_confirmed,
    }
}
