"""NHS workforce: trust vacancies (NHS Improvement, NHS Digital) and staff numbers (NHS Digital).

Both NHS folders are read here because they come from the same family of publishers (NHS
Improvement's quarterly performance reports, NHS Digital's workforce and vacancy statistics),
with headline comparators from other bodies kept beside them.

Inputs: ``data/raw/nhs_vacancies/trust_vacancies.csv`` and ``data/raw/nhs_workforce/nhs_staff.csv``
with their ``source.yaml``. Outputs: ``nhs_trust_vacancies`` and ``nhs_staff``, validated by
:class:`~mutualstats.schemas.CleanNhsTrustVacancies` and
:class:`~mutualstats.schemas.CleanNhsStaff`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.provenance import _label, load_verified_source
from mutualstats.schemas import (
    CleanNhsStaff,
    CleanNhsTrustVacancies,
    RawNhsStaff,
    RawNhsTrustVacancies,
)
from mutualstats.sources._long import clean_long, load_long

VACANCIES_SOURCE_ID = "nhs_vacancies"
STAFF_SOURCE_ID = "nhs_workforce"
VACANCIES_FILE = "trust_vacancies.csv"
STAFF_FILE = "nhs_staff.csv"


def build_vacancies(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify ``data/raw/nhs_vacancies``, then load and clean the trust vacancies table."""
    path = load_verified_source(folder).path(VACANCIES_FILE)
    table = clean_long(
        load_long(path, RawNhsTrustVacancies),
        CleanNhsTrustVacancies,
        _label(path),
        ["period_end", "staff_group", "measure"],
    )
    return {"nhs_trust_vacancies": table}


def build_staff(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify ``data/raw/nhs_workforce``, then load and clean the NHS staff table."""
    path = load_verified_source(folder).path(STAFF_FILE)
    table = clean_long(
        load_long(path, RawNhsStaff), CleanNhsStaff, _label(path), ["reference_date", "measure"]
    )
    return {"nhs_staff": table}
