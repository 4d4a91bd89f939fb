//! The one mapping from `outcomes_core::ErrorKind` to Python exception classes.
//!
//! | core kind          | Python class                                    | `.kind`              |
//! |--------------------|-------------------------------------------------|----------------------|
//! | (base)             | `outcomes.OutcomesError(ValueError)`            |                      |
//! | `Parse`            | `outcomes.ParseError(OutcomesError)`            | `"parse"`            |
//! | `Validation`       | `outcomes.ValidationError(OutcomesError)`       | `"validation"`       |
//! | `Data`             | `outcomes.DataError(OutcomesError)`             | `"data"`             |
//! | `Method`           | `outcomes.MethodError(OutcomesError)`           | `"method"`           |
//! | `Io`               | `outcomes.FileError(OutcomesError, OSError)`    | `"io"`               |
//! | `InvalidArgument`  | `outcomes.InvalidArgumentError(OutcomesError)`  | `"invalid_argument"` |
//!
//! `FileError` is also an `OSError`, so `except OSError` around a load still catches a missing
//! file; it is not a `FileNotFoundError` because core keeps only the operating system's
//! message, not its error number. Every raised instance has `.path` (where; `""` when nothing
//! more precise than the whole input applies), `.kind` and `.message` (what is wrong, without
//! the path), and `str(e)` is `"path: message"` (just the message when the path is empty),
//! the same text as core's `Display`. Instances pickle with their attributes.

use outcomes_core::{Error, ErrorKind};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

pyo3::create_exception!(
    outcomes,
    OutcomesError,
    PyValueError,
    "Base class of every error raised by outcomes; a ValueError.\n\n\
     Attributes: ``path`` (where the problem is, e.g. ``measures[0].unit`` or ``line 3 (value)``; \
     empty when nothing more precise than the whole input applies), ``kind`` (``parse``, \
     ``validation``, ``data``, ``method``, ``io`` or ``invalid_argument``) and ``message`` \
     (what is wrong and what to do, without the path). ``str(e)`` is ``\"path: message\"``.\n\n\
     >>> import outcomes\n\
     >>> try:\n\
     ...     outcomes.Period.parse(\"2024/26\")\n\
     ... except outcomes.OutcomesError as e:\n\
     ...     print(e.kind)\n\
     parse"
);
pyo3::create_exception!(
    outcomes,
    ParseError,
    OutcomesError,
    "Text that could not be read: TOML, JSON or CSV syntax, a period, a number.\n\n\
     >>> import outcomes\n\
     >>> try:\n\
     ...     outcomes.Framework.from_toml(\"id = 1\")\n\
     ... except outcomes.ParseError as e:\n\
     ...     print(e.path)\n\
     id"
);
pyo3::create_exception!(
    outcomes,
    ValidationError,
    OutcomesError,
    "A framework or progress update that parsed but breaks a rule (e.g. a progress update \
     naming a milestone the framework does not have).\n\n\
     >>> import outcomes\n\
     >>> issubclass(outcomes.ValidationError, ValueError)\n\
     True"
);
pyo3::create_exception!(
    outcomes,
    DataError,
    OutcomesError,
    "Observations that cannot be used: a bad row, a non-finite value, a duplicate row. \
     ``path`` names the line and column, e.g. ``line 3 (value)``.\n\n\
     >>> import outcomes\n\
     >>> try:\n\
     ...     outcomes.Observations.from_json('[{\"measure\": \"m\", \"period\": \"2024/25\"}]')\n\
     ... except outcomes.DataError as e:\n\
     ...     print(e.path)\n\
     rows[0] (value)"
);
pyo3::create_exception!(
    outcomes,
    MethodError,
    OutcomesError,
    "Arguments a statistical or SPC method cannot accept (x > n, NaN where not allowed); \
     ``path`` names the argument and first bad index, e.g. ``x[4]``.\n\n\
     >>> import outcomes\n\
     >>> issubclass(outcomes.MethodError, outcomes.OutcomesError)\n\
     True"
);
pyo3::create_exception!(
    outcomes,
    InvalidArgumentError,
    OutcomesError,
    "An option or argument outside its allowed values, or a value that cannot be written \
     (e.g. a NaN saved as JSON).\n\n\
     >>> import outcomes\n\
     >>> try:\n\
     ...     outcomes.Diagnostic(\"id\", \"fatal\", \"empty_id\", \"no id\")\n\
     ... except outcomes.InvalidArgumentError as e:\n\
     ...     print(e.path)\n\
     severity"
);

