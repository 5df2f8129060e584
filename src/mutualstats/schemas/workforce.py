"""pandera models of the health and social care workforce tables (briefing footnotes 27-29).

Tables: Skills for Care workforce estimates and scope definitions
(``data/raw/skills_for_care/``), NHS trust vacancies (``data/raw/nhs_vacancies/``), NHS staff
numbers (``data/raw/nhs_workforce/``) and the Health Foundation's 2017 key facts
(``data/raw/health_foundation/``). All are long tables: one published figure a row, with the
edition it appeared in kept apart from the year it describes, so a revised back-series value is a
second row and never overwrites the first-published one.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from mutualstats.config import FIRST_SECTOR_YEAR, LAST_YEAR
from mutualstats.schemas.common import (
    REAL_MONTH_OR_DAY,
    STATUS_VALUE_RULE,
    is_real_date,
    is_whole,
    not_a_fraction,
    one_row_per,
    publication_id_field,
    qualifier_field,
    status_matches_value,
    url_field,
    whole_percentage,
)
from mutualstats.schemas.count_rate import count_rate_rule, counts_agree_with_rates
from mutualstats.vocabulary import (
    HF_MEASURES,
    INCLUDES_GPS_WORDS,
    NHS_STAFF_MEASURES,
    NHS_VACANCY_MEASURES,
    SFC_MEASURES,
    STATUS_WORDS,
)

#: The statuses of a published value (:data:`mutualstats.vocabulary.STATUS_WORDS`).
STATUSES = tuple(STATUS_WORDS)

#: Scope codes of Skills for Care figures; defined in ``data/raw/skills_for_care/scopes.csv``.
SFC_SCOPES = (
    "all_sectors_jobs",
    "all_sectors_people",
    "all_sectors_fte",
    "all_sectors_filled_posts",
    "all_sectors_total_posts",
    "headline_vacancy",
    "directly_employed",
    "perm_temp_staff",
    "sector_headline",
    "independent_sector",
    "la_independent",
    "all_employers",
)


#: Bodies that publish NHS trust vacancy statistics: NHS Improvement's quarterly reports (to
#: 2019), NHS Digital's NHS Vacancy Statistics, and NHS England, which publishes them since NHS
#: Digital became part of it in February 2023.
NHS_VACANCY_PUBLISHERS = ("NHS Improvement", "NHS Digital", "NHS England")
NHS_STAFF_GROUPS = ("all", "nursing", "medical", "other")
#: A quarter as published: a financial year's (2018/19 Q3) or three months (2018 Jul-Sep).
QUARTER_PATTERN = r"^(\d{4}/\d{2} Q[1-4]|\d{4} [A-Z][a-z]{2}-[A-Z][a-z]{2})$"
NHS_STAFF_UNITS = ("fte", "headcount", "people")
INCLUDES_GPS = tuple(INCLUDES_GPS_WORDS)
COUNT_OR_PCT = ("count", "pct")

#: Percentage measures the publishers print as whole percentages ("66%", "one in four" from 27%):
#: a value such as 0.66 is a fraction typed in. Rates printed with a decimal (turnover 30.8%,
#: vacancy rates) are not listed.
WHOLE_PCT_MEASURES = (
    "leavers_staying_in_sector_pct",
    "recruitment_from_within_sector_pct",
    "leavers_rate_pct",
    "leavers_leaving_sector_pct",
)

#: Rates printed with a decimal that no edition has printed below 1% (turnover near 30%, vacancy
#: rates from about 4% to 11%): a value between 0 and 1 is a fraction typed in (0.307 for 30.7).
RATES_OVER_ONE_PCT = ("turnover_rate_pct", "vacancy_rate_pct")
FRACTION_RATE_ERROR = (
    "value: a rate in percent, not a fraction (30.7, not 0.307), for "
    + ", ".join(RATES_OVER_ONE_PCT)
)

#: What makes two rows one publication's figures for one period and population, by table.
SFC_PAIR_KEY = ("publication_id", "edition", "reference_year", "scope")
NHS_VACANCY_PAIR_KEY = ("publication_id", "edition", "period_end", "staff_group")


def is_change(measure: pd.Series) -> pd.Series:
    """Whether each measure is a change (may be negative) rather than a level."""
    return measure.str.contains(r"_change(?:_pct|_pp)?$", regex=True)


def pct_in_range(frame: pd.DataFrame, pct_units: tuple[str, ...] = ("pct",)) -> pd.Series:
    """Levels in percent lie in [0, 100]; changes in percent or points lie in [-100, 100]."""
    value = frame["value"]
    in_pct = frame["unit"].isin(pct_units)
    lower = is_change(frame["measure"]).map({True: -100.0, False: 0.0})
    return ~in_pct | value.isna() | ((value >= lower) & (value <= 100))


def levels_not_negative(frame: pd.DataFrame) -> pd.Series:
    """Counts and other levels are never negative; only changes may be."""
    return frame["value"].isna() | is_change(frame["measure"]) | (frame["value"] >= 0)


def _text(title: str, description: str, nullable: bool = False, **checks: object) -> object:
    return pa.Field(nullable=nullable, title=title, description=description, **checks)


def _value(unit_note: str) -> object:
    return pa.Field(
        nullable=True,
        title="Value",
        description="The figure as published and rounded by the source; blank when unverified.",
        metadata={"unit": unit_note},
    )


def _url() -> object:
    return url_field("Page the value was read on (or sought).", title="URL")


def _status() -> object:
    return pa.Field(
        isin=STATUSES,
        title="Status",
        description="Where the value is published.",
        metadata={"definitions": STATUS_WORDS},
    )


def _note() -> object:
    return pa.Field(
        nullable=True,
        title="Note",
        description="Wording, caveats, and where the value is published or not shown.",
    )


#: The unit a count-or-percentage measure's code implies: its suffix says a share or a change in
#: points (``vacancy_rate_pct``, ``turnover_rate_change_pp``); any other code is a count.
UNIT_OF_MEASURE_RULE = (
    "unit: pct for a measure whose code ends in _pct or _pp, count for any other measure"
)


def is_share(measure: pd.Series) -> pd.Series:
    """Whether each measure's code says a share or a change in points (``vacancy_rate_pct``,
    ``turnover_rate_change_pp``); any other code is a count."""
    return measure.astype(str).str.endswith(("_pct", "_pp"))


def unit_fits_measure(frame: pd.DataFrame) -> pd.Series:
    """Rows whose unit is the one their measure's code implies (:data:`UNIT_OF_MEASURE_RULE`)."""
    return frame["unit"] == is_share(frame["measure"]).map({True: "pct", False: "count"})


