"""pandera models of health spending figures (``data/raw/health_finance/finance_figures.csv``).

Briefing footnotes 30-33. Growth figures differ in basis (cash or real; DHSC, NHS England or UK
health spending) and shares in denominator (total public spending, public-service spending,
departmental day-to-day spending): the measure name carries both, so they are never mixed.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.schemas.common import (
    REAL_DATE,
    is_real_date,
    publication_id_field,
    url_field,
)
from mutualstats.schemas.workforce import STATUSES, one_row_per_key, status_matches_value

FINANCE_MEASURES = (
    "health_spending_growth_pct",
    "dhsc_rdel",
    "dhsc_rdel_growth_pct",
    "dhsc_rdel_incl_pay_deal",
    "dhsc_rdel_incl_pay_deal_growth_pct",
    "nhs_england_budget",
    "nhs_england_funding_real_growth",
    "nhs_england_funding_real_growth_avg",
    "nhs_england_funding_real_increase",
    "nhs_england_revenue_real_growth_avg",
    "nhs_england_revenue_real_increase",
    "nhs_england_budget_real_growth_avg",
    "nhs_england_budget_real_increase",
    "nhs_funding_growth_long_run_avg",
    "nhs_funding_growth_recent_avg",
    "uk_health_spending",
    "uk_health_spending_real",
    "uk_health_spending_growth_avg",
    "uk_health_spending_real_growth_pct",
    "uk_health_spending_real_growth_avg",
    "total_health_budget_growth_avg",
    "minimum_required_real_growth",
    "health_share_total_public_spending",
    "health_share_public_service_spending",
    "dhsc_share_departmental_day_to_day_spending",
)

#: pct: a share or one year's growth; pct_per_year: average annual growth over a span.
FINANCE_UNITS = ("pct", "pct_per_year", "gbp_billion")


class RawHealthFinance(pa.DataFrameModel):
    """Health spending growth, long-run trend, the 2018 settlement and health's share of spending.

    One published figure a row, as transcribed.
    """

    publication_id: Series[str] = publication_id_field()
    publisher: Series[str] = pa.Field(title="Publisher", description="Body that published it.")
    title: Series[str] = pa.Field(title="Title", description="Publication title.")
    edition: Series[str] = pa.Field(
        title="Edition",
        description="Publication date, as precise as known.",
    )
    period: Series[str] = pa.Field(
        title="Period", description="Financial year or span the figure describes, as published."
    )
    measure: Series[str] = pa.Field(
        isin=FINANCE_MEASURES, title="Measure", description="Body, basis and what is measured."
    )
    value: Series[float] = pa.Field(
        nullable=True,
        title="Value",
        description="As published; blank when unverified.",
        metadata={"unit": "see unit column"},
    )
    unit: Series[str] = pa.Field(
        isin=FINANCE_UNITS, title="Unit", description="pct, pct_per_year or gbp_billion."
    )
    page_or_section: Series[str] = pa.Field(title="Page or section", description="Where read.")
    url: Series[str] = url_field("Page the value was read on (or sought).", title="URL")
    secondary: Series[str] = pa.Field(
        isin=("true", "false"),
        title="Secondary",
        description="true when read in coverage rather than on the publisher's own page.",
    )
    status: Series[str] = pa.Field(
        isin=STATUSES, title="Status", description="Where the value is published."
    )
    note: Series[str] = pa.Field(
        nullable=True,
        title="Note",
        description="Wording, caveats, and where the value is published or not shown.",
    )

    class Config:
        strict = True
        coerce = True

    @pa.check("edition", error=REAL_DATE)
    def edition_date_exists(cls, edition: Series[str]) -> Series[bool]:
        return is_real_date(edition)

    @pa.dataframe_check(error="value: a share must lie in [0, 100], a growth rate in [-100, 100]")
    def pct_within_range(cls, frame: pd.DataFrame) -> Series[bool]:
        value = frame["value"]
        in_pct = frame["unit"].isin(("pct", "pct_per_year"))
        lower = frame["measure"].str.contains("share").map({True: 0.0, False: -100.0})
        return ~in_pct | value.isna() | ((value >= lower) & (value <= 100))

    @pa.dataframe_check(error="value: a spending level in gbp_billion cannot be negative")
    def levels_not_negative(cls, frame: pd.DataFrame) -> Series[bool]:
        level = (frame["unit"] == "gbp_billion") & ~frame["measure"].str.endswith("increase")
        return ~level | frame["value"].isna() | (frame["value"] >= 0)


class CleanHealthFinance(RawHealthFinance):
    """Health finance figures: one row per publication, period and measure."""

    @pa.dataframe_check(error="one row per (publisher, title, edition, period, measure)")
    def one_row_per_vintage(cls, frame: pd.DataFrame) -> Series[bool]:
        return one_row_per_key(frame, ["publisher", "title", "edition", "period", "measure"])

    @pa.dataframe_check(error="status 'unverified' needs a blank value; other statuses a value")
    def status_consistent(cls, frame: pd.DataFrame) -> Series[bool]:
        return status_matches_value(frame)
