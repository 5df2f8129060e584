"""pandera models: the data dictionary of every table, raw (as transcribed) and clean (as used).

One module per source family. Each field carries a title, a description and a unit. Raw models
check values cell by cell, so a failure points at a line of the raw file; Clean models add the
cross-row rules.
"""

from mutualstats.schemas.briefing import (
    CleanBriefingClaims,
    CleanBriefingExclusions,
    RawBriefingClaims,
    RawBriefingExclusions,
)
from mutualstats.schemas.bsa import (
    CleanBsaSatisfaction,
    CleanBsaStatements,
    RawBsaSatisfaction,
    RawBsaStatements,
)
from mutualstats.schemas.finance import FINANCE_MEASURES, CleanHealthFinance, RawHealthFinance
from mutualstats.schemas.mutual_sector import (
    CleanHeadlineFigures,
    CleanPsmCounts,
    RawBases,
    RawHeadlineFigures,
    RawMeasures,
    RawPsmCounts,
)
from mutualstats.schemas.workforce import (
    HF_MEASURES,
    NHS_STAFF_MEASURES,
    NHS_VACANCY_MEASURES,
    SFC_MEASURES,
    CleanHfKeyFacts,
    CleanNhsStaff,
    CleanNhsTrustVacancies,
    CleanSfcScopes,
    CleanSfcWorkforceEstimates,
    RawHfKeyFacts,
    RawNhsStaff,
    RawNhsTrustVacancies,
    RawSfcScopes,
    RawSfcWorkforceEstimates,
)

__all__ = [
    "CleanBriefingClaims",
    "CleanBriefingExclusions",
    "CleanBsaSatisfaction",
    "CleanBsaStatements",
    "CleanHeadlineFigures",
    "CleanHealthFinance",
    "CleanHfKeyFacts",
    "CleanNhsStaff",
    "CleanNhsTrustVacancies",
    "CleanPsmCounts",
    "CleanSfcScopes",
    "CleanSfcWorkforceEstimates",
    "RawBases",
    "RawBriefingClaims",
    "RawBriefingExclusions",
    "RawBsaSatisfaction",
    "RawBsaStatements",
    "RawHeadlineFigures",
    "RawHealthFinance",
    "RawHfKeyFacts",
    "RawMeasures",
    "RawNhsStaff",
    "RawNhsTrustVacancies",
    "RawPsmCounts",
    "RawSfcScopes",
    "RawSfcWorkforceEstimates",
    "measure_definitions",
]


def measure_definitions() -> dict[str, str]:
    """Each measure code the models define, with its meaning. A code two vocabularies define
    differently (``vacancies``, ``vacancy_rate_pct``) is left out: its meaning depends on the
    table it is read from."""
    merged: dict[str, str] = {}
    clashing: set[str] = set()
    for vocabulary in (
        FINANCE_MEASURES,
        SFC_MEASURES,
        NHS_VACANCY_MEASURES,
        NHS_STAFF_MEASURES,
        HF_MEASURES,
    ):
        for code, meaning in vocabulary.items():
            if merged.setdefault(code, meaning) != meaning:
                clashing.add(code)
    return {code: meaning for code, meaning in merged.items() if code not in clashing}
