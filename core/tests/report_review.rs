//! The annual review: its contents (value in the year, SROI, sharing and equalisation,
//! suppression, changes since the previous review), the year rule, and safe output of
//! hostile framework text in HTML, Markdown and CSV.

mod report_common;

use std::fmt::Write as _;

use outcomes_core::ErrorKind;
use outcomes_core::data::Observations;
use outcomes_core::evaluate::{EvaluateOptions, Evaluation};
use outcomes_core::model::Framework;
use outcomes_core::report::{Delivery, Review};
use outcomes_core::value::{MonetisedStatus, ProxyTable};
use report_common::well_formed;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const LINKS: &str = "[click](javascript:alert(1)) <a href=\"javascript:alert(2)\">x</a>";
const MARKDOWN: &str = "*bold* _it_ | pipe # hash `code` \\ back ~~s~~ ![i](x)";
const RTL: &str = "abc\u{202E}cba\u{2066}x\u{2069}\u{200F}y";
const FORMULA: &str = "=cmd|' /C calc'!A0";
const URLS: &str = "https://evil.example/x www.evil.example";

fn hostile_framework() -> Framework {
    let v = serde_json::json!({
        "schema_version": 1,
        "id": "hostile",
        "title": format!("{SCRIPT} {RTL}"),
        "period": {"from": "2023/24", "to": "2027/28"},
        "organisations": [
            {"id": "a", "name": SCRIPT, "kind": "nhs_trust"},
            {"id": "b", "name": IMG, "kind": "icb"}
        ],
        "partnerships": [{
            "id": "p", "name": LINKS, "kind": "formal", "complexity": "complex",
            "assurance": "reasonable", "purpose": MARKDOWN, "documented": true,
            "members": ["a", "b"], "members_text": URLS,
            "shares": [{"organisation": "a", "share": 0.6}, {"organisation": "b", "share": 0.4}]
        }],
        "commitments": [{
            "id": "c", "text": RTL, "partnerships": ["p"], "measures": ["m"],
            "milestones": [{"id": "ms", "period": "2024/25", "description": FORMULA, "status": "slipped"}]
        }],
        "measures": [{
            "id": "m", "title": format!("{URLS} {SCRIPT}"), "unit": "percent",
            "polarity": "higher_is_better", "method": "proportion", "frequency": "monthly",
            "source": {"name": IMG}, "suppress_below": 5,
            "baselines": [{"period": "Apr 2023", "value": 50.0}],
            "targets": [{"kind": "absolute", "value": 70.0, "by": "Mar 2027", "wording": LINKS}]
        }],
        "value_outcomes": [
            {"id": "v1", "title": FORMULA, "partnership": "p", "kind": "social", "period": "2024/25",
             "quantity": 40, "unit": SCRIPT, "basis": "per_year", "duration_years": 3,
             "proxy": {"id": "job"}, "investment": 100_000, "deadweight": 0.2,
             "displacement": 0.1, "attribution": 0.25, "drop_off": 0.3,
             "beneficiaries": [{"organisation": "a", "share": 1.0}], "evidence": IMG},
            {"id": "v2", "title": "Joint buying", "partnership": "p", "kind": "cash_saving",
             "period": "2024/25 Q2", "money": 100_000,
             "beneficiaries": [{"organisation": "b", "share": 1.0}]},
            {"id": "v3", "title": MARKDOWN, "partnership": "p", "kind": "patient",
             "period": "2023/24", "money": 5000},
            {"id": "v4", "title": "Tests avoided", "partnership": "p", "kind": "patient",
             "quantity": 12, "unit": "tests"}
        ]
    });
    Framework::from_json_str(&v.to_string()).expect("hostile framework reads")
}

fn csv_cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Monthly observations Apr 2023 to Mar 2025 for `m`; Jun 2024 and the latest month (Mar 2025)
/// rest on counts below 5.
fn hostile_observations() -> Observations {
    let months = [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ];
    let mut csv = String::from("measure,period,area,numerator,denominator\n");
    for k in 0..24 {
        let year = if k % 12 < 9 {
            2023 + k / 12
        } else {
            2024 + k / 12
        };
        let period = format!("{} {year}", months[k % 12]);
        let (x, n) = match period.as_str() {
            "Jun 2024" => (2, 4),
            "Mar 2025" => (3, 6),
            _ => (50 + k, 100),
        };
        let _ = writeln!(csv, "m,{period},{},{x},{n}", csv_cell(IMG));
    }
    Observations::from_csv_reader(csv.as_bytes()).expect("observations read")
}

