"""Bad input plausible in type but not in meaning: one message naming file, line and column.

Each test edits a private copy of the project's raw data (``built_project``): a value left beside
its doubt, a date or period written another way, a count with a fraction. The build must refuse
it and leave data/processed as it was.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import fails_leaving_processed, rewrite

from mutualstats.build import build_all
from mutualstats.config import MAINTENANCE_MEASURE
from mutualstats.dates import DATE_PUBLISHED_WORDS
from mutualstats.provenance import publications
from mutualstats.schemas.common import STATUS_VALUE_RULE
from mutualstats.schemas.finance import MONEY_UNIT, RATE_UNITS, UNIT_FITS_MEASURE_RULE
from mutualstats.schemas.mutual_sector import WORDING_RULE
from mutualstats.schemas.workforce import NHS_STAFF_WHOLE_COUNT_RULE, WHOLE_COUNT_RULE


def _folder(project: Path, source: str) -> Path:
    return project / "data" / "raw" / source


def _rows(project: Path, source: str, name: str) -> list[dict[str, str]]:
    text = (_folder(project, source) / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _write_rows(project: Path, source: str, name: str, rows: list[dict[str, str]]) -> None:
    """Write ``rows`` back under the file's own header, recording the checksum."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    rewrite(_folder(project, source), name, out.getvalue())


def _set(
    project: Path, source: str, name: str, pick: dict[str, str], column: str, value: str
) -> int:
    """Set ``column`` to ``value`` on the first row matching every item of ``pick``; its line."""
    rows = _rows(project, source, name)
    at = next(i for i, row in enumerate(rows) if all(row[k] == v for k, v in pick.items()))
    rows[at][column] = value
    _write_rows(project, source, name, rows)
    return at + 2  # the header is line 1


# 1. A mutual-sector row marked unverified holds no value.


def test_an_unverified_headline_figure_with_a_value_is_named(built_project: Path) -> None:
    """An analyst typing the briefing's 1.5% beside a row left unverified turned C09 from
    unverified into reproduced-with-caveat: the value was judged as if read on the page."""
    rows = _rows(built_project, "seuk_psm", "headline_figures.csv")
    unverified = next(row for row in rows if row["status"] == "unverified" and not row["value"])
    line = _set(
        built_project,
        "seuk_psm",
        "headline_figures.csv",
        {"measure": unverified["measure"], "edition": unverified["edition"]},
        "value",
        "50",
    )
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/seuk_psm/headline_figures.csv:{line} column 'status': {STATUS_VALUE_RULE}",
    )
    assert len(messages) == 1, messages


# 2. A date_published is written in a form a date is read from.


def _edit_yaml(project: Path, source: str, old: str, new: str) -> int:
    path = _folder(project, source) / "source.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, text.index(old)) + 1


def _a_dated_publication(source: str) -> tuple[str, str]:
    """The id and ``date_published`` line of the first publication of ``source`` with a date,
    as its source.yaml writes it."""
    dated = [p for p in publications().values() if p.source_id == source and p.date_published]
    assert dated, f"no publication of {source} has a date_published"
    return dated[0].publication_id, f'date_published: "{dated[0].date_published}"'


@pytest.mark.parametrize("written", ["March 2019", "2019/03/01", "01-03-2019", "Spring 2019", ""])
def test_a_date_published_written_another_way_is_named(built_project: Path, written: str) -> None:
    """ "March 2019" was read as no date at all, so a claim's period or a row's year was no longer
    compared with the year its publication came out (C24 moved to 2020 was built)."""
    _, dated = _a_dated_publication("cqc")
    line = _edit_yaml(built_project, "cqc", dated, f'date_published: "{written}"')
    messages = fails_leaving_processed(
        built_project, f"data/raw/cqc/source.yaml:{line}", DATE_PUBLISHED_WORDS
    )
    assert len(messages) == 1, messages


