"""Read a raw CSV strictly: UTF-8, no byte-order mark, comma-delimited, the exact header in order.

Every value is read as text so that the Raw schema, not pandas, decides what is a number. The
frame's index is each row's line in the raw file (the header is line 1; blank lines and newlines
inside quoted values are counted), so every problem names the line an analyst sees in an editor.

Problems of the file's form (bytes, line endings, quoting, a row with more or fewer fields than the
header, a value padded with spaces) stop the file before its values are read, each with its line.
"""

from __future__ import annotations

import csv
import io
import numbers
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mutualstats.encoding import bad_bytes
from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label

#: Control characters other than tab, line feed and carriage return (NUL and the C1 controls
#: included), and the Unicode line and paragraph separators, which some readers take as line ends.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
#: What is wrong with a value or a column name padded with white space.
PADDED = "starts or ends with spaces: remove them"
#: What is wrong with a value or a column name holding a character that prints as nothing, named.
INVISIBLE = "holds an invisible character ({}): remove it"
#: What to do about a header cell left empty (a comma too many, often at the end of the line).
UNNAMED = ": remove the comma that makes it, or name the column"
#: A row of commas alone, as a spreadsheet writes a row whose cells were cleared.
EMPTY_ROW = "row has no values (commas only): delete the line"
#: A row of spaces (and commas) alone, as an editor leaves a line that looks blank.
SPACES_ROW = "row has no values (only spaces): delete the line"
#: The header written again below the first line, as when two files are joined into one.
HEADER_AGAIN = "row repeats the header (two files joined?): delete the line"


def read_raw_csv(path: Path, expected_columns: list[str]) -> pd.DataFrame:
    """Read ``path`` as text with the exact header ``expected_columns``, in that order.

    Raises
    ------
    DataValidationError
        For bytes that are not UTF-8, a byte-order mark, NUL or other control characters, CR-only
        line endings, an empty file, a header with no rows, another delimiter, missing,
        unexpected, repeated, unnamed or reordered columns (a name that looks like an expected
        one, padded, with a hidden character or in capitals, is named as such), broken quoting, a
        row of commas (or spaces) alone, a row repeating the header, a row whose number of fields
        differs from the header's, a value that starts or ends with spaces (or is only spaces), or
        one holding a character that prints as nothing (a zero-width space).
    """
    label = _label(path)
    text = _decoded_text(path, label)
    rows = _rows(text, label)
    header = rows[0][1] if rows else []
    problems = _header_problems(header, expected_columns, label)
    if problems:
        raise DataValidationError(problems)
    body = rows[1:]
    if not body:
        raise DataValidationError(
            [Problem(label, None, None, "file has a header but no rows", None)]
        )
    # A spreadsheet writes a row whose cells were cleared as commas alone, and a file joined to
    # another repeats its header: one problem for the row, not one per column it fails.
    plain_header = [_plain_name(name) for name in header]
    empty = [
        Problem(label, line, None, check, None)
        for line, fields in body
        if (check := _row_without_values(fields, plain_header)) is not None
    ]
    if empty:
        raise DataValidationError(empty)
    ragged = [
        Problem(
            label,
            line,
            None,
            f"row has {len(fields)} fields but the header has {len(header)}: put a value that "
            "contains a comma in double quotes, and end the last row with a newline",
            None,
        )
        for line, fields in body
        if len(fields) != len(header)
    ]
    if ragged:
        raise DataValidationError(ragged)
    padded = _padded_values(header, body, label) + _invisible_characters(header, body, label)
    if padded:
        raise DataValidationError(padded)
    return pd.DataFrame(
        [[value if value != "" else None for value in fields] for _, fields in body],
        columns=header,
        index=pd.Index([line for line, _ in body], dtype="int64"),
        dtype=object,
    )


