"""Dates written as text in raw tables and source.yaml: as precise as published, and real."""

from __future__ import annotations

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
