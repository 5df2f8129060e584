"""Prove every number of a briefing is registered: match each numeric expression to a claim.

Input: the briefing as plain text (read by :mod:`mutualstats.scan_text`), the ``briefing_claims``
register and the ``briefing_exclusions`` table. Output: a :class:`ScanResult`, one
:class:`ScanRow` per expression of the body text and one per registered claim the text does not
contain, each with a status (:data:`STATUSES`, with their meanings). :mod:`mutualstats.scan_report`
prints it.

Matching, in passes, each claim used once: (1) the same printed value and the same footnote;
(2) the same printed value where the expression's sentence has no marker and the claim carries the
next marker in the text (one marker closing a passage); (3) the same printed value between the
claims matched before and after it in reading order. What is left is excluded if
``exclusions.csv`` lists its expression with words of its sentence (each row excluding one place);
else it differs in value from
a claim of the same unit at that footnote and place; else it is unregistered.
"""

from __future__ import annotations

import errno
import math
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mutualstats.number_grammar import POUND_UNITS, UNIT_SCALES
from mutualstats.rawcsv import named_character
from mutualstats.scan_text import (
    Briefing,
    Expression,
    find_expressions,
    parse_briefing,
    printed_key,
)

#: Every status a row can have, in the order the summary counts them.
STATUSES = {
    "matched": "a registered claim of the audit",
    "value-differs": "a claim is registered at this place with another value",
    "unregistered": "a number neither registered as a claim nor excluded",
    "excluded": "not a claim (a date, a section number, a footnote's year), with the reason",
    "missing-from-text": "a registered claim the scan did not find in the text",
    "qualifier-differs": (
        "the claim registered here has another qualifier or unit than the text's (approximately, "
        "over, a percentage), which would change how it is judged"
    ),
    "footnote-differs": (
        "the claim printed here is registered at another footnote than the text's marker, so the "
        "audit names another citation than the briefing gives"
    ),
}

#: Statuses that mean the register and the text disagree: the scan exits 1 on any.
GAP_STATUSES = (
    "value-differs",
    "unregistered",
    "missing-from-text",
    "qualifier-differs",
    "footnote-differs",
)

#: A register qualifier the text's words cannot show: a span in words ("the past decade").
UNSHOWN_QUALIFIERS = {"none": ("loose_span",)}

#: Register units compared as the unit the text shows (a growth rate is printed as a percentage).
UNIT_FAMILY = {"pct_per_year": "pct", "pct_points": "pct"}


@dataclass(frozen=True)
class Claim:
    """The fields of a registered claim the scan compares."""

    rank: int
    claim_id: str
    printed: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    footnote: int | None


@dataclass(frozen=True)
class ScanRow:
    """One row of the scan: an expression of the text, or a registered claim not in it."""

    line: int | None
    expression: str
    value: str
    unit: str
    qualifier: str
    footnote: int | None
    claim_id: str
    status: str
    note: str = ""
    span: tuple[int, int] | None = None


#: What each footnote marker of the text closes, as the footnote table of a scan names it.
FOOTNOTE_STATUSES = {
    "cited": "registered claims give it as their footnote",
    "no-number": "its sentence prints no number: a point the audit cannot check by value",
    "numbers-excluded": "its sentence prints only numbers the exclusions list (dates, years)",
    "numbers-not-cited": (
        "its sentence prints a number that no claim registered at this footnote accounts for"
    ),
}


@dataclass(frozen=True)
class FootnoteRow:
    """One footnote marker of the text: where it first is, and the claims registered at it or
    what its sentence prints instead (:data:`FOOTNOTE_STATUSES`)."""

    footnote: int
    line: int
    claim_ids: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class ScanResult:
    """The rows of a scan, the exclusions no expression used, the briefing as read, and each
    footnote marker of its text with what it closes."""

    rows: list[ScanRow]
    briefing: Briefing
    unused_exclusions: list[str] = field(default_factory=list)
    footnotes: list[FootnoteRow] = field(default_factory=list)


#: A briefing is pages of prose; a larger file is not one (and would take long to scan).
MAX_BRIEFING_BYTES = 5_000_000


def read_briefing(path: Path) -> str:
    """The briefing's text. Raises OSError or UnicodeDecodeError if it is not readable UTF-8, is
    not a plain file (a device or pipe never ends), or is larger than a briefing can be."""
    if path.exists() and not path.is_dir():
        size = path.stat()
        if not stat.S_ISREG(size.st_mode):
            raise OSError(errno.EINVAL, "not a plain file (a device, pipe or socket)", str(path))
        if size.st_size > MAX_BRIEFING_BYTES:
            limit = f"{MAX_BRIEFING_BYTES // 1_000_000} MB"
            raise OSError(errno.EFBIG, f"larger than {limit}: not a briefing's text", str(path))
    return path.read_text(encoding="utf-8")


