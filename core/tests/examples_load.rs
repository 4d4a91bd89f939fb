//! The five bundled examples (`examples/*/framework.toml`) load, round-trip losslessly
//! through TOML and JSON, take their progress files, and hold what their source documents
//! say (counts checked against the documents in `shared/seeds/`, cited per assertion).

use std::collections::HashSet;
use std::path::PathBuf;

use outcomes_core::model::{
    Figure, Framework, MilestoneStatus, ObjectiveLevel, PartnershipKind, Progress, TargetKind,
};

fn example_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("examples")
        .join(name)
}

/// Loads an example and checks the TOML and JSON round trips and that ids are unique.
fn load(name: &str) -> Framework {
    let path = example_dir(name).join("framework.toml");
    let fw = Framework::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let toml = fw.to_toml_string().expect("to TOML");
    let again = Framework::from_toml_str(&toml).expect("TOML written by the library reads back");
    assert_eq!(fw, again, "{name}: TOML round trip changed the framework");
    let json = fw.to_json_string().expect("to JSON");
    let again = Framework::from_json_str(&json).expect("JSON written by the library reads back");
    assert_eq!(fw, again, "{name}: JSON round trip changed the framework");
    assert_eq!(fw.id, name, "framework id matches its folder");
    check_references(name, &fw);
    fw
}

fn unique<'a>(name: &str, what: &str, ids: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for id in ids {
        assert!(seen.insert(id), "{name}: duplicate {what} id {id:?}");
        assert!(
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{name}: {what} id {id:?} is not short kebab-case"
        );
    }
    seen
}

/// Every id in `ids`, referenced from `from`, is in `known`.
fn refs(name: &str, from: &str, what: &str, ids: &[String], known: &HashSet<&str>) {
    for id in ids {
        assert!(
            known.contains(id.as_str()),
            "{name}: {from} refers to unknown {what} {id:?}"
        );
    }
}

/// Every id referenced exists (validation does this too; the examples must be clean of it).
fn check_references(name: &str, fw: &Framework) {
    let orgs = unique(
        name,
        "organisation",
        fw.organisations.iter().map(|o| o.id.as_str()),
    );
    let parts = unique(
        name,
        "partnership",
        fw.partnerships.iter().map(|p| p.id.as_str()),
    );
    let objs = unique(
        name,
        "objective",
        fw.objectives.iter().map(|o| o.id.as_str()),
    );
    let meas = unique(name, "measure", fw.measures.iter().map(|m| m.id.as_str()));
    unique(
        name,
        "commitment",
        fw.commitments.iter().map(|c| c.id.as_str()),
    );
    unique(
        name,
        "value outcome",
        fw.value_outcomes.iter().map(|v| v.id.as_str()),
    );
    if let Some(owner) = &fw.owner {
        assert!(orgs.contains(owner.as_str()), "{name}: owner {owner}");
    }
    for p in &fw.partnerships {
        for m in &p.members {
            assert!(
                orgs.contains(m.as_str()) || parts.contains(m.as_str()),
                "{name}: partnership {} member {m}",
                p.id
            );
        }
        if let Some(parent) = &p.parent {
            assert!(parts.contains(parent.as_str()), "{name}: {} parent", p.id);
        }
        assert!(
            p.members.len() >= 2 || p.members_text.is_some(),
            "{name}: partnership {} has fewer than two members and no members_text",
            p.id
        );
    }
    for o in &fw.objectives {
        if let Some(parent) = &o.parent {
            assert!(objs.contains(parent.as_str()), "{name}: {} parent", o.id);
        }
    }
    for c in &fw.commitments {
        refs(name, &c.id, "objective", &c.objectives, &objs);
        refs(name, &c.id, "partnership", &c.partnerships, &parts);
        refs(name, &c.id, "owner", &c.owners, &orgs);
        refs(name, &c.id, "measure", &c.measures, &meas);
        let mut seen = HashSet::new();
        for m in &c.milestones {
            let id =
                m.id.as_deref()
                    .unwrap_or_else(|| panic!("{name}: {} milestone without id", c.id));
            assert!(seen.insert(id), "{name}: {} duplicate milestone {id}", c.id);
        }
    }
    for m in &fw.measures {
        refs(name, &m.id, "objective", &m.objectives, &objs);
        refs(name, &m.id, "owner", &m.owners, &orgs);
        for t in &m.targets {
            assert!(
                t.wording.is_some(),
                "{name}: measure {} target has no wording",
                m.id
            );
            if let Some(d) = &t.dimension {
                assert!(
                    m.breakdowns.iter().any(|b| &b.dimension == d),
                    "{name}: {} gap target dimension {d} is not a breakdown",
                    m.id
                );
            }
        }
    }
    for v in &fw.value_outcomes {
        if let Some(p) = &v.partnership {
            assert!(
                parts.contains(p.as_str()),
                "{name}: {} partnership {p}",
                v.id
            );
        }
        refs(name, &v.id, "objective", &v.objectives, &objs);
    }
}

