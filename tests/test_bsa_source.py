"""The BSA loader and its schemas: good data passes, each kind of bad value is named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import rewrite

from mutualstats.config import MIN_SURVEY_BASE_N
from mutualstats.errors import ChecksumMismatchError, DataValidationError
from mutualstats.sources import bsa as bsa_source


def _edit_cell(folder: Path, year: int, column: str, value: str) -> None:
    lines = (folder / "satisfaction.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    position = header.index(column)
    year_at = header.index("year")
    for number, line in enumerate(lines):
        if line.split(",")[year_at] == str(year):
            cells = line.split(",")
            cells[position] = value
            lines[number] = ",".join(cells)
    rewrite(folder, "satisfaction.csv", "\n".join(lines) + "\n")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        bsa_source.build(folder)
    return [str(problem) for problem in caught.value.problems]


def test_published_table_builds_one_row_per_year(bsa_copy: Path) -> None:
    table = bsa_source.build(bsa_copy)["bsa_satisfaction"]
    # Every survey year from the first, in order, each once (to the latest held, which grows).
    years = table["year"].tolist()
    assert years == list(range(1983, max(years) + 1)) and max(years) >= 2024


def test_not_asked_and_not_found_stay_apart(bsa: pd.DataFrame) -> None:
    status = bsa.set_index("year")["nhs_status"]
    assert status.loc[[1985, 1988, 1992]].eq("not_asked").all()
    assert status.loc[2008] == "not_found"
    assert bsa.loc[bsa["nhs_status"] != "published", "nhs_satisfied_pct"].isna().all()


def test_mode_changes_in_2020(bsa: pd.DataFrame) -> None:
    mode = bsa.set_index("year")["mode"]
    assert set(mode.loc[:2019]) == {"face_to_face"}
    assert set(mode.loc[2020:]) == {"online_telephone"}


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("nhs_satisfied_pct", "n/a", "nhs_satisfied_pct"),
        ("nhs_satisfied_pct", "53%", "nhs_satisfied_pct"),
        ("nhs_satisfied_pct", "153", "nhs_satisfied_pct"),
        ("social_care_dissatisfied_pct", "-4", "social_care_dissatisfied_pct"),
        ("nhs_base_n", "0", "nhs_base_n"),
        ("mode", "postal", "mode"),
        ("nhs_status", "maybe", "nhs_status"),
        ("source_url", "kingsfund", "source_url"),
    ],
)
def test_bad_cell_is_named_by_file_line_and_column(
    bsa_copy: Path, column: str, value: str, expected: str
) -> None:
    _edit_cell(bsa_copy, 2018, column, value)
    problems = _problems(bsa_copy)
    assert any("satisfaction.csv:37" in p and f"column '{expected}'" in p for p in problems), (
        problems
    )


def test_parts_above_100_are_rejected(bsa_copy: Path) -> None:
    _edit_cell(bsa_copy, 2017, "nhs_dissatisfied_pct", "49")
    assert any("exceeds 100" in p for p in _problems(bsa_copy))


def test_status_must_match_values(bsa_copy: Path) -> None:
    _edit_cell(bsa_copy, 1985, "nhs_satisfied_pct", "50")
    assert any("nhs_status 'published' needs" in p for p in _problems(bsa_copy))


def test_duplicate_year_is_rejected(bsa_copy: Path) -> None:
    _edit_cell(bsa_copy, 2017, "year", "2018")
    assert any("one row per year" in p for p in _problems(bsa_copy))


def test_all_problems_are_reported_at_once(bsa_copy: Path) -> None:
    _edit_cell(bsa_copy, 2018, "nhs_satisfied_pct", "n/a")
    _edit_cell(bsa_copy, 2019, "mode", "postal")
    problems = _problems(bsa_copy)
    assert any("column 'nhs_satisfied_pct'" in p for p in problems)
    assert any("column 'mode'" in p for p in problems)


def test_missing_column_is_named(bsa_copy: Path) -> None:
    frame = pd.read_csv(bsa_copy / "satisfaction.csv", dtype=str, keep_default_na=False)
    rewrite(bsa_copy, "satisfaction.csv", frame.drop(columns="mode").to_csv(index=False))
    assert any("column 'mode': missing column" in p for p in _problems(bsa_copy))


def test_changed_file_fails_its_checksum(bsa_copy: Path) -> None:
    path = bsa_copy / "satisfaction.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",53,", ",54,"), encoding="utf-8")
    with pytest.raises(ChecksumMismatchError, match="mutualstats checksum"):
        bsa_source.build(bsa_copy)


def test_the_smallest_plausible_base_is_below_every_published_one(bsa: pd.DataFrame) -> None:
    """The floor refuses slips, never a base BSA published: every base held is well above it."""
    bases = bsa[["nhs_base_n", "social_care_base_n"]].stack().dropna()
    assert not bases.empty
    assert bases.min() >= MIN_SURVEY_BASE_N


@pytest.mark.parametrize("column", ["nhs_base_n", "social_care_base_n"])
@pytest.mark.parametrize("base", ["1", "10", str(MIN_SURVEY_BASE_N - 1)])
def test_a_survey_base_below_the_floor_is_named(bsa_copy: Path, column: str, base: str) -> None:
    """A base of 1 or 10 respondents is a slip, not a published base: it is refused at its cell
    before any interval is computed on it."""
    _edit_cell(bsa_copy, 2018, column, base)
    path = bsa_copy / "satisfaction.csv"
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ",2018," in text
    )
    problems = _problems(bsa_copy)
    assert problems == [
        f"{path}:{line} column '{column}': must be at least {MIN_SURVEY_BASE_N} (value: '{base}')"
    ]


def test_a_survey_base_at_the_floor_is_accepted(bsa_copy: Path) -> None:
    _edit_cell(bsa_copy, 2018, "nhs_base_n", str(MIN_SURVEY_BASE_N))
    table = bsa_source.build(bsa_copy)["bsa_satisfaction"]
    assert table.set_index("year").loc[2018, "nhs_base_n"] == MIN_SURVEY_BASE_N


def test_a_survey_year_cited_to_a_publication_of_that_year_is_refused(bsa_copy: Path) -> None:
    """A new year's row copied from the last, its publication left unchanged: the publication
    came out the year after its own survey year, so it cannot hold the new year's results."""
    from mutualstats.dates import year_published
    from mutualstats.provenance import read_source

    came_out = {
        entry["id"]: year_published(str(entry.get("date_published") or ""))
        for entry in read_source(bsa_copy).publications
    }
    lines = (bsa_copy / "satisfaction.csv").read_text(encoding="utf-8").splitlines()
    last = lines[-1].split(",")
    publication_id, year = last[0], int(last[1])
    assert came_out[publication_id] == year + 1
    last[1] = str(year + 1)
    rewrite(bsa_copy, "satisfaction.csv", "\n".join([*lines, ",".join(last)]) + "\n")
    (problem,) = _problems(bsa_copy)
    assert problem.endswith(
        f"bsa/satisfaction.csv:{len(lines) + 1} column 'year': {publication_id} came "
        f"out in {year + 1}, the survey year itself: a year's results are published after its "
        f"fieldwork; cite the publication of that year's results (value: '{year + 1}')"
    )