#: The rule on counts of people, jobs, posts or leavers: a full-time equivalent may be fractional.
WHOLE_COUNT_RULE = (
    "value: a count of people, jobs, posts or leavers is a whole number (110000, not 110000.5); "
    "only a full-time equivalent (a measure with fte in its code) may have decimals"
)


def counts_are_whole(frame: pd.DataFrame) -> pd.Series:
    """Rows whose count, other than a full-time equivalent, is whole (:data:`WHOLE_COUNT_RULE`).
    A count is told by its measure's code, so a share given the unit count is named once, by the
    unit rule."""
    measure = frame["measure"].astype(str)
    return is_whole(frame, ~is_share(measure) & ~measure.str.contains("fte"))


#: The same rule in the NHS staff table, whose ``unit`` says how a figure counts.
NHS_STAFF_WHOLE_COUNT_RULE = (
    "value: a headcount or a count of people is a whole number (1500000, not 1500000.5); only "
    "a full-time equivalent (unit fte) may have decimals"
)


SFC_COUNT_RATE_RULE = count_rate_rule(SFC_MEASURES, SFC_PAIR_KEY)
NHS_VACANCY_COUNT_RATE_RULE = count_rate_rule(NHS_VACANCY_MEASURES, NHS_VACANCY_PAIR_KEY)


