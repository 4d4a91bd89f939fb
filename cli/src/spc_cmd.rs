//! `outcomes spc`: Making Data Count XmR charts for many series from CSV.
//!
//! Input: CSV with a header naming the columns `series`, `period` and `value` (any order;
//! other columns are ignored), on stdin or from `--input FILE`. Rows of one series are read in
//! the order given (that is the time order; periods are kept as text and never sorted); the
//! rows of a series need not be contiguous. An empty value, `NA` or `NaN` is missing: an
//! error unless `--missing skip`.
//!
//! Output (stdout): one CSV row per input row, in input order, with the columns
//! `series,period,value,mean,lpl,upl,point_type,signal` (NaN limits as empty fields). Then the
//! per-series summary `series,points,variation_icon,assurance_icon,mean,lpl,upl,common_cause,
//! special_cause_improvement,special_cause_concern,special_cause_neutral_high,
//! special_cause_neutral_low,missing,short_series_warning`, one row per series in order of first
//! appearance: written to `--summary FILE` when given, else appended to stdout after one blank
//! line. Text fields that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
//! `@`, tab or carriage return) are prefixed with `'`.
//!
//! Exit status: 0 ok, 2 usage or input error (message on stderr).

use std::collections::HashMap;
use std::io::{Read, Write};

use outcomes_core::spc::{
    Improvement, Missing, PointType, Profile, SeriesSummary, Signal, SpcOptions, xmr_many,
};

use crate::failure::{Failure, finish};

const USAGE: &str = "\
usage: outcomes spc [--input FILE] [--summary FILE] [--improvement increase|decrease|neutral]
                    [--target X] [--rebase I,J,...] [--fix-after N] [--missing error|skip]
                    [--profile nhsr|mdc_excel] [--screen-outliers true|false]
                    [--shift-length 6|7] [--trend-length 6|7]
                    [--two-in-three-counts-outside true|false] [--improvement-wins true|false]

Reads CSV with columns series,period,value (stdin unless --input) and writes one row per point
(series,period,value,mean,lpl,upl,point_type,signal), then a summary per series (to --summary
FILE, or after a blank line). Rebase positions are 0-based within each series.
Method: NHSRplotthedots 0.2.2 (default profile nhsr) or the Making Data Count Excel tool.";

/// Runs `outcomes spc` with `args` (the words after `spc`). Returns the exit status.
pub fn run(
    args: &[String],
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    finish("spc", USAGE, run_inner(args, stdin, stdout), stdout, stderr)
}

struct Args {
    input: Option<String>,
    summary: Option<String>,
    options: SpcOptions,
}

fn parse_bool(flag: &str, v: &str) -> Result<bool, Failure> {
    match v {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(Failure::Usage(format!(
            "{flag} takes true or false, not {v:?}"
        ))),
    }
}

fn parse_num<T: std::str::FromStr>(flag: &str, v: &str, what: &str) -> Result<T, Failure> {
    v.trim()
        .parse()
        .map_err(|_| Failure::Usage(format!("{flag} takes {what}, not {v:?}")))
}

fn parse_args(args: &[String]) -> Result<Args, Failure> {
    let mut a = Args {
        input: None,
        summary: None,
        options: SpcOptions::default(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Err(Failure::Help);
        }
        let mut value = || -> Result<String, Failure> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| Failure::Usage(format!("{flag} needs a value"))),
            }
        };
        let o = &mut a.options;
        match flag {
            "--input" => a.input = Some(value()?),
            "--summary" => a.summary = Some(value()?),
            "--improvement" => {
                o.improvement = match value()?.as_str() {
                    "increase" => Improvement::Increase,
                    "decrease" => Improvement::Decrease,
                    "neutral" => Improvement::Neutral,
                    v => {
                        return Err(Failure::Usage(format!(
                            "--improvement takes increase, decrease or neutral, not {v:?}"
                        )));
                    }
                }
            }
            "--target" => o.target = Some(parse_num(flag, &value()?, "a number")?),
            "--rebase" => {
                o.rebase = value()?
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| parse_num(flag, s, "0-based positions separated by commas"))
                    .collect::<Result<_, _>>()?;
            }
            "--fix-after" => o.fix_after = Some(parse_num(flag, &value()?, "a count")?),
            "--missing" => {
                o.missing = match value()?.as_str() {
                    "error" => Missing::Error,
                    "skip" => Missing::Skip,
                    v => {
                        return Err(Failure::Usage(format!(
                            "--missing takes error or skip, not {v:?}"
                        )));
                    }
                }
            }
            "--profile" => {
                o.profile = match value()?.as_str() {
                    "nhsr" => Profile::Nhsr,
                    "mdc_excel" => Profile::MdcExcel,
                    v => {
                        return Err(Failure::Usage(format!(
                            "--profile takes nhsr or mdc_excel, not {v:?}"
                        )));
                    }
                }
            }
            "--screen-outliers" => o.screen_outliers = Some(parse_bool(flag, &value()?)?),
            "--shift-length" => o.shift_length = Some(parse_num(flag, &value()?, "6 or 7")?),
            "--trend-length" => o.trend_length = Some(parse_num(flag, &value()?, "6 or 7")?),
            "--two-in-three-counts-outside" => {
                o.two_in_three_counts_outside = Some(parse_bool(flag, &value()?)?);
            }
            "--improvement-wins" => o.improvement_wins = Some(parse_bool(flag, &value()?)?),
            other => return Err(Failure::Usage(format!("unknown argument {other:?}"))),
        }
    }
    a.options
        .rules()
        .map_err(|e| Failure::Usage(format!("invalid option {e}")))?;
    Ok(a)
}

