//! No data lost or changed (issue 9 item 3): load -> save -> load is the identity for
//! frameworks (TOML and JSON) and observations (CSV and JSON) holding hostile but valid
//! content: Welsh, Polish, emoji, right-to-left text, control characters, 100 KB texts,
//! extreme numbers (`f64::MAX`, `MIN_POSITIVE`, subnormals, -0.0, 1e-300), and every optional
//! field set. Numbers are compared by bit pattern, so -0.0 must stay -0.0.
//!
//! Also the skipping readers: a CSV with bad rows loads nothing unless the caller asks to skip
//! them, and then the skipped rows come back with their line and error.

use std::collections::BTreeMap;

use outcomes_core::data::{Observation, Observations};
use outcomes_core::model::*;
use outcomes_core::period::{Frequency, Period};

/// Texts that must survive every format unchanged.
const TEXTS: [&str; 10] = [
    // Welsh, with the circumflexed w and y.
    "Bwrdd Iechyd Prifysgol Betsi Cadwaladr: gwella iechyd a lles ŵyr a ŷd",
    // Polish.
    "Zażółć gęślą jaźń — Łódź, Kraków",
    // Emoji, including a ZWJ sequence and a flag.
    "Hospital \u{1F3E5} nurse \u{1F469}\u{200D}\u{2695}\u{FE0F} flag \u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}",
    // Arabic and Hebrew (right to left), with a right-to-left override and isolate.
    "مستشفى الجامعة \u{202E}evil.exe\u{202C} שלום \u{2067}isolated\u{2069}",
    // Quotes, backslashes, TOML and JSON escapes, line breaks of every kind.
    "\"quoted\" 'single' \\back\\slash \\u0041 \\n not a newline\r\nCRLF\rCR\nLF\u{2028}LS",
    // Control characters, tab, NUL, DEL and a BOM inside the text.
    "tab\there nul\u{0}here del\u{7f} bell\u{7} bom\u{feff}inside",
    // Surrounding spaces (kept in frameworks; see observations below).
    "  leading and trailing spaces  ",
    // CSV and spreadsheet specials.
    "=SUM(A1:A9),+1,-1,@cmd,\"a,b\"",
    // Markup and placeholders.
    "<script>alert(1)</script> [insert figure] {braces} ${dollar}",
    // Combining characters and a non-BMP CJK ideograph.
    "e\u{301} Å \u{20000} 中文",
];

/// Numbers at the edges of what f64 holds, all finite.
const NUMBERS: [f64; 12] = [
    f64::MAX,
    -f64::MAX,
    f64::MIN_POSITIVE,
    -f64::MIN_POSITIVE,
    5e-324, // the smallest subnormal
    2.225_073_858_507_201e-308,
    1e-300,
    -0.0,
    0.0,
    0.1 + 0.2,
    123_456_789_012_345_680.0,
    1.0 / 3.0,
];

fn long_text(seed: &str) -> String {
    let mut s = String::with_capacity(100 * 1024 + 64);
    while s.len() < 100 * 1024 {
        s.push_str(seed);
        s.push(' ');
    }
    s
}

fn text(i: usize) -> String {
    TEXTS[i % TEXTS.len()].to_owned()
}

fn num(i: usize) -> f64 {
    NUMBERS[i % NUMBERS.len()]
}

