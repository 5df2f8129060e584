"""The claims register and the audit: every number in the briefing, recomputed and judged.

What the briefing says is data (``data/raw/briefing/claims.csv``); how each claim is checked is
code, one registered check per claim id (:mod:`mutualstats.claims.registry`). :func:`audit`
runs them all and returns the reviewer's table.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import datasets

# Importing the check modules registers their checks.
from mutualstats.claims import mutual_sector as _mutual_sector  # noqa: F401
from mutualstats.claims import satisfaction as _satisfaction  # noqa: F401
from mutualstats.claims import workforce as _workforce  # noqa: F401
from mutualstats.claims.registry import CHECKS, Claim, Finding, admitted_interval, check, judge
from mutualstats.config import VERDICTS

__all__ = [
    "AUDIT_COLUMNS",
    "CHECKS",
    "Claim",
    "Finding",
    "admitted_interval",
    "audit",
    "check",
    "claims",
    "judge",
    "verdict_counts",
]

#: Columns of the audit table, in order (also the CSV header of ``mutualstats audit``).
AUDIT_COLUMNS = [
    "claim_id",
    "section",
    "footnote",
    "value_as_printed",
    "unit",
    "qualifier",
    "verdict",
    "recomputed_value",
    "source_id",
    "note",
]


def claims() -> list[Claim]:
    """Every registered claim, in claim id order."""
    register = datasets.load("briefing_claims")
    return [Claim.from_row(row) for _, row in register.iterrows()]


def audit() -> pd.DataFrame:
    """Run every claim's check and return one row per claim with its verdict and evidence.

    Raises
    ------
    KeyError
        If a claim has no registered check.
    """
    rows = []
    for claim in claims():
        if claim.claim_id not in CHECKS:
            raise KeyError(f"claim {claim.claim_id} has no check")
        finding = CHECKS[claim.claim_id](claim)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "section": claim.section,
                "footnote": claim.footnote,
                "value_as_printed": claim.value_as_printed,
                "unit": claim.unit,
                "qualifier": claim.qualifier,
                "verdict": finding.verdict,
                "recomputed_value": finding.recomputed_value,
                "source_id": finding.source_id,
                "note": finding.note,
            }
        )
    table = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    return table.astype({"footnote": "Int64", "recomputed_value": "Float64"})


def verdict_counts(table: pd.DataFrame) -> pd.Series:
    """Number of claims with each verdict, in the vocabulary's order (zeros included)."""
    return table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