fn proxies() -> ProxyTable {
    let csv = format!("id,value,source\njob,5000,{}\n", csv_cell(FORMULA));
    ProxyTable::from_csv_reader(csv.as_bytes()).expect("proxies read")
}

fn evaluate(fw: &Framework, as_of: &str) -> Evaluation {
    let options = EvaluateOptions {
        as_of: Some(as_of.into()),
        ..EvaluateOptions::default()
    };
    fw.evaluate(&hostile_observations(), &options)
        .expect("hostile framework evaluates")
}

fn review() -> Review {
    let fw = hostile_framework();
    evaluate(&fw, "2025-03-31")
        .annual_review_with(&fw, &proxies(), "2024/25", None)
        .expect("review builds")
}

#[test]
fn value_in_the_year_sroi_and_equalisation() {
    let r = review();
    // v3 is dated 2023/24: left out and listed; v4 has no period: included, period to confirm.
    assert_eq!(r.value_excluded.len(), 1);
    assert_eq!(r.value_excluded[0].id, "v3");
    assert_eq!(r.completeness.value_without_period, ["v4"]);
    let p = &r.partnerships[0];
    let ids =
        |l: &[outcomes_core::report::ValueLine]| l.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&p.value.monetised), ["v1", "v2"]);
    assert_eq!(ids(&p.value.not_monetised), ["v4"]);
    assert_eq!(
        p.value.not_monetised[0].status,
        MonetisedStatus::NotMonetised
    );
    // Totals add money only: 200,000 a year (v1) and 100,000 one-off (v2).
    assert_eq!(p.value.total.per_year, 200_000.0);
    assert_eq!(p.value.total.one_off, 100_000.0);
    assert_eq!(p.value.total.not_monetised, 1);
    // Worked case E: PV 222,652.04, ratio 2.2265, payback 11.1 months.
    let s = p.value.monetised[0]
        .sroi
        .as_ref()
        .expect("SROI where the investment is known");
    assert!((s.present_value - 222_652.04).abs() < 0.005);
    assert!((s.ratio.unwrap() - 2.2265).abs() < 5e-5);
    assert!((s.payback_months.unwrap() - 11.1).abs() < 0.05);
    // Sharing: adjusted year-1 value of v1 (200,000 x 0.8 x 0.9 x 0.75 = 108,000) plus v2
    // (100,000) = 208,000, by agreed shares 60/40; realised a 108,000, b 100,000;
    // transfers a +16,800, b -16,800.
    let sh = p
        .sharing
        .as_ref()
        .expect("the partnership has agreed shares");
    assert!((sh.total - 208_000.0).abs() < 1e-6);
    assert!(sh.equalised, "{}", sh.note);
    let (a, b) = (&sh.partners[0], &sh.partners[1]);
    assert!((a.amount - 124_800.0).abs() < 1e-6 && (b.amount - 83_200.0).abs() < 1e-6);
    assert!((a.realised.unwrap() - 108_000.0).abs() < 1e-6);
    assert!((b.realised.unwrap() - 100_000.0).abs() < 1e-6);
    assert!((a.transfer.unwrap() - 16_800.0).abs() < 1e-6);
    assert!((b.transfer.unwrap() + 16_800.0).abs() < 1e-6);
    // The commitment's milestone slipped and is due in the year.
    let c = &r.commitments[0];
    assert_eq!(c.due_in_year, 1);
    assert_eq!(c.attention.len(), 1);
    assert!(c.attention[0].why.contains("slipped"));
    assert_ne!(c.delivery, Delivery::Delivered);
    // Rules stated in the review.
    assert!(
        r.rules
            .iter()
            .any(|x| x.contains("lies within the financial year"))
    );
    assert!(r.rules.iter().any(|x| x.contains("shown as *")));
}

