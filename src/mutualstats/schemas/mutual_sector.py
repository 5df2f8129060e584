"""pandera models of the mutual-sector tables.

``headline_figures.csv`` (one per folder: seuk_psm, cipfa, mutuals_taskforce,
dh_right_to_request, seuk_social_enterprise, dcms_replication), the vocabularies
``seuk_psm/measures.csv`` and ``seuk_psm/bases.csv``, and ``psm_population/psm_counts.csv``.

Measure and base vocabularies are data (``measures.csv``, ``bases.csv``, checksum-verified), so the
models cannot name them in a static ``isin``; the loaders check them against those files and the
clean headline table carries each measure's definition, which the Clean model requires. Units,
statuses, value qualifiers and geographies are short and fixed, so they live in
:mod:`mutualstats.config`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.config import (
    FIRST_SECTOR_YEAR,
    GEOGRAPHIES,
    INFERRED_YEAR,
    LAST_YEAR,
    MIN_RESPONDENT_BASE_N,
    MUTUAL_SECTOR_STATUSES,
    MUTUAL_SECTOR_UNITS,
    RESPONDENT_BASE,
    RESPONDENTS_MEASURE,
    YEAR_BASES,
    YEAR_BASIS_WORDS,
)
from mutualstats.schemas.common import (
    FLAGS,
    SNAKE_CASE,
    STATUS_VALUE_RULE,
    count_is_whole,
    one_row_per,
    publication_id_field,
    qualifier_field,
    status_matches_value,
    url_field,
    whole_percentage,
)

EDITION = r"^(19|20)\d{2}$"

#: Percentage measures the publishers print with decimals (growth rates, targets, margins). Every
#: other ``pct`` measure is a survey share printed as a whole percentage, so a value such as 0.82
#: (a fraction typed in) or 82.4 is an error: the rule is per measure, and a new share measure is
#: covered without being listed.
DECIMAL_PCT_MEASURES = (
    "avg_profit_margin_pct",
    "nhs_productivity_target_pct",
    "productivity_growth_pct",
    "productivity_growth_pct_high",
    "productivity_growth_pct_low",
    "productivity_growth_wider_public_sector_pct",
)

#: A count whose year is inferred says from what, in its note (``config.YEAR_BASIS_WORDS``).
INFERRED_YEAR_RULE = (
    "note: a year_basis of inferred needs a note saying from what the year is inferred"
)

#: The rule on a survey base: other bases (one organisation's case, all mutuals) are not surveys,
#: so their ``base_n`` may be small.
RESPONDENT_BASE_RULE = (
    f"base_n: a share of survey respondents rests on at least {MIN_RESPONDENT_BASE_N} of them "
    "(a smaller published base is a slip; a single case has another base, e.g. organisations)"
)
#: The rule on ``source_wording``: words of what a share counts.
WORDING_RULE = (
    "source_wording: only a share (unit pct) has words of what it counts; leave it empty on a "
    "count, an amount or a year"
)
RESPONDENTS_COUNT_RULE = (
    f"value: a survey's {RESPONDENTS_MEASURE} (how many answered) is at least "
    f"{MIN_RESPONDENT_BASE_N}, the smallest base a published share of respondents rests on"
)


def _plausible_base(base_n: pd.Series, is_survey_base: pd.Series) -> pd.Series:
    """Where ``is_survey_base``, ``base_n`` is empty or at least
    :data:`~mutualstats.config.MIN_RESPONDENT_BASE_N`."""
    plausible = base_n.isna() | (base_n.astype("Float64") >= MIN_RESPONDENT_BASE_N).fillna(True)
    return (~is_survey_base | plausible).astype(bool)


class RawMeasures(pa.DataFrameModel):
    """Controlled vocabulary of measures (``seuk_psm/measures.csv``)."""

    measure: Series[str] = pa.Field(
        str_matches=SNAKE_CASE, unique=True, title="Measure", description="Measure code."
    )
    definition: Series[str] = pa.Field(title="Definition", description="What the measure counts.")
    unit: Series[str] = pa.Field(
        isin=MUTUAL_SECTOR_UNITS, title="Unit", description="Unit every value of it is in."
    )

    class Config:
        strict = True
        coerce = True


class RawBases(pa.DataFrameModel):
    """Controlled vocabulary of bases, the denominators of shares (``seuk_psm/bases.csv``)."""

    base: Series[str] = pa.Field(
        str_matches=SNAKE_CASE, unique=True, title="Base", description="Base code."
    )
    definition: Series[str] = pa.Field(title="Definition", description="Who the base covers.")

    class Config:
        strict = True
        coerce = True


class RawHeadlineFigures(pa.DataFrameModel):
    """Headline figures of one mutual-sector source, one row per edition and measure, as read.

    ``value`` is empty where nothing was read (status ``unverified``): absent is not zero.
    """

    publication_id: Series[str] = publication_id_field()
    source_id: Series[str] = pa.Field(
        str_matches=SNAKE_CASE, title="Source", description="Folder under data/raw/."
    )
    edition: Series[str] = pa.Field(
        str_matches=EDITION, title="Edition", description="Year of the edition or publication."
    )
    measure: Series[str] = pa.Field(
        str_matches=SNAKE_CASE,
        title="Measure",
        description="Code from seuk_psm/measures.csv (checked by the loader).",
    )
    value: Series[float] = pa.Field(
        nullable=True,
        title="Value",
        description="As published, in unit; empty where not read.",
        metadata={"unit": "see unit"},
    )
    unit: Series[str] = pa.Field(
        isin=MUTUAL_SECTOR_UNITS, title="Unit", description="pct, count, gbp_million or year."
    )
    base: Series[str] = pa.Field(
        str_matches=SNAKE_CASE,
        title="Base",
        description="Denominator, code from seuk_psm/bases.csv (checked by the loader).",
    )
    base_n: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        gt=0,
        title="Base size",
        description="Published size of the base; empty where not published.",
        metadata={"unit": "respondents or organisations"},
    )
    page_or_section: Series[str] = pa.Field(
        title="Page or section", description="Where in the publication the value was read."
    )
    url: Series[str] = url_field("Page the value was read on.", title="URL")
    secondary: Series[str] = pa.Field(
        isin=FLAGS,
        title="Secondary",
        description="true where read in a third party's report of the source.",
    )
    status: Series[str] = pa.Field(
        isin=MUTUAL_SECTOR_STATUSES, title="Status", description="verified or unverified."
    )
    source_wording: Series[str] = pa.Field(
        nullable=True,
        title="Source wording",
        description="What a share counts, in the publication's own words as printed, so that "
        "'the share that' followed by them reads as a sentence; empty where not recorded. Two "
        "editions that word one measure differently are named so on the charts.",
    )
    note: Series[str] = pa.Field(
        nullable=True,
        title="Note",
        description="Wording, caveats, and where the value is published or not shown.",
    )

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="value must lie in [0, 100] where unit is pct")
    def pct_in_range(cls, frame: pd.DataFrame) -> Series[bool]:
        is_pct = frame["unit"] == "pct"
        return ~is_pct | frame["value"].isna() | frame["value"].between(0, 100)

    @pa.dataframe_check(
        error="value: this measure is printed as a whole percentage (82, not 0.82 or 82.4)"
    )
    def shares_are_whole_percentages(cls, frame: pd.DataFrame) -> Series[bool]:
        printed_whole = (frame["unit"] == "pct") & ~frame["measure"].isin(DECIMAL_PCT_MEASURES)
        return whole_percentage(frame, printed_whole)

    @pa.dataframe_check(error="value: a count or a year must be a whole number, zero or more")
    def counts_are_whole(cls, frame: pd.DataFrame) -> Series[bool]:
        return count_is_whole(frame, frame["unit"].isin(("count", "year")))

    @pa.dataframe_check(error="value: an amount in gbp_million must be finite and zero or more")
    def money_not_negative(cls, frame: pd.DataFrame) -> Series[bool]:
        is_money = frame["unit"] == "gbp_million"
        value = frame["value"]
        return ~is_money | value.isna() | ((value >= 0) & (value < float("inf")))

    # The words are read after "the share that" in the charts' notes and C08's caveat: a count,
    # an amount or a year has none of its own to give there.
    @pa.dataframe_check(error=WORDING_RULE)
    def only_shares_are_worded(cls, frame: pd.DataFrame) -> Series[bool]:
        return frame["source_wording"].isna() | (frame["unit"] == "pct")

    @pa.dataframe_check(error=RESPONDENT_BASE_RULE)
    def respondent_bases_plausible(cls, frame: pd.DataFrame) -> Series[bool]:
        return _plausible_base(frame["base_n"], frame["base"] == RESPONDENT_BASE)

    @pa.dataframe_check(error=RESPONDENTS_COUNT_RULE)
    def respondents_counted_plausibly(cls, frame: pd.DataFrame) -> Series[bool]:
        return _plausible_base(frame["value"], frame["measure"] == RESPONDENTS_MEASURE)

    # A value left beside status unverified (one typed in from the briefing, say) would be judged
    # as if read on the page, so an unverified row holds none, as in every long table.
    @pa.dataframe_check(error=STATUS_VALUE_RULE)
    def status_consistent(cls, frame: pd.DataFrame) -> Series[bool]:
        return status_matches_value(frame)

    one_row_per_key = one_row_per("source_id", "edition", "measure")


class CleanHeadlineFigures(RawHeadlineFigures):
    """Mutual-sector headline figures: every one, each measure with its definition from
    measures.csv."""

    secondary: Series[bool] = pa.Field(
        title="Secondary", description="Read in a third party's report of the source."
    )
    definition: Series[str] = pa.Field(
        title="Definition", description="The measure's definition in seuk_psm/measures.csv."
    )


class RawPsmCounts(pa.DataFrameModel):
    """Published counts of public service mutuals, one row per statement (``psm_counts.csv``).

    Definitions differ from row to row (all PSMs in England, health subsets, press counts), so
    rows are never summed or joined into one series without reading ``definition``.
    """

    publication_id: Series[str] = publication_id_field()
    year: Series[int] = pa.Field(
        ge=FIRST_SECTOR_YEAR,
        le=LAST_YEAR,
        title="Year",
        description="Year the count refers to (may be inferred).",
    )
    mutuals_count: Series[int] = pa.Field(
        gt=0, title="Mutuals", description="Count as published.", metadata={"unit": "mutuals"}
    )
    qualifier: Series[str] = qualifier_field("count")
    definition: Series[str] = pa.Field(title="Definition", description="What was counted.")
    geography: Series[str] = pa.Field(
        isin=GEOGRAPHIES,
        title="Geography",
        description="Area the count covers, as the text read states it: "
        + ", ".join(GEOGRAPHIES)
        + ".",
    )
    publisher: Series[str] = pa.Field(title="Publisher", description="Who published the count.")
    page_or_section: Series[str] = pa.Field(
        title="Page or section", description="Where the count was read."
    )
    url: Series[str] = url_field("Page the count was read on.", title="URL")
    secondary: Series[str] = pa.Field(
        isin=FLAGS, title="Secondary", description="true where read in a third party's report."
    )
    year_basis: Series[str] = pa.Field(
        isin=YEAR_BASES,
        title="Year basis",
        description="How the year is known: "
        + "; ".join(f"{basis}: {words}" for basis, words in YEAR_BASIS_WORDS.items())
        + ".",
    )
    note: Series[str] = pa.Field(nullable=True, title="Note", description="Caveats.")

    class Config:
        strict = True
        coerce = True

    one_row_per_key = one_row_per("year", "publisher", "definition")

    @pa.dataframe_check(error=INFERRED_YEAR_RULE)
    def inferred_year_says_from_what(cls, frame: pd.DataFrame) -> Series[bool]:
        inferred = frame["year_basis"] == INFERRED_YEAR
        return ~inferred | frame["note"].fillna("").str.strip().ne("")


class CleanPsmCounts(RawPsmCounts):
    """PSM counts ready for charts: secondary as a flag and each row's scope named."""

    secondary: Series[bool] = pa.Field(
        title="Secondary", description="Read in a third party's report of the source."
    )
    scope: Series[str] = pa.Field(
        isin=("all_psms", "health_subset"),
        title="Scope",
        description="all_psms, or health_subset where the definition says it counts a subset.",
    )
