//! Inline SVG charts: Making Data Count SPC charts, trajectory-versus-actual charts and value
//! bars. Markup is well-formed XML with no script, no link and no external reference; every
//! text is escaped.

use std::fmt::Write as _;

use super::escape::html as esc;
use super::fmt::{money, num};
use super::types::{SpcChart, TrajectoryChart};

/// Making Data Count colours (NHS England, *Making Data Count* icons and charts; NHS identity
/// palette): common cause grey, improvement blue, concern orange, neutral purple.
pub(super) const GREY: &str = "#768692";
/// Improvement.
pub(super) const BLUE: &str = "#41B6E6";
/// Concern.
pub(super) const ORANGE: &str = "#ED8B00";
/// Neutral special cause.
pub(super) const PURPLE: &str = "#330072";
/// Target line.
const RED: &str = "#DA291C";
/// Plan line.
const NHS_BLUE: &str = "#005EB8";
/// Ink.
const INK: &str = "#231F20";

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 96.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

fn point_colour(t: &str) -> &'static str {
    match t {
        "special_cause_improvement" => BLUE,
        "special_cause_concern" => ORANGE,
        "special_cause_neutral_high" | "special_cause_neutral_low" => PURPLE,
        _ => GREY,
    }
}

/// Colour, letter and words of a variation icon.
pub(super) fn variation_icon(name: &str) -> (&'static str, &'static str, &'static str) {
    match name {
        "improvement_high" => (BLUE, "H", "Special cause variation: improvement (high)"),
        "improvement_low" => (BLUE, "L", "Special cause variation: improvement (low)"),
        "concern_high" => (ORANGE, "H", "Special cause variation: concern (high)"),
        "concern_low" => (ORANGE, "L", "Special cause variation: concern (low)"),
        "neutral_high" => (
            PURPLE,
            "H",
            "Special cause variation: neither improvement nor concern (high)",
        ),
        "neutral_low" => (
            PURPLE,
            "L",
            "Special cause variation: neither improvement nor concern (low)",
        ),
        _ => (GREY, "C", "Common cause variation"),
    }
}

/// Colour, letter and words of an assurance icon.
pub(super) fn assurance_icon(name: &str) -> (&'static str, &'static str, &'static str) {
    match name {
        "pass" => (
            BLUE,
            "P",
            "Assurance: the process will consistently pass the target",
        ),
        "fail" => (
            ORANGE,
            "F",
            "Assurance: the process will consistently fail the target",
        ),
        _ => (
            GREY,
            "?",
            "Assurance: the process will not consistently pass or fail the target",
        ),
    }
}

/// One icon: a circle with a letter and a tooltip.
pub(super) fn icon(
    out: &mut String,
    cx: f64,
    cy: f64,
    r: f64,
    (colour, letter, words): (&str, &str, &str),
) {
    let _ = write!(
        out,
        r##"<g class="icon"><title>{}</title><circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{colour}" stroke="#ffffff" stroke-width="2"/><text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="{:.0}" font-weight="bold" fill="#ffffff">{}</text></g>"##,
        esc(words),
        cy + r * 0.4,
        r * 1.1,
        esc(letter)
    );
}

struct Scale {
    lo: f64,
    hi: f64,
}

impl Scale {
    fn new(values: impl Iterator<Item = f64>) -> Scale {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            return Scale { lo: 0.0, hi: 1.0 };
        }
        let pad = if hi > lo {
            (hi - lo) * 0.08
        } else {
            lo.abs().max(1.0) * 0.1
        };
        Scale {
            lo: lo - pad,
            hi: hi + pad,
        }
    }

    fn y(&self, v: f64) -> f64 {
        TOP + (H - TOP - BOTTOM) * (1.0 - (v - self.lo) / (self.hi - self.lo))
    }
}

fn hline(out: &mut String, y: f64, colour: &str, dash: &str, width: f64, label: &str) {
    let _ = write!(
        out,
        r#"<line x1="{LEFT:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="{width:.1}"{}/><text x="{:.1}" y="{:.1}" font-size="10" fill="{colour}">{}</text>"#,
        W - RIGHT,
        if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        },
        W - RIGHT + 4.0,
        y + 3.0,
        esc(label)
    );
}

fn axis(out: &mut String, s: &Scale) {
    let _ = write!(
        out,
        r##"<rect x="{LEFT:.1}" y="{TOP:.1}" width="{:.1}" height="{:.1}" fill="#ffffff" stroke="#d8dde0"/>"##,
        W - LEFT - RIGHT,
        H - TOP - BOTTOM
    );
    for k in 0..=4 {
        let v = s.lo + (s.hi - s.lo) * f64::from(k) / 4.0;
        let y = s.y(v);
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end" fill="#425563">{}</text>"##,
            LEFT - 4.0,
            y + 3.0,
            esc(&num(v))
        );
    }
}

