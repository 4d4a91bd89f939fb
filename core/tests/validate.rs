//! Every validation rule, each asserted by path, severity and code.

use outcomes_core::model::Framework;
use outcomes_core::validate::{Diagnostic, DiagnosticCode, Severity};

const HEAD: &str = "schema_version = 1\nid = \"t\"\ntitle = \"T\"\nperiod = { from = \"2023/24\", to = \"2027/28\" }\n";

fn diags(body: &str) -> Vec<Diagnostic> {
    let fw = Framework::from_toml_str(&format!("{HEAD}{body}")).unwrap_or_else(|e| panic!("{e}"));
    fw.validate()
}

fn find<'a>(d: &'a [Diagnostic], path: &str) -> &'a Diagnostic {
    d.iter()
        .find(|x| x.path == path)
        .unwrap_or_else(|| panic!("no diagnostic at {path}: {d:#?}"))
}

const ORGS: &str = r#"
[[organisations]]
id = "sfh"
name = "Sherwood Forest Hospitals"
kind = "foundation_trust"
[[organisations]]
id = "nuh"
name = "Nottingham University Hospitals"
kind = "nhs_trust"
"#;

const MEASURE: &str = r#"
[[measures]]
id = "smoking"
title = "Smoking at time of delivery"
unit = "percent"
polarity = "lower_is_better"
source = { name = "Fingertips", indicator = "93085" }
baselines = [{ period = "2021/22", value = 13.0 }]
"#;

