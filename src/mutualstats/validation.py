"""Run a pandera model lazily and report every failure with its file, line, column and value.

Before the model runs, each cell of a numeric column that is still text must be a plain decimal
number: ASCII digits with an optional minus sign and decimal point. So ``nan``, ``inf``, ``1e3``,
``1_470_000``, ``2,926``, ``53%``, full-width digits and spaces are each reported once, at their
line and column, rather than coerced silently or reported again by every later check. Likewise
each cell of a date column must be a day that exists, written YYYY-MM-DD: ``June 2017``,
``2017-6-30`` or ``2017-06-30 12:00`` are not read as dates by guessing, and a real day that
a timestamp cannot hold (``0001-01-01``, ``9999-12-31``) is named as such.

Each problem is reported once per row and rule: a rule on the whole row (a status that needs a
value, a duplicated key) is one problem for the row, not one per column.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import numbers
import pickle
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.errors import SchemaErrors

from mutualstats.addresses import URL
from mutualstats.dates import is_real_date
from mutualstats.errors import DataValidationError, Problem
from mutualstats.rawcsv import line_of
from mutualstats.schemas import PATTERN_WORDS

#: A number as a raw table may hold it; an integer column takes no decimal point.
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?", flags=re.ASCII)
INTEGER = re.compile(r"-?[0-9]+", flags=re.ASCII)
NOT_A_NUMBER = (
    "not a plain number: digits with an optional minus sign and decimal point "
    "(no %, commas, spaces, underscores, exponents, nan or inf)"
)
NOT_AN_INTEGER = "not a whole number: digits with an optional minus sign"
NOT_A_DATE = "not a date: a day that exists, as YYYY-MM-DD"
NOT_A_URL = "not a web address: http:// or https://, a host name with a dot, and no spaces"
EMPTY = "is empty: this column needs a value in every row"
REPEATED = "appears more than once: each value in this column must be unique"

#: Frames that passed, by model, file and exact content: the same frame is not validated twice
#: in one process (pandera's checks are most of a build's time).
_PASSED: OrderedDict[tuple[object, str, bytes], pd.DataFrame] = OrderedDict()
_PASSED_MAX = 256


def validate(frame: pd.DataFrame, model: type[pa.DataFrameModel], file_label: str) -> pd.DataFrame:
    """Validate ``frame`` against ``model``, collecting all failures before raising.

    The frame's index must be the line of each row in the raw file (see
    :func:`mutualstats.rawcsv.read_raw_csv`) so that each failure can be reported by its line.
    """
    key = (model, file_label, _fingerprint(frame))
    if key not in _PASSED:
        _PASSED[key] = _validate(frame, model, file_label)
        while len(_PASSED) > _PASSED_MAX:
            _PASSED.popitem(last=False)
    return _PASSED[key].copy(deep=True)


def _fingerprint(frame: pd.DataFrame) -> bytes:
    """sha256 of the frame's exact content: values with their types, index, columns and attrs."""
    return hashlib.sha256(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)).digest()


def _validate(frame: pd.DataFrame, model: type[pa.DataFrameModel], file_label: str) -> pd.DataFrame:
    text_problems = _typed_text_problems(frame, model, file_label)
    if text_problems:
        # A cell already reported is blanked, so the model's own checks do not report it again.
        frame = frame.copy()
        for problem in text_problems:
            frame.loc[_row_at(frame, problem.line), problem.column] = None
    try:
        validated = _schema(model).validate(frame, lazy=True)
    except SchemaErrors as errors:
        # A cell already reported is not reported again, nor are row rules on its line that
        # met the blank left in its place.
        reported = {(p.line, p.column) for p in text_problems}
        lines = {p.line for p in text_problems}
        found = [
            _as_written(_column_named(p, frame), frame)
            for p in _problems(errors.failure_cases, file_label, model.__name__)
            if (p.line, p.column) not in reported and not (p.column is None and p.line in lines)
        ]
        raise DataValidationError(text_problems + found) from None
    if text_problems:
        raise DataValidationError(text_problems)
    return validated


