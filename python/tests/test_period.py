"""Period parsing, dates, Fingertips sortable keys, ordering. Figures from DESIGN.md section 3
and the Fingertips technical guidance (YYYYQQMM from the start of the period)."""

import datetime
import pickle

import pytest

import outcomes

CASES = [
    # text, canonical, kind, start, end, sortable key
    ("2024/25", "2024/25", "financial_year", (2024, 4, 1), (2025, 3, 31), 20240000),
    ("FY2024/25", "2024/25", "financial_year", (2024, 4, 1), (2025, 3, 31), 20240000),
    ("2024-25", "2024/25", "financial_year", (2024, 4, 1), (2025, 3, 31), 20240000),
    ("2025/26+", "2025/26+", "financial_year_open_ended", (2025, 4, 1), (2026, 3, 31), 20250000),
    ("2024/25 Q1", "2024/25 Q1", "financial_quarter", (2024, 4, 1), (2024, 6, 30), 20240100),
    ("2022", "2022", "calendar_year", (2022, 1, 1), (2022, 12, 31), 20220000),
    ("2023 Q2", "2023 Q2", "calendar_quarter", (2023, 4, 1), (2023, 6, 30), 20230200),
    ("Jan 2024", "Jan 2024", "month", (2024, 1, 1), (2024, 1, 31), 20240001),
    ("2020 - 22", "2020 - 22", "multi_year_calendar", (2020, 1, 1), (2022, 12, 31), 20200000),
    ("2022/23 Q2 - 2023/24 Q1", "2022/23 Q2 - 2023/24 Q1", "rolling_quarters", (2022, 7, 1), (2023, 6, 30), 20220200),
    ("Feb 2009 - Jan 2010", "Feb 2009 - Jan 2010", "rolling_months", (2009, 2, 1), (2010, 1, 31), 20090002),
]


@pytest.mark.parametrize(("text", "canonical", "kind", "start", "end", "key"), CASES)
def test_parse(
    text: str,
    canonical: str,
    kind: str,
    start: tuple[int, int, int],
    end: tuple[int, int, int],
    key: int,
) -> None:
    p = outcomes.Period.parse(text)
    assert str(p) == canonical
    assert repr(p) == f"Period({canonical!r})"
    assert p.kind == kind
    assert p.start == datetime.date(*start)
    assert p.end == datetime.date(*end)
    assert p.sortable_key == key
    assert outcomes.Period(str(p)) == p
    assert pickle.loads(pickle.dumps(p)) == p


def test_open_ended() -> None:
    p = outcomes.Period("2025/26+")
    assert p.is_open_ended
    assert p.contains(datetime.date(2030, 1, 1))
    assert not outcomes.Period("2025/26").is_open_ended
    assert not outcomes.Period("2025/26").contains(datetime.date(2026, 4, 1))


def test_ordering_and_hashing() -> None:
    texts = ["2024/25", "2024", "2024/25 Q1", "Jan 2024"]
    ordered = sorted(outcomes.Period(t) for t in texts)
    assert [str(p) for p in ordered] == ["Jan 2024", "2024", "2024/25 Q1", "2024/25"]
    assert outcomes.Period("FY2024/25") == outcomes.Period("2024/25")
    assert len({outcomes.Period("FY2024/25"), outcomes.Period("2024-25")}) == 1
    assert outcomes.Period("2024/25") != "2024/25"


@pytest.mark.parametrize("text", ["2024/26", "2024/25 Q5", "", "next year"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(outcomes.ParseError) as info:
        outcomes.Period(text)
    assert info.value.message
