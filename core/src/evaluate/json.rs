//! Compact JSON of an [`Evaluation`], written by hand for the bulky parts.
//!
//! The bytes are exactly those of `serde_json::to_string(&evaluation)` (the derived
//! `Serialize` impls are the contract; `tests/evaluate_json.rs` checks that both agree). The
//! measure rows, their points and SPC summaries make up nearly all of a large evaluation, so
//! they (and the small records inside a measure row) are written here directly: field names
//! as literals, strings copied whole unless they need escaping, numbers formatted by the
//! formatter `serde_json` itself uses (`zmij`), short texts appended by copies of a fixed
//! size. Each distinct period is quoted once per evaluation ([`Periods`]), and the SPC
//! values reuse the texts of the series values they repeat ([`Memo`]). Everything else
//! (options, commitments, roll-ups, ...) goes through `serde_json`.

use std::io;

use serde::Serialize;

use super::{
    BaselineUsed, Change, ComparisonResult, Evaluation, Forecast, InequalityResult, IntervalMethod,
    MeasureResult, Point, SpcSummary, TargetUsed, TrajectoryUsed, TrendResult,
};
use crate::period::Period;

/// Where the text goes once the buffer holds a chunk: `None` keeps all of it in the buffer
/// (for `to_json_string`, which checks it is UTF-8 once at the end), `Some(w)` hands each
/// chunk to `w` and empties the buffer.
pub(crate) type Drain<'a> = Option<&'a mut dyn io::Write>;

/// The buffer is handed on once it holds this much (64 KiB): large enough that a writer sees
/// few calls, small enough that its pages stay warm and the text is never held whole.
pub(crate) const CHUNK: usize = 64 * 1024;

/// Hands the buffer's text to the drain (if any) once it holds at least `at_least` bytes.
fn drain(out: &mut Vec<u8>, to: &mut Drain<'_>, at_least: usize) -> io::Result<()> {
    if let Some(w) = to {
        if out.len() >= at_least && !out.is_empty() {
            w.write_all(out)?;
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
    out: &mut Vec<u8>,
    mut to: Drain<'_>,
) -> Result<(), WriteError> {
    out.extend_from_slice(b"{\"framework\":");
    string(out, &ev.framework);
    out.extend_from_slice(b",\"title\":");
    string(out, &ev.title);
    out.extend_from_slice(b",\"as_of\":");
    string(out, &ev.as_of);
    out.extend_from_slice(b",\"options\":");
    serde(out, &ev.options)?;
    out.extend_from_slice(b",\"measures\":[");
    let mut memo = Memo::default();
    for (k, m) in ev.measures.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        measure(out, m, &mut memo)?;
        drain(out, &mut to, CHUNK)?;
    }
    out.extend_from_slice(b"],\"commitments\":");
    serde(out, &ev.commitments)?;
    drain(out, &mut to, CHUNK)?;
    out.extend_from_slice(b",\"objectives\":");
    serde(out, &ev.objectives)?;
    drain(out, &mut to, CHUNK)?;
    out.extend_from_slice(b",\"partnerships\":");
    serde(out, &ev.partnerships)?;
    drain(out, &mut to, CHUNK)?;
    out.extend_from_slice(b",\"summary\":");
    serde(out, &ev.summary)?;
    out.extend_from_slice(b",\"completeness\":");
    serde(out, &ev.completeness)?;
    out.push(b'}');
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
fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), serde_json::Error> {
    serde_json::to_writer(out, value)
}

/// A JSON string: copied whole when nothing in it needs escaping (a control character, `"`
/// or `\`, as `serde_json` escapes), else escaped by `serde_json`.
fn string(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s) {
        // Writing a string into a Vec cannot fail.
        let _ = serde(out, s);
    } else {
        out.push(b'"');
        push_short(out, s.as_bytes());
        out.push(b'"');
    }
}

/// Whether `s` holds a byte `serde_json` escapes: a control character (below 0x20), `"` or
/// `\`. Read eight bytes at a time as a word (the strings here are short: periods, method
/// names, icons, and most need nothing): from 8 bytes on, in whole words and a last word
/// that overlaps the one before; from 4 to 7, the first and last four bytes as one word;
/// shorter, a byte at a time.
fn needs_escape(s: &str) -> bool {
    let b = s.as_bytes();
    if let Some(last) = b.last_chunk::<8>() {
        let mut hit = escapes_in(u64::from_le_bytes(*last));
        for word in b.chunks_exact(8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            hit |= escapes_in(u64::from_le_bytes(w));
        }
        hit != 0
    } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        let w =
            u64::from(u32::from_le_bytes(*first)) | (u64::from(u32::from_le_bytes(*last)) << 32);
        escapes_in(w) != 0
    } else {
        b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\')
    }
}

