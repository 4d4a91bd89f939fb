//! The per-series XmR kernel: limits, rules, precedence, icons. No allocation once the
//! scratch buffers have grown to the longest segment.

use super::options::{Rules, SpcOptions};
use super::types::{
    AssuranceIcon, PointType, PointTypeCounts, SegmentSummary, SeriesSummary, VariationIcon,
};

/// The XmR scaling constant for process limits (NHSRplotthedots uses 2.66 exactly).
pub const LIMIT_CONSTANT: f64 = 2.66;
/// Moving ranges at or above this multiple of the average moving range are screened out.
pub const SCREEN_CONSTANT: f64 = 3.267;
/// Segments with fewer values than this get the short-series (trial limits) warning.
pub const SHORT_SEGMENT: usize = 13;

// Rule bits per point, lowest bit = highest precedence; odd signal codes point up.
const OUT_HI: u8 = 1 << 0;
const OUT_LO: u8 = 1 << 1;
const TREND_UP: u8 = 1 << 2;
const TREND_DN: u8 = 1 << 3;
const TWO_HI: u8 = 1 << 4;
const TWO_LO: u8 = 1 << 5;
const SHIFT_HI: u8 = 1 << 6;
const SHIFT_LO: u8 = 1 << 7;
const HI_BITS: u8 = OUT_HI | TREND_UP | TWO_HI | SHIFT_HI;
const LO_BITS: u8 = OUT_LO | TREND_DN | TWO_LO | SHIFT_LO;
const TREND_ANY: u8 = TREND_UP | TREND_DN;

// Per-point facts used by two-in-three and shift.
const ABOVE: u8 = 1;
const BELOW: u8 = 2;
const CLOSE: u8 = 4;

/// Mutable per-point output columns, one element per input value.
///
/// Used by [`xmr_into`](super::xmr_into) so that bindings can write straight into arrays they
/// own. Codes are those of [`PointType`](super::PointType) and [`Signal`](super::Signal).
#[derive(Debug)]
pub struct XmrColumnsMut<'a> {
    /// Centre line of the point's segment.
    pub mean: &'a mut [f64],
    /// Lower process limit of the point's segment.
    pub lpl: &'a mut [f64],
    /// Upper process limit of the point's segment.
    pub upl: &'a mut [f64],
    /// Lower 2-sigma line of the point's segment.
    pub near_lpl: &'a mut [f64],
    /// Upper 2-sigma line of the point's segment.
    pub near_upl: &'a mut [f64],
    /// [`PointType`](super::PointType) codes.
    pub point_type: &'a mut [u8],
    /// [`Signal`](super::Signal) codes.
    pub signal: &'a mut [u8],
    /// 0-based segment number within the series.
    pub segment: &'a mut [u32],
}

impl XmrColumnsMut<'_> {
    /// The length every column must have, or the first column whose length differs.
    pub(crate) fn check_len(&self, n: usize) -> Result<(), &'static str> {
        let lens = [
            ("mean", self.mean.len()),
            ("lpl", self.lpl.len()),
            ("upl", self.upl.len()),
            ("near_lpl", self.near_lpl.len()),
            ("near_upl", self.near_upl.len()),
            ("point_type", self.point_type.len()),
            ("signal", self.signal.len()),
            ("segment", self.segment.len()),
        ];
        match lens.iter().find(|(_, l)| *l != n) {
            Some((name, _)) => Err(name),
            None => Ok(()),
        }
    }

    /// The columns restricted to `start..end`.
    pub(crate) fn slice(&mut self, start: usize, end: usize) -> XmrColumnsMut<'_> {
        XmrColumnsMut {
            mean: &mut self.mean[start..end],
            lpl: &mut self.lpl[start..end],
            upl: &mut self.upl[start..end],
            near_lpl: &mut self.near_lpl[start..end],
            near_upl: &mut self.near_upl[start..end],
            point_type: &mut self.point_type[start..end],
            signal: &mut self.signal[start..end],
            segment: &mut self.segment[start..end],
        }
    }
}

/// Reusable buffers for one segment at a time.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    vals: Vec<f64>,
    pos: Vec<usize>,
    mask: Vec<u8>,
    facts: Vec<u8>,
}

/// Mean with R's correction pass: `m = sum/n; m + sum(x - m)/n`. NaN for an empty slice.
fn mean_of(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let n = xs.len() as f64;
    let m = sum4(xs, |x| x) / n;
    if !m.is_finite() {
        return m;
    }
    m + sum4(xs, |x| x - m) / n
}

