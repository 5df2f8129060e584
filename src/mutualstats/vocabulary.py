"""The plain vocabularies the models and the readers share: section titles, period separators and
each table's measures with their meanings.

They live here, apart from the pandera models (:mod:`mutualstats.schemas`) that check values
against them, so the audit and the site, which read tables the build has already validated, name
sections and measures without importing pandera.
"""

#: What a claim id starts with, and how many digits follow it (C05).
CLAIM_PREFIX, CLAIM_DIGITS = "C", 2

#: Where a value is published (see each source.yaml's method notes), each status with its words:
#: on the publisher's own page or in its report, or in another body's report quoting it.
#: ``unverified`` rows have a blank value and a note saying where the value is published and where
#: it is not shown.
STATUS_WORDS = {
    "publisher": "read on the publisher's own page or in its report",
    "secondary": "read in another body's report of the figure",
    "unverified": "not found where it is said to be published",
}

#: Each section's heading in the briefing, for readers (the site shows these, not the codes).
SECTION_TITLES = {
    "brief_history": "A brief history",
    "benefits": "Mutualisation: an overview of known benefits",
    "case_for_mutuals": "The case for mutuals in health and social care",
}
#: What joins the years of a financial year in ``reference_period``, as the briefing prints it.
REFERENCE_PERIOD_SEPARATOR = "/"

#: What joins the years of a financial year in ``period``: 2018-19 (the register writes the
#: briefing's 2018/19; :func:`mutualstats.finance.period_label` turns one into the other).
PERIOD_SEPARATOR = "-"

#: Every finance measure and what it is: the name carries body, basis and kind, so figures on
#: different bases are never mixed (shown by ``mutualstats describe`` and the data dictionary).
FINANCE_MEASURES = {
    "health_spending_growth_pct": "growth in health spending in one year, as the source states it",
    "dhsc_rdel": "DHSC resource budget (RDEL, day-to-day spending), cash",
    "dhsc_rdel_growth_pct": "growth in the DHSC resource budget on the previous year, cash",
    "dhsc_rdel_incl_pay_deal": "DHSC resource budget including the expected pay deal funding, cash",
    "dhsc_rdel_incl_pay_deal_growth_pct": (
        "growth in the DHSC resource budget including the pay deal funding, cash"
    ),
    "nhs_england_budget": "NHS England's budget for one year",
    "nhs_england_funding_real_growth": "real-terms growth in NHS England's funding in given years",
    "nhs_england_funding_real_growth_avg": (
        "average annual real-terms growth in NHS England's funding over a span"
    ),
    "nhs_england_funding_real_increase": (
        "real-terms rise in NHS England's yearly funding by the end of a span, against its start"
    ),
    "nhs_england_revenue_real_growth_avg": (
        "average annual real-terms growth in NHS England's revenue budget over a span"
    ),
    "nhs_england_revenue_real_increase": (
        "real-terms rise in NHS England's yearly revenue budget by the end of a span, against its "
        "start (a yearly level, not a sum over the years)"
    ),
    "nhs_england_budget_real_growth_avg": (
        "average annual real-terms growth in NHS England's budget over a span, as re-estimated "
        "with later inflation figures"
    ),
    "nhs_england_budget_real_increase": (
        "real-terms rise in NHS England's yearly budget by the end of a span, as re-estimated with "
        "later inflation figures"
    ),
    "nhs_funding_growth_long_run_avg": "long-run average annual growth in NHS funding, real terms",
    "nhs_funding_growth_recent_avg": "average annual growth in NHS funding in recent years",
    "uk_health_spending": "UK public spending on health, cash",
    "uk_health_spending_real": "UK public spending on health, real terms (at stated prices)",
    "uk_health_spending_growth_avg": (
        "average annual growth in UK public spending on health over a long span"
    ),
    "uk_health_spending_real_growth_pct": (
        "real-terms growth in UK public spending on health on the previous year"
    ),
    "uk_health_spending_real_growth_avg": (
        "average annual real-terms growth in UK public spending on health over a span"
    ),
    "total_health_budget_growth_avg": (
        "average annual growth in the whole DHSC health budget (not NHS England only) over a span"
    ),
    "minimum_required_real_growth": (
        "annual real-terms growth the source judges the minimum needed to tackle the NHS's "
        "backlog or improve its services: more than keeping up with demand"
    ),
    "maintenance_required_real_growth": (
        "average annual real-terms growth in health spending the source projects is needed to "
        "maintain current standards of care as demand grows: keeping up with demand, no more"
    ),
    "health_share_total_public_spending": "health spending as a share of all public spending",
    "health_share_public_service_spending": (
        "health spending as a share of spending on public services (a narrower base than all "
        "public spending)"
    ),
    "dhsc_share_departmental_day_to_day_spending": (
        "DHSC's day-to-day budget as a share of all departments' day-to-day budgets"
    ),
}

