//! The review as Markdown.

use std::fmt::Write as _;

use super::escape::markdown as md;
use super::fmt::{money, num, pct, with_unit};
use super::types::{MeasureLine, Review, SroiLine, ValueLine, ValueReview};
use crate::evaluate::{Status, StatusCounts};
use crate::model::{AssuranceLevel, Complexity, PartnershipKind};

pub(super) fn kind_label(k: PartnershipKind) -> &'static str {
    match k {
        PartnershipKind::Statutory => "Statutory",
        PartnershipKind::Formal => "Formal",
        PartnershipKind::Informal => "Informal",
    }
}

pub(super) fn complexity_label(c: Complexity) -> &'static str {
    match c {
        Complexity::Simple => "Simple",
        Complexity::Complex => "Complex",
    }
}

pub(super) fn assurance_label(a: AssuranceLevel) -> &'static str {
    match a {
        AssuranceLevel::Substantial => "Substantial",
        AssuranceLevel::Reasonable => "Reasonable",
        AssuranceLevel::Limited => "Limited",
        AssuranceLevel::None => "No assurance",
        AssuranceLevel::ToBeConfirmed => "To be confirmed",
    }
}

pub(super) fn value_kind_label(k: crate::model::ValueKind) -> &'static str {
    use crate::model::ValueKind as K;
    match k {
        K::CashSaving => "Cash saving",
        K::CostAvoidance => "Cost avoidance",
        K::Income => "Income",
        K::Workforce => "Workforce",
        K::Patient => "Patient",
        K::PopulationHealth => "Population health",
        K::Social => "Social",
        K::Environmental => "Environmental",
    }
}

pub(super) const STATUSES: [Status; 5] = [
    Status::OffTrack,
    Status::AtRisk,
    Status::OnTrack,
    Status::Achieved,
    Status::NotAssessable,
];

pub(super) fn count(c: &StatusCounts, s: Status) -> usize {
    match s {
        Status::Achieved => c.achieved,
        Status::OnTrack => c.on_track,
        Status::AtRisk => c.at_risk,
        Status::OffTrack => c.off_track,
        Status::NotAssessable => c.not_assessable,
    }
}

/// The latest figure of a row as text (`*` when suppressed).
pub(super) fn latest_text(m: &MeasureLine) -> String {
    if m.suppressed {
        return "*".into();
    }
    match m.latest.as_ref().and_then(|l| l.value) {
        Some(v) => {
            let mut s = with_unit(v, m.unit);
            if let (Some(lo), Some(hi)) = (
                m.latest.as_ref().and_then(|l| l.lower),
                m.latest.as_ref().and_then(|l| l.upper),
            ) {
                let _ = write!(s, " ({} to {})", num(lo), num(hi));
            }
            s
        }
        None => String::new(),
    }
}

/// The target of a row as text (figure and date, or the wording).
pub(super) fn target_text(m: &MeasureLine) -> String {
    match &m.target {
        Some(t) => {
            let by =
                t.by.as_deref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default();
            match t.value {
                Some(v) => format!("{}{by}", with_unit(v, m.unit)),
                None => t
                    .wording
                    .clone()
                    .unwrap_or_else(|| format!("no figure{by}")),
            }
        }
        None => String::new(),
    }
}

pub(super) fn row_label(m: &MeasureLine) -> String {
    let mut parts = Vec::new();
    if !m.area.is_empty() {
        parts.push(m.area.clone());
    }
    if !m.breakdown.is_empty() {
        parts.push(m.breakdown.clone());
    }
    if let Some(a) = &m.age {
        parts.push(a.clone());
    }
    parts.join(", ")
}

fn cell(s: &str) -> String {
    md(s)
}

