//! The one error type of `outcomes-core`.
//!
//! Every fallible public function returns [`Error`]. Each variant carries a `path` saying
//! *where* the problem is (`measures[3].targets[0].by`, `observations.csv:12:value`, `x[4]`;
//! empty when nothing more precise applies) and a `message` that says what is wrong and, where
//! it can, what to do about it. The bindings keep both: the C ABI maps the variant to an
//! `oc_status` code, Python to an exception class with a `.path` attribute.

use std::fmt;

/// What kind of problem an [`Error`] reports; stable across the Rust, C and Python interfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Text that could not be read: TOML, JSON, CSV syntax, a period, a number.
    Parse,
    /// A framework that parsed but breaks a rule (dangling id, cycle, ...).
    Validation,
    /// Observations that cannot be used: a bad row, a non-finite value, an unknown measure.
    Data,
    /// Arguments a statistical or SPC method cannot accept (x > n, NaN where not allowed, ...).
    Method,
    /// A file could not be read or written.
    Io,
    /// An option or argument outside its allowed values.
    InvalidArgument,
}

impl ErrorKind {
    /// The lower-case name used in JSON, the CLI and the bad-input corpus (`parse`, `data`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Parse => "parse",
            ErrorKind::Validation => "validation",
            ErrorKind::Data => "data",
            ErrorKind::Method => "method",
            ErrorKind::Io => "io",
            ErrorKind::InvalidArgument => "invalid_argument",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with its kind, the path of the offending item and a message that teaches.
///
/// ```
/// use outcomes_core::{Error, ErrorKind};
/// let e = Error::parse("measures[3].targets[0].by", "\"2024/26\" is not a financial year");
/// assert_eq!(e.kind(), ErrorKind::Parse);
/// assert_eq!(e.to_string(), "measures[3].targets[0].by: \"2024/26\" is not a financial year");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// See [`ErrorKind::Parse`].
    #[error("{}", located(path, message))]
    Parse {
        /// Where: a field path, or `file:line:column`.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// See [`ErrorKind::Validation`].
    #[error("{}", located(path, message))]
    Validation {
        /// Where: a field path.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// See [`ErrorKind::Data`].
    #[error("{}", located(path, message))]
    Data {
        /// Where: `file:line:column` or a field path.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// See [`ErrorKind::Method`].
    #[error("{}", located(path, message))]
    Method {
        /// Where: the argument and first bad index, e.g. `x[4]`.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// See [`ErrorKind::Io`].
    #[error("{}", located(path, message))]
    Io {
        /// The file concerned.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// See [`ErrorKind::InvalidArgument`].
    #[error("{}", located(path, message))]
    InvalidArgument {
        /// The argument or option concerned.
        path: String,
        /// What is allowed.
        message: String,
    },
}

fn located(path: &str, message: &str) -> String {
    if path.is_empty() {
        message.to_owned()
    } else {
        format!("{path}: {message}")
    }
}

impl Error {
    /// A [`Error::Parse`].
    pub fn parse(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            message: message.into(),
        }
    }
    /// A [`Error::Validation`].
    pub fn validation(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            path: path.into(),
            message: message.into(),
        }
    }
    /// A [`Error::Data`].
    pub fn data(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.into(),
            message: message.into(),
        }
    }
    /// A [`Error::Method`].
    pub fn method(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Method {
            path: path.into(),
            message: message.into(),
        }
    }
    /// A [`Error::Io`].
    pub fn io(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Io {
            path: path.into(),
            message: message.into(),
        }
    }
    /// A [`Error::InvalidArgument`].
    pub fn invalid_argument(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The kind of problem.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Parse { .. } => ErrorKind::Parse,
            Error::Validation { .. } => ErrorKind::Validation,
            Error::Data { .. } => ErrorKind::Data,
            Error::Method { .. } => ErrorKind::Method,
            Error::Io { .. } => ErrorKind::Io,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
        }
    }

    /// Where the problem is; empty when nothing more precise than the whole input applies.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            Error::Parse { path, .. }
            | Error::Validation { path, .. }
            | Error::Data { path, .. }
            | Error::Method { path, .. }
            | Error::Io { path, .. }
            | Error::InvalidArgument { path, .. } => path,
        }
    }

    /// What is wrong, without the path.
    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            Error::Parse { message, .. }
            | Error::Validation { message, .. }
            | Error::Data { message, .. }
            | Error::Method { message, .. }
            | Error::Io { message, .. }
            | Error::InvalidArgument { message, .. } => message,
        }
    }

    /// The same error with ` (in FILE)` added to its message, for errors from a named file.
    #[must_use]
    pub fn in_file(mut self, file: &str) -> Self {
        let m = match &mut self {
            Error::Parse { message, .. }
            | Error::Validation { message, .. }
            | Error::Data { message, .. }
            | Error::Method { message, .. }
            | Error::Io { message, .. }
            | Error::InvalidArgument { message, .. } => message,
        };
        if !m.contains(file) {
            use std::fmt::Write as _;
            let _ = write!(m, " (in {file})");
        }
        self
    }

    /// The path, to rewrite in place.
    fn path_mut(&mut self) -> &mut String {
        match self {
            Error::Parse { path, .. }
            | Error::Validation { path, .. }
            | Error::Data { path, .. }
            | Error::Method { path, .. }
            | Error::Io { path, .. }
            | Error::InvalidArgument { path, .. } => path,
        }
    }

    /// The same error with `prefix` put in front of its path (`prefix.path`, or `prefix` alone).
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        let p = self.path_mut();
        *p = if p.is_empty() {
            prefix.to_owned()
        } else if p.starts_with('[') {
            format!("{prefix}{p}")
        } else {
            format!("{prefix}.{p}")
        };
        self
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
