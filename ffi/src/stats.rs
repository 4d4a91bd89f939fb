//! Public-health statistics on plain `double` arrays: `oc_proportion`, `oc_rate` (one output
//! row per input row) and the grouped `oc_dsr`, `oc_isr`, `oc_isratio`, `oc_mean` (one output
//! row per group), with `oc_group_keys` to size and label grouped outputs.
//!
//! Each function is `outcomes_core::stats` behind the checks of the boundary: NULL arrays only
//! with length 0, outputs that do not overlap each other or the inputs, and the core's errors
//! (`x[3]: ...`) as the thread's last error.

// These doc comments are the C header's text: JSON keys and values are written as JSON
// strings ("as_of") and C names bare, not as Markdown code.
#![allow(clippy::doc_markdown)]

use outcomes_core::stats::{self, DsrOptions, Interval, IsrOptions};

use crate::error::Failure;
use crate::guard::{
    Span, check_array, check_disjoint, guard, in_array, out_array, out_value, span,
};
use crate::status::OcStatus;

/// A per-row kernel of `outcomes_core::stats` (`proportion`, `rate`).
type RowKernel = fn(
    &[f64],
    &[f64],
    f64,
    f64,
    &mut [f64],
    &mut [f64],
    &mut [f64],
) -> Result<(), outcomes_core::Error>;

/// Shared body of `oc_proportion` and `oc_rate`.
///
/// # Safety
/// As for [`oc_proportion`].
#[allow(clippy::too_many_arguments)]
unsafe fn per_row(
    x: *const f64,
    n: *const f64,
    len: usize,
    confidence: f64,
    multiplier: f64,
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
    kernel: RowKernel,
) -> OcStatus {
    guard(|| {
        check_array(value.cast_const(), len, "value")?;
        check_array(lower.cast_const(), len, "lower")?;
        check_array(upper.cast_const(), len, "upper")?;
        // SAFETY: the caller passes NULL with len 0, or arrays of `len` doubles.
        let (xs, ns) = unsafe { (in_array(x, len, "x")?, in_array(n, len, "n")?) };
        check_disjoint(
            &[
                span("value", value, len),
                span("lower", lower, len),
                span("upper", upper, len),
            ],
            &[span("x", x, len), span("n", n, len)],
        )?;
        // SAFETY: the caller passes NULL with len 0, or writable arrays of `len` doubles;
        // check_disjoint showed that none of them overlaps another array in use.
        let (v, lo, hi) = unsafe {
            (
                out_array(value, len, "value")?,
                out_array(lower, len, "lower")?,
                out_array(upper, len, "upper")?,
            )
        };
        kernel(xs, ns, confidence, multiplier, v, lo, hi)?;
        Ok(())
    })
}

/// Proportions x / n (times `multiplier`) with Wilson score confidence limits, row by row
/// (PHEindicatormethods 2.1.0 `phe_proportion`; Fingertips technical guidance; Wilson 1927).
///
/// With z the two-sided normal quantile of `confidence`:
/// value = x/n * m, limits = (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)) * m.
///
/// `x` and `n` hold `len` values each; `value`, `lower` and `upper` receive `len` values each.
/// `confidence` is a fraction in [0.9, 1) or a percentage in [90, 100) (0.95, 0.998, 95, ...);
/// `multiplier` is 1 for a fraction, 100 for a percentage. A NaN in `x[i]` or `n[i]` gives NaN
/// in that row. Any array may be NULL when `len` is 0.
///
/// Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (an array is NULL with `len` > 0);
/// `OC_STATUS_INVALID_ARGUMENT` (a bad `confidence` or `multiplier`, or an output that
/// overlaps another output or an input); `OC_STATUS_METHOD_ERROR` when a row cannot be used
/// (x < 0, n <= 0, x > n, an infinite value): the last error names the first bad row and
/// counts them, e.g. "x[3]: x[3] = 12 is greater than n[3] = 10: ... (1 row is invalid)".
/// On failure the contents of the outputs are unspecified.
///
/// Ownership: every array is borrowed for the call only and stays the caller's.
///
/// # Safety
/// Each array must be NULL with `len` 0, or aligned and valid for `len` doubles (readable for
/// `x` and `n`, writable for the outputs).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_proportion(
    x: *const f64,
    n: *const f64,
    len: usize,
    confidence: f64,
    multiplier: f64,
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is per_row's.
    unsafe {
        per_row(
            x,
            n,
            len,
            confidence,
            multiplier,
            value,
            lower,
            upper,
            stats::proportion,
        )
    }
}

