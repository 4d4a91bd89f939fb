//! Load -> save -> load is the identity for frameworks, in TOML and JSON.

use outcomes_core::model::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,12}",
        "\\PC{0,40}",
        Just("[insert figure]".to_owned()),
        Just("Ysbyty \u{2013} café \u{1F3E5} \"quoted\" \\ back\nslash".to_owned()),
    ]
}

fn num() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e12f64..1e12,
        Just(0.0),
        Just(1e-300),
        Just(f64::MAX),
        Just(-0.0),
        any::<i32>().prop_map(f64::from),
    ]
}

fn figure() -> impl Strategy<Value = Figure> {
    prop_oneof![
        num().prop_map(Figure::Number),
        text().prop_map(Figure::Text)
    ]
}

fn period_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2024/25".to_owned()),
        Just("2025/26+".to_owned()),
        Just("Sep 2024".to_owned()),
        Just("year five".to_owned()),
        Just("[date to be included]".to_owned()),
        text(),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    (
        prop_oneof![
            Just(TargetKind::Absolute),
            Just(TargetKind::AtLeast),
            Just(TargetKind::RelativeChange),
            Just(TargetKind::Direction),
            Just(TargetKind::Gap),
            Just(TargetKind::Stabilise),
        ],
        option::of(text()),
        option::of(figure()),
        option::of(figure()),
        option::of(prop_oneof![
            Just(Direction::Increase),
            Just(Direction::Decrease)
        ]),
        option::of(period_text()),
        option::of(text()),
        vec((period_text(), figure()), 0..3),
    )
        .prop_map(
            |(kind, wording, value, upper, direction, by, comparator, traj)| Target {
                kind,
                wording,
                value,
                upper,
                direction,
                by,
                from: None,
                area: None,
                comparator,
                dimension: None,
                category: None,
                counterfactual: None,
                per: None,
                trajectory: traj
                    .into_iter()
                    .map(|(period, value)| TrajectoryPoint { period, value })
                    .collect(),
            },
        )
}

fn measure() -> impl Strategy<Value = Measure> {
    (
        text(),
        text(),
        option::of(text()),
        prop_oneof![Just(Unit::Percent), Just(Unit::Rate), Just(Unit::Gbp)],
        option::of(num()),
        prop_oneof![
            Just(Polarity::HigherIsBetter),
            Just(Polarity::LowerIsBetter)
        ],
        prop_oneof![Just(Frequency::Annual), Just(Frequency::Monthly)],
        vec((period_text(), figure(), option::of(text())), 0..3),
        vec(target(), 0..3),
    )
        .prop_map(
            |(id, title, wording, unit, per, polarity, frequency, baselines, targets)| Measure {
                id,
                title,
                wording,
                definition: None,
                unit,
                per,
                polarity,
                method: Method::Proportion,
                frequency,
                objectives: vec![],
                owners: vec![],
                baselines: baselines
                    .into_iter()
                    .map(|(period, value, area)| Baseline {
                        period,
                        value,
                        area,
                        numerator: None,
                        denominator: Some(3.0),
                        wording: None,
                    })
                    .collect(),
                targets,
                breakdowns: vec![Breakdown {
                    dimension: "deprivation_quintile".into(),
                    kind: BreakdownKind::DeprivationQuintile,
                    most_deprived: Some("1".into()),
                    least_deprived: Some("5".into()),
                    levels: vec![],
                }],
                areas: vec![],
                comparator: Some("England".into()),
                source: None,
                suppress_below: Some(5.0),
                note: None,
            },
        )
}

