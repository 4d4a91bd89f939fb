//! The annual review through the C ABI is the core's: for every example and every format,
//! with and without a previous review, with a progress file applied through the ABI; and the
//! errors name the argument (the C tests check the same entry points from C).

use std::ffi::{CStr, CString, c_char};
use std::path::{Path, PathBuf};
use std::ptr;

use outcomes::*;
use outcomes_core::data::Observations;
use outcomes_core::evaluate::{EvaluateOptions, Evaluation};
use outcomes_core::model::{Framework, Progress};
use outcomes_core::report::Review;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
const FORMATS: [&str; 4] = ["md", "html", "json", "csv"];

fn cstring(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn cpath(p: &Path) -> CString {
    cstring(p.to_str().unwrap())
}

fn last_error() -> (String, String) {
    // SAFETY: both functions return NUL-terminated strings valid until the next call.
    unsafe {
        (
            CStr::from_ptr(oc_last_error_path())
                .to_string_lossy()
                .into_owned(),
            CStr::from_ptr(oc_last_error_message())
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// Takes ownership of a string from the library and frees it with `oc_string_free`.
fn take_string(p: *mut c_char) -> String {
    assert!(!p.is_null());
    // SAFETY: `p` is a NUL-terminated string from the library, not yet freed.
    let s = unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
    // SAFETY: `p` came from the library and is freed once.
    unsafe { oc_string_free(p) };
    s
}

/// The example directories that have a framework and observations.
fn examples() -> Vec<PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("framework.toml").is_file() && p.join("observations.csv").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// An evaluation handle owned by the test, freed on drop.
struct Handle(*mut OcEvaluation);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle came from `oc_evaluate` and is freed once.
        unsafe { oc_evaluation_free(self.0) };
    }
}

/// Loads and evaluates an example through the ABI (with its progress file, if any, applied
/// by `oc_framework_with_progress_path`), freeing the inputs before returning.
fn evaluate_via_abi(dir: &Path, as_of: &str) -> Handle {
    let (mut fw, mut obs, mut ev) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    let options = cstring(&format!(r#"{{"as_of": "{as_of}"}}"#));
    // SAFETY: valid C strings and out pointers; every handle but `ev` is freed once here.
    unsafe {
        assert_eq!(
            oc_framework_from_path(cpath(&dir.join("framework.toml")).as_ptr(), &raw mut fw),
            OcStatus::Ok
        );
        let progress = dir.join("progress-2024-25.toml");
        if progress.is_file() {
            let mut updated = ptr::null_mut();
            assert_eq!(
                oc_framework_with_progress_path(fw, cpath(&progress).as_ptr(), &raw mut updated),
                OcStatus::Ok,
                "{:?}",
                last_error()
            );
            oc_framework_free(fw);
            fw = updated;
        }
        assert_eq!(
            oc_observations_from_csv_path(
                cpath(&dir.join("observations.csv")).as_ptr(),
                &raw mut obs
            ),
            OcStatus::Ok
        );
        assert_eq!(
            oc_evaluate(fw, obs, options.as_ptr(), &raw mut ev),
            OcStatus::Ok,
            "{}: {:?}",
            dir.display(),
            last_error()
        );
        oc_framework_free(fw);
        oc_observations_free(obs);
    }
    Handle(ev)
}

/// The same evaluation made by core.
fn evaluate_in_core(dir: &Path, as_of: &str) -> Evaluation {
    let mut fw = Framework::load(dir.join("framework.toml")).unwrap();
    let progress = dir.join("progress-2024-25.toml");
    if progress.is_file() {
        fw = fw
            .with_progress(&Progress::load(&progress).unwrap())
            .unwrap();
    }
    let file = std::fs::File::open(dir.join("observations.csv")).unwrap();
    let obs = Observations::from_csv_reader(std::io::BufReader::new(file)).unwrap();
    let options = EvaluateOptions {
        as_of: Some(as_of.to_owned()),
        ..EvaluateOptions::default()
    };
    fw.evaluate(&obs, &options).unwrap()
}

fn render(review: &Review, format: &str) -> String {
    match format {
        "md" => review.to_markdown(),
        "html" => review.to_html(),
        "json" => review.to_json().unwrap(),
        _ => review.to_csv(),
    }
}

/// `oc_annual_review` (or `_since` when `previous` is given) on `ev`.
fn review_via_abi(
    ev: &Handle,
    year: &str,
    previous: Option<&str>,
    format: &str,
) -> Result<String, (OcStatus, String, String)> {
    let (year, format) = (cstring(year), cstring(format));
    let previous = previous.map(cstring);
    let mut out = ptr::NonNull::<c_char>::dangling().as_ptr();
    // SAFETY: a live evaluation, C strings and an out pointer.
    let status = unsafe {
        match &previous {
            None => oc_annual_review(ev.0, year.as_ptr(), format.as_ptr(), &raw mut out),
            Some(p) => oc_annual_review_since(
                ev.0,
                year.as_ptr(),
                p.as_ptr(),
                format.as_ptr(),
                &raw mut out,
            ),
        }
    };
    if status == OcStatus::Ok {
        Ok(take_string(out))
    } else {
        assert!(out.is_null(), "*out is NULL on failure");
        let (path, message) = last_error();
        Err((status, path, message))
    }
}

#[test]
fn every_example_reviews_to_the_core_result_in_every_format() {
    let dirs = examples();
    assert!(dirs.len() >= 5, "found only {} examples", dirs.len());
    for dir in dirs {
        let ev = evaluate_via_abi(&dir, "2025-03-31");
        let core = evaluate_in_core(&dir, "2025-03-31")
            .annual_review("2024/25", None)
            .unwrap();
        for format in FORMATS {
            let got = review_via_abi(&ev, "2024/25", None, format)
                .unwrap_or_else(|e| panic!("{} {format}: {e:?}", dir.display()));
            assert_eq!(got, render(&core, format), "{} {format}", dir.display());
        }
        // The committed rendering (checked against core by core/tests/report_examples.rs) is
        // what C gets too: the progress file was applied through the ABI.
        let committed = std::fs::read_to_string(dir.join("review-2024-25.md")).unwrap();
        assert_eq!(
            review_via_abi(&ev, "2024/25", None, "md").unwrap(),
            committed,
            "{}",
            dir.display()
        );
    }
}

#[test]
fn a_review_since_the_previous_year_is_the_core_result() {
    for dir in examples() {
        // Last year's review, written as JSON through the ABI and read back by the ABI.
        let last_year = evaluate_via_abi(&dir, "2024-03-31");
        let previous = review_via_abi(&last_year, "2023/24", None, "json").unwrap();
        let ev = evaluate_via_abi(&dir, "2025-03-31");
        let core_previous = evaluate_in_core(&dir, "2024-03-31")
            .annual_review("2023/24", None)
            .unwrap();
        let core = evaluate_in_core(&dir, "2025-03-31")
            .annual_review("2024/25", Some(&core_previous))
            .unwrap();
        assert_eq!(
            core.changes.as_ref().map(|c| c.previous_year.as_str()),
            Some("2023/24")
        );
        for format in FORMATS {
            let got = review_via_abi(&ev, "2024/25", Some(&previous), format).unwrap();
            assert_eq!(got, render(&core, format), "{} {format}", dir.display());
        }
    }
    // The Sherwood Forest review with its previous year is core's snapshot.
    let dir = Path::new(EXAMPLES).join("sherwood-forest-partnerships");
    let previous = review_via_abi(
        &evaluate_via_abi(&dir, "2024-03-31"),
        "2023/24",
        None,
        "json",
    )
    .unwrap();
    let md = review_via_abi(
        &evaluate_via_abi(&dir, "2025-03-31"),
        "2024/25",
        Some(&previous),
        "md",
    )
    .unwrap();
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/snapshots/sherwood-forest-review-2024-25-with-previous.md");
    assert_eq!(md, std::fs::read_to_string(snapshot).unwrap());
}

#[test]
fn review_errors_name_the_argument() {
    let dirs = examples();
    let ev = evaluate_via_abi(&dirs[0], "2025-03-31");
    let err = |r: Result<String, (OcStatus, String, String)>| r.unwrap_err();
    let (status, path, message) = err(review_via_abi(&ev, "2024/25", None, "pdf"));
    assert_eq!(
        (status, path.as_str()),
        (OcStatus::InvalidArgument, "format")
    );
    assert!(
        message.contains("\"md\", \"html\", \"json\" or \"csv\""),
        "{message}"
    );
    // The format is checked before the year.
    let (_, path, _) = err(review_via_abi(&ev, "2024", None, "markdown"));
    assert_eq!(path, "format");
    let core = evaluate_in_core(&dirs[0], "2025-03-31")
        .annual_review("2024", None)
        .unwrap_err();
    let (status, path, message) = err(review_via_abi(&ev, "2024", None, "md"));
    assert_eq!((status, path.as_str()), (OcStatus::InvalidArgument, "year"));
    assert_eq!(message, core.to_string());
    // A previous review that is not a review, or of another framework.
    let (status, _, _) = err(review_via_abi(&ev, "2024/25", Some("{\"year\": 1}"), "md"));
    assert_eq!(status, OcStatus::ParseError);
    let other = evaluate_via_abi(&dirs[1], "2024-03-31");
    let previous = review_via_abi(&other, "2023/24", None, "json").unwrap();
    let (status, path, _) = err(review_via_abi(&ev, "2024/25", Some(&previous), "md"));
    assert_eq!(
        (status, path.as_str()),
        (OcStatus::InvalidArgument, "previous_json")
    );
    // NULL for each pointer.
    let (year, format, json) = (cstring("2024/25"), cstring("md"), cstring("{}"));
    let mut out = ptr::null_mut();
    // SAFETY: NULL or valid pointers; nothing is written on failure but NULL to `out`.
    unsafe {
        let calls: [(OcStatus, &str); 5] = [
            (
                oc_annual_review(ptr::null(), year.as_ptr(), format.as_ptr(), &raw mut out),
                "ev",
            ),
            (
                oc_annual_review(ev.0, ptr::null(), format.as_ptr(), &raw mut out),
                "year",
            ),
            (
                oc_annual_review(ev.0, year.as_ptr(), ptr::null(), &raw mut out),
                "format",
            ),
            (
                oc_annual_review(ev.0, year.as_ptr(), format.as_ptr(), ptr::null_mut()),
                "out",
            ),
            (
                oc_annual_review_since(
                    ev.0,
                    year.as_ptr(),
                    ptr::null(),
                    format.as_ptr(),
                    &raw mut out,
                ),
                "previous_json",
            ),
        ];
        for (status, name) in calls {
            assert_eq!(status, OcStatus::NullArgument, "{name}");
        }
        assert_eq!(
            oc_annual_review_since(
                ev.0,
                year.as_ptr(),
                json.as_ptr(),
                ptr::null(),
                &raw mut out
            ),
            OcStatus::NullArgument
        );
        assert_eq!(last_error().0, "format");
        assert!(out.is_null());
    }
}

#[test]
fn progress_errors_name_the_file_or_the_update() {
    let dir = Path::new(EXAMPLES).join("sherwood-forest-partnerships");
    let other = Path::new(EXAMPLES).join("notts-joint-forward-plan");
    let (mut fw, mut out) = (ptr::null_mut(), ptr::null_mut());
    let progress = cpath(&dir.join("progress-2024-25.toml"));
    let missing = cpath(&dir.join("no-such-progress.toml"));
    // SAFETY: valid C strings and out pointers; the framework is freed once.
    unsafe {
        assert_eq!(
            oc_framework_from_path(cpath(&other.join("framework.toml")).as_ptr(), &raw mut fw),
            OcStatus::Ok
        );
        assert_eq!(
            oc_framework_with_progress_path(fw, progress.as_ptr(), &raw mut out),
            OcStatus::ValidationError
        );
        assert!(out.is_null());
        let (path, message) = last_error();
        assert_eq!(path, "framework");
        assert!(message.contains("progress-2024-25.toml"), "{message}");
        assert_eq!(
            oc_framework_with_progress_path(fw, missing.as_ptr(), &raw mut out),
            OcStatus::IoError
        );
        assert_eq!(
            oc_framework_with_progress_path(ptr::null(), progress.as_ptr(), &raw mut out),
            OcStatus::NullArgument
        );
        assert_eq!(last_error().0, "fw");
        assert_eq!(
            oc_framework_with_progress_path(fw, ptr::null(), &raw mut out),
            OcStatus::NullArgument
        );
        assert_eq!(last_error().0, "path");
        assert_eq!(
            oc_framework_with_progress_path(fw, progress.as_ptr(), ptr::null_mut()),
            OcStatus::NullArgument
        );
        assert_eq!(last_error().0, "out");
        oc_framework_free(fw);
    }
}
