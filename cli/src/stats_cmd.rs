//! `outcomes stats proportion|rate|dsr|isr|mean`: the public-health statistics on CSV.
//!
//! Reads a CSV with a header row from `--input FILE` or standard input and writes a CSV to
//! standard output. Columns are found by name (any order; other columns are ignored):
//!
//! | method       | input columns                    | output columns               |
//! |--------------|----------------------------------|------------------------------|
//! | `proportion` | `x`, `n`                         | `value,lower,upper` per row  |
//! | `rate`       | `x`, `n`                         | `value,lower,upper` per row  |
//! | `dsr`        | `group`, `x`, `n`, `stdpop`      | `group,value,lower,upper`    |
//! | `isr`        | `group`, `x`, `n`, `x_ref`, `n_ref` | `group,value,lower,upper` |
//! | `mean`       | `group`, `value`                 | `group,value,lower,upper`    |
//!
//! For the grouped methods the `group` column is optional (without it all rows form one
//! group and the output has no `group` column); groups are written in first-appearance order.
//! An empty cell, `NA` or `NaN` is a missing value (NaN), written back as an empty cell.
//! Options: `--confidence C` (default 0.95; 0.998 or 99.8 also accepted), `--multiplier M`
//! (default 1 for proportion, 100000 for rate, dsr and isr; not used by mean).
//! Exit status: 0 on success, 2 for a usage or input error (with a message on stderr).

use std::collections::HashMap;
use std::io::{Read, Write};

use outcomes_core::stats::{self, DsrOptions, Interval, IsrOptions};

use crate::failure::{Failure, finish};

const USAGE: &str = "usage: outcomes stats proportion|rate|dsr|isr|mean [--input FILE] [--confidence C] [--multiplier M]
  proportion, rate: CSV columns x,n            -> value,lower,upper
  dsr:              CSV columns group,x,n,stdpop -> group,value,lower,upper
  isr:              CSV columns group,x,n,x_ref,n_ref -> group,value,lower,upper
  mean:             CSV columns group,value    -> group,value,lower,upper
  (group is optional; empty, NA or NaN cells are missing values)";

/// Runs `outcomes stats ...` with `args` (the words after `stats`), returning the exit status.
pub fn run(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    finish(
        "stats",
        USAGE,
        run_inner(args, stdin, stdout),
        stdout,
        stderr,
    )
}

struct Options {
    method: String,
    input: Option<String>,
    confidence: f64,
    multiplier: Option<f64>,
}

fn parse_args(args: &[String]) -> Result<Options, Failure> {
    let mut method = None;
    let mut input = None;
    let mut confidence = 0.95;
    let mut multiplier = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
        };
        let number = |name: &str, v: String| {
            v.parse::<f64>()
                .map_err(|_| Failure::Usage(format!("{name} {v:?} is not a number")))
        };
        match a.as_str() {
            "-h" | "--help" => return Err(Failure::Help),
            "--input" => input = Some(value("--input")?),
            "--confidence" => confidence = number("--confidence", value("--confidence")?)?,
            "--multiplier" => multiplier = Some(number("--multiplier", value("--multiplier")?)?),
            s if s.starts_with('-') => return Err(Failure::Usage(format!("unknown option {s}"))),
            s if method.is_none() => method = Some(s.to_owned()),
            s => return Err(Failure::Usage(format!("unexpected argument {s:?}"))),
        }
    }
    let method = method.ok_or_else(|| Failure::Usage("which method? give one".to_owned()))?;
    if !["proportion", "rate", "dsr", "isr", "mean"].contains(&method.as_str()) {
        return Err(Failure::Usage(format!(
            "unknown method {method:?}: use proportion, rate, dsr, isr or mean"
        )));
    }
    if method == "mean" && multiplier.is_some() {
        return Err(Failure::Usage(
            "--multiplier does not apply to mean".to_owned(),
        ));
    }
    Ok(Options {
        method,
        input,
        confidence,
        multiplier,
    })
}

/// The input table: named numeric columns and an optional group column.
struct Table {
    columns: HashMap<String, Vec<f64>>,
    groups: Option<(Vec<u32>, Vec<String>)>,
}

