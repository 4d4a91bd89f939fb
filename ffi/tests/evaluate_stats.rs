//! The evaluation, statistics and SPC entry points called from Rust: each gives exactly what
//! `outcomes-core` gives (the C tests check the same entry points from C).

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use outcomes::*;
use outcomes_core::data::Observations;
use outcomes_core::evaluate::EvaluateOptions;
use outcomes_core::model::Framework;
use outcomes_core::spc::{SpcOptions, xmr};
use outcomes_core::stats;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");

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

/// The example directories that have a framework and observations.
fn examples() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("framework.toml").is_file() && p.join("observations.csv").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Evaluates through the C ABI and returns (JSON, CSV).
fn evaluate_via_abi(dir: &std::path::Path, options: Option<&str>) -> (String, String) {
    let fw_path = cstring(dir.join("framework.toml").to_str().unwrap());
    let obs_path = cstring(dir.join("observations.csv").to_str().unwrap());
    let options = options.map(cstring);
    let (mut fw, mut obs, mut ev) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid C strings and out pointers; every handle is freed once below.
    unsafe {
        assert_eq!(
            oc_framework_from_path(fw_path.as_ptr(), &raw mut fw),
            OcStatus::Ok
        );
        assert_eq!(
            oc_observations_from_csv_path(obs_path.as_ptr(), &raw mut obs),
            OcStatus::Ok,
            "{:?}",
            last_error()
        );
        let opts = options.as_ref().map_or(ptr::null(), |o| o.as_ptr());
        assert_eq!(
            oc_evaluate(fw, obs, opts, &raw mut ev),
            OcStatus::Ok,
            "{}: {:?}",
            dir.display(),
            last_error()
        );
        // The evaluation does not borrow its inputs.
        oc_framework_free(fw);
        oc_observations_free(obs);
        let (mut json, mut csv) = (ptr::null_mut(), ptr::null_mut());
        assert_eq!(oc_evaluation_to_json(ev, &raw mut json), OcStatus::Ok);
        assert_eq!(oc_evaluation_to_csv(ev, &raw mut csv), OcStatus::Ok);
        oc_evaluation_free(ev);
        (take_string(json), take_string(csv))
    }
}