def _row_without_values(fields: list[str], plain_header: list[str]) -> str | None:
    """Why a data row holds no values, or None if it does: commas alone, spaces (and commas)
    alone, or the header's names again (``plain_header``: each as a spreadsheet shows it)."""
    if not any(fields):
        return EMPTY_ROW
    if not any(field.strip() for field in fields):
        return SPACES_ROW
    if len(fields) == len(plain_header) and all(
        _plain_name(field) == name for field, name in zip(fields, plain_header, strict=True)
    ):
        return HEADER_AGAIN
    return None


def _padded_values(
    header: list[str], body: list[tuple[int, list[str]]], label: str
) -> list[Problem]:
    """Values that start or end with white space, or hold nothing else: invisible in a
    spreadsheet, they would be read as a different code, text or number than the one shown."""
    return [
        Problem(
            label,
            line,
            column,
            "value is only spaces: leave the cell empty for no value"
            if not value.strip()
            else f"value {PADDED}",
            value,
        )
        for line, fields in body
        for column, value in zip(header, fields, strict=True)
        if value != value.strip()
    ]


def _invisible_characters(
    header: list[str], body: list[tuple[int, list[str]]], label: str
) -> list[Problem]:
    """Values holding a character that prints as nothing (Unicode format characters: a
    zero-width space, a soft hyphen, a direction mark): "2018-19" with one is another period, code
    or key than the one shown, so it is refused wherever it is, naming the character."""
    problems = []
    for line, fields in body:
        for column, value in zip(header, fields, strict=True):
            hidden = invisible_character(value)
            if hidden is not None:
                check = f"value {INVISIBLE.format(hidden)}"
                problems.append(Problem(label, line, column, check, value))
    return problems


def invisible_character(text: str) -> str | None:
    """The first character of ``text`` that prints as nothing (a Unicode format character: a
    zero-width space, a soft hyphen, a direction mark), named as ``U+200B ZERO WIDTH SPACE``;
    None if it has none."""
    # Every format character is outside ASCII: most texts are checked at once.
    if text.isascii():
        return None
    hidden = next((c for c in text if unicodedata.category(c) == "Cf"), None)
    return None if hidden is None else named_character(hidden)


def named_character(character: str) -> str:
    """A character by its code point and Unicode name (``U+200B ZERO WIDTH SPACE``), or its
    kind where it has no name (``U+0000, a control character``)."""
    kind = "a control character" if unicodedata.category(character) == "Cc" else "unnamed"
    name = unicodedata.name(character, None)
    return f"U+{ord(character):04X} {name}" if name else f"U+{ord(character):04X}, {kind}"


def line_of(row_index: object) -> int | None:
    """Line in the raw file of a data row (the frame's index, as :func:`read_raw_csv` sets it)."""
    if isinstance(row_index, numbers.Integral) and not isinstance(row_index, bool):
        return int(row_index)
    return None


