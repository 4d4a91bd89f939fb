//! The boundary: one guard around every entry point, and the checked conversions from C
//! pointers to Rust values that every entry point uses.
//!
//! Ownership follows one rule per type, written down by [`Castable`]: a handle given to C is a
//! `Box<RustType>` turned into a raw pointer, borrowed by reference while C holds it and
//! turned back into a `Box` exactly once, by the type's `_free` function.

use std::any::Any;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::{Failure, clear_last_error, set_last_error};
use crate::status::OcStatus;

/// Runs the body of an entry point: clears the thread's last error, catches any panic
/// (`OC_STATUS_PANIC`), and records the failure the body returns as the last error.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> OcStatus {
    clear_last_error();
    // AssertUnwindSafe: after a panic nothing the body touched is used again; handles are
    // immutable, and an out-parameter is only written on success.
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => OcStatus::Ok,
        Ok(Err(failure)) => {
            set_last_error(&failure);
            failure.status
        }
        Err(payload) => {
            set_last_error(&panic_failure(payload.as_ref()));
            OcStatus::Panic
        }
    }
}

/// Runs the body of an entry point that returns no status (the free functions, the version and
/// last-error getters): a panic is caught and `fallback` returned, since there is no status to
/// report it with. These bodies do not touch the last error.
pub(crate) fn guard_or<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// [`guard_or`] for the free functions, which return nothing.
pub(crate) fn guard_void(body: impl FnOnce()) {
    guard_or((), body);
}

/// The failure recorded for a caught panic.
fn panic_failure(payload: &(dyn Any + Send)) -> Failure {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    Failure::new(
        OcStatus::Panic,
        "",
        format!(
            "internal error in liboutcomes (a Rust panic was caught: {what}); please report it with the input that caused it"
        ),
    )
}

/// Ties an opaque C handle type to the Rust type it stands for. A pointer to the handle type is
/// always a pointer obtained from `Box::<RustType>::into_raw`.
pub(crate) trait Castable {
    /// The Rust value behind the handle.
    type RustType;
}

/// Gives `value` to C as a new handle; C must release it with the type's `_free` function.
pub(crate) fn to_boxed_ptr<C: Castable>(value: C::RustType) -> *mut C {
    Box::into_raw(Box::new(value)).cast::<C>()
}

/// Borrows the Rust value behind a handle, or fails with `OC_STATUS_NULL_ARGUMENT` naming
/// `name`.
///
/// # Safety
/// `ptr` must be NULL or a handle made by [`to_boxed_ptr`] for the same `C` and not yet
/// freed, and it must stay alive and unmodified for `'a`.
pub(crate) unsafe fn try_ref<'a, C: Castable>(
    ptr: *const C,
    name: &str,
) -> Result<&'a C::RustType, Failure> {
    // SAFETY: by the contract above, a non-NULL `ptr` came from `Box::<C::RustType>::into_raw`,
    // so it is aligned and points at a live, initialised value.
    unsafe { ptr.cast::<C::RustType>().as_ref() }.ok_or_else(|| Failure::null(name))
}

/// Releases a handle made by [`to_boxed_ptr`]; NULL is ignored.
///
/// # Safety
/// `ptr` must be NULL or a handle made by [`to_boxed_ptr`] for the same `C` that has not been
/// freed; it must not be used afterwards.
pub(crate) unsafe fn free_box<C: Castable>(ptr: *mut C) {
    if !ptr.is_null() {
        // SAFETY: by the contract above, `ptr` came from `Box::into_raw` of a
        // `Box<C::RustType>` and is freed here exactly once.
        drop(unsafe { Box::from_raw(ptr.cast::<C::RustType>()) });
    }
}

/// Checks an out-parameter: fails with `OC_STATUS_NULL_ARGUMENT` when it is NULL, otherwise
/// sets `*out = NULL` (so the caller sees NULL on every failure) and returns it for writing.
///
/// # Safety
/// `out` must be NULL or valid for writing one pointer for `'a`.
pub(crate) unsafe fn out_ptr<'a, T>(
    out: *mut *mut T,
    name: &str,
) -> Result<&'a mut *mut T, Failure> {
    // SAFETY: by the contract above, a non-NULL `out` is valid for writes of `*mut T`.
    let slot = unsafe { out.as_mut() }.ok_or_else(|| Failure::null(name))?;
    *slot = std::ptr::null_mut();
    Ok(slot)
}

/// Writes a plain value through an out-parameter after a NULL check.
///
/// # Safety
/// `out` must be NULL or valid for writing one `T` for `'a`.
pub(crate) unsafe fn out_value<'a, T>(out: *mut T, name: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: by the contract above, a non-NULL `out` is valid for writes of `T`.
    unsafe { out.as_mut() }.ok_or_else(|| Failure::null(name))
}