/// Crude rates x / n * `multiplier` with exact Poisson limits for x < 10 and Byar's
/// approximation for x >= 10, row by row (PHEindicatormethods 2.1.0 `phe_rate`; Fingertips
/// technical guidance; Breslow and Day 1987).
///
/// Byar's limits for a count O: O (1 - 1/(9O) -/+ z / (3 sqrt(O)))^3, the upper with O + 1.
///
/// Arguments, statuses and ownership as for `oc_proportion()`, except that x may exceed n;
/// `multiplier` is usually 100000 (per 100,000). A row with x < 0 or n <= 0 is
/// `OC_STATUS_METHOD_ERROR` naming it ("n[2]: ...").
///
/// # Safety
/// As for `oc_proportion()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_rate(
    x: *const f64,
    n: *const f64,
    len: usize,
    confidence: f64,
    multiplier: f64,
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
) -> OcStatus {
    // SAFETY: the caller upholds this function's contract, which is per_row's.
    unsafe {
        per_row(
            x,
            n,
            len,
            confidence,
            multiplier,
            value,
            lower,
            upper,
            stats::rate,
        )
    }
}

/// The distinct codes of a group column in first-appearance order: the order in which the
/// grouped functions (`oc_dsr()`, `oc_isr()`, `oc_isratio()`, `oc_mean()`) write their output
/// rows, so `keys[k]` labels output row k.
///
/// Stores the number of distinct codes in `*out_groups`. When `keys_len` is 0, `keys` may be
/// NULL and only the count is given (the sizing call); otherwise `keys` must hold at least
/// that many elements and receives the codes. `groups` may be NULL when `len` is 0.
///
/// Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (`out_groups` is NULL, or an array is
/// NULL with a non-zero length); `OC_STATUS_INVALID_ARGUMENT` when 0 < `keys_len` < the number
/// of groups (`*out_groups` still says how many are needed) or `keys` overlaps `groups`.
///
/// Ownership: the arrays are borrowed for the call only.
///
/// # Safety
/// `groups` must be NULL with `len` 0 or valid for reading `len` `uint32_t`; `keys` must be
/// NULL with `keys_len` 0 or valid for writing `keys_len` `uint32_t`; `out_groups` must be
/// NULL or valid for writing one `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_group_keys(
    groups: *const u32,
    len: usize,
    keys: *mut u32,
    keys_len: usize,
    out_groups: *mut usize,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `size_t`.
        let count = unsafe { out_value(out_groups, "out_groups") }?;
        *count = 0;
        // SAFETY: the caller passes NULL with len 0 or `len` readable codes.
        let codes = unsafe { in_array(groups, len, "groups") }?;
        let distinct = stats::group_keys(codes);
        *count = distinct.len();
        if keys_len == 0 {
            return Ok(());
        }
        if keys_len < distinct.len() {
            return Err(too_few("keys_len", keys_len, distinct.len()));
        }
        check_array(keys.cast_const(), keys_len, "keys")?;
        check_disjoint(
            &[span("keys", keys, keys_len)],
            &[span("groups", groups, len)],
        )?;
        // SAFETY: the caller passes `keys_len` writable codes, which overlap nothing in use.
        let out = unsafe { out_array(keys, keys_len, "keys") }?;
        out[..distinct.len()].copy_from_slice(&distinct);
        Ok(())
    })
}

/// The error for output arrays that are too short for the groups.
fn too_few(name: &str, have: usize, groups: usize) -> Failure {
    Failure::new(
        OcStatus::InvalidArgument,
        name,
        format!(
            "the outputs hold {have} elements but there are {groups} groups; allocate one per \
             group (out_groups says how many; oc_group_keys() gives them before the call, and \
             len elements, or 1 when groups is NULL, are always enough)"
        ),
    )
}

/// The output side of a grouped call, as C passed it.
struct GroupedOut {
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
    out_len: usize,
    out_groups: *mut usize,
}

