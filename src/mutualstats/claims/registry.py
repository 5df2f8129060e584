"""The register of checks and the one rule that turns a recomputed value into a verdict.

A check is declared once per claim id with :func:`check`, with what it judges the claim on (a
:class:`Declaration`: unit and measure), which the register's row must state. It receives the
claim as registered in ``data/raw/briefing/claims.csv`` and a period (the survey year or edition
it reads; the briefing's own is the claim's ``period``) and returns a :class:`Recomputation`: the
:class:`Statistic` the data gives, read from a named publication, with the evidence and caveats.
:func:`judge` then decides the verdict in the same way for every claim; no check decides one
itself. The audit and :mod:`mutualstats.restate` both call :func:`recompute`, so there is no
second copy of a lookup.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from mutualstats.config import (
    ALMOST_TOLERANCE,
    APPROXIMATE_TOLERANCE,
    OVER_TOLERANCE,
    QUALIFIERS,
    REGISTER_FILE,
    REGISTER_FOLDER,
    VERDICTS,
    raw_dir,
)
from mutualstats.errors import MutualstatsError
from mutualstats.rawcsv import read_rows
from mutualstats.statistic import Statistic, format_bound, listed

#: Between a reproduced-with-caveat claim's evidence and its caveats, in its note.
CAVEAT_LEAD = " Caveat: "


class NotAvailableError(LookupError):
    """The data holds no value for what a check asks (no such year, edition or row)."""


@dataclass(frozen=True)
class Claim:
    """One numeric statement of the briefing, as registered."""

    claim_id: str
    section: str
    subject: str
    measure: str | None
    footnote: int | None
    value_as_printed: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    reference_period: str | None
    period: int | None
    cited_source_id: str | None
    cited_publication_id: str | None
    cited_page: str | None
    #: The footnote as the briefing prints it (``cited_source``), where it has one.
    cited_source: str | None = None
    #: The subheading the claim is printed under, as the register names it (``paragraph``).
    paragraph: str | None = None

    @classmethod
    def from_row(cls, row: pd.Series) -> Claim:
        """Build a claim from a row of the ``briefing_claims`` table."""
        return cls(
            claim_id=row["claim_id"],
            section=row["section"],
            subject=row["subject"],
            measure=_text_or_none(row["measure"]),
            footnote=None if pd.isna(row["footnote"]) else int(row["footnote"]),
            value_as_printed=row["value_as_printed"],
            value=float(row["value"]),
            value_high=None if pd.isna(row["value_high"]) else float(row["value_high"]),
            unit=row["unit"],
            qualifier=row["qualifier"],
            reference_period=_text_or_none(row["reference_period"]),
            period=None if pd.isna(row["period"]) else int(row["period"]),
            cited_source_id=_text_or_none(row["cited_source_id"]),
            cited_publication_id=_text_or_none(row["cited_publication_id"]),
            cited_page=_text_or_none(row["cited_page"]),
            cited_source=_text_or_none(row["cited_source"]),
            paragraph=_text_or_none(row["paragraph"]),
        )


@dataclass(frozen=True)
class Recomputation:
    """What a check found: the statistic judged (None if none was found), evidence, caveats, and
    the other published values the evidence cites (``context``), each traced to its raw row for
    the reviewer."""

    statistic: Statistic | None
    evidence: str
    caveats: tuple[str, ...] = ()
    context: tuple[Statistic, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A claim's verdict with the statistic it was judged on, the evidence note and the caveats on
    the value found (none where no value was found)."""

    verdict: str
    statistic: Statistic | None
    note: str
    caveats: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")

    @property
    def recomputed_value(self) -> float | None:
        """The value the data gives, if any."""
        return None if self.statistic is None else self.statistic.value

    @property
    def publication_id(self) -> str | None:
        """The publication the value was read from, if any."""
        return None if self.statistic is None else self.statistic.publication_id

    @property
    def source_id(self) -> str | None:
        """The ``data/raw`` folder holding that publication's rows, if any."""
        return None if self.statistic is None else self.statistic.source_id


Check = Callable[[Claim, "int | None"], Recomputation]


@dataclass(frozen=True)
class Declaration:
    """What a check judges its claim on, declared beside it (:func:`check`): the unit the claim is
    printed in, and the measure judged (None for a span with no figure). The register's row of the
    claim must state both (columns ``unit`` and ``measure``), so a row given another claim's id
    is refused rather than judged by a check written for another statistic."""

    unit: str
    measure: str | None

    def __str__(self) -> str:
        return f"{self.measure or 'no measure'} in {self.unit}"


