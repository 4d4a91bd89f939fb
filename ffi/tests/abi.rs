//! The C ABI called from Rust: each entry point gives what `outcomes-core` gives, and the
//! committed header declares every exported function.

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use outcomes::*;
use outcomes_core::data::Observations;
use outcomes_core::model::Framework;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/c/fixtures");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn cstring(s: &str) -> CString {
    CString::new(s).unwrap()
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

fn load(path: &str) -> *mut OcFramework {
    let p = cstring(path);
    let mut fw = ptr::null_mut();
    // SAFETY: valid C string and out pointer.
    let status = unsafe { oc_framework_from_path(p.as_ptr(), &raw mut fw) };
    assert_eq!(status, OcStatus::Ok, "{:?}", last_error());
    fw
}

#[test]
fn validate_json_is_the_core_diagnostics() {
    for name in ["framework.toml", "problems.toml"] {
        let fw = load(&fixture(name));
        let mut out = ptr::null_mut();
        // SAFETY: live handle, valid out pointer.
        assert_eq!(
            unsafe { oc_framework_validate(fw, &raw mut out) },
            OcStatus::Ok
        );
        let got = take_string(out);
        let core = Framework::load(fixture(name)).unwrap();
        assert_eq!(got, serde_json::to_string(&core.validate()).unwrap());
        let mut out = ptr::null_mut();
        // SAFETY: as above.
        assert_eq!(
            unsafe { oc_framework_to_json(fw, &raw mut out) },
            OcStatus::Ok
        );
        assert_eq!(take_string(out), core.to_json_string().unwrap());
        // SAFETY: freed once.
        unsafe { oc_framework_free(fw) };
    }
}

#[test]
fn observations_check_is_the_core_check() {
    let fw = load(&fixture("framework.toml"));
    let core_fw = Framework::load(fixture("framework.toml")).unwrap();
    for name in ["observations.csv", "unknown_measure.csv"] {
        let p = cstring(&fixture(name));
        let mut obs = ptr::null_mut();
        // SAFETY: valid C string and out pointer.
        let status = unsafe { oc_observations_from_csv_path(p.as_ptr(), &raw mut obs) };
        assert_eq!(status, OcStatus::Ok);
        let core_obs =
            Observations::from_csv_reader(std::fs::File::open(fixture(name)).unwrap()).unwrap();
        let mut len = 0;
        // SAFETY: live handle, valid out pointer.
        assert_eq!(
            unsafe { oc_observations_len(obs, &raw mut len) },
            OcStatus::Ok
        );
        assert_eq!(len, core_obs.len());
        let mut out = ptr::null_mut();
        // SAFETY: live handles, valid out pointer.
        assert_eq!(
            unsafe { oc_observations_check(obs, fw, &raw mut out) },
            OcStatus::Ok
        );
        assert_eq!(
            take_string(out),
            serde_json::to_string(&core_obs.check_against(&core_fw)).unwrap()
        );
        // SAFETY: freed once.
        unsafe { oc_observations_free(obs) };
    }
    // SAFETY: freed once.
    unsafe { oc_framework_free(fw) };
}

#[test]
fn errors_keep_the_core_kind_path_and_message() {
    let text = r#"{"schema_version": 1, "id": "x", "title": "X", "period": {"from": "2023/24", "to": "2027/28"}, "measures": [{"id": "m", "title": "M", "unit": "percentage", "polarity": "lower_is_better"}]}"#;
    let core = Framework::from_json_str(text).unwrap_err();
    let mut fw = ptr::null_mut();
    // SAFETY: `text` is valid for its length; valid out pointer.
    let status = unsafe { oc_framework_from_json(text.as_ptr().cast(), text.len(), &raw mut fw) };
    assert_eq!(status, OcStatus::from_kind(core.kind()));
    assert!(fw.is_null());
    assert_eq!(last_error(), (core.path().to_owned(), core.to_string()));

    let rows = r#"[{"measure": "m", "period": "2023/24", "value": 1, "lower": 2, "upper": 3}]"#;
    let core = Observations::from_json_str(rows).unwrap_err();
    let mut obs = ptr::null_mut();
    // SAFETY: as above.
    let status =
        unsafe { oc_observations_from_json(rows.as_ptr().cast(), rows.len(), &raw mut obs) };
    assert_eq!(status, OcStatus::from_kind(core.kind()));
    assert_eq!(status, OcStatus::DataError);
    assert_eq!(last_error(), (core.path().to_owned(), core.to_string()));
}

#[test]
fn header_declares_every_exported_function_and_status() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let header = std::fs::read_to_string(format!("{dir}/../include/outcomes.h")).unwrap();
    let mut exported = 0;
    for entry in std::fs::read_dir(format!("{dir}/src")).unwrap() {
        let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut lines = src.lines();
        while let Some(line) = lines.next() {
            if line.trim() != "#[unsafe(no_mangle)]" {
                continue;
            }
            let decl = lines.next().unwrap();
            let name = decl
                .split("fn ")
                .nth(1)
                .and_then(|s| s.split('(').next())
                .unwrap();
            exported += 1;
            assert!(
                header.contains(&format!(" {name}(")) || header.contains(&format!("*{name}(")),
                "include/outcomes.h does not declare {name}; regenerate it (tests/c/run.sh shows how)"
            );
        }
    }
    assert!(exported >= 18, "found only {exported} exported functions");
    for (name, status) in [
        ("OK", OcStatus::Ok),
        ("NULL_ARGUMENT", OcStatus::NullArgument),
        ("INVALID_UTF8", OcStatus::InvalidUtf8),
        ("INVALID_ARGUMENT", OcStatus::InvalidArgument),
        ("PARSE_ERROR", OcStatus::ParseError),
        ("VALIDATION_ERROR", OcStatus::ValidationError),
        ("DATA_ERROR", OcStatus::DataError),
        ("METHOD_ERROR", OcStatus::MethodError),
        ("IO_ERROR", OcStatus::IoError),
        ("PANIC", OcStatus::Panic),
    ] {
        let line = format!("OC_STATUS_{name} = {},", status as u32);
        assert!(header.contains(&line), "include/outcomes.h lacks {line}");
    }
}
