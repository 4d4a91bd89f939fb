//! Escaping of text from outside (framework files, data) for each output format.
//!
//! Every text a report carries from a framework is data from outside. The rules:
//!
//! - [`clean`]: control characters (C0, DEL, C1) become spaces, and the Unicode bidirectional
//!   embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069) and the
//!   left-to-right and right-to-left marks (U+200E, U+200F) are removed, so a text cannot
//!   reorder what is shown around it ("Trojan Source", CVE-2021-42574).
//! - [`html`]: after [`clean`], `& < > " '` become entities, and so do `:` and `=`, so no
//!   text can open a tag, close an attribute, or show a `javascript:` URL or an `on...=`
//!   handler even as plain text in the page source.
//! - [`markdown`]: after [`clean`], every character `CommonMark` gives meaning to in running text
//!   (`` \ ` * _ [ ] < > | # ~ ! & ``) is backslash-escaped; `:` before `//` and `.` after `www`
//!   and `@` are escaped too, so GitHub's autolink extension does not turn a URL or address in
//!   framework text into a link. Line breaks become spaces, so a text stays in its table cell.
//! - [`csv_text`]: after [`clean`], spreadsheet formula prefixes are neutralised with
//!   [`neutralise_formula`](crate::evaluate::neutralise_formula).

/// Whether `c` is a bidirectional control or mark.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Removes bidirectional controls and turns other control characters into spaces.
#[must_use]
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_bidi(c) {
            continue;
        }
        if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes text for HTML element content and quoted attribute values.
#[must_use]
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            ':' => out.push_str("&#58;"),
            '=' => out.push_str("&#61;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown running text and table cells.
#[must_use]
pub fn markdown(text: &str) -> String {
    let cleaned = clean(text);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut out = String::with_capacity(cleaned.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' | '@' => {
                out.push('\\');
                out.push(c);
            }
            ':' if chars.get(i + 1) == Some(&'/') => out.push_str("\\:"),
            '.' if i >= 3
                && chars[i - 3..i]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case("www") =>
            {
                out.push_str("\\.");
            }
            c => out.push(c),
        }
    }
    out
}

/// Makes a text safe for a CSV cell opened in a spreadsheet.
#[must_use]
pub fn csv_text(text: &str) -> String {
    crate::evaluate::neutralise_formula(&clean(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_defangs_urls() {
        let s = html("<a href=\"javascript:x\" onclick='y'>&</a>");
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('"') && !s.contains('\''));
        assert!(!s.contains("javascript:") && !s.contains("onclick="));
        assert_eq!(html("a\u{202E}b\u{2066}c\nd"), "abc d");
    }

    #[test]
    fn markdown_escapes_every_special_character() {
        assert_eq!(
            markdown("*a* _b_ [c](d) <e> | # `f` \\"),
            "\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\| \\# \\`f\\` \\\\"
        );
        assert_eq!(
            markdown("see https://x.org or www.y.org"),
            "see https\\://x.org or www\\.y.org"
        );
        assert_eq!(markdown("line\r\nbreak\u{202E}"), "line  break");
    }

    #[test]
    fn csv_neutralises_formulas_after_cleaning() {
        assert_eq!(csv_text("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_text("\u{202E}=1+1"), "'=1+1");
        assert_eq!(csv_text("plain"), "plain");
    }
}