class RegisterError(MutualstatsError):
    """The register and the checks disagree: a claim without a check, a check without a claim, a
    period where a check reads none (or none where it reads one), or a row whose unit or measure
    is not what its claim's check judges."""


class UncheckedClaimError(RegisterError):
    """Claims in the register that no check recomputes."""


def require_checks(claim_ids: list[str]) -> None:
    """Refuse a register holding claims without a check, naming every one and its line.

    Raises
    ------
    UncheckedClaimError
        Naming each claim with no registered check, where the register holds it.
    """
    unchecked = [claim_id for claim_id in claim_ids if claim_id not in CHECKS]
    if unchecked:
        raise UncheckedClaimError(_unchecked_problem(unchecked, register_lines()))


def require_register(register: list[Claim]) -> None:
    """Refuse a register the checks do not match, naming every mismatch at once: a claim
    without a check (:func:`require_checks`), a check without a row, a ``period`` given
    where the claim's check reads none, or missing where it reads one (a survey year or
    edition; :data:`PERIOD_DEPENDENT_CHECKS`), and a row whose ``unit`` or ``measure`` is not
    what the claim's check declares it judges (:data:`DECLARATIONS`; two rows whose claim ids
    were exchanged). The register file is read for its lines only where there is a mismatch to
    name.

    Raises
    ------
    RegisterError
        Naming each row (its line and column) or each claim missing from the register.
    """
    unchecked = [claim.claim_id for claim in register if claim.claim_id not in CHECKS]
    missing = sorted(set(CHECKS) - {claim.claim_id for claim in register})
    periods = [
        claim
        for claim in register
        if claim.claim_id in CHECKS
        and (claim.claim_id in PERIOD_DEPENDENT_CHECKS) == (claim.period is None)
    ]
    undeclared = [
        claim
        for claim in register
        if claim.claim_id in DECLARATIONS and _declared(claim) != DECLARATIONS[claim.claim_id]
    ]
    if not (unchecked or missing or periods or undeclared):
        return
    where, label = register_lines(), register_label()
    problems = [_unchecked_problem(unchecked, where)] if unchecked else []
    problems += [
        f"{label}: no row for {claim_id}, which a check recomputes; restore its row"
        for claim_id in missing
    ]
    for claim in periods:
        line = f"{label}:{where[claim.claim_id]}" if claim.claim_id in where else label
        if claim.period is None:
            problems.append(
                f"{line} column 'period': {claim.claim_id}'s check reads a survey year or "
                "edition; give the briefing's"
            )
        else:
            problems.append(
                f"{line} column 'period': {claim.claim_id}'s check reads no period, so it would "
                f"not move with one (value: '{claim.period}'); leave it empty"
            )
    problems += [_undeclared_problem(claim, label, where) for claim in undeclared]
    if unchecked and len(problems) == 1:
        raise UncheckedClaimError(problems[0])
    raise RegisterError("; ".join(problems))


def _unchecked_problem(unchecked: list[str], where: dict[str, int]) -> str:
    """The message naming each claim with no registered check, and its line."""
    named = ", ".join(
        f"{claim_id} (line {where[claim_id]})" if claim_id in where else claim_id
        for claim_id in unchecked
    )
    return (
        f"{register_label()}, column claim_id: no check recomputes {named}; register one with "
        "@check(...) in src/mutualstats/claims/, or remove the row"
    )


def _declared(claim: Claim) -> Declaration:
    """The unit and measure the register's row of ``claim`` states."""
    return Declaration(claim.unit, claim.measure)


def _undeclared_problem(claim: Claim, label: str, where: dict[str, int]) -> str:
    """The message naming a row whose unit or measure is not what its claim's check judges, the
    columns that differ, and the claims whose checks judge what the row states (if any)."""
    line = f"{label}:{where[claim.claim_id]}" if claim.claim_id in where else label
    declared, given = DECLARATIONS[claim.claim_id], _declared(claim)
    columns = [
        column
        for column in ("unit", "measure")
        if getattr(declared, column) != getattr(given, column)
    ]
    named = ", ".join(f"'{column}'" for column in columns)
    owners = [other for other, judged in DECLARATIONS.items() if judged == given]
    whose = (
        f", which the check{'s' if len(owners) > 1 else ''} of {listed(owners)} "
        f"judge{'' if len(owners) > 1 else 's'} (claim ids exchanged between rows?)"
        if owners
        else ""
    )
    return (
        f"{line} column{'s' if len(columns) > 1 else ''} {named}: {claim.claim_id}'s check judges "
        f"{declared}, but the row gives {given}{whose}"
    )


def register_label() -> str:
    """The register as messages name it."""
    return f"data/raw/{REGISTER_FOLDER}/{REGISTER_FILE}"


