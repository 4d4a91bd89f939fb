//! The per-thread last error: what the most recent failing call on this thread reported.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use crate::guard::guard_or;
use crate::status::OcStatus;

/// A failure on its way to C: the status to return and the text for the last error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The status the entry point returns.
    pub status: OcStatus,
    /// Where the problem is (an argument name, a field path, `file:line`); may be empty.
    pub path: String,
    /// What is wrong and what to do about it, without the path.
    pub message: String,
}

impl Failure {
    /// A failure with the given status, path and message.
    pub fn new(status: OcStatus, path: impl Into<String>, message: impl Into<String>) -> Self {
        Failure {
            status,
            path: path.into(),
            message: message.into(),
        }
    }

    /// `OC_STATUS_NULL_ARGUMENT` for the argument `name`.
    #[must_use]
    pub fn null(name: &str) -> Self {
        Failure::new(
            OcStatus::NullArgument,
            name,
            format!(
                "`{name}` is NULL; pass a valid pointer (see outcomes.h for what it must point to)"
            ),
        )
    }

    /// `OC_STATUS_INVALID_UTF8` for the argument `name`, naming the first bad byte.
    #[must_use]
    pub fn utf8(name: &str, e: &std::str::Utf8Error) -> Self {
        Failure::new(
            OcStatus::InvalidUtf8,
            name,
            format!(
                "`{name}` is not valid UTF-8 (first bad byte at offset {}); convert the text to UTF-8 before passing it",
                e.valid_up_to()
            ),
        )
    }

    /// The text `oc_last_error_message` returns: `path: message`, or the message alone.
    #[must_use]
    pub fn located(&self) -> String {
        if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        }
    }
}

impl From<outcomes_core::Error> for Failure {
    fn from(e: outcomes_core::Error) -> Self {
        Failure::new(OcStatus::from_kind(e.kind()), e.path(), e.message())
    }
}

/// The last error of one thread, held as C strings so pointers to them can be handed out.
struct LastError {
    message: CString,
    path: CString,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// Makes a C string from `s`, dropping interior NUL bytes (C would cut the text there).
fn c_string_lossy(s: &str) -> CString {
    let bytes: Vec<u8> = s.bytes().filter(|&b| b != 0).collect();
    // No NUL is left, so this cannot fail; fall back to an empty string rather than panic.
    CString::new(bytes).unwrap_or_default()
}

/// Records `f` as this thread's last error.
pub(crate) fn set_last_error(f: &Failure) {
    let value = LastError {
        message: c_string_lossy(&f.located()),
        path: c_string_lossy(&f.path),
    };
    // `try_with` fails only while the thread is being torn down; there is no one left to read
    // the error then, so dropping it is right.
    let _ = LAST_ERROR.try_with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = Some(value);
        }
    });
}

/// Forgets this thread's last error (done at the start of every call that returns a status).
pub(crate) fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = None;
        }
    });
}

/// A pointer to one of the last error's strings, or to a static empty string.
fn last_error_ptr(pick: fn(&LastError) -> *const c_char) -> *const c_char {
    static EMPTY: &std::ffi::CStr = c"";
    LAST_ERROR
        .try_with(|cell| {
            cell.try_borrow()
                .ok()
                .and_then(|slot| slot.as_ref().map(pick))
        })
        .ok()
        .flatten()
        .unwrap_or(EMPTY.as_ptr())
}

/// The message of the last failed call on this thread, as "path: message" (or just the message
/// when there is no path), e.g. "measures[0].unit: unknown variant `percentage`, ...".
///
/// Returns an empty string "" when the last call that returns an `oc_status` succeeded, or when
/// none has been made on this thread. Never returns NULL.
///
/// Ownership and lifetime: the string belongs to the library; do not free it. It stays valid
/// until the next call on this thread to any function that returns an `oc_status`, or until the
/// thread exits. Copy it if you need it longer. Each thread has its own last error.
#[unsafe(no_mangle)]
pub extern "C" fn oc_last_error_message() -> *const c_char {
    guard_or(c"".as_ptr(), || last_error_ptr(|e| e.message.as_ptr()))
}

/// The path part of the last error on this thread: where the problem is (a NULL argument's
/// name such as "out", a field path such as "measures[0].unit", or "file.csv:line 3"). Empty
/// when the error has no more precise place, or when the last call succeeded. Never NULL.
///
/// Ownership and lifetime: as for `oc_last_error_message()`: owned by the library, valid until the
/// next call on this thread to a function that returns an `oc_status`.
#[unsafe(no_mangle)]
pub extern "C" fn oc_last_error_path() -> *const c_char {
    guard_or(c"".as_ptr(), || last_error_ptr(|e| e.path.as_ptr()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn message() -> String {
        // SAFETY: oc_last_error_message never returns NULL and points at a NUL-terminated
        // string that lives until the next status-returning call on this thread.
        unsafe { CStr::from_ptr(oc_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn interior_nul_is_stripped_and_path_comes_first() {
        set_last_error(&Failure::new(OcStatus::ParseError, "a[0]", "bad\0 value"));
        assert_eq!(message(), "a[0]: bad value");
        clear_last_error();
        assert_eq!(message(), "");
    }

    #[test]
    fn core_error_keeps_kind_path_and_message() {
        let f = Failure::from(outcomes_core::Error::data("x[3]", "too big"));
        assert_eq!(f.status, OcStatus::DataError);
        assert_eq!(f.located(), "x[3]: too big");
        let f = Failure::from(outcomes_core::Error::io("", "gone"));
        assert_eq!(f.located(), "gone");
    }
}
