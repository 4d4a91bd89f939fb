// Sortable keys are written YYYY_QQ_MM, the layout of the Fingertips key.
#![allow(clippy::inconsistent_digit_grouping)]

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Parses `text` and checks kind, start, end, key and canonical display.
#[track_caller]
fn check(
    text: &str,
    kind: PeriodKind,
    start: NaiveDate,
    end: NaiveDate,
    key: u32,
    canonical: &str,
) {
    let p = Period::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(p.kind(), kind, "{text:?} kind");
    assert_eq!(p.start(), start, "{text:?} start");
    assert_eq!(p.end(), end, "{text:?} end");
    assert_eq!(p.sortable_key(), key, "{text:?} key");
    assert_eq!(p.to_string(), canonical, "{text:?} display");
    assert_eq!(
        Period::parse(canonical).unwrap(),
        p,
        "{canonical:?} round trip"
    );
}

#[track_caller]
fn fails(text: &str, message: &str) {
    let e = Period::parse(text).expect_err(text);
    assert_eq!(e.kind(), crate::ErrorKind::Parse);
    assert_eq!(e.path(), "");
    assert_eq!(e.message(), message, "{text:?}");
}

#[test]
fn financial_year() {
    let k = PeriodKind::FinancialYear;
    for text in [
        "2024/25",
        "2024-25",
        "FY2024/25",
        "FY 2024/25",
        "fy2024-25",
        "2024/2025",
        " 2024 / 25 ",
    ] {
        check(
            text,
            k,
            d(2024, 4, 1),
            d(2025, 3, 31),
            2024_00_00,
            "2024/25",
        );
    }
    check(
        "1999/00",
        k,
        d(1999, 4, 1),
        d(2000, 3, 31),
        1999_00_00,
        "1999/00",
    );
    check(
        "2011-12",
        k,
        d(2011, 4, 1),
        d(2012, 3, 31),
        2011_00_00,
        "2011/12",
    );
    assert_eq!(
        Period::financial_year(2024),
        Period::parse("2024/25").unwrap()
    );
    assert_eq!(Period::financial_year(1000), Period::financial_year(1900));
}

#[test]
fn open_ended() {
    let k = PeriodKind::FinancialYearOpenEnded;
    for text in ["2025/26+", "2025-26+", "FY 2025/26 +"] {
        check(
            text,
            k,
            d(2025, 4, 1),
            d(2026, 3, 31),
            2025_00_00,
            "2025/26+",
        );
    }
    let p = Period::parse("2025/26+").unwrap();
    assert!(p.is_open_ended());
    assert!(p.contains(d(2040, 6, 1)));
    assert!(!p.contains(d(2025, 3, 31)));
    assert_eq!(Frequency::of(&p), Some(Frequency::Annual));
}

#[test]
fn financial_quarter() {
    let k = PeriodKind::FinancialQuarter;
    check(
        "2024/25 Q1",
        k,
        d(2024, 4, 1),
        d(2024, 6, 30),
        2024_01_00,
        "2024/25 Q1",
    );
    check(
        "Q1 2024/25",
        k,
        d(2024, 4, 1),
        d(2024, 6, 30),
        2024_01_00,
        "2024/25 Q1",
    );
    check(
        "q2 FY2024-25",
        k,
        d(2024, 7, 1),
        d(2024, 9, 30),
        2024_02_00,
        "2024/25 Q2",
    );
    check(
        "2024/25 Q3",
        k,
        d(2024, 10, 1),
        d(2024, 12, 31),
        2024_03_00,
        "2024/25 Q3",
    );
    check(
        "2024/25 q4",
        k,
        d(2025, 1, 1),
        d(2025, 3, 31),
        2024_04_00,
        "2024/25 Q4",
    );
}