fn framework() -> impl Strategy<Value = Framework> {
    (
        text(),
        text(),
        option::of(text()),
        vec((text(), text(), option::of(num())), 0..3),
        vec((text(), vec(text(), 0..3), option::of(text())), 0..3),
        vec((text(), text(), option::of(text())), 0..3),
        vec((text(), text(), vec((period_text(), text()), 0..3)), 0..3),
        vec(measure(), 0..3),
        vec((text(), option::of(figure()), option::of(num())), 0..3),
    )
        .prop_map(
            |(id, title, vision, orgs, parts, objs, comms, measures, values)| Framework {
                schema_version: 1,
                id,
                title,
                owner: None,
                period: PeriodCovered {
                    from: "2024/25".into(),
                    to: "2028/29".into(),
                },
                version: Some("1.0".into()),
                document: None,
                vision,
                organisations: orgs
                    .into_iter()
                    .map(|(id, name, population)| Organisation {
                        id,
                        name,
                        kind: OrganisationKind::FoundationTrust,
                        population,
                        code: None,
                        note: None,
                    })
                    .collect(),
                partnerships: parts
                    .into_iter()
                    .map(|(id, members, members_text)| Partnership {
                        id: id.clone(),
                        name: id,
                        kind: PartnershipKind::Formal,
                        complexity: Some(Complexity::Complex),
                        members,
                        members_text,
                        purpose: None,
                        documented: Some(true),
                        parent: None,
                        assurance: Some(AssuranceLevel::Reasonable),
                        shares: vec![],
                        note: None,
                    })
                    .collect(),
                objectives: objs
                    .into_iter()
                    .map(|(id, title, parent)| Objective {
                        id,
                        code: None,
                        title,
                        level: Some(ObjectiveLevel::Aim),
                        parent,
                        description: None,
                    })
                    .collect(),
                commitments: comms
                    .into_iter()
                    .map(|(id, text, ms)| Commitment {
                        id,
                        text,
                        objectives: vec![],
                        partnerships: vec![],
                        owners: vec![],
                        measures: vec![],
                        milestones: ms
                            .into_iter()
                            .enumerate()
                            .map(|(i, (period, description))| Milestone {
                                id: Some(format!("m{i}")),
                                period,
                                description,
                                due: None,
                                status: MilestoneStatus::InProgress,
                                evidence: None,
                            })
                            .collect(),
                    })
                    .collect(),
                measures,
                value_outcomes: values
                    .into_iter()
                    .map(|(id, quantity, deadweight)| ValueOutcome {
                        id: id.clone(),
                        title: id,
                        wording: None,
                        partnership: None,
                        objectives: vec![],
                        kind: ValueKind::CashSaving,
                        period: None,
                        quantity,
                        unit: None,
                        money: Some(Figure::Text("GBP x".into())),
                        basis: Basis::PerYear,
                        proxy: None,
                        duration_years: None,
                        deadweight,
                        displacement: None,
                        attribution: None,
                        drop_off: None,
                        investment: None,
                        beneficiaries: vec![],
                        evidence: None,
                        assurance: None,
                    })
                    .collect(),
            },
        )
}

proptest! {
    #[test]
    fn toml_round_trip(fw in framework()) {
        let text = fw.to_toml_string().unwrap();
        let again = Framework::from_toml_str(&text).unwrap();
        prop_assert_eq!(&fw, &again);
        // and saving again gives the same text
        prop_assert_eq!(text, again.to_toml_string().unwrap());
    }

    #[test]
    fn json_round_trip(fw in framework()) {
        let text = fw.to_json_string().unwrap();
        let again = Framework::from_json_str(&text).unwrap();
        prop_assert_eq!(&fw, &again);
    }

    #[test]
    fn toml_to_json_to_toml(fw in framework()) {
        let via_json = Framework::from_json_str(&fw.to_json_string().unwrap()).unwrap();
        let via_toml = Framework::from_toml_str(&via_json.to_toml_string().unwrap()).unwrap();
        prop_assert_eq!(&fw, &via_toml);
    }
}

#[test]
fn placeholders_kept_verbatim() {
    let fw = Framework::from_toml_str(
        r#"
schema_version = 1
id = "x"
title = "X"
period = { from = "2023/24", to = "2027/28" }
[[measures]]
id = "m"
title = "M"
unit = "percent"
polarity = "higher_is_better"
targets = [{ kind = "at_least", value = "[insert figure]", by = "[date to be included]" }]
"#,
    )
    .unwrap();
    let t = &fw.measures[0].targets[0];
    assert_eq!(t.value, Some(Figure::Text("[insert figure]".into())));
    assert!(t.value.as_ref().unwrap().is_to_be_confirmed());
    assert_eq!(t.by.as_deref(), Some("[date to be included]"));
    let back = Framework::from_toml_str(&fw.to_toml_string().unwrap()).unwrap();
    assert_eq!(fw, back);
}

#[test]
fn json_refuses_non_finite_numbers() {
    let mut fw = Framework::from_toml_str(
        "schema_version = 1\nid = \"x\"\ntitle = \"X\"\nperiod = { from = \"2023/24\", to = \"2027/28\" }\n[[organisations]]\nid = \"a\"\nname = \"A\"\nkind = \"icb\"\npopulation = nan\n",
    )
    .unwrap();
    assert!(fw.to_json_string().is_err());
    fw.organisations[0].population = Some(1.0);
    assert!(fw.to_json_string().is_ok());
}

#[test]
fn errors_name_the_path_and_line() {
    let e = Framework::from_toml_str(
        "schema_version = 1\nid = \"x\"\ntitle = \"X\"\nperiod = { from = \"2023/24\", to = \"2027/28\" }\n[[measures]]\nid = \"m\"\ntitle = \"M\"\nunit = \"percentage\"\npolarity = \"higher_is_better\"\n",
    )
    .unwrap_err();
    assert_eq!(e.path(), "measures[0].unit");
    assert!(e.message().contains("unknown variant `percentage`"), "{e}");
    assert!(e.message().contains("line 8"), "{e}");

    let e = Framework::from_json_str(r#"{"schema_version": 1, "id": "x", "title": "X", "period": {"from": "2023/24", "to": "2027/28"}, "measures": [{"id": "m", "title": "M", "unit": "percent", "polarity": "lower_is_better", "colour": "red"}]}"#).unwrap_err();
    assert_eq!(e.path(), "measures[0].colour");
    assert!(e.message().contains("unknown field `colour`"), "{e}");
}
