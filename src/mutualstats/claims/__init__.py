"""The claims register and the audit: every number in the briefing, recomputed and judged.

What the briefing says is data (``data/raw/briefing/claims.csv``); how each claim is recomputed
is code, one registered check per claim id (:mod:`mutualstats.claims.registry`), with the period
as a parameter. :func:`audit` judges them all for the briefing's own periods and returns the
reviewer's table; notebooks show their claims of it with :func:`mutualstats.reader.claims_table`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from mutualstats import datasets

# Importing the check modules registers their checks.
from mutualstats.claims import mutual_sector as _mutual_sector  # noqa: F401
from mutualstats.claims import satisfaction as _satisfaction  # noqa: F401
from mutualstats.claims import workforce as _workforce  # noqa: F401
from mutualstats.claims.registry import (
    CHECKS,
    Claim,
    Finding,
    Recomputation,
    RegisterError,
    UncheckedClaimError,
    admitted_interval,
    check,
    judge,
    recompute,
    require_checks,
    require_register,
)
from mutualstats.claims.report import (
    CAVEAT_SEPARATOR,
    verdict_counts,
    with_recomputed_in_words,
)
from mutualstats.claims.trace import RawRow, context_rows, raw_rows
from mutualstats.config import REGISTER_TABLE

__all__ = [
    "AUDIT_COLUMNS",
    "CAVEAT_SEPARATOR",
    "CHECKS",
    "Claim",
    "Finding",
    "Judged",
    "Recomputation",
    "RegisterError",
    "UncheckedClaimError",
    "admitted_interval",
    "audit",
    "briefing_period",
    "check",
    "claims",
    "find",
    "judge",
    "judge_all",
    "recompute",
    "require_checks",
    "require_register",
    "verdict_counts",
    "with_recomputed_in_words",
]

#: Columns of the audit table, in order (also the CSV header of ``mutualstats audit``).
AUDIT_COLUMNS = [
    "claim_id",
    "section",
    "footnote",
    "value_as_printed",
    "unit",
    "qualifier",
    "period",
    "verdict",
    "recomputed_value",
    "recomputed",
    "cited_source",
    "cited_publication_id",
    "cited_title",
    "cited_page",
    "cited_url",
    "publication_id",
    "title",
    "source_id",
    "page",
    "url",
    "raw_rows",
    "context_rows",
    "caveats",
    "note",
]


def claims() -> list[Claim]:
    """Every registered claim, in claim id order, once the register is known to match the checks
    (:func:`require_register`).

    Raises
    ------
    RegisterError
        If a claim has no check, a check no claim, or a period is given where its check reads
        none (or missing where it reads one).
    """
    register = datasets.load(REGISTER_TABLE)
    found = [Claim.from_row(row) for _, row in register.iterrows()]
    require_register(found)
    return found


#: The message for a claim id the register does not hold.
NO_CLAIM = "no claim {} in the register"
#: The message for a subheading under which the register holds no claim.
NO_PARAGRAPH = "no claim of the register is printed under the subheading “{}”; its subheadings: {}"


def find(claim_id: str) -> Claim:
    """The registered claim ``claim_id``.

    Raises
    ------
    KeyError
        If the register has no such claim.
    """
    for claim in claims():
        if claim.claim_id == claim_id:
            return claim
    raise KeyError(NO_CLAIM.format(claim_id))


def briefing_period(claim_id: str) -> int:
    """The period (survey year or edition) the briefing's claim ``claim_id`` is judged for: its
    ``period`` in the register, the one home of the briefing's period.

    Raises
    ------
    KeyError
        If the claim has no period.
    """
    period = find(claim_id).period
    if period is None:
        raise KeyError(f"claim {claim_id} does not depend on a period")
    return period


@dataclass(frozen=True)
class Judged:
    """One claim judged: the verdict rule's finding, and the raw rows of the value judged and of
    the other values its evidence cites."""

    claim: Claim
    finding: Finding
    raw_rows: tuple[RawRow, ...]
    context_rows: tuple[RawRow, ...]


def judge_all(
    section: str | None = None,
    claim_ids: Collection[str] | None = None,
    paragraph: str | None = None,
) -> list[Judged]:
    """Judge every claim (or only those of ``section``, of the subheading ``paragraph``, or only
    ``claim_ids``) for the briefing's periods, in the register's order: each check run once, its
    rows traced once.

    Raises
    ------
    RegisterError
        If the register and the checks disagree (:func:`claims`).
    KeyError
        If one of ``claim_ids`` is not in the register, or no claim is printed under
        ``paragraph``: a typed id or subheading is never silently left out.
    """
    register = claims()
    if claim_ids is not None:
        unknown = sorted(set(claim_ids) - {claim.claim_id for claim in register})
        if unknown:
            raise KeyError(NO_CLAIM.format(", ".join(unknown)))
    if paragraph is not None and paragraph not in {claim.paragraph for claim in register}:
        held = "; ".join(dict.fromkeys(f"“{claim.paragraph}”" for claim in register))
        raise KeyError(NO_PARAGRAPH.format(paragraph, held))
    judged = []
    for claim in register:
        if section is not None and claim.section != section:
            continue
        if paragraph is not None and claim.paragraph != paragraph:
            continue
        if claim_ids is not None and claim.claim_id not in claim_ids:
            continue
        found = recompute(claim)
        finding = judge(claim, found)
        rows = [] if finding.statistic is None else raw_rows(finding.statistic)
        judged.append(Judged(claim, finding, tuple(rows), tuple(context_rows(rows, found.context))))
    return judged


def audit(
    section: str | None = None,
    judged: list[Judged] | None = None,
    claim_ids: Collection[str] | None = None,
    paragraph: str | None = None,
) -> pd.DataFrame:
    """One row per claim with verdict and evidence: the claims of ``section``, of the subheading
    ``paragraph`` or ``claim_ids`` (default all), judged now, or the claims ``judged`` already
    (:func:`judge_all`).

    Raises
    ------
    RegisterError
        If the register and the checks disagree (:func:`claims`).
    """
    rows = []
    publications = datasets.load("publications")
    titles = dict(zip(publications["publication_id"], publications["title"], strict=True))
    addresses = {
        publication_id: url
        for publication_id, url in zip(
            publications["publication_id"], publications["url"], strict=True
        )
        if isinstance(url, str)
    }
    for item in judge_all(section, claim_ids, paragraph) if judged is None else judged:
        claim, finding = item.claim, item.finding
        statistic = finding.statistic
        judged_rows, cited = list(item.raw_rows), list(item.context_rows)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "section": claim.section,
                "footnote": claim.footnote,
                "value_as_printed": claim.value_as_printed,
                "unit": claim.unit,
                "qualifier": claim.qualifier,
                "period": claim.period,
                "verdict": finding.verdict,
                "recomputed_value": finding.recomputed_value,
                "recomputed": "" if statistic is None else statistic.shown(claim.unit),
                "cited_source": claim.cited_source,
                "cited_publication_id": claim.cited_publication_id,
                "cited_title": titles.get(claim.cited_publication_id),
                "cited_page": claim.cited_page,
                "cited_url": addresses.get(claim.cited_publication_id),
                "publication_id": finding.publication_id,
                "title": titles.get(finding.publication_id),
                "source_id": finding.source_id,
                "page": None if statistic is None else statistic.page,
                "url": None if statistic is None else statistic.url,
                "raw_rows": _references(judged_rows),
                "context_rows": _references(cited),
                "caveats": CAVEAT_SEPARATOR.join(finding.caveats) or None,
                "note": finding.note,
            }
        )
    table = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    numbers = {"footnote": "Int64", "period": "Int64", "recomputed_value": "Float64"}
    # Every other column is text, whatever a section's rows hold (a column of blanks included).
    texts = {column: "str" for column in AUDIT_COLUMNS if column not in numbers}
    return table.astype({**numbers, **texts})


def _references(rows: list[RawRow]) -> str | None:
    """Raw rows as ``file:line`` joined by ``; ``; None for none."""
    return "; ".join(f"{row.path}:{row.line}" for row in rows) or None