#[test]
fn calendar_year_and_quarter() {
    check(
        "2022",
        PeriodKind::CalendarYear,
        d(2022, 1, 1),
        d(2022, 12, 31),
        2022_00_00,
        "2022",
    );
    let k = PeriodKind::CalendarQuarter;
    check(
        "2023 Q1",
        k,
        d(2023, 1, 1),
        d(2023, 3, 31),
        2023_01_00,
        "2023 Q1",
    );
    check(
        "Q2 2023",
        k,
        d(2023, 4, 1),
        d(2023, 6, 30),
        2023_02_00,
        "2023 Q2",
    );
    check(
        "2023 q4",
        k,
        d(2023, 10, 1),
        d(2023, 12, 31),
        2023_04_00,
        "2023 Q4",
    );
}

#[test]
fn month() {
    let k = PeriodKind::Month;
    for text in [
        "Jan 2024",
        "January 2024",
        "JANUARY 2024",
        "jan  2024",
        "2024-01",
    ] {
        check(
            text,
            k,
            d(2024, 1, 1),
            d(2024, 1, 31),
            2024_00_01,
            "Jan 2024",
        );
    }
    check(
        "Sept 2023",
        k,
        d(2023, 9, 1),
        d(2023, 9, 30),
        2023_00_09,
        "Sep 2023",
    );
    check(
        "2023-02",
        k,
        d(2023, 2, 1),
        d(2023, 2, 28),
        2023_00_02,
        "Feb 2023",
    );
    check(
        "Feb 2024",
        k,
        d(2024, 2, 1),
        d(2024, 2, 29),
        2024_00_02,
        "Feb 2024",
    );
}

#[test]
fn academic_year() {
    let k = PeriodKind::AcademicYear;
    for text in ["AY 2022/23", "AY2022/23", "ay 2022-23", "AY 2022/2023"] {
        check(
            text,
            k,
            d(2022, 9, 1),
            d(2023, 8, 31),
            2022_00_00,
            "AY 2022/23",
        );
    }
}

#[test]
fn multi_year_calendar() {
    let k = PeriodKind::MultiYearCalendar;
    for text in [
        "2020 - 22",
        "2020-22",
        "2020 - 2022",
        "2020-2022",
        "2020 -22",
    ] {
        check(
            text,
            k,
            d(2020, 1, 1),
            d(2022, 12, 31),
            2020_00_00,
            "2020 - 22",
        );
    }
    // Spaced consecutive years are two calendar years, as Fingertips writes them.
    check(
        "2019 - 20",
        k,
        d(2019, 1, 1),
        d(2020, 12, 31),
        2019_00_00,
        "2019 - 20",
    );
    check(
        "1998 - 00",
        k,
        d(1998, 1, 1),
        d(2000, 12, 31),
        1998_00_00,
        "1998 - 00",
    );
    check(
        "1920 - 1990",
        k,
        d(1920, 1, 1),
        d(1990, 12, 31),
        1920_00_00,
        "1920 - 1990",
    );
}

#[test]
fn multi_year_financial() {
    let k = PeriodKind::MultiYearFinancial;
    for text in [
        "2020/21 - 22/23",
        "2020/21 - 2022/23",
        "2020/21-22/23",
        "FY2020/21 - FY2022/23",
    ] {
        check(
            text,
            k,
            d(2020, 4, 1),
            d(2023, 3, 31),
            2020_00_00,
            "2020/21 - 22/23",
        );
    }
    check(
        "1998/99 - 00/01",
        k,
        d(1998, 4, 1),
        d(2001, 3, 31),
        1998_00_00,
        "1998/99 - 00/01",
    );
}

#[test]
fn quarter_spans() {
    check(
        "2022/23 Q2 - 2023/24 Q1",
        PeriodKind::RollingQuarters,
        d(2022, 7, 1),
        d(2023, 6, 30),
        2022_02_00,
        "2022/23 Q2 - 2023/24 Q1",
    );
    for text in [
        "2023/24 Q1-Q3",
        "2023/24 Q1 - Q3",
        "2023/24 q1-q3",
        "2023/24 Q1 - 2023/24 Q3",
    ] {
        check(
            text,
            PeriodKind::CumulativeQuarters,
            d(2023, 4, 1),
            d(2023, 12, 31),
            2023_01_00,
            "2023/24 Q1-Q3",
        );
    }
    check(
        "2013/14 Q1 - 2014/15 Q4",
        PeriodKind::MultiYearCumulativeQuarters,
        d(2013, 4, 1),
        d(2015, 3, 31),
        2013_01_00,
        "2013/14 Q1 - 2014/15 Q4",
    );
    check(
        "2022-23 Q2 - 2023-24 Q1",
        PeriodKind::RollingQuarters,
        d(2022, 7, 1),
        d(2023, 6, 30),
        2022_02_00,
        "2022/23 Q2 - 2023/24 Q1",
    );
}

