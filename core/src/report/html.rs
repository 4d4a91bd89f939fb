//! The review as one self-contained HTML page: inline CSS and SVG, no script, no link, no
//! external reference. The markup is XHTML-compatible (void elements self-closed, attributes
//! quoted), so it is also well-formed XML.

use std::fmt::Write as _;

use super::escape::html as e;
use super::fmt::{money, num, pct};
use super::markdown::{
    STATUSES, assurance_label, basis_words, complexity_label, count, kind_label, latest_text,
    row_label, sroi_words, target_text, value_kind_label, why_not_valued,
};
use super::svg;
use super::types::{MeasureLine, Review, ValueLine, ValueReview};
use crate::evaluate::{Rag, Status};

const CSS: &str = "
:root{--ink:#231f20;--muted:#425563;--line:#d8dde0;--bg:#f0f4f5;--blue:#005eb8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 Arial,Helvetica,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px}
header{background:var(--blue);color:#fff;padding:20px 0}
header div{max-width:1040px;margin:0 auto;padding:0 24px}
header h1{margin:0 0 4px;font-size:26px}
header p{margin:0;opacity:.9}
h2{margin:32px 0 12px;font-size:21px;border-bottom:2px solid var(--blue);padding-bottom:4px}
h3{margin:24px 0 8px;font-size:18px}
h4{margin:16px 0 6px;font-size:16px}
section.card{background:#fff;border:1px solid var(--line);border-radius:4px;padding:16px 20px;margin:12px 0}
section.card>h3:first-child{margin-top:0}
table{border-collapse:collapse;width:100%;margin:8px 0 12px;background:#fff;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#e8edee}
td.n,th.n{text-align:right;white-space:nowrap}
.tiles{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.tile{flex:1 1 150px;border-radius:4px;padding:10px 12px;color:#fff}
.tile b{display:block;font-size:28px;line-height:1.1}
.rag{display:inline-block;min-width:92px;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:bold;text-align:center;white-space:nowrap}
.blue{background:#005eb8}.green{background:#007f3b}.amber{background:#ffb81c;color:#231f20}.red{background:#da291c}.grey{background:#768692}
.note{border-left:4px solid #ffb81c;background:#fff9e6;padding:8px 12px;margin:8px 0}
.muted{color:var(--muted)}
.chart{margin:8px 0 16px;page-break-inside:avoid;break-inside:avoid}
.chart h4{margin:0 0 4px;font-size:14px}
svg{max-width:100%;height:auto;display:block}
ul{margin:6px 0 10px;padding-left:22px}
.key{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;align-items:center}
.dot{display:inline-block;width:11px;height:11px;border-radius:50%;vertical-align:middle;margin-right:4px}
@media print{
 body{background:#fff;font-size:11pt}
 main{max-width:none;padding:0}
 header{background:#fff;color:#000;border-bottom:3px solid #000;padding:0 0 8px}
 header div{padding:0}
 section.card{border:none;padding:0}
 h2{page-break-after:avoid;break-after:avoid}
 .tile,.rag{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 tr,.chart{page-break-inside:avoid;break-inside:avoid}
}
";

fn rag_class(r: Rag) -> &'static str {
    match r {
        Rag::Blue => "blue",
        Rag::Green => "green",
        Rag::Amber => "amber",
        Rag::Red => "red",
        Rag::Grey => "grey",
    }
}

fn badge(s: Status) -> String {
    format!(
        r#"<span class="rag {}">{}</span>"#,
        rag_class(s.rag()),
        s.label()
    )
}

pub(super) fn render(r: &Review) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let w = &mut o;
    let title = format!("Annual review {}: {}", r.year, r.title);
    let _ = write!(
        w,
        r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"/>
<title>{}</title>
<style>{CSS}</style>
</head>
<body>
<header><div><h1>{}</h1><p>Framework {} · financial year {} ({} to {}) · evaluated as of {}</p></div></header>
<main>
"#,
        e(&title),
        e(&title),
        e(&r.framework),
        e(&r.year),
        e(&r.year_start),
        e(&r.year_end),
        e(&r.as_of)
    );
    for n in &r.notes {
        let _ = writeln!(w, r#"<p class="note">{}</p>"#, e(n));
    }

    // Summary
    let _ = writeln!(w, r#"<h2 id="summary">Summary</h2><section class="card">"#);
    let _ = writeln!(
        w,
        r#"<p>Overall status: {}</p><h4>Headline measures</h4><div class="tiles">"#,
        badge(r.summary.status)
    );
    for s in STATUSES {
        let _ = write!(
            w,
            r#"<div class="tile {}"><b>{}</b>{}</div>"#,
            rag_class(s.rag()),
            count(&r.summary.measures, s),
            s.label()
        );
    }
    w.push_str("</div>\n<ul>\n");
    for h in &r.summary.headlines {
        let _ = writeln!(w, "<li>{}</li>", e(h));
    }
    w.push_str("</ul>\n");
    let d = &r.summary.delivery;
    let _ = writeln!(
        w,
        r#"<table><tr><th>Commitments</th><th class="n">Delivered</th><th class="n">In progress</th><th class="n">Overdue</th><th class="n">Not started</th><th class="n">No milestones</th></tr><tr><td>All</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr></table>"#,
        d.delivered, d.in_progress, d.overdue, d.not_started, d.no_milestones
    );
    w.push_str("</section>\n");

    // Partnerships
    let _ = writeln!(w, r#"<h2 id="partnerships">Partnerships</h2>"#);
    if r.partnerships.is_empty() {
        w.push_str("<p>The framework names no partnerships.</p>\n");
    }
    for p in &r.partnerships {
        let _ = writeln!(
            w,
            r#"<section class="card"><h3>{} {}</h3>"#,
            e(&p.name),
            badge(p.status)
        );
        w.push_str("<table>");
        let mut fact = |k: &str, v: String| {
            let _ = write!(w, "<tr><th>{k}</th><td>{v}</td></tr>");
        };
        if let Some(k) = p.kind {
            fact("Kind", kind_label(k).into());
        }
        fact(
            "Complexity",
            p.complexity.map_or("Not stated", complexity_label).into(),
        );
        fact(
            "Assurance",
            p.assurance.map_or("Not stated", assurance_label).into(),
        );
        if let Some(d) = p.documented {
            fact("Documented", if d { "Yes" } else { "No" }.into());
        }
        if let Some(x) = &p.purpose {
            fact("Purpose", e(x));
        }
        if !p.members.is_empty() {
            fact("Members", e(&p.members.join("; ")));
        }
        if let Some(x) = &p.members_text {
            fact("Membership as described", e(x));
        }
        w.push_str("</table>\n");
        let d = &p.delivery;
        let _ = writeln!(
            w,
            "<p>Commitments ({}): {} delivered, {} in progress, {} overdue, {} not started, {} without milestones.</p>",
            d.total(),
            d.delivered,
            d.in_progress,
            d.overdue,
            d.not_started,
            d.no_milestones
        );
        let attention: Vec<String> = r
            .commitments
            .iter()
            .filter(|c| p.commitments.contains(&c.id))
            .flat_map(|c| {
                c.attention.iter().map(move |m| {
                    format!(
                        "<li><b>{}</b> ({}): {}{}</li>",
                        e(&c.id),
                        e(&m.why),
                        e(&m.description),
                        m.due
                            .as_deref()
                            .map(|d| format!(" (due {})", e(d)))
                            .unwrap_or_default()
                    )
                })
            })
            .collect();
        if !attention.is_empty() {
            let _ = writeln!(
                w,
                "<p>Milestones needing attention:</p><ul>{}</ul>",
                attention.join("")
            );
        }
        let mine: Vec<&MeasureLine> = r
            .measures
            .iter()
            .filter(|m| p.measures.contains(&m.key))
            .collect();
        if mine.is_empty() {
            w.push_str("<p class=\"muted\">No measures evidence its commitments.</p>\n");
        } else {
            w.push_str("<h4>Measures by status</h4><table><tr><th>Status</th><th>Measure</th><th>Area, breakdown</th><th class=\"n\">Latest</th><th>Period</th><th>Target</th></tr>");
            for s in STATUSES {
                for m in mine.iter().filter(|m| m.status == s) {
                    let _ = write!(
                        w,
                        r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td>{}</td><td>{}</td></tr>"#,
                        badge(m.status),
                        e(&m.title),
                        e(&row_label(m)),
                        e(&latest_text(m)),
                        e(&m.latest
                            .as_ref()
                            .map_or_else(String::new, |l| l.period.to_string())),
                        e(&target_text(m))
                    );
                }
            }
            w.push_str("</table>\n");
        }
        value_section(w, &p.value, &format!("Value by kind: {}", p.name), true);
        if let Some(s) = &p.sharing {
            let _ = writeln!(
                w,
                r#"<h4>Sharing and equalisation</h4><p>Value shared: {} <span class="muted">({})</span></p><table><tr><th>Partner</th><th class="n">Agreed share</th><th class="n">Share of the value</th><th class="n">Realised</th><th class="n">Transfer</th></tr>"#,
                e(&money(s.total)),
                e(&s.note)
            );
            for x in &s.partners {
                let _ = write!(
                    w,
                    r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                    e(&x.name),
                    pct(x.share),
                    e(&money(x.amount)),
                    x.realised.map(|v| e(&money(v))).unwrap_or_default(),
                    x.transfer.map(|v| e(&money(v))).unwrap_or_default()
                );
            }
            w.push_str("</table>\n");
        }
        w.push_str("</section>\n");
    }

    // Commitments
    let _ = writeln!(
        w,
        r#"<h2 id="commitments">Commitments</h2><section class="card">"#
    );
    if r.commitments.is_empty() {
        w.push_str("<p>The framework states no commitments.</p>\n");
    } else {
        w.push_str(r#"<table><tr><th>Commitment</th><th>Partnerships</th><th>Delivery</th><th>Status</th><th class="n">Due in year (done)</th></tr>"#);
        for c in &r.commitments {
            let _ = write!(
                w,
                r#"<tr><td><b>{}</b> {}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{} ({})</td></tr>"#,
                e(&c.id),
                e(&c.text),
                e(&c.partnerships.join(", ")),
                c.delivery.label(),
                badge(c.status),
                c.due_in_year,
                c.done_in_year
            );
        }
        w.push_str("</table>\n");
    }
    w.push_str("</section>\n");

    // Measures
    let _ = writeln!(
        w,
        r#"<h2 id="measures">Measures</h2><section class="card">"#
    );
    if r.measures.is_empty() {
        w.push_str("<p>The framework states no measures.</p>\n");
    } else {
        w.push_str(r#"<table><tr><th>Measure</th><th>Area, breakdown</th><th class="n">Latest</th><th>Period</th><th>Target</th><th class="n">Progress</th><th>Status</th><th>Why</th></tr>"#);
        for m in &r.measures {
            let _ = write!(
                w,
                r#"<tr><td>{}</td><td>{}</td><td class="n">{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td>{}</td><td>{}</td></tr>"#,
                e(&m.title),
                e(&row_label(m)),
                e(&latest_text(m)),
                e(&m.latest
                    .as_ref()
                    .map_or_else(String::new, |l| l.period.to_string())),
                e(&target_text(m)),
                m.progress.map(pct).unwrap_or_default(),
                badge(m.status),
                e(&m.reason)
            );
        }
        w.push_str("</table>\n");
        let charted: Vec<&MeasureLine> = r
            .measures
            .iter()
            .filter(|m| m.spc.is_some() || m.trajectory_chart.is_some())
            .collect();
        if !charted.is_empty() {
            w.push_str("<h3>Charts</h3>\n");
            key(w);
        }
        for m in charted {
            let label = row_label(m);
            let name = if label.is_empty() {
                m.title.clone()
            } else {
                format!("{} ({label})", m.title)
            };
            if let Some(c) = &m.spc {
                let _ = writeln!(
                    w,
                    r#"<div class="chart"><h4>{}</h4>{}</div>"#,
                    e(&name),
                    svg::spc(c, &name)
                );
            }
            if let Some(c) = &m.trajectory_chart {
                let _ = writeln!(
                    w,
                    r#"<div class="chart"><h4>{} · plan and actual</h4>{}</div>"#,
                    e(&name),
                    svg::trajectory(c, &name)
                );
            }
        }
    }
    w.push_str("</section>\n");

    // Value across the framework
    let _ = writeln!(
        w,
        r#"<h2 id="value">Value-added outcomes across the framework</h2><section class="card">"#
    );
    let bars: Vec<(String, f64, f64)> = r
        .partnerships
        .iter()
        .filter(|p| p.value.total.monetised > 0)
        .map(|p| {
            (
                p.name.clone(),
                p.value.total.one_off + p.value.total.per_year,
                p.value.total.one_off_adjusted + p.value.total.per_year_adjusted,
            )
        })
        .collect();
    if !bars.is_empty() {
        let _ = writeln!(
            w,
            r#"<div class="chart"><h4>Value in the year by partnership (one-off plus one year of per-year amounts)</h4>{}</div>"#,
            svg::value_bars(&bars, "Value in the year by partnership")
        );
    }
    value_section(w, &r.value, "Value by kind across the framework", false);
    if !r.value_excluded.is_empty() {
        let _ = writeln!(
            w,
            "<p>Left out of {} (outside the year):</p><ul>",
            e(&r.year)
        );
        for x in &r.value_excluded {
            let _ = writeln!(w, "<li>{}: {}</li>", e(&x.title), e(&x.reason));
        }
        w.push_str("</ul>\n");
    }
    w.push_str("</section>\n");

    // Completeness
    let c = &r.completeness;
    let _ = writeln!(
        w,
        r#"<h2 id="completeness">Completeness and what is still to be confirmed</h2><section class="card"><p>Completeness score: <b>{}</b></p><ul>"#,
        pct(c.framework.score)
    );
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
            let _ = writeln!(
                w,
                "<li>{label} ({}): {}</li>",
                list.len(),
                e(&list.join(", "))
            );
        }
    }
    w.push_str("</ul>\n");
    if !c.framework.to_be_confirmed.is_empty()
        || !c.value_to_be_confirmed.is_empty()
        || !c.value_without_period.is_empty()
    {
        w.push_str("<table><tr><th>Where</th><th>To be confirmed</th></tr>");
        for x in &c.framework.to_be_confirmed {
            let _ = write!(
                w,
                "<tr><td>{}</td><td>{}</td></tr>",
                e(&x.path),
                e(&x.message)
            );
        }
        for x in &c.value_to_be_confirmed {
            let _ = write!(w, "<tr><td>value outcome</td><td>{}</td></tr>", e(x));
        }
        for x in &c.value_without_period {
            let _ = write!(
                w,
                "<tr><td>value outcome {}</td><td>no period stated (counted in this year)</td></tr>",
                e(x)
            );
        }
        w.push_str("</table>\n");
    }
    w.push_str("</section>\n");

    // Changes
    if let Some(ch) = &r.changes {
        let _ = writeln!(
            w,
            r#"<h2 id="changes">Changes since {}</h2><section class="card"><p>{} unchanged; money in the year (adjusted) {} then, {} now.</p>"#,
            e(&ch.previous_year),
            ch.unchanged,
            e(&money(ch.value_previous)),
            e(&money(ch.value_current))
        );
        if !ch.status_changes.is_empty() {
            w.push_str("<table><tr><th>Item</th><th>Title</th><th>From</th><th>To</th><th>Change</th></tr>");
            for s in &ch.status_changes {
                let _ = write!(
                    w,
                    "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    e(&s.item),
                    e(&s.id),
                    e(&s.title),
                    badge(s.from),
                    badge(s.to),
                    e(&s.direction)
                );
            }
            w.push_str("</table>\n");
        }
        if !ch.new_items.is_empty() || !ch.dropped_items.is_empty() {
            w.push_str("<ul>");
            for (label, list) in [("New", &ch.new_items), ("Dropped", &ch.dropped_items)] {
                for i in list {
                    let _ = write!(
                        w,
                        "<li>{label} {}: {} ({})</li>",
                        e(&i.item),
                        e(&i.title),
                        e(&i.id)
                    );
                }
            }
            w.push_str("</ul>\n");
        }
        w.push_str("</section>\n");
    }

    // Rules
    let _ = writeln!(
        w,
        r#"<h2 id="rules">Rules this review applies</h2><section class="card"><ol>"#
    );
    for x in &r.rules {
        let _ = writeln!(w, "<li>{}</li>", e(x));
    }
    w.push_str("</ol></section>\n</main>\n</body>\n</html>\n");
    o
}

fn key(w: &mut String) {
    let dot = |c: &str, label: &str| {
        format!(r#"<span><span class="dot" style="background:{c}"></span>{label}</span>"#)
    };
    let _ = write!(
        w,
        r#"<div class="key">{}{}{}{}<span>Mean: solid line; process limits: dashed grey; target: dashed red. Icons: variation (C common cause, H/L high/low special cause) and assurance (P pass, F fail, ? inconsistent).</span></div>"#,
        dot(svg::GREY, "Common cause"),
        dot(svg::BLUE, "Improvement"),
        dot(svg::ORANGE, "Concern"),
        dot(svg::PURPLE, "Neither (neutral)")
    );
}

fn value_line(l: &ValueLine) -> String {
    let mut s = format!("<b>{}</b> ({}", e(&l.title), value_kind_label(l.kind));
    if let Some(p) = &l.period {
        let _ = write!(s, ", {}", e(p));
    }
    s.push(')');
    if let Some(q) = l.quantity {
        let _ = write!(s, ": {} {}", num(q), e(l.unit.as_deref().unwrap_or("")));
    }
    s
}

fn value_section(w: &mut String, v: &ValueReview, chart_title: &str, bars: bool) {
    w.push_str("<h4>Value-added outcomes</h4>\n");
    if v.monetised.is_empty() && v.not_monetised.is_empty() {
        w.push_str("<p class=\"muted\">None recorded for the year.</p>\n");
        return;
    }
    if v.total.monetised > 0 {
        if bars {
            let items: Vec<(String, f64, f64)> = v
                .by_kind
                .iter()
                .filter(|k| k.monetised > 0)
                .map(|k| {
                    (
                        value_kind_label(k.kind).to_owned(),
                        k.one_off + k.per_year,
                        k.one_off_adjusted + k.per_year_adjusted,
                    )
                })
                .collect();
            let _ = writeln!(
                w,
                r#"<div class="chart">{}</div>"#,
                svg::value_bars(&items, chart_title)
            );
        }
        w.push_str(r#"<table><tr><th>Kind</th><th class="n">One-off</th><th class="n">Per year</th><th class="n">One-off adjusted</th><th class="n">Per year adjusted</th><th class="n">Valued</th><th class="n">Not valued</th></tr>"#);
        for k in &v.by_kind {
            let _ = write!(
                w,
                r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                value_kind_label(k.kind),
                e(&money(k.one_off)),
                e(&money(k.per_year)),
                e(&money(k.one_off_adjusted)),
                e(&money(k.per_year_adjusted)),
                k.monetised,
                k.not_monetised + k.to_be_confirmed
            );
        }
        let t = &v.total;
        let _ = writeln!(
            w,
            r#"<tr><th>Total</th><th class="n">{}</th><th class="n">{}</th><th class="n">{}</th><th class="n">{}</th><th class="n">{}</th><th class="n">{}</th></tr></table>"#,
            e(&money(t.one_off)),
            e(&money(t.per_year)),
            e(&money(t.one_off_adjusted)),
            e(&money(t.per_year_adjusted)),
            t.monetised,
            t.not_monetised + t.to_be_confirmed
        );
    }
    if !v.monetised.is_empty() {
        w.push_str("<p>Valued in money:</p><ul>");
        for l in &v.monetised {
            let basis = basis_words(l);
            let _ = write!(
                w,
                "<li>{}: {} {basis} (adjusted {})",
                value_line(l),
                l.amount.map(|a| e(&money(a))).unwrap_or_default(),
                l.adjusted_amount.map(|a| e(&money(a))).unwrap_or_default()
            );
            if let Some(p) = &l.proxy {
                let _ = write!(
                    w,
                    "; proxy {} per unit{}",
                    e(&money(p.value)),
                    p.source
                        .as_deref()
                        .map(|s| format!(" ({})", e(s)))
                        .unwrap_or_default()
                );
            }
            if let Some(s) = &l.sroi {
                let _ = write!(w, "; {}", e(&sroi_words(s)));
            }
            w.push_str("</li>");
        }
        w.push_str("</ul>\n");
    }
    if !v.not_monetised.is_empty() {
        w.push_str("<p>Not valued in money (counted, never added to the totals):</p><ul>");
        for l in &v.not_monetised {
            let why =
                why_not_valued(l).map(|why| format!(" <span class=\"muted\">{}</span>", e(&why)));
            let _ = write!(w, "<li>{}{}</li>", value_line(l), why.unwrap_or_default());
        }
        w.push_str("</ul>\n");
    }
}
