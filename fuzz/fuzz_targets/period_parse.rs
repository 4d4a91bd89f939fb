//! `Period::parse` and `PeriodRef::parse` never panic, and whatever parses prints to a text
//! that parses back to the same period (display -> parse identity).
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcomes_core::period::{Frequency, Period, PeriodRef};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = Period::parse(text) {
        let shown = p.to_string();
        let again = Period::parse(&shown)
            .unwrap_or_else(|e| panic!("{text:?} parsed to {shown:?}, which does not parse: {e}"));
        assert_eq!(again, p, "{text:?} -> {shown:?} -> {again}");
        assert_eq!(again.to_string(), shown);
        // Every accessor must be total on a parsed period.
        assert!(p.start() <= p.end());
        let _ = (
            p.kind(),
            p.is_open_ended(),
            p.sortable_key(),
            p.month_count(),
        );
        let _ = p.contains(p.start());
        if let Some(f) = Frequency::of(&p) {
            let _ = p.steps_from(&p, f);
            if let Ok(base) = Period::parse("2024/25") {
                let _ = p.steps_from(&base, f);
                let _ = base.steps_from(&p, f);
            }
        }
        let json = serde_json::to_string(&p).expect("a period serialises");
        let back: Period = serde_json::from_str(&json).expect("a serialised period reads back");
        assert_eq!(back, p);
    }
    if let Ok(r) = PeriodRef::parse(text) {
        let shown = r.to_string();
        let again = PeriodRef::parse(&shown).unwrap_or_else(|e| {
            panic!("{text:?} parsed to the reference {shown:?}, which does not parse: {e}")
        });
        assert_eq!(again, r, "{text:?} -> {shown:?}");
        for start in ["2024/25", "2024/25 Q1", "Jan 2024", "2199/00", "1900"] {
            if let Ok(s) = Period::parse(start) {
                let _ = r.resolve(&s);
            }
        }
    }
});
