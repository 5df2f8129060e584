"""The briefing's own claims, transcribed as data, and the numbers of its text that are not claims.

Input: ``data/raw/briefing/claims.csv``, ``exclusions.csv`` and their ``source.yaml``. Output: the
``briefing_claims`` table, validated by :class:`~mutualstats.schemas.briefing.CleanBriefingClaims`
(each claim's ``cited_publication_id`` must be a publication declared in some source.yaml), and
``briefing_exclusions`` (:class:`~mutualstats.schemas.briefing.CleanBriefingExclusions`), which
``mutualstats scan`` reads.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label, load_verified_source, publications
from mutualstats.rawcsv import line_of, read_raw_csv
from mutualstats.schemas.briefing import (
    CleanBriefingClaims,
    CleanBriefingExclusions,
    RawBriefingClaims,
    RawBriefingExclusions,
)
from mutualstats.sources._long import clean_long, load_long, validate_all

SOURCE_ID = "briefing"
CLAIMS_FILE = "claims.csv"
TABLE = "briefing_claims"
CITED_COLUMN = "cited_publication_id"
EXCLUSIONS_FILE = "exclusions.csv"
EXCLUSIONS_TABLE = "briefing_exclusions"


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the register's checksums, then load and clean the claims and the exclusions."""
    record = load_verified_source(folder)
    path = record.path(CLAIMS_FILE)
    exclusions = record.path(EXCLUSIONS_FILE)
    return {
        TABLE: clean_claims(load_claims(path, _known_publications(folder.parent)), _label(path)),
        EXCLUSIONS_TABLE: clean_exclusions(load_exclusions(exclusions), _label(exclusions)),
    }


def load_claims(path: Path, known_publications: set[str] | None = None) -> pd.DataFrame:
    """Format step: read the CSV as text and coerce dtypes through the Raw schema.

    With ``known_publications``, a cited publication id outside that set is a problem too.
    """
    label = _label(path)
    text = read_raw_csv(path, list(RawBriefingClaims.to_schema().columns))
    problems = []
    if known_publications is not None:
        check = "cited_publication_id is not the id of any publication in a source.yaml"
        problems = [
            Problem(label, line_of(index), CITED_COLUMN, check, value)
            for index, value in text[CITED_COLUMN].items()
            if value is not None and value not in known_publications
        ]
    return validate_all(text, RawBriefingClaims, label, problems)


def clean_claims(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: cross-row rules, then order by claim id."""
    return clean_long(raw, CleanBriefingClaims, file_label, ["claim_id"])


def _known_publications(raw: Path) -> set[str] | None:
    """Ids of every publication of the project, or None when a source.yaml is broken: the build
    reports that problem once, from the publications table."""
    try:
        return set(publications(raw))
    except DataValidationError:
        return None


def load_exclusions(path: Path) -> pd.DataFrame:
    """Format step: read the exclusions as text and coerce dtypes through the Raw schema."""
    return load_long(path, RawBriefingExclusions)


def clean_exclusions(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: each context contains its expression, one row per key; order by key."""
    return clean_long(raw, CleanBriefingExclusions, file_label, ["expression", "context"])
