"""Load and clean a table of published figures: the format and meaning steps every source shares.

Format: read the CSV as text and coerce types through the Raw model (the index stays the raw data
row, so a failure names its line), and check that each row's ``publication_id`` is declared in the
folder's source.yaml, with the same edition. Meaning: apply the Clean model's cross-row rules and
sort.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from mutualstats.dates import year_published
from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label, publications, read_source
from mutualstats.rawcsv import line_of, read_raw_csv
from mutualstats.validation import validate

PUBLICATION_COLUMN = "publication_id"
EDITION_COLUMN = "edition"
#: An edition that is a year, compared with each row's edition.
YEAR = re.compile(r"[0-9]{4}", flags=re.ASCII)
#: A full ISO date, and the year a date or year begins with.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", flags=re.ASCII)
ISO_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}(?![0-9])", flags=re.ASCII)
YEAR_START = re.compile(r"[0-9]{4}(?![0-9])", flags=re.ASCII)


#: The rules :func:`publication_problems` checks, as ``mutualstats describe`` lists them.
PUBLICATION_RULE = "publication_id: an id under publications: in the folder's source.yaml"
EDITION_RULE = (
    "edition: the edition its publication has in source.yaml, where that edition is a year"
)
#: The edition rule of a table whose publications give a figure in more than one vintage (a
#: figure first published, then revised, or quoted by another report), told apart by a note.
VINTAGE_EDITION_RULE = (
    "edition: its publication's edition in source.yaml, alone or followed by a note in brackets "
    "naming the vintage or the report quoted ((revised), (via CQC State of Care 2021/22))"
)
#: Columns that date what a row's value describes (a survey year, a count's date, a quarter's
#: end), which cannot be later than the publication that gave the value. A finance table's
#: ``period`` may be a planned year, so it is not one of them.
DATED_COLUMNS = ("year", "reference_year", "reference_date", "period_end")
DATED_RULE = (
    "{column}: not later than its publication came out (date_published in source.yaml, where it "
    "is a date)"
)


def publication_rules(columns: list[str], vintage_notes: bool = False) -> list[str]:
    """The publication rules that apply to a table with ``columns`` (``vintage_notes``: its
    editions may carry a note naming the vintage, :data:`VINTAGE_EDITION_RULE`)."""
    if PUBLICATION_COLUMN not in columns:
        return []
    edition = VINTAGE_EDITION_RULE if vintage_notes else EDITION_RULE
    rules = [PUBLICATION_RULE] + ([edition] if EDITION_COLUMN in columns else [])
    return rules + [
        DATED_RULE.format(column=column) for column in DATED_COLUMNS if column in columns
    ]


#: A loader's own check of a table as written: its problems, given the text and the file label.
TextCheck = Callable[[pd.DataFrame, str], list[Problem]]

#: A table whose ``publisher`` column names who published each row's publication, as its
#: source.yaml entry does (not the body a figure is credited to, as in the counts of mutuals).
PUBLISHER_RULE = "publisher: the publisher its publication_id's entry in source.yaml gives"


def same_publisher(folder: Path) -> TextCheck:
    """The check of :data:`PUBLISHER_RULE` for a table of ``folder``: each row's ``publisher`` is
    its publication's (declared in any folder). Where a source.yaml is broken the build names
    that instead."""
    try:
        declared = publications(folder.parent)
    except DataValidationError:
        declared = {}

    def check(text: pd.DataFrame, label: str) -> list[Problem]:
        problems = []
        for index, publication_id, publisher in zip(
            text.index, text[PUBLICATION_COLUMN], text["publisher"], strict=True
        ):
            entry = declared.get(str(publication_id))
            if entry is None or publisher is None or publisher == entry.publisher:
                continue
            why = (
                f"publisher differs from {publication_id}'s in source.yaml ({entry.publisher}); "
                "a publication has one publisher"
            )
            problems.append(Problem(label, line_of(index), "publisher", why, publisher))
        return problems

    return check


def load_long(
    path: Path,
    raw_model: type[pa.DataFrameModel],
    *checks: TextCheck,
    vintage_notes: bool = False,
) -> pd.DataFrame:
    """Format step: the exact header of ``raw_model``, each value coerced and checked, each
    row's publication declared in the folder's source.yaml (its edition as
    :func:`publication_problems` reads it, ``vintage_notes`` passed on), and the loader's own
    ``checks``."""
    label = _label(path)
    text = read_raw_csv(path, list(raw_model.to_schema().columns))
    problems = publication_problems(text, path.parent, label, vintage_notes)
    for check in checks:
        problems += check(text, label)
    return validate_all(text, raw_model, label, problems)


def validate_all(
    text: pd.DataFrame, raw_model: type[pa.DataFrameModel], label: str, problems: list[Problem]
) -> pd.DataFrame:
    """Validate ``text`` against ``raw_model`` and raise its failures together with ``problems``
    found by the loader's own checks, so every problem is reported at once; a cell the model
    already names is not named again by the loader."""
    try:
        raw = validate(text, raw_model, label)
    except DataValidationError as error:
        named = {(problem.line, problem.column) for problem in error.problems}
        more = [problem for problem in problems if (problem.line, problem.column) not in named]
        raise DataValidationError(error.problems + more) from None
    if problems:
        raise DataValidationError(problems)
    return raw


def every_table(**makers: Callable[[], pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each table of a source folder by name, from its maker; every maker runs, so the problems
    of all the folder's files are reported together, not only the first file's."""
    tables, problems = {}, []
    for name, make in makers.items():
        try:
            tables[name] = make()
        except DataValidationError as error:
            problems += error.problems
    if problems:
        raise DataValidationError(problems)
    return tables