fn count_level(fw: &Framework, level: ObjectiveLevel) -> usize {
    fw.objectives
        .iter()
        .filter(|o| o.level == Some(level))
        .count()
}

fn measure<'a>(fw: &'a Framework, id: &str) -> &'a outcomes_core::model::Measure {
    fw.measures
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("measure {id}"))
}

fn is_text(f: Option<&Figure>, text: &str) -> bool {
    matches!(f, Some(Figure::Text(t)) if t == text)
}

#[test]
fn sherwood_forest_partnerships() {
    let fw = load("sherwood-forest-partnerships");
    // Section 4 "Trust Objectives": six strategic objectives under the vision.
    let trust: Vec<_> = fw
        .objectives
        .iter()
        .filter(|o| o.parent.as_deref() == Some("vision"))
        .collect();
    assert_eq!(trust.len(), 6);
    assert_eq!(count_level(&fw, ObjectiveLevel::Vision), 1);
    // Delivery plan table: seven rows (trust objective 6 has two).
    let rows: Vec<_> = fw
        .commitments
        .iter()
        .filter(|c| c.id.starts_with("dp"))
        .collect();
    assert_eq!(rows.len(), 7);
    // "over the next five years we commit to": twelve commitments.
    assert_eq!(
        fw.commitments
            .iter()
            .filter(|c| c.id.starts_with("fy-"))
            .count(),
        12
    );
    // Actions in the 2024/25 and 2025/26+ columns: 15 and 14.
    let milestones: Vec<_> = rows.iter().flat_map(|c| &c.milestones).collect();
    assert_eq!(
        milestones.iter().filter(|m| m.period == "2024/25").count(),
        15
    );
    assert_eq!(
        milestones.iter().filter(|m| m.period == "2025/26+").count(),
        14
    );
    // Section 3: three critical statutory partnerships plus Place Boards and Step into the NHS.
    assert_eq!(fw.partnerships.len(), 5);
    let statutory = fw
        .partnerships
        .iter()
        .filter(|p| p.kind == PartnershipKind::Statutory)
        .count();
    assert_eq!(statutory, 3);
    let mnpbp = fw
        .partnerships
        .iter()
        .find(|p| p.id == "mnpbp")
        .expect("MNPBP");
    assert!(
        mnpbp
            .members_text
            .as_deref()
            .is_some_and(|t| t.contains("over 15 health and care organisations"))
    );
    // "Measures of success": one measure, the annual review of value-added outcomes; no figures.
    assert_eq!(fw.measures.len(), 1);
    assert!(fw.measures[0].baselines.is_empty() && fw.measures[0].targets.is_empty());
    // The document gives no value figures: they come only from the progress file.
    assert!(
        fw.value_outcomes
            .iter()
            .all(|v| v.quantity.is_none() && v.money.is_none())
    );

    let progress =
        Progress::load(example_dir("sherwood-forest-partnerships").join("progress-2024-25.toml"))
            .expect("progress file loads");
    assert!(
        progress
            .label
            .as_deref()
            .is_some_and(|l| l.contains("synthetic"))
    );
    let updated = fw.with_progress(&progress).expect("progress applies");
    let dp1 = updated
        .commitments
        .iter()
        .find(|c| c.id == "dp1")
        .expect("dp1");
    assert_eq!(dp1.milestones[0].status, MilestoneStatus::Done);
    let step = updated
        .value_outcomes
        .iter()
        .find(|v| v.id == "step-into-the-nhs-employment")
        .expect("Step into the NHS");
    assert_eq!(step.quantity.as_ref().and_then(Figure::number), Some(38.0));
}

