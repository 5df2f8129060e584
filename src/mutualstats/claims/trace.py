"""The raw rows behind a claim's statistic: file under ``data/raw/<source_id>/`` and line.

Input: a :class:`~mutualstats.statistic.Statistic` (its source folder, publication id, measure,
value and period) and the raw CSV files of its folder. Output: the matching rows, each with its
file, its 1-based line in that file (the header is line 1) and its cells as written.

A row matches when it was read from the statistic's publication and gives its measure: in a long
table, the ``measure`` cell; in a wide table (British Social Attitudes), a column named after the
measure. Where several rows match, those with the statistic's value, then those of its period,
are kept, each narrowing only when it leaves a row. A derived statistic has no raw row of its
own: its inputs (:data:`DERIVED_INPUTS`) are traced instead, in the same publication and period.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from mutualstats.config import DERIVED_SHARES, SETTLEMENT_MARGIN_INPUTS, raw_dir
from mutualstats.rawcsv import RawRow, read_rows
from mutualstats.statistic import Statistic

__all__ = ["RawRow", "context_rows", "raw_rows", "read_rows"]

#: The published measures a derived measure is computed from: the share leaving the sector is
#: turnover times the share of leavers not staying (``workforce.leaving_sector_rate``); the years
#: NHS satisfaction is the lowest of come from the year's share and the publisher's "lowest since"
#: statement about it, the change on the previous year from the year's share, and the change the
#: publisher states from its statement (``claims.satisfaction``); a published range from its two
#: ends (``claims.mutual_sector``).
DERIVED_INPUTS = {
    "leaving_sector_rate_pct": ("turnover_rate_pct", "leavers_staying_in_sector_pct"),
    "nhs_years_lowest_stated": ("nhs_satisfied_pct",),
    "nhs_years_provably_lowest": ("nhs_satisfied_pct",),
    "nhs_satisfied_change_pp": ("nhs_satisfied_pct",),
    "nhs_satisfied_change_stated_pp": ("nhs_satisfied_pct",),
    "social_care_satisfied_change_stated_pp": ("social_care_satisfied_pct",),
    **DERIVED_SHARES,
    "settlement_margin_over_minimum_pp": SETTLEMENT_MARGIN_INPUTS,
    "productivity_growth_pct_range": (
        "productivity_growth_pct_low",
        "productivity_growth_pct_high",
    ),
}

#: The kind of publisher statement a derived measure reads, where it reads one: its other
#: statements about the same share (the change from the year before) are not among its rows.
DERIVED_STATEMENTS = {
    "nhs_years_lowest_stated": "lowest_since",
    "nhs_satisfied_change_stated_pp": "change_from_previous_year",
    "social_care_satisfied_change_stated_pp": "change_from_previous_year",
}

#: The period of a change between two periods, as its statistic states it ("2017 to 2018").
SPAN = re.compile(r"^(?P<start>\S+) to (?P<end>\S+)$")
#: The derived measures that are such a change, traced to each end of the span; any other
#: derived measure of a span ("2019-20 to 2023-24") is worked out from rows of that span.
CHANGES = (
    "nhs_satisfied_change_pp",
    "nhs_satisfied_change_stated_pp",
    "social_care_satisfied_change_stated_pp",
)

#: Columns that hold a row's period, in the raw tables that have one.
PERIOD_COLUMNS = ("year", "reference_year", "period", "reference_date", "period_end", "edition")


def raw_rows(statistic: Statistic, root: Path | None = None) -> list[RawRow]:
    """The raw rows ``statistic`` was read from (or, if derived, computed from), in file order.

    ``root`` is the folder holding the source folders (default ``data/raw``). A statistic with no
    publication id, or whose folder does not exist, has none.
    """
    root = root or raw_dir()
    folder = root / statistic.source_id
    if not statistic.publication_id or not folder.is_dir():
        return []
    table = [row for path in sorted(folder.glob("*.csv")) for row in read_rows(path, root)]
    ours = [row for row in table if row.cells.get("publication_id") == statistic.publication_id]
    found = _narrowed(statistic, [row for row in ours if _gives(row, statistic.measure)])
    if found or statistic.measure not in DERIVED_INPUTS:
        return found
    span = SPAN.match(statistic.period or "")
    if span and statistic.measure in CHANGES:
        return _span_rows(statistic, table, (span["start"], span["end"]))
    stated = DERIVED_STATEMENTS.get(statistic.measure)
    return [
        row
        for measure in DERIVED_INPUTS[statistic.measure]
        for row in _narrowed(statistic, [row for row in ours if _gives(row, measure)], value=False)
        if row.cells.get("statement", stated) in (stated, "")
    ]


def context_rows(
    judged: list[RawRow], context: tuple[Statistic, ...], root: Path | None = None
) -> list[RawRow]:
    """The raw rows of the other values a check's evidence cites (``Recomputation.context``), in
    the order cited, each once, leaving out ``judged``, the rows the judged value was read from
    (:func:`raw_rows`, already traced by the caller)."""
    used = {(row.path, row.line) for row in judged}
    found = []
    for cited in context:
        for row in raw_rows(cited, root):
            if (row.path, row.line) not in used:
                used.add((row.path, row.line))
                found.append(row)
    return found


def _span_rows(statistic: Statistic, table: list[RawRow], periods: tuple[str, str]) -> list[RawRow]:
    """The rows a change between two periods is computed from: for each input measure and each
    end of the span, the row stating its value then (the statistic's own publication's where it
    has one, else the publication that states it), in file order."""
    chosen: dict[tuple[str, int], RawRow] = {}
    for measure in DERIVED_INPUTS[statistic.measure]:
        for period in periods:
            stating = [
                row for row in table if _states_value(row, measure) and _in_period(row, period)
            ]
            ours = [r for r in stating if r.cells.get("publication_id") == statistic.publication_id]
            chosen.update({(row.path, row.line): row for row in ours or stating})
    return [chosen[key] for key in sorted(chosen)]


def _states_value(row: RawRow, measure: str) -> bool:
    """Whether the row gives a value of ``measure`` (not a statement about it, not a blank)."""
    if "measure" in row.cells:
        return (
            row.cells["measure"] == measure
            and not row.cells.get("statement")
            and bool(row.cells.get("value"))
        )
    return bool(row.cells.get(measure))


def _gives(row: RawRow, measure: str) -> bool:
    if "measure" in row.cells:
        return row.cells["measure"] == measure or not measure
    return bool(measure) and measure in row.cells


def _narrowed(statistic: Statistic, rows: list[RawRow], value: bool = True) -> list[RawRow]:
    if value and statistic.value is not None:
        rows = _kept(rows, lambda row: _same_number(_value_cell(row, statistic), statistic.value))
    return _kept(rows, lambda row: _in_period(row, statistic.period))


def _kept(rows: list[RawRow], keep) -> list[RawRow]:
    kept = [row for row in rows if keep(row)]
    return kept or rows


def _value_cell(row: RawRow, statistic: Statistic) -> str:
    if "measure" in row.cells or statistic.measure not in row.cells:
        return row.cells.get("value", "")
    return row.cells[statistic.measure]


def _same_number(cell: str, value: float | None) -> bool:
    try:
        return value is not None and math.isclose(float(cell.replace(",", "")), value)
    except ValueError:
        return False


def _in_period(row: RawRow, period: str) -> bool:
    """Whether a period cell of the row is the statistic's period or begins it (2017 for
    2017/18)."""
    cells = [row.cells.get(column, "") for column in PERIOD_COLUMNS]
    return any(cell and (cell == period or period.startswith(cell)) for cell in cells)
