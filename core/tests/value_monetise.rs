//! Monetisation of model value outcomes with a user proxy table.
//!
//! The proxy values here are illustrative, made up for the tests: no licensed set (National
//! TOMs, HACT Social Value Bank) is copied into this project. The SROI figures are worked case
//! E of `shared/reference/worked-cases.md` ("Value").

use outcomes_core::ErrorKind;
use outcomes_core::model::{Basis, ValueKind, ValueOutcome};
use outcomes_core::value::{MonetisationMethod, MonetisedStatus, ProxyTable, monetise, summarise};

const PROXIES: &str = "\
id,value,unit,source,version,price_year,licence
job,5000,person-year,Illustrative local estimate,1,2023/24,CC-BY-4.0
test_avoided,30,test,Illustrative unit cost,2,2024/25,
";

fn table() -> ProxyTable {
    ProxyTable::from_csv_reader(PROXIES.as_bytes()).unwrap()
}

fn outcome(json: &str) -> ValueOutcome {
    serde_json::from_str(json).unwrap()
}

#[test]
fn proxy_table_reads_provenance() {
    let t = table();
    assert_eq!(t.len(), 2);
    let job = t.get("job").unwrap();
    assert_eq!(job.value, 5000.0);
    assert_eq!(job.unit.as_deref(), Some("person-year"));
    assert_eq!(job.price_year.as_deref(), Some("2023/24"));
    assert_eq!(t.get("test_avoided").unwrap().licence, None);
    // `license` is accepted, columns in any order, only id and value required.
    let t = ProxyTable::from_csv_reader("Value,ID,License\n12.5,x,OGL-3.0\n".as_bytes()).unwrap();
    assert_eq!(t.get("x").unwrap().licence.as_deref(), Some("OGL-3.0"));
}

#[test]
fn proxy_table_errors() {
    let err = |csv: &str| ProxyTable::from_csv_reader(csv.as_bytes()).unwrap_err();
    let e = err("id,value,sauce\nx,1,y\n");
    assert_eq!(e.kind(), ErrorKind::Data);
    assert!(e.message().contains("sauce"), "{e}");
    let e = err("id,source\nx,y\n");
    assert!(e.message().contains("\"value\""), "{e}");
    let e = err("id,value\nx,\"5,000\"\n");
    assert_eq!(e.path(), "line 2 (value)");
    assert!(e.message().contains("plain numbers"), "{e}");
    let e = err("id,value\nx,-1\n");
    assert_eq!(e.path(), "line 2 (value)");
    let e = err("id,value\nx,1\nx,2\n");
    assert!(e.path().starts_with("line 3"), "{e}");
    assert!(e.message().contains("twice"), "{e}");
    let e = err("id,value\n,1\n");
    assert_eq!(e.path(), "line 2 (id)");
    let e = err("id,value\nx,1,2\n");
    assert_eq!(e.kind(), ErrorKind::Data);
}

#[test]
fn quantity_times_table_proxy_with_sroi_case_e() {
    let m = monetise(
        &outcome(
            r#"{"id": "jobs", "title": "Local people into work", "kind": "social",
                "quantity": 40, "unit": "people", "basis": "per_year", "duration_years": 3,
                "proxy": {"id": "job"}, "investment": 100000,
                "deadweight": 0.2, "displacement": 0.1, "attribution": 0.25, "drop_off": 0.3}"#,
        ),
        &table(),
    )
    .unwrap();
    assert_eq!(m.status, MonetisedStatus::Monetised);
    assert_eq!(m.method, Some(MonetisationMethod::QuantityTimesProxy));
    assert_eq!(m.amount, Some(200_000.0));
    assert!((m.adjusted_amount.unwrap() - 108_000.0).abs() < 0.005);
    assert_eq!(m.duration_years, Some(3.0));
    let proxy = m.proxy.as_ref().unwrap();
    assert_eq!(proxy.source.as_deref(), Some("Illustrative local estimate"));
    let s = m.sroi.as_ref().unwrap();
    assert!((s.present_value - 222_652.04).abs() < 0.005);
    assert!((s.break_even.deadweight.unwrap() - 0.6407).abs() < 5e-5);
}

#[test]
fn direct_money_and_inline_proxy() {
    let t = table();
    let m = monetise(
        &outcome(r#"{"id": "buy", "title": "Joint procurement", "kind": "cash_saving", "money": 600000}"#),
        &t,
    )
    .unwrap();
    assert_eq!(m.method, Some(MonetisationMethod::Direct));
    assert_eq!(
        (m.basis, m.amount, m.duration_years),
        (Basis::OneOff, Some(600_000.0), None)
    );
    assert!(m.sroi.is_none());

    // An inline proxy value wins; missing provenance is completed from the table row.
    let m = monetise(
        &outcome(
            r#"{"id": "t", "title": "Tests avoided", "kind": "patient", "quantity": 1200,
                "proxy": {"id": "test_avoided", "value": 25, "source": "Our audit"}}"#,
        ),
        &t,
    )
    .unwrap();
    assert_eq!(m.amount, Some(30_000.0));
    let p = m.proxy.unwrap();
    assert_eq!(p.source.as_deref(), Some("Our audit"));
    assert_eq!(p.price_year.as_deref(), Some("2024/25"));

    // One-off money with an investment: one year, discounted once, no drop-off.
    let m = monetise(
        &outcome(
            r#"{"id": "o", "title": "One-off", "kind": "cost_avoidance", "money": 103500,
                "investment": 50000, "drop_off": 0.5}"#,
        ),
        &t,
    )
    .unwrap();
    let s = m.sroi.unwrap();
    assert!((s.present_value - 100_000.0).abs() < 1e-6);
    assert_eq!(s.input.drop_off, 0.0);
}