class _FigureRules(pa.DataFrameModel):
    """Rules shared by every long table of counts and percentages: a unit that fits its
    measure, a rate in percent (not a fraction), a count of people or posts whole."""

    @pa.dataframe_check(error=UNIT_OF_MEASURE_RULE)
    def unit_of_measure(cls, frame: pd.DataFrame) -> Series[bool]:
        return unit_fits_measure(frame)

    @pa.dataframe_check(error=FRACTION_RATE_ERROR)
    def rates_are_not_fractions(cls, frame: pd.DataFrame) -> Series[bool]:
        return not_a_fraction(frame, frame["measure"].isin(RATES_OVER_ONE_PCT))

    @pa.dataframe_check(error=WHOLE_COUNT_RULE)
    def counts_are_whole(cls, frame: pd.DataFrame) -> Series[bool]:
        return counts_are_whole(frame)


class _CountOrPctFigures(_FigureRules):
    """Rules shared by the long tables whose values are counts or percentages."""

    @pa.dataframe_check(error="value: a pct lies in [0, 100]")
    def pct_within_range(cls, frame: pd.DataFrame) -> Series[bool]:
        return pct_in_range(frame)

    @pa.dataframe_check(error="value: a count cannot be negative")
    def levels_are_not_negative(cls, frame: pd.DataFrame) -> Series[bool]:
        return levels_not_negative(frame)

    @pa.dataframe_check(error="value: this measure is printed as a whole percentage (27, not 0.27)")
    def shares_are_whole_percentages(cls, frame: pd.DataFrame) -> Series[bool]:
        return whole_percentage(frame, frame["measure"].isin(WHOLE_PCT_MEASURES))


class RawSfcWorkforceEstimates(_FigureRules):
    """Skills for Care workforce estimates, one published figure a row, as transcribed.

    Source: ``data/raw/skills_for_care/workforce_estimates.csv``.
    """

    publication_id: Series[str] = publication_id_field()
    edition: Series[int] = pa.Field(
        ge=FIRST_SECTOR_YEAR,
        le=LAST_YEAR,
        title="Edition",
        description="Year the Skills for Care release appeared.",
    )
    reference_year: Series[int] = pa.Field(
        ge=FIRST_SECTOR_YEAR,
        le=LAST_YEAR,
        title="Reference year",
        description="First calendar year of the data year: 2017 means 2017/18.",
    )
    measure: Series[str] = _text(
        "Measure",
        "What the figure counts.",
        isin=list(SFC_MEASURES),
        metadata={"definitions": SFC_MEASURES},
    )
    value: Series[float] = _value("see unit column")
    unit: Series[str] = _text(
        "Unit", "count or pct (percent or percentage points).", isin=COUNT_OR_PCT
    )
    scope: Series[str] = _text("Scope", "Population, defined in scopes.csv.", isin=SFC_SCOPES)
    page_or_section: Series[str] = _text("Page or section", "Where in the source it was read.")
    url: Series[str] = _url()
    status: Series[str] = _status()
    note: Series[str] = _note()

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="value: a pct lies in [0, 100] (a change in [-100, 100])")
    def pct_within_range(cls, frame: pd.DataFrame) -> Series[bool]:
        return pct_in_range(frame)

    @pa.dataframe_check(error="value: a level (not a change) cannot be negative")
    def levels_are_not_negative(cls, frame: pd.DataFrame) -> Series[bool]:
        return levels_not_negative(frame)

    @pa.dataframe_check(error="value: this measure is printed as a whole percentage (66, not 0.66)")
    def shares_are_whole_percentages(cls, frame: pd.DataFrame) -> Series[bool]:
        return whole_percentage(frame, frame["measure"].isin(WHOLE_PCT_MEASURES))


class CleanSfcWorkforceEstimates(RawSfcWorkforceEstimates):
    """Skills for Care estimates ready for use: one row per edition, year, measure and scope."""

    one_row_per_vintage = one_row_per("edition", "reference_year", "measure", "scope")

    @pa.dataframe_check(error=STATUS_VALUE_RULE)
    def status_consistent(cls, frame: pd.DataFrame) -> Series[bool]:
        return status_matches_value(frame)

    @pa.dataframe_check(error=SFC_COUNT_RATE_RULE)
    def counts_and_rates_agree(cls, frame: pd.DataFrame) -> Series[bool]:
        return counts_agree_with_rates(frame, SFC_PAIR_KEY)

    @pa.dataframe_check(error="reference_year cannot be later than the edition that published it")
    def reference_year_not_after_edition(cls, frame: pd.DataFrame) -> Series[bool]:
        return frame["reference_year"] <= frame["edition"]


