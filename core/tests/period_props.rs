//! Property tests for periods: display and parse are inverse, start <= end, the ordering
//! agrees with (start, end), and the Fingertips sortable key never decreases as the start
//! moves later within a kind.

use outcomes_core::period::{Period, PeriodKind};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// How many generators [`period_of`] has: one per kind, the quarter spans sharing one.
const GENERATORS: usize = 11;

/// Periods from generator `which` (0..GENERATORS), built through the public constructors.
fn period_of(which: usize) -> BoxedStrategy<Period> {
    let year = 1900i32..=2190;
    match which {
        0 => year.prop_map(Period::financial_year).boxed(),
        1 => year
            .prop_map(|y| Period::open_ended_financial_year(y).unwrap())
            .boxed(),
        2 => (year, 1u32..=4)
            .prop_map(|(y, q)| Period::financial_quarter(y, q).unwrap())
            .boxed(),
        3 => year.prop_map(|y| Period::calendar_year(y).unwrap()).boxed(),
        4 => (year, 1u32..=4)
            .prop_map(|(y, q)| Period::calendar_quarter(y, q).unwrap())
            .boxed(),
        5 => (year, 1u32..=12)
            .prop_map(|(y, m)| Period::month(y, m).unwrap())
            .boxed(),
        6 => year.prop_map(|y| Period::academic_year(y).unwrap()).boxed(),
        7 => (1900i32..=2199, 1i32..=99)
            .prop_map(|(y, n)| Period::multi_year_calendar(y, (y + n).min(2200)).unwrap())
            .boxed(),
        8 => (1900i32..=2199, 1i32..=99)
            .prop_map(|(y, n)| Period::multi_year_financial(y, (y + n).min(2200)).unwrap())
            .boxed(),
        9 => (year, 1u32..=4, 0i32..=6, 1u32..=4)
            .prop_filter_map(
                "a run of quarters must end after it starts",
                |(y, qa, n, qb)| Period::financial_quarter_span(y, qa, y + n, qb).ok(),
            )
            .boxed(),
        _ => (year, 1u32..=12, 0i32..=3, 1u32..=12)
            .prop_filter_map(
                "a run of months must end after it starts",
                |(y, ma, n, mb)| Period::month_span(y, ma, y + n, mb).ok(),
            )
            .boxed(),
    }
}

/// Any period of any kind.
fn period() -> impl Strategy<Value = Period> {
    (0..GENERATORS).prop_flat_map(period_of)
}

/// Two periods from the same generator (so usually of the same kind).
fn same_kind_pair() -> impl Strategy<Value = (Period, Period)> {
    (0..GENERATORS).prop_flat_map(|k| (period_of(k), period_of(k)))
}

proptest! {
    #[test]
    fn display_then_parse_is_identity(p in period()) {
        let text = p.to_string();
        let back = Period::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(&back, &p, "{}", text);
        prop_assert_eq!(back.to_string(), text);
    }

    #[test]
    fn lower_case_and_extra_spaces_are_accepted(p in period()) {
        let text = format!("  {}  ", p.to_string().to_lowercase().replace(' ', "   "));
        prop_assert_eq!(Period::parse(&text)?, p);
    }

    #[test]
    fn start_is_not_after_end(p in period()) {
        prop_assert!(p.start() <= p.end());
        prop_assert!(p.contains(p.start()) && p.contains(p.end()));
        prop_assert!(p.month_count() >= 1);
    }

    #[test]
    fn ordering_agrees_with_start_then_end(a in period(), b in period()) {
        let by_dates = (a.start(), a.end()).cmp(&(b.start(), b.end()));
        if by_dates.is_ne() {
            prop_assert_eq!(a.cmp(&b), by_dates);
        } else {
            prop_assert_eq!(a.cmp(&b), a.kind().cmp(&b.kind()));
        }
    }

    #[test]
    fn sortable_key_is_monotone_with_start_within_a_kind((a, b) in same_kind_pair()) {
        prop_assume!(a.kind() == b.kind());
        if a.start() < b.start() {
            prop_assert!(a.sortable_key() < b.sortable_key(), "{} {} vs {} {}", a, a.sortable_key(), b, b.sortable_key());
        } else if a.start() == b.start() {
            prop_assert_eq!(a.sortable_key(), b.sortable_key());
        }
    }

    #[test]
    fn sortable_key_of_single_months_is_monotone(y1 in 1900i32..=2200, m1 in 1u32..=12, y2 in 1900i32..=2200, m2 in 1u32..=12) {
        // Monthly, quarterly and yearly single periods that start in the same month share the
        // year digits; ordering by start never reverses the key's year.
        let a = Period::month(y1, m1)?;
        let b = Period::month(y2, m2)?;
        prop_assert_eq!(a.start() < b.start(), a.sortable_key() < b.sortable_key());
        prop_assert_eq!(a.sortable_key() / 10_000, y1 as u32);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,24}") {
        let _ = Period::parse(&s);
        let _ = outcomes_core::period::PeriodRef::parse(&s);
    }

    #[test]
    fn period_like_text_never_panics(s in "[0-9 /+QqFYAyJanFebDec-]{0,20}") {
        if let Ok(p) = Period::parse(&s) {
            // Whatever parses displays to text that parses back to the same period.
            prop_assert_eq!(Period::parse(&p.to_string())?, p);
        }
    }
}

#[test]
fn kinds_are_all_generated() {
    // Guard: the strategy above covers every kind that exists today.
    let kinds = [
        PeriodKind::FinancialYear,
        PeriodKind::FinancialYearOpenEnded,
        PeriodKind::FinancialQuarter,
        PeriodKind::CalendarYear,
        PeriodKind::CalendarQuarter,
        PeriodKind::Month,
        PeriodKind::AcademicYear,
        PeriodKind::MultiYearCalendar,
        PeriodKind::MultiYearFinancial,
        PeriodKind::RollingQuarters,
        PeriodKind::CumulativeQuarters,
        PeriodKind::MultiYearCumulativeQuarters,
        PeriodKind::RollingMonths,
    ];
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = period();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..5000 {
        seen.insert(strategy.new_tree(&mut runner).unwrap().current().kind());
    }
    for k in kinds {
        assert!(seen.contains(&k), "{k} is never generated");
    }
}
