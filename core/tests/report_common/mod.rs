//! Helpers shared by the report and evaluation tests: a small XML well-formedness checker
//! for the HTML review, and loading the bundled examples.

#![allow(dead_code)]

use std::path::PathBuf;

use outcomes_core::data::Observations;
use outcomes_core::evaluate::{EvaluateOptions, Evaluation};
use outcomes_core::model::{Framework, Progress};

/// A start tag with its attributes.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// Checks that `html` is well-formed XML (after the doctype): every tag closed in order,
/// attributes quoted and unique, `&` only in entities, no `<` in text. Returns every start
/// tag, or the first problem with its byte offset.
pub fn well_formed(html: &str) -> Result<Vec<Tag>, String> {
    let b = html.as_bytes();
    let mut i = 0;
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut roots = 0;
    while i < b.len() {
        if b[i] == b'<' {
            if html[i..].starts_with("<!DOCTYPE") {
                i += html[i..].find('>').ok_or("unterminated doctype")? + 1;
                continue;
            }
            if html[i..].starts_with("<!--") {
                i += html[i..].find("-->").ok_or("unterminated comment")? + 3;
                continue;
            }
            let end = i + html[i..]
                .find('>')
                .ok_or(format!("unterminated tag at {i}"))?;
            let inner = &html[i + 1..end];
            if let Some(name) = inner.strip_prefix('/') {
                let name = name.trim();
                match stack.pop() {
                    Some(open) if open == name => {}
                    Some(open) => return Err(format!("</{name}> at {i} closes <{open}>")),
                    None => return Err(format!("</{name}> at {i} closes nothing")),
                }
            } else {
                let self_closing = inner.ends_with('/');
                let body = inner.trim_end_matches('/');
                let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
                let name = &body[..name_end];
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(format!("bad tag name {name:?} at {i}"));
                }
                let attrs = parse_attrs(&body[name_end..])
                    .map_err(|m| format!("{m} in <{name}> at {i}"))?;
                if stack.is_empty() {
                    roots += 1;
                }
                tags.push(Tag {
                    name: name.to_owned(),
                    attrs,
                });
                if !self_closing {
                    stack.push(name.to_owned());
                    if name == "style" {
                        let close = html[end..].find("</style>").ok_or("unclosed style")?;
                        let css = &html[end + 1..end + close];
                        if css.contains('<') {
                            return Err("'<' in style".into());
                        }
                        i = end + close;
                        continue;
                    }
                }
            }
            i = end + 1;
        } else if b[i] == b'&' {
            let semi = html[i..].find(';').ok_or(format!("bare & at {i}"))?;
            let ent = &html[i + 1..i + semi];
            let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                || ent
                    .strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("bad entity &{ent}; at {i}"));
            }
            i += semi + 1;
        } else if b[i] == b'>' {
            return Err(format!("bare > at {i}"));
        } else {
            i += 1;
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(tags)
}

fn parse_attrs(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or(format!("attribute without value: {rest:?}"))?;
        let name = rest[..eq].trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("bad attribute name {name:?}"));
        }
        let after = &rest[eq + 1..];
        if !after.starts_with('"') {
            return Err(format!("unquoted attribute {name}"));
        }
        let close = after[1..].find('"').ok_or("unterminated attribute")?;
        let value = &after[1..=close];
        if value.contains('<') {
            return Err(format!("'<' in attribute {name}"));
        }
        if out.iter().any(|(n, _)| n == name) {
            return Err(format!("repeated attribute {name}"));
        }
        out.push((name.to_owned(), value.to_owned()));
        rest = after[close + 2..].trim_start();
    }
    Ok(out)
}

/// The five bundled examples.
pub const EXAMPLES: [&str; 5] = [
    "notts-integrated-care-strategy",
    "notts-joint-forward-plan",
    "nuh-provider-collaboratives",
    "sherwood-forest-partnerships",
    "working-together-partnership",
];

pub fn example_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

/// An example's framework (with its 2024/25 progress file applied, where it has one) and
/// its observations.
pub fn load_example(name: &str) -> (Framework, Observations) {
    let dir = example_dir(name);
    let mut fw = Framework::load(dir.join("framework.toml")).expect("example loads");
    let progress = dir.join("progress-2024-25.toml");
    if progress.exists() {
        fw = fw
            .with_progress(&Progress::load(&progress).expect("progress loads"))
            .expect("progress applies");
    }
    let obs = Observations::from_csv_reader(
        std::fs::File::open(dir.join("observations.csv")).expect("observations open"),
    )
    .expect("observations read");
    (fw, obs)
}

/// An example's framework (as [`load_example`]) and its evaluation as of `as_of`.
pub fn evaluate_example(name: &str, as_of: &str) -> (Framework, Evaluation) {
    let (fw, obs) = load_example(name);
    let options = EvaluateOptions {
        as_of: Some(as_of.to_owned()),
        ..EvaluateOptions::default()
    };
    let ev = fw.evaluate(&obs, &options).expect("example evaluates");
    (fw, ev)
}