#[test]
fn kept_but_not_monetised_or_to_be_confirmed() {
    let t = table();
    let m = monetise(
        &outcome(r#"{"id": "q", "title": "Staff trained", "kind": "workforce", "quantity": 120, "unit": "staff"}"#),
        &t,
    )
    .unwrap();
    assert_eq!(m.status, MonetisedStatus::NotMonetised);
    assert_eq!((m.amount, m.quantity), (None, Some(120.0)));
    assert!(m.notes[0].contains("no proxy"), "{:?}", m.notes);

    let m = monetise(
        &outcome(r#"{"id": "q", "title": "x", "kind": "social", "quantity": 3, "proxy": {"id": "hact_wellbeing"}}"#),
        &t,
    )
    .unwrap();
    assert_eq!(m.status, MonetisedStatus::NotMonetised);
    assert!(m.notes[0].contains("hact_wellbeing"), "{:?}", m.notes);

    let m = monetise(
        &outcome(r#"{"id": "f", "title": "x", "kind": "cash_saving", "money": "[insert figure]"}"#),
        &t,
    )
    .unwrap();
    assert_eq!(m.status, MonetisedStatus::ToBeConfirmed);
    assert_eq!(m.to_be_confirmed, ["money: [insert figure]"]);

    let m = monetise(
        &outcome(r#"{"id": "g", "title": "x", "kind": "social", "quantity": "[figure]", "proxy": {"id": "job"}}"#),
        &t,
    )
    .unwrap();
    assert_eq!(m.status, MonetisedStatus::ToBeConfirmed);

    let m = monetise(
        &outcome(r#"{"id": "h", "title": "x", "kind": "social", "quantity": 4, "proxy": {"value": "GBP x"}}"#),
        &t,
    )
    .unwrap();
    assert_eq!(m.status, MonetisedStatus::ToBeConfirmed);
    assert_eq!(m.to_be_confirmed, ["proxy.value: GBP x"]);

    // A fractional duration: money per year kept, no SROI, a note says why.
    let m = monetise(
        &outcome(
            r#"{"id": "k", "title": "x", "kind": "social", "quantity": 4, "proxy": {"id": "job"},
                     "basis": "per_year", "duration_years": 2.5, "investment": 1000}"#,
        ),
        &t,
    )
    .unwrap();
    assert_eq!(m.amount, Some(20_000.0));
    assert!(m.sroi.is_none());
    assert!(
        m.notes.iter().any(|n| n.contains("whole number")),
        "{:?}",
        m.notes
    );
}

#[test]
fn monetise_errors_name_the_field() {
    let e = monetise(
        &outcome(r#"{"id": "bad", "title": "x", "kind": "social", "quantity": -4, "proxy": {"id": "job"}}"#),
        &table(),
    )
    .unwrap_err();
    assert_eq!(e.path(), "value_outcomes.bad.quantity");
    let e = monetise(
        &outcome(r#"{"id": "bad", "title": "x", "kind": "social", "money": 10, "deadweight": 20}"#),
        &table(),
    )
    .unwrap_err();
    assert_eq!(e.path(), "value_outcomes.bad.deadweight");
}

#[test]
fn summary_keeps_non_monetised_out_of_money_totals() {
    let outcomes: Vec<ValueOutcome> = [
        r#"{"id": "a", "title": "a", "kind": "cash_saving", "money": 600000}"#,
        r#"{"id": "b", "title": "b", "kind": "cash_saving", "money": 100000, "basis": "per_year", "attribution": 0.5}"#,
        r#"{"id": "c", "title": "c", "kind": "social", "quantity": 40, "proxy": {"id": "job"}, "basis": "per_year"}"#,
        r#"{"id": "d", "title": "d", "kind": "social", "quantity": 7}"#,
        r#"{"id": "e", "title": "e", "kind": "cash_saving", "money": "[insert figure]"}"#,
    ]
    .iter()
    .map(|j| outcome(j))
    .collect();
    let s = summarise(&outcomes, &table()).unwrap();
    assert_eq!(s.outcomes.len(), 5);
    assert_eq!(s.by_kind.len(), 2);
    let cash = &s.by_kind[0];
    assert_eq!(cash.kind, ValueKind::CashSaving);
    assert_eq!((cash.one_off, cash.per_year), (600_000.0, 100_000.0));
    assert_eq!(cash.per_year_adjusted, 50_000.0);
    assert_eq!((cash.monetised, cash.to_be_confirmed), (2, 1));
    let social = &s.by_kind[1];
    assert_eq!(social.kind, ValueKind::Social);
    assert_eq!(
        (social.per_year, social.monetised, social.not_monetised),
        (200_000.0, 1, 1)
    );
    assert_eq!((s.total.one_off, s.total.per_year), (600_000.0, 300_000.0));
    assert_eq!(
        (
            s.total.monetised,
            s.total.not_monetised,
            s.total.to_be_confirmed
        ),
        (3, 1, 1)
    );
}
