//! The status code every fallible entry point returns, and its one mapping from core errors.

use outcomes_core::ErrorKind;

/// The result of a call into liboutcomes. `OC_STATUS_OK` (0) is success; any other value is a
/// failure, described by `oc_last_error_message()` on the same thread. The type is a fixed
/// 32-bit unsigned integer in C, so it is safe to store and compare across compilers.
/// New codes may be added at the end; treat unknown non-zero values as failures.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OcStatus {
    /// Success.
    Ok = 0,
    /// A pointer argument that must not be NULL was NULL; the last error path names it.
    NullArgument = 1,
    /// A text argument was not valid UTF-8; the last error gives the byte offset.
    InvalidUtf8 = 2,
    /// An argument or option outside its allowed values.
    InvalidArgument = 3,
    /// Text that could not be read (TOML, JSON, CSV syntax, a period, a number).
    ParseError = 4,
    /// A framework that parsed but breaks a rule.
    ValidationError = 5,
    /// Observations that cannot be used (a bad row, a non-finite value, ...).
    DataError = 6,
    /// Arguments a statistical or SPC method cannot accept.
    MethodError = 7,
    /// A file could not be read or written.
    IoError = 8,
    /// An internal error (a Rust panic) was caught at the boundary. The library is still
    /// usable, but please report the message from `oc_last_error_message()`.
    Panic = 9,
}

impl OcStatus {
    /// The status a core error kind maps to: the only place this mapping is written.
    #[must_use]
    pub fn from_kind(kind: ErrorKind) -> OcStatus {
        match kind {
            ErrorKind::Parse => OcStatus::ParseError,
            ErrorKind::Validation => OcStatus::ValidationError,
            ErrorKind::Data => OcStatus::DataError,
            ErrorKind::Method => OcStatus::MethodError,
            ErrorKind::Io => OcStatus::IoError,
            ErrorKind::InvalidArgument => OcStatus::InvalidArgument,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_maps_to_its_own_status() {
        let kinds = [
            (ErrorKind::Parse, OcStatus::ParseError, 4),
            (ErrorKind::Validation, OcStatus::ValidationError, 5),
            (ErrorKind::Data, OcStatus::DataError, 6),
            (ErrorKind::Method, OcStatus::MethodError, 7),
            (ErrorKind::Io, OcStatus::IoError, 8),
            (ErrorKind::InvalidArgument, OcStatus::InvalidArgument, 3),
        ];
        for (kind, status, code) in kinds {
            assert_eq!(OcStatus::from_kind(kind), status, "{kind}");
            assert_eq!(status as u32, code, "{kind}");
        }
        assert_eq!(OcStatus::Ok as u32, 0);
        assert_eq!(size_of::<OcStatus>(), 4);
    }
}