/// A framework with every optional field of every type set, texts from [`TEXTS`] and numbers
/// from [`NUMBERS`]. Written as struct literals so a new field fails to compile here until it
/// is set too.
fn hostile_framework(offset: usize) -> Framework {
    let t = |i: usize| text(i + offset);
    let n = |i: usize| num(i + offset);
    let fig = |i: usize| Figure::Number(n(i));
    let target = |kind: TargetKind, i: usize| Target {
        kind,
        wording: Some(t(i)),
        value: Some(fig(i)),
        upper: Some(Figure::Text(t(i + 1))),
        direction: Some(Direction::Decrease),
        by: Some("2027/28".to_owned()),
        from: Some(t(i + 2)),
        area: Some(t(i + 3)),
        comparator: Some(t(i + 4)),
        dimension: Some(t(i + 5)),
        category: Some(t(i + 6)),
        counterfactual: Some(t(i + 7)),
        per: Some(t(i + 8)),
        trajectory: vec![
            TrajectoryPoint {
                period: "2024/25".to_owned(),
                value: fig(i + 1),
            },
            TrajectoryPoint {
                period: t(i + 9),
                value: Figure::Text(t(i + 2)),
            },
        ],
    };
    let measure = |i: usize, unit: Unit, method: Method| Measure {
        id: format!("m{i}-{}", t(i)),
        title: long_text(&t(i)),
        wording: Some(t(i + 1)),
        definition: Some(long_text(&t(i + 2))),
        unit,
        per: Some(n(i)),
        polarity: Polarity::LowerIsBetter,
        method,
        frequency: Frequency::Quarterly,
        objectives: vec![t(i), "o1".to_owned()],
        owners: vec![t(i + 3)],
        baselines: vec![
            Baseline {
                period: "2021/22".to_owned(),
                value: fig(i),
                area: Some(t(i + 4)),
                numerator: Some(n(i + 1)),
                denominator: Some(n(i + 2)),
                wording: Some(t(i + 5)),
            },
            Baseline {
                period: t(i + 1),
                value: Figure::Text(t(i + 6)),
                area: Some(String::new()),
                numerator: Some(-0.0),
                denominator: Some(5e-324),
                wording: Some(String::new()),
            },
        ],
        targets: vec![
            target(TargetKind::Absolute, i),
            target(TargetKind::Gap, i + 1),
            target(TargetKind::Counterfactual, i + 2),
        ],
        breakdowns: vec![Breakdown {
            dimension: t(i + 7),
            kind: BreakdownKind::DeprivationQuintile,
            most_deprived: Some(t(i + 8)),
            least_deprived: Some(t(i + 9)),
            levels: (0..10).map(&t).collect(),
        }],
        areas: vec![t(i + 1), t(i + 2)],
        comparator: Some(t(i + 3)),
        source: Some(Source {
            name: t(i + 4),
            indicator: Some(t(i + 5)),
            url: Some(format!("https://example.invalid/{}", t(i + 6))),
        }),
        suppress_below: Some(n(i + 3)),
        note: Some(t(i + 7)),
    };
    Framework {
        schema_version: 1,
        id: format!("hostile-{offset}"),
        title: long_text(&t(0)),
        owner: Some(t(1)),
        period: PeriodCovered {
            from: "2023/24".to_owned(),
            to: t(2),
        },
        version: Some(t(3)),
        document: Some(Document {
            title: t(4),
            publisher: Some(t(5)),
            published: Some(t(6)),
            url: Some(t(7)),
        }),
        vision: Some(long_text(&t(8))),
        organisations: vec![Organisation {
            id: t(0),
            name: t(1),
            kind: OrganisationKind::LocalAuthority,
            population: Some(n(0)),
            code: Some(t(2)),
            note: Some(t(3)),
        }],
        partnerships: vec![Partnership {
            id: t(4),
            name: t(5),
            kind: PartnershipKind::Formal,
            complexity: Some(Complexity::Complex),
            members: vec![t(0), t(6)],
            members_text: Some(t(7)),
            purpose: Some(long_text(&t(8))),
            documented: Some(false),
            parent: Some(t(9)),
            assurance: Some(AssuranceLevel::ToBeConfirmed),
            shares: vec![
                Share {
                    organisation: t(0),
                    share: n(2),
                },
                Share {
                    organisation: t(1),
                    share: -0.0,
                },
            ],
            note: Some(t(1)),
        }],
        objectives: vec![Objective {
            id: "o1".to_owned(),
            code: Some(t(2)),
            title: t(3),
            level: Some(ObjectiveLevel::AreaOfFocus),
            parent: Some(t(4)),
            description: Some(long_text(&t(5))),
        }],
        commitments: vec![Commitment {
            id: t(6),
            text: long_text(&t(7)),
            objectives: vec!["o1".to_owned()],
            partnerships: vec![t(4)],
            owners: vec![t(0)],
            measures: vec![t(8)],
            milestones: vec![Milestone {
                id: Some(t(9)),
                period: "2024/25 Q2".to_owned(),
                description: t(0),
                due: Some(t(1)),
                status: MilestoneStatus::Slipped,
                evidence: Some(t(2)),
            }],
        }],
        measures: vec![
            measure(0, Unit::Percent, Method::Proportion),
            measure(4, Unit::Rate, Method::Dsr),
            measure(9, Unit::Gbp, Method::Value),
        ],
        value_outcomes: vec![ValueOutcome {
            id: t(3),
            title: t(4),
            wording: Some(t(5)),
            partnership: Some(t(4)),
            objectives: vec!["o1".to_owned()],
            kind: ValueKind::PopulationHealth,
            period: Some(t(6)),
            quantity: Some(fig(4)),
            unit: Some(t(7)),
            money: Some(Figure::Text(t(8))),
            basis: Basis::PerYear,
            proxy: Some(Proxy {
                id: Some(t(9)),
                value: Some(fig(5)),
                source: Some(t(0)),
                version: Some(t(1)),
                price_year: Some(t(2)),
                licence: Some(t(3)),
            }),
            duration_years: Some(n(6)),
            deadweight: Some(n(7)),
            displacement: Some(n(8)),
            attribution: Some(n(9)),
            drop_off: Some(n(10)),
            investment: Some(fig(11)),
            beneficiaries: vec![Share {
                organisation: t(0),
                share: n(1),
            }],
            evidence: Some(long_text(&t(2))),
            assurance: Some(AssuranceLevel::Substantial),
        }],
    }
}