#: Skills for Care measures. Changes (``*_change``, ``*_change_pct``, ``*_change_pp``) may be
#: negative; every other measure is a level.
SFC_MEASURES = {
    "jobs": "adult social care jobs (a person with two jobs counts twice; editions to 2021)",
    "jobs_change": "change in jobs on the previous data year",
    "people": "people working in adult social care, each counted once",
    "fte_jobs": "full-time equivalent jobs (or posts) in adult social care",
    "filled_posts": "adult social care posts with a person working in them (editions from 2022)",
    "filled_posts_change": "change in filled posts on the previous data year",
    "filled_posts_change_pct": "change in filled posts on the previous data year, in percent",
    "total_posts": "filled posts plus vacant posts (not comparable with earlier jobs)",
    "vacancies": "vacant posts on an average day of the data year",
    "vacancies_change": "change in vacancies on the previous data year",
    "vacancies_change_pct": "change in vacancies on the previous data year, in percent",
    "vacancy_rate_pct": "vacant posts as a share of all posts",
    "vacancy_rate_change_pp": "change in the vacancy rate, in percentage points",
    "turnover_rate_pct": (
        "job turnover: staff who left their job in the year as a share of staff, including moves "
        "to another care employer"
    ),
    "turnover_rate_change_pp": "change in job turnover, in percentage points",
    "leavers": "staff who left their job in the year",
    "leavers_staying_in_sector_pct": (
        "share of leavers who stay in adult social care, as Skills for Care words it; estimated "
        "from where new starters came from, not from tracked leavers"
    ),
    "recruitment_from_within_sector_pct": (
        "share of new starters recruited from other jobs in adult social care"
    ),
}

#: ``advertised_vacancies_fte`` (NHS Jobs adverts) is a different measure from trust-reported
#: vacancies and is never compared with them.
NHS_VACANCY_MEASURES = {
    "vacancies_fte": "vacant posts reported by NHS trusts, whole-time equivalent",
    "vacancy_rate_pct": "vacant posts as a share of planned posts (establishment)",
    "advertised_vacancies_fte": "full-time equivalent posts advertised on NHS Jobs",
}

NHS_STAFF_MEASURES = {
    "hchs_staff_fte": (
        "hospital and community health services staff (NHS trusts, CCGs, central bodies), FTE; "
        "excludes general practice"
    ),
    "general_practice_staff_fte": "staff in general practice (GPs and practice staff), FTE",
    "nhs_staff_fte": "hospital and community health services plus general practice staff, FTE",
    "independent_healthcare_provider_staff_fte": (
        "staff of independent healthcare providers that supplied data, FTE (not NHS staff)"
    ),
    "hchs_staff_headcount": (
        "hospital and community health services staff, headcount (people); excludes general "
        "practice"
    ),
    "trusts_ccgs_staff_fte": "staff of NHS trusts and CCGs, FTE",
    "provider_staff_wte": "staff of NHS trusts (providers), whole-time equivalent",
    "nhs_staff_headline": "a headline count of NHS staff whose basis the source does not state",
}

#: Whether a count of NHS staff includes general practice, and how C15's evidence words each.
INCLUDES_GPS_WORDS = {
    "true": "GPs included",
    "false": "GPs excluded",
    "unknown": "GPs not stated",
}