fn x_labels(out: &mut String, labels: &[(f64, &str)]) {
    for (x, l) in labels {
        let _ = write!(
            out,
            r##"<text x="{x:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#425563">{}</text>"##,
            H - BOTTOM + 14.0,
            esc(l)
        );
    }
}

/// An SPC chart: points coloured by type, mean, process limits, target, icons.
pub(super) fn spc(c: &SpcChart, title: &str) -> String {
    let n = c.values.len();
    let s = Scale::new(
        c.values
            .iter()
            .flatten()
            .copied()
            .chain([c.mean, c.lpl, c.upl])
            .chain(c.target),
    );
    #[allow(clippy::cast_precision_loss)]
    let x = |i: usize| {
        if n <= 1 {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + 8.0 + (W - LEFT - RIGHT - 16.0) * i as f64 / (n - 1) as f64
        }
    };
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="spc" viewBox="0 0 {W:.0} {H:.0}" width="{W:.0}" height="{H:.0}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(&format!("SPC chart: {title}")),
        esc(&format!("SPC chart: {title}"))
    );
    axis(&mut o, &s);
    hline(
        &mut o,
        s.y(c.upl),
        GREY,
        "4 3",
        1.0,
        &format!("UPL {}", num(c.upl)),
    );
    hline(
        &mut o,
        s.y(c.lpl),
        GREY,
        "4 3",
        1.0,
        &format!("LPL {}", num(c.lpl)),
    );
    hline(
        &mut o,
        s.y(c.mean),
        INK,
        "",
        1.0,
        &format!("Mean {}", num(c.mean)),
    );
    if let Some(t) = c.target {
        hline(
            &mut o,
            s.y(t),
            RED,
            "6 3",
            1.5,
            &format!("Target {}", num(t)),
        );
    }
    // The line, broken where a value is suppressed.
    let mut seg: Vec<String> = Vec::new();
    let flush = |seg: &mut Vec<String>, o: &mut String| {
        if seg.len() > 1 {
            let _ = write!(
                o,
                r#"<polyline points="{}" fill="none" stroke="{GREY}" stroke-width="1.5"/>"#,
                seg.join(" ")
            );
        }
        seg.clear();
    };
    for (i, v) in c.values.iter().enumerate() {
        match v {
            Some(v) => seg.push(format!("{:.1},{:.1}", x(i), s.y(*v))),
            None => flush(&mut seg, &mut o),
        }
    }
    flush(&mut seg, &mut o);
    for (i, v) in c.values.iter().enumerate() {
        if let Some(v) = v {
            let t = c.point_types.get(i).map_or("common_cause", String::as_str);
            let period = c.periods.get(i).map_or("", String::as_str);
            let _ = write!(
                o,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{}"><title>{}</title></circle>"#,
                x(i),
                s.y(*v),
                point_colour(t),
                esc(&format!("{period}: {} ({})", num(*v), t.replace('_', " ")))
            );
        }
    }
    let mut labels = Vec::new();
    if n > 0 {
        labels.push((x(0), c.periods.first().map_or("", String::as_str)));
        if n > 2 {
            labels.push((x(n / 2), c.periods.get(n / 2).map_or("", String::as_str)));
        }
        if n > 1 {
            labels.push((x(n - 1), c.periods.last().map_or("", String::as_str)));
        }
    }
    x_labels(&mut o, &labels);
    icon(
        &mut o,
        W - 44.0,
        H - BOTTOM - 60.0,
        15.0,
        variation_icon(&c.variation_icon),
    );
    if let Some(a) = &c.assurance_icon {
        icon(&mut o, W - 44.0, H - BOTTOM - 20.0, 15.0, assurance_icon(a));
    }
    o.push_str("</svg>");
    o
}

fn days(date: &str) -> Option<f64> {
    let d = crate::model::parse_date(date).ok()?;
    #[allow(clippy::cast_precision_loss)]
    Some(f64::from(d.num_days_from_ce()))
}

use chrono::Datelike as _;

