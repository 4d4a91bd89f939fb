//! Number formatting shared by the renderers.

/// Groups the digits of a whole number with commas: `1234567` -> `1,234,567`.
fn group(whole: u64) -> String {
    let s = whole.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// GBP to the nearest pound: `£1,234,567`, `-£500`.
#[must_use]
pub fn money(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let r = v.round();
    let sign = if r < 0.0 { "-" } else { "" };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = r.abs() as u64;
    format!("{sign}£{}", group(whole))
}

/// A figure for display: 3 decimals below 1, 2 below 1,000, else whole with commas;
/// trailing zeros trimmed.
#[must_use]
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    if a >= 1000.0 {
        let sign = if v < 0.0 { "-" } else { "" };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = a.round() as u64;
        return format!("{sign}{}", group(whole));
    }
    let s = if a < 1.0 {
        format!("{v:.3}")
    } else {
        format!("{v:.2}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A fraction as a percentage: `0.4167` -> `41.7%`.
#[must_use]
pub fn pct(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let s = format!("{:.1}", v * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// A figure with its unit: `12.5%`, `£4,500`, `60 years`.
#[must_use]
pub fn with_unit(v: f64, unit: crate::model::Unit) -> String {
    use crate::model::Unit;
    match unit {
        Unit::Percent => format!("{}%", num(v)),
        Unit::Gbp => money(v),
        Unit::Years => format!("{} years", num(v)),
        _ => num(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(money(1_234_567.4), "£1,234,567");
        assert_eq!(money(-500.0), "-£500");
        assert_eq!(money(0.0), "£0");
        assert_eq!(num(73.716), "73.72");
        assert_eq!(num(0.7), "0.7");
        assert_eq!(num(12_345.6), "12,346");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(pct(0.41666), "41.7%");
        assert_eq!(pct(0.5), "50%");
    }
}