#[test]
fn clean_framework_has_no_diagnostics() {
    let d = diags(&format!(
        "{ORGS}{MEASURE}targets = [{{ kind = \"absolute\", value = 10.0, by = \"2027/28\" }}]\n[[partnerships]]\nid = \"nnpc\"\nname = \"Provider collaborative\"\nkind = \"formal\"\nmembers = [\"sfh\", \"nuh\"]\n"
    ));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn duplicate_and_empty_ids() {
    let d = diags(&format!(
        "{ORGS}[[organisations]]\nid = \"sfh\"\nname = \"Again\"\nkind = \"other\"\n[[objectives]]\nid = \"\"\ntitle = \"x\"\n"
    ));
    let x = find(&d, "organisations[2].id");
    assert_eq!(x.code, DiagnosticCode::DuplicateId);
    assert!(x.message.contains("organisations[0]"));
    assert_eq!(find(&d, "objectives[0].id").code, DiagnosticCode::EmptyId);
}

#[test]
fn unknown_references_suggest_the_nearest_id() {
    let d = diags(&format!(
        "{ORGS}[[commitments]]\nid = \"c1\"\ntext = \"x\"\nowners = [\"sfhh\"]\nmeasures = [\"nothing-like-it\"]\n"
    ));
    let x = find(&d, "commitments[0].owners[0]");
    assert_eq!(
        (x.severity, x.code),
        (Severity::Error, DiagnosticCode::UnknownReference)
    );
    assert!(x.message.contains("did you mean \"sfh\""), "{}", x.message);
    assert!(
        find(&d, "commitments[0].measures[0]")
            .message
            .contains("no measures yet")
    );
}

#[test]
fn cycles_in_objective_and_partnership_trees() {
    let d = diags(&format!(
        "{ORGS}[[objectives]]\nid = \"a\"\ntitle = \"A\"\nparent = \"b\"\n[[objectives]]\nid = \"b\"\ntitle = \"B\"\nparent = \"a\"\n[[partnerships]]\nid = \"p\"\nname = \"P\"\nkind = \"formal\"\nmembers = [\"sfh\", \"q\"]\n[[partnerships]]\nid = \"q\"\nname = \"Q\"\nkind = \"formal\"\nmembers = [\"nuh\", \"p\"]\n"
    ));
    let cyc: Vec<_> = d
        .iter()
        .filter(|x| x.code == DiagnosticCode::Cycle)
        .collect();
    assert_eq!(cyc.len(), 2, "{cyc:#?}");
    assert!(
        cyc.iter()
            .any(|x| x.path == "objectives[1].parent" && x.message.contains("a -> b -> a"))
    );
    assert!(
        cyc.iter()
            .any(|x| x.path.starts_with("partnerships[") && x.path.ends_with(".members"))
    );
}

#[test]
fn unreadable_periods_and_order() {
    let d = diags(&format!(
        "{MEASURE}targets = [{{ kind = \"absolute\", value = 10.0, by = \"2024/26\" }}, {{ kind = \"absolute\", value = 11.0, by = \"2020/21\" }}]\n"
    ));
    let x = find(&d, "measures[0].targets[0].by");
    assert_eq!(x.code, DiagnosticCode::BadPeriod);
    assert!(x.message.contains("2024/26"), "{}", x.message);
    assert_eq!(
        find(&d, "measures[0].targets[1].by").code,
        DiagnosticCode::PeriodOrder
    );
}

#[test]
fn target_contradicting_polarity() {
    let d = diags(&format!(
        "{MEASURE}targets = [{{ kind = \"absolute\", value = 15.0, by = \"2027/28\" }}, {{ kind = \"direction\", direction = \"increase\" }}, {{ kind = \"relative_change\", value = 10, by = \"2027/28\" }}]\n"
    ));
    for p in [
        "measures[0].targets[0].value",
        "measures[0].targets[1].direction",
        "measures[0].targets[2].value",
    ] {
        assert_eq!(find(&d, p).code, DiagnosticCode::ContradictsPolarity, "{p}");
    }
}

#[test]
fn percentages_outside_range() {
    let d = diags(&format!(
        "{MEASURE}targets = [{{ kind = \"at_least\", value = 175, by = \"2027/28\" }}]\n"
    ));
    assert_eq!(
        find(&d, "measures[0].targets[0].value").code,
        DiagnosticCode::OutOfRange
    );
}

#[test]
fn partnership_members() {
    let d = diags(&format!(
        "{ORGS}[[partnerships]]\nid = \"solo\"\nname = \"Solo\"\nkind = \"informal\"\nmembers = [\"sfh\"]\n[[partnerships]]\nid = \"mnpbp\"\nname = \"Mid Notts PBP\"\nkind = \"statutory\"\nmembers_text = \"over 15 health and care organisations\"\n"
    ));
    let solo = find(&d, "partnerships[0].members");
    assert_eq!(
        (solo.severity, solo.code),
        (Severity::Error, DiagnosticCode::TooFewMembers)
    );
    let words = find(&d, "partnerships[1].members");
    assert_eq!(
        (words.severity, words.code),
        (Severity::Warning, DiagnosticCode::Placeholder)
    );
}

#[test]
fn placeholders_and_missing_items_are_warnings() {
    let d = diags(
        "[[measures]]\nid = \"m\"\ntitle = \"M\"\nwording = \"[Figure here] staff trained\"\nunit = \"count\"\npolarity = \"higher_is_better\"\ntargets = [{ kind = \"at_least\", value = \"[insert figure]\", by = \"[date to be included]\" }]\n[[measures]]\nid = \"n\"\ntitle = \"N\"\nunit = \"count\"\npolarity = \"higher_is_better\"\n",
    );
    assert!(d.iter().all(|x| x.severity == Severity::Warning), "{d:#?}");
    for (p, c) in [
        ("measures[0].wording", DiagnosticCode::Placeholder),
        ("measures[0].targets[0].value", DiagnosticCode::Placeholder),
        ("measures[0].targets[0].by", DiagnosticCode::Placeholder),
        ("measures[0].baselines", DiagnosticCode::MissingBaseline),
        ("measures[1].targets", DiagnosticCode::MissingTarget),
        ("measures[1].source", DiagnosticCode::MissingSource),
    ] {
        assert_eq!(find(&d, p).code, c, "{p}");
    }
}

#[test]
fn text_where_a_number_belongs_is_an_error() {
    let d = diags(
        "[[measures]]\nid = \"m\"\ntitle = \"M\"\nunit = \"count\"\npolarity = \"higher_is_better\"\nbaselines = [{ period = \"2022/23\", value = \"about ten\" }]\n",
    );
    assert_eq!(
        find(&d, "measures[0].baselines[0].value").code,
        DiagnosticCode::NotANumber
    );
}

#[test]
fn framework_years_resolve() {
    let d = diags(&format!(
        "{MEASURE}targets = [{{ kind = \"at_most\", value = 9.0, by = \"year five\" }}]\n"
    ));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn errors_come_before_warnings() {
    let d = diags(&format!(
        "{ORGS}[[measures]]\nid = \"m\"\ntitle = \"M\"\nunit = \"rate\"\npolarity = \"higher_is_better\"\n"
    ));
    let first_warning = d
        .iter()
        .position(|x| x.severity == Severity::Warning)
        .unwrap();
    assert!(
        d[..first_warning]
            .iter()
            .all(|x| x.severity == Severity::Error)
    );
    assert_eq!(
        find(&d, "measures[0].per").code,
        DiagnosticCode::MissingField
    );
}
