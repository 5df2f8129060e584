"""Field helpers and cell rules shared by every table's pandera models."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from mutualstats import dates
from mutualstats.addresses import URL
from mutualstats.config import MIN_SURVEY_BASE_N, VALUE_QUALIFIERS

#: The statistic under which a check that no two rows share a key keeps the key's columns: the
#: table's primary key in the data package (:func:`one_row_per`).
ROW_KEY = "row_key"


def one_row_per(*key: str) -> classmethod:
    """A dataframe check, for a model's body, that no two rows share the columns ``key``; its
    message names them ("one row per (edition, measure)") and it keeps them under
    :data:`ROW_KEY`, so the data dictionary and the data package read the key from here."""

    def rows_are_unique(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(subset=list(key), keep=False)

    wording = key[0] if len(key) == 1 else f"({', '.join(key)})"
    return pa.dataframe_check(
        rows_are_unique, error=f"one row per {wording}", statistics={ROW_KEY: list(key)}
    )


def url_field(description: str, title: str = "URL", nullable: bool = False) -> object:
    """A web address the value was read on: http(s), with a host."""
    return pa.Field(nullable=nullable, str_matches=URL, title=title, description=description)


def whole_percentage(frame: pd.DataFrame, printed_whole: pd.Series) -> pd.Series:
    """Where ``printed_whole``, a value is a whole percentage, as the publisher prints it: 82, not
    0.82 (a fraction typed in) or 82.4."""
    return is_whole(frame, printed_whole)


def is_whole(frame: pd.DataFrame, applies: pd.Series) -> pd.Series:
    """Where ``applies``, a value is a whole number (missing values pass)."""
    value = frame["value"]
    return ~applies | value.isna() | (value == value.round())


def not_a_fraction(frame: pd.DataFrame, applies: pd.Series) -> pd.Series:
    """Where ``applies`` (a rate never published below 1%), a value is not between 0 and 1: 0.307
    is turnover of 30.7% typed in as a fraction."""
    value = frame["value"]
    return ~applies | value.isna() | ~((value > 0) & (value < 1))


#: The rule tying a row's status to its value, as every long table with a ``status`` states it.
STATUS_VALUE_RULE = "status 'unverified' needs a blank value; other statuses a value"


def status_matches_value(frame: pd.DataFrame) -> pd.Series:
    """An ``unverified`` row has no value; every other status has one (:data:`STATUS_VALUE_RULE`):
    a value the transcriber could not verify is never held beside its doubt."""
    return (frame["status"] == "unverified") == frame["value"].isna()


def count_is_whole(frame: pd.DataFrame, is_count: pd.Series) -> pd.Series:
    """Where ``is_count``, a value is finite, whole, and zero or more."""
    value = frame["value"]
    valid = np.isfinite(value) & (value >= 0) & (value == value.round())
    return ~is_count | value.isna() | valid


def qualifier_field(printed: str) -> object:
    """The word the publisher printed before the value (``printed``: what the value is), from
    :data:`mutualstats.config.VALUE_QUALIFIERS`; ``over`` marks a lower bound."""
    return pa.Field(
        isin=tuple(VALUE_QUALIFIERS),
        title="Qualifier",
        description=f"Word printed before the {printed} (over: a lower bound).",
        metadata={"definitions": VALUE_QUALIFIERS},
    )


def pct_field(title: str, description: str, nullable: bool = True) -> object:
    """A percentage in [0, 100]."""
    return pa.Field(
        nullable=nullable,
        ge=0,
        le=100,
        title=title,
        description=description,
        metadata={"unit": "%"},
    )


def base_n_field(title: str, description: str) -> object:
    """A count of survey respondents, absent where not published, and never below the smallest
    base a published share of a population survey rests on (:data:`MIN_SURVEY_BASE_N`)."""
    return pa.Field(
        nullable=True,
        ge=MIN_SURVEY_BASE_N,
        title=title,
        description=f"{description} A published base is at least {MIN_SURVEY_BASE_N}.",
        metadata={"unit": "respondents"},
    )


#: How a date that is not one, or does not exist (2018-2-3, 2018-02-30, 2018-13), is reported,
#: and read in the dictionary: a date as precise as published, a year, a month or a day.
REAL_DATE = "a date that exists, as YYYY, YYYY-MM or YYYY-MM-DD"
#: The same for a date published to the month or the day.
REAL_MONTH_OR_DAY = "a date that exists, as YYYY-MM or YYYY-MM-DD"


def is_real_date(text: pd.Series, forms: tuple[int, ...] = (4, 7, 10)) -> pd.Series:
    """Each value is a year, month or day of the calendar, written in one of ``forms`` (lengths
    of :data:`mutualstats.dates.DATE_FORMATS`); missing values pass: nullability is the field's
    own rule. One check for both the form and the calendar, so a bad date is one problem."""
    return text.map(lambda value: pd.isna(value) or dates.is_real_date(str(value), forms)).astype(
        bool
    )


#: A code: lower snake case (measure, base and folder codes).
SNAKE_CASE = r"^[a-z][a-z0-9_]*$"
#: Publication ids are codes, unique across every source.yaml of the project.
PUBLICATION_ID = SNAKE_CASE
#: A yes-or-no cell, as the raw tables write it.
FLAGS = ("true", "false")


def publication_id_field() -> object:
    """The publication a row's value was read from: an ``id`` under ``publications:`` in the
    folder's source.yaml (the loader checks it is declared there)."""
    return pa.Field(
        str_matches=PUBLICATION_ID,
        title="Publication id",
        description=(
            "Id of the publication the value was read from, declared under publications: in the "
            "source folder's source.yaml; the publications table gives its publisher, title, "
            "date, URL and pages."
        ),
    )