/// Shared body of the grouped functions: checks the inputs, counts the groups, checks and
/// borrows the outputs (one element per group) and runs `kernel` on them.
///
/// # Safety
/// Each input is NULL with `len` 0 or valid for reading `len` doubles; `groups` is NULL or
/// valid for reading `len` codes; the outputs as for [`oc_dsr`].
unsafe fn grouped(
    inputs: &[(&str, *const f64)],
    groups: *const u32,
    len: usize,
    out: &GroupedOut,
    kernel: impl FnOnce(&[&[f64]], Option<&[u32]>, Interval<'_>) -> Result<(), outcomes_core::Error>,
) -> OcStatus {
    guard(|| {
        // SAFETY: the caller passes NULL or a pointer valid for one `size_t`.
        let count = unsafe { out_value(out.out_groups, "out_groups") }?;
        *count = 0;
        let mut columns = Vec::with_capacity(inputs.len());
        let mut spans: Vec<Span<'_>> = Vec::with_capacity(inputs.len() + 1);
        for &(name, ptr) in inputs {
            // SAFETY: the caller passes NULL with len 0 or `len` readable doubles.
            columns.push(unsafe { in_array(ptr, len, name) }?);
            spans.push(span(name, ptr, len));
        }
        let codes = if groups.is_null() {
            None
        } else {
            spans.push(span("groups", groups, len));
            // SAFETY: `groups` is not NULL, so the caller passes `len` readable codes.
            Some(unsafe { in_array(groups, len, "groups") }?)
        };
        let ngroups = codes.map_or(1, |c| stats::group_keys(c).len());
        *count = ngroups;
        if out.out_len < ngroups {
            return Err(too_few("out_len", out.out_len, ngroups));
        }
        check_array(out.value.cast_const(), ngroups, "value")?;
        check_array(out.lower.cast_const(), ngroups, "lower")?;
        check_array(out.upper.cast_const(), ngroups, "upper")?;
        check_disjoint(
            &[
                span("value", out.value, ngroups),
                span("lower", out.lower, ngroups),
                span("upper", out.upper, ngroups),
            ],
            &spans,
        )?;
        // SAFETY: the caller passes outputs writable for `out_len` >= `ngroups` doubles, and
        // check_disjoint showed that none overlaps another array in use.
        let interval = unsafe {
            Interval::new(
                out_array(out.value, ngroups, "value")?,
                out_array(out.lower, ngroups, "lower")?,
                out_array(out.upper, ngroups, "upper")?,
            )
        };
        kernel(&columns, codes, interval)?;
        Ok(())
    })
}

/// Directly standardised rates, one per group, with Dobson's limits built on Byar's limits for
/// the total count (PHEindicatormethods 2.1.0 `calculate_dsr`; Fingertips technical guidance;
/// Dobson et al. 1991).
///
/// Rows are (group, age band) cells: count `x[i]`, local population `n[i]` and standard
/// population `stdpop[i]` (e.g. the European Standard Population 2013), all `len` long. For a
/// group with O = sum x: DSR = sum(x w / n) / sum(w) * m, var = sum(x w^2 / n^2) / (sum w)^2,
/// limits (DSR/m + sqrt(var/O) (O_lower - O)) * m with Byar's O_lower (likewise upper). A NaN
/// count is taken as 0; a group whose total count is below 10 gets NaN value and limits
/// (PHEindicatormethods: "dsr NA for total count < 10").
///
/// `groups` holds one code per row, or is NULL for one group of all rows. The rows of a group
/// need not be contiguous. Output row k is the k-th distinct code in order of first
/// appearance (`oc_group_keys()` lists them). `value`, `lower` and `upper` must each hold
/// `out_len` elements with `out_len` >= the number of groups: `len` elements (1 when `groups`
/// is NULL) are always enough, or ask `oc_group_keys()` first. `*out_groups` receives the
/// number of groups, i.e. of output rows written; it is set as soon as it is known, also when
/// `out_len` is too small, and is 0 when an earlier check fails.
///
/// Returns `OC_STATUS_OK`; `OC_STATUS_NULL_ARGUMENT` (`out_groups` is NULL, or an array is
/// NULL with a non-zero length); `OC_STATUS_INVALID_ARGUMENT` (bad `confidence` or
/// `multiplier`, `out_len` too small, overlapping outputs); `OC_STATUS_METHOD_ERROR` naming the
/// first bad row (x < 0, n <= 0 or NaN, stdpop < 0 or NaN), e.g. "n[4]: ...".
///
/// Ownership: every array is borrowed for the call only.
///
/// # Safety
/// `x`, `n`, `stdpop` must each be NULL with `len` 0 or valid for reading `len` doubles;
/// `groups` NULL or valid for reading `len` `uint32_t`; `value`, `lower`, `upper` NULL with
/// `out_len` 0 or valid for writing `out_len` doubles; `out_groups` NULL or valid for writing
/// one `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_dsr(
    x: *const f64,
    n: *const f64,
    stdpop: *const f64,
    groups: *const u32,
    len: usize,
    confidence: f64,
    multiplier: f64,
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
    out_len: usize,
    out_groups: *mut usize,
) -> OcStatus {
    let out = GroupedOut {
        value,
        lower,
        upper,
        out_len,
        out_groups,
    };
    let options = DsrOptions {
        confidence,
        multiplier,
    };
    // SAFETY: the caller upholds this function's contract, which is grouped's.
    unsafe {
        grouped(
            &[("x", x), ("n", n), ("stdpop", stdpop)],
            groups,
            len,
            &out,
            |c, g, interval| stats::dsr(c[0], c[1], c[2], g, None, &options, interval).map(|_| ()),
        )
    }
}

