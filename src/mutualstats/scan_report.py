"""Print a briefing scan and write its annotated copy.

Input: a :class:`~mutualstats.scan.ScanResult`. Output: CSV text, a fixed-width table with one
summary line, or ``reports/briefing-annotated.html`` (template ``templates/briefing_annotated.html``
with ``templates/briefing_annotated.css``, rendered by Jinja2 with autoescape).
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from mutualstats.config import PUBLISHED_FILE_MODE
from mutualstats.folders import publish_texts
from mutualstats.scan import FOOTNOTE_STATUSES, STATUSES, FootnoteRow, ScanResult, ScanRow
from mutualstats.scan_text import Briefing

#: The CSV columns, in order.
COLUMNS = ("line", "expression", "value", "unit", "qualifier", "footnote", "claim_id", "status")

#: The annotated copy, under ``reports/``.
ANNOTATED_HTML = "briefing-annotated.html"

#: Where the claim pages of the reviewer's site are, from ``reports/`` (``make report``).
SITE_CLAIM_PAGES = "site/claims/"


@dataclass(frozen=True)
class Segment:
    """A run of one line of the briefing, with the scan's status where it is an expression."""

    text: str
    status: str = ""
    title: str = ""
    claim_id: str = ""


def to_csv(rows: list[ScanRow]) -> str:
    """The rows as CSV with the header :data:`COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_cells(row) for row in rows)
    return buffer.getvalue()


def to_table(rows: list[ScanRow], footnotes: list[FootnoteRow] | None = None) -> str:
    """The rows as a fixed-width table, then the summary line and, given the text's
    ``footnotes``, the line counting them (:func:`footnote_summary`)."""
    cells = [COLUMNS, *(_cells(row) for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in cells]  # fmt: skip
    counted = [footnote_summary(footnotes)] if footnotes is not None else []
    return "\n".join([*lines, "", summary(rows), *counted]) + "\n"


def summary(rows: list[ScanRow]) -> str:
    """One line counting each status, e.g. ``matched 26, value-differs 0, ...``."""
    counts = {status: 0 for status in STATUSES}
    for row in rows:
        counts[row.status] += 1
    return ", ".join(f"{status} {count}" for status, count in counts.items())


def footnote_summary(footnotes: list[FootnoteRow]) -> str:
    """One line counting the text's footnote markers by what they close
    (:data:`~mutualstats.scan.FOOTNOTE_STATUSES`), each status no claim cites followed by its
    footnotes, e.g. ``footnotes 3: cited 2, no-number 1 (15), ...``."""
    parts = []
    for status in FOOTNOTE_STATUSES:
        numbers = [str(row.footnote) for row in footnotes if row.status == status]
        listed = f" ({', '.join(numbers)})" if numbers and status != "cited" else ""
        parts.append(f"{status} {len(numbers)}{listed}")
    return f"footnotes {len(footnotes)}: " + ", ".join(parts)


def write_annotated(
    result: ScanResult, path: Path, title: str, claim_pages: str = SITE_CLAIM_PAGES
) -> Path:
    """Write the briefing with each expression highlighted by status and titled with its claim
    id or reason; footnote text and page numbers are shown muted. A matched expression links to
    its claim's page on the reviewer's site, ``<claim_pages><claim id>.html`` (relative to
    ``path``)."""
    environment = Environment(
        loader=PackageLoader("mutualstats", "templates"), autoescape=select_autoescape(["html"])
    )
    template = environment.get_template("briefing_annotated.html")
    html = template.render(
        title=title,
        lines=annotated_lines(result.briefing, result.rows),
        skipped=result.briefing.skipped_lines,
        summary=summary(result.rows),
        statuses=STATUSES,
        claim_pages=claim_pages,
        missing=[row for row in result.rows if row.status == "missing-from-text"],
        footnotes=result.footnotes,
        footnote_statuses=FOOTNOTE_STATUSES,
        footnote_summary=footnote_summary(result.footnotes),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    return publish_texts({path: html}, PUBLISHED_FILE_MODE)[0]


def annotated_lines(briefing: Briefing, rows: list[ScanRow]) -> list[list[Segment]]:
    """Each line of the briefing as segments; an expression over a line break is cut at it."""
    marks: dict[int, list[tuple[int, int, ScanRow]]] = {}
    for row in rows:
        if row.span is None:
            continue
        by_line: dict[int, list[int]] = {}
        for position in range(*row.span):
            if briefing.column_of[position] >= 0:
                by_line.setdefault(briefing.line_of[position], []).append(
                    briefing.column_of[position]
                )
        for line, columns in by_line.items():
            marks.setdefault(line, []).append((min(columns), max(columns) + 1, row))
    return [_segments(text, sorted(marks.get(number, []), key=lambda mark: mark[0]))
            for number, text in enumerate(briefing.lines, start=1)]  # fmt: skip


def _segments(text: str, marks: list[tuple[int, int, ScanRow]]) -> list[Segment]:
    """``text`` cut at every mark's start and end, so each character is written once even where
    marks overlap ("falling to 53%" holds "53%"): a run covered by several marks links to the
    innermost and its title names every one, outermost first. ``marks`` are sorted by start; the
    marks open at each cut are carried from one cut to the next, so a line of many numbers takes
    time in proportion to them."""
    cuts = sorted({0, len(text), *(start for start, _, _ in marks), *(end for _, end, _ in marks)})
    segments = []
    waiting = iter(marks)
    upcoming = next(waiting, None)
    open_marks: list[tuple[int, int, ScanRow]] = []
    for start, end in itertools.pairwise(cuts):
        while upcoming is not None and upcoming[0] <= start:
            open_marks.append(upcoming)
            upcoming = next(waiting, None)
        open_marks = [mark for mark in open_marks if mark[1] > start]
        covering = sorted(
            (mark for mark in open_marks if end <= mark[1]),
            key=lambda mark: (mark[0] - mark[1], mark[0]),
        )
        if not covering:
            segments.append(Segment(text[start:end]))
            continue
        row = covering[-1][2]
        linked = row.claim_id if row.status == "matched" else ""
        title = "; ".join(_title(mark[2]) for mark in covering)
        segments.append(Segment(text[start:end], row.status, title, linked))
    return [segment for segment in segments if segment.text]


def _title(row: ScanRow) -> str:
    if row.status == "excluded":
        return f"excluded: {row.note}"
    if row.claim_id:
        return f"{row.claim_id} ({row.status})"
    return row.status


def _cells(row: ScanRow) -> tuple[str, ...]:
    return (
        "" if row.line is None else str(row.line),
        row.expression,
        row.value,
        row.unit,
        row.qualifier,
        "" if row.footnote is None else str(row.footnote),
        row.claim_id,
        row.status,
    )
