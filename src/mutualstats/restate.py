"""Restate the briefing's year-dependent statements from the data for another year.

Each :class:`Restatement` names its source; a statement that cannot be restated for the year
says why (not asked, no published value, no such edition).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mutualstats import datasets, satisfaction, workforce
from mutualstats.stats import record_low


@dataclass(frozen=True)
class Restatement:
    """One statement for one year, or the reason it cannot be made."""

    topic: str
    text: str
    source: str
    restated: bool


def restate(year: int) -> list[Restatement]:
    """Every year-dependent statement of the briefing, for ``year``."""
    return [
        _satisfaction(year, "nhs"),
        _satisfaction(year, "social_care"),
        _social_care_vacancies(year),
        _social_care_turnover(year),
        _nhs_trust_vacancies(year),
        _psm_profitable(year),
    ]


def render(year: int, statements: list[Restatement]) -> str:
    """The restatements as text, one block per statement."""
    lines = [f"The briefing's year-dependent statements, restated for {year}", ""]
    for item in statements:
        marker = "" if item.restated else "not restated: "
        lines += [f"{item.topic}: {marker}{item.text}", f"    source: {item.source}", ""]
    return "\n".join(lines)


def _satisfaction(year: int, service: str) -> Restatement:
    topic = f"Satisfaction with {satisfaction.SERVICES[service]} (BSA)"
    table = datasets.load("bsa_satisfaction")
    by_year = table.set_index("year")
    if year not in by_year.index:
        return Restatement(topic, f"no BSA row for {year}", "data/raw/bsa/satisfaction.csv", False)
    status = by_year.at[year, f"{service}_status"]
    if status != "published":
        reason = {
            "not_asked": "the question was not asked",
            "not_found": "no published value found",
        }
        source = str(by_year.at[year, "source_url"])
        return Restatement(topic, f"{reason[status]} in {year}", source, False)
    result = satisfaction.satisfaction(table, service, year)
    record = record_low(by_year[f"{service}_satisfied_pct"], year)
    parts = [satisfaction.describe(result), satisfaction.describe_lowest(result.lowest)]
    if record.is_record_low:
        parts.append(
            f"It is a record low: below all {record.years_compared} earlier published years since "
            f"{record.first_year}, across the 2020 change of survey mode."
        )
    parts += _publisher_statements(year, f"{service}_satisfied_pct")
    return Restatement(topic, " ".join(parts), result.source_url, True)


def _publisher_statements(year: int, measure: str) -> list[str]:
    statements = datasets.load("bsa_publisher_statements")
    rows = statements.loc[(statements["year"] == year) & (statements["measure"] == measure)]
    wording = {"lowest_since": "the lowest since", "highest_since": "the highest since"}
    return [
        f"The publisher states it is {wording[row.statement]} {row.value} ({row.source_url})."
        for row in rows.itertuples()
    ]


def _social_care_vacancies(year: int) -> Restatement:
    topic = "Adult social care vacancies (Skills for Care)"
    frame = datasets.load("sfc_workforce_estimates")
    try:
        vacancies = workforce.estimate(frame, "vacancies", year)
        rate = workforce.estimate(frame, "vacancy_rate_pct", year)
    except LookupError as error:
        return Restatement(
            topic, f"no {year} edition figure ({error})", "data/raw/skills_for_care", False
        )
    if vacancies.value is None:
        return Restatement(
            topic, f"the {year} edition's figure was not found", vacancies.url, False
        )
    count = workforce.format_value(vacancies.value, vacancies.unit)
    text = (
        f"{count} vacancies in {vacancies.data_year} ({year} edition), "
        f"a vacancy rate of {workforce.format_value(rate.value, rate.unit)}."
    )
    return Restatement(topic, text, vacancies.url, True)


def _social_care_turnover(year: int) -> Restatement:
    topic = "Adult social care turnover and leaving the sector (Skills for Care)"
    frame = datasets.load("sfc_workforce_estimates")
    try:
        leaving = workforce.leaving_sector_for(frame, year)
    except LookupError as error:
        try:
            turnover = workforce.estimate(frame, "turnover_rate_pct", year)
        except LookupError:
            return Restatement(
                topic, f"no {year} edition figure ({error})", "data/raw/skills_for_care", False
            )
        text = (
            f"turnover {workforce.format_value(turnover.value, turnover.unit)} in "
            f"{turnover.data_year}; the share of leavers staying in the sector is not published "
            f"in the {year} edition, so the rate of leaving the sector cannot be derived."
        )
        return Restatement(topic, text, turnover.url, turnover.value is not None)
    text = (
        f"turnover {leaving.turnover_rate_pct:g}% with {leaving.leavers_staying_in_sector_pct:g}% "
        f"of leavers staying in the sector: about {leaving.rate_pct:.1f}% leave the sector a "
        f"year, one in {100 / leaving.rate_pct:.0f} ({year} edition, derived)."
    )
    return Restatement(topic, text, "data/raw/skills_for_care/workforce_estimates.csv", True)


def _nhs_trust_vacancies(year: int) -> Restatement:
    topic = "NHS trust vacancies"
    quarters = workforce.nhs_vacancies(datasets.load("nhs_trust_vacancies"))
    in_year = quarters.loc[pd.to_datetime(quarters["period_end"]).dt.year == year]
    if in_year.empty:
        return Restatement(
            topic,
            f"no quarter ending in {year} has a published total",
            "data/raw/nhs_vacancies",
            False,
        )
    latest = in_year.iloc[-1]
    text = (
        f"{latest['value']:,.0f} FTE vacancies at {pd.Timestamp(latest['period_end']):%Y-%m-%d} "
        f"({latest['publisher']}, {latest['edition']})."
    )
    return Restatement(topic, text, str(latest["url"]), True)


def _psm_profitable(year: int) -> Restatement:
    topic = "Public service mutuals making a profit (SEUK State of the Sector)"
    table = datasets.load("psm_headline_figures")
    rows = table.loc[
        (table["source_id"] == "seuk_psm")
        & (table["edition"] == str(year))
        & (table["measure"] == "profitable_pct")
    ]
    if rows.empty or pd.isna(rows.iloc[0]["value"]):
        return Restatement(
            topic, f"no {year} edition of the survey gives it", "data/raw/seuk_psm", False
        )
    row = rows.iloc[0]
    text = f"{row['value']:.0f}% of responding mutuals ({year} edition; {row['note']})."
    return Restatement(topic, text, str(row["url"]), True)
