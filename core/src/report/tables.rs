//! The review as named tables, for CSV and for bindings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::escape::csv_text;
use super::types::{Review, ValueLine};

/// A named table of text cells. Text taken from the framework is already neutralised against
/// spreadsheet formulas; numbers are written in full precision, empty when absent, `*` when
/// suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// Table name.
    pub name: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows of cells, one per column.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(name: &str, columns: &[&str]) -> Table {
        Table {
            name: name.to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table as CSV text (header row first).
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&self.columns);
        for r in &self.rows {
            let _ = w.write_record(r);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

fn t(s: &str) -> String {
    csv_text(s)
}

fn ot(s: Option<&str>) -> String {
    s.map(csv_text).unwrap_or_default()
}

fn n(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map_or_else(String::new, |v| format!("{v}"))
}

fn name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn tables(r: &Review) -> Vec<Table> {
    let mut summary = Table::new("summary", &["item", "value"]);
    let s = &r.summary;
    let mut kv = |k: &str, v: String| summary.rows.push(vec![k.to_owned(), v]);
    kv("framework", t(&r.framework));
    kv("title", t(&r.title));
    kv("year", t(&r.year));
    kv("as_of", t(&r.as_of));
    kv("status", name(&s.status));
    kv("measures_achieved", s.measures.achieved.to_string());
    kv("measures_on_track", s.measures.on_track.to_string());
    kv("measures_at_risk", s.measures.at_risk.to_string());
    kv("measures_off_track", s.measures.off_track.to_string());
    kv(
        "measures_not_assessable",
        s.measures.not_assessable.to_string(),
    );
    kv("commitments_delivered", s.delivery.delivered.to_string());
    kv(
        "commitments_in_progress",
        s.delivery.in_progress.to_string(),
    );
    kv("commitments_overdue", s.delivery.overdue.to_string());
    kv(
        "commitments_not_started",
        s.delivery.not_started.to_string(),
    );
    kv(
        "commitments_no_milestones",
        s.delivery.no_milestones.to_string(),
    );
    kv("value_one_off", n(Some(r.value.total.one_off)));
    kv("value_per_year", n(Some(r.value.total.per_year)));
    kv(
        "value_one_off_adjusted",
        n(Some(r.value.total.one_off_adjusted)),
    );
    kv(
        "value_per_year_adjusted",
        n(Some(r.value.total.per_year_adjusted)),
    );
    kv(
        "value_outcomes_monetised",
        r.value.total.monetised.to_string(),
    );
    kv(
        "value_outcomes_not_monetised",
        r.value.total.not_monetised.to_string(),
    );
    kv(
        "value_outcomes_to_be_confirmed",
        r.value.total.to_be_confirmed.to_string(),
    );
    kv("completeness", n(Some(r.completeness.framework.score)));
    for h in &s.headlines {
        kv("headline", t(h));
    }
    for x in &r.rules {
        kv("rule", t(x));
    }
    for x in &r.notes {
        kv("note", t(x));
    }

    let mut partnerships = Table::new(
        "partnerships",
        &[
            "id",
            "name",
            "kind",
            "complexity",
            "assurance",
            "documented",
            "purpose",
            "status",
            "commitments",
            "delivered",
            "in_progress",
            "overdue",
            "measures",
            "value_one_off",
            "value_per_year",
            "value_one_off_adjusted",
            "value_per_year_adjusted",
            "outcomes_not_monetised",
        ],
    );
    for p in &r.partnerships {
        partnerships.rows.push(vec![
            t(&p.id),
            t(&p.name),
            p.kind.as_ref().map(name).unwrap_or_default(),
            p.complexity.as_ref().map(name).unwrap_or_default(),
            p.assurance.as_ref().map(name).unwrap_or_default(),
            p.documented.map(|d| d.to_string()).unwrap_or_default(),
            ot(p.purpose.as_deref()),
            name(&p.status),
            p.commitments.len().to_string(),
            p.delivery.delivered.to_string(),
            p.delivery.in_progress.to_string(),
            p.delivery.overdue.to_string(),
            p.measures.len().to_string(),
            n(Some(p.value.total.one_off)),
            n(Some(p.value.total.per_year)),
            n(Some(p.value.total.one_off_adjusted)),
            n(Some(p.value.total.per_year_adjusted)),
            p.value.not_monetised.len().to_string(),
        ]);
    }

    let mut commitments = Table::new(
        "commitments",
        &[
            "id",
            "text",
            "partnerships",
            "delivery",
            "status",
            "milestones_done",
            "milestones_overdue",
            "due_in_year",
            "done_in_year",
            "reason",
        ],
    );
    for c in &r.commitments {
        commitments.rows.push(vec![
            t(&c.id),
            t(&c.text),
            t(&c.partnerships.join("; ")),
            name(&c.delivery),
            name(&c.status),
            c.milestones.done.to_string(),
            c.milestones.overdue.to_string(),
            c.due_in_year.to_string(),
            c.done_in_year.to_string(),
            t(&c.reason),
        ]);
    }

    let mut measures = Table::new(
        "measures",
        &[
            "measure",
            "title",
            "area",
            "breakdown",
            "age",
            "unit",
            "partnerships",
            "status",
            "latest_period",
            "latest_value",
            "latest_lower",
            "latest_upper",
            "baseline_period",
            "baseline_value",
            "target_value",
            "target_by",
            "progress",
            "trajectory_value",
            "reason",
        ],
    );
    for m in &r.measures {
        let latest = |f: fn(&crate::evaluate::Point) -> Option<f64>| {
            if m.suppressed {
                "*".to_owned()
            } else {
                n(m.latest.as_ref().and_then(f))
            }
        };
        measures.rows.push(vec![
            t(&m.measure),
            t(&m.title),
            t(&m.area),
            t(&m.breakdown),
            ot(m.age.as_deref()),
            name(&m.unit),
            t(&m.partnerships.join("; ")),
            name(&m.status),
            ot(m.latest.as_ref().map(|l| l.period.to_string()).as_deref()),
            latest(|p| p.value),
            latest(|p| p.lower),
            latest(|p| p.upper),
            ot(m.baseline.as_ref().map(|b| b.period.as_str())),
            n(m.baseline.as_ref().map(|b| b.value)),
            n(m.target.as_ref().and_then(|x| x.value)),
            ot(m.target.as_ref().and_then(|x| x.by.as_deref())),
            n(m.progress),
            n(m.trajectory.as_ref().map(|x| x.value)),
            t(&m.reason),
        ]);
    }

    let mut outcomes = Table::new(
        "value_outcomes",
        &[
            "id",
            "title",
            "partnership",
            "kind",
            "period",
            "basis",
            "status",
            "method",
            "quantity",
            "unit",
            "amount",
            "adjusted_amount",
            "duration_years",
            "proxy_id",
            "proxy_value",
            "proxy_source",
            "investment",
            "sroi_present_value",
            "sroi_npv",
            "sroi_ratio",
            "payback_months",
            "notes",
        ],
    );
    let mut push = |l: &ValueLine| {
        outcomes.rows.push(vec![
            t(&l.id),
            t(&l.title),
            ot(l.partnership.as_deref()),
            name(&l.kind),
            ot(l.period.as_deref()),
            name(&l.basis),
            name(&l.status),
            l.method.as_ref().map(name).unwrap_or_default(),
            n(l.quantity),
            ot(l.unit.as_deref()),
            n(l.amount),
            n(l.adjusted_amount),
            n(l.duration_years),
            ot(l.proxy.as_ref().map(|p| p.id.as_str())),
            n(l.proxy.as_ref().map(|p| p.value)),
            ot(l.proxy.as_ref().and_then(|p| p.source.as_deref())),
            n(l.sroi.as_ref().map(|s| s.investment)),
            n(l.sroi.as_ref().map(|s| s.present_value)),
            n(l.sroi.as_ref().map(|s| s.net_present_value)),
            n(l.sroi.as_ref().and_then(|s| s.ratio)),
            n(l.sroi.as_ref().and_then(|s| s.payback_months)),
            t(&l.notes
                .iter()
                .chain(&l.to_be_confirmed)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")),
        ]);
    };
    for l in r.value.monetised.iter().chain(&r.value.not_monetised) {
        push(l);
    }

    let mut by_kind = Table::new(
        "value_by_kind",
        &[
            "partnership",
            "kind",
            "one_off",
            "per_year",
            "one_off_adjusted",
            "per_year_adjusted",
            "monetised",
            "not_monetised",
            "to_be_confirmed",
        ],
    );
    let scopes = std::iter::once(("", &r.value))
        .chain(r.partnerships.iter().map(|p| (p.id.as_str(), &p.value)));
    for (scope, v) in scopes {
        for k in &v.by_kind {
            by_kind.rows.push(vec![
                t(scope),
                name(&k.kind),
                n(Some(k.one_off)),
                n(Some(k.per_year)),
                n(Some(k.one_off_adjusted)),
                n(Some(k.per_year_adjusted)),
                k.monetised.to_string(),
                k.not_monetised.to_string(),
                k.to_be_confirmed.to_string(),
            ]);
        }
    }

    let mut sharing = Table::new(
        "sharing",
        &[
            "partnership",
            "organisation",
            "name",
            "share",
            "amount",
            "realised",
            "transfer",
            "total",
        ],
    );
    for p in &r.partnerships {
        if let Some(s) = &p.sharing {
            for x in &s.partners {
                sharing.rows.push(vec![
                    t(&p.id),
                    t(&x.organisation),
                    t(&x.name),
                    n(Some(x.share)),
                    n(Some(x.amount)),
                    n(x.realised),
                    n(x.transfer),
                    n(Some(s.total)),
                ]);
            }
        }
    }

    let mut tbc = Table::new("to_be_confirmed", &["path", "message"]);
    for x in &r.completeness.framework.to_be_confirmed {
        tbc.rows.push(vec![t(&x.path), t(&x.message)]);
    }
    for x in &r.completeness.value_to_be_confirmed {
        tbc.rows.push(vec!["value_outcomes".into(), t(x)]);
    }
    for x in &r.completeness.value_without_period {
        tbc.rows.push(vec![
            t(&format!("value_outcomes.{x}.period")),
            "no period stated; counted in this year".into(),
        ]);
    }

    let mut changes = Table::new("changes", &["item", "id", "title", "change", "from", "to"]);
    if let Some(c) = &r.changes {
        for s in &c.status_changes {
            changes.rows.push(vec![
                t(&s.item),
                t(&s.id),
                t(&s.title),
                t(&s.direction),
                name(&s.from),
                name(&s.to),
            ]);
        }
        for (list, what) in [(&c.new_items, "new"), (&c.dropped_items, "dropped")] {
            for i in list {
                changes.rows.push(vec![
                    t(&i.item),
                    t(&i.id),
                    t(&i.title),
                    what.to_owned(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        changes.rows.push(vec![
            "value".into(),
            String::new(),
            "money in the year (adjusted)".into(),
            String::new(),
            n(Some(c.value_previous)),
            n(Some(c.value_current)),
        ]);
    }
    vec![
        summary,
        partnerships,
        commitments,
        measures,
        outcomes,
        by_kind,
        sharing,
        tbc,
        changes,
    ]
}