#[test]
fn working_together_partnership() {
    let fw = load("working-together-partnership");
    // "Which Trusts make up the Working Together Partnership?": seven trusts, all members.
    assert_eq!(fw.organisations.len(), 7);
    let wtp = fw.partnerships.iter().find(|p| p.id == "wtp").expect("WTP");
    assert_eq!(wtp.members.len(), 7);
    // "What are we trying to do?": three objectives; "We want to:": six aims.
    assert_eq!(count_level(&fw, ObjectiveLevel::Objective), 3);
    assert_eq!(count_level(&fw, ObjectiveLevel::Aim), 6);
    // "Next steps and guiding principles": eight principles, the seventh on equalisation.
    assert_eq!(count_level(&fw, ObjectiveLevel::Principle), 8);
    let p7 = fw
        .objectives
        .iter()
        .find(|o| o.code.as_deref() == Some("7"))
        .expect("p7");
    assert!(p7.title.contains("cost/benefit equalisation"));
    // "What has Working Together achieved so far?": four achievements; about GBP 1m from
    // joint buying, and duplicate tests avoided (no figure given).
    assert_eq!(fw.value_outcomes.len(), 4);
    let buying = fw
        .value_outcomes
        .iter()
        .find(|v| v.id == "joint-buying")
        .expect("joint buying");
    assert_eq!(
        buying.money.as_ref().and_then(Figure::number),
        Some(1_000_000.0)
    );
    let tests = fw
        .value_outcomes
        .iter()
        .find(|v| v.id == "shared-results-system")
        .expect("ICE");
    assert!(tests.quantity.is_none());
    // "How will we achieve this?": six changes, plus next steps and principles 7 and 8.
    assert_eq!(fw.commitments.len(), 10);
    assert_eq!(
        measure(&fw, "duplicate-tests").frequency,
        outcomes_core::model::Frequency::Monthly
    );
}

#[test]
fn nuh_provider_collaboratives() {
    let fw = load("nuh-provider-collaboratives");
    // "East Midlands Specialised Services" table: five ICS/STP footprints whose populations
    // sum to the East Midlands total 4,919,189; Nottingham and Nottinghamshire 1,082,036.
    let footprints: Vec<_> = fw
        .organisations
        .iter()
        .filter(|o| o.population.is_some())
        .collect();
    assert_eq!(footprints.len(), 5);
    let total: f64 = footprints.iter().filter_map(|o| o.population).sum();
    assert!(
        (total - 4_919_189.0).abs() < 0.5,
        "East Midlands total {total}"
    );
    let notts = fw
        .organisations
        .iter()
        .find(|o| o.id == "notts-ics")
        .expect("Notts");
    assert_eq!(notts.population, Some(1_082_036.0));
    // "Background": three statutory provider trusts form the ICS provider collaborative.
    let pc = fw
        .partnerships
        .iter()
        .find(|p| p.id == "ics-provider-collaborative")
        .expect("ICS provider collaborative");
    assert_eq!(pc.members, ["sfh", "nht", "nuh"]);
    // "We think we may need to be part of 2 Provider Collaboratives ... and work with 3
    // Place-based partnerships".
    let two = fw
        .commitments
        .iter()
        .find(|c| c.id == "two-collaboratives")
        .expect("2 PCs");
    assert_eq!(two.partnerships.len(), 2);
    let three = fw
        .commitments
        .iter()
        .find(|c| c.id == "three-places")
        .expect("3 places");
    assert_eq!(three.partnerships.len(), 3);
    // "Required capabilities" and "Benefits of scale": six each.
    let under = |parent: &str| {
        fw.objectives
            .iter()
            .filter(|o| o.parent.as_deref() == Some(parent))
            .count()
    };
    assert_eq!(under("required-capabilities"), 6);
    assert_eq!(
        under("benefits-of-scale"),
        7,
        "six benefits plus the capabilities node"
    );
    // "Circa 40 SLAs for services between SFH and NUH".
    let slas = fw
        .value_outcomes
        .iter()
        .find(|v| v.id == "sla-services")
        .expect("SLAs");
    assert_eq!(slas.quantity.as_ref().and_then(Figure::number), Some(40.0));
}