/// Nonzero when a byte of `w` is below 0x20, `"` or `\` (the usual word tricks: a byte below
/// `k` is one that borrows when `k` is taken from it while its top bit is clear; a byte equal
/// to `c` is one that becomes zero when `c` is taken away by exclusive or). A flag may also
/// land on a byte above a flagged one, from the borrow, but the word is flagged exactly when
/// a byte is.
#[inline]
fn escapes_in(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, k: u8| w.wrapping_sub(ONES * u64::from(k)) & !w & HIGH;
    below(w, 0x20)
        | below(w ^ (ONES * u64::from(b'"')), 1)
        | below(w ^ (ONES * u64::from(b'\\')), 1)
}

/// Appends `s` (usually a few bytes: a number, a period) by copies of a fixed size, which
/// compile to a move or two where `extend_from_slice` of a length known only at run time
/// calls `memcpy`: a text of 8 to 32 bytes goes as its first and its last 8 or 16 bytes,
/// overlapping (the length is set back between the two, so the second lands in place).
#[inline]
fn push_short(out: &mut Vec<u8>, s: &[u8]) {
    let n = s.len();
    let base = out.len();
    if let (Some(head), Some(tail)) = (s.first_chunk::<16>(), s.last_chunk::<16>()) {
        if n <= 32 {
            out.extend_from_slice(head);
            out.truncate(base + n - 16);
            out.extend_from_slice(tail);
            return;
        }
    } else if let (Some(head), Some(tail)) = (s.first_chunk::<8>(), s.last_chunk::<8>()) {
        out.extend_from_slice(head);
        out.truncate(base + n - 8);
        out.extend_from_slice(tail);
        return;
    }
    out.extend_from_slice(s);
}

/// A short text held by value (at most [`Text::MAX`] bytes), for texts made once and written
/// many times: appending it is one copy of a fixed size and a length set back.
#[derive(Clone, Copy)]
struct Text {
    bytes: [u8; Text::MAX],
    len: usize,
}

impl Text {
    /// The most bytes a `Text` holds: enough for any number (`zmij` writes at most 24 bytes,
    /// its buffer's size) and for a quoted period.
    const MAX: usize = 32;

    /// `s` when it fits. Copied as [`push_short`] copies, by overlapping copies of a fixed
    /// size.
    fn new(s: &[u8]) -> Option<Self> {
        let mut bytes = [0u8; Self::MAX];
        let n = s.len();
        if let (Some(head), Some(tail)) = (s.first_chunk::<16>(), s.last_chunk::<16>()) {
            bytes.get_mut(n - 16..n)?.copy_from_slice(tail);
            bytes[..16].copy_from_slice(head);
        } else if let (Some(head), Some(tail)) = (s.first_chunk::<8>(), s.last_chunk::<8>()) {
            bytes[n - 8..n].copy_from_slice(tail);
            bytes[..8].copy_from_slice(head);
        } else {
            for (to, &b) in bytes.iter_mut().zip(s) {
                *to = b;
            }
        }
        Some(Self { bytes, len: n })
    }

