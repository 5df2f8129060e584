"""Read a raw CSV strictly: UTF-8, no byte-order mark, comma-delimited, the expected header.

Every value is read as text so that the Raw schema, not pandas, decides what is a number; the
frame's index is the 0-based data row, so line = index + 2 in the raw file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label


def read_raw_csv(path: Path, expected_columns: list[str]) -> pd.DataFrame:
    """Read ``path`` as text with the exact header ``expected_columns``.

    Raises
    ------
    DataValidationError
        For bytes that are not UTF-8, a byte-order mark, an empty file, a header with no rows,
        another delimiter, or missing or unexpected columns.
    """
    label = _label(path)
    text = _decoded_text(path, label)
    header = next(csv.reader(io.StringIO(text)), [])
    problems = _header_problems(header, expected_columns, label)
    if problems:
        raise DataValidationError(problems)
    frame = pd.read_csv(
        io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=True
    )
    if frame.empty:
        raise DataValidationError(
            [Problem(label, None, None, "file has a header but no rows", None)]
        )
    return frame.astype(object).where(frame.notna(), None)


def line_of(row_index: object) -> int | None:
    """Line in the raw file of a data row: the header is line 1."""
    return int(row_index) + 2 if isinstance(row_index, int) else None


def _decoded_text(path: Path, label: str) -> str:
    raw_bytes = path.read_bytes()
    if not raw_bytes.strip():
        raise DataValidationError([Problem(label, None, None, "file is empty", None)])
    if raw_bytes.startswith(b"\xef\xbb\xbf"):
        raise DataValidationError(
            [
                Problem(
                    label,
                    1,
                    None,
                    "file starts with a byte-order mark; save as UTF-8 without BOM",
                    None,
                )
            ]
        )
    try:
        return raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw_bytes[: error.start].count(b"\n") + 1
        bad = raw_bytes[error.start : error.end].hex()
        raise DataValidationError(
            [Problem(label, line, None, "bytes are not UTF-8", bad)]
        ) from error


def _header_problems(header: list[str], expected: list[str], label: str) -> list[Problem]:
    if len(header) == 1 and len(expected) > 1 and any(sep in header[0] for sep in ";\t|"):
        return [
            Problem(
                label, 1, None, "wrong delimiter: columns must be separated by commas", header[0]
            )
        ]
    missing = [
        Problem(label, 1, name, "missing column", None) for name in expected if name not in header
    ]
    unexpected = [
        Problem(label, 1, name, "unexpected column", None)
        for name in header
        if name not in expected
    ]
    duplicated = {name for name in header if header.count(name) > 1}
    repeated = [
        Problem(label, 1, name, "column appears more than once", None)
        for name in sorted(duplicated)
    ]
    return missing + unexpected + repeated
