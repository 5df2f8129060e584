"""pandera models: the data dictionary of every table, raw (as transcribed) and clean (as used).

One module per source family. Each field carries a title, a description and a unit. Raw models
check values cell by cell, so a failure points at a line of the raw file; Clean models add the
cross-row rules.
"""

from mutualstats.addresses import URL
from mutualstats.schemas.briefing import (
    CLAIM_ID,
    MEASURE,
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
from mutualstats.schemas.common import PUBLICATION_ID
from mutualstats.schemas.finance import CleanHealthFinance, RawHealthFinance
from mutualstats.schemas.mutual_sector import (
    EDITION,
    CleanHeadlineFigures,
    CleanPsmCounts,
    RawBases,
    RawHeadlineFigures,
    RawMeasures,
    RawPsmCounts,
)
from mutualstats.schemas.workforce import (
    QUARTER_PATTERN,
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

#: The text patterns the models match values against (``str_matches``), each in words: the one
#: home of that wording, read by the build's messages ("not a claim id: ...") and by
#: ``mutualstats describe``.
PATTERN_WORDS = {
    PUBLICATION_ID: (
        "a code: lower-case letters, digits and underscores, starting with a letter "
        "(e.g. seuk_psm_2019)"
    ),
    URL: "a web address: http:// or https://, a host name with a dot, no spaces",
    EDITION: "a year of four digits, 1900 to 2099 (e.g. 2019)",
    CLAIM_ID: "a claim id: C and two digits (e.g. C07)",
    MEASURE: (
        "a measure: lower-case letters, digits and underscores, after a data/raw folder and a dot "
        "for a comparator population's (e.g. seuk_social_enterprise.profitable_pct)"
    ),
    QUARTER_PATTERN: "a financial year's quarter (2018/19 Q3) or three months (2018 Jul-Sep)",
}

__all__ = [
    "PATTERN_WORDS",
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
