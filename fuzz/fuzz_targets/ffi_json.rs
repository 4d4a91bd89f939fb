//! The C entry points taking JSON, called through the Rust functions of `outcomes-ffi`:
//! `oc_framework_from_json`, `oc_observations_from_json` and `oc_evaluate` with fuzzed
//! `options_json`. The input is three parts separated by NUL bytes: framework JSON,
//! observations JSON, options JSON. An empty framework or observations part means the fixed
//! ones (fuzz/framework.toml and fuzz/observations.json), so the fuzzer can work on one part.
//! No call may report `OC_STATUS_PANIC`; every handle and string is freed.
#![no_main]

use std::ffi::{CString, c_char};
use std::ptr;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use outcomes::{
    OcStatus, oc_evaluate, oc_evaluation_free, oc_evaluation_to_csv, oc_evaluation_to_json,
    oc_framework_free, oc_framework_from_json, oc_framework_to_json, oc_framework_validate,
    oc_observations_check, oc_observations_free, oc_observations_from_json,
    oc_observations_to_json, oc_string_free,
};
use outcomes_core::model::Framework;

static FRAMEWORK_JSON: LazyLock<String> = LazyLock::new(|| {
    Framework::from_toml_str(include_str!("../framework.toml"))
        .and_then(|f| f.to_json_string())
        .expect("the fixed framework loads and saves as JSON")
});
const OBSERVATIONS_JSON: &str = include_str!("../observations.json");

fn ok_or_error(status: OcStatus, call: &str) -> bool {
    assert!(status != OcStatus::Panic, "{call} panicked");
    status == OcStatus::Ok
}

/// Frees a string the library gave out, if any.
fn free_string(s: *mut c_char) {
    // SAFETY: `s` is NULL or a string from the library, freed once.
    unsafe { oc_string_free(s) };
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let fw_part = parts.next().unwrap_or_default();
    let obs_part = parts.next().unwrap_or_default();
    // The options end at the next NUL, as a C string would.
    let options = parts
        .next()
        .map(|o| o.split(|&b| b == 0).next().unwrap_or_default());
    let fw_text: &[u8] = if fw_part.is_empty() {
        FRAMEWORK_JSON.as_bytes()
    } else {
        fw_part
    };
    let obs_text: &[u8] = if obs_part.is_empty() {
        OBSERVATIONS_JSON.as_bytes()
    } else {
        obs_part
    };
    // proxies_path names a file to read: keep the fuzzer off the file system.
    if options.is_some_and(|o| o.windows(7).any(|w| w.eq_ignore_ascii_case(b"proxies"))) {
        return;
    }

    let mut fw = ptr::null_mut();
    // SAFETY: the text is valid for its length; `fw` is valid for writing.
    let status =
        unsafe { oc_framework_from_json(fw_text.as_ptr().cast(), fw_text.len(), &raw mut fw) };
    if !ok_or_error(status, "oc_framework_from_json") {
        assert!(fw.is_null());
        return;
    }
    let mut s = ptr::null_mut();
    // SAFETY: `fw` is live; `s` is valid for writing.
    ok_or_error(
        unsafe { oc_framework_validate(fw, &raw mut s) },
        "oc_framework_validate",
    );
    free_string(s);
    let mut s = ptr::null_mut();
    // SAFETY: as above.
    ok_or_error(
        unsafe { oc_framework_to_json(fw, &raw mut s) },
        "oc_framework_to_json",
    );
    free_string(s);

    let mut obs = ptr::null_mut();
    // SAFETY: the text is valid for its length; `obs` is valid for writing.
    let status = unsafe {
        oc_observations_from_json(obs_text.as_ptr().cast(), obs_text.len(), &raw mut obs)
    };
    if ok_or_error(status, "oc_observations_from_json") {
        let mut s = ptr::null_mut();
        // SAFETY: `obs` is live; `s` is valid for writing.
        ok_or_error(
            unsafe { oc_observations_to_json(obs, &raw mut s) },
            "oc_observations_to_json",
        );
        free_string(s);
        let mut s = ptr::null_mut();
        // SAFETY: `obs` and `fw` are live; `s` is valid for writing.
        ok_or_error(
            unsafe { oc_observations_check(obs, fw, &raw mut s) },
            "oc_observations_check",
        );
        free_string(s);

        // `options` holds no NUL (it was cut at the first).
        let options = options.map(|o| CString::new(o).expect("no NUL inside"));
        let options_ptr = options.as_ref().map_or(ptr::null(), |c| c.as_ptr());
        let mut ev = ptr::null_mut();
        // SAFETY: `fw` and `obs` are live; `options_ptr` is NULL or NUL-terminated; `ev` is
        // valid for writing.
        let status = unsafe { oc_evaluate(fw, obs, options_ptr, &raw mut ev) };
        if ok_or_error(status, "oc_evaluate") {
            let mut s = ptr::null_mut();
            // SAFETY: `ev` is live; `s` is valid for writing.
            ok_or_error(
                unsafe { oc_evaluation_to_json(ev, &raw mut s) },
                "oc_evaluation_to_json",
            );
            free_string(s);
            let mut s = ptr::null_mut();
            // SAFETY: as above.
            ok_or_error(
                unsafe { oc_evaluation_to_csv(ev, &raw mut s) },
                "oc_evaluation_to_csv",
            );
            free_string(s);
            // SAFETY: `ev` is live and freed once.
            unsafe { oc_evaluation_free(ev) };
        } else {
            assert!(ev.is_null());
        }
        // SAFETY: `obs` is live and freed once.
        unsafe { oc_observations_free(obs) };
    } else {
        assert!(obs.is_null());
    }
    // SAFETY: `fw` is live and freed once.
    unsafe { oc_framework_free(fw) };
});