#[test]
fn notts_joint_forward_plan() {
    let fw = load("notts-joint-forward-plan");
    assert_eq!(fw.period.from, "2023/24");
    assert_eq!(fw.period.to, "2027/28");
    // "three strategic principles", "four areas of focus 2023-24 to 2027-28", the four
    // strategic ambitions, and the five initiatives ("How?") of the table.
    assert_eq!(count_level(&fw, ObjectiveLevel::Principle), 3);
    assert_eq!(count_level(&fw, ObjectiveLevel::AreaOfFocus), 4);
    assert_eq!(count_level(&fw, ObjectiveLevel::Aim), 4);
    assert_eq!(count_level(&fw, ObjectiveLevel::Priority), 5);
    // "Success in delivering our five-year plan will mean our ICS will:" twelve statements.
    assert_eq!(
        fw.objectives
            .iter()
            .filter(|o| o.id.starts_with("success-"))
            .count(),
        12
    );
    // Success factors: twelve in the table, plus waiting times within national requirements.
    assert_eq!(fw.measures.len(), 13);
    // The health inequalities fund: 0.2% of ICB budget (GBP 4.5m) in 2023-24, at least 1.4%
    // by year five.
    let fund = measure(&fw, "hi-fund-share");
    assert_eq!(fund.baselines.len(), 1);
    assert_eq!(fund.baselines[0].period, "2023/24");
    assert_eq!(fund.baselines[0].value.number(), Some(0.2));
    assert!(
        fund.baselines[0]
            .wording
            .as_deref()
            .is_some_and(|w| w.contains("£4.5m"))
    );
    let at_least = &fund.targets[0];
    assert_eq!(at_least.kind, TargetKind::AtLeast);
    assert_eq!(at_least.value.as_ref().and_then(Figure::number), Some(1.4));
    assert_eq!(at_least.by.as_deref(), Some("year five"));
    // "Expansion of targeted lung health programme starting this year and completed in 2025-26."
    let lung = fw
        .commitments
        .iter()
        .find(|c| c.id == "lung-health")
        .expect("lung health");
    assert_eq!(lung.milestones.len(), 2);
    assert_eq!(lung.milestones[1].period, "2025/26");
}

#[test]
fn notts_integrated_care_strategy() {
    let fw = load("notts-integrated-care-strategy");
    // "Guiding principles": three; "Strategic aims": four; eleven priorities under them.
    assert_eq!(count_level(&fw, ObjectiveLevel::Principle), 3);
    assert_eq!(count_level(&fw, ObjectiveLevel::Aim), 4);
    assert_eq!(count_level(&fw, ObjectiveLevel::Priority), 11);
    // Every "How will we know we have got there?" bullet: 6 + 10 + 4 (aim one), 9 + 5 (aim
    // two), 5 + 2 + 3 + 1 + 9 (aim three), 13 (aim four).
    assert_eq!(fw.measures.len(), 67);
    // Every "What will we do?" bullet (49), the foreword's nine, and fifteen delivery items.
    assert_eq!(fw.commitments.len(), 73);
    // Figure 3: four place-based partnerships with their populations.
    let pbp_pop: f64 = fw
        .organisations
        .iter()
        .filter(|o| o.id.starts_with("pbp-"))
        .filter_map(|o| o.population)
        .sum();
    assert!((pbp_pop - 1_226_000.0).abs() < 0.5);
    // "Our delivery organisations and partnerships": five formal partnerships besides the ICP.
    for id in [
        "hwbs",
        "pbps",
        "provider-collaboratives",
        "primary-care",
        "vcse-alliance",
    ] {
        assert!(fw.partnerships.iter().any(|p| p.id == id), "{id}");
    }

    // Baselines quoted in "The health and wellbeing of our population".
    let satod = measure(&fw, "smoking-at-delivery");
    let by_area = |m: &outcomes_core::model::Measure, area: &str| {
        m.baselines
            .iter()
            .find(|b| b.area.as_deref() == Some(area))
            .and_then(|b| b.value.number())
    };
    assert_eq!(by_area(satod, "Nottingham"), Some(13.0));
    assert_eq!(by_area(satod, "Nottinghamshire"), Some(12.6));
    let y6 = measure(&fw, "year6-overweight");
    assert_eq!(by_area(y6, "Nottingham"), Some(40.8));
    assert_eq!(by_area(y6, "Bassetlaw"), Some(38.4));
    assert_eq!(y6.targets[0].kind, TargetKind::Stabilise);
    assert_eq!(y6.targets[0].from.as_deref(), Some("[date to be included]"));
    let hle = measure(&fw, "healthy-life-expectancy");
    assert_eq!(by_area(hle, "Nottingham"), Some(57.5));
    assert_eq!(by_area(hle, "Nottinghamshire"), Some(60.0));
    assert_eq!(by_area(hle, "England"), Some(64.0));
    assert_eq!(hle.comparator.as_deref(), Some("England"));

    // Target forms.
    let ld = measure(&fw, "ld-health-checks");
    assert_eq!(ld.targets[0].kind, TargetKind::AtLeast);
    assert_eq!(
        ld.targets[0].value.as_ref().and_then(Figure::number),
        Some(75.0)
    );
    let ea = measure(&fw, "emergency-admissions");
    assert_eq!(ea.targets[0].kind, TargetKind::Counterfactual);
    assert_eq!(
        ea.targets[0].value.as_ref().and_then(Figure::number),
        Some(-5.0)
    );
    assert_eq!(
        measure(&fw, "smokefree-2040").targets[0].by.as_deref(),
        Some("2040")
    );
    let gap = measure(&fw, "life-expectancy-gap");
    assert_eq!(gap.targets[0].kind, TargetKind::Gap);
    let quintiles = &gap.breakdowns[0];
    assert_eq!(quintiles.most_deprived.as_deref(), Some("1"));
    assert_eq!(quintiles.least_deprived.as_deref(), Some("5"));
    let apprentices = measure(&fw, "local-apprentices");
    assert_eq!(apprentices.targets[0].kind, TargetKind::Ratio);
    assert_eq!(
        apprentices.targets[0].per.as_deref(),
        Some("£x million spend")
    );

    // Placeholders kept verbatim, never guessed.
    assert!(is_text(
        measure(&fw, "trauma-training").targets[0].value.as_ref(),
        "[Insert figure]"
    ));
    assert!(is_text(
        measure(&fw, "self-harm-admissions").targets[0]
            .value
            .as_ref(),
        "[figure]"
    ));
    assert!(is_text(
        measure(&fw, "qi-staff-trained").targets[0].value.as_ref(),
        "[Figure here]"
    ));
    assert_eq!(
        measure(&fw, "breastfeeding").targets[1].by.as_deref(),
        Some("[outcome to be completed]")
    );
    assert_eq!(
        measure(&fw, "hcai").definition.as_deref(),
        Some("[Measurement details to be added]")
    );
    assert_eq!(
        measure(&fw, "carbon-net-zero").targets[0].by.as_deref(),
        Some("[insert date]")
    );
    // Aim four: NUH's 18,000 square metres of glass, funded by a GBP 70 million grant.
    let glazing = &fw.value_outcomes[0];
    assert_eq!(
        glazing.quantity.as_ref().and_then(Figure::number),
        Some(18_000.0)
    );
    assert_eq!(
        glazing.investment.as_ref().and_then(Figure::number),
        Some(70_000_000.0)
    );
}