@pytest.mark.parametrize("written", ["{date} (first edition)", "not recorded", "undated"])
def test_a_date_with_a_note_or_words_saying_none_is_given_is_accepted(
    built_project: Path, written: str
) -> None:
    publication_id, dated = _a_dated_publication("cqc")
    written = written.format(date=publications()[publication_id].date_published)
    _edit_yaml(built_project, "cqc", dated, f'date_published: "{written}"')
    build_all()
    assert publications()[publication_id].date_published == written


# 3. A period is written as the table writes periods.


@pytest.mark.parametrize("written", ["2018/19", "2018-2019", "2018-20", "FY18/19"])
def test_a_finance_period_written_another_way_is_named(built_project: Path, written: str) -> None:
    """A period of "2018/19" in the finance table (which writes 2018-19) was built, and left out
    of C20's evidence and the growth chart, which then said no row publishes the figure."""
    rows = _rows(built_project, "health_finance", "finance_figures.csv")
    at = next(i for i, row in enumerate(rows) if re.fullmatch(r"\d{4}-\d{2}", row["period"]))
    rows[at]["period"] = written
    _write_rows(built_project, "health_finance", "finance_figures.csv", rows)
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/health_finance/finance_figures.csv:{at + 2} column 'period': a year (2018) or "
        "financial year (2018-19",
    )
    assert len(messages) == 1, messages


@pytest.mark.parametrize("written", ["2018/2019", "2018-19", "FY2018"])
def test_a_claims_reference_period_written_another_way_is_named(
    built_project: Path, written: str
) -> None:
    rows = _rows(built_project, "briefing", "claims.csv")
    at = next(i for i, row in enumerate(rows) if "/" in row["reference_period"])
    rows[at]["reference_period"] = written
    _write_rows(built_project, "briefing", "claims.csv", rows)
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/briefing/claims.csv:{at + 2} column 'reference_period': a year (2018) or "
        "financial year (2018/19",
    )
    assert len(messages) == 1, messages


# 4. A count of people, jobs or posts is whole; a full-time equivalent may not be.


def _half_added(project: Path, folder: str, name: str, chosen: Callable[[dict], bool]) -> int:
    """Add .5 to the value of the first row of ``folder/name`` that ``chosen`` picks and holds a
    value; the row's index among the data rows."""
    rows = _rows(project, folder, name)
    at = next(i for i, row in enumerate(rows) if chosen(row) and row["value"])
    rows[at]["value"] = f"{rows[at]['value']}.5"
    _write_rows(project, folder, name, rows)
    return at


def test_a_fractional_count_of_workers_is_named(built_project: Path) -> None:
    at = _half_added(
        built_project,
        "skills_for_care",
        "workforce_estimates.csv",
        lambda row: row["measure"] == "vacancies",
    )
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/skills_for_care/workforce_estimates.csv:{at + 2} column 'value': "
        + WHOLE_COUNT_RULE.removeprefix("value: "),
    )
    assert len(messages) == 1, messages


def test_a_fractional_full_time_equivalent_is_accepted(built_project: Path) -> None:
    _half_added(
        built_project,
        "skills_for_care",
        "workforce_estimates.csv",
        lambda row: row["measure"] == "fte_jobs",
    )
    build_all()


@pytest.mark.parametrize("fte", [False, True])
def test_a_fractional_count_of_nhs_staff_is_named_and_an_fte_accepted(
    built_project: Path, fte: bool
) -> None:
    """The NHS staff table was left out of the rule: 1,500,000.5 people was built. Its unit
    says how a figure counts, so only a full-time equivalent may have decimals."""
    at = _half_added(
        built_project, "nhs_workforce", "nhs_staff.csv", lambda row: (row["unit"] == "fte") is fte
    )
    if fte:
        build_all()
        return
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/nhs_workforce/nhs_staff.csv:{at + 2} column 'value': "
        + NHS_STAFF_WHOLE_COUNT_RULE.removeprefix("value: "),
    )
    assert len(messages) == 1, messages


# 5. A claim names its cited source folder and publication together, or neither.


