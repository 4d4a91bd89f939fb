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
    let m = sum4(xs.iter().copied()) / n;
    if !m.is_finite() {
        return m;
    }
    m + sum4(xs.iter().map(|&x| x - m)) / n
}

/// Mean of the moving ranges of `xs` kept by `keep`, with the same correction pass, and how
/// many ranges were kept.
fn mr_mean(xs: &[f64], keep: impl Fn(f64) -> bool + Copy) -> (f64, usize) {
    let ranges = || xs.windows(2).map(|w| (w[1] - w[0]).abs());
    let mut acc = [0.0f64; 4];
    let mut k = 0usize;
    for (i, r) in ranges().enumerate() {
        let kept = keep(r);
        acc[i & 3] += if kept { r } else { 0.0 };
        k += usize::from(kept);
    }
    if k == 0 {
        return (f64::NAN, 0);
    }
    let m = ((acc[0] + acc[1]) + (acc[2] + acc[3])) / k as f64;
    if !m.is_finite() {
        return (m, k);
    }
    let mut c = [0.0f64; 4];
    for (i, r) in ranges().enumerate() {
        c[i & 3] += if keep(r) { r - m } else { 0.0 };
    }
    (m + ((c[0] + c[1]) + (c[2] + c[3])) / k as f64, k)
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
    if a > b {
        1
    } else if a < b {
        -1
    } else {
        0
    }
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

/// Sum with four accumulators (at least as accurate as one running sum, and faster).
fn sum4(mut it: impl Iterator<Item = f64>) -> f64 {
    let mut acc = [0.0f64; 4];
    'outer: loop {
        for a in &mut acc {
            match it.next() {
                Some(x) => *a += x,
                None => break 'outer,
            }
        }
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
    let step = |k: usize| sign(vals[k], vals[k - 1]);
    let len = rules.trend_length;
    let mut start = 0; // first point of the current run
    let mut dir = 0i8;
    let mut any_trend = false;
    for k in 1..=m {
        let s = if k < m { step(k) } else { 0 };
        if s != 0 && s == dir {
            continue;
        }
        // The run of `dir` steps covers points start..k.
        if dir != 0 && k - start >= len {
            any_trend = true;
            for f in &mut mask[start..k] {
                *f |= TREND_ANY;
            }
        }
        start = k - 1;
        dir = s;
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

    // Shift: maximal runs on one side of the mean; a point on the mean breaks the run.
    let mut start = 0;
    while start < m {
        let side = facts[start] & (ABOVE | BELOW);
        let mut end = start + 1;
        while end < m && facts[end] & (ABOVE | BELOW) == side {
            end += 1;
        }
        if side != 0 && end - start >= rules.shift_length {
            let bit = if side == ABOVE { SHIFT_HI } else { SHIFT_LO };
            for f in &mut mask[start..end] {
                *f |= bit;
            }
        }
        start = end;
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
pub(crate) fn run_series(
    values: &[f64],
    code: u32,
    p: &Prepared<'_>,
    out: &mut XmrColumnsMut<'_>,
    mut segments: Option<&mut Vec<SegmentSummary>>,
    sc: &mut Scratch,
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
        out.mean[start..end].fill(seg.mean);
        out.lpl[start..end].fill(seg.lpl);
        out.upl[start..end].fill(seg.upl);
        out.near_lpl[start..end].fill(seg.near_lpl);
        out.near_upl[start..end].fill(seg.near_upl);
        out.segment[start..end].fill(seg_id);
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
