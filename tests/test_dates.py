"""Dates written as text: as precise as published, and real."""

from __future__ import annotations

from datetime import date

import pytest

from mutualstats import dates


@pytest.mark.parametrize(
    ("text", "real"),
    [
        ("2018", True),
        ("2018-09", True),
        ("2018-09-30", True),
        ("2020-02-29", True),
        ("2019-02-29", False),
        ("2018-02-30", False),
        ("2018-13", False),
        ("2018-9-30", False),
        ("30/09/2018", False),
        ("", False),
    ],
)
def test_a_date_is_a_year_month_or_day_that_exists(text: str, real: bool) -> None:
    assert dates.is_real_date(text) is real


def test_a_checked_day_is_a_full_date_no_later_than_today() -> None:
    today = date(2026, 11, 29)
    assert dates.is_past_day("2026-11-29", today)
    assert not dates.is_past_day("2026-11-30", today)
    assert not dates.is_past_day("2026-11", today)


@pytest.mark.parametrize(
    ("written", "year"),
    [
        ("2019", 2019),
        ("2019-04", 2019),
        ("2012-03-08 (Royal Assent)", 2012),
        ("not recorded", None),
        ("unknown (after quarter end 2018-12-31)", None),
        ("not shown (2011 by its content)", None),
        ("20190", None),
        ("2019/20", 2019),
        ("", None),
        (None, None),
    ],
)
def test_the_year_of_publication_is_the_date_a_date_published_begins_with(
    written: str | None, year: int | None
) -> None:
    assert dates.year_published(written) == year


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("2018/19 Q1", "2018-06-30"),
        ("2018/19 Q2", "2018-09-30"),
        ("2018/19 Q3", "2018-12-31"),
        ("2018/19 Q4", "2019-03-31"),
        ("2018 Jan-Mar", "2018-03-31"),
        ("2018 Jul-Sep", "2018-09-30"),
        ("2018 Oct-Dec", "2018-12-31"),
        # A span of months is a calendar quarter, or not a quarter at all.
        ("2018 Nov-Jan", None),
        ("2018 Sep-Nov", None),
        ("2017 Apr-Mar", None),
        ("2018 Jan-Feb", None),
        ("2018 Jul-Sept", None),
        ("2018/19 Q5", None),
        ("2018/25 Q3", None),
        ("1999/00 Q4", "2000-03-31"),
        ("2018-19", None),
    ],
)
def test_a_quarter_ends_on_the_last_day_of_its_last_month(period: str, end: str | None) -> None:
    assert dates.period_end(period) == end
