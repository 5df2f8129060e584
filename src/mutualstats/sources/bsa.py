"""British Social Attitudes (NatCen; reported by The King's Fund and Nuffield Trust).

Input: ``data/raw/bsa/satisfaction.csv`` (one row per survey year, as transcribed) and its
``source.yaml``. Output: the ``bsa_satisfaction`` table, validated by
:class:`~mutualstats.schemas.CleanBsaSatisfaction`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.config import BSA_SOURCE, STATED_CHANGE_TOLERANCE_PP
from mutualstats.dates import year_published
from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label, load_verified_source, read_source
from mutualstats.rawcsv import line_of
from mutualstats.schemas.bsa import (
    CleanBsaSatisfaction,
    CleanBsaStatements,
    RawBsaSatisfaction,
    RawBsaStatements,
    mode_named,
    parts_named,
)
from mutualstats.sources._long import DATED_RULE, TextCheck, clean_long, load_long

SOURCE_ID = BSA_SOURCE
SATISFACTION_FILE = "satisfaction.csv"
STATEMENTS_FILE = "publisher_statements.csv"
STATEMENTS_TABLE = "bsa_publisher_statements"


#: A survey year's results come out after the year: its fieldwork runs in it. A year later than
#: its publication is refused for every dated table (``_long.DATED_RULE``); this rule adds the
#: year its publication came out.
RESULTS_RULE = (
    "year: before the year its publication came out (a survey year's results are published "
    "after its fieldwork, which runs in that year)"
)

#: The publication rules :data:`RESULTS_RULE` implies, by file: a year before the one its
#: publication came out is not later than its date, so ``describe`` lists the stricter rule
#: alone (the build checks both).
IMPLIED_RULES = {
    name: (DATED_RULE.format(column="year"),) for name in (SATISFACTION_FILE, STATEMENTS_FILE)
}

#: The loader's own rules of each file, beyond its models (``mutualstats describe`` lists them).
LOADER_RULES = {
    SATISFACTION_FILE: (RESULTS_RULE,),
    STATEMENTS_FILE: (
        RESULTS_RULE,
        "value: agrees with satisfaction.csv where it holds the years compared (lowest_since: "
        "that year's share is no higher and none between is lower; highest_since: the same the "
        "other way; change_from_previous_year: within "
        f"{STATED_CHANGE_TOLERANCE_PP:g} point(s) of the change of the rounded shares)",
    ),
}


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the source's checksums, then load and clean every table it holds; the statements
    are checked against the satisfaction table where it was read."""
    record = load_verified_source(folder)
    path = record.path(SATISFACTION_FILE)
    statements_path = record.path(STATEMENTS_FILE)
    problems: list[Problem] = []
    try:
        satisfaction = clean_satisfaction(load_satisfaction(path), _label(path))
    except DataValidationError as error:
        satisfaction, problems = None, error.problems
    try:
        statements = load_statements(statements_path, satisfaction)
    except DataValidationError as error:
        problems += error.problems
    if problems:
        raise DataValidationError(problems)
    return {"bsa_satisfaction": satisfaction, STATEMENTS_TABLE: statements}


def load_satisfaction(path: Path) -> pd.DataFrame:
    """Format step: read the CSV as text and coerce dtypes through the Raw schema.

    The index stays the raw data row, so later failures can name their line.
    """
    return load_long(path, RawBsaSatisfaction, results_after_survey_year(path.parent))


def clean_satisfaction(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: check the cross-row rules and order by year.

    Statuses stay as published: a year not asked and a value not found are kept apart, and
    nothing is filled or interpolated. Shares over 100 are named with the values summed, and a year
    going back to an earlier survey mode with the year it goes back from.
    """
    try:
        return clean_long(raw, CleanBsaSatisfaction, file_label, ["year"])
    except DataValidationError as error:
        raise DataValidationError(
            [mode_named(parts_named(p, raw), raw) for p in error.problems]
        ) from None


def load_statements(path: Path, satisfaction: pd.DataFrame | None = None) -> pd.DataFrame:
    """Publishers' statements ("lowest since", "highest since", the change from the year before):
    read, coerce, and check the unit and value fit the kind, one per key, and that each agrees
    with the ``satisfaction`` table, if given (:func:`contradicted`)."""
    raw = load_long(path, RawBsaStatements, results_after_survey_year(path.parent))
    statements = clean_long(raw, CleanBsaStatements, _label(path), ["year", "measure"])
    if satisfaction is not None:
        problems = [
            Problem(_label(path), line_of(index), "value", check, _written(row["value"]))
            for index, row in raw.iterrows()
            if (check := contradicted(row, satisfaction)) is not None
        ]
        if problems:
            raise DataValidationError(problems)
    return statements


def results_after_survey_year(folder: Path) -> TextCheck:
    """The check of :data:`RESULTS_RULE` for a table of ``folder``: a row whose survey year is
    the year its publication came out (a later year is named by the dated rule)."""
    came_out = {
        str(entry["id"]): year_published(str(entry.get("date_published") or ""))
        for entry in read_source(folder).publications
    }

    def check(text: pd.DataFrame, label: str) -> list[Problem]:
        problems = []
        for index, publication_id, year in zip(
            text.index, text["publication_id"], text["year"], strict=True
        ):
            published = came_out.get(str(publication_id))
            if published is None or not str(year).isascii() or not str(year).isdigit():
                continue
            if int(year) == published:
                why = (
                    f"{publication_id} came out in {published}, the survey year itself: a year's "
                    "results are published after its fieldwork; cite the publication of that "
                    "year's results"
                )
                problems.append(Problem(label, line_of(index), "year", why, year))
        return problems

    return check


def contradicted(statement: pd.Series, satisfaction: pd.DataFrame) -> str | None:
    """Why the published shares rule out ``statement``, or None where they agree with it or do
    not hold the years it compares. Rounding keeps order, so a share published as lower cannot
    be higher unrounded."""
    shares = satisfaction.set_index("year")[statement["measure"]].dropna()
    year, measure = int(statement["year"]), statement["measure"]
    if year not in shares.index:
        return None
    share = float(shares[year])
    kind = statement["statement"]
    if kind == "change_from_previous_year":
        if year - 1 not in shares.index:
            return None
        change = share - float(shares[year - 1])
        if abs(float(statement["value"]) - change) <= STATED_CHANGE_TOLERANCE_PP:
            return None
        return (
            f"satisfaction.csv gives {measure} {shares[year - 1]:g} in {year - 1} and {share:g} "
            f"in {year}, a change of {change:+g} points; a change stated on unrounded shares "
            f"differs from it by at most {STATED_CHANGE_TOLERANCE_PP}"
        )
    since = int(statement["value"])
    sign = 1 if kind == "lowest_since" else -1
    word = "lowest" if kind == "lowest_since" else "highest"
    if since in shares.index and sign * (float(shares[since]) - share) > 0:
        return (
            f"satisfaction.csv gives {measure} {shares[since]:g} in {since} against {share:g} "
            f"in {year}, so {year} is not the {word} since {since}"
        )
    between = shares.loc[(shares.index > since) & (shares.index < year)]
    beyond = between.loc[sign * (between - share) < 0]
    if beyond.empty:
        return None
    first = int(beyond.index[0])
    return (
        f"satisfaction.csv gives {measure} {beyond.iloc[0]:g} in {first} against {share:g} in "
        f"{year}, so {year} is not the {word} since {since}"
    )


def _written(value: object) -> str:
    return f"{float(value):g}"