/// Indirectly standardised rates, one per group (PHEindicatormethods 2.1.0
/// `calculate_ISRate`; Fingertips technical guidance).
///
/// Rows are (group, age band) cells: local count `x[i]` and population `n[i]`, reference
/// count `x_ref[i]` and population `n_ref[i]`. With E = sum (x_ref / n_ref) n, O = sum x and
/// ref_rate = sum x_ref / sum n_ref * m: ISR = O / E * ref_rate, limits L(O) / E * ref_rate
/// with exact Poisson limits L for O < 10 and Byar's for O >= 10. A NaN count is taken as 0;
/// n = 0 is allowed (the band contributes nothing); small counts are not suppressed.
///
/// Groups, output sizing, `*out_groups`, statuses and ownership as for `oc_dsr()`;
/// `OC_STATUS_METHOD_ERROR` names the first row with x < 0, n < 0, x_ref < 0 or n_ref <= 0.
///
/// # Safety
/// As for `oc_dsr()`, with `x`, `n`, `x_ref`, `n_ref` each `len` doubles.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_isr(
    x: *const f64,
    n: *const f64,
    x_ref: *const f64,
    n_ref: *const f64,
    groups: *const u32,
    len: usize,
    confidence: f64,
    multiplier: f64,
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
    out_len: usize,
    out_groups: *mut usize,
) -> OcStatus {
    let out = GroupedOut {
        value,
        lower,
        upper,
        out_len,
        out_groups,
    };
    let options = IsrOptions {
        confidence,
        multiplier,
    };
    // SAFETY: the caller upholds this function's contract, which is grouped's.
    unsafe {
        grouped(
            &[("x", x), ("n", n), ("x_ref", x_ref), ("n_ref", n_ref)],
            groups,
            len,
            &out,
            |c, g, interval| stats::isr(c[0], c[1], c[2], c[3], g, &options, interval).map(|_| ()),
        )
    }
}

/// Indirectly standardised ratios (observed / expected, e.g. an SMR), one per group
/// (PHEindicatormethods 2.1.0 `calculate_ISRatio`; Fingertips technical guidance).
///
/// With E = sum (x_ref / n_ref) n and O = sum x: ratio = O / E * `refvalue`, limits
/// L(O) / E * `refvalue` with exact Poisson (O < 10) or Byar's (O >= 10) limits L. `refvalue`
/// is 1 for a ratio, 100 for a ratio per 100.
///
/// Arguments, groups, output sizing, statuses and ownership as for `oc_isr()`.
///
/// # Safety
/// As for `oc_isr()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_isratio(
    x: *const f64,
    n: *const f64,
    x_ref: *const f64,
    n_ref: *const f64,
    groups: *const u32,
    len: usize,
    confidence: f64,
    refvalue: f64,
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
    out_len: usize,
    out_groups: *mut usize,
) -> OcStatus {
    let out = GroupedOut {
        value,
        lower,
        upper,
        out_len,
        out_groups,
    };
    let options = IsrOptions {
        confidence,
        multiplier: refvalue,
    };
    // SAFETY: the caller upholds this function's contract, which is grouped's.
    unsafe {
        grouped(
            &[("x", x), ("n", n), ("x_ref", x_ref), ("n_ref", n_ref)],
            groups,
            len,
            &out,
            |c, g, interval| {
                stats::isratio(c[0], c[1], c[2], c[3], g, &options, interval).map(|_| ())
            },
        )
    }
}

/// Means, one per group, with Student's t confidence limits (PHEindicatormethods 2.1.0
/// `phe_mean`; Fingertips technical guidance).
///
/// For a group of k values with mean m and sample standard deviation s:
/// m -/+ t(1 - (1 - confidence)/2; k - 1) * s / sqrt(k). A NaN value makes its group NaN; a
/// group of one value has its mean and NaN limits.
///
/// `values` holds `len` values. Groups, output sizing, `*out_groups` and ownership as for
/// `oc_dsr()`. Returns `OC_STATUS_OK`, `OC_STATUS_NULL_ARGUMENT` or
/// `OC_STATUS_INVALID_ARGUMENT` (bad `confidence`, `out_len` too small, overlapping outputs).
///
/// # Safety
/// As for `oc_dsr()`, with `values` `len` doubles.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oc_mean(
    values: *const f64,
    groups: *const u32,
    len: usize,
    confidence: f64,
    value: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
    out_len: usize,
    out_groups: *mut usize,
) -> OcStatus {
    let out = GroupedOut {
        value,
        lower,
        upper,
        out_len,
        out_groups,
    };
    // SAFETY: the caller upholds this function's contract, which is grouped's.
    unsafe {
        grouped(
            &[("values", values)],
            groups,
            len,
            &out,
            |c, g, interval| stats::mean(c[0], g, confidence, interval).map(|_| ()),
        )
    }
}
