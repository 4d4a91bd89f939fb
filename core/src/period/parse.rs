//! Reading periods from text: a small tokenizer, then patterns over the tokens.
//!
//! The text is split into tokens (numbers with their digit count, `/`, `-`, `+`, `Q<n>`, month
//! names, `FY`, `AY`), remembering which tokens had whitespace before them. A period is one
//! *unit* (`2024/25`, `2023 Q1`, `Jan 2024`, ...) or two units joined by a *range dash*
//! (`2020 - 22`, `Feb 2009 - Jan 2010`, `2023/24 Q1-Q3`). Which dash joins a range:
//!
//! 1. a dash with whitespace on either side, if there is exactly one;
//! 2. otherwise a dash that is not the year dash of `2024-25` / `2024-01` / `2020-22`
//!    (a four-digit year, a dash and a two- or four-digit number, not part of `a/b`).

use super::{Period, check_quarter, check_year, fy_text};
use crate::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// A run of digits: its value and how many digits were written.
    Num(i32, usize),
    Slash,
    Dash,
    Plus,
    /// `Q` followed by a number.
    Quarter(u32),
    /// A month name, 1..=12.
    Month(u32),
    /// The `FY` prefix.
    Fy,
    /// The `AY` prefix.
    Ay,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
    space_before: bool,
}

/// One side of a range, or a whole single period.
#[derive(Clone, Copy, Debug)]
enum Unit {
    CalendarYear(i32),
    /// A two-digit year, only meaningful after a range dash (`2020 - 22`).
    ShortYear(i32),
    CalendarQuarter(i32, u32),
    FinancialYear(i32),
    /// `22/23`, only meaningful after a range dash (`2020/21 - 22/23`): the first year's digits.
    ShortFinancialYear(i32),
    FinancialQuarter(i32, u32),
    AcademicYear(i32),
    Month(i32, u32),
    /// `Q3` alone, only meaningful after a range dash (`2023/24 Q1-Q3`).
    LoneQuarter(u32),
    /// `2020-22`: calendar years written compactly.
    YearSpan(i32, i32),
}

const EXAMPLES: &str = "write e.g. 2024/25 (a financial year), 2025/26+, 2024/25 Q1, 2022, 2023 Q1, Jan 2024, \
     AY 2022/23, 2020 - 22, 2020/21 - 22/23, 2022/23 Q2 - 2023/24 Q1, 2023/24 Q1-Q3 or Feb 2009 - Jan 2010";

fn not_a_period(text: &str, detail: &str) -> Error {
    Error::parse("", format!("\"{text}\" is not a period: {detail}"))
}

/// Prefix an error from a constructor with the text, unless its message already quotes it.
fn wrap(text: &str, e: Error) -> Error {
    if e.message().starts_with('"') {
        e
    } else {
        not_a_period(text, e.message())
    }
}

fn month_number(word: &str) -> Option<u32> {
    Some(match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    })
}

fn tokenize(text: &str) -> Result<Vec<Token>, Error> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut space = false;
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            space = true;
            chars.next();
            continue;
        }
        let mut end = start + c.len_utf8();
        let tok = if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                digits.push(d);
                end = j + 1;
                chars.next();
            }
            if digits.len() > 4 {
                return Err(not_a_period(
                    text,
                    &format!("{digits} has too many digits for a year"),
                ));
            }
            Tok::Num(digits.parse().unwrap_or(0), digits.len())
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                word.extend(d.to_lowercase());
                end = j + d.len_utf8();
                chars.next();
            }
            match word.as_str() {
                "fy" => Tok::Fy,
                "ay" => Tok::Ay,
                "q" => {
                    while chars.peek().is_some_and(|&(_, d)| d == ' ') {
                        chars.next();
                    }
                    let mut digits = String::new();
                    while let Some(&(j, d)) = chars.peek() {
                        if !d.is_ascii_digit() {
                            break;
                        }
                        digits.push(d);
                        end = j + 1;
                        chars.next();
                    }
                    if digits.is_empty() || digits.len() > 2 {
                        return Err(not_a_period(
                            text,
                            "Q must be followed by a quarter number 1 to 4 and a space before the year, e.g. 2024/25 Q1 or Q1 2024/25",
                        ));
                    }
                    Tok::Quarter(digits.parse().unwrap_or(0))
                }
                w => match month_number(w) {
                    Some(m) => Tok::Month(m),
                    None => {
                        return Err(not_a_period(
                            text,
                            &format!(
                                "\"{}\" is not a month name or a known prefix: write a month as Jan or January, a quarter as Q1, and FY or AY before a financial or academic year",
                                &text[start..end]
                            ),
                        ));
                    }
                },
            }
        } else {
            chars.next();
            match c {
                '/' => Tok::Slash,
                '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => Tok::Dash,
                '+' => Tok::Plus,
                _ => {
                    return Err(not_a_period(
                        text,
                        &format!("'{c}' is not expected in a period; {EXAMPLES}"),
                    ));
                }
            }
        };
        out.push(Token {
            tok,
            start,
            end,
            space_before: space,
        });
        space = false;
    }
    Ok(out)
}