fn read_table(reader: &mut dyn Read, source: &str, needed: &[&str]) -> Result<Table, Failure> {
    let mut csv = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| Failure::Input(format!("{source}: cannot read the header row: {e}")))?
        .clone();
    let position = |name: &str| headers.iter().position(|h| h == name);
    let mut idx = Vec::new();
    for &name in needed {
        let i = position(name).ok_or_else(|| {
            Failure::Input(format!(
                "{source}: no column named {name:?} (the header has: {}); this method needs {}",
                headers.iter().collect::<Vec<_>>().join(", "),
                needed.join(", ")
            ))
        })?;
        idx.push(i);
    }
    let group_idx = position("group");
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); needed.len()];
    let mut codes = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (row, record) in csv.records().enumerate() {
        let line = row + 2;
        let record =
            record.map_err(|e| Failure::Input(format!("{source}:{line}: cannot read row: {e}")))?;
        for (k, &i) in idx.iter().enumerate() {
            let cell = record.get(i).unwrap_or("");
            let v = if cell.is_empty() || cell == "NA" || cell.eq_ignore_ascii_case("nan") {
                f64::NAN
            } else {
                cell.parse::<f64>().map_err(|_| {
                    Failure::Input(format!(
                        "{source}:{line}:{}: {cell:?} is not a number",
                        needed[k]
                    ))
                })?
            };
            columns[k].push(v);
        }
        if let Some(g) = group_idx {
            let label = record.get(g).unwrap_or("").to_owned();
            let next = labels.len() as u32;
            let code = *seen.entry(label.clone()).or_insert_with(|| {
                labels.push(label);
                next
            });
            codes.push(code);
        }
    }
    Ok(Table {
        columns: needed
            .iter()
            .map(|s| (*s).to_owned())
            .zip(columns)
            .collect(),
        groups: group_idx.map(|_| (codes, labels)),
    })
}

fn fmt(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        format!("{v}")
    }
}