/// Every number in a framework, in document order, as bits (so -0.0 differs from 0.0).
fn number_bits(fw: &Framework) -> Vec<u64> {
    fn walk(v: &serde_json::Value, out: &mut Vec<u64>) {
        match v {
            serde_json::Value::Number(n) => out.push(n.as_f64().unwrap_or(f64::NAN).to_bits()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(fw).unwrap(), &mut out);
    out
}

fn assert_same_framework(a: &Framework, b: &Framework, what: &str) {
    assert!(a == b, "{what}: the framework changed");
    assert_eq!(number_bits(a), number_bits(b), "{what}: a number changed");
}

#[test]
fn hostile_framework_survives_toml() {
    for offset in 0..TEXTS.len() {
        let fw = hostile_framework(offset);
        let toml = fw.to_toml_string().unwrap();
        let back = Framework::from_toml_str(&toml).unwrap();
        assert_same_framework(&fw, &back, &format!("TOML, offset {offset}"));
        assert_eq!(back.to_toml_string().unwrap(), toml, "TOML text is stable");
    }
}

#[test]
fn hostile_framework_survives_json() {
    for offset in 0..TEXTS.len() {
        let fw = hostile_framework(offset);
        let json = fw.to_json_string().unwrap();
        let back = Framework::from_json_str(&json).unwrap();
        assert_same_framework(&fw, &back, &format!("JSON, offset {offset}"));
        assert_eq!(back.to_json_string().unwrap(), json, "JSON text is stable");
    }
}

#[test]
fn hostile_framework_survives_toml_to_json_and_back() {
    let fw = hostile_framework(3);
    let via = Framework::from_json_str(
        &Framework::from_toml_str(&fw.to_toml_string().unwrap())
            .unwrap()
            .to_json_string()
            .unwrap(),
    )
    .unwrap();
    assert_same_framework(&fw, &via, "TOML -> JSON");
}

#[test]
fn every_optional_framework_field_is_written() {
    // The struct literals above set every field; check that saving writes each of them, so
    // none is silently dropped by a skip_serializing_if.
    let fw = hostile_framework(0);
    let json: serde_json::Value = serde_json::from_str(&fw.to_json_string().unwrap()).unwrap();
    let m = &json["measures"][0];
    for key in [
        "wording",
        "definition",
        "per",
        "comparator",
        "source",
        "suppress_below",
        "note",
        "breakdowns",
        "areas",
        "owners",
    ] {
        assert!(m.get(key).is_some(), "measure field {key} not written");
    }
    let t = &m["targets"][0];
    for key in [
        "wording",
        "value",
        "upper",
        "direction",
        "by",
        "from",
        "area",
        "comparator",
        "dimension",
        "category",
        "counterfactual",
        "per",
        "trajectory",
    ] {
        assert!(t.get(key).is_some(), "target field {key} not written");
    }
    let v = &json["value_outcomes"][0];
    for key in [
        "proxy",
        "duration_years",
        "deadweight",
        "displacement",
        "attribution",
        "drop_off",
        "investment",
        "beneficiaries",
        "evidence",
        "assurance",
    ] {
        assert!(
            v.get(key).is_some(),
            "value outcome field {key} not written"
        );
    }
    assert!(json["title"].as_str().unwrap().len() >= 100 * 1024);
}

// --- Observations ---------------------------------------------------------------------------

/// Texts for observation cells. The CSV readers trim cells, so texts here have no
/// surrounding whitespace (a documented exception: `  x  ` in a CSV cell reads as `x`).
fn cell_text(i: usize) -> String {
    TEXTS[i % TEXTS.len()].trim().to_owned()
}

/// Observation rows with every field set, hostile texts and extreme numbers that satisfy the
/// row rules (limits bracket the value, denominators positive, counts not negative).
fn hostile_rows() -> Vec<Observation> {
    let periods = [
        "2024/25",
        "2024/25 Q1",
        "Jan 2024",
        "2020 - 22",
        "Feb 2009 - Jan 2010",
    ];
    let mut rows = Vec::new();
    for i in 0..40 {
        let v = num(i);
        let mut breakdown = BTreeMap::new();
        breakdown.insert(cell_text(i + 1), cell_text(i + 2));
        if i % 3 == 0 {
            breakdown.insert("sex".to_owned(), "Female".to_owned());
        }
        rows.push(Observation {
            measure: format!("m{i} {}", cell_text(i)),
            period: Period::parse(periods[i % periods.len()]).unwrap(),
            area: if i == 0 {
                long_text("Ynys Môn").trim().to_owned()
            } else {
                cell_text(i + 3)
            },
            area_code: Some(cell_text(i + 4)),
            age: Some(cell_text(i + 5)),
            breakdown,
            value: Some(v),
            numerator: Some(v.abs()),
            denominator: Some(if v.abs() > 0.0 { v.abs() } else { 5e-324 }),
            lower: Some(v),
            upper: Some(v),
            lower_998: Some(if v == f64::MAX { v } else { -f64::MAX }),
            upper_998: Some(f64::MAX),
            note: Some(if i == 1 {
                long_text("suppressed").trim().to_owned()
            } else {
                cell_text(i + 6)
            }),
            source: Some(cell_text(i + 7)),
        });
    }
    rows
}

fn row_bits(rows: &[Observation]) -> Vec<[Option<u64>; 7]> {
    rows.iter()
        .map(|r| {
            [
                r.value,
                r.numerator,
                r.denominator,
                r.lower,
                r.upper,
                r.lower_998,
                r.upper_998,
            ]
            .map(|v| v.map(f64::to_bits))
        })
        .collect()
}

fn assert_same_rows(a: &[Observation], b: &[Observation], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: row count");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(x == y, "{what}: row {i} changed:\n{x:?}\n{y:?}");
    }
    assert_eq!(row_bits(a), row_bits(b), "{what}: a number changed (bits)");
}

#[test]
fn hostile_observations_survive_csv() {
    let rows = hostile_rows();
    let obs = Observations::from_rows(rows.clone()).unwrap();
    let csv = obs.to_csv_string();
    let back = Observations::from_csv_reader(csv.as_bytes()).unwrap();
    let back_rows: Vec<Observation> = back.iter().collect();
    assert_same_rows(&rows, &back_rows, "CSV");
    assert_eq!(back.to_csv_string(), csv, "CSV text is stable");
}

#[test]
fn hostile_observations_survive_json() {
    let rows = hostile_rows();
    let obs = Observations::from_rows(rows.clone()).unwrap();
    let json = obs.to_json_string().unwrap();
    let back = Observations::from_json_str(&json).unwrap();
    let back_rows: Vec<Observation> = back.iter().collect();
    assert_same_rows(&rows, &back_rows, "JSON");
    assert_eq!(back.to_json_string().unwrap(), json, "JSON text is stable");
}

#[test]
fn csv_writes_negative_zero_and_subnormals_exactly() {
    // The writer uses Rust's `Display` for f64: the shortest text that reads back to the same
    // bits, never in exponent form. So -0.0 is written "-0" and keeps its sign, and the
    // subnormal 5e-324 is written as a 0.000...5 decimal of 326 characters: long, but exact.
    let mut row = Observation::new("m", Period::parse("2024/25").unwrap(), -0.0);
    row.numerator = Some(5e-324);
    row.denominator = Some(f64::MIN_POSITIVE);
    row.upper = Some(f64::MAX);
    let obs = Observations::from_rows([row]).unwrap();
    let csv = obs.to_csv_string();
    let line = csv.lines().nth(1).unwrap();
    assert!(line.contains(",-0,"), "{line}");
    assert!(line.contains(&format!(",{},", 5e-324f64)), "{line}");
    let back = Observations::from_csv_reader(csv.as_bytes()).unwrap();
    assert_eq!(back.values()[0].to_bits(), (-0.0f64).to_bits());
    assert_eq!(back.numerators()[0].to_bits(), 5e-324f64.to_bits());
    assert_eq!(
        back.denominators()[0].to_bits(),
        f64::MIN_POSITIVE.to_bits()
    );
    assert_eq!(back.uppers()[0].to_bits(), f64::MAX.to_bits());
}

#[test]
fn json_text_keeps_surrounding_spaces_that_csv_trims() {
    // The documented exception: CSV cells are trimmed on reading, JSON strings are not.
    let mut row = Observation::new("m", Period::parse("2024/25").unwrap(), 1.0);
    row.note = Some("  padded  ".to_owned());
    let obs = Observations::from_rows([row]).unwrap();
    let json = Observations::from_json_str(&obs.to_json_string().unwrap()).unwrap();
    assert_eq!(json.row(0).note.as_deref(), Some("  padded  "));
    let csv = Observations::from_csv_reader(obs.to_csv_string().as_bytes()).unwrap();
    assert_eq!(csv.row(0).note.as_deref(), Some("padded"));
}

// --- Bad rows: nothing partial unless asked -------------------------------------------------

const WITH_BAD_ROWS: &str = "measure,period,area,value,numerator,denominator\n\
smoking,2021/22,Nottingham,13.0,390,3000\n\
smoking,2022/23,Nottingham,n/a,,\n\
smoking,2023/24,Nottingham,11.4,342,3000\n\
smoking,2024/25 Q5,Nottingham,11.0,330,3000\n\
smoking,2021/22,Nottingham,13.5,,\n\
smoking,2024/25,Nottingham,10.9,-1,3000\n\
smoking,2025/26,Nottingham,10.5,315,3000\n";

#[test]
fn strict_csv_reader_loads_nothing_and_names_the_first_bad_row() {
    let e = Observations::from_csv_reader(WITH_BAD_ROWS.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 3 (value)");
    assert!(
        e.message()
            .ends_with("(and 3 more bad rows; nothing was loaded)"),
        "{}",
        e.message()
    );
}

#[test]
fn skipping_csv_reader_keeps_good_rows_and_returns_bad_ones() {
    let (obs, skipped) = Observations::from_csv_reader_skipping(WITH_BAD_ROWS.as_bytes()).unwrap();
    let periods: Vec<String> = obs.iter().map(|r| r.period.to_string()).collect();
    assert_eq!(periods, ["2021/22", "2023/24", "2025/26"]);
    let lines: Vec<u64> = skipped.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 5, 6, 7]);
    let paths: Vec<&str> = skipped.iter().map(|(_, e)| e.path()).collect();
    assert_eq!(
        paths,
        [
            "line 3 (value)",
            "line 5 (period)",
            "line 6",
            "line 7 (numerator)"
        ]
    );
    assert!(skipped[2].1.message().contains("duplicate row: line 2"));
    assert!(
        skipped
            .iter()
            .all(|(_, e)| e.kind() == outcomes_core::ErrorKind::Data)
    );
    // Origins of the kept rows still name their lines.
    assert_eq!(obs.origin(2), "line 8");
}

