"""Dates written as text in raw tables and source.yaml: as precise as published, and real."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

#: The forms a date may take, by length: a year, a month or a day (2018, 2018-09, 2018-09-30).
DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}


def is_real_date(text: str, forms: tuple[int, ...] = (4, 7, 10)) -> bool:
    """``text`` is a year, month or day of the calendar in one of ``forms`` (lengths of
    :data:`DATE_FORMATS`): 2018-09-30 is, 2018-02-30 and 2018-13 are not."""
    form = DATE_FORMATS.get(len(text)) if len(text) in forms and text.isascii() else None
    if form is None:
        return False
    try:
        datetime.strptime(text, form)
    except ValueError:
        return False
    return True


def is_past_day(text: str, today: date | None = None) -> bool:
    """``text`` is a real day (YYYY-MM-DD) no later than ``today``: a date a page was checked."""
    if not is_real_date(text, forms=(10,)):
        return False
    return datetime.strptime(text, DATE_FORMATS[10]).date() <= (today or date.today())


def first_day(text: str) -> date | None:
    """The first day of a real year, month or day (2019 -> 2019-01-01); ``None`` if not one."""
    if not is_real_date(text):
        return None
    return datetime.strptime(text, DATE_FORMATS[len(text)]).date()


#: A year that a ``date_published`` begins with ("2019", "2019-04", "2012-03-08 (Royal Assent)");
#: a text beginning otherwise ("not recorded", "unknown (after quarter end 2018-12-31)") gives none.
YEAR_PUBLISHED = re.compile(r"([0-9]{4})(?:-[0-9]{2}){0,2}(?![0-9-])", re.ASCII)


def year_published(text: str | None) -> int | None:
    """The year a publication came out, from the date its ``date_published`` begins with; None
    where it begins otherwise (the date is not recorded, or stated in words)."""
    found = YEAR_PUBLISHED.match(text or "")
    return int(found.group(1)) if found else None


#: A quarter of a financial year (April to March), as published: 2018/19 Q3.
FINANCIAL_QUARTER = re.compile(
    r"(?P<year>[0-9]{4})/(?P<next>[0-9]{2}) Q(?P<quarter>[1-4])", flags=re.ASCII
)
#: A span of months of one year, as published: 2018 Jul-Sep.
MONTH_SPAN = re.compile(r"(?P<year>[0-9]{4}) (?P<first>[A-Z][a-z]{2})-(?P<last>[A-Z][a-z]{2})")
#: English month abbreviations, January first (``calendar.month_abbr`` follows the locale).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _is_quarter(first: str, last: str) -> bool:
    """Whether a span of months is a calendar quarter: Jan-Mar, Apr-Jun, Jul-Sep or Oct-Dec."""
    if first not in MONTHS or last not in MONTHS:
        return False
    start = MONTHS.index(first)
    return start % 3 == 0 and MONTHS.index(last) == start + 2


def period_end(period: str) -> str | None:
    """The last day (YYYY-MM-DD) of a quarter as published; None for a period written otherwise
    (a financial year whose second year is not the next, 2018/25, included).

    Financial year YYYY/YY runs from April: Q1 ends 30 June YYYY, Q2 30 September, Q3 31 December
    and Q4 31 March YYYY+1. A span of months is a quarter of three months starting in January,
    April, July or October, and ends on the last day of its last month (2018 Jul-Sep on
    2018-09-30); any other span (2018 Sep-Nov, 2017 Apr-Mar) is not a quarter.
    """
    quarter = FINANCIAL_QUARTER.fullmatch(period)
    span = MONTH_SPAN.fullmatch(period)
    if quarter is not None and (int(quarter["year"]) + 1) % 100 == int(quarter["next"]):
        year, month = int(quarter["year"]), 3 + 3 * int(quarter["quarter"])
    elif span is not None and _is_quarter(span["first"], span["last"]):
        year, month = int(span["year"]), MONTHS.index(span["last"]) + 1
    else:
        return None
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