HF_MEASURES = {
    "leavers_rate_pct": (
        "adult social care staff leaving their job in a year, as a share of staff (job turnover)"
    ),
    "leavers_per_day": "adult social care staff leaving their job each day",
    "vacancies": "vacant adult social care posts at any one time",
    "social_worker_vacancy_rate_pct": "vacant social worker posts as a share of all such posts",
    "leavers_leaving_sector_pct": "share of leavers who leave adult social care altogether",
}

#: The satisfaction table's columns a publisher's statement may be about, with their meaning.
BSA_MEASURES = {
    "nhs_satisfied_pct": "share very or quite satisfied with the way the NHS runs nowadays",
    "nhs_dissatisfied_pct": "share very or quite dissatisfied with the way the NHS runs nowadays",
    "social_care_satisfied_pct": "share very or quite satisfied with social care (local authority)",
}

#: Measures the checks compute from published ones, or read from a publisher's statement rather
#: than a table (a stated change, a stated "lowest since"), each with its meaning: the data
#: dictionary of those values. Each is traced to its published inputs by
#: ``claims.trace.DERIVED_INPUTS``; a test checks the two name the same measures.
DERIVED_MEASURES = {
    # workforce.leaving_sector_rate
    "leaving_sector_rate_pct": (
        "share of care workers leaving the adult social care sector in a year: the turnover rate "
        "times the share of leavers who do not stay in the sector"
    ),
    # claims.satisfaction
    "nhs_years_lowest_stated": (
        "years before the survey year over which the publisher states NHS satisfaction is the "
        "lowest"
    ),
    "nhs_years_provably_lowest": (
        "years before the survey year, back to the first with no published value, whose published "
        "NHS satisfaction is higher"
    ),
    "nhs_satisfied_change_pp": (
        "change in the share satisfied with the NHS on the previous survey year, in percentage "
        "points"
    ),
    "nhs_satisfied_change_stated_pp": (
        "change in the share satisfied with the NHS on the previous survey year as the publisher "
        "states it, worked out on shares it does not round"
    ),
    "social_care_satisfied_change_stated_pp": (
        "change in the share satisfied with social care on the previous survey year as the "
        "publisher states it, worked out on shares it does not round"
    ),
    # mutual_sector.with_derived_shares (C10, the profitability chart)
    "profit_or_breakeven_pct": (
        "share of respondents that made a profit or broke even: the published shares making a "
        "profit and breaking even, of the same survey edition, added"
    ),
    # claims.workforce (C31)
    "settlement_margin_over_minimum_pp": (
        "average annual real growth a funding settlement gives less the growth the same "
        "publication says is needed to keep up with demand (maintain current standards of "
        "care), in percentage points (below 0: short of it)"
    ),
    # claims.mutual_sector (C11)
    "productivity_growth_pct_range": (
        "reported range of productivity gains (lower and upper end; growth, or a level above a "
        "comparator, as the source says)"
    ),
}


#: Each source's measure vocabulary (the mutual-sector measures are data: ``measures.csv``).
MEASURE_VOCABULARIES = {
    "health_finance": FINANCE_MEASURES,
    "skills_for_care": SFC_MEASURES,
    "nhs_vacancies": NHS_VACANCY_MEASURES,
    "nhs_workforce": NHS_STAFF_MEASURES,
    "health_foundation": HF_MEASURES,
    "bsa": BSA_MEASURES,
}


def measure_definitions() -> dict[str, str]:
    """Each measure code the models define, with its meaning. A code two vocabularies define
    differently (``vacancies``, ``vacancy_rate_pct``) is left out: its meaning depends on the
    table it is read from."""
    merged: dict[str, str] = {}
    clashing: set[str] = set()
    for vocabulary in (*MEASURE_VOCABULARIES.values(), DERIVED_MEASURES):
        for code, meaning in vocabulary.items():
            if merged.setdefault(code, meaning) != meaning:
                clashing.add(code)
    return {code: meaning for code, meaning in merged.items() if code not in clashing}


def measure_definition(source_id: str, measure: str) -> str | None:
    """The meaning of ``measure`` as read from ``source_id`` (its vocabulary first, so a code two
    vocabularies define differently is told apart), or of a derived measure; None if undefined."""
    vocabulary = MEASURE_VOCABULARIES.get(source_id, {})
    return vocabulary.get(measure) or DERIVED_MEASURES.get(measure)
