//! Indented JSON made from compact JSON as it streams past, byte for byte as
//! `serde_json::to_string_pretty` writes the same value.
//!
//! `serde_json`'s pretty printer differs from its compact one only outside strings: after an
//! opening `[` or `{` that has contents, after each `,`, and before a closing bracket of
//! such a container it starts a new line indented by two spaces per level; it writes `": "`
//! for `":"`; an empty container stays `[]` or `{}`. Compact JSON has no other whitespace
//! outside strings, so these rules, applied to it byte by byte (skipping over strings and
//! their escapes), give exactly the pretty text. [`Indenter`] applies them to chunks of any
//! size, keeping its place between chunks, so an evaluation's JSON of hundreds of megabytes
//! is indented without a second serialisation and without being held whole.

use std::io::{self, Write};

/// Two spaces per level, as `serde_json`'s default pretty printer.
const INDENT: &[u8] = b"  ";

/// Write the indented text to the inner writer once this much (128 KiB) is held.
const FLUSH_AT: usize = 128 * 1024;

/// An `io::Write` that takes compact JSON (as `serde_json::to_writer` makes it) and writes
/// the same value indented (as `serde_json::to_writer_pretty` makes it) to `inner`. Call
/// [`Indenter::finish`] at the end: it writes what is held and hands `inner` back.
pub(crate) struct Indenter<W: Write> {
    inner: W,
    out: Vec<u8>,
    /// Containers open around the current byte.
    depth: usize,
    /// Inside a string.
    in_string: bool,
    /// The previous byte was a backslash inside a string.
    escaped: bool,
    /// A container has just opened: whether it is empty is decided by the next byte.
    opened: bool,
}

impl<W: Write> Indenter<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self {
            inner,
            out: Vec::with_capacity(FLUSH_AT + 64 * 1024),
            depth: 0,
            in_string: false,
            escaped: false,
            opened: false,
        }
    }

    /// Writes what is still held and returns the inner writer (not flushed).
    pub(crate) fn finish(mut self) -> io::Result<W> {
        self.inner.write_all(&self.out)?;
        self.out.clear();
        Ok(self.inner)
    }

    /// Indents one chunk of compact JSON into `self.out`: runs of ordinary bytes (numbers,
    /// literals, string contents) are copied whole, and only the bytes that matter are looked
    /// at one by one (structure outside strings; quotes and backslashes inside).
    fn indent(&mut self, chunk: &[u8]) {
        let out = &mut self.out;
        let mut depth = self.depth;
        let (mut in_string, mut escaped, mut opened) = (self.in_string, self.escaped, self.opened);
        let mut i = 0;
        while i < chunk.len() {
            if in_string {
                if escaped {
                    out.push(chunk[i]);
                    escaped = false;
                    i += 1;
                    continue;
                }
                // Up to and including the next quote or backslash.
                let run = &chunk[i..];
                let Some(k) = memchr::memchr2(b'"', b'\\', run) else {
                    out.extend_from_slice(run);
                    break;
                };
                out.extend_from_slice(&run[..=k]);
                if run[k] == b'"' {
                    in_string = false;
                } else {
                    escaped = true;
                }
                i += k + 1;
                continue;
            }
            let b = chunk[i];
            i += 1;
            if opened {
                opened = false;
                if b == b']' || b == b'}' {
                    depth -= 1;
                    out.push(b);
                    continue;
                }
                newline(out, depth);
            }
            match b {
                b'"' => {
                    out.push(b);
                    in_string = true;
                }
                b'[' | b'{' => {
                    out.push(b);
                    depth += 1;
                    opened = true;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    newline(out, depth);
                    out.push(b);
                }
                b',' => {
                    out.push(b',');
                    newline(out, depth);
                }
                b':' => out.extend_from_slice(b": "),
                _ => {
                    // A number or a literal: copy up to what follows a value in compact JSON
                    // (`,`, `]` or `}`; `:` and `"` never do).
                    let run = &chunk[i - 1..];
                    let k = memchr::memchr3(b',', b']', b'}', run).unwrap_or(run.len());
                    out.extend_from_slice(&run[..k]);
                    i += k - 1;
                }
            }
        }
        self.depth = depth;
        self.in_string = in_string;
        self.escaped = escaped;
        self.opened = opened;
    }
}

/// A line break and `depth` levels of indentation.
#[inline]
fn newline(out: &mut Vec<u8>, depth: usize) {
    const SPACES: &[u8] = &[b' '; 64];
    let width = depth * INDENT.len();
    if width < SPACES.len() {
        out.push(b'\n');
        out.extend_from_slice(&SPACES[..width]);
    } else {
        out.push(b'\n');
        for _ in 0..depth {
            out.extend_from_slice(INDENT);
        }
    }
}

impl<W: Write> Write for Indenter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.indent(buf);
        if self.out.len() >= FLUSH_AT {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.out)?;
        self.out.clear();
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::Indenter;
    use std::io::Write as _;

    /// `compact` indented, handed over in pieces of `piece` bytes.
    fn indented(compact: &str, piece: usize) -> String {
        let mut ind = Indenter::new(Vec::new());
        for part in compact.as_bytes().chunks(piece.max(1)) {
            ind.write_all(part).unwrap();
        }
        String::from_utf8(ind.finish().unwrap()).unwrap()
    }

    #[test]
    fn as_serde_json_pretty_prints() {
        let cases = [
            r#"{"a":[],"b":{},"c":[1,2,{"d":null}],"e":"x,y:[z]{}","f":"q\"uote\\","g":[[]],"h":{"i":{}}}"#,
            "[]",
            "{}",
            r#""just a string""#,
            "-1.5e-7",
            r#"[true,false,null,0.1,-0.0,"\u0001\n\"\\",{"":""}]"#,
            r#"{"é ✓":["🚑",{"k":[{"l":[1]}]}]}"#,
        ];
        for c in cases {
            let v: serde_json::Value = serde_json::from_str(c).unwrap();
            let compact = serde_json::to_string(&v).unwrap();
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            for piece in [1, 2, 3, 7, 64, usize::MAX] {
                assert_eq!(
                    indented(&compact, piece),
                    pretty,
                    "{c} in pieces of {piece}"
                );
            }
        }
    }

    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i32>().prop_map(|n| serde_json::json!(n)),
            (-1e6f64..1e6).prop_map(|x| serde_json::json!(x)),
            "[ -~\\n\\t\"\\\\é✓{}\\[\\],:]{0,8}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::btree_map("[a-z\"\\\\:,{}]{0,4}", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any value, cut into any pieces, indents to serde_json's pretty text.
        #[test]
        fn any_value_in_any_pieces(v in value(), piece in 1usize..40) {
            let compact = serde_json::to_string(&v).unwrap();
            prop_assert_eq!(indented(&compact, piece), serde_json::to_string_pretty(&v).unwrap());
        }
    }
}