/// Asserts two JSON documents are equal, numbers to 1e-12 relative. Exact equality cannot be
/// asked for: core's completeness score sums over a `HashSet`, whose order differs between
/// runs, so its last bit varies (core/src/evaluate/rollup.rs `score_of`).
fn same_json(got: &serde_json::Value, want: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!(
                a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
                "{at}: {a} != {b}"
            );
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: array lengths");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_json(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let keys = |o: &serde_json::Map<String, Value>| o.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(a), keys(b), "{at}: keys");
            for (k, x) in a {
                same_json(x, &b[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(got, want, "{at}"),
    }
}

#[test]
fn every_example_evaluates_to_the_core_result() {
    let dirs = examples();
    assert!(dirs.len() >= 5, "found only {} examples", dirs.len());
    for dir in dirs {
        let fw = Framework::load(dir.join("framework.toml")).unwrap();
        let file = std::fs::File::open(dir.join("observations.csv")).unwrap();
        let obs = Observations::from_csv_reader(std::io::BufReader::new(file)).unwrap();
        for options in [None, Some(r#"{"confidence": 0.998, "rollup": "majority"}"#)] {
            let core_options = options.map_or_else(EvaluateOptions::default, |o| {
                EvaluateOptions::from_json_str(o).unwrap()
            });
            let core = fw.evaluate(&obs, &core_options).unwrap();
            let (json, csv) = evaluate_via_abi(&dir, options);
            let want = core.to_json_string().unwrap();
            let (got, want): (serde_json::Value, serde_json::Value) = (
                serde_json::from_str(&json).unwrap(),
                serde_json::from_str(&want).unwrap(),
            );
            same_json(&got, &want, &dir.display().to_string());
            assert_eq!(csv, core.to_csv_string(), "{}", dir.display());
            assert!(!core.measures.is_empty(), "{}", dir.display());
        }
    }
}

#[test]
fn evaluate_errors_name_the_argument_or_option() {
    let dir = examples().remove(0);
    let fw_path = cstring(dir.join("framework.toml").to_str().unwrap());
    let obs_path = cstring(dir.join("observations.csv").to_str().unwrap());
    let (mut fw, mut obs) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid C strings and out pointers; handles freed once at the end.
    unsafe {
        assert_eq!(
            oc_framework_from_path(fw_path.as_ptr(), &raw mut fw),
            OcStatus::Ok
        );
        assert_eq!(
            oc_observations_from_csv_path(obs_path.as_ptr(), &raw mut obs),
            OcStatus::Ok
        );
        let mut ev = ptr::NonNull::<OcEvaluation>::dangling().as_ptr();
        let bad = cstring(r#"{"tolerance": {"relative": 2}}"#);
        assert_eq!(
            oc_evaluate(fw, obs, bad.as_ptr(), &raw mut ev),
            OcStatus::InvalidArgument
        );
        assert!(ev.is_null());
        let core = EvaluateOptions::from_json_str(r#"{"tolerance": {"relative": 2}}"#).unwrap_err();
        assert_eq!(last_error(), (core.path().to_owned(), core.to_string()));
        let unknown = cstring(r#"{"confidance": 0.95}"#);
        assert_eq!(
            oc_evaluate(fw, obs, unknown.as_ptr(), &raw mut ev),
            OcStatus::InvalidArgument
        );
        assert!(last_error().1.contains("confidance"), "{:?}", last_error());
        assert_eq!(
            oc_evaluate(ptr::null(), obs, ptr::null(), &raw mut ev),
            OcStatus::NullArgument
        );
        assert_eq!(last_error().0, "fw");
        assert_eq!(
            oc_evaluate(fw, ptr::null(), ptr::null(), &raw mut ev),
            OcStatus::NullArgument
        );
        assert_eq!(last_error().0, "obs");
        assert_eq!(
            oc_evaluate(fw, obs, ptr::null(), ptr::null_mut()),
            OcStatus::NullArgument
        );
        assert_eq!(last_error().0, "out");
        oc_framework_free(fw);
        oc_observations_free(obs);
    }
}

#[test]
fn per_row_statistics_are_the_core_kernels() {
    type Abi = unsafe extern "C" fn(
        *const f64,
        *const f64,
        usize,
        f64,
        f64,
        *mut f64,
        *mut f64,
        *mut f64,
    ) -> OcStatus;
    type Core = fn(
        &[f64],
        &[f64],
        f64,
        f64,
        &mut [f64],
        &mut [f64],
        &mut [f64],
    ) -> Result<(), outcomes_core::Error>;
    let x = [0.0, 1.0, 65.0, 9856.0, f64::NAN, 100.0];
    let n = [10.0, 100.0, 100.0, 12345.0, 50.0, 100.0];
    let cases: [(Abi, Core, f64); 2] = [
        (oc_proportion, stats::proportion, 100.0),
        (oc_rate, stats::rate, 100_000.0),
    ];
    for (abi, core, m) in cases {
        let (mut v, mut lo, mut hi) = ([0.0; 6], [0.0; 6], [0.0; 6]);
        let (mut cv, mut clo, mut chi) = ([0.0; 6], [0.0; 6], [0.0; 6]);
        core(&x, &n, 0.998, m, &mut cv, &mut clo, &mut chi).unwrap();
        // SAFETY: every array holds 6 doubles.
        let status = unsafe {
            abi(
                x.as_ptr(),
                n.as_ptr(),
                6,
                0.998,
                m,
                v.as_mut_ptr(),
                lo.as_mut_ptr(),
                hi.as_mut_ptr(),
            )
        };
        assert_eq!(status, OcStatus::Ok);
        for (a, b) in [(v, cv), (lo, clo), (hi, chi)] {
            for i in 0..6 {
                assert!(a[i] == b[i] || (a[i].is_nan() && b[i].is_nan()), "row {i}");
            }
        }
    }
}

#[test]
fn x_above_n_is_a_method_error_naming_the_row() {
    let x = [1.0, 2.0, 3.0, 12.0, 20.0];
    let n = [10.0, 10.0, 10.0, 10.0, 10.0];
    let (mut v, mut lo, mut hi) = ([0.0; 5], [0.0; 5], [0.0; 5]);
    let core = stats::proportion(&x, &n, 0.95, 1.0, &mut v, &mut lo, &mut hi).unwrap_err();
    // SAFETY: every array holds 5 doubles.
    let status = unsafe {
        oc_proportion(
            x.as_ptr(),
            n.as_ptr(),
            5,
            0.95,
            1.0,
            v.as_mut_ptr(),
            lo.as_mut_ptr(),
            hi.as_mut_ptr(),
        )
    };
    assert_eq!(status, OcStatus::MethodError);
    let (path, message) = last_error();
    assert_eq!(path, "x[3]");
    assert_eq!(message, core.to_string());
    assert!(message.starts_with("x[3]: "), "{message}");
    assert!(message.contains("(2 rows are invalid)"), "{message}");
}

#[test]
fn arrays_may_be_null_only_when_empty_and_outputs_may_not_overlap() {
    let x = [1.0, 2.0];
    let n = [10.0, 10.0];
    let (mut v, mut lo) = ([0.0; 2], [0.0; 2]);
    // SAFETY: NULL with length 0 reads nothing.
    let status = unsafe {
        oc_proportion(
            ptr::null(),
            ptr::null(),
            0,
            0.95,
            1.0,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    assert_eq!(status, OcStatus::Ok);
    // SAFETY: the checks fail before any NULL array is read.
    let status = unsafe {
        oc_proportion(
            x.as_ptr(),
            n.as_ptr(),
            2,
            0.95,
            1.0,
            v.as_mut_ptr(),
            lo.as_mut_ptr(),
            ptr::null_mut(),
        )
    };
    assert_eq!(status, OcStatus::NullArgument);
    assert_eq!(last_error().0, "upper");
    // `lower` and `upper` are one buffer: refused before anything is written.
    // SAFETY: the arrays hold 2 doubles; the call fails before writing.
    let status = unsafe {
        oc_proportion(
            x.as_ptr(),
            n.as_ptr(),
            2,
            0.95,
            1.0,
            v.as_mut_ptr(),
            lo.as_mut_ptr(),
            lo.as_mut_ptr(),
        )
    };
    assert_eq!(status, OcStatus::InvalidArgument);
    assert_eq!(last_error().0, "lower");
    // An output over an input is refused too.
    let mut xs = [1.0, 2.0];
    // SAFETY: as above.
    let status = unsafe {
        oc_rate(
            xs.as_ptr(),
            n.as_ptr(),
            2,
            0.95,
            1.0,
            xs.as_mut_ptr(),
            v.as_mut_ptr(),
            lo.as_mut_ptr(),
        )
    };
    assert_eq!(status, OcStatus::InvalidArgument);
    assert!(
        last_error().1.contains("overlaps `x`"),
        "{:?}",
        last_error()
    );
}

#[test]
fn grouped_statistics_write_one_row_per_group_in_first_appearance_order() {
    let values = [1.0, 10.0, 2.0, 20.0, 3.0, 30.0, 7.0];
    let groups = [5_u32, 9, 5, 9, 5, 9, 2];
    let mut count = 0;
    let mut keys = [0_u32; 3];
    // SAFETY: sizing call: keys NULL with keys_len 0.
    let status = unsafe { oc_group_keys(groups.as_ptr(), 7, ptr::null_mut(), 0, &raw mut count) };
    assert_eq!((status, count), (OcStatus::Ok, 3));
    // SAFETY: `keys` holds 3 codes.
    let status = unsafe { oc_group_keys(groups.as_ptr(), 7, keys.as_mut_ptr(), 3, &raw mut count) };
    assert_eq!((status, keys), (OcStatus::Ok, [5, 9, 2]));

    let (mut v, mut lo, mut hi) = ([0.0; 7], [0.0; 7], [0.0; 7]);
    // SAFETY: outputs hold 7 doubles each, more than the 3 groups.
    let status = unsafe {
        oc_mean(
            values.as_ptr(),
            groups.as_ptr(),
            7,
            0.95,
            v.as_mut_ptr(),
            lo.as_mut_ptr(),
            hi.as_mut_ptr(),
            7,
            &raw mut count,
        )
    };
    assert_eq!((status, count), (OcStatus::Ok, 3));
    let (mut cv, mut clo, mut chi) = ([0.0; 3], [0.0; 3], [0.0; 3]);
    stats::mean(
        &values,
        Some(&groups),
        0.95,
        stats::Interval::new(&mut cv, &mut clo, &mut chi),
    )
    .unwrap();
    assert_eq!(&v[..3], &cv);
    assert_eq!(&lo[..2], &clo[..2]);
    assert!(lo[2].is_nan() && clo[2].is_nan(), "one value: no limits");
    assert_eq!(v[0], 2.0);
    assert_eq!(v[1], 20.0);
    // Too little room: the count says how much is needed.
    // SAFETY: outputs hold 2 doubles; the call fails before writing.
    let status = unsafe {
        oc_mean(
            values.as_ptr(),
            groups.as_ptr(),
            7,
            0.95,
            v.as_mut_ptr(),
            lo.as_mut_ptr(),
            hi.as_mut_ptr(),
            2,
            &raw mut count,
        )
    };
    assert_eq!((status, count), (OcStatus::InvalidArgument, 3));
    assert_eq!(last_error().0, "out_len");
    // No group column: one group of all rows.
    // SAFETY: outputs hold at least 1 double.
    let status = unsafe {
        oc_mean(
            values.as_ptr(),
            ptr::null(),
            7,
            0.95,
            v.as_mut_ptr(),
            lo.as_mut_ptr(),
            hi.as_mut_ptr(),
            1,
            &raw mut count,
        )
    };
    assert_eq!((status, count), (OcStatus::Ok, 1));
    assert!((v[0] - values.iter().sum::<f64>() / 7.0).abs() < 1e-12);
}

#[test]
fn spc_json_is_the_core_result() {
    let values = [
        1.0, 2.0, 1.0, 2.0, 10.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0,
    ];
    for options in [
        None,
        Some(r#"{"profile": "mdc_excel", "target": 3, "improvement": "decrease"}"#),
    ] {
        let core_options: SpcOptions =
            options.map_or_else(SpcOptions::default, |o| serde_json::from_str(o).unwrap());
        let want = serde_json::to_string(&xmr(&values, &core_options).unwrap()).unwrap();
        let c_options = options.map(cstring);
        let mut out = ptr::null_mut();
        // SAFETY: `values` holds 18 doubles; options NULL or a C string; valid out pointer.
        let status = unsafe {
            oc_spc_xmr(
                values.as_ptr(),
                values.len(),
                c_options.as_ref().map_or(ptr::null(), |o| o.as_ptr()),
                &raw mut out,
            )
        };
        assert_eq!(status, OcStatus::Ok, "{:?}", last_error());
        assert_eq!(take_string(out), want);
    }
    // Bad options name the key; a NaN names the value.
    let bad = cstring(r#"{"rebase": [3, "x"]}"#);
    let mut out = ptr::null_mut();
    // SAFETY: as above.
    let status = unsafe { oc_spc_xmr(values.as_ptr(), 18, bad.as_ptr(), &raw mut out) };
    assert_eq!(status, OcStatus::InvalidArgument);
    assert!(out.is_null());
    assert_eq!(last_error().0, "rebase[1]");
    let nan = [1.0, f64::NAN, 2.0];
    // SAFETY: `nan` holds 3 doubles.
    let status = unsafe { oc_spc_xmr(nan.as_ptr(), 3, ptr::null(), &raw mut out) };
    assert_eq!(status, OcStatus::MethodError);
    assert_eq!(last_error().0, "values[1]");
}