def _rows(text: str, label: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows, each with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, line = [], 1
    try:
        for fields in reader:
            if fields:
                rows.append((line, fields))
            line = reader.line_num + 1
    except csv.Error as error:
        problem = Problem(label, line, None, _unreadable_because(error), None)
        raise DataValidationError([problem]) from None
    return rows


def _unreadable_because(error: csv.Error) -> str:
    """Why a file cannot be read as CSV, in the words of its likely cause."""
    if str(error).startswith("field larger than field limit"):
        # Python's csv module stops at a value longer than its limit. The value is usually just
        # long, but a quote never closed also makes one, running to the end of the file.
        return (
            f"cannot be read as CSV: a value is longer than the limit of "
            f"{csv.field_size_limit():,} characters; a quote opened on this line and never "
            "closed can also cause this"
        )
    return f"cannot be read as CSV ({error}); check the quotes on this line"


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
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = bad_bytes(raw_bytes, error)
        column = _column_at(raw_bytes[: error.start].decode("utf-8", errors="replace"))
        # Named as the table's column where it is known, else at the line's character.
        check = bad.check(column=column is None)
        raise DataValidationError([Problem(label, bad.line, column, check, bad.value)]) from None
    lone_cr = re.search(r"\r(?!\n)", text)
    if lone_cr:
        check = "line endings must be LF (or CRLF); a CR alone ends this line: save the file again"
        line = text[: lone_cr.start()].count("\n") + 1
        raise DataValidationError([Problem(label, line, None, check, None)])
    control = [
        Problem(
            label,
            text[: match.start()].count("\n") + 1,
            None,
            "control character (e.g. NUL) in the file: remove it",
            f"U+{ord(match.group()):04X}",
        )
        for match in CONTROL.finditer(text)
    ]
    if control:
        raise DataValidationError(control)
    return text


def _column_at(text: str) -> str | None:
    """The header's name of the column in which ``text`` (a file's start) ends, read as CSV;
    None where it ends in the header, beyond the header's columns or cannot be read."""
    try:
        # A letter in place of what follows, so the last row read is the one the text ends in.
        rows = list(csv.reader(io.StringIO(f"{text}x", newline="")))
    except csv.Error:
        return None
    if len(rows) < 2 or len(rows[-1]) > len(rows[0]):
        return None
    return rows[0][len(rows[-1]) - 1] or None


def _header_problems(header: list[str], expected: list[str], label: str) -> list[Problem]:
    if len(header) == 1 and len(expected) > 1 and any(sep in header[0] for sep in ";\t|"):
        return [
            Problem(
                label, 1, None, "wrong delimiter: columns must be separated by commas", header[0]
            )
        ]
    # A name that looks like an expected one (padded, with a hidden character, in capitals) is
    # one problem on that column, not a missing column beside an unexpected one.
    otherwise = {
        name: meant
        for name in header
        if name not in expected
        and (meant := _plain_name(name)) in expected
        and meant not in header
        and [_plain_name(other) for other in header].count(meant) == 1
    }
    written_otherwise = [
        Problem(label, 1, meant, _name_written_otherwise(name, meant), name)
        for name, meant in otherwise.items()
    ]
    missing = [
        Problem(label, 1, name, "missing column", None)
        for name in expected
        if name not in header and name not in otherwise.values()
    ]
    unexpected = [
        Problem(label, 1, name, "unexpected column", None)
        if name
        else Problem(label, 1, None, f"column {position} of the header has no name{UNNAMED}", None)
        for position, name in enumerate(header, start=1)
        if name not in expected and name not in otherwise
    ]
    duplicated = {name for name in header if name and header.count(name) > 1}
    repeated = [
        Problem(label, 1, name, "column appears more than once", None)
        for name in sorted(duplicated)
    ]
    problems = written_otherwise + missing + unexpected + repeated
    if not problems and header != expected:
        check = f"columns are in the wrong order; the header must be: {','.join(expected)}"
        problems.append(Problem(label, 1, None, check, ",".join(header)))
    return problems


def _plain_name(name: str) -> str:
    """A column name as it reads in a spreadsheet: without padding, hidden characters or
    capitals."""
    return "".join(c for c in name if unicodedata.category(c) != "Cf").strip().lower()


def _name_written_otherwise(name: str, meant: str) -> str:
    """Why the header's ``name`` is not the column ``meant``, which it looks like."""
    if name != name.strip():
        return f"column name {PADDED}"
    hidden = invisible_character(name)
    if hidden is not None:
        return f"column name {INVISIBLE.format(hidden)}"
    return f"column name must be lower case, as in {meant}"


@dataclass(frozen=True)
class RawRow:
    """One row of a raw CSV file: its path relative to the project, its line and its cells."""

    path: str
    line: int
    cells: dict[str, str]
    text: str


def read_rows(path: Path, root: Path) -> list[RawRow]:
    """Every data row of a raw CSV file under ``root`` (``data/raw``), with the line it starts on
    and its text as written; the path is shown as ``data/raw/<source>/<file>``."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, [])
    label = f"data/raw/{path.relative_to(root).as_posix()}"
    rows = []
    start = reader.line_num + 1
    for cells in reader:
        if cells:
            body = "\n".join(lines[start - 1 : reader.line_num])
            rows.append(RawRow(label, start, dict(zip(header, cells, strict=False)), body))
        start = reader.line_num + 1
    return rows