#: Characters that may hide in a text: anything but printable ASCII and the ASCII white space.
_MAYBE_HIDDEN = re.compile(r"[^\t\n\r\x20-\x7e]")


def hidden_character(text: str) -> tuple[int, int, str] | None:
    """The first character of ``text`` that prints as nothing and is not white space (a control
    character such as NUL, or a format character such as a zero-width space or a soft hyphen),
    as its line, its column (both from 1, lines counted as :func:`parse_briefing` counts them)
    and its name; None if there is none. A byte-order mark may open the text.

    Such a character splits what a reader sees as one number ("5\u200b3%" reads as 5 and 3%) and
    cuts an exclusion's words apart, so the scan would report gaps the page does not show.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in _MAYBE_HIDDEN.finditer(lines, 1 if lines.startswith("\ufeff") else 0):
        character = match.group()
        if unicodedata.category(character) in ("Cc", "Cf") and not character.isspace():
            start = match.start()
            line_start = lines.rfind("\n", 0, start) + 1
            return (
                lines.count("\n", 0, start) + 1,
                start - line_start + 1,
                named_character(character),
            )
    return None


def scan(text: str, claims: pd.DataFrame, exclusions: pd.DataFrame) -> ScanResult:
    """Find every numeric expression of ``text`` and give each a status against the register.

    ``claims`` needs the ``briefing_claims`` columns claim_id, value_as_printed, value,
    value_high, unit, qualifier and footnote; ``exclusions`` those of ``briefing_exclusions``
    (expression, context, reason).
    """
    briefing = parse_briefing(text)
    expressions = find_expressions(briefing)
    register = claim_records(claims)
    assigned = match_claims(expressions, register)
    excluded, unused = apply_exclusions(expressions, assigned, exclusions)
    differing = pair_differing(expressions, register, assigned, excluded)
    by_id = {claim.claim_id: claim for claim in register}
    rows = [
        _text_row(expression, index, assigned, differing, excluded, by_id)
        for index, expression in enumerate(expressions)
    ]
    found = set(assigned.values()) | set(differing.values())
    # Words already read as another claim's are not read again: a row registered twice (a copied
    # row given a new id) would otherwise be matched where its twin is, and none would be missing.
    taken = {(e.start, e.end) for i, e in enumerate(expressions) if i in assigned or i in differing}
    for claim in register:
        if claim.claim_id in found:
            continue
        worded = _worded_row(briefing, claim, taken)
        if worded is not None and worded.span is not None:
            taken.add(worded.span)
        rows.append(worded or _missing_row(claim))
    return ScanResult(rows, briefing, unused, footnote_rows(briefing, rows, register))


def footnote_rows(
    briefing: Briefing, rows: list[ScanRow], register: list[Claim]
) -> list[FootnoteRow]:
    """Each footnote number the text marks, once, in the order first marked: the claims found in
    the text that the register gives that footnote, or else what the expressions its sentences
    print are (none, only excluded ones, or some no claim at that footnote accounts for)."""
    first_line: dict[int, int] = {}
    for marker in briefing.markers:
        first_line.setdefault(marker.number, briefing.line_of[marker.start])
    in_text = {row.claim_id for row in rows if row.span is not None}
    footnotes = []
    for number, line in first_line.items():
        cited = tuple(
            claim.claim_id
            for claim in register
            if claim.footnote == number and claim.claim_id in in_text
        )
        statuses = {row.status for row in rows if row.footnote == number and row.span is not None}
        if cited:
            status = "cited"
        elif not statuses:
            status = "no-number"
        elif statuses == {"excluded"}:
            status = "numbers-excluded"
        else:
            status = "numbers-not-cited"
        footnotes.append(FootnoteRow(number, line, cited, status))
    return footnotes


def has_gaps(rows: list[ScanRow]) -> bool:
    """Whether any row is unregistered, differs in value or is missing from the text."""
    return any(row.status in GAP_STATUSES for row in rows)


def claim_records(claims: pd.DataFrame) -> list[Claim]:
    """The register as :class:`Claim` records, in claim id (reading) order."""
    ordered = claims.sort_values("claim_id", kind="stable").reset_index(drop=True)
    return [
        Claim(
            rank=rank,
            claim_id=str(row.claim_id),
            printed=printed_key(row.value_as_printed),
            value=float(row.value),
            value_high=None if pd.isna(row.value_high) else float(row.value_high),
            unit=UNIT_FAMILY.get(str(row.unit), str(row.unit)),
            qualifier=str(row.qualifier),
            footnote=None if pd.isna(row.footnote) else int(row.footnote),
        )
        for rank, row in enumerate(ordered.itertuples(index=False))
    ]


Rule = Callable[[Expression, Claim], bool]

#: The matching passes, strictest first; the last two only look between claims already placed.
MATCH_RULES: tuple[tuple[Rule, bool], ...] = (
    (lambda e, c: e.printed == c.printed and e.footnote == c.footnote, False),
    (
        lambda e, c: (
            e.printed == c.printed and e.footnote is None and e.next_footnote == c.footnote
        ),
        True,
    ),
    (lambda e, c: e.printed == c.printed, True),
)


def match_claims(expressions: list[Expression], register: list[Claim]) -> dict[int, str]:
    """Expression index -> claim id for every expression printed as a claim is, each claim once."""
    assigned: dict[int, str] = {}
    for rule, in_order in MATCH_RULES:
        for index, expression in enumerate(expressions):
            if index in assigned:
                continue
            for claim in _candidates(index, register, assigned, in_order):
                if rule(expression, claim):
                    assigned[index] = claim.claim_id
                    break
    return assigned


def apply_exclusions(
    expressions: list[Expression], assigned: dict[int, str], exclusions: pd.DataFrame
) -> tuple[dict[int, str], list[str]]:
    """Expression index -> reason for each unmatched expression an exclusion names, and the
    exclusions that named none (``expression | context``). Each exclusion excludes one place,
    the first it names, as each claim matches one: the same words elsewhere stay unregistered
    until an exclusion of their own (with context telling them apart) names them."""
    keys = [
        (printed_key(row.expression), printed_key(row.context), str(row.reason))
        for row in exclusions.itertuples(index=False)
    ]
    excluded: dict[int, str] = {}
    used: set[int] = set()
    for index, expression in enumerate(expressions):
        if index in assigned:
            continue
        for position, (printed, context, reason) in enumerate(keys):
            if position in used:
                continue
            if printed == expression.printed and context in expression.sentence:
                excluded[index] = reason
                used.add(position)
                break
    unused = [f"{keys[i][0]} | {keys[i][1]}" for i in range(len(keys)) if i not in used]
    return excluded, unused


def pair_differing(
    expressions: list[Expression],
    register: list[Claim],
    assigned: dict[int, str],
    excluded: dict[int, str],
) -> dict[int, str]:
    """Expression index -> claim id where a claim not found in the text sits at the same footnote
    and place, with the same unit, but is printed otherwise."""
    differing: dict[int, str] = {}
    for index, expression in enumerate(expressions):
        if index in assigned or index in excluded:
            continue
        taken = assigned | differing
        for claim in _candidates(index, register, taken, in_order=True):
            if _unit_kind(claim.unit) == _unit_kind(expression.unit) and _same_place(
                expression, claim
            ):
                differing[index] = claim.claim_id
                break
    return differing


def _same_place(expression: Expression, claim: Claim) -> bool:
    if expression.footnote is not None:
        return expression.footnote == claim.footnote
    return claim.footnote in (None, expression.next_footnote)


def _candidates(
    index: int, register: list[Claim], assigned: dict[int, str], in_order: bool
) -> list[Claim]:
    """Claims not yet used; with ``in_order``, only those between the claims matched to the
    expressions before and after ``index``."""
    used = set(assigned.values())
    free = [claim for claim in register if claim.claim_id not in used]
    if not in_order or not free:
        return free
    rank = {claim.claim_id: claim.rank for claim in register}
    low = max((rank[c] for i, c in assigned.items() if i < index), default=-1)
    high = min((rank[c] for i, c in assigned.items() if i > index), default=len(register))
    return [claim for claim in free if low < claim.rank < high]


def _text_row(
    expression: Expression,
    index: int,
    assigned: dict[int, str],
    differing: dict[int, str],
    excluded: dict[int, str],
    register: dict[str, Claim],
) -> ScanRow:
    if index in assigned:
        claim_id, status, note = assigned[index], "matched", ""
        worded = _worded_otherwise(expression, register[claim_id])
        placed = _placed_otherwise(expression, register[claim_id])
        if placed:
            status, note = "footnote-differs", "; ".join(filter(None, (placed, worded)))
        elif worded:
            status, note = "qualifier-differs", worded
    elif index in differing:
        claim_id, status, note = differing[index], "value-differs", ""
    elif index in excluded:
        claim_id, status, note = "", "excluded", excluded[index]
    else:
        claim_id, status, note = "", "unregistered", ""
    return ScanRow(
        line=expression.line,
        expression=expression.text,
        value=plain_number(expression.value, expression.value_high),
        unit=expression.unit,
        qualifier=expression.qualifier,
        footnote=expression.footnote,
        claim_id=claim_id,
        status=status,
        note=note,
        span=(expression.start, expression.end),
    )


def _worded_otherwise(expression: Expression, claim: Claim) -> str:
    """How a matched claim's qualifier or unit differs from the text's, or "" where they agree
    (a register qualifier the words cannot show, :data:`UNSHOWN_QUALIFIERS`, agrees)."""
    shown = expression.qualifier == claim.qualifier or claim.qualifier in UNSHOWN_QUALIFIERS.get(
        expression.qualifier, ()
    )
    differences = []
    if not shown:
        differences.append(
            f"qualifier {claim.qualifier} registered, {expression.qualifier} printed"
        )
    if not _same_unit(expression, claim):
        differences.append(f"unit {claim.unit} registered, {expression.unit} printed")
    return "; ".join(differences)


def _unit_kind(unit: str) -> str:
    """A unit as the text shows it: an amount of pounds at any scale is ``gbp``."""
    return "gbp" if unit in POUND_UNITS else unit


def _same_unit(expression: Expression, claim: Claim) -> bool:
    """Whether the text shows the claim's unit: the same unit, or the same amount of pounds at
    another scale ("£20,000m" printed is 20 gbp_billion registered; "£20" is not)."""
    if expression.unit == claim.unit:
        return True
    if _unit_kind(expression.unit) != "gbp" or _unit_kind(claim.unit) != "gbp":
        return False
    if expression.value is None:
        return False
    printed = expression.value * UNIT_SCALES.get(expression.unit, 1.0)
    return math.isclose(printed, claim.value * UNIT_SCALES.get(claim.unit, 1.0))


def _placed_otherwise(expression: Expression, claim: Claim) -> str:
    """How a matched claim's footnote differs from the text's, or "" where it is the marker of the
    expression's sentence or, in a sentence with none, the next marker or none (a claim matched by
    its printed value alone, between its neighbours, may carry a footnote the text does not)."""
    if _same_place(expression, claim):
        return ""
    printed = expression.footnote if expression.footnote is not None else expression.next_footnote
    return f"footnote {_footnote(claim.footnote)} registered, {_footnote(printed)} printed"


def _footnote(number: int | None) -> str:
    return "none" if number is None else str(number)


def _worded_row(briefing: Briefing, claim: Claim, taken: set[tuple[int, int]]) -> ScanRow | None:
    """A claim implied by words of the text rather than printed as a number of its own (a fall in
    "falling to 53%", a comparison "than the average"): matched where its printed words occur in
    the claim's sentence, the one that carries its footnote marker, and are not exactly words
    already read as another claim (``taken``: spans of the stream); None if they do not occur."""
    words = r"\s+".join(re.escape(word) for word in claim.printed.split())
    for found in re.finditer(words, briefing.stream, re.IGNORECASE):
        if claim.footnote is not None and _marker_after(briefing, found.end()) != claim.footnote:
            continue
        if found.span() in taken:
            continue
        return _claim_row(
            claim,
            "matched",
            line=briefing.line_of[found.start()],
            note="implied by these words, not printed as a number of its own",
            span=(found.start(), found.end()),
        )
    return None


def _marker_after(briefing: Briefing, position: int) -> int | None:
    """The number of the first footnote marker after ``position`` in the body."""
    following = [marker for marker in briefing.markers if marker.start >= position]
    return min(following, key=lambda marker: marker.start).number if following else None


def _missing_row(claim: Claim) -> ScanRow:
    return _claim_row(claim, "missing-from-text")


def _claim_row(
    claim: Claim,
    status: str,
    line: int | None = None,
    note: str = "",
    span: tuple[int, int] | None = None,
) -> ScanRow:
    """A scan row that reports a registered claim itself (not an expression found in the text)."""
    return ScanRow(
        line=line,
        expression=claim.printed,
        value=plain_number(claim.value, claim.value_high),
        unit=claim.unit,
        qualifier=claim.qualifier,
        footnote=claim.footnote,
        claim_id=claim.claim_id,
        status=status,
        note=note,
        span=span,
    )


def plain_number(value: float | None, value_high: float | None = None) -> str:
    """The CSV value column, machine-readable: plain digits (25000, 1.5, 33.333), a range as
    low-high, empty if implicit. Values for reading are shown by ``statistic.format_value``."""
    if value is None:
        return ""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if value_high is None else f"{text}-{plain_number(value_high)}"