/// A trajectory-versus-actual chart: the planned path (baseline, trajectory at the latest
/// period, target) and the observed values.
pub(super) fn trajectory(c: &TrajectoryChart, title: &str) -> String {
    let pts: Vec<(f64, f64, &str)> = c
        .actual
        .iter()
        .filter_map(|p| Some((days(&p.date)?, p.value?, p.label.as_str())))
        .collect();
    let plan: Vec<(f64, f64, &str)> = c
        .planned
        .iter()
        .filter_map(|p| Some((days(&p.date)?, p.value?, p.label.as_str())))
        .collect();
    let s = Scale::new(pts.iter().chain(&plan).map(|p| p.1));
    let xs = pts.iter().chain(&plan).map(|p| p.0);
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let span = if x1 > x0 { x1 - x0 } else { 1.0 };
    let x = |d: f64| LEFT + 8.0 + (W - LEFT - RIGHT - 16.0) * (d - x0) / span;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="trajectory" viewBox="0 0 {W:.0} {H:.0}" width="{W:.0}" height="{H:.0}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(&format!("Trajectory and actual: {title}")),
        esc(&format!("Trajectory and actual: {title}"))
    );
    axis(&mut o, &s);
    if plan.len() > 1 {
        let line: Vec<String> = plan
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.0), s.y(p.1)))
            .collect();
        let _ = write!(
            o,
            r#"<polyline points="{}" fill="none" stroke="{NHS_BLUE}" stroke-width="2" stroke-dasharray="6 4"/>"#,
            line.join(" ")
        );
    }
    for p in &plan {
        let _ = write!(
            o,
            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{NHS_BLUE}" transform="rotate(45 {:.1} {:.1})"><title>{}</title></rect>"#,
            x(p.0) - 4.0,
            s.y(p.1) - 4.0,
            x(p.0),
            s.y(p.1),
            esc(&format!("Planned {}: {}", p.2, num(p.1)))
        );
    }
    if pts.len() > 1 {
        let line: Vec<String> = pts
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.0), s.y(p.1)))
            .collect();
        let _ = write!(
            o,
            r#"<polyline points="{}" fill="none" stroke="{INK}" stroke-width="2"/>"#,
            line.join(" ")
        );
    }
    for p in &pts {
        let _ = write!(
            o,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{INK}"><title>{}</title></circle>"#,
            x(p.0),
            s.y(p.1),
            esc(&format!("Actual {}: {}", p.2, num(p.1)))
        );
    }
    let mut labels: Vec<(f64, &str)> = Vec::new();
    if let (Some(f), Some(l)) = (plan.first().or(pts.first()), plan.last()) {
        labels.push((x(f.0), f.2));
        labels.push((x(l.0), l.2));
    }
    x_labels(&mut o, &labels);
    let _ = write!(
        o,
        r#"<g font-size="10"><line x1="{:.1}" y1="24" x2="{:.1}" y2="24" stroke="{NHS_BLUE}" stroke-width="2" stroke-dasharray="6 4"/><text x="{:.1}" y="27" fill="{NHS_BLUE}">Planned</text><line x1="{:.1}" y1="40" x2="{:.1}" y2="40" stroke="{INK}" stroke-width="2"/><text x="{:.1}" y="43" fill="{INK}">Actual</text></g>"#,
        W - RIGHT + 4.0,
        W - RIGHT + 24.0,
        W - RIGHT + 28.0,
        W - RIGHT + 4.0,
        W - RIGHT + 24.0,
        W - RIGHT + 28.0
    );
    o.push_str("</svg>");
    o
}

/// Horizontal value bars: for each item the gross value in the year and, over it, the part
/// after deadweight, displacement and attribution.
pub(super) fn value_bars(items: &[(String, f64, f64)], title: &str) -> String {
    let row = 26.0;
    let label_w = 220.0;
    #[allow(clippy::cast_precision_loss)]
    let h = TOP + row * items.len() as f64 + 28.0;
    let max = items
        .iter()
        .map(|i| i.1.abs().max(i.2.abs()))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let bar_w = W - label_w - 110.0;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="value-bars" viewBox="0 0 {W:.0} {h:.0}" width="{W:.0}" height="{h:.0}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(title),
        esc(title)
    );
    for (k, (label, gross, adjusted)) in items.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = TOP + row * k as f64;
        let short: String = label.chars().take(34).collect();
        let short = if short.len() < label.len() {
            format!("{short}…")
        } else {
            short
        };
        let _ = write!(
            o,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end" fill="{INK}">{}</text><rect x="{label_w:.1}" y="{y:.1}" width="{:.1}" height="16" fill="#AEB7BD"><title>{}</title></rect><rect x="{label_w:.1}" y="{:.1}" width="{:.1}" height="10" fill="{NHS_BLUE}"><title>{}</title></rect><text x="{:.1}" y="{:.1}" font-size="11" fill="{INK}">{}</text>"##,
            label_w - 6.0,
            y + 12.0,
            esc(&short),
            bar_w * gross.abs() / max,
            esc(&format!("{label}: gross {}", money(*gross))),
            y + 3.0,
            bar_w * adjusted.abs() / max,
            esc(&format!("{label}: adjusted {}", money(*adjusted))),
            label_w + bar_w * gross.abs().max(adjusted.abs()) / max + 6.0,
            y + 12.0,
            esc(&money(*gross))
        );
    }
    let ly = h - 12.0;
    let _ = write!(
        o,
        r##"<g font-size="10"><rect x="{label_w:.1}" y="{:.1}" width="12" height="10" fill="#AEB7BD"/><text x="{:.1}" y="{ly:.1}" fill="{INK}">Gross in the year</text><rect x="{:.1}" y="{:.1}" width="12" height="10" fill="{NHS_BLUE}"/><text x="{:.1}" y="{ly:.1}" fill="{INK}">After deadweight, displacement and attribution</text></g>"##,
        ly - 9.0,
        label_w + 16.0,
        label_w + 130.0,
        ly - 9.0,
        label_w + 146.0
    );
    o.push_str("</svg>");
    o
}