def publication_problems(
    text: pd.DataFrame, folder: Path, label: str, vintage_notes: bool = False
) -> list[Problem]:
    """Rows whose ``publication_id`` is not an id under ``publications:`` in ``folder``'s
    source.yaml, rows dated after their publication came out (:func:`dated_after_publication`),
    and rows whose ``edition`` is not their publication's edition there: where that edition is a
    year ("2016", not "September 2018"), or, with ``vintage_notes``, any edition, which may then
    be followed by a note in brackets (:data:`VINTAGE_EDITION_RULE`). A table without the
    columns, such as a vocabulary, has none."""
    if PUBLICATION_COLUMN not in text.columns:
        return []
    source = read_source(folder)
    declared = source.publication_ids()
    check = (
        f"publication_id is not an id under publications: in {_label(folder)}/source.yaml; "
        f"declare it there (`mutualstats describe {folder.name}` prints an entry to fill in)"
    )
    problems = [
        Problem(label, line_of(index), PUBLICATION_COLUMN, check, value)
        for index, value in text[PUBLICATION_COLUMN].items()
        if value is not None and value not in declared
    ]
    problems += dated_after_publication(text, source.publications, label)
    if EDITION_COLUMN not in text.columns:
        return problems
    editions = {
        str(publication["id"]): str(publication["edition"])
        for publication in source.publications
        if publication.get("edition") is not None
        and (vintage_notes or YEAR.fullmatch(str(publication["edition"])))
    }
    for index, publication_id, edition in zip(
        text.index, text[PUBLICATION_COLUMN], text[EDITION_COLUMN], strict=True
    ):
        expected = editions.get(str(publication_id))
        if expected is None or edition is None or _names_edition(edition, expected, vintage_notes):
            continue
        if vintage_notes:
            check = f"{VINTAGE_EDITION_RULE}; {publication_id}'s is {expected}"
        else:
            check = (
                f"edition differs from the edition of {publication_id} in "
                f"{_label(folder)}/source.yaml ({expected})"
            )
        problems.append(Problem(label, line_of(index), EDITION_COLUMN, check, edition))
    return problems


def _names_edition(edition: str, expected: str, vintage_notes: bool) -> bool:
    """Whether ``edition`` is ``expected``, or (``vintage_notes``) it followed by a bracketed
    note."""
    if edition == expected:
        return True
    note = re.escape(expected) + r" \([^()]+\)"
    return vintage_notes and re.fullmatch(note, edition) is not None


def dated_after_publication(
    text: pd.DataFrame, publications: list[dict[str, object]], label: str
) -> list[Problem]:
    """Rows dated (:data:`DATED_COLUMNS`) after their publication came out: a full date is
    compared with a full ``date_published``, a year with the year it begins with; a publication
    whose date is not recorded is not compared."""
    published = {
        str(publication["id"]): str(publication.get("date_published") or "")
        for publication in publications
    }
    problems = []
    for column in (column for column in DATED_COLUMNS if column in text.columns):
        for index, publication_id, dated in zip(
            text.index, text[PUBLICATION_COLUMN], text[column], strict=True
        ):
            came_out = published.get(str(publication_id), "")
            if isinstance(dated, str) and _later(dated, came_out):
                check = (
                    f"{column} is later than {publication_id} came out ({came_out}, its "
                    "date_published in source.yaml): a publication cannot give a value for a "
                    "later date; correct one of them"
                )
                problems.append(Problem(label, line_of(index), column, check, dated))
    return problems


def _later(dated: str, came_out: str) -> bool:
    """Whether ``dated`` (a year, year-month or ISO date) is after ``came_out`` (a
    date_published), compared to the finer precision both give."""
    for pattern, width in ((ISO_DATE, 10), (ISO_MONTH, 7)):
        if pattern.match(dated) and pattern.match(came_out):
            return dated[:width] > came_out[:width]
    year, published = YEAR_START.match(dated), year_published(came_out)
    return year is not None and published is not None and int(year.group()) > published


def clean_long(
    raw: pd.DataFrame,
    clean_model: type[pa.DataFrameModel],
    file_label: str,
    order: list[str],
) -> pd.DataFrame:
    """Meaning step: check the cross-row rules, then sort by ``order`` (stable, so ties keep
    the transcribed order)."""
    checked = validate(raw, clean_model, file_label)
    return checked.sort_values(order, kind="stable").reset_index(drop=True)