#[test]
fn month_spans() {
    let k = PeriodKind::RollingMonths;
    for text in [
        "Feb 2009 - Jan 2010",
        "February 2009 - January 2010",
        "feb 2009-jan 2010",
    ] {
        check(
            text,
            k,
            d(2009, 2, 1),
            d(2010, 1, 31),
            2009_00_02,
            "Feb 2009 - Jan 2010",
        );
    }
    check(
        "Aug 2006 - Jul 2007",
        k,
        d(2006, 8, 1),
        d(2007, 7, 31),
        2006_00_08,
        "Aug 2006 - Jul 2007",
    );
    check(
        "2024-01 - 2024-06",
        k,
        d(2024, 1, 1),
        d(2024, 6, 30),
        2024_00_01,
        "Jan 2024 - Jun 2024",
    );
}

#[test]
fn teaching_errors() {
    fails(
        "2024/26",
        "\"2024/26\" is not a financial year: the second year must follow the first, e.g. 2024/25",
    );
    fails(
        "FY 2024/2026",
        "\"FY 2024/2026\" is not a financial year: the second year must follow the first, e.g. 2024/25",
    );
    fails(
        "AY 2022/24",
        "\"AY 2022/24\" is not an academic year: the second year must follow the first, e.g. AY 2022/23",
    );
    fails(
        "2024-13",
        "\"2024-13\" is neither a financial year (the second year must follow the first, e.g. 2024-25) nor a month (months run 01 to 12, e.g. 2024-01)",
    );
    fails(
        "2024/25 Q5",
        "\"2024/25 Q5\" is not a period: Q5 is not a financial quarter: quarters run Q1 (Apr-Jun), Q2 (Jul-Sep), Q3 (Oct-Dec), Q4 (Jan-Mar)",
    );
    fails(
        "2024 Q0",
        "\"2024 Q0\" is not a period: Q0 is not a calendar quarter: quarters run Q1 (Jan-Mar), Q2 (Apr-Jun), Q3 (Jul-Sep), Q4 (Oct-Dec)",
    );
    fails(
        "Jan 2024 - Dec 2023",
        "\"Jan 2024 - Dec 2023\" ends before it starts: write the earlier period first, e.g. Dec 2023 - Jan 2024",
    );
    fails(
        "Jan 2024 - January 2024",
        "\"Jan 2024 - January 2024\" starts and ends in the same month: write it as Jan 2024",
    );
    fails(
        "2022 - 20",
        "\"2022 - 20\" ends before it starts: write the earlier period first, e.g. 2020 - 22",
    );
    fails(
        "2023/24 Q3-Q1",
        "\"2023/24 Q3-Q1\" ends before it starts: write the earlier period first, e.g. 2023/24 Q1-Q3",
    );
    fails(
        "1850",
        "\"1850\" is not a period: 1850 is outside the supported years 1900 to 2200: a calendar year must name a year in that range",
    );
    fails(
        "Jan 2201",
        "\"Jan 2201\" is not a period: 2201 is outside the supported years 1900 to 2200: a month must name a year in that range",
    );
    assert!(
        Period::parse("")
            .unwrap_err()
            .message()
            .starts_with("an empty text is not a period: write e.g. 2024/25")
    );
    assert!(Period::parse("   ").is_err());
    fails(
        "Jam 2024",
        "\"Jam 2024\" is not a period: \"Jam\" is not a month name or a known prefix: write a month as Jan or January, a quarter as Q1, and FY or AY before a financial or academic year",
    );
    fails(
        "2022 - 2023/24",
        "\"2022 - 2023/24\" is not a period: \"2022\" and \"2023/24\" are different kinds of period; a range joins two of the same kind, e.g. 2020 - 22, 2020/21 - 22/23, 2022/23 Q2 - 2023/24 Q1, 2023/24 Q1-Q3 or Feb 2009 - Jan 2010",
    );
    fails(
        "2022+",
        "\"2022+\" is not a period: only a financial year can be open-ended, with + at the end, e.g. 2025/26+",
    );
    for bad in [
        "22",
        "Q1",
        "24/25",
        "2024/25 Q1 Q2",
        "20240",
        "2024 * 25",
        "- 2024",
        "2020 - 22 - 24",
        "2024//25",
    ] {
        let e = Period::parse(bad).expect_err(bad);
        assert!(
            e.message().starts_with(&format!("\"{bad}\" is not a")),
            "{bad}: {e}"
        );
    }
}