pub(super) fn render(r: &Review) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(w, "# Annual review {}: {}\n", md(&r.year), md(&r.title));
    let _ = writeln!(
        w,
        "Framework {}; financial year {} ({} to {}); evaluated as of {}.\n",
        md(&r.framework),
        md(&r.year),
        r.year_start,
        r.year_end,
        md(&r.as_of)
    );
    if !r.notes.is_empty() {
        for n in &r.notes {
            let _ = writeln!(w, "> Note: {}", md(n));
        }
        w.push('\n');
    }

    // Summary
    let _ = writeln!(w, "## Summary\n");
    for h in &r.summary.headlines {
        let _ = writeln!(w, "- {}", md(h));
    }
    let _ = writeln!(
        w,
        "\n| Status | Headline measures | Commitments |\n|---|---:|---:|"
    );
    for s in STATUSES {
        let _ = writeln!(
            w,
            "| {} | {} | {} |",
            s.label(),
            count(&r.summary.measures, s),
            count(&r.summary.commitments, s)
        );
    }
    let d = &r.summary.delivery;
    let _ = writeln!(
        w,
        "\nDelivery of commitments: {} delivered, {} in progress, {} overdue, {} not started, {} without milestones.\n",
        d.delivered, d.in_progress, d.overdue, d.not_started, d.no_milestones
    );

    // Partnerships
    let _ = writeln!(w, "## Partnerships\n");
    if r.partnerships.is_empty() {
        let _ = writeln!(w, "The framework names no partnerships.\n");
    }
    for p in &r.partnerships {
        let _ = writeln!(w, "### {}\n", md(&p.name));
        let _ = writeln!(w, "| | |\n|---|---|");
        let _ = writeln!(w, "| Status | {} |", p.status.label());
        if let Some(k) = p.kind {
            let _ = writeln!(w, "| Kind | {} |", kind_label(k));
        }
        let _ = writeln!(
            w,
            "| Complexity | {} |",
            p.complexity.map_or("Not stated", complexity_label)
        );
        let _ = writeln!(
            w,
            "| Assurance | {} |",
            p.assurance.map_or("Not stated", assurance_label)
        );
        if let Some(d) = p.documented {
            let _ = writeln!(w, "| Documented | {} |", if d { "Yes" } else { "No" });
        }
        if let Some(x) = &p.purpose {
            let _ = writeln!(w, "| Purpose | {} |", cell(x));
        }
        if !p.members.is_empty() {
            let _ = writeln!(w, "| Members | {} |", cell(&p.members.join("; ")));
        }
        if let Some(x) = &p.members_text {
            let _ = writeln!(w, "| Membership as described | {} |", cell(x));
        }
        w.push('\n');
        let d = &p.delivery;
        let _ = writeln!(
            w,
            "Commitments ({}): {} delivered, {} in progress, {} overdue, {} not started, {} without milestones.",
            d.total(),
            d.delivered,
            d.in_progress,
            d.overdue,
            d.not_started,
            d.no_milestones
        );
        for c in r
            .commitments
            .iter()
            .filter(|c| p.commitments.contains(&c.id))
        {
            for m in &c.attention {
                let _ = writeln!(
                    w,
                    "- {} ({}): {} {}",
                    md(&c.id),
                    md(&m.why),
                    md(&m.description),
                    m.due
                        .as_deref()
                        .map(|d| format!("(due {})", md(d)))
                        .unwrap_or_default()
                );
            }
        }
        w.push('\n');
        let mine: Vec<&MeasureLine> = r
            .measures
            .iter()
            .filter(|m| p.measures.contains(&m.key))
            .collect();
        if mine.is_empty() {
            let _ = writeln!(w, "Measures: none evidence its commitments.\n");
        } else {
            let _ = writeln!(w, "Measures by status:\n");
            for s in STATUSES {
                let of: Vec<_> = mine.iter().filter(|m| m.status == s).collect();
                if of.is_empty() {
                    continue;
                }
                let _ = writeln!(w, "- {} ({}):", s.label(), of.len());
                for m in of {
                    let label = row_label(m);
                    let _ = writeln!(
                        w,
                        "  - {}{}: {}{}",
                        md(&m.title),
                        if label.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", md(&label))
                        },
                        match m.latest.as_ref() {
                            Some(l) =>
                                format!("{} in {}", md(&latest_text(m)), md(&l.period.to_string())),
                            None => "no data".into(),
                        },
                        {
                            let t = target_text(m);
                            if t.is_empty() {
                                String::new()
                            } else {
                                format!("; target {}", md(&t))
                            }
                        }
                    );
                }
            }
            w.push('\n');
        }
        value_section(w, &p.value, "####");
        if let Some(s) = &p.sharing {
            let _ = writeln!(w, "#### Sharing and equalisation\n");
            let _ = writeln!(w, "Value shared: {} ({}).\n", money(s.total), md(&s.note));
            let _ = writeln!(
                w,
                "| Partner | Agreed share | Share of the value | Realised | Transfer |\n|---|---:|---:|---:|---:|"
            );
            for x in &s.partners {
                let _ = writeln!(
                    w,
                    "| {} | {} | {} | {} | {} |",
                    cell(&x.name),
                    pct(x.share),
                    money(x.amount),
                    x.realised.map(money).unwrap_or_default(),
                    x.transfer.map(money).unwrap_or_default()
                );
            }
            w.push('\n');
        }
    }

    // Commitments
    let _ = writeln!(w, "## Commitments\n");
    if r.commitments.is_empty() {
        let _ = writeln!(w, "The framework states no commitments.\n");
    } else {
        let _ = writeln!(
            w,
            "| Commitment | Partnerships | Delivery | Status | Due in year (done) |\n|---|---|---|---|---:|"
        );
        for c in &r.commitments {
            let _ = writeln!(
                w,
                "| {}: {} | {} | {} | {} | {} ({}) |",
                cell(&c.id),
                cell(&c.text),
                cell(&c.partnerships.join(", ")),
                c.delivery.label(),
                c.status.label(),
                c.due_in_year,
                c.done_in_year
            );
        }
        w.push('\n');
    }

    // Measures
    let _ = writeln!(w, "## Measures\n");
    if r.measures.is_empty() {
        let _ = writeln!(w, "The framework states no measures.\n");
    } else {
        let _ = writeln!(
            w,
            "| Measure | Area, breakdown | Latest | Period | Target | Progress | Status | Why |\n|---|---|---:|---|---|---:|---|---|"
        );
        for m in &r.measures {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                cell(&m.title),
                cell(&row_label(m)),
                cell(&latest_text(m)),
                cell(
                    &m.latest
                        .as_ref()
                        .map_or_else(String::new, |l| l.period.to_string())
                ),
                cell(&target_text(m)),
                m.progress.map(pct).unwrap_or_default(),
                m.status.label(),
                cell(&m.reason)
            );
        }
        w.push('\n');
        let charts = r.measures.iter().filter(|m| m.spc.is_some()).count();
        if charts > 0 {
            let _ = writeln!(
                w,
                "{charts} row{} {} an SPC chart in the HTML review.\n",
                if charts == 1 { "" } else { "s" },
                if charts == 1 { "has" } else { "have" }
            );
        }
    }

    // System value
    let _ = writeln!(w, "## Value-added outcomes across the framework\n");
    value_section(w, &r.value, "###");
    if !r.value_excluded.is_empty() {
        let _ = writeln!(w, "Left out of {} (outside the year):\n", md(&r.year));
        for x in &r.value_excluded {
            let _ = writeln!(w, "- {}: {}", md(&x.title), md(&x.reason));
        }
        w.push('\n');
    }

    // Completeness
    let c = &r.completeness;
    let _ = writeln!(w, "## Completeness and what is still to be confirmed\n");
    let _ = writeln!(w, "Completeness score: {}.\n", pct(c.framework.score));
    for (label, list) in [
        ("Measures without a baseline", &c.framework.missing_baseline),
        (
            "Measures without a target figure",
            &c.framework.missing_target_figure,
        ),
        (
            "Measures without a target date",
            &c.framework.missing_target_date,
        ),
        (
            "Measures without a data source",
            &c.framework.missing_source,
        ),
        ("Measures without an owner", &c.framework.missing_owner),
    ] {
        if !list.is_empty() {
            let _ = writeln!(w, "- {label} ({}): {}", list.len(), md(&list.join(", ")));
        }
    }
    if !c.framework.to_be_confirmed.is_empty()
        || !c.value_to_be_confirmed.is_empty()
        || !c.value_without_period.is_empty()
    {
        let _ = writeln!(w, "\nTo be confirmed:\n");
        for x in &c.framework.to_be_confirmed {
            let _ = writeln!(w, "- {}: {}", md(&x.path), md(&x.message));
        }
        for x in &c.value_to_be_confirmed {
            let _ = writeln!(w, "- value outcome {}", md(x));
        }
        for x in &c.value_without_period {
            let _ = writeln!(
                w,
                "- value outcome {}: no period stated (counted in this year)",
                md(x)
            );
        }
    }
    w.push('\n');

    // Changes
    if let Some(ch) = &r.changes {
        let _ = writeln!(w, "## Changes since {}\n", md(&ch.previous_year));
        let _ = writeln!(
            w,
            "{} unchanged; money in the year (adjusted) {} then, {} now.\n",
            ch.unchanged,
            money(ch.value_previous),
            money(ch.value_current)
        );
        if !ch.status_changes.is_empty() {
            let _ = writeln!(
                w,
                "| Item | Title | From | To | Change |\n|---|---|---|---|---|"
            );
            for s in &ch.status_changes {
                let _ = writeln!(
                    w,
                    "| {} {} | {} | {} | {} | {} |",
                    md(&s.item),
                    cell(&s.id),
                    cell(&s.title),
                    s.from.label(),
                    s.to.label(),
                    md(&s.direction)
                );
            }
            w.push('\n');
        }
        for (label, list) in [("New", &ch.new_items), ("Dropped", &ch.dropped_items)] {
            for i in list {
                let _ = writeln!(
                    w,
                    "- {label} {}: {} ({})",
                    md(&i.item),
                    md(&i.title),
                    md(&i.id)
                );
            }
        }
        w.push('\n');
    }

    // Rules
    let _ = writeln!(w, "## Rules this review applies\n");
    for (i, x) in r.rules.iter().enumerate() {
        let _ = writeln!(w, "{}. {}", i + 1, md(x));
    }
    o
}

