"""One module per publisher. Each exposes ``build(folder) -> {table name: clean frame}``.

``BUILDERS`` maps a folder under ``data/raw/`` to the builder of its tables; ``CLEAN_MODELS``
maps each processed table to the pandera model it must satisfy when read back. The
``publications`` table is built from every folder at once (:mod:`mutualstats.sources.publications`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from mutualstats.schemas import (
    CleanBriefingClaims,
    CleanBriefingExclusions,
    CleanBsaSatisfaction,
    CleanBsaStatements,
    CleanHeadlineFigures,
    CleanPsmCounts,
    RawBases,
    RawBriefingClaims,
    RawBriefingExclusions,
    RawBsaSatisfaction,
    RawBsaStatements,
    RawHeadlineFigures,
    RawHealthFinance,
    RawHfKeyFacts,
    RawMeasures,
    RawNhsStaff,
    RawNhsTrustVacancies,
    RawPsmCounts,
    RawSfcScopes,
    RawSfcWorkforceEstimates,
)
from mutualstats.schemas.finance import CleanHealthFinance
from mutualstats.schemas.publications import CleanPublications
from mutualstats.schemas.workforce import (
    CleanHfKeyFacts,
    CleanNhsStaff,
    CleanNhsTrustVacancies,
    CleanSfcScopes,
    CleanSfcWorkforceEstimates,
)
from mutualstats.sources import (
    briefing,
    bsa,
    health_finance,
    health_foundation,
    mutual_sector,
    nhs_workforce,
    publications,
    skills_for_care,
)

Builder = Callable[[Path], dict[str, pd.DataFrame]]

#: The Raw model each file is read with, by the file names the loaders declare (what
#: ``mutualstats describe`` explains to an analyst adding rows).
RAW_MODELS: dict[str, type[pa.DataFrameModel]] = {
    briefing.CLAIMS_FILE: RawBriefingClaims,
    briefing.EXCLUSIONS_FILE: RawBriefingExclusions,
    bsa.SATISFACTION_FILE: RawBsaSatisfaction,
    bsa.STATEMENTS_FILE: RawBsaStatements,
    mutual_sector.HEADLINE_FILE: RawHeadlineFigures,
    mutual_sector.MEASURES_FILE: RawMeasures,
    mutual_sector.BASES_FILE: RawBases,
    mutual_sector.COUNTS_FILE: RawPsmCounts,
    skills_for_care.ESTIMATES_FILE: RawSfcWorkforceEstimates,
    skills_for_care.SCOPES_FILE: RawSfcScopes,
    nhs_workforce.VACANCIES_FILE: RawNhsTrustVacancies,
    nhs_workforce.STAFF_FILE: RawNhsStaff,
    health_foundation.KEY_FACTS_FILE: RawHfKeyFacts,
    health_finance.FIGURES_FILE: RawHealthFinance,
}

#: Each raw file's rules checked by its loader beyond its models, by file name.
LOADER_RULES: dict[str, tuple[str, ...]] = {
    **briefing.LOADER_RULES,
    **bsa.LOADER_RULES,
    **mutual_sector.LOADER_RULES,
    **nhs_workforce.LOADER_RULES,
    **health_finance.LOADER_RULES,
    **health_foundation.LOADER_RULES,
}

#: Publication rules a loader's own stricter rule implies, by file name: ``describe`` lists the
#: stricter one alone.
IMPLIED_RULES: dict[str, tuple[str, ...]] = {**bsa.IMPLIED_RULES}

#: Raw files whose editions may carry a note naming the vintage (``_long.VINTAGE_EDITION_RULE``).
VINTAGE_NOTE_FILES = nhs_workforce.VINTAGE_NOTE_FILES

BUILDERS: dict[str, Builder] = {
    briefing.SOURCE_ID: briefing.build,
    bsa.SOURCE_ID: bsa.build,
    **dict.fromkeys(mutual_sector.HEADLINE_FOLDERS, mutual_sector.build_headline),
    mutual_sector.COUNTS_SOURCE_ID: mutual_sector.build_counts,
    skills_for_care.SOURCE_ID: skills_for_care.build,
    nhs_workforce.VACANCIES_SOURCE_ID: nhs_workforce.build_vacancies,
    nhs_workforce.STAFF_SOURCE_ID: nhs_workforce.build_staff,
    health_foundation.SOURCE_ID: health_foundation.build,
    health_finance.SOURCE_ID: health_finance.build,
}

CLEAN_MODELS: dict[str, type[pa.DataFrameModel]] = {
    briefing.TABLE: CleanBriefingClaims,
    briefing.EXCLUSIONS_TABLE: CleanBriefingExclusions,
    "bsa_satisfaction": CleanBsaSatisfaction,
    bsa.STATEMENTS_TABLE: CleanBsaStatements,
    mutual_sector.HEADLINE_TABLE: CleanHeadlineFigures,
    mutual_sector.COUNTS_TABLE: CleanPsmCounts,
    "sfc_workforce_estimates": CleanSfcWorkforceEstimates,
    "sfc_scopes": CleanSfcScopes,
    "nhs_trust_vacancies": CleanNhsTrustVacancies,
    "nhs_staff": CleanNhsStaff,
    "hf_key_facts": CleanHfKeyFacts,
    "health_finance": CleanHealthFinance,
    publications.TABLE: CleanPublications,
}
