"""Error types that point at the file, line and column of bad input."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: At most this many problems are listed per file; the rest are counted in one closing line.
MAX_PROBLEMS_PER_FILE = 25


@dataclass(frozen=True)
class Problem:
    """One problem found in a raw file.

    ``line`` is the 1-based line in the raw file (the header is line 1), or None when the
    problem concerns the whole file or a column.
    """

    file: str
    line: int | None
    column: str | None
    check: str
    value: str | None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        column = f" column '{self.column}'" if self.column else ""
        return f"{where}{column}: {self.check}{_shown(self.value)}"

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return asdict(self)


#: The most characters of a cell a message repeats; the report (validation.json) keeps it whole.
MAX_VALUE_SHOWN = 120


def _shown(value: str | None) -> str:
    """A cell as a message repeats it: whole, or its start and its length where it is long; an
    empty one (an empty cell, a key with nothing after it) is said to be empty."""
    if value is None:
        return ""
    if value == "":
        return " (the value is empty)"
    if len(value) <= MAX_VALUE_SHOWN:
        return f" (value: {value!r})"
    return f" (value of {len(value):,} characters, beginning {value[:MAX_VALUE_SHOWN]!r})"


class MutualstatsError(Exception):
    """A problem the user can fix (a bad argument, an unwritable folder): one clear message."""


class DataNotBuiltError(MutualstatsError, FileNotFoundError):
    """A processed table is missing: the data have not been built (or were removed)."""


class DataPackageError(MutualstatsError):
    """The data package written from the processed tables is not valid, so it is not published."""


class ProcessedTableError(MutualstatsError):
    """A processed table cannot be read, or is not the file the build validated and wrote."""


class StaleDataError(ProcessedTableError):
    """The processed tables were built before an input (a raw file, the code that shapes the
    tables) changed."""


class AmbiguousRowsError(MutualstatsError, LookupError):
    """Several processed rows where a check or a chart reads one: a row was added that they
    cannot tell from another (the same figure for a period written two ways, or a new period
    they do not choose between)."""


def ambiguous(
    frame: pd.DataFrame, described: str, table: str, where: list[str] | None = None
) -> AmbiguousRowsError:
    """The error for the rows of ``frame`` matching ``described`` in ``table``, naming what
    tells them apart (their publications, periods, dates or editions) and, where given, the raw
    lines they were read from (``where``: ``data/raw/<source>/<file>:<line>``)."""
    columns = ("publication_id", "period", "reference_date", "period_end", "edition")
    shown = [column for column in columns if column in frame]
    rows = "; ".join(
        ", ".join(f"{column} {row[column]}" for column in shown) for _, row in frame.iterrows()
    )
    lines = f", read from {', '.join(where)}" if where else ""
    return AmbiguousRowsError(
        f"{len(frame)} rows of {described} in {table}, where one is read ({rows}){lines}: remove "
        "a copy, or write one period the way the others are written"
    )


class DataValidationError(MutualstatsError):
    """Raised with every problem found, so an analyst can fix them all in one pass.

    Each file lists at most :data:`MAX_PROBLEMS_PER_FILE` problems, then one line with the count
    of the rest; ``total`` is the count of every problem found.
    """

    def __init__(self, problems: list[Problem]):
        self.total = len(problems)
        self.problems = capped(list(dict.fromkeys(problems)))
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{self.total} problem(s) in the raw data:\n{lines}")


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """The first ``limit`` problems of each file, and for a file with more, one line saying how
    many more there are (a file's problems keep their order)."""
    kept: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.check.startswith("and ") and problem.line is None:
            kept.append(problem)  # already a closing count
            continue
        counts[problem.file] = counts.get(problem.file, 0) + 1
        if counts[problem.file] <= limit:
            kept.append(problem)
    for file, count in counts.items():
        if count > limit:
            check = f"and {count - limit} more problem(s) in this file ({count} in all)"
            kept.append(Problem(file, None, None, check, None))
    return kept


def write_validation_report(path: Path, problems: list[Problem], total: int | None = None) -> None:
    """Write ``reports/validation.json`` for this run: passed, or the problems found.

    Written on every run, so the file never describes an earlier one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "status": "failed" if problems else "passed",
        "problem_count": len(problems) if total is None else total,
        "problems": [problem.as_dict() for problem in problems],
    }
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)  # a write that failed (a full disk) leaves nothing


class ChecksumMismatchError(DataValidationError):
    """A raw file no longer matches the sha256 recorded in its source.yaml."""