fn value_line(l: &ValueLine) -> String {
    let mut s = format!("{} ({}", md(&l.title), value_kind_label(l.kind));
    if let Some(p) = &l.period {
        let _ = write!(s, ", {}", md(p));
    }
    s.push(')');
    if let Some(q) = l.quantity {
        let _ = write!(s, ": {} {}", num(q), md(l.unit.as_deref().unwrap_or("")));
    }
    s.trim_end().to_owned()
}

fn value_section(w: &mut String, v: &ValueReview, h: &str) {
    let _ = writeln!(w, "{h} Value-added outcomes\n");
    if v.monetised.is_empty() && v.not_monetised.is_empty() {
        let _ = writeln!(w, "None recorded for the year.\n");
        return;
    }
    if !v.by_kind.is_empty() && v.total.monetised > 0 {
        let _ = writeln!(
            w,
            "| Kind | One-off | Per year | One-off adjusted | Per year adjusted | Valued | Not valued |\n|---|---:|---:|---:|---:|---:|---:|"
        );
        for k in &v.by_kind {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} |",
                value_kind_label(k.kind),
                money(k.one_off),
                money(k.per_year),
                money(k.one_off_adjusted),
                money(k.per_year_adjusted),
                k.monetised,
                k.not_monetised + k.to_be_confirmed
            );
        }
        let t = &v.total;
        let _ = writeln!(
            w,
            "| Total | {} | {} | {} | {} | {} | {} |\n",
            money(t.one_off),
            money(t.per_year),
            money(t.one_off_adjusted),
            money(t.per_year_adjusted),
            t.monetised,
            t.not_monetised + t.to_be_confirmed
        );
    }
    if !v.monetised.is_empty() {
        let _ = writeln!(w, "Valued in money:\n");
        for l in &v.monetised {
            let basis = basis_words(l);
            let _ = write!(
                w,
                "- {}: {} {basis} (adjusted {})",
                value_line(l),
                l.amount.map(money).unwrap_or_default(),
                l.adjusted_amount.map(money).unwrap_or_default()
            );
            if let Some(p) = &l.proxy {
                let _ = write!(
                    w,
                    "; proxy {} per unit{}",
                    money(p.value),
                    p.source
                        .as_deref()
                        .map(|s| format!(" ({})", md(s)))
                        .unwrap_or_default()
                );
            }
            if let Some(s) = &l.sroi {
                let _ = write!(w, "; {}", sroi_words(s));
            }
            w.push('\n');
        }
        w.push('\n');
    }
    if !v.not_monetised.is_empty() {
        let _ = writeln!(
            w,
            "Not valued in money (counted, never added to the totals):\n"
        );
        for l in &v.not_monetised {
            let why = why_not_valued(l).map(|why| format!("; {}", md(&why)));
            let _ = writeln!(w, "- {}{}", value_line(l), why.unwrap_or_default());
        }
        w.push('\n');
    }
}

