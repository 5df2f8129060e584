"""pandera models of British Social Attitudes satisfaction (``data/raw/bsa/satisfaction.csv``)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.config import (
    BSA_FIRST_YEAR,
    BSA_LAST_YEAR,
    ROUNDING_TOLERANCE_PCT,
    SURVEY_MODES,
    VALUE_STATUS_EFFECTS,
    VALUE_STATUS_WORDS,
    VALUE_STATUSES,
)
from mutualstats.errors import Problem
from mutualstats.schemas.common import base_n_field as _base_n
from mutualstats.schemas.common import one_row_per, publication_id_field, url_field
from mutualstats.schemas.common import pct_field as _pct
from mutualstats.vocabulary import BSA_MEASURES

#: Each status of a year's value, with what it means for a comparison with earlier years.
STATUS_MEANINGS = {
    status: words + (f"; {VALUE_STATUS_EFFECTS[status]}" if status in VALUE_STATUS_EFFECTS else "")
    for status, words in VALUE_STATUS_WORDS.items()
}


#: The shares of each question's answers: on a row they sum to at most 100, beyond rounding.
NHS_PARTS = ("nhs_satisfied_pct", "nhs_neither_pct", "nhs_dissatisfied_pct")
SOCIAL_CARE_PARTS = ("social_care_satisfied_pct", "social_care_dissatisfied_pct")


def parts_rule(parts: tuple[str, ...]) -> str:
    """The rule on one question's shares, as the model states it; a row that fails it is named
    with the shares it gives (:func:`parts_named`)."""
    return f"{' + '.join(parts)} add to at most 100, beyond rounding"


#: The rule on survey modes, as the model states it; a row that fails it is named with the
#: earlier year whose mode it goes back from (:func:`mode_named`).
MODE_RULE = (
    f"a year cannot go back to an earlier survey mode ({', '.join(SURVEY_MODES)}, in that order)"
)


class RawBsaSatisfaction(pa.DataFrameModel):
    """British Social Attitudes satisfaction, one row per survey year, as transcribed.

    Source: ``data/raw/bsa/satisfaction.csv``; the publishers' pages are named per row.
    """

    publication_id: Series[str] = publication_id_field()
    year: Series[int] = pa.Field(
        ge=BSA_FIRST_YEAR, le=BSA_LAST_YEAR, title="Survey year", description="Year of fieldwork."
    )
    nhs_status: Series[str] = pa.Field(
        isin=VALUE_STATUSES,
        title="NHS value status",
        description="published, not_asked or not_found.",
        metadata={"definitions": STATUS_MEANINGS},
    )
    nhs_satisfied_pct: Series[float] = _pct(
        "Satisfied with the NHS", "Very or quite satisfied with the way the NHS runs nowadays."
    )
    nhs_neither_pct: Series[float] = _pct("Neither", "Neither satisfied nor dissatisfied.")
    nhs_dissatisfied_pct: Series[float] = _pct(
        "Dissatisfied with the NHS", "Very or quite dissatisfied."
    )
    nhs_base_n: Series[pd.Int64Dtype] = _base_n("NHS base", "Respondents asked the NHS question.")
    social_care_status: Series[str] = pa.Field(
        isin=VALUE_STATUSES,
        title="Social care value status",
        description="As nhs_status.",
        metadata={"definitions": STATUS_MEANINGS},
    )
    social_care_satisfied_pct: Series[float] = _pct(
        "Satisfied with social care", "Very or quite satisfied with social care (local authority)."
    )
    social_care_dissatisfied_pct: Series[float] = _pct(
        "Dissatisfied with social care", "Very or quite dissatisfied with social care."
    )
    social_care_base_n: Series[pd.Int64Dtype] = _base_n(
        "Social care base", "Respondents asked the social care question."
    )
    fieldwork: Series[str] = pa.Field(
        nullable=True, title="Fieldwork", description="Months of fieldwork."
    )
    mode: Series[str] = pa.Field(
        isin=SURVEY_MODES, title="Survey mode", description="face_to_face or online_telephone."
    )
    source_url: Series[str] = url_field("Page the row's values were read on.", title="Source URL")
    social_care_source_url: Series[str] = url_field(
        "Page the social care values were read on, where not the row's source_url (the "
        "publication's text as shown on another page, e.g. a co-publisher's).",
        title="Social care source URL",
        nullable=True,
    )
    alternative_values: Series[str] = pa.Field(
        nullable=True,
        title="Alternatives",
        description="Conflicting published values: column=value (who).",
    )
    note: Series[str] = pa.Field(nullable=True, title="Note", description="Transcriber's note.")

    @pa.check(
        "^.*_pct$",
        regex=True,
        error="a percentage, not a fraction (53, not 0.53): no share lies between 0 and 1",
    )
    def percentages_not_fractions(cls, series: Series[float]) -> Series[bool]:
        # No BSA satisfaction share has been below 1%; a value in (0, 1) is a fraction typed in
        # (a negative one is reported by the range check alone).
        return series.isna() | (series <= 0) | (series >= 1)

    class Config:
        strict = True
        coerce = True


class CleanBsaSatisfaction(RawBsaSatisfaction):
    """BSA satisfaction ready for analysis: one row per year, statuses consistent with values."""

    one_row_per_year = one_row_per("year")

    @pa.dataframe_check(error=parts_rule(NHS_PARTS))
    def nhs_parts_within_total(cls, frame: pd.DataFrame) -> Series[bool]:
        return _parts_within_total(frame, NHS_PARTS)

    @pa.dataframe_check(error=parts_rule(SOCIAL_CARE_PARTS))
    def social_care_parts_within_total(cls, frame: pd.DataFrame) -> Series[bool]:
        return _parts_within_total(frame, SOCIAL_CARE_PARTS)

    @pa.dataframe_check(
        error="nhs_status 'published' needs nhs_satisfied_pct; other statuses need no values"
    )
    def nhs_status_matches_values(cls, frame: pd.DataFrame) -> Series[bool]:
        return _status_matches(frame, "nhs_status", (*NHS_PARTS, "nhs_base_n"))

    @pa.dataframe_check(
        error=(
            "social_care_status 'published' needs social_care_satisfied_pct; "
            "other statuses need no values"
        )
    )
    def social_care_status_matches_values(cls, frame: pd.DataFrame) -> Series[bool]:
        return _status_matches(
            frame,
            "social_care_status",
            (*SOCIAL_CARE_PARTS, "social_care_base_n", "social_care_source_url"),
        )

    @pa.dataframe_check(error=f"mode: {MODE_RULE}")
    def modes_in_order(cls, frame: pd.DataFrame) -> Series[bool]:
        order = frame["mode"].map({mode: rank for rank, mode in enumerate(SURVEY_MODES)})
        by_year = order.loc[frame["year"].sort_values(kind="stable").index]
        earlier = by_year.cummax().shift(fill_value=0)
        return (by_year >= earlier).reindex(frame.index)


def parts_named(problem: Problem, frame: pd.DataFrame) -> Problem:
    """A failure of a parts rule with the shares summed on its row, their values and total, at
    the last of them ("nhs_satisfied_pct 53 + nhs_neither_pct 50 = 103", not every part the rule
    lists); any other problem as it is. ``frame`` is indexed by line, as the loader reads it."""
    for parts in (NHS_PARTS, SOCIAL_CARE_PARTS):
        if problem.check == parts_rule(parts) and problem.line in frame.index:
            given = frame.loc[problem.line, list(parts)].dropna()
            summed = " + ".join(f"{column} {value:g}" for column, value in given.items())
            check = f"{summed} = {given.sum():g} exceeds 100 beyond rounding"
            return replace(
                problem, column=given.index[-1], check=check, value=f"{given.iloc[-1]:g}"
            )
    return problem


def mode_named(problem: Problem, frame: pd.DataFrame) -> Problem:
    """A failure of the mode rule with the latest earlier year whose mode it goes back from, and
    that year's line ("face_to_face in 2018 after online_telephone in 2017 (line 36)"), since
    either row may be the one to mend; any other problem as it is. ``frame`` is indexed by line,
    as the loader reads it."""
    if problem.check != MODE_RULE or problem.line not in frame.index:
        return problem
    rank = {mode: number for number, mode in enumerate(SURVEY_MODES)}
    row = frame.loc[problem.line]
    ahead = frame.loc[
        (frame["year"] < row["year"]) & (frame["mode"].map(rank) > rank.get(row["mode"], -1))
    ]
    if ahead.empty:
        return problem
    line = ahead["year"].idxmax()
    earlier = ahead.loc[line]
    check = (
        f"{row['mode']} in {row['year']} after {earlier['mode']} in {earlier['year']} "
        f"(line {line}): {MODE_RULE}"
    )
    return replace(problem, column="mode", check=check)


def _parts_within_total(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    return frame[list(columns)].sum(axis=1, min_count=1).fillna(0) <= 100 + ROUNDING_TOLERANCE_PCT


def _status_matches(
    frame: pd.DataFrame, status_column: str, value_columns: tuple[str, ...]
) -> pd.Series:
    """A published status has the share satisfied (the first of ``value_columns``); any other
    status (not asked, not found) has none of the service's values."""
    published = frame[status_column] == "published"
    satisfied = frame[value_columns[0]].notna()
    anything = frame[list(value_columns)].notna().any(axis=1)
    return (published & satisfied) | (~published & ~anything)