#[test]
fn within_adds_the_path() {
    let e = Period::parse("2024/26")
        .unwrap_err()
        .within("measures[3].targets[0].by");
    assert_eq!(e.path(), "measures[3].targets[0].by");
}

#[test]
fn ordering_is_by_start_then_end_then_kind() {
    let p = |s: &str| Period::parse(s).unwrap();
    assert!(p("2024/25 Q1") < p("2024/25"));
    assert!(p("2024") < p("2024/25"));
    assert!(p("2023/24 Q1 - 2024/25 Q4") != p("2023/24 - 24/25"));
    assert_eq!(
        p("2023/24 Q1 - 2024/25 Q4").start(),
        p("2023/24 - 24/25").start()
    );
    assert!(p("2023/24 - 24/25") < p("2023/24 Q1 - 2024/25 Q4"));
}

#[test]
fn contains_and_month_count() {
    let q = Period::parse("2024/25 Q4").unwrap();
    assert!(q.contains(d(2025, 1, 1)));
    assert!(q.contains(d(2025, 3, 31)));
    assert!(!q.contains(d(2024, 12, 31)));
    assert_eq!(q.month_count(), 3);
    assert_eq!(Period::parse("2020 - 22").unwrap().month_count(), 36);
}

#[test]
fn steps_between_ends() {
    let p = |s: &str| Period::parse(s).unwrap();
    assert_eq!(
        p("2028/29")
            .steps_from(&p("2023/24"), Frequency::Annual)
            .unwrap(),
        5
    );
    assert_eq!(
        p("2025/26")
            .steps_from(&p("2023/24"), Frequency::Annual)
            .unwrap(),
        2
    );
    assert_eq!(
        p("2021/22")
            .steps_from(&p("2023/24"), Frequency::Annual)
            .unwrap(),
        -2
    );
    assert_eq!(
        p("Sep 2024")
            .steps_from(&p("Mar 2024"), Frequency::Monthly)
            .unwrap(),
        6
    );
    assert_eq!(
        p("2024/25 Q3")
            .steps_from(&p("2023/24"), Frequency::Quarterly)
            .unwrap(),
        3
    );
    assert_eq!(
        p("2025/26+")
            .steps_from(&p("2023/24"), Frequency::Annual)
            .unwrap(),
        2
    );
    assert_eq!(
        p("2020/21 - 22/23")
            .steps_from(&p("2021/22"), Frequency::Annual)
            .unwrap(),
        1
    );
    let e = p("2025")
        .steps_from(&p("2023/24"), Frequency::Annual)
        .unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
    let back = p("2023/24")
        .steps_from(&p("2025"), Frequency::Annual)
        .unwrap_err();
    assert!(
        back.message()
            .starts_with("\"2023/24\" ends 21 months before \"2025\" ends"),
        "{back}"
    );
    assert_eq!(
        e.message(),
        "\"2025\" ends 21 months after \"2023/24\" ends: that is not a whole number of years, so it cannot be counted in annual steps from \"2023/24\"; compare periods of the same kind, e.g. financial years with financial years"
    );
}