class RawSfcScopes(pa.DataFrameModel):
    """Definitions of the Skills for Care scope codes (``data/raw/skills_for_care/scopes.csv``)."""

    scope: Series[str] = pa.Field(
        isin=SFC_SCOPES, unique=True, title="Scope", description="Scope code."
    )
    label: Series[str] = _text("Label", "The scope in a few words, as charts and notes show it.")
    definition: Series[str] = _text("Definition", "What population the code covers.")

    class Config:
        strict = True
        coerce = True


class CleanSfcScopes(RawSfcScopes):
    """Scope definitions: every code in the vocabulary is defined once."""

    @pa.dataframe_check(error="scopes.csv must define every scope code of the vocabulary")
    def every_scope_defined(cls, frame: pd.DataFrame) -> bool:
        return set(frame["scope"]) == set(SFC_SCOPES)


class RawNhsTrustVacancies(_CountOrPctFigures):
    """NHS trust vacancies by quarter and staff group (``data/raw/nhs_vacancies/``)."""

    publication_id: Series[str] = publication_id_field()
    publisher: Series[str] = _text(
        "Publisher", "Body that published the figure.", isin=NHS_VACANCY_PUBLISHERS
    )
    edition: Series[str] = _text("Edition", "Report or release the figure appeared in.")
    period: Series[str] = _text(
        "Period",
        "Financial-year quarter as published (2018/19 Q1 = April-June 2018), or months.",
        str_matches=QUARTER_PATTERN,
    )
    period_end: Series[pd.Timestamp] = _text(
        "Period end", "Snapshot date: the last day of the period (2018/19 Q3: 2018-12-31)."
    )
    staff_group: Series[str] = _text(
        "Staff group", "all, nursing, medical or other.", isin=NHS_STAFF_GROUPS
    )
    measure: Series[str] = _text(
        "Measure",
        "What the figure counts.",
        isin=list(NHS_VACANCY_MEASURES),
        metadata={"definitions": NHS_VACANCY_MEASURES},
    )
    value: Series[float] = _value("WTE vacancies (count) or % of establishment (pct)")
    qualifier: Series[str] = qualifier_field("figure")
    unit: Series[str] = _text("Unit", "count or pct.", isin=COUNT_OR_PCT)
    page_or_section: Series[str] = _text("Page or section", "Where it was read.")
    url: Series[str] = _url()
    status: Series[str] = _status()
    note: Series[str] = _note()

    class Config:
        strict = True
        coerce = True


class CleanNhsTrustVacancies(RawNhsTrustVacancies):
    """NHS trust vacancies: one row per publisher, edition, period, staff group and measure."""

    # Keyed on the quarter's last day, so one quarter written two ways ("2018/19 Q3", "2018
    # Oct-Dec") is one key.
    one_row_per_vintage = one_row_per(
        "publication_id", "edition", "period_end", "staff_group", "measure"
    )

    @pa.dataframe_check(error=STATUS_VALUE_RULE)
    def status_consistent(cls, frame: pd.DataFrame) -> Series[bool]:
        return status_matches_value(frame)

    @pa.dataframe_check(error=NHS_VACANCY_COUNT_RATE_RULE)
    def counts_and_rates_agree(cls, frame: pd.DataFrame) -> Series[bool]:
        return counts_agree_with_rates(frame, NHS_VACANCY_PAIR_KEY)

    @pa.dataframe_check(error="qualifier: a qualifier other than 'none' needs a value")
    def qualifier_has_a_value(cls, frame: pd.DataFrame) -> Series[bool]:
        return (frame["qualifier"] == "none") | frame["value"].notna()