/// The text covered by `tokens`.
fn span<'a>(text: &'a str, tokens: &[Token]) -> &'a str {
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => &text[a.start..b.end],
        _ => "",
    }
}

/// The year written as two digits `yy` after the year `first`: the same century if later,
/// else the next century if that is less than 50 years on (`1998 - 00`), else the same century
/// (so that `2022 - 20` reads as ending before it starts, not as 2120).
fn resolve_two_digits(first: i32, yy: i32) -> i32 {
    let candidate = first - first.rem_euclid(100) + yy;
    if candidate > first || candidate + 100 - first >= 50 {
        candidate
    } else {
        candidate + 100
    }
}

fn year(value: i32, what: &str) -> Result<i32, Error> {
    check_year(value, what)?;
    Ok(value)
}

fn financial_year_error(unit_text: &str, first: i32, academic: bool) -> Error {
    let what = if academic {
        "an academic year"
    } else {
        "a financial year"
    };
    let prefix = if academic { "AY " } else { "" };
    Error::parse(
        "",
        format!(
            "\"{unit_text}\" is not {what}: the second year must follow the first, e.g. {prefix}{}",
            fy_text(first)
        ),
    )
}

/// Checks `a/b` as a financial (or academic) year and returns its first year.
fn year_pair(unit_text: &str, a: i32, b: i32, digits: usize, academic: bool) -> Result<i32, Error> {
    let what = if academic {
        "an academic year"
    } else {
        "a financial year"
    };
    let first = year(a, what)?;
    let second = if digits == 4 {
        b
    } else {
        (first + 1) - (first + 1).rem_euclid(100) + b
    };
    if second == first + 1 && (digits == 2 || digits == 4) {
        Ok(first)
    } else {
        Err(financial_year_error(unit_text, first, academic))
    }
}

fn parse_unit(text: &str, tokens: &[Token]) -> Result<Unit, Error> {
    use Tok::{Ay, Dash, Fy, Month, Num, Quarter, Slash};
    let unit_text = span(text, tokens);
    let kinds: Vec<Tok> = tokens.iter().map(|t| t.tok).collect();
    if let [Quarter(q)] = kinds.as_slice() {
        return Ok(Unit::LoneQuarter(*q));
    }
    // A quarter may come before or after its year.
    let (quarter, core) = match kinds.as_slice() {
        [Quarter(q), rest @ ..] | [rest @ .., Quarter(q)] => (Some(*q), rest),
        all => (None, all),
    };
    let base = match core {
        [Num(y, 4)] => Unit::CalendarYear(year(*y, "a calendar year")?),
        [Num(y, 2)] => Unit::ShortYear(*y),
        [Month(m), Num(y, 4)] => Unit::Month(year(*y, "a month")?, *m),
        [Num(a, 4), Dash, Num(b, d @ (2 | 4))] => {
            let first = year(*a, "a year")?;
            let second = if *d == 4 {
                *b
            } else {
                resolve_two_digits(first, *b)
            };
            if second == first + 1 {
                Unit::FinancialYear(first)
            } else if *d == 2 && (1..=12).contains(b) && quarter.is_none() {
                Unit::Month(first, b.unsigned_abs())
            } else if second > first + 1 && quarter.is_none() {
                check_year(second, "a multi-year period")?;
                Unit::YearSpan(first, second)
            } else if *d == 2 && quarter.is_none() {
                return Err(Error::parse(
                    "",
                    format!(
                        "\"{unit_text}\" is neither a financial year (the second year must follow the first, e.g. {first}-{:02}) nor a month (months run 01 to 12, e.g. {first}-01)",
                        (first + 1).rem_euclid(100)
                    ),
                ));
            } else {
                return Err(financial_year_error(unit_text, first, false));
            }
        }
        [Num(a, 4), Slash, Num(b, d @ (2 | 4))]
        | [Fy, Num(a, 4), Slash | Dash, Num(b, d @ (2 | 4))] => {
            Unit::FinancialYear(year_pair(unit_text, *a, *b, *d, false)?)
        }
        [Ay, Num(a, 4), Slash | Dash, Num(b, d @ (2 | 4))] => {
            Unit::AcademicYear(year_pair(unit_text, *a, *b, *d, true)?)
        }
        [Num(a, 2), Slash, Num(b, 2)] => {
            if (*a + 1) % 100 == *b {
                Unit::ShortFinancialYear(*a)
            } else {
                return Err(Error::parse(
                    "",
                    format!(
                        "\"{unit_text}\" is not a financial year: the second year must follow the first, e.g. {a:02}/{:02}",
                        (a + 1) % 100
                    ),
                ));
            }
        }
        _ => return Err(not_a_period(text, EXAMPLES)),
    };
    match (quarter, base) {
        (None, unit) => Ok(unit),
        (Some(q), Unit::CalendarYear(y)) => {
            check_quarter(q, false)?;
            Ok(Unit::CalendarQuarter(y, q))
        }
        (Some(q), Unit::FinancialYear(y)) => {
            check_quarter(q, true)?;
            Ok(Unit::FinancialQuarter(y, q))
        }
        (Some(_), _) => Err(not_a_period(
            text,
            "a quarter goes with a calendar year (2023 Q1) or a financial year (2023/24 Q1)",
        )),
    }
}