def register_lines() -> dict[str, int]:
    """The line each claim id starts on in the register, as an editor counts it."""
    register = raw_dir() / REGISTER_FOLDER / REGISTER_FILE
    if not register.is_file():
        return {}
    return {row.cells.get("claim_id", ""): row.line for row in read_rows(register, raw_dir())}


#: Every check, by claim id; filled by the :func:`check` decorator.
CHECKS: dict[str, Check] = {}

#: Sources a check consults as evidence besides the one its statistic names.
EVIDENCE_SOURCES: dict[str, tuple[str, ...]] = {}

#: What each claim's check judges it on (unit and measure), by claim id; filled by :func:`check`.
DECLARATIONS: dict[str, Declaration] = {}

#: The claims whose check reads a period (a survey year or edition): their row in the register
#: gives the briefing's, and ``restate`` moves it.
PERIOD_DEPENDENT_CHECKS: set[str] = set()


def check(
    claim_id: str,
    *,
    unit: str,
    measure: str | None,
    evidence_from: tuple[str, ...] = (),
    reads_period: bool = False,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of ``claim_id``.

    ``unit`` is the unit the claim is printed in and ``measure`` the measure the check judges it
    on: the ``measure`` of the statistic it returns for the briefing, or one that statistic is
    derived from (``trace.DERIVED_INPUTS``: "lowest in n years" is judged on the NHS share
    satisfied, whichever count of years it returns); a comparator population's measure
    (``config.COMPARATOR_SOURCES``) is prefixed by its folder
    (``seuk_social_enterprise.profitable_pct``); None for a span with no figure. The register's
    row must give both (:func:`require_register`). ``evidence_from`` names further sources the
    check reads for its evidence note; ``reads_period`` says the check reads a survey year or
    edition (the register's ``period``).
    """

    def register(function: Check) -> Check:
        if claim_id in CHECKS:
            raise ValueError(f"{claim_id} already has a check: {CHECKS[claim_id].__name__}")
        CHECKS[claim_id] = function
        DECLARATIONS[claim_id] = Declaration(unit, measure)
        EVIDENCE_SOURCES[claim_id] = evidence_from
        if reads_period:
            PERIOD_DEPENDENT_CHECKS.add(claim_id)
        return function

    return register


def recompute(claim: Claim, period: int | None = None) -> Recomputation:
    """Run the claim's check for ``period`` (default: the briefing's, the claim's ``period``).

    A period the data does not cover gives a recomputation without a statistic that says why.

    Raises
    ------
    UncheckedClaimError
        If the claim has no registered check.
    """
    require_checks([claim.claim_id])
    try:
        return CHECKS[claim.claim_id](claim, claim.period if period is None else period)
    except NotAvailableError as missing:
        return Recomputation(None, f"{missing.args[0]}.")


def admitted_interval(claim: Claim) -> tuple[float, float]:
    """The closed interval of true values the printed number and its qualifier admit
    (meanings in ``config.QUALIFIERS``)."""
    value, half_step = claim.value, _half_step(claim)
    bounds = {
        "none": (value - half_step, value + half_step),
        "average": (value - half_step, value + half_step),
        "approximately": (value * (1 - APPROXIMATE_TOLERANCE), value * (1 + APPROXIMATE_TOLERANCE)),
        "around": (value * (1 - APPROXIMATE_TOLERANCE), value * (1 + APPROXIMATE_TOLERANCE)),
        "almost": (value * (1 - ALMOST_TOLERANCE), value),
        "over": (value, value * (1 + OVER_TOLERANCE)),
        "one_in_n": _one_in_n(value) if value else (math.nan, math.nan),
        "range": (value - half_step, (claim.value_high or value) + half_step),
        "lowest_in_n_years": (value, math.inf),
        "above": (value, math.inf),
        "below": (-math.inf, value),
        "loose_span": (math.nan, math.nan),
    }
    if claim.qualifier not in QUALIFIERS or set(bounds) != set(QUALIFIERS):
        raise ValueError(f"{claim.claim_id}: unknown qualifier {claim.qualifier!r}")
    return bounds[claim.qualifier]


def admitted_in_words(claim: Claim) -> str:
    """The interval ``claim`` admits, in its unit: "52.5% to 53.5%", "50% or more", "0 percentage
    points or less"; "" for a statement with no figure (a loose span)."""
    low, high = admitted_interval(claim)
    if math.isnan(low):
        return ""
    if claim.qualifier == "range":
        lower, upper = (
            f"{format_bound(low, claim.unit)} to {format_bound(high, claim.unit)}"
            for low, high in _range_ends(claim)
        )
        return f"a lower end of {lower} and an upper end of {upper}"
    if math.isinf(high):
        return f"{format_bound(low, claim.unit)} or more"
    if math.isinf(low):
        return f"{format_bound(high, claim.unit)} or less"
    if low == high:
        return f"{format_bound(low, claim.unit)} alone"
    return f"{format_bound(low, claim.unit)} to {format_bound(high, claim.unit)}"


def judge(claim: Claim, found: Recomputation) -> Finding:
    """The verdict on ``claim`` given what its check found, by one rule for every claim.

    A loose span with no figure is ``not-checkable``; no value is ``unverified``; a value outside
    the admitted interval ``differs``; inside it, a value read from another publication than the
    one the footnote cites (another edition of the same source included) is ``misattributed``,
    its note naming what is held of the cited one (its source.yaml ``pages``), which may not be
    all of it;
    otherwise ``reproduced``, or ``reproduced-with-caveat`` when the check records a caveat, the
    value found was published as a lower bound ("more than 132,000") or the footnote cites no
    publication held as data.
    """
    statistic, evidence = found.statistic, found.evidence
    if claim.qualifier == "loose_span":
        return Finding("not-checkable", statistic, f"{QUALIFIERS['loose_span']}. {evidence}")
    if statistic is None or statistic.value is None:
        return Finding("unverified", statistic, evidence)
    caveats = list(found.caveats)
    if statistic.lower_bound:
        # Judged as the printed number, as the publisher gives no upper end: say so.
        caveats.append(
            f"published as a lower bound ({statistic.shown()}): the true value may be higher"
        )
    if not _admits(claim, statistic):
        return Finding("differs", statistic, evidence, tuple(caveats))
    if claim.cited_publication_id is None:
        uncited = "the footnote cites no publication held" if claim.footnote else "no footnote"
        caveats.insert(0, f"{uncited} (found in {_found_in(statistic)})")
    elif statistic.publication_id != claim.cited_publication_id:
        held = _held_of(claim.cited_publication_id)
        cited = f"{claim.cited_publication_id} (cited)"
        where = f"what is held of {cited}: {held}" if held else cited
        note = f"found in {_found_in(statistic)}, not found in {where}. {evidence}"
        return Finding("misattributed", statistic, note, tuple(caveats))
    if caveats:
        note = f"{evidence}{CAVEAT_LEAD}{'; '.join(caveats)}"
        return Finding("reproduced-with-caveat", statistic, note, tuple(caveats))
    return Finding("reproduced", statistic, evidence)


def _admits(claim: Claim, statistic: Statistic) -> bool:
    """Whether the value found lies in the interval the printed value admits; a range found (two
    published ends) against a printed range: each end within the rounding of its printed end."""
    value = statistic.value
    if claim.qualifier == "range" and statistic.value_high is not None and value is not None:
        (low_from, low_to), (high_from, high_to) = _range_ends(claim)
        return low_from <= value <= low_to and high_from <= statistic.value_high <= high_to
    low, high = admitted_interval(claim)
    return value is not None and low <= value <= high


def _range_ends(claim: Claim) -> tuple[tuple[float, float], tuple[float, float]]:
    """The interval each end of a printed range admits: its rounding interval (4-5% admits a
    lower end of 3.5 to 4.5 and an upper end of 4.5 to 5.5)."""
    half_step = _half_step(claim)
    high = claim.value if claim.value_high is None else claim.value_high
    return (
        (claim.value - half_step, claim.value + half_step),
        (high - half_step, high + half_step),
    )


def _held_of(publication_id: str) -> str | None:
    """What the project holds of a publication: the pages its source.yaml entry names (None for
    an id no source.yaml declares, which the register's rules refuse in the project's data)."""
    from mutualstats.provenance import publication

    try:
        return (publication(publication_id).pages or "no pages recorded").rstrip(".")
    except KeyError:
        return None


def _found_in(statistic: Statistic) -> str:
    return statistic.publication_id or statistic.source_id


#: Units printed exactly: a calendar year is named, not rounded (2008 admits 2008 alone).
EXACT_UNITS = ("year",)


def _half_step(claim: Claim) -> float:
    """Half a unit of the last digit printed: 53% -> 0.5, 1.5% -> 0.05; 0 for a year."""
    if claim.unit in EXACT_UNITS:
        return 0.0
    digits = "".join(ch for ch in claim.value_as_printed.split("-")[0] if ch.isdigit() or ch == ".")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return 0.5 * 10**-decimals


def _one_in_n(share_pct: float) -> tuple[float, float]:
    n = 100 / share_pct
    return 100 / (n + 0.5), 100 / (n - 0.5)


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)