#: The kinds of statement a publisher makes about a year, with the unit of their value: a year
#: compared with, or a change from the year before in percentage points (as the publisher
#: computes it, on unrounded shares).
STATEMENT_UNITS = {
    "lowest_since": "year",
    "highest_since": "year",
    "change_from_previous_year": "pct_points",
}


class RawBsaStatements(pa.DataFrameModel):
    """Publishers' own comparisons of a BSA year with earlier years, as printed.

    Source: ``data/raw/bsa/publisher_statements.csv``.
    """

    publication_id: Series[str] = publication_id_field()
    year: Series[int] = pa.Field(
        ge=BSA_FIRST_YEAR, le=BSA_LAST_YEAR, title="Survey year", description="Year described."
    )
    service: Series[str] = pa.Field(
        isin=("nhs", "social_care"),
        title="Service",
        description="Service the statement is about: nhs or social_care.",
    )
    measure: Series[str] = pa.Field(
        isin=tuple(BSA_MEASURES),
        title="Measure",
        description="Column of the satisfaction table the statement is about.",
        metadata={"definitions": BSA_MEASURES},
    )
    statement: Series[str] = pa.Field(
        isin=tuple(STATEMENT_UNITS),
        title="Statement",
        description="Kind of comparison the publisher makes.",
    )
    value: Series[int] = pa.Field(
        title="Value",
        description="The year compared with, or the change in percentage points, as published.",
    )
    unit: Series[str] = pa.Field(
        isin=tuple(dict.fromkeys(STATEMENT_UNITS.values())),
        title="Unit",
        description="year for lowest_since and highest_since; pct_points for a change.",
    )
    source_url: Series[str] = url_field("Page the statement was read on.", title="Source URL")
    note: Series[str] = pa.Field(
        nullable=True, title="Note", description="The statement's wording, as printed."
    )

    class Config:
        strict = True
        coerce = True


