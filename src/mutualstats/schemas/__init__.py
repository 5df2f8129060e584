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
from mutualstats.schemas.finance import CleanHealthFinance, RawHealthFinance
from mutualstats.schemas.mutual_sector import (
    CleanHeadlineFigures,
    CleanPsmCounts,
    RawBases,
    RawHeadlineFigures,
    RawMeasures,
    RawPsmCounts,
)
from mutualstats.schemas.workforce import (
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
]
