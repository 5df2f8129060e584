"""Checks of "A brief history" and "Mutualisation: an overview of known benefits" (C01 to C14, C23).

Values come from the ``psm_headline_figures`` table (SEUK, CIPFA, Mutuals Taskforce, Department
of Health, DCMS replication report) through :func:`headline`.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import datasets
from mutualstats.claims.registry import Claim, Finding, check, judge
from mutualstats.mutual_sector import compare_profitability, headline_value

RESPONDENT_BASE = "share of survey respondents, not of all mutuals"


def headline(source_id: str, edition: str, measure: str) -> pd.Series:
    """The row of ``psm_headline_figures`` for a source, edition and measure."""
    return headline_value(datasets.load("psm_headline_figures"), source_id, edition, measure)


def judge_row(claim: Claim, row: pd.Series, caveats: list[str] | None = None) -> Finding:
    """Judge ``claim`` against one headline row; a pct of respondents adds the base caveat."""
    value = None if pd.isna(row["value"]) else float(row["value"])
    shown = f"{value:.0f}" if row["unit"] == "year" and value is not None else _shown(value)
    evidence = f"{row['source_id']} {row['edition']} {row['measure']} = {shown}"
    evidence += f" ({row['page_or_section']}; {row['url']}). {row['note']}."
    caveats = list(caveats or [])
    is_share = claim.unit == "pct" and claim.qualifier != "average"
    if row["unit"] == "pct" and row["base"] == "respondents" and is_share:
        caveats.append(RESPONDENT_BASE)
    caveat = "; ".join(caveats) or None
    return judge(claim, value, row["source_id"], row["edition"], evidence, caveat)


@check("C01")
def past_decade(claim: Claim) -> Finding:
    """ "The past decade" of policy initiatives: a loose span with no figure to recompute."""
    return Finding("not-checkable", None, None, "a descriptive time span, not a measured quantity")


@check("C02")
def right_to_request_year(claim: Claim) -> Finding:
    """Right to Request established in 2008 (Department of Health)."""
    return judge_row(claim, headline("dh_right_to_request", "2013", "scheme_introduced_year"))


@check("C03")
def right_to_request_staff(claim: Claim) -> Finding:
    """Almost 25,000 staff: DH's 2011 statement (an estimate made at proposal stage)."""
    caveat = "an estimate made when proposals were approved, not a count of staff who moved"
    return judge_row(claim, headline("dh_right_to_request", "2011", "staff_transferred"), [caveat])


@check("C04")
def social_value_act_year(claim: Claim) -> Finding:
    """Year of the Social Value Act: no source held gives it."""
    return Finding(
        "unverified",
        None,
        None,
        "no source held gives the year; the cited Hazenberg et al. (2013) paper is not about the "
        "Act, which is the Public Services (Social Value) Act 2012, in force from January 2013",
    )


@check("C05")
def health_social_care_mutuals(claim: Claim) -> Finding:
    """About 60 mutuals in health and social care (DCMS replication report; no citation)."""
    row = headline("dcms_replication", "2019", "mutuals_count_health_social_care")
    return judge_row(claim, row)


@check("C06")
def turnover_growth_since_launch(claim: Claim) -> Finding:
    """Average turnover growth of 50% since launch (SEUK 2018)."""
    return judge_row(claim, headline("seuk_psm", "2018", "turnover_growth_since_launch_pct"))


@check("C07")
def expanded_services(claim: Claim) -> Finding:
    """68% expanded into new areas, customers and products (SEUK 2019 reports products only)."""
    caveat = "the source counts new products and services only, not new areas or customers"
    return judge_row(
        claim, headline("seuk_psm", "2019", "developed_new_products_services_pct"), [caveat]
    )


@check("C08")
def profitable_2018(claim: Claim) -> Finding:
    """96% of mutuals profitable "in 2018" (SEUK 2019: generated a surplus)."""
    caveat = "the source says generated a surplus and states no financial year"
    return judge_row(claim, headline("seuk_psm", "2019", "profitable_pct"), [caveat])


@check("C09")
def average_profit_margin(claim: Claim) -> Finding:
    """Average profit margin of 1.5% (SEUK 2019)."""
    return judge_row(claim, headline("seuk_psm", "2019", "avg_profit_margin_pct"))


@check("C10", evidence_from=("seuk_psm",))
def social_enterprises_profitable(claim: Claim) -> Finding:
    """70% of social enterprises profitable: judged like for like, profit against profit.

    Footnote 20 has no text. The SEUK State of Social Enterprise survey of the same year gives
    the share making a profit; profit-or-break-even is shown as evidence, never substituted.
    """
    table = datasets.load("psm_headline_figures")
    profit = compare_profitability(table, "profitable_pct", "profitable_pct", "2019", "2019")
    either = compare_profitability(
        table, "profit_or_breakeven_pct", "profit_or_breakeven_pct", "2019", "2019"
    )
    row = headline("seuk_social_enterprise", "2019", "profitable_pct")
    finding = judge_row(claim, row)
    note = (
        f"{finding.note} Like for like, mutuals {_shown(profit.psm_pct)}% against social "
        f"enterprises {_shown(profit.social_enterprise_pct)}% making a profit; social "
        f"enterprises in profit or breaking even: {_shown(either.social_enterprise_pct)}% "
        "(derived from two published shares), which is not the mutuals' measure."
    )
    return Finding(finding.verdict, finding.recomputed_value, finding.source_id, note)


@check("C11", evidence_from=("seuk_psm",))
def productivity_growth(claim: Claim) -> Finding:
    """4-5% growth in workforce productivity (Mutuals Taskforce 2012)."""
    finding = judge_row(claim, headline("mutuals_taskforce", "2012", "productivity_growth_pct_low"))
    nearest = headline("seuk_psm", "2019", "productivity_growth_pct")
    note = (
        f"{finding.note} Nearest published figure: {_shown(nearest['value'])}% in seuk_psm 2019, "
        "attributed to social enterprises, with no period."
    )
    return Finding(finding.verdict, finding.recomputed_value, finding.source_id, note)


@check("C12")
def more_innovative(claim: Claim) -> Finding:
    """82% report more innovative services (CIPFA 2017)."""
    return judge_row(claim, headline("cipfa", "2017", "more_innovative_pct"))


@check("C13")
def better_quality(claim: Claim) -> Finding:
    """76% report better quality than under the public sector (CIPFA 2017)."""
    return judge_row(claim, headline("cipfa", "2017", "better_quality_than_public_sector_pct"))


@check("C14")
def reinvest_profits(claim: Claim) -> Finding:
    """92% reinvest profits (SEUK 2019)."""
    finding = judge_row(claim, headline("seuk_psm", "2019", "reinvest_profits_pct"))
    profit_2018 = headline("seuk_psm", "2018", "profitable_pct")
    note = (
        f"{finding.note} The only 92% found is the 2018 edition's share making a profit "
        f"({_shown(profit_2018['value'])}%), a different measure."
    )
    return Finding(finding.verdict, finding.recomputed_value, finding.source_id, note)


@check("C23")
def profitable_2018_19(claim: Claim) -> Finding:
    """96% profitable "in 2018/19": the same SEUK 2019 figure as C08, with another year label."""
    caveats = [
        "the source says generated a surplus and states no financial year",
        "the briefing labels the same figure 2018 elsewhere",
    ]
    return judge_row(claim, headline("seuk_psm", "2019", "profitable_pct"), caveats)


def _shown(value: object) -> str:
    if value is None or pd.isna(value):
        return "not published"
    number = float(value)  # type: ignore[arg-type]
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"
