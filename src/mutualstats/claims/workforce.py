"""Checks of "The case for mutuals in health and social care": workforce and finance (C15 to C22).

Each claim is judged against the measure its wording describes (people working in the NHS, the
share of workers leaving the sector, the share of all public spending), with the figure the
cited source gives shown as evidence where it measures something else.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import datasets, finance, workforce
from mutualstats.claims.registry import Claim, Finding, check, judge

SKILLS_FOR_CARE = "skills_for_care"
CITED_EDITION = str(workforce.CITED_EDITION)


def _sfc(measure: str, scope: str | None = None) -> workforce.Estimate:
    return workforce.estimate(
        datasets.load("sfc_workforce_estimates"), measure, "cited", scope=scope
    )


def _sfc_evidence(item: workforce.Estimate) -> str:
    return (
        f"Skills for Care {item.edition} edition, {item.data_year}: {item.measure} = "
        f"{workforce.format_value(item.value, item.unit)} ({item.scope}; {item.url})."
    )


@check("C15")
def nhs_staff(claim: Claim) -> Finding:
    """Over 1.5 million NHS staff excluding GPs: NHS Digital's official count, September 2018."""
    staff = finance_free_row("nhs_staff", "hchs_staff_fte")
    headline = finance_free_row("nhs_staff", "nhs_staff_headline", publisher="NHS Improvement")
    evidence = (
        f"NHS Digital, September 2018: {staff['value']:,.0f} FTE in hospital and community health "
        f"services, excluding general practice ({staff['url']}); headcount not found. "
        f"The unqualified headline of {headline['value']:,.0f} is from {headline['publisher']} "
        f"({headline['edition']}), with GPs neither included nor excluded. Skills for Care, the "
        "cited source, counts adult social care, not NHS staff."
    )
    return judge(claim, float(staff["value"]), "nhs_workforce", "2018", evidence)


@check("C16")
def adult_social_care_workforce(claim: Claim) -> Finding:
    """A similar number (about 1.5 million) working in adult social care: Skills for Care 2018."""
    people, jobs = _sfc("people"), _sfc("jobs")
    evidence = f"{_sfc_evidence(people)} Jobs: {workforce.format_value(jobs.value, jobs.unit)}."
    caveat = (
        f"people, reference year {people.data_year}; the NHS figure it is set beside is not "
        "1.5 million on the official count (see C15)"
    )
    return judge(claim, people.value, SKILLS_FOR_CARE, str(people.edition), evidence, caveat)


@check("C17")
def adult_social_care_vacancies(claim: Claim) -> Finding:
    """Around 110,000 vacancies in adult social care: Skills for Care 2018."""
    vacancies, rate = _sfc("vacancies"), _sfc("vacancy_rate_pct")
    evidence = f"{_sfc_evidence(vacancies)} Vacancy rate {rate.value:g}%."
    caveat = f"reference year {vacancies.data_year}, not calendar 2018"
    return judge(claim, vacancies.value, SKILLS_FOR_CARE, str(vacancies.edition), evidence, caveat)


@check("C18")
def nhs_trust_vacancies(claim: Claim) -> Finding:
    """Over 100,000 unfilled posts in NHS trusts: NHS Improvement, 2018/19 Q1."""
    quarters = workforce.nhs_vacancies(datasets.load("nhs_trust_vacancies"))
    period_end = pd.to_datetime(quarters["period_end"])
    latest = quarters.loc[period_end.dt.year == 2018].iloc[-1]
    evidence = (
        f"{latest['publisher']} {latest['edition']}: {latest['value']:,.0f} FTE vacancies at "
        f"{pd.Timestamp(latest['period_end']):%Y-%m-%d}, the latest 2018 quarter with a published "
        f"total ({latest['url']}). Skills for Care, which the footnote's Ibid points to, does not "
        "report NHS trust vacancies."
    )
    return judge(claim, float(latest["value"]), "nhs_vacancies", latest["edition"], evidence)