class _Text(pandas_engine.STRING):
    """pandera's text dtype, checked once per column rather than once per cell.

    A column already of this dtype passes at once; any other is checked by pandera as before.
    pandera 0.35 checks each cell of a text column that has the right dtype and formats an empty
    table of failure cases for it: about a third of a clean build after its imports.
    """

    def check(self, pandera_dtype: object, data_container: object = None) -> object:
        try:
            if pandas_engine.Engine.dtype(pandera_dtype).type == self.type:
                return True
        except TypeError:
            pass
        return super().check(pandera_dtype, data_container)


@cache
def _schema(model: type[pa.DataFrameModel]) -> pa.DataFrameSchema:
    """A copy of the model's schema whose text columns are checked by :class:`_Text`; the same
    checks otherwise. Copies are shallow (pandera's ``update_columns`` deep-copies the schema
    once per column); nothing they share is changed."""
    schema = copy.copy(model.to_schema())
    schema.columns = {name: _as_text(column) for name, column in schema.columns.items()}
    return schema


def _as_text(column: pa.Column) -> pa.Column:
    if type(column.dtype) is not pandas_engine.STRING:
        return column
    text = copy.copy(column)
    text.dtype = _Text(column.dtype.storage)
    return text


def _column_named(problem: Problem, frame: pd.DataFrame) -> Problem:
    """A rule on a whole row whose message starts with a column's name ("value must lie in [0,
    100] where unit is pct", "context must contain the expression") names that column, so the
    cell is shown with its line."""
    if problem.column is not None or problem.line is None or not problem.check:
        return problem
    first = problem.check.split(maxsplit=1)[0]
    column = first.removesuffix(":")
    if column not in frame.columns:
        return problem
    check = problem.check[len(first) :].lstrip() if first.endswith(":") else problem.check
    return replace(problem, column=column, check=check)


def _as_written(problem: Problem, frame: pd.DataFrame) -> Problem:
    """The problem with its cell's value as the raw file writes it (99999999999999999999999, not
    the 1e+23 it was read as); in a table already read, a whole number by its digits (a year)."""
    if problem.line is None or problem.column not in frame.columns or not frame.index.is_unique:
        return problem
    written = frame[problem.column].get(problem.line)
    if isinstance(written, numbers.Integral) and not isinstance(written, bool):
        written = str(written)
    return replace(problem, value=written) if isinstance(written, str) else problem


def _typed_text_problems(
    frame: pd.DataFrame, model: type[pa.DataFrameModel], file_label: str
) -> list[Problem]:
    """Cells of numeric and date columns, still text, that are not written as the type is."""
    problems = []
    for name, column in model.to_schema().columns.items():
        written_as = _written_as(str(column.dtype).lower())
        if name not in frame.columns or written_as is None:
            continue
        for index, value in frame[name].items():
            check = written_as(value) if isinstance(value, str) else None
            if check is not None:
                problems.append(Problem(file_label, line_of(index), name, check, value))
    return problems


def _written_as(dtype: str) -> Callable[[str], str | None] | None:
    """For a column of ``dtype``, what is wrong with a raw cell's text (None if nothing)."""
    if "datetime" in dtype:
        return _date_problem
    if "int" in dtype:
        return _integer_problem
    if "float" in dtype:
        return _decimal_problem
    return None


def _date_problem(text: str) -> str | None:
    if not (text.isascii() and is_real_date(text, forms=(10,))):
        return NOT_A_DATE
    return None if EARLIEST_DATE <= text <= LATEST_DATE else DATE_NOT_HELD


#: Date columns hold pandas timestamps, which reach only these days: a real day outside them
#: (0001-01-01, 9999-12-31) cannot be held, and pandas would guess at it.
EARLIEST_DATE = pd.Timestamp.min.ceil("D").strftime("%Y-%m-%d")
LATEST_DATE = pd.Timestamp.max.floor("D").strftime("%Y-%m-%d")
DATE_NOT_HELD = f"a day too early or too late to hold: from {EARLIEST_DATE} to {LATEST_DATE}"


def _decimal_problem(text: str) -> str | None:
    if not DECIMAL.fullmatch(text):
        return NOT_A_NUMBER
    digits = len(text.lstrip("-").replace(".", "").lstrip("0"))
    return f"{TOO_LONG} (this has {digits})" if digits > DIGITS_HELD else None