/// Every example's `observations.csv` (written by `examples/generate_observations.py`) is
/// labelled synthetic, names only measures and breakdown dimensions of its framework, keeps
/// value = numerator / denominator x 100 (or x per), and gives SPC at least 24 points for
/// every monthly series.
#[test]
fn observations_are_labelled_synthetic_and_match_their_frameworks() {
    use std::collections::HashMap;
    const BASE: [&str; 10] = [
        "measure",
        "period",
        "area",
        "value",
        "numerator",
        "denominator",
        "lower",
        "upper",
        "note",
        "source",
    ];
    for name in [
        "sherwood-forest-partnerships",
        "notts-integrated-care-strategy",
        "notts-joint-forward-plan",
        "nuh-provider-collaboratives",
        "working-together-partnership",
    ] {
        let fw = load(name);
        let path = example_dir(name).join("observations.csv");
        let mut reader = csv::Reader::from_path(&path).expect("observations.csv");
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(&header[..10], BASE, "{name}: base columns");
        let dims: HashSet<&str> = fw
            .measures
            .iter()
            .flat_map(|m| m.breakdowns.iter().map(|b| b.dimension.as_str()))
            .collect();
        for extra in &header[10..] {
            assert!(
                dims.contains(extra.as_str()),
                "{name}: column {extra} is no breakdown"
            );
        }
        let mut series: HashMap<String, usize> = HashMap::new();
        let mut rows = 0;
        for record in reader.records() {
            let r = record.expect("row");
            rows += 1;
            let m = measure(&fw, &r[0]);
            assert!(
                r[8].contains("synthetic example data"),
                "{name}: row {rows} note"
            );
            let value: f64 = r[3].parse().expect("value");
            if let (Ok(n), Ok(d)) = (r[4].parse::<f64>(), r[5].parse::<f64>()) {
                let scale = match m.unit {
                    outcomes_core::model::Unit::Percent => 100.0,
                    _ => m.per.unwrap_or(1.0),
                };
                assert!(
                    (n / d * scale - value).abs() < 1e-3,
                    "{name}: row {rows} value"
                );
            }
            if m.unit == outcomes_core::model::Unit::Percent {
                assert!((0.0..=100.0).contains(&value), "{name}: row {rows} percent");
            }
            let key = r
                .iter()
                .enumerate()
                .filter(|(i, _)| ![1, 3, 4, 5, 6, 7, 8, 9].contains(i));
            let key: Vec<&str> = key.map(|(_, c)| c).collect();
            if m.frequency == outcomes_core::model::Frequency::Monthly {
                *series.entry(key.join("|")).or_default() += 1;
            }
        }
        assert!(rows > 0, "{name}: no observations");
        for (k, n) in series {
            assert!(
                n >= 24,
                "{name}: monthly series {k} has {n} points, SPC needs 24"
            );
        }
    }
}
