"""British Social Attitudes (NatCen; reported by The King's Fund and Nuffield Trust).

Input: ``data/raw/bsa/satisfaction.csv`` (one row per survey year, as transcribed) and its
``source.yaml``. Output: the ``bsa_satisfaction`` table, validated by
:class:`~mutualstats.schemas.CleanBsaSatisfaction`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.errors import DataValidationError
from mutualstats.provenance import _label, load_verified_source
from mutualstats.schemas.bsa import (
    CleanBsaSatisfaction,
    CleanBsaStatements,
    RawBsaSatisfaction,
    RawBsaStatements,
    mode_named,
    parts_named,
)
from mutualstats.sources._long import clean_long, every_table, load_long

SOURCE_ID = "bsa"
SATISFACTION_FILE = "satisfaction.csv"
STATEMENTS_FILE = "publisher_statements.csv"
STATEMENTS_TABLE = "bsa_publisher_statements"


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the source's checksums, then load and clean every table it holds."""
    record = load_verified_source(folder)
    path = record.path(SATISFACTION_FILE)
    statements_path = record.path(STATEMENTS_FILE)
    return every_table(
        bsa_satisfaction=lambda: clean_satisfaction(load_satisfaction(path), _label(path)),
        **{STATEMENTS_TABLE: lambda: load_statements(statements_path)},
    )


def load_satisfaction(path: Path) -> pd.DataFrame:
    """Format step: read the CSV as text and coerce dtypes through the Raw schema.

    The index stays the raw data row, so later failures can name their line.
    """
    return load_long(path, RawBsaSatisfaction)


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


def load_statements(path: Path) -> pd.DataFrame:
    """Publishers' statements ("lowest since", "highest since", the change from the year before):
    read, coerce, and check the unit and value fit the kind, one per key."""
    raw = load_long(path, RawBsaStatements)
    return clean_long(raw, CleanBsaStatements, _label(path), ["year", "measure"])
