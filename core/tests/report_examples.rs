//! Every bundled example renders its 2024/25 annual review in each format; the committed
//! renderings (`examples/*/review-2024-25.{md,html,json}`) and the Markdown snapshot
//! (`core/tests/snapshots/`) are checked for drift.
//!
//! Regenerate the example reviews with `UPDATE_REVIEWS=1 cargo test -p outcomes-core --test
//! report_examples`, and the snapshot with `UPDATE_SNAPSHOTS=1`; review the diff.

mod report_common;

use std::path::Path;

use outcomes_core::report::Review;
use outcomes_core::value::ProxyTable;
use report_common::{EXAMPLES, evaluate_example, example_dir, well_formed};

fn review(name: &str) -> Review {
    let (fw, ev) = evaluate_example(name, "2025-03-31");
    ev.annual_review_with(&fw, &ProxyTable::new(), "2024/25", None)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn check_file(path: &Path, text: &str, var: &str) {
    if std::env::var_os(var).is_some() {
        std::fs::write(path, text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != text {
        let line = committed
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the length".to_owned(), |i| format!("line {}", i + 1));
        panic!(
            "{} is out of date (first difference at {line}); regenerate with {var}=1 cargo test -p outcomes-core --test report_examples and review the diff",
            path.display()
        );
    }
}

#[test]
fn every_example_renders_in_every_format() {
    for name in EXAMPLES {
        let r = review(name);
        let md = r.to_markdown();
        assert!(md.starts_with("# Annual review 2024/25: "), "{name}");
        let html = r.to_html();
        let tags =
            well_formed(&html).unwrap_or_else(|e| panic!("{name}: HTML not well-formed: {e}"));
        let eligible = r.measures.iter().filter(|m| m.spc.is_some()).count();
        let charts = tags
            .iter()
            .filter(|t| t.name == "svg" && t.attrs.iter().any(|(n, v)| n == "class" && v == "spc"))
            .count();
        assert_eq!(
            charts, eligible,
            "{name}: one SPC chart per row with an SPC summary"
        );
        let trajectories = r
            .measures
            .iter()
            .filter(|m| m.trajectory_chart.is_some())
            .count();
        assert_eq!(
            html.matches("<svg class=\"trajectory\"").count(),
            trajectories,
            "{name}"
        );
        assert!(
            tags.iter()
                .all(|t| t.name != "script"
                    && t.attrs.iter().all(|(n, _)| n != "href" && n != "src"))
        );
        let json = r.to_json().unwrap();
        assert_eq!(
            Review::from_json_str(&json).unwrap(),
            r,
            "{name}: JSON round trip"
        );
        let csv = r.to_csv();
        for t in r.tables() {
            assert!(
                csv.contains(&format!("table,{}\n", t.name)),
                "{name}: table {}",
                t.name
            );
            let text = t.to_csv();
            let mut rdr = csv::Reader::from_reader(text.as_bytes());
            for rec in rdr.records() {
                assert_eq!(
                    rec.unwrap().len(),
                    t.columns.len(),
                    "{name}: table {}",
                    t.name
                );
            }
        }
        assert_eq!(
            r.partnerships.len(),
            r.partnerships
                .iter()
                .map(|p| &p.id)
                .collect::<std::collections::HashSet<_>>()
                .len()
        );
    }
}

#[test]
fn examples_show_their_charts_and_value() {
    // The examples' data make these charts: enough monthly points for SPC, and a trajectory
    // target in the Joint Forward Plan (0.2% of the ICB budget rising to 1.4%).
    let charts = |name: &str| {
        let r = review(name);
        (
            r.measures.iter().filter(|m| m.spc.is_some()).count(),
            r.measures
                .iter()
                .filter(|m| m.trajectory_chart.is_some())
                .count(),
        )
    };
    assert!(charts("working-together-partnership").0 >= 1);
    assert!(charts("notts-joint-forward-plan").1 >= 1);
    // Sherwood Forest's illustrative 2024/25 progress: one money figure (420,000), three
    // outcomes counted but not valued.
    let r = review("sherwood-forest-partnerships");
    assert_eq!(r.value.total.one_off, 420_000.0);
    assert_eq!(r.value.not_monetised.len(), 3);
    // Working Together's joint buying saving is dated 2015/16: outside 2024/25.
    let r = review("working-together-partnership");
    assert!(r.value_excluded.iter().any(|x| x.id == "joint-buying"));
}

#[test]
fn committed_example_reviews_are_current() {
    for name in EXAMPLES {
        let r = review(name);
        let dir = example_dir(name);
        check_file(
            &dir.join("review-2024-25.md"),
            &r.to_markdown(),
            "UPDATE_REVIEWS",
        );
        check_file(
            &dir.join("review-2024-25.html"),
            &r.to_html(),
            "UPDATE_REVIEWS",
        );
        check_file(
            &dir.join("review-2024-25.json"),
            &(r.to_json().unwrap() + "\n"),
            "UPDATE_REVIEWS",
        );
    }
}

#[test]
fn markdown_snapshot_with_previous_year() {
    let name = "sherwood-forest-partnerships";
    let (fw, ev) = evaluate_example(name, "2024-03-31");
    let previous = ev
        .annual_review_with(&fw, &ProxyTable::new(), "2023/24", None)
        .unwrap();
    let (fw, ev) = evaluate_example(name, "2025-03-31");
    let r = ev
        .annual_review_with(&fw, &ProxyTable::new(), "2024/25", Some(&previous))
        .unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/sherwood-forest-review-2024-25-with-previous.md");
    check_file(&path, &r.to_markdown(), "UPDATE_SNAPSHOTS");
}