    /// Appends the text to `out`.
    #[inline]
    fn push_to(&self, out: &mut Vec<u8>) {
        let base = out.len();
        out.extend_from_slice(&self.bytes);
        out.truncate(base + self.len);
    }
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A number as `serde_json` writes an `f64`: `null` when not finite, else the shortest text
/// that reads back as the same number, by the formatter `serde_json` uses (`zmij`).
#[inline]
fn number(out: &mut Vec<u8>, v: f64) {
    Number::of(Some(v), &mut zmij::Buffer::new()).push_to(out);
}

/// A number ready to write (see [`number`]): formatting several before writing them lets
/// the processor finish storing `zmij`'s text before it is read back (reading a text the
/// moment it was written in pieces stalls).
#[derive(Clone, Copy)]
enum Number<'a> {
    /// Missing or not finite: `null`.
    Null,
    /// A whole number below 10^15 in size (counts, mostly): its digits and `.0`, as `zmij`
    /// writes them (it turns to exponents only from 10^16), by a shorter road.
    Whole(i64),
    /// Any other number, as `zmij` wrote it.
    Float(&'a str),
    /// A number's text made before.
    Text(&'a Text),
}

impl<'a> Number<'a> {
    /// `v` formatted (into `buf` where it takes `zmij`).
    #[inline]
    fn of(v: Option<f64>, buf: &'a mut zmij::Buffer) -> Self {
        match v {
            Some(v) if v.is_finite() => match whole(v) {
                Some(n) => Self::Whole(n),
                None => Self::Float(buf.format_finite(v)),
            },
            _ => Self::Null,
        }
    }

    /// Appends the number's text to `out`.
    #[inline]
    fn push_to(self, out: &mut Vec<u8>) {
        match self {
            Self::Null => out.extend_from_slice(b"null"),
            Self::Whole(n) => {
                if let Some((digits, len)) = u32::try_from(n.unsigned_abs())
                    .ok()
                    .and_then(small_decimal)
                    .filter(|&(_, len)| len <= 6)
                {
                    if n < 0 {
                        out.push(b'-');
                    }
                    // `.0` after the digits.
                    let point_zero = u64::from(u16::from_le_bytes(*b".0")) << (8 * len);
                    push_word(out, digits | point_zero, len + 2);
                } else {
                    let (buf, len) = whole_text(n);
                    push_fixed(out, &buf, len);
                }
            }
            Self::Float(s) => push_short(out, s.as_bytes()),
            Self::Text(t) => t.push_to(out),
        }
    }

    /// The number's text held by value (`None` only if it were longer than a [`Text`]
    /// holds, which no number is).
    fn text(self) -> Option<Text> {
        match self {
            Self::Null => Text::new(b"null"),
            Self::Whole(n) => {
                let (buf, len) = whole_text(n);
                Text::new(&buf[..len])
            }
            Self::Float(s) => Text::new(s.as_bytes()),
            Self::Text(&t) => Some(t),
        }
    }
}

/// The text of a whole number (see [`Number::Whole`]) in a buffer, and its length.
fn whole_text(n: i64) -> ([u8; DIGITS], usize) {
    let mut buf = [0u8; DIGITS];
    let mut at = 0;
    if n < 0 {
        buf[0] = b'-';
        at = 1;
    }
    at = decimal(&mut buf, at, n.unsigned_abs());
    buf[at] = b'.';
    buf[at + 1] = b'0';
    (buf, at + 2)
}

/// The text of the series value (`values`, their texts in `texts`) with the same bits
/// as `v` (so `-0.0` and `0.0` stay apart), looked for from `from` on (the SPC values follow
/// the series in order, skipping points with no value) and a few places further; `from`
/// moves past a match.
fn reuse<'a>(
    values: &[Option<f64>],
    texts: &'a [Option<Text>],
    from: &mut usize,
    v: f64,
) -> Option<&'a Text> {
    /// How far past `from` to look: a few skipped points, without a quadratic search.
    const AHEAD: usize = 8;
    let k = values
        .get(*from..)?
        .iter()
        .take(AHEAD)
        .position(|x| x.is_some_and(|x| x.to_bits() == v.to_bits()))?
        + *from;
    *from = k + 1;
    texts.get(k)?.as_ref()
}

/// What is kept from one measure row to the next while writing an evaluation.
#[derive(Default)]
struct Memo {
    /// The quoted periods.
    periods: Periods,
    /// The current measure row's series values.
    values: Vec<Option<f64>>,
    /// Their texts.
    texts: Vec<Option<Text>>,
}

impl Memo {
    /// Fills `values` and `texts` from `series`.
    #[inline]
    fn made(&mut self, series: &[Point]) {
        self.values.clear();
        self.values.extend(series.iter().map(|p| p.value));
        self.texts.clear();
        self.texts.extend(
            series
                .iter()
                .map(|p| Number::of(p.value, &mut zmij::Buffer::new()).text()),
        );
    }
}

/// The quoted JSON text of the periods written so far, so that each distinct period is
/// formatted and quoted once per evaluation, not at every point and SPC period: an evaluation
/// has a few tens of distinct periods and may have millions of points. A period's canonical
/// text never needs escaping (digits, letters, `/`, `-`, `+` and spaces) and fits a [`Text`].
#[derive(Default)]
struct Periods {
    seen: Vec<(Period, Text)>,
    /// Where the last period was found: points come in period order, so the next one is
    /// usually the entry after it.
    last: usize,
}

impl Periods {
    /// More distinct periods than this are formatted each time rather than kept.
    const MAX: usize = 512;