/// How a monetised amount accrues: `one-off`, or `a year for 3 years` (`1 year`).
pub(super) fn basis_words(l: &ValueLine) -> String {
    match l.basis {
        crate::model::Basis::OneOff => "one-off".to_owned(),
        crate::model::Basis::PerYear => {
            let years = l.duration_years.unwrap_or(1.0);
            let plural = if years == 1.0 { "" } else { "s" };
            format!("a year for {} year{plural}", num(years))
        }
    }
}

/// The social return on investment of a line, in words (figures only, nothing to escape).
pub(super) fn sroi_words(s: &SroiLine) -> String {
    format!(
        "SROI: investment {}, present value {}, net {}, ratio {}{}",
        money(s.investment),
        money(s.present_value),
        money(s.net_present_value),
        s.ratio.map_or_else(|| "n/a".into(), |r| format!("{r:.2}")),
        s.payback_months
            .map(|m| format!(", payback {m:.1} months"))
            .unwrap_or_default()
    )
}

/// Why a line is not valued in money: what is to be confirmed, then its notes (framework
/// text: the caller escapes it); `None` when nothing is said.
pub(super) fn why_not_valued(l: &ValueLine) -> Option<String> {
    let why: Vec<String> = l
        .to_be_confirmed
        .iter()
        .map(|t| format!("to be confirmed: {t}"))
        .chain(l.notes.iter().cloned())
        .collect();
    (!why.is_empty()).then(|| why.join("; "))
}
