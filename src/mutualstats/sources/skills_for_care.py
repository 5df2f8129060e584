"""Skills for Care, "The state of the adult social care sector and workforce in England".

Input: ``data/raw/skills_for_care/workforce_estimates.csv`` (one published figure a row, by
edition and reference year) and ``scopes.csv`` (what each scope code covers), with their
``source.yaml``. Output: ``sfc_workforce_estimates`` and ``sfc_scopes``, validated by
:class:`~mutualstats.schemas.CleanSfcWorkforceEstimates` and
:class:`~mutualstats.schemas.CleanSfcScopes`.

Each edition restates earlier years; a restated value is a row of its own under the later edition,
so the first-published value is never overwritten (see :mod:`mutualstats.workforce`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.config import SKILLS_FOR_CARE_SOURCE
from mutualstats.errors import DataValidationError
from mutualstats.provenance import _label, load_verified_source
from mutualstats.schemas import (
    CleanSfcScopes,
    CleanSfcWorkforceEstimates,
    RawSfcScopes,
    RawSfcWorkforceEstimates,
)
from mutualstats.schemas.count_rate import partners_named
from mutualstats.schemas.workforce import SFC_COUNT_RATE_RULE, SFC_PAIR_KEY
from mutualstats.sources._long import clean_long, every_table, load_long

SOURCE_ID = SKILLS_FOR_CARE_SOURCE
ESTIMATES_FILE = "workforce_estimates.csv"
SCOPES_FILE = "scopes.csv"


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the source's checksums, then load and clean both tables."""
    record = load_verified_source(folder)
    estimates, scopes = record.path(ESTIMATES_FILE), record.path(SCOPES_FILE)
    return every_table(
        sfc_workforce_estimates=lambda: clean_estimates(
            load_long(estimates, RawSfcWorkforceEstimates), _label(estimates)
        ),
        sfc_scopes=lambda: clean_long(
            load_long(scopes, RawSfcScopes), CleanSfcScopes, _label(scopes), ["scope"]
        ),
    )


def clean_estimates(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: check the cross-row rules and order by measure, scope and period. A count
    of 0 beside a positive rate of the same thing (or the reverse) is named with that rate and
    its line."""
    try:
        return clean_long(
            raw,
            CleanSfcWorkforceEstimates,
            file_label,
            ["measure", "scope", "reference_year", "edition"],
        )
    except DataValidationError as error:
        raise partners_named(error, raw, SFC_COUNT_RATE_RULE, SFC_PAIR_KEY) from None
