"""Error types that point at the file, line and column of bad input."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
        value = "" if self.value is None else f" (value: {self.value!r})"
        return f"{where}{column}: {self.check}{value}"

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return asdict(self)


class DataValidationError(Exception):
    """Raised with every problem found, so an analyst can fix them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the raw data:\n{lines}")


class ChecksumMismatchError(DataValidationError):
    """A raw file no longer matches the sha256 recorded in its source.yaml."""