/// Sum of `f(r)` over the moving ranges `r = |xs[i+1] - xs[i]|` kept by `keep`, and how many
/// were kept. Range `i` is summed in lane `i % 4` (as [`sum4`]).
fn mr_lanes(xs: &[f64], keep: impl Fn(f64) -> bool, f: impl Fn(f64) -> f64) -> (f64, usize) {
    let (from, to) = (&xs[..xs.len() - 1], &xs[1..]);
    let mut acc = [0.0f64; 4];
    let mut kept = [0usize; 4];
    let mut add = |lane: usize, a: f64, b: f64| {
        let r = (b - a).abs();
        let k = keep(r);
        acc[lane] += if k { f(r) } else { 0.0 };
        kept[lane] += usize::from(k);
    };
    let (fc, tc) = (from.chunks_exact(4), to.chunks_exact(4));
    let (fr, tr) = (fc.remainder(), tc.remainder());
    for (a, b) in fc.zip(tc) {
        for lane in 0..4 {
            add(lane, a[lane], b[lane]);
        }
    }
    for (lane, (&a, &b)) in fr.iter().zip(tr).enumerate() {
        add(lane, a, b);
    }
    (
        (acc[0] + acc[1]) + (acc[2] + acc[3]),
        (kept[0] + kept[1]) + (kept[2] + kept[3]),
    )
}

/// Mean of the moving ranges of `xs` (at least two values) kept by `keep`, with R's
/// correction pass, and how many ranges were kept.
fn mr_mean(xs: &[f64], keep: impl Fn(f64) -> bool + Copy) -> (f64, usize) {
    let (sum, k) = mr_lanes(xs, keep, |r| r);
    if k == 0 {
        return (f64::NAN, 0);
    }
    let m = sum / k as f64;
    if !m.is_finite() {
        return (m, k);
    }
    let (correction, _) = mr_lanes(xs, keep, |r| r - m);
    (m + correction / k as f64, k)
}

/// Average moving range of the baseline and the number of ranges screened out.
fn amr_of(base: &[f64], screen: bool) -> (f64, usize) {
    if base.len() < 2 {
        return (f64::NAN, 0);
    }
    let (raw, k) = mr_mean(base, |_| true);
    if !screen {
        return (raw, 0);
    }
    let threshold = SCREEN_CONSTANT * raw;
    let (screened, kept) = mr_mean(base, |r| r < threshold);
    (screened, k - kept)
}

/// The signal code chosen for a point's rule bits.
fn resolve(mask: u8, improvement_wins: bool, direction: i8) -> u8 {
    if mask == 0 {
        return 0;
    }
    let mut pick = mask;
    if improvement_wins && direction != 0 {
        let good = if direction > 0 { HI_BITS } else { LO_BITS };
        if mask & good != 0 {
            pick = mask & good;
        }
    }
    pick.trailing_zeros() as u8 + 1
}

/// The point type for a signal code under an improvement direction.
fn point_type_of(signal: u8, direction: i8) -> PointType {
    if signal == 0 {
        return PointType::CommonCause;
    }
    let up = signal % 2 == 1;
    match (direction, up) {
        (0, true) => PointType::SpecialCauseNeutralHigh,
        (0, false) => PointType::SpecialCauseNeutralLow,
        (d, true) if d > 0 => PointType::SpecialCauseImprovement,
        (d, false) if d < 0 => PointType::SpecialCauseImprovement,
        _ => PointType::SpecialCauseConcern,
    }
}

/// The variation icon for the latest point type.
fn variation_icon(t: PointType, direction: i8) -> VariationIcon {
    match (t, direction > 0) {
        (PointType::SpecialCauseImprovement, true) => VariationIcon::ImprovementHigh,
        (PointType::SpecialCauseImprovement, false) => VariationIcon::ImprovementLow,
        (PointType::SpecialCauseConcern, true) => VariationIcon::ConcernLow,
        (PointType::SpecialCauseConcern, false) => VariationIcon::ConcernHigh,
        (PointType::SpecialCauseNeutralHigh, _) => VariationIcon::NeutralHigh,
        (PointType::SpecialCauseNeutralLow, _) => VariationIcon::NeutralLow,
        (PointType::CommonCause | PointType::Missing, _) => VariationIcon::CommonCause,
    }
}

/// The assurance icon: strict comparisons of the target with the latest limits.
fn assurance_icon(target: Option<f64>, direction: i8, lpl: f64, upl: f64) -> Option<AssuranceIcon> {
    let t = target?;
    if direction == 0 {
        return None;
    }
    Some(if t > upl {
        if direction > 0 {
            AssuranceIcon::Fail
        } else {
            AssuranceIcon::Pass
        }
    } else if t < lpl {
        if direction > 0 {
            AssuranceIcon::Pass
        } else {
            AssuranceIcon::Fail
        }
    } else {
        AssuranceIcon::Inconsistent
    })
}