#[test]
fn frequency_of_single_periods() {
    let f = |s: &str| Frequency::of(&Period::parse(s).unwrap());
    assert_eq!(f("2022"), Some(Frequency::Annual));
    assert_eq!(f("AY 2022/23"), Some(Frequency::Annual));
    assert_eq!(f("2022 Q1"), Some(Frequency::Quarterly));
    assert_eq!(f("2022/23 Q1"), Some(Frequency::Quarterly));
    assert_eq!(f("Jan 2022"), Some(Frequency::Monthly));
    for span in [
        "2020 - 22",
        "2020/21 - 22/23",
        "2023/24 Q1-Q3",
        "Feb 2009 - Jan 2010",
        "2022/23 Q2 - 2023/24 Q1",
    ] {
        assert_eq!(f(span), None, "{span}");
    }
}

#[test]
fn serde_and_schema() {
    let p: Period = serde_json::from_str("\"Q1 2024/25\"").unwrap();
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"2024/25 Q1\"");
    let e = serde_json::from_str::<Period>("\"2024/26\"").unwrap_err();
    assert!(
        e.to_string()
            .contains("the second year must follow the first"),
        "{e}"
    );
    let schema = schemars::schema_for!(Period);
    let v = schema.as_value();
    assert_eq!(v["type"], "string");
    assert_eq!(v["title"], "Period");
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .contains("2020/21 - 22/23")
    );
    let f: Frequency = serde_json::from_str("\"monthly\"").unwrap();
    assert_eq!(f, Frequency::Monthly);
    assert_eq!(
        serde_json::to_string(&PeriodKind::RollingMonths).unwrap(),
        "\"rolling_months\""
    );
}

#[test]
fn period_ref() {
    for (text, n) in [
        ("year five", 5),
        ("Year 5", 5),
        ("year 1", 1),
        ("YEAR TEN", 10),
        ("year12", 12),
        ("year  three", 3),
    ] {
        assert_eq!(
            PeriodRef::parse(text).unwrap(),
            PeriodRef::FrameworkYear(n),
            "{text}"
        );
    }
    assert_eq!(
        PeriodRef::parse("2028/29").unwrap(),
        PeriodRef::Period(Period::financial_year(2028))
    );
    assert!(PeriodRef::parse("year eleven").is_err());
    assert!(PeriodRef::parse("year").is_err());
    assert!(PeriodRef::parse("year 0").is_err());
    assert_eq!(
        PeriodRef::parse("2024/26").unwrap_err().message(),
        Period::parse("2024/26").unwrap_err().message()
    );

    let start = Period::parse("2024/25").unwrap();
    assert_eq!(PeriodRef::FrameworkYear(1).resolve(&start).unwrap(), start);
    assert_eq!(
        PeriodRef::FrameworkYear(5)
            .resolve(&start)
            .unwrap()
            .to_string(),
        "2028/29"
    );
    assert_eq!(
        PeriodRef::FrameworkYear(5)
            .resolve(&Period::parse("Mar 2025").unwrap())
            .unwrap()
            .to_string(),
        "2028/29"
    );
    assert_eq!(
        PeriodRef::FrameworkYear(5)
            .resolve(&Period::parse("Apr 2025").unwrap())
            .unwrap()
            .to_string(),
        "2029/30"
    );
    assert_eq!(
        PeriodRef::FrameworkYear(0)
            .resolve(&start)
            .unwrap_err()
            .kind(),
        crate::ErrorKind::InvalidArgument
    );
    assert!(PeriodRef::FrameworkYear(500).resolve(&start).is_err());

    let r: PeriodRef = serde_json::from_str("\"year five\"").unwrap();
    assert_eq!(serde_json::to_string(&r).unwrap(), "\"year 5\"");
    let r: PeriodRef = "2023 Q1".parse().unwrap();
    assert_eq!(r.to_string(), "2023 Q1");
    let schema = schemars::schema_for!(PeriodRef);
    assert_eq!(schema.as_value()["type"], "string");
}