/// Reads `len` bytes of UTF-8 text starting at `ptr`. `(NULL, 0)` is the empty text; NULL with
/// a non-zero length fails with `OC_STATUS_NULL_ARGUMENT`. The text need not be NUL-terminated
/// and may not contain a terminating NUL within `len`.
///
/// # Safety
/// When `ptr` is not NULL it must be valid for reading `len` bytes, unchanged for `'a`.
pub(crate) unsafe fn text_arg<'a>(
    ptr: *const c_char,
    len: usize,
    name: &str,
) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok("")
        } else {
            Err(Failure::new(
                OcStatus::NullArgument,
                name,
                format!(
                    "`{name}` is NULL but its length is {len}; pass the text, or (NULL, 0) for empty text"
                ),
            ))
        };
    }
    if isize::try_from(len).is_err() {
        return Err(Failure::new(
            OcStatus::InvalidArgument,
            format!("{name}_len"),
            format!(
                "{len} bytes is larger than any object can be; pass the length of the text in bytes"
            ),
        ));
    }
    // SAFETY: `ptr` is not NULL, `len` fits in isize, and by the contract above the caller
    // guarantees `len` readable bytes that stay unchanged while we use them.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    std::str::from_utf8(bytes).map_err(|e| Failure::utf8(name, &e))
}

/// Reads a NUL-terminated UTF-8 string, failing on NULL or invalid UTF-8.
///
/// # Safety
/// When `ptr` is not NULL it must point at a NUL-terminated string, unchanged for `'a`.
pub(crate) unsafe fn cstr_arg<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    // SAFETY: `ptr` is not NULL and, by the contract above, NUL-terminated and unchanged.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str().map_err(|e| Failure::utf8(name, &e))
}

/// Fails with `OC_STATUS_INVALID_ARGUMENT` when `len` elements of `T` cannot be one object.
fn check_array_len<T>(len: usize, name: &str) -> Result<(), Failure> {
    match len.checked_mul(size_of::<T>()) {
        Some(bytes) if isize::try_from(bytes).is_ok() => Ok(()),
        _ => Err(Failure::new(
            OcStatus::InvalidArgument,
            "len",
            format!(
                "{len} elements of `{name}` is larger than any array can be; pass the number of elements"
            ),
        )),
    }
}

/// The error for a NULL array with a non-zero length.
fn null_array(name: &str, len: usize) -> Failure {
    Failure::new(
        OcStatus::NullArgument,
        name,
        format!(
            "`{name}` is NULL but {len} elements were asked for; NULL is allowed only when the length is 0"
        ),
    )
}

/// Checks a C array argument without borrowing it: NULL is accepted only when `len` is 0
/// (`OC_STATUS_NULL_ARGUMENT` naming `name` otherwise), and `len` elements must fit in one
/// object (`OC_STATUS_INVALID_ARGUMENT`).
pub(crate) fn check_array<T>(ptr: *const T, len: usize, name: &str) -> Result<(), Failure> {
    if ptr.is_null() && len > 0 {
        return Err(null_array(name, len));
    }
    check_array_len::<T>(len, name)
}

/// Borrows a C array of `len` elements. NULL is accepted only when `len` is 0 (the empty
/// array); otherwise it fails with `OC_STATUS_NULL_ARGUMENT` naming `name`.
///
/// # Safety
/// When `ptr` is not NULL it must be aligned and valid for reading `len` elements of `T`,
/// unchanged (and not written through another pointer) for `'a`.
pub(crate) unsafe fn in_array<'a, T>(
    ptr: *const T,
    len: usize,
    name: &str,
) -> Result<&'a [T], Failure> {
    check_array(ptr, len, name)?;
    if ptr.is_null() {
        return Ok(&[]);
    }
    // SAFETY: `ptr` is not NULL, the byte size fits in isize, and by the contract above it is
    // aligned and valid for `len` reads that nothing changes while we hold the slice.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows a C output array of `len` elements for writing. NULL is accepted only when `len`
/// is 0; otherwise it fails with `OC_STATUS_NULL_ARGUMENT` naming `name`. The caller must have
/// checked with [`check_disjoint`] that no other array borrowed at the same time overlaps it.
///
/// # Safety
/// When `ptr` is not NULL it must be aligned and valid for reading and writing `len`
/// elements of `T` for `'a`, and no other live reference may cover that memory.
pub(crate) unsafe fn out_array<'a, T>(
    ptr: *mut T,
    len: usize,
    name: &str,
) -> Result<&'a mut [T], Failure> {
    check_array(ptr.cast_const(), len, name)?;
    if ptr.is_null() {
        return Ok(&mut []);
    }
    // SAFETY: `ptr` is not NULL, the byte size fits in isize, and by the contract above it is
    // aligned, valid for `len` reads and writes, and not aliased by any other live reference.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// A C array as an address range, for overlap checks: name, first byte, length in bytes.
pub(crate) type Span<'n> = (&'n str, usize, usize);

/// The byte range of `len` elements at `ptr`.
pub(crate) fn span<T>(name: &str, ptr: *const T, len: usize) -> Span<'_> {
    (name, ptr as usize, len.saturating_mul(size_of::<T>()))
}