const FILE_ERROR_DOC: &str = "A file could not be read or written (core kind ``io``). Also an \
OSError, so ``except OSError`` catches it; ``path`` is the file and ``message`` the operating \
system's message.\n\n\
>>> import outcomes\n\
>>> try:\n\
...     outcomes.Framework.load(\"no/such/framework.toml\")\n\
... except OSError as e:\n\
...     print(type(e).__name__, e.path)\n\
FileError no/such/framework.toml";

static FILE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `outcomes.FileError(OutcomesError, OSError)`: two bases, so made with `type()` rather than
/// `create_exception!` (which takes one).
pub fn file_error_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    FILE_ERROR
        .get_or_try_init(py, || {
            let bases = PyTuple::new(
                py,
                [
                    py.get_type::<OutcomesError>().into_any(),
                    py.get_type::<PyOSError>().into_any(),
                ],
            )?;
            let dict = PyDict::new(py);
            dict.set_item("__module__", "outcomes")?;
            dict.set_item("__doc__", FILE_ERROR_DOC)?;
            dict.set_item("kind", ErrorKind::Io.as_str())?;
            let made = py.get_type::<PyType>().call1(("FileError", bases, dict))?;
            Ok(made.cast_into::<PyType>()?.unbind())
        })
        .map(|t| t.bind(py))
}

/// Sets the class-level defaults (`kind`, `path = ""`, `message = ""`) so that an instance a
/// user raises by hand still has the three attributes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = py.get_type::<OutcomesError>();
    base.setattr("path", "")?;
    base.setattr("message", "")?;
    base.setattr("kind", "")?;
    m.add("OutcomesError", base)?;
    let classes = [
        (py.get_type::<ParseError>(), ErrorKind::Parse),
        (py.get_type::<ValidationError>(), ErrorKind::Validation),
        (py.get_type::<DataError>(), ErrorKind::Data),
        (py.get_type::<MethodError>(), ErrorKind::Method),
        (
            py.get_type::<InvalidArgumentError>(),
            ErrorKind::InvalidArgument,
        ),
    ];
    for (class, kind) in classes {
        class.setattr("kind", kind.as_str())?;
        m.add(class.name()?, class)?;
    }
    m.add("FileError", file_error_type(py)?)?;
    Ok(())
}

/// The Python exception for a core error: the class of its kind, `str(e)` equal to core's
/// `Display`, and `.path`, `.kind`, `.message` set on the instance.
pub fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    // If building the exception itself fails (out of memory), raise that failure instead.
    build(py, error).unwrap_or_else(|failure| failure)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let class = match error.kind() {
        ErrorKind::Parse => py.get_type::<ParseError>(),
        ErrorKind::Validation => py.get_type::<ValidationError>(),
        ErrorKind::Data => py.get_type::<DataError>(),
        ErrorKind::Method => py.get_type::<MethodError>(),
        ErrorKind::Io => file_error_type(py)?.clone(),
        ErrorKind::InvalidArgument => py.get_type::<InvalidArgumentError>(),
    };
    let instance = class.call1((error.to_string(),))?;
    instance.setattr("path", error.path())?;
    instance.setattr("kind", error.kind().as_str())?;
    instance.setattr("message", error.message())?;
    Ok(PyErr::from_value(instance))
}

/// `Result<T, core::Error>` to `PyResult<T>`.
pub trait IntoPy<T> {
    /// Maps the error with [`to_py`].
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e))
    }
}