#: Decimal columns are 64-bit floats, which hold 15 digits exactly: a number written with more
#: would be stored as another one (and one too large as infinity).
DIGITS_HELD = 15
TOO_LONG = f"too many digits to hold exactly: at most {DIGITS_HELD}, not counting leading zeros"


def _integer_problem(text: str) -> str | None:
    if not INTEGER.fullmatch(text):
        return NOT_AN_INTEGER
    return None if abs(int(text)) < LARGEST_INTEGER else TOO_LARGE


#: Whole-number columns are 64-bit: a larger number cannot be held (nor is any count that large).
LARGEST_INTEGER = 2**63
TOO_LARGE = "too large a whole number to hold (at most 9,223,372,036,854,775,807)"


def _row_at(frame: pd.DataFrame, line: int | None) -> object:
    return line if line is not None else frame.index[0]


def _problems(failure_cases: pd.DataFrame, file_label: str, model_name: str) -> list[Problem]:
    problems = []
    for case in failure_cases.itertuples(index=False):
        row_index = case.index if pd.notna(case.index) else None
        failure = None if pd.isna(case.failure_case) else str(case.failure_case)
        if row_index is None and failure is not None and failure.startswith("TypeError("):
            continue  # a check meeting a value that failed coercion, already reported with its line
        row_rule = case.schema_context == "DataFrameSchema" and case.column != model_name
        if row_rule:
            # One problem for the row, not one per column of it.
            problems.append(
                Problem(file_label, line_of(_as_int(row_index)), None, case.check, None)
            )
            continue
        column = (
            case.column
            if isinstance(case.column, str) and case.column != case.schema_context
            else None
        )
        problems.append(
            Problem(
                file_label, line_of(_as_int(row_index)), column, plain_check(case.check), failure
            )
        )
    return sorted(
        _one_per_empty_cell(set(problems)), key=lambda p: (p.line or 0, p.column or "", p.check)
    )


def _one_per_empty_cell(problems: set[Problem]) -> list[Problem]:
    """An empty cell of a typed column fails its type checks as well as its need for a value: it
    is reported once, as empty."""
    empty = {(p.line, p.column) for p in problems if p.check == EMPTY}
    return [
        p
        for p in problems
        if p.check == EMPTY or (p.line, p.column) not in empty or p.value is not None
    ]


#: pandera's range checks, in words.
BOUNDS = {
    "greater_than_or_equal_to": "at least",
    "less_than_or_equal_to": "at most",
    "greater_than": "more than",
    "less_than": "less than",
}
BOUND = re.compile(r"(?P<rule>" + "|".join(BOUNDS) + r")\((?P<limit>-?[0-9.]+)\)")


#: A failed text pattern, as pandera names it (its words: ``schemas.PATTERN_WORDS``).
STR_MATCHES = re.compile(r"str_matches\('(?P<pattern>.*)'\)")


def plain_check(check: object) -> str:
    """A failed pandera check in words where its own name is code: an empty cell, a repeated
    unique value, a date column's type checks (one message, not two), the URL pattern and a list
    of allowed values."""
    text = str(check)
    if text == "not_nullable":
        return EMPTY
    if text == "field_uniqueness":
        return REPEATED
    if text.startswith(("coerce_dtype('datetime64", "dtype('datetime64")):
        return NOT_A_DATE
    if text == f"str_matches('{URL}')":
        return NOT_A_URL
    pattern = STR_MATCHES.fullmatch(text)
    if pattern:
        return f"not {PATTERN_WORDS.get(pattern['pattern'], 'of the form ' + pattern['pattern'])}"
    bound = BOUND.fullmatch(text)
    if bound:
        return f"must be {BOUNDS[bound['rule']]} {bound['limit']}"
    if text.startswith("isin(") and text.endswith(")"):
        try:
            allowed = ast.literal_eval(text[len("isin(") : -1])
        except (ValueError, SyntaxError):
            return text
        if isinstance(allowed, list | tuple | set | frozenset):
            return "not one of: " + ", ".join(str(value) for value in allowed)
    return text


def _as_int(value: object) -> object:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return value