/// Sign of `a - b` as -1, 0, +1 (0 also for NaN).
fn sign(a: f64, b: f64) -> i8 {
    i8::from(a > b) - i8::from(a < b)
}

/// Settings and lookup tables shared by every series of a call.
pub(crate) struct Prepared<'o> {
    options: &'o SpcOptions,
    rules: Rules,
    direction: i8,
    /// Rule bits -> signal code.
    signal: [u8; 256],
    /// Rule bits -> point type code.
    point_type: [u8; 256],
}

impl<'o> Prepared<'o> {
    pub(crate) fn new(options: &'o SpcOptions, rules: Rules) -> Self {
        let direction = options.improvement.sign();
        let mut signal = [0u8; 256];
        let mut point_type = [0u8; 256];
        for mask in 0..=255u8 {
            let code = resolve(mask, rules.improvement_wins, direction);
            signal[usize::from(mask)] = code;
            point_type[usize::from(mask)] = point_type_of(code, direction) as u8;
        }
        Prepared {
            options,
            rules,
            direction,
            signal,
            point_type,
        }
    }
}

/// Sum of `f(x)` with four accumulators, element `i` in lane `i % 4` (at least as accurate as
/// one running sum, and faster).
fn sum4(xs: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0.0f64; 4];
    let chunks = xs.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for lane in 0..4 {
            acc[lane] += f(c[lane]);
        }
    }
    for (lane, &x) in rest.iter().enumerate() {
        acc[lane] += f(x);
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Classifies the values of one segment: rule bits into `mask`, using `facts` as scratch.
fn apply_rules(
    vals: &[f64],
    seg: &SegmentSummary,
    rules: &Rules,
    mask: &mut [u8],
    facts: &mut [u8],
) {
    let m = vals.len();
    // Astronomical points, side of the mean, closeness to a limit (strict comparisons).
    let count_outside = rules.two_in_three_counts_outside;
    for ((&v, mk), f) in vals.iter().zip(mask.iter_mut()).zip(facts.iter_mut()) {
        let hi = v > seg.upl;
        let lo = v < seg.lpl;
        let near = v < seg.near_lpl || v > seg.near_upl;
        let close = near && (count_outside || !(hi || lo));
        *mk = (u8::from(hi) * OUT_HI) | (u8::from(lo) * OUT_LO);
        *f = (u8::from(v > seg.mean) * ABOVE)
            | (u8::from(v < seg.mean) * BELOW)
            | (u8::from(close) * CLOSE);
    }

    // Trend: maximal runs of strictly rising (falling) steps covering >= trend_length points.
    // One pass, branch-free but for the rare marking: `run` counts the steps of the current
    // run; when it first reaches `len - 1` steps the run's `len` points are marked, and each
    // further step of the same run marks its new point.
    let step = |k: usize| sign(vals[k], vals[k - 1]);
    let len = rules.trend_length;
    let mut any_trend = false;
    let mut run = 0usize;
    let mut prev = 0i8;
    for k in 1..m {
        let s = step(k);
        run = usize::from(s != 0) * (usize::from(s == prev) * run + 1);
        prev = s;
        if run + 1 >= len {
            any_trend = true;
            if run + 1 == len {
                for f in &mut mask[k + 1 - len..=k] {
                    *f |= TREND_ANY;
                }
            } else {
                mask[k] |= TREND_ANY;
            }
        }
    }
    // Direction per point, as NHSRplotthedots: the step to the successor when the successor is
    // also a trend point, else the step from the predecessor; a zero step reads as decreasing.
    if any_trend {
        for k in 0..m {
            if mask[k] & TREND_ANY == 0 {
                continue;
            }
            let s = if k + 1 < m && mask[k + 1] & TREND_ANY != 0 {
                step(k + 1)
            } else {
                step(k)
            };
            mask[k] = (mask[k] & !TREND_ANY) | if s > 0 { TREND_UP } else { TREND_DN };
        }
    }

    // Two in three: a window of 3 all strictly on one side of the mean with >= 2 close points;
    // only its close points are flagged.
    for k in 2..m {
        let (a, b, c) = (facts[k - 2], facts[k - 1], facts[k]);
        let closes = (a & CLOSE) + (b & CLOSE) + (c & CLOSE);
        if closes < 2 * CLOSE {
            continue;
        }
        let side = a & b & c;
        let bit = if side & ABOVE != 0 {
            TWO_HI
        } else if side & BELOW != 0 {
            TWO_LO
        } else {
            continue;
        };
        for j in k - 2..=k {
            if facts[j] & CLOSE != 0 {
                mask[j] |= bit;
            }
        }
    }

    // Shift: maximal runs on one side of the mean; a point on the mean breaks the run. The
    // same one-pass counting as the trend.
    let len = rules.shift_length;
    let mut run = 0usize;
    let mut prev = 0u8;
    for k in 0..m {
        let side = facts[k] & (ABOVE | BELOW);
        run = usize::from(side != 0) * (usize::from(side == prev) * run + 1);
        prev = side;
        if run >= len {
            let bit = if side == ABOVE { SHIFT_HI } else { SHIFT_LO };
            if run == len {
                for f in &mut mask[k + 1 - len..=k] {
                    *f |= bit;
                }
            } else {
                mask[k] |= bit;
            }
        }
    }
}

/// Limits of one segment from its values (the first `fix_after` of them when fixed).
fn limits(vals: &[f64], start: usize, len: usize, p: &Prepared<'_>) -> SegmentSummary {
    let m = vals.len();
    let b = p.options.fix_after.map_or(m, |f| f.min(m));
    let base = &vals[..b];
    let mean = mean_of(base);
    let (amr, screened_ranges) = amr_of(base, p.rules.screen_outliers);
    let near = 2.0 / 3.0 * LIMIT_CONSTANT * amr;
    SegmentSummary {
        start,
        len,
        values: m,
        baseline: b,
        mean,
        amr,
        screened_ranges,
        lpl: mean - LIMIT_CONSTANT * amr,
        upl: mean + LIMIT_CONSTANT * amr,
        near_lpl: mean - near,
        near_upl: mean + near,
        short_warning: m < SHORT_SEGMENT,
    }
}

/// Computes one series into `out` (same length as `values`). Values are finite or NaN (NaN
/// only when the caller allows skipping). Returns `None` when the series has no value at all.
///
/// A segment without NaN is classified in place: `out.signal` holds the rule bits and
/// `out.point_type` the per-point facts until both are resolved, so nothing is copied.
///
/// With `write_limits = false` the per-point limit columns (`mean`, `lpl`, `upl`, `near_lpl`,
/// `near_upl`, `segment`) are left untouched (the caller fills them from `segments` with
/// [`fill_limits`]); only `point_type` and `signal` are written.
pub(crate) fn run_series(
    values: &[f64],
    code: u32,
    p: &Prepared<'_>,
    out: &mut XmrColumnsMut<'_>,
    mut segments: Option<&mut Vec<SegmentSummary>>,
    sc: &mut Scratch,
    write_limits: bool,
) -> Option<SeriesSummary> {
    let n = values.len();
    let mut counts = [0usize; 6];
    let mut last_type = None;
    let mut short = false;
    let mut nseg = 0usize;
    let mut latest = (f64::NAN, f64::NAN, f64::NAN);
    let mut bounds = p.options.rebase.iter().copied().filter(|&r| r > 0 && r < n);
    let mut start = 0;
    while start < n {
        let end = bounds.next().unwrap_or(n);
        let seg_id = nseg as u32;
        nseg += 1;
        let slice = &values[start..end];
        let dense = !slice.iter().any(|v| v.is_nan());

        let seg = if dense {
            let seg = limits(slice, start, end - start, p);
            apply_rules(
                slice,
                &seg,
                &p.rules,
                &mut out.signal[start..end],
                &mut out.point_type[start..end],
            );
            for (sig, pt) in out.signal[start..end]
                .iter_mut()
                .zip(&mut out.point_type[start..end])
            {
                let mask = usize::from(*sig);
                *sig = p.signal[mask];
                *pt = p.point_type[mask];
                counts[usize::from(*pt)] += 1;
            }
            if end > start {
                last_type = Some(out.point_type[end - 1]);
            }
            seg
        } else {
            // Gather the non-missing values, classify them, scatter the verdicts back.
            sc.vals.clear();
            sc.pos.clear();
            for (i, &v) in slice.iter().enumerate() {
                if v.is_nan() {
                    out.point_type[start + i] = PointType::Missing as u8;
                    out.signal[start + i] = 0;
                    counts[PointType::Missing as usize] += 1;
                } else {
                    sc.vals.push(v);
                    sc.pos.push(start + i);
                }
            }
            let m = sc.vals.len();
            let seg = limits(&sc.vals, start, end - start, p);
            sc.mask.clear();
            sc.mask.resize(m, 0);
            sc.facts.clear();
            sc.facts.resize(m, 0);
            apply_rules(&sc.vals, &seg, &p.rules, &mut sc.mask, &mut sc.facts);
            for (k, &i) in sc.pos.iter().enumerate() {
                let mask = usize::from(sc.mask[k]);
                out.signal[i] = p.signal[mask];
                out.point_type[i] = p.point_type[mask];
                counts[usize::from(p.point_type[mask])] += 1;
                last_type = Some(p.point_type[mask]);
            }
            seg
        };
        short |= seg.short_warning;
        latest = (seg.mean, seg.lpl, seg.upl);
        if write_limits {
            out.mean[start..end].fill(seg.mean);
            out.lpl[start..end].fill(seg.lpl);
            out.upl[start..end].fill(seg.upl);
            out.near_lpl[start..end].fill(seg.near_lpl);
            out.near_upl[start..end].fill(seg.near_upl);
            out.segment[start..end].fill(seg_id);
        }
        if let Some(s) = segments.as_deref_mut() {
            s.push(seg);
        }
        start = end;
    }
    let last = PointType::from_code(last_type?)?;
    Some(SeriesSummary {
        series: code,
        len: n,
        segments: nseg,
        variation_icon: variation_icon(last, p.direction),
        assurance_icon: assurance_icon(p.options.target, p.direction, latest.1, latest.2),
        counts: PointTypeCounts {
            common_cause: counts[0],
            special_cause_improvement: counts[1],
            special_cause_concern: counts[2],
            special_cause_neutral_high: counts[3],
            special_cause_neutral_low: counts[4],
            missing: counts[5],
        },
        short_series_warning: short,
        mean: latest.0,
        lpl: latest.1,
        upl: latest.2,
    })
}

/// Writes each segment's limits into the per-point limit columns, the work split between the
/// calling thread and one scoped thread: for a long series the cost is the operating system's
/// first touch of tens of megabytes of fresh pages, which two cores take in half the time.
/// `spans` are `(segment number within its series, segment)` with the segment's `start`
/// counted in `out`'s rows. `out.point_type` and `out.signal` are not touched (they may be
/// empty).
pub(crate) fn fill_limits(spans: &[(u32, SegmentSummary)], out: XmrColumnsMut<'_>, threads: bool) {
    let XmrColumnsMut {
        mean,
        lpl,
        upl,
        near_lpl,
        near_upl,
        segment,
        ..
    } = out;
    let fill_a = |mean: &mut [f64], lpl: &mut [f64], upl: &mut [f64]| {
        for (_, s) in spans {
            let r = s.start..s.start + s.len;
            mean[r.clone()].fill(s.mean);
            lpl[r.clone()].fill(s.lpl);
            upl[r].fill(s.upl);
        }
    };
    let fill_b = |near_lpl: &mut [f64], near_upl: &mut [f64], segment: &mut [u32]| {
        for (id, s) in spans {
            let r = s.start..s.start + s.len;
            near_lpl[r.clone()].fill(s.near_lpl);
            near_upl[r.clone()].fill(s.near_upl);
            segment[r].fill(*id);
        }
    };
    if threads {
        std::thread::scope(|scope| {
            scope.spawn(|| fill_a(mean, lpl, upl));
            fill_b(near_lpl, near_upl, segment);
        });
    } else {
        fill_a(mean, lpl, upl);
        fill_b(near_lpl, near_upl, segment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_uses_precedence_then_improvement() {
        assert_eq!(resolve(0, false, 1), 0);
        assert_eq!(resolve(OUT_LO | TREND_UP, false, 1), 2);
        assert_eq!(resolve(OUT_LO | TREND_UP, true, 1), 3);
        assert_eq!(resolve(OUT_LO | TREND_UP, true, -1), 2);
        assert_eq!(resolve(OUT_LO | TREND_UP, true, 0), 2);
        assert_eq!(resolve(SHIFT_LO | TWO_LO, true, 1), 6);
    }

    #[test]
    fn mean_and_amr() {
        assert_eq!(mean_of(&[1.0, 2.0, 3.0]), 2.0);
        assert!(mean_of(&[]).is_nan());
        assert_eq!(amr_of(&[5.0, 6.0], true), (1.0, 0));
        assert!(amr_of(&[5.0], true).0.is_nan());
        let (a, dropped) = amr_of(&[5.0, 5.0, 5.0], true);
        assert!(a.is_nan());
        assert_eq!(dropped, 2);
        assert_eq!(amr_of(&[5.0, 5.0, 5.0], false), (0.0, 0));
    }
}
