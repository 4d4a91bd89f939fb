//! Public-health statistics matching `PHEindicatormethods` 2.1.0 and the Fingertips technical
//! guidance.
//!
//! Every kernel takes input slices and writes into preallocated output slices, so callers (and
//! the C and Python bindings) control allocation and a million rows cost one pass.
//!
//! - [`dist`]: normal, chi-squared and Student's t distributions used by the kernels.

pub mod dist;
