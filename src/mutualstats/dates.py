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


#: Words a ``date_published`` begins with where the publication gives no date ("not recorded",
#: "unknown (after quarter end 2018-12-31)").
UNDATED_WORDS = ("not recorded", "not stated", "not shown", "undated", "unknown")
#: The forms a ``date_published`` takes: a year, month or day (YYYY, YYYY-MM, YYYY-MM-DD) or words
#: of :data:`UNDATED_WORDS`, either alone or followed by a note after a space ("2012-03-08 (Royal
#: Assent)"). "March 2019" or "2019/03/01" is neither: it would be read as no date, so the rules
#: that compare a row's date or a claim's period with its publication's would pass it unchecked.
DATE_PUBLISHED_FORM = re.compile(
    r"(?:[0-9]{4}(?:-[0-9]{2}){0,2}|" + "|".join(map(re.escape, UNDATED_WORDS)) + r")(?: .*)?",
    re.ASCII | re.DOTALL,
)
DATE_PUBLISHED_WORDS = (
    "a date as YYYY, YYYY-MM or YYYY-MM-DD, or where none is given one of "
    + ", ".join(f"'{words}'" for words in UNDATED_WORDS)
    + "; either alone or followed by a space and a note, e.g. '2019-03 (press release)'"
)


def is_date_published_form(text: str) -> bool:
    """``text`` is written as a ``date_published`` may be (:data:`DATE_PUBLISHED_FORM`)."""
    return DATE_PUBLISHED_FORM.fullmatch(text) is not None


def year_published(text: str | None) -> int | None:
    """The year a publication came out, from the date its ``date_published`` begins with; None
    where it begins otherwise (the date is not recorded, or stated in words)."""
    found = YEAR_PUBLISHED.match(text or "")
    return int(found.group(1)) if found else None


def period_words(separator: str) -> str:
    """How a table writes a period whose financial years are joined by ``separator``, in words
    (:func:`is_written_period`)."""
    return (
        f"a year (2018) or financial year (2018{separator}19, the second year the next), or a "
        f"span of them joined by ' to ' (2019{separator}20 to 2023{separator}24), or words naming "
        "no year and no other way of writing one ('long run', 'since launch')"
    )


def is_written_period(text: str, separator: str) -> bool:
    """``text`` is a period as a table writes it (:func:`period_words`): a year or financial
    year, a span of them, or words that hold no year (no four digits) and join no digits with a
    slash or hyphen. "2018/2019", "2018-19" where ``separator`` is "/", "2018/20" or "FY18/19"
    are periods written another way, which the checks and charts would not find."""
    year = rf"[0-9]{{4}}(?:{re.escape(separator)}[0-9]{{2}})?"
    if re.fullmatch(rf"{year}(?: to {year})?", text, flags=re.ASCII):
        spans = re.findall(rf"([0-9]{{4}}){re.escape(separator)}([0-9]{{2}})", text)
        return all((int(first) + 1) % 100 == int(second) for first, second in spans)
    return re.search(r"[0-9]{4}|[0-9][/-][0-9]", text) is None


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