    /// Appends `period` as a JSON string.
    #[inline]
    fn write(&mut self, out: &mut Vec<u8>, period: &Period) {
        let next = self.last + 1;
        let at = if self.seen.get(next).is_some_and(|(p, _)| p == period) {
            Some(next)
        } else {
            self.seen.iter().position(|(p, _)| p == period)
        };
        if let Some(at) = at {
            self.last = at;
            self.seen[at].1.push_to(out);
            return;
        }
        let base = out.len();
        out.push(b'"');
        {
            use std::io::Write as _;
            // Writing into a Vec cannot fail.
            let _ = write!(out, "{period}");
        }
        out.push(b'"');
        if self.seen.len() < Self::MAX {
            if let Some(text) = Text::new(&out[base..]) {
                self.last = self.seen.len();
                self.seen.push((*period, text));
            }
        }
    }
}

/// `v` as an integer when it is a whole number below 10^15 in size and not `-0.0` (which
/// `serde_json` writes as `-0.0`). A whole number that size converts to `i64` and back
/// without loss, so equal bits mean whole (and tell `-0.0` from `0.0`), with no call to
/// `trunc`.
#[inline]
fn whole(v: f64) -> Option<i64> {
    // In range, the cast is exact for whole numbers and rounds others toward zero.
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let n = v as i64;
    #[allow(clippy::cast_precision_loss)]
    let back = n as f64;
    (v.abs() < 1e15 && back.to_bits() == v.to_bits()).then_some(n)
}