/// Neutralises text a spreadsheet would evaluate as a formula.
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        x.to_string()
    }
}

struct Input {
    labels: Vec<String>,
    codes: Vec<u32>,
    periods: Vec<String>,
    values: Vec<f64>,
}

fn read_input(reader: &mut dyn Read, name: &str) -> Result<Input, Failure> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = rdr
        .headers()
        .map_err(|e| Failure::Input(format!("{name}: cannot read the header: {e}")))?
        .clone();
    let col = |c: &str| {
        headers.iter().position(|h| h == c).ok_or_else(|| {
            Failure::Input(format!(
                "{name}: no column named {c:?}; the header must name series, period and value \
                 (found: {})",
                headers.iter().collect::<Vec<_>>().join(",")
            ))
        })
    };
    let (cs, cp, cv) = (col("series")?, col("period")?, col("value")?);
    let mut input = Input {
        labels: Vec::new(),
        codes: Vec::new(),
        periods: Vec::new(),
        values: Vec::new(),
    };
    let mut index: HashMap<String, u32> = HashMap::new();
    for (k, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Failure::Input(format!("{name}: {e}")))?;
        let line = rec.position().map_or(k as u64 + 2, csv::Position::line);
        let field = |c: usize| rec.get(c).unwrap_or("");
        let label = field(cs);
        let code = if let Some(&c) = index.get(label) {
            c
        } else {
            let c = u32::try_from(input.labels.len())
                .map_err(|_| Failure::Input(format!("{name}: more than {} series", u32::MAX)))?;
            index.insert(label.to_owned(), c);
            input.labels.push(label.to_owned());
            c
        };
        let text = field(cv);
        let value = if text.is_empty()
            || text.eq_ignore_ascii_case("na")
            || text.eq_ignore_ascii_case("nan")
        {
            f64::NAN
        } else {
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    return Err(Failure::Input(format!(
                        "{name}:{line}: value {text:?} is not a number (leave it empty or write \
                         NA for a missing value)"
                    )));
                }
            }
        };
        input.codes.push(code);
        input.periods.push(field(cp).to_owned());
        input.values.push(value);
    }
    Ok(input)
}