fn single(text: &str, unit: Unit) -> Result<Period, Error> {
    match unit {
        Unit::CalendarYear(y) => Period::calendar_year(y),
        Unit::CalendarQuarter(y, q) => Period::calendar_quarter(y, q),
        Unit::FinancialYear(y) => Period::try_financial_year(y),
        Unit::FinancialQuarter(y, q) => Period::financial_quarter(y, q),
        Unit::AcademicYear(y) => Period::academic_year(y),
        Unit::Month(y, m) => Period::month(y, m),
        Unit::YearSpan(a, b) => Period::multi_year_calendar(a, b),
        Unit::ShortYear(_) => Err(not_a_period(
            text,
            "a year needs four digits, e.g. 2022 (two digits are only for the end of a range, as in 2020 - 22)",
        )),
        Unit::ShortFinancialYear(_) => Err(not_a_period(
            text,
            "a financial year needs a four-digit first year, e.g. 2022/23 (22/23 is only for the end of a range, as in 2020/21 - 22/23)",
        )),
        Unit::LoneQuarter(_) => Err(not_a_period(
            text,
            "a quarter needs its year, e.g. 2024/25 Q1 (financial, Q1 = Apr-Jun) or 2024 Q1 (calendar, Q1 = Jan-Mar)",
        )),
    }
}

/// Checks that a range ends after it starts, comparing `(year, sub)` positions; on failure
/// names the single period (`same`) or the range the right way round (`swapped`).
fn check_order(
    text: &str,
    first: (i32, u32),
    last: (i32, u32),
    unit: &str,
    same: impl FnOnce() -> Result<Period, Error>,
    swapped: impl FnOnce() -> Result<Period, Error>,
) -> Result<(), Error> {
    if last > first {
        return Ok(());
    }
    let message = if last == first {
        match same() {
            Ok(p) => format!("\"{text}\" starts and ends in the same {unit}: write it as {p}"),
            Err(e) => return Err(wrap(text, e)),
        }
    } else {
        match swapped() {
            Ok(p) => format!(
                "\"{text}\" ends before it starts: write the earlier period first, e.g. {p}"
            ),
            Err(_) => format!("\"{text}\" ends before it starts: write the earlier period first"),
        }
    };
    Err(Error::parse("", message))
}

fn range(text: &str, left: &[Token], right: &[Token]) -> Result<Period, Error> {
    let l = parse_unit(text, left).map_err(|e| wrap(text, e))?;
    let r = parse_unit(text, right).map_err(|e| wrap(text, e))?;
    match (l, r) {
        (Unit::CalendarYear(a), Unit::CalendarYear(b)) => years(text, a, b, false),
        (Unit::CalendarYear(a), Unit::ShortYear(s)) => {
            years(text, a, resolve_two_digits(a, s), false)
        }
        (Unit::FinancialYear(a), Unit::FinancialYear(b)) => years(text, a, b, true),
        (Unit::FinancialYear(a), Unit::ShortFinancialYear(s)) => {
            years(text, a, resolve_two_digits(a, s), true)
        }
        (Unit::FinancialQuarter(a, qa), Unit::FinancialQuarter(b, qb)) => {
            quarters(text, a, qa, b, qb)
        }
        (Unit::FinancialQuarter(a, qa), Unit::LoneQuarter(qb)) => {
            check_quarter(qb, true).map_err(|e| wrap(text, e))?;
            quarters(text, a, qa, a, qb)
        }
        (Unit::Month(ya, ma), Unit::Month(yb, mb)) => {
            check_order(
                text,
                (ya, ma),
                (yb, mb),
                "month",
                || Period::month(ya, ma),
                || Period::month_span(yb, mb, ya, ma),
            )?;
            Period::month_span(ya, ma, yb, mb).map_err(|e| wrap(text, e))
        }
        (Unit::CalendarQuarter(..), Unit::CalendarQuarter(..)) => Err(not_a_period(
            text,
            "runs of calendar quarters are not supported: write the months instead, e.g. Apr 2022 - Mar 2023",
        )),
        (Unit::AcademicYear(..), Unit::AcademicYear(..)) => Err(not_a_period(
            text,
            "runs of academic years are not supported: write the months instead, e.g. Sep 2020 - Aug 2023",
        )),
        _ => Err(not_a_period(
            text,
            &format!(
                "\"{}\" and \"{}\" are different kinds of period; a range joins two of the same kind, e.g. 2020 - 22, 2020/21 - 22/23, 2022/23 Q2 - 2023/24 Q1, 2023/24 Q1-Q3 or Feb 2009 - Jan 2010",
                span(text, left),
                span(text, right)
            ),
        )),
    }
}