#[test]
fn suppressed_figures_are_left_out_of_every_output() {
    let r = review();
    let m = &r.measures[0];
    assert!(m.suppressed, "Mar 2025 rests on 3 events, below 5");
    let l = m.latest.as_ref().unwrap();
    assert_eq!(
        (l.value, l.numerator, l.denominator, l.lower),
        (None, None, None, None)
    );
    assert!(m.progress.is_none() && m.change.is_none() && m.trajectory.is_none());
    assert!(
        !m.reason.contains("50"),
        "the reason must not carry the figure: {}",
        m.reason
    );
    let spc = m.spc.as_ref().expect("24 points make an SPC chart");
    let jun = spc.periods.iter().position(|p| p == "Jun 2024").unwrap();
    assert_eq!(spc.values[jun], None);
    assert_eq!(spc.values.last().copied().flatten(), None);
    let json = r.to_json().unwrap();
    assert!(
        !json.contains("\"numerator\": 3.0") && !json.contains("\"value\": 50.0,\n      \"lower\"")
    );
    assert!(r.to_html().contains("<td class=\"n\">*</td>"));
    assert!(
        r.to_markdown().contains("| \\* |"),
        "a suppressed figure is an escaped *"
    );
    let measures = r
        .tables()
        .into_iter()
        .find(|t| t.name == "measures")
        .unwrap();
    let col = measures
        .columns
        .iter()
        .position(|c| c == "latest_value")
        .unwrap();
    assert_eq!(measures.rows[0][col], "*");
}

#[test]
fn html_is_well_formed_with_one_spc_chart_per_eligible_row() {
    let r = review();
    let html = r.to_html();
    let tags = well_formed(&html).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let spc_rows = r.measures.iter().filter(|m| m.spc.is_some()).count();
    assert_eq!(spc_rows, 1);
    let charts = tags
        .iter()
        .filter(|t| t.name == "svg" && t.attrs.iter().any(|(n, v)| n == "class" && v == "spc"))
        .count();
    assert_eq!(charts, spc_rows);
    assert_eq!(html.matches("<svg class=\"spc\"").count(), spc_rows);
    assert_eq!(
        html.matches("<svg class=\"value-bars\"").count(),
        2,
        "one per partnership with money, one across partnerships"
    );
}

#[test]
fn hostile_text_cannot_inject_markup_links_or_formulas() {
    let r = review();
    // HTML: no script, no handlers, no links or sources, no javascript: URL, no bidi controls.
    let html = r.to_html();
    let tags = well_formed(&html).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script") && !lower.contains("<img") && !lower.contains("<a "));
    assert!(!lower.contains("javascript:"));
    for t in &tags {
        assert!(
            !matches!(
                t.name.as_str(),
                "script"
                    | "img"
                    | "a"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "link"
                    | "base"
                    | "form"
                    | "image"
                    | "use"
            ),
            "element <{}> in the review",
            t.name
        );
        for (n, v) in &t.attrs {
            let n = n.to_lowercase();
            assert!(
                !n.starts_with("on"),
                "handler attribute {n} on <{}>",
                t.name
            );
            assert!(
                !matches!(
                    n.as_str(),
                    "href" | "src" | "xlink:href" | "action" | "srcset"
                ),
                "{n} on <{}>",
                t.name
            );
            // Framework text may appear in a label, escaped; never as a URL.
            assert!(!v.to_lowercase().contains("javascript:"), "{n}={v:?}");
        }
    }
    for c in ['\u{202E}', '\u{2066}', '\u{2069}', '\u{200F}'] {
        assert!(!html.contains(c), "bidi control {c:?} in HTML");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the text is still shown, escaped"
    );

    // Markdown: every special character escaped, no raw tag, no link syntax, no bidi controls.
    let md = r.to_markdown();
    let chars: Vec<char> = md.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '<' | '>' | '[' | ']' | '`' | '*' | '_' | '~' | '!') {
            assert!(
                i > 0 && chars[i - 1] == '\\',
                "unescaped {c:?} at {i}: {}",
                chars[i.saturating_sub(30)..(i + 10).min(chars.len())]
                    .iter()
                    .collect::<String>()
            );
        }
    }
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(md.contains("\\*bold\\* \\_it\\_ \\| pipe \\# hash \\`code\\` \\\\ back"));
    assert!(md.contains("\\[click\\](javascript"));
    assert!(md.contains("https\\://evil.example/x www\\.evil.example"));
    assert!(md.contains("=cmd\\|"));
    for c in ['\u{202E}', '\u{2066}', '\u{2069}', '\u{200F}'] {
        assert!(!md.contains(c), "bidi control {c:?} in Markdown");
    }
    // Table rows keep their column count: no unescaped pipe from framework text.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells >= 3, "{line}");
    }

    // CSV: no cell starts a formula; numbers only may start with '-'.
    let csv = r.to_csv();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let mut saw_formula_text = false;
    for rec in rdr.records() {
        for cell in &rec.unwrap() {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '@' | '\t' | '\r')),
                "formula cell {cell:?}"
            );
            if first == Some('-') {
                assert!(
                    cell.parse::<f64>().is_ok(),
                    "text cell starting with '-': {cell:?}"
                );
            }
            saw_formula_text |= cell == format!("'{FORMULA}");
            assert!(!cell.contains('\u{202E}'));
        }
    }
    assert!(saw_formula_text, "the formula text is kept, neutralised");
}