fn summary_rows<W: Write>(
    w: &mut csv::Writer<W>,
    labels: &[String],
    series: &[SeriesSummary],
) -> csv::Result<()> {
    w.write_record([
        "series",
        "points",
        "variation_icon",
        "assurance_icon",
        "mean",
        "lpl",
        "upl",
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
        "missing",
        "short_series_warning",
    ])?;
    for s in series {
        let mut row = vec![
            safe(&labels[s.series as usize]).into_owned(),
            s.len.to_string(),
            s.variation_icon.as_str().to_owned(),
            s.assurance_icon.map_or("", |a| a.as_str()).to_owned(),
            num(s.mean),
            num(s.lpl),
            num(s.upl),
        ];
        row.extend(PointType::ALL.iter().map(|&t| s.counts.get(t).to_string()));
        row.push(s.short_series_warning.to_string());
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

fn run_inner(args: &[String], stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), Failure> {
    let a = parse_args(args)?;
    let input = match &a.input {
        Some(path) => {
            let mut f = std::fs::File::open(path)
                .map_err(|e| Failure::Input(format!("{path}: cannot open: {e}")))?;
            read_input(&mut f, path)?
        }
        None => read_input(stdin, "stdin")?,
    };
    let table = xmr_many(&input.values, &input.codes, &a.options).map_err(|e| {
        // Name the CSV line as well as the value index.
        let line = e
            .path()
            .strip_prefix("values[")
            .and_then(|p| p.strip_suffix(']'))
            .and_then(|i| i.parse::<usize>().ok())
            .map(|i| format!(" (data row {}, line {})", i + 1, i + 2))
            .unwrap_or_default();
        Failure::Input(format!("{e}{line}"))
    })?;
    let io = |e: csv::Error| Failure::Input(format!("cannot write the output: {e}"));
    {
        let mut w = csv::Writer::from_writer(&mut *stdout);
        w.write_record([
            "series",
            "period",
            "value",
            "mean",
            "lpl",
            "upl",
            "point_type",
            "signal",
        ])
        .map_err(io)?;
        for i in 0..input.values.len() {
            let pt = PointType::from_code(table.point_type[i]).unwrap_or(PointType::CommonCause);
            let sig = Signal::from_code(table.signal[i]).unwrap_or(Signal::None);
            w.write_record([
                safe(&input.labels[input.codes[i] as usize]).as_ref(),
                safe(&input.periods[i]).as_ref(),
                &num(input.values[i]),
                &num(table.mean[i]),
                &num(table.lpl[i]),
                &num(table.upl[i]),
                pt.as_str(),
                signal_name(sig),
            ])
            .map_err(io)?;
        }
        w.flush().map_err(|e| io(e.into()))?;
    }
    if let Some(path) = &a.summary {
        let f = std::fs::File::create(path)
            .map_err(|e| Failure::Input(format!("{path}: cannot create: {e}")))?;
        summary_rows(
            &mut csv::Writer::from_writer(f),
            &input.labels,
            &table.series,
        )
        .map_err(io)?;
    } else {
        writeln!(stdout).map_err(|e| io(e.into()))?;
        summary_rows(
            &mut csv::Writer::from_writer(&mut *stdout),
            &input.labels,
            &table.series,
        )
        .map_err(io)?;
    }
    Ok(())
}

/// The `snake_case` name of a signal (as in the JSON output).
fn signal_name(s: Signal) -> &'static str {
    match s {
        Signal::None => "none",
        Signal::AboveUpl => "above_upl",
        Signal::BelowLpl => "below_lpl",
        Signal::TrendIncreasing => "trend_increasing",
        Signal::TrendDecreasing => "trend_decreasing",
        Signal::TwoInThreeAbove => "two_in_three_above",
        Signal::TwoInThreeBelow => "two_in_three_below",
        Signal::ShiftAbove => "shift_above",
        Signal::ShiftBelow => "shift_below",
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use std::fmt::Write as _;

    fn call(args: &[&str], input: &str) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&args, &mut input.as_bytes(), &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    /// The vignette series (NHSRplotthedots 0.2.2 "Deviations from Excel defaults") as two
    /// interleaved series, one of them labelled like a formula.
    fn vignette_csv() -> String {
        let v = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1];
        let mut s = String::from("period,series,value\n");
        for (i, x) in v.iter().enumerate() {
            writeln!(s, "2024-{:02},A&E,{x}", i + 1).unwrap();
            writeln!(s, "2024-{:02},=cmd,{}", i + 1, 20 - x).unwrap();
        }
        s
    }

    #[test]
    fn points_then_summary_after_a_blank_line() {
        let (code, out, err) = call(&["--target", "5"], &vignette_csv());
        assert_eq!(code, 0, "{err}");
        let (points, summary) = out.split_once("\n\n").unwrap();
        let rows: Vec<&str> = points.lines().collect();
        assert_eq!(
            rows[0],
            "series,period,value,mean,lpl,upl,point_type,signal"
        );
        assert_eq!(rows.len(), 1 + 36);
        let first: Vec<&str> = rows[1].split(',').collect();
        assert_eq!(&first[..3], ["A&E", "2024-01", "1"]);
        let mean: f64 = first[3].parse().unwrap();
        let upl: f64 = first[5].parse().unwrap();
        assert!((mean - 1.944_444_444_444_44).abs() < 1e-9);
        assert!((upl - 4.604_444_444_444_44).abs() < 1e-9);
        assert!(rows[9].starts_with("A&E,2024-05,10,"));
        assert!(rows[9].ends_with(",special_cause_improvement,above_upl"));
        assert!(rows[2].starts_with("'=cmd,2024-01,19,"), "{}", rows[2]);
        assert!(
            rows[10].ends_with(",special_cause_concern,below_lpl"),
            "{}",
            rows[10]
        );

        let s: Vec<&str> = summary.lines().collect();
        assert!(s[0].starts_with("series,points,variation_icon,assurance_icon,mean,lpl,upl,"));
        assert_eq!(s.len(), 3);
        assert!(s[1].starts_with("A&E,18,common_cause,fail,"), "{}", s[1]);
        assert!(s[1].ends_with(",17,1,0,0,0,0,false"), "{}", s[1]);
        assert!(s[2].starts_with("'=cmd,18,common_cause,pass,"), "{}", s[2]);
    }

    #[test]
    fn summary_to_a_file() {
        let dir = std::env::temp_dir().join(format!("outcomes-spc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("summary.csv");
        let (code, out, err) = call(
            &[
                "--summary",
                path.to_str().unwrap(),
                "--profile",
                "mdc_excel",
            ],
            &vignette_csv(),
        );
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains("\n\n"));
        assert_eq!(out.lines().count(), 37);
        let summary = std::fs::read_to_string(&path).unwrap();
        assert_eq!(summary.lines().count(), 3);
        // Unscreened (Excel) limits.
        let upl: f64 = out
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(5)
            .unwrap()
            .parse()
            .unwrap();
        assert!((upl - 6.951_503_267_973_86).abs() < 1e-9);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_values_need_skip() {
        let csv = "series,period,value\na,1,1\na,2,NA\na,3,2\na,4,1.5\n";
        let (code, _, err) = call(&[], csv);
        assert_eq!(code, 2);
        assert!(err.contains("values[1]") && err.contains("line 3"), "{err}");
        let (code, out, err) = call(&["--missing", "skip"], csv);
        assert_eq!(code, 0, "{err}");
        let row = out.lines().nth(2).unwrap();
        assert_eq!(row, "a,2,,1.5,-0.4950000000000001,3.495,missing,none");
    }

    #[test]
    fn input_errors_exit_2() {
        let (code, _, err) = call(&[], "series,when,value\na,1,1\n");
        assert_eq!(code, 2);
        assert!(err.contains("\"period\""), "{err}");
        let (code, _, err) = call(&[], "series,period,value\na,1,x\n");
        assert_eq!(code, 2);
        assert!(err.contains(":2: value \"x\""), "{err}");
        let (code, _, err) = call(&["--input", "/nonexistent/x.csv"], "");
        assert_eq!(code, 2);
        assert!(err.contains("cannot open"), "{err}");
    }

    #[test]
    fn usage_errors_exit_2() {
        for args in [
            &["--improvement", "up"][..],
            &["--target"],
            &["--fix-after", "5"],
            &["--shift-length", "9"],
            &["--rebase", "3,x"],
            &["--bogus"],
            &["--screen-outliers", "maybe"],
        ] {
            let (code, out, err) = call(args, "series,period,value\na,1,1\n");
            assert_eq!(code, 2, "{args:?}");
            assert!(out.is_empty());
            assert!(err.contains("usage: outcomes spc"), "{err}");
        }
        let (code, _, err) = call(&["--fix-after", "5"], "");
        assert_eq!(code, 2);
        assert!(err.contains("fix_after"), "{err}");
    }

    #[test]
    fn help_exits_0() {
        let (code, out, _) = call(&["--help"], "");
        assert_eq!(code, 0);
        assert!(out.contains("usage: outcomes spc"));
    }

    #[test]
    fn options_reach_the_method() {
        // Rebase at position 3 within the series: two segments.
        let csv = "series,period,value\ns,1,1\ns,2,2\ns,3,1\ns,4,10\ns,5,11\ns,6,10\n";
        let (code, out, err) = call(&["--rebase=3", "--improvement", "decrease"], csv);
        assert_eq!(code, 0, "{err}");
        let means: Vec<&str> = out
            .lines()
            .skip(1)
            .take(6)
            .map(|l| l.split(',').nth(3).unwrap())
            .collect();
        assert_eq!(means[0], means[2]);
        assert_ne!(means[2], means[3]);
        assert!(out.contains("s,6,common_cause,,"), "{out}");
    }
}