fn opt_number(out: &mut Vec<u8>, v: Option<f64>) {
    match v {
        Some(v) => number(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

/// Room for any `u64` in decimal (20 digits) with a sign and `.0`.
const DIGITS: usize = 24;

/// The two digits of 0..100, for [`decimal`].
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Writes `n` in decimal into `buf` from `at`, two digits at a time from the right; returns
/// where the digits end.
fn decimal(buf: &mut [u8; DIGITS], at: usize, mut n: u64) -> usize {
    let end = at + n.checked_ilog10().map_or(1, |l| l as usize + 1);
    let mut i = end;
    while n >= 100 {
        let r = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[r..r + 2]);
    }
    if n >= 10 {
        let r = n as usize * 2;
        buf[at..at + 2].copy_from_slice(&PAIRS[r..r + 2]);
    } else {
        buf[at] = b'0' + n as u8;
    }
    end
}

/// `n` in decimal as the bytes of a `u64` (the first digit lowest, as the text is laid out
/// in memory) and the number of digits, when `n` is below 10^8. Made in a register: a
/// number written to memory a byte at a time and read back whole at once stalls the
/// processor, and counts are mostly short.
#[inline]
fn small_decimal(mut n: u32) -> Option<(u64, usize)> {
    if n >= 100_000_000 {
        return None;
    }
    let len = n.checked_ilog10().map_or(1, |l| l as usize + 1);
    let mut word = 0u64;
    // From the last two digits on: each pair goes before (below) those made so far.
    while n >= 100 {
        let r = (n % 100) as usize * 2;
        n /= 100;
        word = (word << 16) | u64::from(u16::from_le_bytes([PAIRS[r], PAIRS[r + 1]]));
    }
    word = if n >= 10 {
        let r = n as usize * 2;
        (word << 16) | u64::from(u16::from_le_bytes([PAIRS[r], PAIRS[r + 1]]))
    } else {
        (word << 8) | u64::from(b'0' + n as u8)
    };
    Some((word, len))
}

/// Appends the first `len` (at most 8) bytes of `word`, as laid out in memory.
#[inline]
fn push_word(out: &mut Vec<u8>, word: u64, len: usize) {
    let base = out.len();
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(base + len);
}

/// Appends the first `len` bytes of `buf` by one copy of its whole (fixed) size.
#[inline]
fn push_fixed(out: &mut Vec<u8>, buf: &[u8; DIGITS], len: usize) {
    let base = out.len();
    out.extend_from_slice(buf);
    out.truncate(base + len);
}

/// A count in decimal, as `serde_json` writes a `usize`.
fn count(out: &mut Vec<u8>, n: usize) {
    if let Some((digits, len)) = u32::try_from(n).ok().and_then(small_decimal) {
        return push_word(out, digits, len);
    }
    let mut buf = [0u8; DIGITS];
    let end = decimal(&mut buf, 0, n as u64);
    push_fixed(out, &buf, end);
}

fn opt<T>(out: &mut Vec<u8>, v: Option<&T>, write: fn(&mut Vec<u8>, &T)) {
    match v {
        Some(v) => write(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

fn opt_bool(out: &mut Vec<u8>, v: Option<bool>) {
    out.extend_from_slice(match v {
        Some(true) => b"true",
        Some(false) => b"false",
        None => b"null",
    });
}

fn baseline(out: &mut Vec<u8>, b: &BaselineUsed) {
    out.extend_from_slice(b"{\"period\":");
    string(out, &b.period);
    out.extend_from_slice(b",\"value\":");
    number(out, b.value);
    out.extend_from_slice(b",\"source\":");
    string(out, &b.source);
    out.push(b'}');
}

fn target(out: &mut Vec<u8>, t: &TargetUsed) -> Result<(), serde_json::Error> {
    out.extend_from_slice(b"{\"index\":");
    count(out, t.index);
    out.extend_from_slice(b",\"kind\":");
    serde(out, &t.kind)?;
    out.extend_from_slice(b",\"wording\":");
    opt_string(out, t.wording.as_deref());
    out.extend_from_slice(b",\"value\":");
    opt_number(out, t.value);
    out.extend_from_slice(b",\"by\":");
    opt_string(out, t.by.as_deref());
    out.extend_from_slice(b",\"by_date\":");
    opt_string(out, t.by_date.as_deref());
    out.push(b'}');
    Ok(())
}

fn trajectory(out: &mut Vec<u8>, t: &TrajectoryUsed) {
    out.extend_from_slice(b"{\"value\":");
    number(out, t.value);
    out.extend_from_slice(b",\"method\":");
    string(out, &t.method);
    out.extend_from_slice(b",\"step\":");
    number(out, t.step);
    out.extend_from_slice(b",\"steps\":");
    number(out, t.steps);
    out.extend_from_slice(b",\"shortfall\":");
    number(out, t.shortfall);
    out.extend_from_slice(b",\"shortfall_relative\":");
    opt_number(out, t.shortfall_relative);
    out.push(b'}');
}

fn change(out: &mut Vec<u8>, c: &Change) {
    out.extend_from_slice(b"{\"difference\":");
    number(out, c.difference);
    out.extend_from_slice(b",\"relative\":");
    opt_number(out, c.relative);
    out.extend_from_slice(b",\"significant\":");
    opt_bool(out, c.significant);
    out.extend_from_slice(b",\"method\":");
    string(out, &c.method);
    out.extend_from_slice(b",\"statistic\":");
    opt_number(out, c.statistic);
    out.push(b'}');
}

fn comparison(out: &mut Vec<u8>, c: &ComparisonResult) {
    out.extend_from_slice(b"{\"area\":");
    string(out, &c.area);
    out.extend_from_slice(b",\"value\":");
    number(out, c.value);
    out.extend_from_slice(b",\"label\":");
    string(out, &c.label);
    out.extend_from_slice(b",\"method\":");
    string(out, &c.method);
    out.push(b'}');
}

fn trend(out: &mut Vec<u8>, t: &TrendResult) {
    out.extend_from_slice(b"{\"label\":");
    string(out, &t.label);
    out.extend_from_slice(b",\"reason\":");
    opt_string(out, t.reason.as_deref());
    out.extend_from_slice(b",\"statistic\":");
    opt_number(out, t.statistic);
    out.extend_from_slice(b",\"slope\":");
    opt_number(out, t.slope);
    out.push(b'}');
}

/// One per headline row, not per point: `serde_json` itself (cannot fail into a Vec).
fn inequality(out: &mut Vec<u8>, i: &InequalityResult) {
    let _ = serde(out, i);
}

fn forecast(out: &mut Vec<u8>, f: &Forecast) {
    out.extend_from_slice(b"{\"value\":");
    number(out, f.value);
    out.extend_from_slice(b",\"at\":");
    string(out, &f.at);
    out.extend_from_slice(b",\"slope\":");
    number(out, f.slope);
    out.extend_from_slice(b",\"points\":");
    count(out, f.points);
    out.extend_from_slice(b",\"meets_target\":");
    opt_bool(out, f.meets_target);
    out.push(b'}');
}

fn measure(out: &mut Vec<u8>, m: &MeasureResult, memo: &mut Memo) -> Result<(), serde_json::Error> {
    out.extend_from_slice(b"{\"measure\":");
    string(out, &m.measure);
    out.extend_from_slice(b",\"title\":");
    string(out, &m.title);
    out.extend_from_slice(b",\"area\":");
    string(out, &m.area);
    out.extend_from_slice(b",\"age\":");
    opt_string(out, m.age.as_deref());
    out.extend_from_slice(b",\"breakdown\":{");
    for (k, (d, l)) in m.breakdown.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        string(out, d);
        out.push(b':');
        string(out, l);
    }
    out.extend_from_slice(b"},\"unit\":");
    serde(out, &m.unit)?;
    out.extend_from_slice(b",\"polarity\":");
    serde(out, &m.polarity)?;
    out.extend_from_slice(b",\"points\":");
    count(out, m.points);
    out.extend_from_slice(b",\"latest\":");
    match &m.latest {
        Some(p) => point(out, p, None, &mut memo.periods),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"baseline\":");
    opt(out, m.baseline.as_ref(), baseline);
    out.extend_from_slice(b",\"target\":");
    if let Some(t) = &m.target {
        target(out, t)?;
    } else {
        out.extend_from_slice(b"null");
    }
    out.extend_from_slice(b",\"progress\":");
    opt_number(out, m.progress);
    out.extend_from_slice(b",\"trajectory\":");
    opt(out, m.trajectory.as_ref(), trajectory);
    out.extend_from_slice(b",\"status\":");
    serde(out, &m.status)?;
    out.extend_from_slice(b",\"reason\":");
    string(out, &m.reason);
    out.extend_from_slice(b",\"rag\":");
    serde(out, &m.rag)?;
    out.extend_from_slice(b",\"change\":");
    opt(out, m.change.as_ref(), change);
    out.extend_from_slice(b",\"comparison\":");
    opt(out, m.comparison.as_ref(), comparison);
    out.extend_from_slice(b",\"trend\":");
    opt(out, m.trend.as_ref(), trend);
    // The series' values, formatted once for the SPC summary and the series both.
    memo.made(&m.series);
    out.extend_from_slice(b",\"spc\":");
    match &m.spc {
        Some(s) => spc(out, s, memo),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"inequality\":");
    opt(out, m.inequality.as_ref(), inequality);
    out.extend_from_slice(b",\"forecast\":");
    opt(out, m.forecast.as_ref(), forecast);
    out.extend_from_slice(b",\"series\":[");
    for (k, p) in m.series.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        point(out, p, memo.texts.get(k), &mut memo.periods);
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// A point; `value` is the text of its value when already made.
fn point(out: &mut Vec<u8>, p: &Point, value: Option<&Option<Text>>, periods: &mut Periods) {
    // All the numbers first, then the text: see `Number`.
    let mut bufs = [(); 5].map(|()| zmij::Buffer::new());
    let [b0, b1, b2, b3, b4] = &mut bufs;
    let value = value
        .and_then(Option::as_ref)
        .map_or_else(|| Number::of(p.value, b0), Number::Text);
    let lower = Number::of(p.lower, b1);
    let upper = Number::of(p.upper, b2);
    let numerator = Number::of(p.numerator, b3);
    let denominator = Number::of(p.denominator, b4);
    out.extend_from_slice(b"{\"period\":");
    periods.write(out, &p.period);
    out.extend_from_slice(b",\"value\":");
    value.push_to(out);
    out.extend_from_slice(b",\"lower\":");
    lower.push_to(out);
    out.extend_from_slice(b",\"upper\":");
    upper.push_to(out);
    out.extend_from_slice(b",\"numerator\":");
    numerator.push_to(out);
    out.extend_from_slice(b",\"denominator\":");
    denominator.push_to(out);
    out.extend_from_slice(match p.interval_method {
        None => b",\"interval_method\":null",
        Some(IntervalMethod::Wilson) => b",\"interval_method\":\"Wilson\"",
        Some(IntervalMethod::Exact) => b",\"interval_method\":\"Exact\"",
        Some(IntervalMethod::Byars) => b",\"interval_method\":\"Byars\"",
        Some(IntervalMethod::Published) => b",\"interval_method\":\"published\"",
    });
    out.extend_from_slice(if p.suppressed {
        b",\"suppressed\":true}"
    } else {
        b",\"suppressed\":false}"
    });
}

/// An SPC summary; `memo.values` holds the texts of the series' values, which its `values`
/// mostly repeat.
fn spc(out: &mut Vec<u8>, s: &SpcSummary, memo: &mut Memo) {
    out.extend_from_slice(b"{\"points\":");
    count(out, s.points);
    out.extend_from_slice(b",\"variation_icon\":");
    string(out, &s.variation_icon);
    out.extend_from_slice(b",\"assurance_icon\":");
    opt_string(out, s.assurance_icon.as_deref());
    out.extend_from_slice(b",\"mean\":");
    number(out, s.mean);
    out.extend_from_slice(b",\"lpl\":");
    number(out, s.lpl);
    out.extend_from_slice(b",\"upl\":");
    number(out, s.upl);
    out.extend_from_slice(b",\"point_types\":[");
    for (k, t) in s.point_types.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        // The snake_case words need no escaping.
        out.push(b'"');
        out.extend_from_slice(t.as_str().as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b"],\"periods\":[");
    for (k, p) in s.periods.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        memo.periods.write(out, p);
    }
    out.extend_from_slice(b"],\"values\":[");
    let mut from = 0;
    for (k, &v) in s.values.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        match reuse(&memo.values, &memo.texts, &mut from, v) {
            Some(text) => text.push_to(out),
            None => number(out, v),
        }
    }
    out.extend_from_slice(b"]}");
}

#[cfg(test)]
mod tests {
    use super::{
        Memo, Number, Periods, Text, count, needs_escape, number, push_short, reuse, string,
    };
    use crate::evaluate::Point;
    use crate::period::Period;

    /// A small xorshift generator, for repeatable random cases.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }

    /// Random strings of 0 to 40 characters from a mix of ASCII, control characters, quotes,
    /// backslashes and multibyte characters.
    fn awkward_strings(n: usize) -> Vec<String> {
        let pieces = [
            "a", "2", "/", " ", "\"", "\\", "\u{0}", "\u{1f}", "\n", "\t", "\u{7f}", "é", "✓",
            "🚑", "\u{80}", "\u{a0}", "\u{2028}",
        ];
        let plain = [
            "a", "2", "/", " ", "\u{7f}", "é", "✓", "🚑", "\u{80}", "\u{2028}",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        (0..n)
            .map(|k| {
                let len = rng.below(41);
                // Half of them with no byte to escape, so both answers are well tested.
                let from: &[&str] = if k % 2 == 0 { &pieces } else { &plain };
                (0..len).map(|_| from[rng.below(from.len())]).collect()
            })
            .collect()
    }

    /// The plain definition: a control character, `"` or `\`.
    fn plain_needs_escape(s: &str) -> bool {
        s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\')
    }

    fn text(out: Vec<u8>) -> String {
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn escape_check_agrees_with_its_definition() {
        for s in awkward_strings(20_000) {
            assert_eq!(needs_escape(&s), plain_needs_escape(&s), "{s:?}");
        }
        // Every byte value at every place of strings of 1 to 24 bytes.
        for len in 1..=24 {
            for at in 0..len {
                for b in 0..=0x7f_u8 {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = b;
                    let s = String::from_utf8(bytes).expect("ASCII");
                    assert_eq!(needs_escape(&s), plain_needs_escape(&s), "{s:?}");
                }
            }
        }
        // Multibyte characters next to the bytes that need escaping (their bytes are all
        // 0x80 or more, and must not hide nor fake one).
        for s in [
            "é\u{1f}",
            "\u{1f}é",
            "🚑\"🚑",
            "✓✓\\",
            "\u{10ffff}\u{0}",
            "\u{10ffff}",
        ] {
            assert_eq!(needs_escape(s), plain_needs_escape(s), "{s:?}");
        }
    }

    /// `string` writes what `serde_json` writes.
    #[test]
    fn strings_as_serde_json_writes_them() {
        for s in awkward_strings(5_000) {
            let mut out = Vec::new();
            string(&mut out, &s);
            assert_eq!(
                text(out),
                serde_json::to_string(&s).unwrap_or_default(),
                "{s:?}"
            );
        }
    }

    /// Short copies of every length from 0 to 40 bytes land whole, after what was there.
    #[test]
    fn short_copies_are_whole() {
        let source: Vec<u8> = (0..40_u8).map(|b| b'A' + b).collect();
        for len in 0..=40 {
            let mut out = b"head".to_vec();
            push_short(&mut out, &source[..len]);
            assert_eq!(&out[..4], b"head");
            assert_eq!(&out[4..], &source[..len], "length {len}");
            match Text::new(&source[..len]) {
                Some(t) => {
                    assert!(len <= Text::MAX);
                    let mut out = b"x".to_vec();
                    t.push_to(&mut out);
                    assert_eq!(&out[1..], &source[..len], "length {len}");
                }
                None => assert!(len > Text::MAX),
            }
        }
    }

    #[test]
    fn counts_in_decimal() {
        let mut probes: Vec<usize> = (0..100_000).collect();
        let mut p: usize = 1;
        while let Some(q) = p.checked_mul(10) {
            probes.extend([p - 1, p, p + 1, q - 1]);
            p = q;
        }
        probes.push(usize::MAX);
        for n in probes {
            let mut out = Vec::new();
            count(&mut out, n);
            assert_eq!(text(out), n.to_string());
        }
    }

    /// Each period comes out as `serde_json` writes it, remembered or not (more distinct
    /// periods than are kept), in order or not.
    #[test]
    fn period_memo_writes_each_period_as_itself() {
        // 600 months: more than the texts kept; and the longest forms.
        let mut all: Vec<Period> = (0..600)
            .map(|k| {
                let (y, m) = (1980 + k / 12, k % 12 + 1);
                Period::parse(&format!("{y}-{m:02}")).unwrap()
            })
            .collect();
        for long in [
            "2013/14 Q1 - 2014/15 Q4",
            "2022/23 Q2 - 2023/24 Q1",
            "Feb 2009 - Jan 2010",
        ] {
            all.push(Period::parse(long).unwrap());
        }
        assert!(all.len() > Periods::MAX);
        let mut periods = Periods::default();
        let mut rng = Rng(7);
        for round in 0..20_000 {
            // Runs of periods in turn, as the points of a series, and random ones.
            let k = if round % 3 == 0 {
                rng.below(all.len())
            } else {
                round % 25
            };
            let mut ours = Vec::new();
            periods.write(&mut ours, &all[k]);
            assert_eq!(text(ours), serde_json::to_string(&all[k]).unwrap());
        }
        for p in all.iter().chain(all.iter().rev()) {
            let mut ours = Vec::new();
            periods.write(&mut ours, p);
            assert_eq!(text(ours), serde_json::to_string(p).unwrap());
        }
        assert_eq!(periods.seen.len(), Periods::MAX);
    }

    fn point(value: Option<f64>) -> Point {
        Point {
            period: Period::parse("2019/20").unwrap(),
            value,
            lower: None,
            upper: None,
            numerator: None,
            denominator: None,
            interval_method: None,
            suppressed: false,
        }
    }

    /// An SPC value takes a series value's text only when their bits are equal: `-0.0` is
    /// not `0.0`, NaN is written `null` either way; points with no value are skipped.
    #[test]
    fn spc_values_reuse_texts_of_equal_bits() {
        let series: Vec<Point> = [
            Some(0.0),
            None,
            Some(-0.0),
            Some(f64::NAN),
            Some(0.1 + 0.2),
            Some(12.0),
            None,
            Some(1e300),
        ]
        .into_iter()
        .map(point)
        .collect();
        let mut memo = Memo::default();
        memo.made(&series);
        let write = |memo: &Memo, spc: &[f64]| {
            let mut out = Vec::new();
            let mut from = 0;
            let mut reused = 0;
            for &v in spc {
                match reuse(&memo.values, &memo.texts, &mut from, v) {
                    Some(t) => {
                        reused += 1;
                        t.push_to(&mut out);
                    }
                    None => number(&mut out, v),
                }
                out.push(b',');
            }
            (text(out), reused)
        };
        let spc = [0.0, -0.0, f64::NAN, 0.1 + 0.2, 12.0, 1e300];
        let (ours, reused) = write(&memo, &spc);
        assert_eq!(reused, 6);
        let plain: String = spc
            .iter()
            .map(|v| serde_json::to_string(v).unwrap_or_default() + ",")
            .collect();
        assert_eq!(ours, plain);
        // Signs swapped, values missing from the series, out of order: still right.
        let spc = [-0.0, 0.0, 0.3, 12.0, 0.1 + 0.2, 5.0, 1e300, -1e300, 0.0];
        let (ours, reused) = write(&memo, &spc);
        let plain: String = spc
            .iter()
            .map(|v| serde_json::to_string(v).unwrap_or_default() + ",")
            .collect();
        assert_eq!(ours, plain);
        assert!(reused >= 3, "{reused}");
        // A series value's text is its own, as `number` writes it.
        for (p, t) in series.iter().zip(&memo.texts) {
            let mut ours = Vec::new();
            t.as_ref().expect("a number fits a Text").push_to(&mut ours);
            let mut plain = Vec::new();
            Number::of(p.value, &mut zmij::Buffer::new()).push_to(&mut plain);
            assert_eq!(
                text(ours),
                serde_json::to_string(&p.value).unwrap_or_default()
            );
            assert_eq!(
                text(plain),
                serde_json::to_string(&p.value).unwrap_or_default()
            );
        }
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
                let mut ours = Vec::new();
                number(&mut ours, v);
                let ours = String::from_utf8(ours).unwrap_or_default();
                assert_eq!(ours, zmij::Buffer::new().format_finite(v), "{v:e}");
                assert_eq!(ours, serde_json::to_string(&v).unwrap_or_default(), "{v:e}");
            }
        }
    }
}