#[test]
fn skipping_csv_reader_with_no_bad_rows_equals_strict() {
    let good = "measure,period,value\nsmoking,2021/22,13.0\nsmoking,2022/23,12.0\n";
    let strict = Observations::from_csv_reader(good.as_bytes()).unwrap();
    let (obs, skipped) = Observations::from_csv_reader_skipping(good.as_bytes()).unwrap();
    assert!(skipped.is_empty());
    // Compared row by row: the store holds missing numbers as NaN, so `==` on two stores
    // with a missing number is false.
    assert_eq!(
        obs.iter().collect::<Vec<_>>(),
        strict.iter().collect::<Vec<_>>()
    );
    let origins = |o: &Observations| (0..o.len()).map(|i| o.origin(i)).collect::<Vec<_>>();
    assert_eq!(origins(&obs), origins(&strict));
}

#[test]
fn skipping_csv_reader_still_fails_on_structural_errors() {
    let ragged = "measure,period,value\nsmoking,2021/22,n/a\nsmoking,2022/23,12.0,extra\n";
    let e = Observations::from_csv_reader_skipping(ragged.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 3");
    assert!(
        e.message().contains("3 fields but the header has 2") || e.message().contains("fields")
    );
    let mut bad_utf8 = b"measure,period,value\nsmoking,2021/22,1\n".to_vec();
    bad_utf8.extend_from_slice(b"smok\xffing,2022/23,2\n");
    assert!(Observations::from_csv_reader_skipping(&bad_utf8[..]).is_err());
    let no_header = "measure,value\nsmoking,1\n";
    assert!(Observations::from_csv_reader_skipping(no_header.as_bytes()).is_err());
}

const FINGERTIPS_WITH_BAD_ROWS: &str = "Indicator ID,Indicator Name,Area Code,Area Name,Sex,Age,Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator,Value note,Time period Sortable\n\
93085,Smoking,E06000018,Nottingham,Female,All ages,,,2021/22,13.0,12.0,14.0,390,3000,,20210000\n\
93085,Smoking,E06000018,Nottingham,Female,All ages,,,2022/23,12.1,11.0,13.3,363,3000,,20230000\n\
93085,Smoking,E06000018,Nottingham,Female,All ages,,,2023/24,bad,,,,,,20230000\n\
93085,Smoking,E06000018,Nottingham,Female,All ages,,,2024/25,11.0,10.0,12.0,330,3000,,20240000\n";

#[test]
fn fingertips_strict_and_skipping_readers() {
    let e =
        Observations::from_fingertips_csv_reader(FINGERTIPS_WITH_BAD_ROWS.as_bytes()).unwrap_err();
    assert_eq!(e.path(), "line 3 (Time period Sortable)");
    assert!(
        e.message()
            .ends_with("(and 1 more bad row; nothing was loaded)"),
        "{}",
        e.message()
    );
    let (obs, skipped) =
        Observations::from_fingertips_csv_reader_skipping(FINGERTIPS_WITH_BAD_ROWS.as_bytes())
            .unwrap();
    assert_eq!(obs.len(), 2);
    let lines: Vec<u64> = skipped.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4]);
    assert_eq!(skipped[1].1.path(), "line 4 (Value)");
    let ragged = format!("{FINGERTIPS_WITH_BAD_ROWS}93085,x\n");
    assert!(Observations::from_fingertips_csv_reader_skipping(ragged.as_bytes()).is_err());
}