@check("C19", evidence_from=("health_foundation",))
def leaving_the_sector(claim: Claim) -> Finding:
    """One in four leaving the sector each year: turnover times the share leaving the sector."""
    rate = workforce.leaving_sector_for(datasets.load("sfc_workforce_estimates"), "cited")
    facts = datasets.load("hf_key_facts")
    turnover_2015 = facts.loc[
        (facts["measure"] == "leavers_rate_pct") & (facts["reference_year"] == 2015), "value"
    ]
    evidence = (
        f"Skills for Care {CITED_EDITION}: turnover {rate.turnover_rate_pct:g}% with "
        f"{rate.leavers_staying_in_sector_pct:g}% of leavers staying in the sector, so about "
        f"{rate.rate_pct:.1f}% of workers leave the sector a year (derived). The Health "
        f"Foundation's one in four ({turnover_2015.iloc[0]:g}% in 2015/16) is the rate of "
        "leaving a job, not the sector."
    )
    return judge(claim, round(rate.rate_pct, 1), SKILLS_FOR_CARE, CITED_EDITION, evidence)


@check("C20")
def health_spending_growth(claim: Claim) -> Finding:
    """Health spending grew 1.9% in 2018/19 (NAO 2019): not found; nearest published figures."""
    table = datasets.load("health_finance")
    nao = finance.figure(table, "health_spending_growth_pct", publisher="National Audit Office")
    cash = finance.figure(table, "dhsc_rdel_growth_pct", period="2018-19")
    with_pay = finance.figure(table, "dhsc_rdel_incl_pay_deal_growth_pct", period="2018-19")
    real = finance.figure(table, "uk_health_spending_real_growth_pct", period="2018-19")
    evidence = (
        f"{nao.publisher} {nao.edition}: {nao.note}. Nearest: DHSC day-to-day budget "
        f"+{cash.value:g}% cash (+{with_pay.value:g}% with the pay deal, {cash.publisher}); UK "
        f"health spending +{real.value:g}% real ({real.publisher})."
    )
    return judge(claim, nao.value, "health_finance", claim.cited_edition, evidence)


@check("C21")
def share_of_public_spending(claim: Claim) -> Finding:
    """30% of public spending: health's share of total public spending, 2018-19 (IFS)."""
    table = datasets.load("health_finance")
    total = finance.figure(table, "health_share_total_public_spending", period="2018-19")
    services = finance.figure(
        table, "health_share_public_service_spending", publisher="BBC", edition="2018-01"
    )
    evidence = (
        f"{total.publisher} ({total.edition}): health was {total.value:g}% of total public "
        f"spending in 2018-19. The cited BBC article's {services.value:g}% is the share of "
        "spending on public services, a narrower base."
    )
    return judge(claim, total.value, "health_finance", f"IFS {total.edition}", evidence)


@check("C22")
def long_term_plan_settlement(claim: Claim) -> Finding:
    """£20 billion more over five years: the NHS Long Term Plan's £20.5bn a year by 2023/24."""
    table = datasets.load("health_finance")
    increase = finance.figure(table, "nhs_england_revenue_real_increase", publisher="NHS England")
    growth = finance.figure(table, "nhs_england_revenue_real_growth_avg", publisher="NHS England")
    evidence = (
        f"NHS Long Term Plan: NHS England revenue {growth.value:g}% a year real growth, "
        f"£{increase.value:g}bn a year more in {increase.period} than in 2018/19 ({increase.url})."
    )
    caveat = (
        "an annual increase reached by 2023/24, in real terms, for NHS England; "
        "not a sum over five years"
    )
    return judge(claim, increase.value, "health_finance", claim.cited_edition, evidence, caveat)


def finance_free_row(table_name: str, measure: str, publisher: str | None = None) -> pd.Series:
    """The single row of ``measure`` (optionally from ``publisher``) in a processed table."""
    table = datasets.load(table_name)
    rows = table.loc[table["measure"] == measure]
    if publisher is not None:
        rows = rows.loc[rows["publisher"] == publisher]
    if len(rows) != 1:
        raise LookupError(f"{len(rows)} rows of {measure} in {table_name}")
    return rows.iloc[0]