/// Fails with `OC_STATUS_INVALID_ARGUMENT` when an output array overlaps another output or
/// an input: Rust may not write through memory it also reads, and results would depend on
/// the order of the writes. Inputs may overlap each other.
pub(crate) fn check_disjoint(outputs: &[Span<'_>], inputs: &[Span<'_>]) -> Result<(), Failure> {
    let overlaps = |a: &Span<'_>, b: &Span<'_>| {
        a.2 > 0 && b.2 > 0 && a.1 < b.1.saturating_add(b.2) && b.1 < a.1.saturating_add(a.2)
    };
    for (i, out) in outputs.iter().enumerate() {
        let other = outputs[i + 1..]
            .iter()
            .chain(inputs)
            .find(|other| overlaps(out, other));
        if let Some(other) = other {
            return Err(Failure::new(
                OcStatus::InvalidArgument,
                out.0,
                format!(
                    "output `{}` overlaps `{}`; give each output its own buffer, separate from the inputs",
                    out.0, other.0
                ),
            ));
        }
    }
    Ok(())
}

/// Gives a Rust string to C through `out`; C releases it with `oc_string_free`.
pub(crate) fn give_string(out: &mut *mut c_char, text: String) -> Result<(), Failure> {
    let c = CString::new(text).map_err(|e| {
        Failure::new(
            OcStatus::InvalidArgument,
            "",
            format!(
                "the output holds a NUL byte at offset {}, which a C string cannot carry",
                e.nul_position()
            ),
        )
    })?;
    *out = c.into_raw();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_oc_status_panic_with_a_message() {
        let status = guard(|| panic!("boom"));
        assert_eq!(status, OcStatus::Panic);
        // SAFETY: the pointer is NUL-terminated and valid until the next status call.
        let msg = unsafe { CStr::from_ptr(crate::error::oc_last_error_message()) };
        let msg = msg.to_str().unwrap();
        assert!(msg.contains("panic was caught: boom"), "{msg}");
        // The next call clears it.
        assert_eq!(guard(|| Ok(())), OcStatus::Ok);
        // SAFETY: as above.
        let msg = unsafe { CStr::from_ptr(crate::error::oc_last_error_message()) };
        assert_eq!(msg.to_bytes(), b"");
    }

    #[test]
    fn guard_or_returns_the_fallback_on_panic() {
        assert_eq!(guard_or(7, || panic!("boom")), 7);
        assert_eq!(guard_or(7, || 3), 3);
    }

    #[test]
    fn null_with_zero_length_is_empty_text_but_not_with_a_length() {
        // SAFETY: NULL is allowed; no bytes are read.
        assert_eq!(unsafe { text_arg(std::ptr::null(), 0, "json") }, Ok(""));
        // SAFETY: as above.
        let e = unsafe { text_arg(std::ptr::null(), 3, "json") }.unwrap_err();
        assert_eq!(e.status, OcStatus::NullArgument);
        assert_eq!(e.path, "json");
    }

    #[test]
    fn adjacent_arrays_do_not_overlap_but_shared_bytes_do() {
        let buf = [0.0_f64; 6];
        let p = buf.as_ptr();
        let first = span("value", p, 3);
        let second = span("lower", p.wrapping_add(3), 3);
        assert_eq!(check_disjoint(&[first, second], &[]), Ok(()));
        let shifted = span("upper", p.wrapping_add(2), 3);
        let e = check_disjoint(&[first, shifted], &[]).unwrap_err();
        assert_eq!(
            (e.status, e.path.as_str()),
            (OcStatus::InvalidArgument, "value")
        );
        // Inputs may overlap each other; empty arrays overlap nothing.
        assert_eq!(check_disjoint(&[second], &[first, first]), Ok(()));
        assert_eq!(check_disjoint(&[span("value", p, 0)], &[first]), Ok(()));
        let e = check_disjoint(&[second], &[span("x", p, 6)]).unwrap_err();
        assert!(e.message.contains("overlaps `x`"), "{}", e.message);
    }

    #[test]
    fn null_arrays_are_empty_only_with_length_zero() {
        // SAFETY: NULL with length 0 reads nothing.
        let empty = unsafe { in_array::<f64>(std::ptr::null(), 0, "x") };
        assert_eq!(empty, Ok(&[][..]));
        // SAFETY: the check fails before anything is read.
        let e = unsafe { in_array::<f64>(std::ptr::null(), 2, "x") }.unwrap_err();
        assert_eq!((e.status, e.path.as_str()), (OcStatus::NullArgument, "x"));
        let e = check_array::<f64>(std::ptr::NonNull::dangling().as_ptr(), usize::MAX / 4, "x")
            .unwrap_err();
        assert_eq!(e.status, OcStatus::InvalidArgument);
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let bytes = b"ab\xffcd";
        // SAFETY: `bytes` is valid for 5 bytes.
        let e = unsafe { text_arg(bytes.as_ptr().cast(), bytes.len(), "json") }.unwrap_err();
        assert_eq!(e.status, OcStatus::InvalidUtf8);
        assert!(e.message.contains("offset 2"), "{}", e.message);
    }
}
