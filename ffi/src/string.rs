//! Strings the library gives to C.

use std::ffi::{CString, c_char};

use crate::guard::guard_void;

/// Frees a string this library returned through a `char **` out-parameter (for example the
/// JSON from `oc_framework_validate()`). NULL is allowed and does nothing.
///
/// Ownership: takes back ownership of `s`; `s` must not be used afterwards. Pass only strings
/// from this library, each once; never pass them to C `free()`, and never pass the strings from
/// `oc_version()` or `oc_last_error_message()` here (those belong to the library).
///
/// # Safety
/// `s` must be NULL or a string returned by this library through a `char **` out-parameter
/// that has not been freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_string_free(s: *mut c_char) {
    guard_void(|| {
        if !s.is_null() {
            // SAFETY: by the contract above, `s` came from `CString::into_raw` in
            // `give_string` and is freed here exactly once.
            drop(unsafe { CString::from_raw(s) });
        }
    });
}