fn years(text: &str, a: i32, b: i32, financial: bool) -> Result<Period, Error> {
    check_order(
        text,
        (a, 0),
        (b, 0),
        if financial { "financial year" } else { "year" },
        || {
            if financial {
                Period::try_financial_year(a)
            } else {
                Period::calendar_year(a)
            }
        },
        || {
            if financial {
                Period::multi_year_financial(b, a)
            } else {
                Period::multi_year_calendar(b, a)
            }
        },
    )?;
    if financial {
        Period::multi_year_financial(a, b)
    } else {
        Period::multi_year_calendar(a, b)
    }
    .map_err(|e| wrap(text, e))
}

fn quarters(text: &str, a: i32, qa: u32, b: i32, qb: u32) -> Result<Period, Error> {
    check_order(
        text,
        (a, qa),
        (b, qb),
        "quarter",
        || Period::financial_quarter(a, qa),
        || Period::financial_quarter_span(b, qb, a, qa),
    )?;
    Period::financial_quarter_span(a, qa, b, qb).map_err(|e| wrap(text, e))
}

/// Whether the dash at `i` is the year dash inside `2024-25`, `2024-01` or `2020-22`.
fn is_year_dash(tokens: &[Token], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|j| tokens[j].tok);
    let next = tokens.get(i + 1).map(|t| t.tok);
    let before_prev = i.checked_sub(2).map(|j| tokens[j].tok);
    let after_next = tokens.get(i + 2).map(|t| t.tok);
    matches!(prev, Some(Tok::Num(_, 4)))
        && matches!(next, Some(Tok::Num(_, 2 | 4)))
        && before_prev != Some(Tok::Slash)
        && after_next != Some(Tok::Slash)
}

pub(super) fn parse(input: &str) -> Result<Period, Error> {
    let text = input.trim();
    if text.is_empty() {
        return Err(Error::parse(
            "",
            format!("an empty text is not a period: {EXAMPLES}"),
        ));
    }
    let tokens = tokenize(text)?;

    // Open-ended: a financial year followed by `+`.
    let pluses = tokens.iter().filter(|t| t.tok == Tok::Plus).count();
    if pluses > 0 {
        let last_is_plus = tokens.last().is_some_and(|t| t.tok == Tok::Plus);
        if pluses == 1 && last_is_plus && tokens.len() > 1 {
            if let Ok(Unit::FinancialYear(y)) = parse_unit(text, &tokens[..tokens.len() - 1]) {
                return Period::open_ended_financial_year(y).map_err(|e| wrap(text, e));
            }
            if let Err(e) = parse_unit(text, &tokens[..tokens.len() - 1]) {
                return Err(wrap(text, e));
            }
        }
        return Err(not_a_period(
            text,
            "only a financial year can be open-ended, with + at the end, e.g. 2025/26+",
        ));
    }

    let dashes: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].tok == Tok::Dash)
        .collect();
    let spaced: Vec<usize> = dashes
        .iter()
        .copied()
        .filter(|&i| tokens[i].space_before || tokens.get(i + 1).is_some_and(|t| t.space_before))
        .collect();
    let candidates: Vec<usize> = if spaced.is_empty() {
        dashes
            .iter()
            .copied()
            .filter(|&i| !is_year_dash(&tokens, i))
            .collect()
    } else {
        spaced
    };
    match candidates.as_slice() {
        [] => {
            let unit = parse_unit(text, &tokens).map_err(|e| wrap(text, e))?;
            single(text, unit).map_err(|e| wrap(text, e))
        }
        [i] => {
            let (left, right) = (&tokens[..*i], &tokens[*i + 1..]);
            if left.is_empty() || right.is_empty() {
                return Err(not_a_period(
                    text,
                    "a range needs a period on each side of its dash, e.g. 2020 - 22",
                ));
            }
            range(text, left, right)
        }
        _ => Err(not_a_period(
            text,
            "it has more than one dash joining periods; a range joins two periods with one dash, e.g. Feb 2009 - Jan 2010",
        )),
    }
}
