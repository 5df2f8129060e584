"""Every publication declared in the project's source.yaml files, as a table.

Input: the ``publications:`` entries of every ``data/raw/<source>/source.yaml``. Output: the
``publications`` table, validated by :class:`~mutualstats.schemas.publications.CleanPublications`.
Publication ids must be unique across the whole project, so this table is built from all folders
at once rather than by one folder's builder.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from mutualstats.provenance import publications
from mutualstats.schemas.publications import CleanPublications
from mutualstats.validation import validate

TABLE = "publications"
LABEL = "data/raw/*/source.yaml"


def build(raw: Path) -> dict[str, pd.DataFrame]:
    """The publications table, ordered by id.

    Raises
    ------
    DataValidationError
        For a malformed publication entry, an id declared twice, or a broken reference.
    """
    rows = [asdict(publication) for publication in publications(raw).values()]
    frame = pd.DataFrame(rows, columns=list(CleanPublications.to_schema().columns))
    frame = frame.sort_values("publication_id").reset_index(drop=True)
    return {TABLE: validate(frame, CleanPublications, LABEL)}


def ids(raw: Path) -> set[str]:
    """Ids of every publication of the project."""
    return set(publications(raw))
