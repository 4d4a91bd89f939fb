//! numpy conversions shared by the statistics and SPC functions.
//!
//! Inputs arrive as 1-D numpy arrays (the pure-Python layer turns lists and other array-likes
//! into float64 / uint32 arrays with `numpy.asarray`, which does not copy a float64 array).
//! A contiguous array is borrowed in place; a strided view (e.g. `a[::2]`) is copied once.
//! Outputs are `Vec`s handed to numpy without copying (`into_pyarray`).

use std::borrow::Cow;

use numpy::{Element, IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

/// A float64 numpy array owned by Python.
pub type F64Array<'py> = Bound<'py, PyArray1<f64>>;

/// Borrows a contiguous array, copies a strided one.
pub fn col<'a, T: Element + Copy>(a: &'a PyReadonlyArray1<'_, T>) -> Cow<'a, [T]> {
    match a.as_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(a.as_array().iter().copied().collect()),
    }
}

/// [`col`] for an optional argument.
pub fn opt_col<'a, T: Element + Copy>(
    a: Option<&'a PyReadonlyArray1<'_, T>>,
) -> Option<Cow<'a, [T]>> {
    a.map(col)
}

/// `Vec<f64>` to a numpy array without copying.
pub fn out<T: Element>(py: Python<'_>, v: Vec<T>) -> Bound<'_, PyArray1<T>> {
    v.into_pyarray(py)
}

/// The number of output rows of a grouped kernel: distinct codes, or 1 without groups.
pub fn group_count(groups: Option<&[u32]>) -> usize {
    groups.map_or(1, |g| outcomes_core::stats::group_keys(g).len())
}
