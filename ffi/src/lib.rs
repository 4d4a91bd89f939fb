//! # outcomes-ffi: the C ABI of `outcomes`
//!
//! This crate builds `liboutcomes` (`.so` and `.a`) and is the source of the generated header
//! `include/outcomes.h` (cbindgen 0.29.4, configured by `ffi/cbindgen.toml`). Every function
//! here is a thin, checked door onto `outcomes-core`; no behaviour lives only in C.
//!
//! Conventions, the same for every entry point:
//!
//! - Functions that can fail return an [`OcStatus`] (`oc_status` in C, a fixed 32-bit
//!   integer type) and write results through out-parameters named `out` / `out_json`.
//!   On failure `*out` is set to `NULL` (when `out` itself is not `NULL`) and the thread's
//!   last error (`oc_last_error_message`, `oc_last_error_path`) says what went wrong.
//! - Every entry point runs inside one guard (`guard::guard`) that catches panics and turns
//!   them into `OC_STATUS_PANIC`: no unwinding ever crosses into C.
//! - Pointer arguments are checked for `NULL` before anything else (`OC_STATUS_NULL_ARGUMENT`);
//!   text is checked for UTF-8 (`OC_STATUS_INVALID_UTF8`).
//! - Handles (`oc_framework`, `oc_observations`, `oc_evaluation`) are opaque. The caller owns each handle it
//!   receives and releases it with the type's own `_free` function; strings received through
//!   `char **` are released with `oc_string_free`. Every free function accepts `NULL`. Never
//!   pass memory from this library to C `free()`.
//! - Handles are immutable after creation, so one handle may be read from several threads at
//!   once; freeing it while another thread uses it is the caller's bug.
#![allow(unsafe_code)]
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod error;
mod evaluation;
mod framework;
mod guard;
mod observations;
mod review;
mod spc;
mod stats;
mod status;
mod string;
mod version;

pub use error::{oc_last_error_message, oc_last_error_path};
pub use evaluation::{
    OcEvaluation, oc_evaluate, oc_evaluation_free, oc_evaluation_to_csv, oc_evaluation_to_json,
};
pub use framework::{
    OcFramework, oc_framework_free, oc_framework_from_json, oc_framework_from_path,
    oc_framework_from_toml, oc_framework_to_json, oc_framework_to_toml, oc_framework_validate,
    oc_framework_with_progress_path,
};
pub use observations::{
    OcObservations, oc_observations_check, oc_observations_free, oc_observations_from_csv_path,
    oc_observations_from_fingertips_csv_path, oc_observations_from_json, oc_observations_len,
    oc_observations_to_json,
};
pub use review::{oc_annual_review, oc_annual_review_since};
pub use spc::oc_spc_xmr;
pub use stats::{oc_dsr, oc_group_keys, oc_isr, oc_isratio, oc_mean, oc_proportion, oc_rate};
pub use status::OcStatus;
pub use string::oc_string_free;
pub use version::{
    OUTCOMES_VERSION_MAJOR, OUTCOMES_VERSION_MINOR, OUTCOMES_VERSION_PATCH, oc_version,
};