class CleanBsaStatements(RawBsaStatements):
    """Publishers' statements on British Social Attitudes satisfaction: one per (year, measure,
    statement)."""

    @pa.dataframe_check(
        error=(
            "unit: lowest_since and highest_since give a survey year (unit year); "
            "change_from_previous_year gives percentage points (unit pct_points)"
        )
    )
    def unit_fits_statement(cls, frame: pd.DataFrame) -> Series[bool]:
        return frame["unit"] == frame["statement"].map(STATEMENT_UNITS)

    @pa.dataframe_check(
        error=(
            "service: the service of the measure (nhs for nhs_..., social_care for social_care_...)"
        )
    )
    def service_of_measure(cls, frame: pd.DataFrame) -> Series[bool]:
        return pd.Series(
            [
                str(measure).startswith(f"{service}_")
                for service, measure in zip(frame["service"], frame["measure"], strict=True)
            ],
            index=frame.index,
        )

    @pa.dataframe_check(
        error=(
            f"value: a year statement gives a survey year ({BSA_FIRST_YEAR} to {BSA_LAST_YEAR}) "
            "before the year described; a change lies in [-100, 100]"
        )
    )
    def value_fits_statement(cls, frame: pd.DataFrame) -> Series[bool]:
        year = frame["statement"].map(STATEMENT_UNITS) == "year"
        in_years = (frame["value"] >= BSA_FIRST_YEAR) & (frame["value"] < frame["year"])
        return (year & in_years) | (~year & frame["value"].between(-100, 100))

    one_per_key = one_row_per("year", "measure", "statement")