fn run_inner(args: &[String], stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let opts = parse_args(args)?;
    let needed: &[&str] = match opts.method.as_str() {
        "proportion" | "rate" => &["x", "n"],
        "dsr" => &["x", "n", "stdpop"],
        "isr" => &["x", "n", "x_ref", "n_ref"],
        _ => &["value"],
    };
    let table = match &opts.input {
        Some(path) => {
            let mut file = std::fs::File::open(path)
                .map_err(|e| Failure::Input(format!("{path}: cannot open: {e}")))?;
            read_table(&mut file, path, needed)?
        }
        None => read_table(stdin, "<stdin>", needed)?,
    };
    let col = |name: &str| &table.columns[name];
    let rows = col(needed[0]).len();
    let c = opts.confidence;
    let out_rows = match (&opts.method[..], &table.groups) {
        ("proportion" | "rate", _) => rows,
        (_, Some((_, labels))) => labels.len(),
        (_, None) => 1,
    };
    let (mut v, mut lo, mut hi) = (
        vec![0.0; out_rows],
        vec![0.0; out_rows],
        vec![0.0; out_rows],
    );
    let groups = table.groups.as_ref().map(|(codes, _)| codes.as_slice());
    let mut notes = Vec::new();
    match opts.method.as_str() {
        "proportion" => stats::proportion(
            col("x"),
            col("n"),
            c,
            opts.multiplier.unwrap_or(1.0),
            &mut v,
            &mut lo,
            &mut hi,
        )?,
        "rate" => stats::rate(
            col("x"),
            col("n"),
            c,
            opts.multiplier.unwrap_or(1e5),
            &mut v,
            &mut lo,
            &mut hi,
        )?,
        "dsr" => {
            let o = DsrOptions {
                confidence: c,
                multiplier: opts.multiplier.unwrap_or(1e5),
            };
            notes = stats::dsr(
                col("x"),
                col("n"),
                col("stdpop"),
                groups,
                None,
                &o,
                Interval::new(&mut v, &mut lo, &mut hi),
            )?
            .notes;
        }
        "isr" => {
            let o = IsrOptions {
                confidence: c,
                multiplier: opts.multiplier.unwrap_or(1e5),
            };
            notes = stats::isr(
                col("x"),
                col("n"),
                col("x_ref"),
                col("n_ref"),
                groups,
                &o,
                Interval::new(&mut v, &mut lo, &mut hi),
            )?
            .notes;
        }
        _ => {
            notes = stats::mean(
                col("value"),
                groups,
                c,
                Interval::new(&mut v, &mut lo, &mut hi),
            )?
            .notes;
        }
    }
    let labels = match (&opts.method[..], &table.groups) {
        ("proportion" | "rate", _) | (_, None) => None,
        (_, Some((_, labels))) => Some(labels),
    };
    let mut note_of = vec![String::new(); out_rows];
    for n in notes {
        note_of[n.group] = n.message;
    }
    let has_notes = note_of.iter().any(|s| !s.is_empty());
    let mut w = csv::Writer::from_writer(stdout);
    let io = |e: csv::Error| Failure::Input(format!("cannot write the output: {e}"));
    let mut header: Vec<&str> = Vec::new();
    if labels.is_some() {
        header.push("group");
    }
    header.extend(["value", "lower", "upper"]);
    if has_notes {
        header.push("note");
    }
    w.write_record(&header).map_err(io)?;
    for i in 0..out_rows {
        let mut rec: Vec<String> = Vec::with_capacity(5);
        if let Some(l) = labels {
            rec.push(l[i].clone());
        }
        rec.extend([fmt(v[i]), fmt(lo[i]), fmt(hi[i])]);
        if has_notes {
            rec.push(note_of[i].clone());
        }
        w.write_record(&rec).map_err(io)?;
    }
    w.flush()
        .map_err(|e| Failure::Input(format!("cannot write the output: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::run;

    fn call(args: &[&str], input: &str) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = run(&args, &mut input.as_bytes(), &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn proportion_matches_the_reference_case() {
        let (code, out, err) = call(&["proportion"], "x,n\n65,100\n,10\n");
        assert_eq!(code, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "value,lower,upper");
        let f: Vec<f64> = lines[1].split(',').map(|s| s.parse().unwrap()).collect();
        assert_eq!(f[0], 0.65);
        assert!((f[1] - 0.552_544_432_968_879_7).abs() < 1e-12);
        assert!((f[2] - 0.736_357_517_569_024_7).abs() < 1e-12);
        assert_eq!(lines[2], ",,");
    }

    #[test]
    fn rate_with_confidence_and_multiplier() {
        let (code, out, _) = call(
            &["rate", "--confidence", "99.8", "--multiplier", "100"],
            "n,x\n100,0\n",
        );
        assert_eq!(code, 0);
        let f: Vec<f64> = out
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(f[1], 0.0);
        assert!((f[2] - 6.907_755_278_982_136).abs() < 1e-9);
    }

    #[test]
    fn grouped_mean_and_small_count_dsr_note() {
        let (code, out, err) = call(&["mean"], "group,value\nb,1\na,2\nb,3\na,4\n");
        assert_eq!(code, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "group,value,lower,upper");
        assert!(lines[1].starts_with("b,2,"));
        assert!(lines[2].starts_with("a,3,"));
        let (code, out, _) = call(&["dsr"], "group,x,n,stdpop\ng,1,100,5000\ng,2,100,5000\n");
        assert_eq!(code, 0);
        assert_eq!(
            out.lines().nth(1).unwrap(),
            "g,,,,dsr NA for total count < 10"
        );
    }

    #[test]
    fn isr_reads_all_columns() {
        let (code, out, err) = call(&["isr"], "x,n,x_ref,n_ref\n12,600,1000,50000\n");
        assert_eq!(code, 0, "{err}");
        let f: Vec<f64> = out
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .map(|s| s.parse().unwrap())
            .collect();
        assert!((f[0] - 2000.0).abs() < 1e-9);
    }

    #[test]
    fn errors_exit_2_with_a_message() {
        let (code, _, err) = call(&["proportion"], "x,n\n12,10\n");
        assert_eq!(code, 2);
        assert!(
            err.contains("x[0]") && err.contains("greater than n[0]"),
            "{err}"
        );
        let (code, _, err) = call(&["proportion"], "x,m\n1,10\n");
        assert_eq!(code, 2);
        assert!(err.contains("no column named \"n\""), "{err}");
        let (code, _, err) = call(&["proportion"], "x,n\nabc,10\n");
        assert_eq!(code, 2);
        assert!(err.contains("<stdin>:2:x"), "{err}");
        let (code, _, err) = call(&["median"], "");
        assert_eq!(code, 2);
        assert!(err.contains("unknown method"), "{err}");
        let (code, _, err) = call(&["rate", "--confidence", "0.5"], "x,n\n1,10\n");
        assert_eq!(code, 2);
        assert!(err.contains("confidence"), "{err}");
        let (code, _, _) = call(&["rate", "--input", "/nonexistent/file.csv"], "");
        assert_eq!(code, 2);
        let (code, out, _) = call(&["--help"], "");
        assert_eq!(code, 0);
        assert!(out.starts_with("usage:"));
    }
}
