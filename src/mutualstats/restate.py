"""Restate the briefing's period-dependent statements for another survey year or edition.

A statement is period-dependent when its claim has a ``period`` in the register
(``data/raw/briefing/claims.csv``). Each is restated by running the claim's own check
(:func:`mutualstats.claims.registry.recompute`) with the period moved: there is no second copy of
a look-up. A period the data does not cover says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from mutualstats import claims, periods
from mutualstats.claims.registry import recompute
from mutualstats.errors import MutualstatsError
from mutualstats.statistic import Statistic


@dataclass(frozen=True)
class Restatement:
    """One claim's statement for one period, or the reason it cannot be made."""

    claim_id: str
    subject: str
    briefing_period: int
    period: int
    statistic: Statistic | None
    text: str
    #: What the value found rests on that the text alone does not say (the check's caveats).
    caveats: tuple[str, ...] = ()

    @property
    def restated(self) -> bool:
        """Whether the data gives a value for the period."""
        return self.statistic is not None and self.statistic.found

    @property
    def source(self) -> str:
        """The publication the value was read from, with its URL; empty when not restated."""
        if self.statistic is None:
            return ""
        return f"{self.statistic.publication_id} ({self.statistic.url})"


class NothingToRestateError(MutualstatsError):
    """No source with years or editions holds the period asked for."""


def period_claims() -> list[claims.Claim]:
    """The claims whose statement depends on a period, in register order."""
    return [claim for claim in claims.claims() if claim.period is not None]


def check_held(period: int) -> None:
    """Refuse a year outside the span of every source with years or editions: nothing could be
    restated. A year inside a span is restated, each statement saying why where it cannot be.

    Raises
    ------
    NothingToRestateError
        Naming the years and editions the data hold.
    """
    spans = [[int(value) for value in item.held()] for item in periods.PARAMETERS]
    if not any(held and held[0] <= period <= held[-1] for held in spans):
        raise NothingToRestateError(
            f"{period} is outside every source's years, so no statement of the briefing can be "
            f"restated for it; the data hold {periods.held_ranges()}"
        )


def restate(period: int) -> list[Restatement]:
    """Every period-dependent statement of the briefing, for ``period``: each restated, or the
    reason it cannot be."""
    restated = []
    for claim in period_claims():
        found = recompute(claim, period)
        restated.append(
            Restatement(
                claim.claim_id,
                claim.subject,
                int(claim.period),  # type: ignore[arg-type]
                period,
                found.statistic,
                found.evidence,
                tuple(found.caveats),
            )
        )
    return restated


def render(period: int, statements: list[Restatement]) -> str:
    """The restatements as text, one block per claim."""
    lines = [f"The briefing's period-dependent statements, restated for {period}", ""]
    for item in statements:
        # The register's period: a survey year, or the edition a value is read in.
        lines.append(
            f"{item.claim_id} {item.subject} (judged for the briefing on {item.briefing_period})"
        )
        if item.restated:
            assert item.statistic is not None
            lines += [f"    {item.statistic.shown()}: {item.text}"]
            lines += [f"    caveat: {caveat}" for caveat in item.caveats]
            lines.append(f"    source: {item.source}")
        else:
            lines.append(f"    not restated: {item.text}")
        lines.append("")
    counted = sum(item.restated for item in statements)
    lines.append(f"{counted} of {len(statements)} statements restated for {period}.")
    return "\n".join(lines) + "\n"
