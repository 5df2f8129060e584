"""NHS workforce: trust vacancies (NHS Improvement, NHS Digital) and staff numbers (NHS Digital).

Both NHS folders are read here because they come from the same family of publishers (NHS
Improvement's quarterly performance reports, NHS Digital's workforce and vacancy statistics),
with headline comparators from other bodies kept beside them.

Inputs: ``data/raw/nhs_vacancies/trust_vacancies.csv`` and ``data/raw/nhs_workforce/nhs_staff.csv``
with their ``source.yaml``. Outputs: ``nhs_trust_vacancies`` and ``nhs_staff``, validated by
:class:`~mutualstats.schemas.CleanNhsTrustVacancies` and
:class:`~mutualstats.schemas.CleanNhsStaff`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.config import NHS_STAFF_SOURCE, NHS_VACANCIES_SOURCE
from mutualstats.dates import period_end
from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label, load_verified_source
from mutualstats.rawcsv import line_of
from mutualstats.schemas import (
    CleanNhsStaff,
    CleanNhsTrustVacancies,
    RawNhsStaff,
    RawNhsTrustVacancies,
)
from mutualstats.schemas.count_rate import partners_named
from mutualstats.schemas.workforce import NHS_VACANCY_COUNT_RATE_RULE, NHS_VACANCY_PAIR_KEY
from mutualstats.sources._long import PUBLISHER_RULE, clean_long, load_long, same_publisher

VACANCIES_SOURCE_ID = NHS_VACANCIES_SOURCE
STAFF_SOURCE_ID = NHS_STAFF_SOURCE
VACANCIES_FILE = "trust_vacancies.csv"
STAFF_FILE = "nhs_staff.csv"

#: How a quarter is written in ``period``.
QUARTER_RULE = (
    "a quarter is written as a financial year's (2018/19 Q3) or as the three months of a calendar "
    "quarter (2018 Jul-Sep)"
)
#: The loader's own rules of each file, beyond its models (``mutualstats describe`` lists them).
LOADER_RULES = {
    VACANCIES_FILE: (
        f"period: {QUARTER_RULE}",
        "period_end: the last day of the quarter in period (2018/19 Q3 ends on 2018-12-31)",
    ),
    STAFF_FILE: (PUBLISHER_RULE,),
}
#: Files whose rows may give a figure of one publication in more than one vintage, told apart by
#: a note after the edition (``_long.VINTAGE_EDITION_RULE``).
VINTAGE_NOTE_FILES = frozenset({VACANCIES_FILE})


def build_vacancies(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify ``data/raw/nhs_vacancies``, then load and clean the trust vacancies table."""
    path = load_verified_source(folder).path(VACANCIES_FILE)
    raw = load_long(path, RawNhsTrustVacancies, period_end_problems, vintage_notes=True)
    try:
        table = clean_long(
            raw, CleanNhsTrustVacancies, _label(path), ["period_end", "staff_group", "measure"]
        )
    except DataValidationError as error:
        # A count of 0 beside a positive rate (or the reverse) is named with the other figure.
        raise partners_named(
            error, raw, NHS_VACANCY_COUNT_RATE_RULE, NHS_VACANCY_PAIR_KEY
        ) from None
    return {"nhs_trust_vacancies": table}


def build_staff(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify ``data/raw/nhs_workforce``, then load and clean the NHS staff table."""
    path = load_verified_source(folder).path(STAFF_FILE)
    table = clean_long(
        load_long(path, RawNhsStaff, same_publisher(path.parent)),
        CleanNhsStaff,
        _label(path),
        ["reference_date", "measure"],
    )
    return {"nhs_staff": table}


def period_end_problems(text: pd.DataFrame, label: str) -> list[Problem]:
    """Rows whose ``period_end`` is not the last day of their ``period`` (2018/19 Q3 ends on
    2018-12-31): the quarter a value is drawn and judged in is read from ``period_end``."""
    problems = []
    for index, period, written in zip(text.index, text["period"], text["period_end"], strict=True):
        expected = period_end(period) if isinstance(period, str) else None
        if isinstance(period, str) and expected is None:
            problems.append(Problem(label, line_of(index), "period", QUARTER_RULE, period))
        elif expected is not None and written is not None and written != expected:
            check = f"{period} ends on {expected}"
            problems.append(Problem(label, line_of(index), "period_end", check, written))
    return problems