@pytest.mark.parametrize(
    ("emptied", "other"),
    [("cited_publication_id", "cited_source_id"), ("cited_source_id", "cited_publication_id")],
)
def test_a_citation_with_its_folder_or_publication_missing_is_named(
    built_project: Path, emptied: str, other: str
) -> None:
    """C07 with its folder and no publication was judged on another edition (differs, not
    reproduced-with-caveat), and C21 so stopped the whole audit."""
    rows = _rows(built_project, "briefing", "claims.csv")
    footnotes = [row["footnote"] for row in rows]
    at = next(
        i
        for i, row in enumerate(rows)
        if row["cited_publication_id"] and footnotes.count(row["footnote"]) == 1
    )
    given = rows[at][other]
    rows[at][emptied] = ""
    _write_rows(built_project, "briefing", "claims.csv", rows)
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/briefing/claims.csv:{at + 2} column '{emptied}': is empty, but {other} is "
        f"{given!r}",
    )
    assert len(messages) == 1, messages


# 6. A count of mutuals whose year is inferred says from what.


def test_an_inferred_year_without_a_note_is_named(built_project: Path) -> None:
    """The vocabulary says an inferred year's note gives its reason; an inferred year left
    without one was built, and the counts chart drew it as inferred with nothing to check."""
    from mutualstats.config import INFERRED_YEAR
    from mutualstats.schemas.mutual_sector import INFERRED_YEAR_RULE

    line = _set(
        built_project,
        "psm_population",
        "psm_counts.csv",
        {"year_basis": INFERRED_YEAR},
        "note",
        "",
    )
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/psm_population/psm_counts.csv:{line} column 'note': "
        + INFERRED_YEAR_RULE.removeprefix("note: "),
    )
    assert len(messages) == 1, messages


def test_a_stated_year_needs_no_note(built_project: Path) -> None:
    from mutualstats.config import INFERRED_YEAR, YEAR_BASES

    stated = next(basis for basis in YEAR_BASES if basis != INFERRED_YEAR)
    _set(built_project, "psm_population", "psm_counts.csv", {"year_basis": stated}, "note", "")
    build_all()


# 7. A finance measure's unit is the kind its code names: a rate in %, an amount in pounds.


@pytest.mark.parametrize("rate", [True, False], ids=["growth-in-pounds", "amount-in-percent"])
def test_a_finance_unit_of_another_kind_than_its_measure_is_named(
    built_project: Path, rate: bool
) -> None:
    """The growth needed to keep up with demand given in gbp_billion (20) was subtracted from
    the settlement's 3.3% a year: C31 turned from misattributed to differs, 16.7 "percentage
    points" short of the minimum."""
    rows = _rows(built_project, "health_finance", "finance_figures.csv")
    at = next(
        i
        for i, row in enumerate(rows)
        if row["value"]
        and (row["measure"] == MAINTENANCE_MEASURE if rate else row["unit"] == MONEY_UNIT)
    )
    rows[at]["unit"] = MONEY_UNIT if rate else RATE_UNITS[0]
    _write_rows(built_project, "health_finance", "finance_figures.csv", rows)
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/health_finance/finance_figures.csv:{at + 2} column 'unit': "
        + UNIT_FITS_MEASURE_RULE.removeprefix("unit: "),
    )
    assert len(messages) == 1, messages


# 8. Only a share has words of what it counts.


def test_source_wording_on_a_row_that_is_not_a_share_is_named(built_project: Path) -> None:
    """Words copied onto a count or an amount were built, though nothing reads them there: the
    charts and C08's caveat read them after "the share that"."""
    rows = _rows(built_project, "seuk_psm", "headline_figures.csv")
    worded = next(row for row in rows if row["source_wording"])
    at = next(i for i, row in enumerate(rows) if row["unit"] != worded["unit"] and row["value"])
    rows[at]["source_wording"] = worded["source_wording"]
    _write_rows(built_project, "seuk_psm", "headline_figures.csv", rows)
    messages = fails_leaving_processed(
        built_project,
        f"data/raw/seuk_psm/headline_figures.csv:{at + 2} column 'source_wording': "
        + WORDING_RULE.removeprefix("source_wording: "),
    )
    assert len(messages) == 1, messages