#[test]
fn year_must_be_a_financial_year() {
    let fw = hostile_framework();
    let ev = evaluate(&fw, "2025-03-31");
    for bad in ["2024", "2024/25 Q1", "Jan 2025", "next year", ""] {
        let e = ev.annual_review(bad, None).expect_err(bad);
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad}");
        assert_eq!(e.path(), "year");
        assert!(e.message().contains("financial year"), "{}", e.message());
    }
    assert_eq!(ev.annual_review("2024-25", None).unwrap().year, "2024/25");
    assert_eq!(
        ev.annual_review("FY2024/25", None).unwrap().year_end,
        "2025-03-31"
    );
    // An evaluation read back from JSON has no framework: no value outcomes, a note saying why.
    let from_json: outcomes_core::evaluate::Evaluation =
        serde_json::from_str(&ev.to_json_string().unwrap()).unwrap();
    assert!(from_json.source().is_none());
    let bare = from_json.annual_review("2024/25", None).unwrap();
    assert!(bare.value.monetised.is_empty());
    assert!(bare.notes.iter().any(|n| n.contains("annual_review_with")));
    // An evaluation dated after the year is noted.
    let late = evaluate(&fw, "2025-03-31")
        .annual_review_with(&fw, &proxies(), "2023/24", None)
        .unwrap();
    assert!(
        late.notes
            .iter()
            .any(|n| n.contains("after the end of 2023/24"))
    );
}

#[test]
fn changes_since_the_previous_review_and_json_round_trip() {
    let fw = hostile_framework();
    let prev = evaluate(&fw, "2024-03-31")
        .annual_review_with(&fw, &proxies(), "2023/24", None)
        .unwrap();
    let prev = Review::from_json_str(&prev.to_json().unwrap()).expect("review JSON reads back");
    let now = evaluate(&fw, "2025-03-31")
        .annual_review_with(&fw, &proxies(), "2024/25", Some(&prev))
        .unwrap();
    let c = now
        .changes
        .as_ref()
        .expect("changes when a previous review is given");
    assert_eq!(c.previous_year, "2023/24");
    assert_eq!(c.value_previous, 5000.0, "v3 (2023/24) counted then");
    assert!((c.value_current - 208_000.0).abs() < 1e-6);
    let new: Vec<&str> = c.new_items.iter().map(|i| i.id.as_str()).collect();
    let dropped: Vec<&str> = c.dropped_items.iter().map(|i| i.id.as_str()).collect();
    assert!(new.contains(&"v1") && new.contains(&"v2"), "{new:?}");
    assert!(dropped.contains(&"v3"), "{dropped:?}");
    assert!(now.to_markdown().contains("## Changes since 2023/24"));
    assert!(
        now.summary
            .headlines
            .iter()
            .any(|h| h.starts_with("Since 2023/24"))
    );
    // Round trip of the whole review.
    let again = Review::from_json_str(&now.to_json().unwrap()).unwrap();
    assert_eq!(again, now);
    // A review of another framework is refused.
    let mut other = prev.clone();
    other.framework = "another".into();
    let e = evaluate(&fw, "2025-03-31")
        .annual_review_with(&fw, &proxies(), "2024/25", Some(&other))
        .unwrap_err();
    assert_eq!(e.path(), "previous");
    // A bad review file names the field.
    let e = Review::from_json_str("{\"schema_version\": 1, \"framework\": 3}").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!(e.path(), "framework");
}

#[test]
fn review_schema_is_current() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/review.schema.json");
    let text = serde_json::to_string_pretty(&Review::json_schema()).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "schema/review.schema.json is out of date with the types; regenerate it with UPDATE_SCHEMAS=1 cargo test -p outcomes-core --test report_review, review the diff and note any contract change in the README changelog"
    );
}
