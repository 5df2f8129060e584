"""The briefing's own claims, transcribed as data.

Input: ``data/raw/briefing/claims.csv`` and its ``source.yaml``. Output: the
``briefing_claims`` table, validated by :class:`~mutualstats.schemas.briefing.CleanBriefingClaims`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.provenance import _label, load_verified_source
from mutualstats.schemas.briefing import CleanBriefingClaims, RawBriefingClaims
from mutualstats.sources._long import clean_long, load_long

SOURCE_ID = "briefing"
CLAIMS_FILE = "claims.csv"
TABLE = "briefing_claims"


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the register's checksum, then load and clean it."""
    record = load_verified_source(folder)
    path = record.path(CLAIMS_FILE)
    return {TABLE: clean_claims(load_claims(path), _label(path))}


def load_claims(path: Path) -> pd.DataFrame:
    """Format step: read the CSV as text and coerce dtypes through the Raw schema."""
    return load_long(path, RawBriefingClaims)


def clean_claims(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: cross-row rules, then order by claim id."""
    return clean_long(raw, CleanBriefingClaims, file_label, ["claim_id"])
