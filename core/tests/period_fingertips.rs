//! The Fingertips sample export's periods and sortable keys.
//!
//! Every distinct ("Time period", "Time period Sortable", "Time period range") triple of
//! `shared/reference/fingertips-export-sample.csv` (a Fingertips indicator export, 10 rows),
//! copied here so the test does not read `/work/shared` at run time.

use outcomes_core::period::{Period, PeriodKind};

/// (Time period, Time period Sortable, Time period range, kind we read it as).
const SAMPLE: [(&str, u32, &str, PeriodKind); 3] = [
    ("2022", 20_220_000, "1y", PeriodKind::CalendarYear),
    ("2022/23", 20_220_000, "1y", PeriodKind::FinancialYear),
    ("2020 - 22", 20_200_000, "3y", PeriodKind::MultiYearCalendar),
];

#[test]
fn sample_periods_reproduce_the_sortable_column() {
    for (text, sortable, range, kind) in SAMPLE {
        let p = Period::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(p.sortable_key(), sortable, "{text}");
        assert_eq!(p.kind(), kind, "{text}");
        // Fingertips writes these in canonical form already.
        assert_eq!(p.to_string(), text);
        // "Time period range": the number of years covered.
        let years = format!("{}y", p.month_count() / 12);
        assert_eq!(years, range, "{text}");
    }
}
