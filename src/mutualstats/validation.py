"""Run a pandera model lazily and report every failure with its file, line, column and value."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from mutualstats.errors import DataValidationError, Problem
from mutualstats.rawcsv import line_of


def validate(frame: pd.DataFrame, model: type[pa.DataFrameModel], file_label: str) -> pd.DataFrame:
    """Validate ``frame`` against ``model``, collecting all failures before raising.

    The frame's index must be the 0-based data row of the raw file so that each failure can be
    reported by its line.
    """
    try:
        return model.validate(frame, lazy=True)
    except SchemaErrors as errors:
        raise DataValidationError(_problems(errors.failure_cases, file_label)) from None


def _problems(failure_cases: pd.DataFrame, file_label: str) -> list[Problem]:
    problems = []
    for case in failure_cases.itertuples(index=False):
        row_index = case.index if pd.notna(case.index) else None
        column = (
            case.column
            if isinstance(case.column, str) and case.column != case.schema_context
            else None
        )
        value = None if pd.isna(case.failure_case) else str(case.failure_case)
        problems.append(
            Problem(file_label, line_of(_as_int(row_index)), column, str(case.check), value)
        )
    return sorted(set(problems), key=lambda p: (p.line or 0, p.column or "", p.check))


def _as_int(value: object) -> object:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return value