class RawNhsStaff(pa.DataFrameModel):
    """NHS workforce in England and headline comparators (``data/raw/nhs_workforce/``)."""

    publication_id: Series[str] = publication_id_field()
    publisher: Series[str] = _text("Publisher", "Body that published the figure.")
    edition: Series[str] = _text("Edition", "Publication the figure appeared in.")
    reference_date: Series[str] = _text(
        "Reference date",
        "Snapshot date, or publication month for headlines.",
    )
    measure: Series[str] = _text(
        "Measure",
        "What the figure counts.",
        isin=list(NHS_STAFF_MEASURES),
        metadata={"definitions": NHS_STAFF_MEASURES},
    )
    value: Series[float] = _value("see unit column")
    unit: Series[str] = _text(
        "Unit", "fte, headcount or people (basis unstated).", isin=NHS_STAFF_UNITS
    )
    includes_gps: Series[str] = _text(
        "Includes GPs", "Whether general-practice staff are counted.", isin=INCLUDES_GPS
    )
    page_or_section: Series[str] = _text("Page or section", "Where it was read.")
    url: Series[str] = _url()
    status: Series[str] = _status()
    note: Series[str] = _note()

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="value: a staff count cannot be negative")
    def levels_are_not_negative(cls, frame: pd.DataFrame) -> Series[bool]:
        return levels_not_negative(frame)

    @pa.dataframe_check(error=NHS_STAFF_WHOLE_COUNT_RULE)
    def people_are_whole(cls, frame: pd.DataFrame) -> Series[bool]:
        return is_whole(frame, frame["unit"] != "fte")

    @pa.check("reference_date", error=REAL_MONTH_OR_DAY)
    def reference_date_exists(cls, reference_date: Series[str]) -> Series[bool]:
        return is_real_date(reference_date, forms=(7, 10))


class CleanNhsStaff(RawNhsStaff):
    """NHS staff figures: one row per publication, date and measure."""

    # Keyed by publication_id, not by its publisher and edition as written (see
    # CleanHealthFinance).
    one_row_per_vintage = one_row_per("publication_id", "reference_date", "measure")

    @pa.dataframe_check(error="value: a count of staff is more than 0")
    def staff_counted(cls, frame: pd.DataFrame) -> Series[bool]:
        return frame["value"].isna() | (frame["value"] > 0)

    @pa.dataframe_check(error=STATUS_VALUE_RULE)
    def status_consistent(cls, frame: pd.DataFrame) -> Series[bool]:
        return status_matches_value(frame)


class RawHfKeyFacts(_CountOrPctFigures):
    """Health Foundation 2017 social care workforce figures (``data/raw/health_foundation/``)."""

    publication_id: Series[str] = publication_id_field()
    publisher: Series[str] = _text("Publisher", "Body that published the figure.")
    edition: Series[str] = _text("Edition", "Publication the figure appeared in.")
    reference_year: Series[pd.Int64Dtype] = pa.Field(
        nullable=True,
        ge=FIRST_SECTOR_YEAR,
        le=LAST_YEAR,
        title="Reference year",
        description="First calendar year of the data year (2015 = 2015/16); blank if unknown.",
    )
    measure: Series[str] = _text(
        "Measure",
        "What the figure counts.",
        isin=list(HF_MEASURES),
        metadata={"definitions": HF_MEASURES},
    )
    value: Series[float] = _value("see unit column")
    unit: Series[str] = _text("Unit", "count or pct.", isin=COUNT_OR_PCT)
    page_or_section: Series[str] = _text("Page or section", "Where it was read.")
    url: Series[str] = _url()
    status: Series[str] = _status()
    note: Series[str] = _note()

    class Config:
        strict = True
        coerce = True


class CleanHfKeyFacts(RawHfKeyFacts):
    """Health Foundation key facts: one row per edition, year and measure."""

    one_row_per_vintage = one_row_per("edition", "reference_year", "measure")

    @pa.dataframe_check(error=STATUS_VALUE_RULE)
    def status_consistent(cls, frame: pd.DataFrame) -> Series[bool]:
        return status_matches_value(frame)
