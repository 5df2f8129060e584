"""pandera models of health spending figures (``data/raw/health_finance/finance_figures.csv``).

Briefing footnotes 30-33. Growth figures differ in basis (cash or real; DHSC, NHS England or UK
health spending) and shares in denominator (total public spending, public-service spending,
departmental day-to-day spending): the measure name carries both, so they are never mixed.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.dates import is_written_period, period_words
from mutualstats.schemas.common import (
    FLAGS,
    REAL_DATE,
    STATUS_VALUE_RULE,
    is_real_date,
    one_row_per,
    publication_id_field,
    status_matches_value,
    url_field,
)
from mutualstats.schemas.workforce import STATUSES
from mutualstats.vocabulary import FINANCE_MEASURES, PERIOD_SEPARATOR, STATUS_WORDS

#: pct: a share or one year's growth; pct_per_year: average annual growth over a span.
RATE_UNITS = ("pct", "pct_per_year")
#: An amount of money: a budget, a spending level or a rise in one.
MONEY_UNIT = "gbp_billion"
FINANCE_UNITS = (*RATE_UNITS, MONEY_UNIT)
#: Words of a measure's code that make it a rate (a growth or a share): its unit is one of
#: ``RATE_UNITS``; any other measure is an amount, in ``MONEY_UNIT``.
RATE_WORDS = ("growth", "share", "pct")
UNIT_FITS_MEASURE_RULE = (
    "unit: a growth or a share (a measure whose code has one of the words "
    f"{', '.join(RATE_WORDS)}) is in {' or '.join(RATE_UNITS)}, an amount of money in {MONEY_UNIT}"
)


def is_rate_measure(measure: str) -> bool:
    """Whether a finance measure's code names a rate (a growth or a share), not an amount."""
    return any(word in RATE_WORDS for word in measure.split("_"))


class RawHealthFinance(pa.DataFrameModel):
    """Health spending growth, long-run trend, the 2018 settlement and health's share of spending.

    One published figure a row, as transcribed. A row names its publication by id; the
    publication's title lives in source.yaml only (the publications table).
    """

    publication_id: Series[str] = publication_id_field()
    publisher: Series[str] = pa.Field(title="Publisher", description="Body that published it.")
    edition: Series[str] = pa.Field(
        title="Edition",
        description="Publication date, as precise as known.",
    )
    period: Series[str] = pa.Field(
        title="Period", description="Financial year or span the figure describes, as published."
    )
    measure: Series[str] = pa.Field(
        isin=list(FINANCE_MEASURES),
        title="Measure",
        description="Body, basis and what is measured.",
        metadata={"definitions": FINANCE_MEASURES},
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
        isin=FLAGS,
        title="Secondary",
        description="true when read in coverage rather than on the publisher's own page.",
    )
    status: Series[str] = pa.Field(
        isin=STATUSES,
        title="Status",
        description="Where the value is published.",
        metadata={"definitions": STATUS_WORDS},
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

    # A period written another way ("2018/19" here) is a period no claim or chart looks up: the
    # row would be left out of C20's evidence and the growth chart with no message.
    @pa.check("period", error=period_words(PERIOD_SEPARATOR))
    def period_as_written(cls, period: Series[str]) -> Series[bool]:
        return period.map(lambda text: is_written_period(str(text), PERIOD_SEPARATOR)).astype(bool)

    @pa.dataframe_check(error="value: a share must lie in [0, 100], a growth rate in [-100, 100]")
    def pct_within_range(cls, frame: pd.DataFrame) -> Series[bool]:
        value = frame["value"]
        in_pct = frame["unit"].isin(RATE_UNITS)
        lower = frame["measure"].str.contains("share").map({True: 0.0, False: -100.0})
        return ~in_pct | value.isna() | ((value >= lower) & (value <= 100))

    @pa.dataframe_check(error="value: a spending level in gbp_billion cannot be negative")
    def levels_not_negative(cls, frame: pd.DataFrame) -> Series[bool]:
        level = (frame["unit"] == MONEY_UNIT) & ~frame["measure"].str.endswith("increase")
        return ~level | frame["value"].isna() | (frame["value"] >= 0)

    # A growth needed given in gbp_billion was subtracted from a growth in % a year: C31 judged
    # the settlement 16.7 "percentage points" short of a minimum of £20 billion.
    @pa.dataframe_check(error=UNIT_FITS_MEASURE_RULE)
    def unit_fits_measure(cls, frame: pd.DataFrame) -> Series[bool]:
        is_rate = frame["measure"].map(is_rate_measure).astype(bool)
        return is_rate != (frame["unit"] == MONEY_UNIT)


class CleanHealthFinance(RawHealthFinance):
    """Health finance figures: one row per publication, period and measure."""

    # Keyed by publication_id, not by its publisher and edition as written: a copy of a row with
    # its page worded otherwise is the same figure given twice.
    one_row_per_vintage = one_row_per("publication_id", "period", "measure")

    @pa.dataframe_check(error=STATUS_VALUE_RULE)
    def status_consistent(cls, frame: pd.DataFrame) -> Series[bool]:
        return status_matches_value(frame)
