//! Compact JSON of an [`Evaluation`], written by hand for the bulky parts.
//!
//! The bytes are exactly those of `serde_json::to_string(&evaluation)` (the derived
//! `Serialize` impls are the contract; `tests/evaluate_json.rs` checks that both agree). The
//! measure rows, their points and SPC summaries make up nearly all of a large evaluation, so
//! they (and the small records inside a measure row) are written here directly: field names
//! as literals, strings copied whole unless they need escaping, numbers formatted by the
//! formatter `serde_json` itself uses (`zmij`). Everything else (options, commitments,
//! roll-ups, ...) goes through `serde_json`.

use std::io;

use serde::Serialize;

use crate::period::Period;

use super::{
    BaselineUsed, Change, ComparisonResult, Evaluation, Forecast, InequalityResult, IntervalMethod,
    MeasureResult, Point, SpcSummary, TargetUsed, TrajectoryUsed, TrendResult,
};

/// `io::Write` into a `String`: `serde_json` writes whole UTF-8 sequences (it splits strings
/// only at the ASCII characters it escapes), so each piece is checked on its own and the
/// finished text needs no second pass.
struct StrWriter<'a>(&'a mut String);

impl io::Write for StrWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let s =
            std::str::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.0.push_str(s);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Where the text goes once the buffer holds a chunk: `None` keeps all of it in the buffer
/// (for `to_json_string`), `Some(w)` hands each chunk to `w` and empties the buffer.
pub(crate) type Drain<'a> = Option<&'a mut dyn io::Write>;

/// The buffer is handed on once it holds this much (64 KiB): large enough that a writer sees
/// few calls, small enough that its pages stay warm and the text is never held whole.
pub(crate) const CHUNK: usize = 64 * 1024;

/// Hands the buffer's text to the drain (if any) once it holds at least `at_least` bytes.
fn drain(out: &mut String, to: &mut Drain<'_>, at_least: usize) -> io::Result<()> {
    if let Some(w) = to {
        if out.len() >= at_least && !out.is_empty() {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    Ok(())
}

/// Writes the evaluation's compact JSON into `out`, handing each chunk of about [`CHUNK`]
/// bytes to `to` when given (the text is then left in `out` only up to the last chunk, which
/// is handed on too before returning).
pub(crate) fn write_evaluation(
    ev: &Evaluation,
    out: &mut String,
    mut to: Drain<'_>,
) -> Result<(), WriteError> {
    out.push_str("{\"framework\":");
    string(out, &ev.framework);
    out.push_str(",\"title\":");
    string(out, &ev.title);
    out.push_str(",\"as_of\":");
    string(out, &ev.as_of);
    out.push_str(",\"options\":");
    serde(out, &ev.options)?;
    out.push_str(",\"measures\":[");
    let mut periods = PeriodTexts::default();
    for (k, m) in ev.measures.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        measure(out, m, &mut periods)?;
        drain(out, &mut to, CHUNK)?;
    }
    out.push_str("],\"commitments\":");
    serde(out, &ev.commitments)?;
    drain(out, &mut to, CHUNK)?;
    out.push_str(",\"objectives\":");
    serde(out, &ev.objectives)?;
    drain(out, &mut to, CHUNK)?;
    out.push_str(",\"partnerships\":");
    serde(out, &ev.partnerships)?;
    drain(out, &mut to, CHUNK)?;
    out.push_str(",\"summary\":");
    serde(out, &ev.summary)?;
    out.push_str(",\"completeness\":");
    serde(out, &ev.completeness)?;
    out.push('}');
    drain(out, &mut to, 0)?;
    Ok(())
}

/// Why the JSON could not be written: `serde_json` refused a value (never in practice), or
/// the writer failed.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// From `serde_json`.
    Json(serde_json::Error),
    /// From the writer.
    Io(io::Error),
}

