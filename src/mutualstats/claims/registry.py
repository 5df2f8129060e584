"""The register of checks: one per claim id, each returning a verdict with its evidence.

A check receives the claim as registered in ``data/raw/briefing/claims.csv`` and returns a
:class:`Finding`. :func:`judge` turns a recomputed value into a verdict the same way for every
claim, using the qualifier meanings of :data:`mutualstats.config.QUALIFIERS`.
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
    VERDICTS,
)


@dataclass(frozen=True)
class Claim:
    """One numeric statement of the briefing, as registered."""

    claim_id: str
    section: str
    subject: str
    footnote: int | None
    value_as_printed: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    reference_period: str | None
    cited_source_id: str | None
    cited_edition: str | None

    @classmethod
    def from_row(cls, row: pd.Series) -> Claim:
        """Build a claim from a row of the ``briefing_claims`` table."""
        return cls(
            claim_id=row["claim_id"],
            section=row["section"],
            subject=row["subject"],
            footnote=None if pd.isna(row["footnote"]) else int(row["footnote"]),
            value_as_printed=row["value_as_printed"],
            value=float(row["value"]),
            value_high=None if pd.isna(row["value_high"]) else float(row["value_high"]),
            unit=row["unit"],
            qualifier=row["qualifier"],
            reference_period=_text_or_none(row["reference_period"]),
            cited_source_id=_text_or_none(row["cited_source_id"]),
            cited_edition=_text_or_none(row["cited_edition"]),
        )


@dataclass(frozen=True)
class Finding:
    """A check's result: the verdict, the value the data gives, the source used and the evidence."""

    verdict: str
    recomputed_value: float | None
    source_id: str | None
    note: str

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")


Check = Callable[[Claim], Finding]

#: Every check, by claim id; filled by the :func:`check` decorator.
CHECKS: dict[str, Check] = {}

#: Sources a check consults as evidence besides the one its finding names.
EVIDENCE_SOURCES: dict[str, tuple[str, ...]] = {}


def check(claim_id: str, evidence_from: tuple[str, ...] = ()) -> Callable[[Check], Check]:
    """Register the decorated function as the check of ``claim_id``.

    ``evidence_from`` names further sources the check reads for its evidence note.
    """

    def register(function: Check) -> Check:
        if claim_id in CHECKS:
            raise ValueError(f"{claim_id} already has a check: {CHECKS[claim_id].__name__}")
        CHECKS[claim_id] = function
        EVIDENCE_SOURCES[claim_id] = evidence_from
        return function

    return register


def admitted_interval(claim: Claim) -> tuple[float, float]:
    """The true values the printed number and its qualifier admit (see ``config.QUALIFIERS``)."""
    value, half_step = claim.value, _half_step(claim.value_as_printed)
    bounds = {
        "none": (value - half_step, value + half_step),
        "average": (value - half_step, value + half_step),
        "approximately": (value * (1 - APPROXIMATE_TOLERANCE), value * (1 + APPROXIMATE_TOLERANCE)),
        "around": (value * (1 - APPROXIMATE_TOLERANCE), value * (1 + APPROXIMATE_TOLERANCE)),
        "almost": (value * (1 - ALMOST_TOLERANCE), value),
        "over": (value, value * (1 + OVER_TOLERANCE)),
        "one_in_n": _one_in_n(value),
        "range": (value - half_step, (claim.value_high or value) + half_step),
        "lowest_in_n_years": (value, math.inf),
    }
    if claim.qualifier not in QUALIFIERS:
        raise ValueError(f"{claim.claim_id}: unknown qualifier {claim.qualifier!r}")
    return bounds[claim.qualifier]


def judge(
    claim: Claim,
    recomputed: float | None,
    source_id: str | None,
    edition: str | None,
    evidence: str,
    caveat: str | None = None,
) -> Finding:
    """Verdict for a value found in ``source_id`` (``edition``), in one way for every claim.

    No value gives ``unverified``; a value outside the admitted interval ``differs``; a value
    inside it but from another source or edition than the footnote cites is ``misattributed``;
    otherwise ``reproduced``, or ``reproduced-with-caveat`` when base, scope or year differ or the
    briefing cites no source at all.
    """
    if recomputed is None:
        return Finding("unverified", None, source_id, evidence)
    low, high = admitted_interval(claim)
    if not low <= recomputed <= high:
        return Finding("differs", recomputed, source_id, evidence)
    if claim.cited_source_id is None:
        uncited = (
            f"the briefing cites no source for it; found in {source_id} {edition or ''}".strip()
        )
        caveat = uncited if caveat is None else f"{uncited}; {caveat}"
        return Finding(
            "reproduced-with-caveat", recomputed, source_id, f"{evidence} Caveat: {caveat}"
        )
    cited = source_id == claim.cited_source_id and (
        claim.cited_edition is None or edition == claim.cited_edition
    )
    if not cited:
        where = f"{source_id} {edition}".strip()
        cited_as = f"{claim.cited_source_id or 'no source'} {claim.cited_edition or ''}".strip()
        note = f"found in {where}, not in the cited {cited_as}. {evidence}"
        return Finding("misattributed", recomputed, source_id, note)
    if caveat:
        return Finding(
            "reproduced-with-caveat", recomputed, source_id, f"{evidence} Caveat: {caveat}"
        )
    return Finding("reproduced", recomputed, source_id, evidence)


def _half_step(printed: str) -> float:
    """Half a unit of the last digit printed: 53% -> 0.5, 1.5% -> 0.05."""
    digits = "".join(ch for ch in printed.split("-")[0] if ch.isdigit() or ch == ".")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return 0.5 * 10**-decimals


def _one_in_n(share_pct: float) -> tuple[float, float]:
    n = 100 / share_pct
    return 100 / (n + 0.5), 100 / (n - 0.5)


def _text_or_none(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)
