"""pandera models of the mutual-sector tables.

``headline_figures.csv`` (one per folder: seuk_psm, cipfa, mutuals_taskforce,
dh_right_to_request, seuk_social_enterprise, dcms_replication), the vocabularies
``seuk_psm/measures.csv`` and ``seuk_psm/bases.csv``, and ``psm_population/psm_counts.csv``.

Measure and base vocabularies are data (``measures.csv``, ``bases.csv``, checksum-verified), so the
models cannot name them in a static ``isin``; the loaders check them against those files and the
clean headline table carries each measure's definition, which the Clean model requires. Units,
statuses and count qualifiers are short and fixed, so they live in :mod:`mutualstats.config`.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.config import COUNT_QUALIFIERS, MUTUAL_SECTOR_STATUSES, MUTUAL_SECTOR_UNITS
from mutualstats.schemas.common import publication_id_field

SNAKE_CASE = r"^[a-z][a-z0-9_]*$"
EDITION = r"^(19|20)\d{2}$"
FLAGS = ("true", "false")


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
    url: Series[str] = pa.Field(
        str_startswith="http", title="URL", description="Page the value was read on."
    )
    secondary: Series[str] = pa.Field(
        isin=FLAGS,
        title="Secondary",
        description="true where read in a third party's report of the source.",
    )
    status: Series[str] = pa.Field(
        isin=MUTUAL_SECTOR_STATUSES, title="Status", description="verified or unverified."
    )
    note: Series[str] = pa.Field(
        nullable=True, title="Note", description="Wording, caveats and what was searched."
    )

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="value must lie in [0, 100] where unit is pct")
    def pct_in_range(cls, frame: pd.DataFrame) -> Series[bool]:
        is_pct = frame["unit"] == "pct"
        return ~is_pct | frame["value"].isna() | frame["value"].between(0, 100)

    @pa.dataframe_check(error="status 'verified' needs a value")
    def verified_has_value(cls, frame: pd.DataFrame) -> Series[bool]:
        return (frame["status"] != "verified") | frame["value"].notna()

    @pa.dataframe_check(error="one row per (source_id, edition, measure): key is duplicated")
    def one_row_per_key(cls, frame: pd.DataFrame) -> Series[bool]:
        return ~frame.duplicated(["source_id", "edition", "measure"], keep=False)


class CleanHeadlineFigures(RawHeadlineFigures):
    """All mutual-sector headline figures, each measure with its definition from measures.csv."""

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
        ge=2000, le=2100, title="Year", description="Year the count refers to (may be inferred)."
    )
    mutuals_count: Series[int] = pa.Field(
        gt=0, title="Mutuals", description="Count as published.", metadata={"unit": "mutuals"}
    )
    qualifier: Series[str] = pa.Field(
        isin=COUNT_QUALIFIERS, title="Qualifier", description="none, approximately, about, over."
    )
    definition: Series[str] = pa.Field(title="Definition", description="What was counted.")
    publisher: Series[str] = pa.Field(title="Publisher", description="Who published the count.")
    page_or_section: Series[str] = pa.Field(
        title="Page or section", description="Where the count was read."
    )
    url: Series[str] = pa.Field(
        str_startswith="http", title="URL", description="Page the count was read on."
    )
    secondary: Series[str] = pa.Field(
        isin=FLAGS, title="Secondary", description="true where read in a third party's report."
    )
    status: Series[str] = pa.Field(
        isin=MUTUAL_SECTOR_STATUSES,
        title="Status",
        description="unverified where the page is undated and the year inferred.",
    )
    note: Series[str] = pa.Field(nullable=True, title="Note", description="Caveats.")

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="one row per (year, publisher, definition): key is duplicated")
    def one_row_per_key(cls, frame: pd.DataFrame) -> Series[bool]:
        return ~frame.duplicated(["year", "publisher", "definition"], keep=False)


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