impl From<serde_json::Error> for WriteError {
    fn from(e: serde_json::Error) -> Self {
        Self::Json(e)
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// Any value through `serde_json`.
fn serde<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), serde_json::Error> {
    serde_json::to_writer(StrWriter(out), value)
}

/// A JSON string: copied whole when nothing in it needs escaping (a control character, `"`
/// or `\`, as `serde_json` escapes), else escaped by `serde_json`.
fn string(out: &mut String, s: &str) {
    if needs_escape(s) {
        // Writing a string into a String cannot fail.
        let _ = serde(out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Whether `s` holds a byte `serde_json` escapes. Read without stopping early, so the loop
/// has no branch per byte and compiles to wide compares: the strings here are short (periods,
/// method names, icons), and most need nothing.
// Bitwise on purpose: `||` would put the branch back.
#[allow(clippy::needless_bitwise_bool)]
fn needs_escape(s: &str) -> bool {
    s.bytes().fold(false, |hit, b| {
        hit | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// The quoted canonical texts of the periods written so far, so that each distinct period is
/// formatted once: an evaluation has a few tens of distinct periods and a million points. The
/// texts never need escaping (digits, letters, `/`, `-`, `+` and spaces).
#[derive(Default)]
struct PeriodTexts {
    seen: Vec<(Period, String)>,
    /// Where the last period was found: points come in period order, so the next one is
    /// usually the entry after it.
    last: usize,
}

/// More distinct periods than this are formatted each time rather than remembered.
const PERIOD_TEXTS_MAX: usize = 512;

impl PeriodTexts {
    fn write(&mut self, out: &mut String, p: &Period) {
        let next = self.last + 1;
        let at = if self.seen.get(next).is_some_and(|(q, _)| q == p) {
            Some(next)
        } else {
            self.seen.iter().position(|(q, _)| q == p)
        };
        if let Some(at) = at {
            self.last = at;
            out.push_str(&self.seen[at].1);
            return;
        }
        let text = format!("\"{p}\"");
        out.push_str(&text);
        if self.seen.len() < PERIOD_TEXTS_MAX {
            self.last = self.seen.len();
            self.seen.push((*p, text));
        }
    }
}

fn opt_string(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

/// A number as `serde_json` writes an `f64`: `null` when not finite, else the shortest text
/// that reads back as the same number, by the formatter `serde_json` uses (`zmij`).
///
/// Whole numbers below 10^15 in size (counts, mostly) take a shortcut with the same result:
/// their digits and `.0`, as `zmij` writes them (it turns to exponents only from 10^16).
fn number(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push_str("null");
    } else if v.trunc() == v && v.abs() < 1e15 && !(v == 0.0 && v.is_sign_negative()) {
        // Exact: a whole number below 2^53 converts to an integer without loss.
        #[allow(clippy::cast_possible_truncation)]
        let n = v as i64;
        if n < 0 {
            out.push('-');
        }
        count(out, usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX));
        out.push_str(".0");
    } else {
        out.push_str(zmij::Buffer::new().format_finite(v));
    }
}

fn opt_number(out: &mut String, v: Option<f64>) {
    match v {
        Some(v) => number(out, v),
        None => out.push_str("null"),
    }
}

/// A count in decimal, as `serde_json` writes a `usize`.
fn count(out: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

fn opt<T>(out: &mut String, v: Option<&T>, write: fn(&mut String, &T)) {
    match v {
        Some(v) => write(out, v),
        None => out.push_str("null"),
    }
}

fn opt_bool(out: &mut String, v: Option<bool>) {
    out.push_str(match v {
        Some(true) => "true",
        Some(false) => "false",
        None => "null",
    });
}

fn baseline(out: &mut String, b: &BaselineUsed) {
    out.push_str("{\"period\":");
    string(out, &b.period);
    out.push_str(",\"value\":");
    number(out, b.value);
    out.push_str(",\"source\":");
    string(out, &b.source);
    out.push('}');
}

fn target(out: &mut String, t: &TargetUsed) -> Result<(), serde_json::Error> {
    out.push_str("{\"index\":");
    count(out, t.index);
    out.push_str(",\"kind\":");
    serde(out, &t.kind)?;
    out.push_str(",\"wording\":");
    opt_string(out, t.wording.as_deref());
    out.push_str(",\"value\":");
    opt_number(out, t.value);
    out.push_str(",\"by\":");
    opt_string(out, t.by.as_deref());
    out.push_str(",\"by_date\":");
    opt_string(out, t.by_date.as_deref());
    out.push('}');
    Ok(())
}

fn trajectory(out: &mut String, t: &TrajectoryUsed) {
    out.push_str("{\"value\":");
    number(out, t.value);
    out.push_str(",\"method\":");
    string(out, &t.method);
    out.push_str(",\"step\":");
    number(out, t.step);
    out.push_str(",\"steps\":");
    number(out, t.steps);
    out.push_str(",\"shortfall\":");
    number(out, t.shortfall);
    out.push_str(",\"shortfall_relative\":");
    opt_number(out, t.shortfall_relative);
    out.push('}');
}

fn change(out: &mut String, c: &Change) {
    out.push_str("{\"difference\":");
    number(out, c.difference);
    out.push_str(",\"relative\":");
    opt_number(out, c.relative);
    out.push_str(",\"significant\":");
    opt_bool(out, c.significant);
    out.push_str(",\"method\":");
    string(out, &c.method);
    out.push_str(",\"statistic\":");
    opt_number(out, c.statistic);
    out.push('}');
}

fn comparison(out: &mut String, c: &ComparisonResult) {
    out.push_str("{\"area\":");
    string(out, &c.area);
    out.push_str(",\"value\":");
    number(out, c.value);
    out.push_str(",\"label\":");
    string(out, &c.label);
    out.push_str(",\"method\":");
    string(out, &c.method);
    out.push('}');
}

fn trend(out: &mut String, t: &TrendResult) {
    out.push_str("{\"label\":");
    string(out, &t.label);
    out.push_str(",\"reason\":");
    opt_string(out, t.reason.as_deref());
    out.push_str(",\"statistic\":");
    opt_number(out, t.statistic);
    out.push_str(",\"slope\":");
    opt_number(out, t.slope);
    out.push('}');
}

/// One per headline row, not per point: `serde_json` itself (cannot fail into a String).
fn inequality(out: &mut String, i: &InequalityResult) {
    let _ = serde(out, i);
}

fn forecast(out: &mut String, f: &Forecast) {
    out.push_str("{\"value\":");
    number(out, f.value);
    out.push_str(",\"at\":");
    string(out, &f.at);
    out.push_str(",\"slope\":");
    number(out, f.slope);
    out.push_str(",\"points\":");
    count(out, f.points);
    out.push_str(",\"meets_target\":");
    opt_bool(out, f.meets_target);
    out.push('}');
}

fn measure(
    out: &mut String,
    m: &MeasureResult,
    periods: &mut PeriodTexts,
) -> Result<(), serde_json::Error> {
    out.push_str("{\"measure\":");
    string(out, &m.measure);
    out.push_str(",\"title\":");
    string(out, &m.title);
    out.push_str(",\"area\":");
    string(out, &m.area);
    out.push_str(",\"age\":");
    opt_string(out, m.age.as_deref());
    out.push_str(",\"breakdown\":{");
    for (k, (d, l)) in m.breakdown.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        string(out, d);
        out.push(':');
        string(out, l);
    }
    out.push_str("},\"unit\":");
    serde(out, &m.unit)?;
    out.push_str(",\"polarity\":");
    serde(out, &m.polarity)?;
    out.push_str(",\"points\":");
    count(out, m.points);
    out.push_str(",\"latest\":");
    match &m.latest {
        Some(p) => point(out, p, periods),
        None => out.push_str("null"),
    }
    out.push_str(",\"baseline\":");
    opt(out, m.baseline.as_ref(), baseline);
    out.push_str(",\"target\":");
    if let Some(t) = &m.target {
        target(out, t)?;
    } else {
        out.push_str("null");
    }
    out.push_str(",\"progress\":");
    opt_number(out, m.progress);
    out.push_str(",\"trajectory\":");
    opt(out, m.trajectory.as_ref(), trajectory);
    out.push_str(",\"status\":");
    serde(out, &m.status)?;
    out.push_str(",\"reason\":");
    string(out, &m.reason);
    out.push_str(",\"rag\":");
    serde(out, &m.rag)?;
    out.push_str(",\"change\":");
    opt(out, m.change.as_ref(), change);
    out.push_str(",\"comparison\":");
    opt(out, m.comparison.as_ref(), comparison);
    out.push_str(",\"trend\":");
    opt(out, m.trend.as_ref(), trend);
    out.push_str(",\"spc\":");
    match &m.spc {
        Some(s) => spc(out, s, periods),
        None => out.push_str("null"),
    }
    out.push_str(",\"inequality\":");
    opt(out, m.inequality.as_ref(), inequality);
    out.push_str(",\"forecast\":");
    opt(out, m.forecast.as_ref(), forecast);
    out.push_str(",\"series\":[");
    for (k, p) in m.series.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        point(out, p, periods);
    }
    out.push_str("]}");
    Ok(())
}

fn point(out: &mut String, p: &Point, periods: &mut PeriodTexts) {
    out.push_str("{\"period\":");
    periods.write(out, &p.period);
    out.push_str(",\"value\":");
    opt_number(out, p.value);
    out.push_str(",\"lower\":");
    opt_number(out, p.lower);
    out.push_str(",\"upper\":");
    opt_number(out, p.upper);
    out.push_str(",\"numerator\":");
    opt_number(out, p.numerator);
    out.push_str(",\"denominator\":");
    opt_number(out, p.denominator);
    out.push_str(match p.interval_method {
        None => ",\"interval_method\":null",
        Some(IntervalMethod::Wilson) => ",\"interval_method\":\"Wilson\"",
        Some(IntervalMethod::Exact) => ",\"interval_method\":\"Exact\"",
        Some(IntervalMethod::Byars) => ",\"interval_method\":\"Byars\"",
        Some(IntervalMethod::Published) => ",\"interval_method\":\"published\"",
    });
    out.push_str(if p.suppressed {
        ",\"suppressed\":true}"
    } else {
        ",\"suppressed\":false}"
    });
}

fn spc(out: &mut String, s: &SpcSummary, periods: &mut PeriodTexts) {
    out.push_str("{\"points\":");
    count(out, s.points);
    out.push_str(",\"variation_icon\":");
    string(out, &s.variation_icon);
    out.push_str(",\"assurance_icon\":");
    opt_string(out, s.assurance_icon.as_deref());
    out.push_str(",\"mean\":");
    number(out, s.mean);
    out.push_str(",\"lpl\":");
    number(out, s.lpl);
    out.push_str(",\"upl\":");
    number(out, s.upl);
    out.push_str(",\"point_types\":[");
    for (k, t) in s.point_types.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        // The snake_case words need no escaping.
        out.push('"');
        out.push_str(t.as_str());
        out.push('"');
    }
    out.push_str("],\"periods\":[");
    for (k, p) in s.periods.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        periods.write(out, p);
    }
    out.push_str("],\"values\":[");
    for (k, v) in s.values.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        number(out, *v);
    }
    out.push_str("]}");
}

#[cfg(test)]
mod tests {
    use super::{PERIOD_TEXTS_MAX, PeriodTexts, needs_escape, number};
    use crate::period::Period;

    /// Remembered or not, in order or not, each period is written as `serde_json` writes it.
    #[test]
    fn period_texts_as_serde_writes_them() {
        // 600 months: more than the texts remembered.
        let months: Vec<Period> = (0..600)
            .map(|k| {
                let (y, m) = (1980 + k / 12, k % 12 + 1);
                Period::parse(&format!("{y}-{m:02}")).unwrap()
            })
            .collect();
        assert!(months.len() > PERIOD_TEXTS_MAX);
        let mut order: Vec<usize> = (0..months.len()).collect();
        // In order, backwards, and strided (every 7th, wrapping): hits, misses and the hint.
        order.extend((0..months.len()).rev());
        order.extend((0..months.len()).map(|k| k * 7 % months.len()));
        let mut texts = PeriodTexts::default();
        for k in order {
            let mut ours = String::new();
            texts.write(&mut ours, &months[k]);
            assert_eq!(ours, serde_json::to_string(&months[k]).unwrap());
        }
        assert_eq!(texts.seen.len(), PERIOD_TEXTS_MAX);
    }

    #[test]
    fn escapes_found_anywhere() {
        assert!(!needs_escape(""));
        assert!(!needs_escape("2019/20 café ✓ 🚑 common_cause"));
        for bad in ["\"", "\\", "\n", "\u{0}", "\u{1f}"] {
            for at in 0..40 {
                let s = format!("{}{bad}{}", "a".repeat(at), "b".repeat(40 - at));
                assert!(needs_escape(&s), "{s:?}");
            }
        }
        assert!(!needs_escape("\u{7f} / space"));
    }

    /// The whole-number shortcut writes what `zmij` (and so `serde_json`) writes.
    #[test]
    fn whole_numbers_as_zmij_writes_them() {
        let mut probes: Vec<f64> = (0..20_000).map(f64::from).collect();
        let mut p = 1.0_f64;
        for _ in 0..20 {
            for d in [-1.0, 0.0, 1.0] {
                probes.push(p + d);
                probes.push(p * 7.0 + d);
            }
            p *= 10.0;
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            #[allow(clippy::cast_precision_loss)]
            probes.push((x % 2_000_000_000_000_000) as f64);
        }
        probes.extend([
            0.5,
            1e15 - 0.5,
            123.25,
            9_007_199_254_740_993.0,
            -0.0,
            1e300,
        ]);
        for v in probes {
            for v in [v, -v] {
                let mut ours = String::new();
                number(&mut ours, v);
                assert_eq!(ours, zmij::Buffer::new().format_finite(v), "{v:e}");
                assert_eq!(ours, serde_json::to_string(&v).unwrap_or_default(), "{v:e}");
            }
        }
    }
}
