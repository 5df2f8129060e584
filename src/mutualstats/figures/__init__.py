"""Charts in one house style, each from a pure ``build_<chart>`` function, exported reproducibly.

``build_*`` functions take a clean frame and a footer line and return a Figure carrying its
title, subtitle, notes and plotted rows (:func:`chart_record`); ``export`` writes PNG, SVG and
the plotted rows as CSV, byte-identical on every run, and shows the chart in a notebook. Footers
are built from provenance by :func:`footer_for`. ``CHARTS`` lists every chart by export name;
:func:`build_and_export_all` exports them all, for ``mutualstats figures`` and the site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from mutualstats import datasets, periods
from mutualstats.config import MUTUAL_SECTOR_COUNTS_SOURCE, MUTUAL_SECTOR_COUNTS_TABLE
from mutualstats.figures.finance import (
    FINANCE_SOURCE,
    GROWTH_CHART,
    SHARE_CHART,
    build_health_share_of_spending,
    build_health_spending_growth,
    chart_health_share_of_spending,
    chart_health_spending_growth,
)
from mutualstats.figures.layout import ChartRecord, ChartText, chart_record
from mutualstats.figures.mutual_counts import build_psm_counts
from mutualstats.figures.mutual_sector import (
    CIPFA_CHART,
    CIPFA_SOURCE,
    INDICATORS_CHART,
    PROFITABILITY_CHART,
    build_cipfa_benefits,
    build_profitability,
    build_psm_indicators,
)
from mutualstats.figures.satisfaction import (
    BSA_SOURCE,
    NHS_CHART,
    SOCIAL_CARE_CHART,
    build_nhs_satisfaction,
    build_social_care_satisfaction,
)
from mutualstats.figures.style import COLOURS, Exported, export, footer_for, house_style
from mutualstats.figures.workforce import (
    ASC_VACANCIES_CHART,
    NHS_VACANCIES_SOURCE,
    SFC_SOURCE,
    TRUST_VACANCIES_CHART,
    TURNOVER_CHART,
    build_asc_vacancies,
    build_nhs_trust_vacancies,
    build_turnover_vs_leaving,
    chart_asc_vacancies,
    chart_nhs_trust_vacancies,
    chart_turnover_vs_leaving,
)
from mutualstats.mutual_sector import PSM_SOURCE, SOCIAL_ENTERPRISE_SOURCE

__all__ = [
    "CHARTS",
    "CHART_SOURCES",
    "COLOURS",
    "ChartRecord",
    "ChartText",
    "Exported",
    "build_and_export_all",
    "build_cipfa_benefits",
    "build_nhs_satisfaction",
    "build_profitability",
    "build_psm_counts",
    "build_psm_indicators",
    "build_social_care_satisfaction",
    "chart_record",
    "export",
    "footer_for",
    "house_style",
]
__all__ += [
    "build_asc_vacancies",
    "build_health_share_of_spending",
    "build_health_spending_growth",
    "build_nhs_trust_vacancies",
    "build_turnover_vs_leaving",
]


def build_and_export_all(year: int, directory: Path | None = None) -> list[Exported]:
    """Build every chart of ``CHARTS`` for ``year`` from the processed tables and export it;
    each result names the files written and carries the chart's words."""
    exported = []
    for name, builder in CHARTS.items():
        fig = builder(year)
        exported.append(export(fig, name, directory))
        plt.close(fig)
    return exported


def _nhs_chart(year: int) -> Figure:
    return build_nhs_satisfaction(datasets.load("bsa_satisfaction"), year, footer_for(BSA_SOURCE))


def _social_care_chart(year: int) -> Figure:
    return build_social_care_satisfaction(
        datasets.load("bsa_satisfaction"), year, footer_for(BSA_SOURCE)
    )


def _psm_indicators_chart(year: int) -> Figure:
    # The briefing's State of the Sector edition against the one before, whatever is held later.
    edition = str(periods.resolve("seuk_edition"))
    headline = datasets.load("psm_headline_figures")
    return build_psm_indicators(headline, footer_for(PSM_SOURCE), edition)


def _profitability_chart(year: int) -> Figure:
    # The briefing's editions of each survey, with the one before each.
    chosen = {
        PSM_SOURCE: str(periods.resolve("seuk_edition")),
        SOCIAL_ENTERPRISE_SOURCE: str(periods.resolve("social_enterprise_edition")),
    }
    headline = datasets.load("psm_headline_figures")
    footer = footer_for(PSM_SOURCE, SOCIAL_ENTERPRISE_SOURCE)
    return build_profitability(headline, footer, chosen)


#: The published counts chart (named after the table it draws) and its folder.
COUNTS_CHART = MUTUAL_SECTOR_COUNTS_TABLE


# The counts and CIPFA charts draw every published figure, so they ignore the highlight year.
def _psm_counts_chart(year: int) -> Figure:
    return build_psm_counts(
        datasets.load(MUTUAL_SECTOR_COUNTS_TABLE), footer_for(MUTUAL_SECTOR_COUNTS_SOURCE)
    )


def _cipfa_benefits_chart(year: int) -> Figure:
    return build_cipfa_benefits(datasets.load("psm_headline_figures"), footer_for(CIPFA_SOURCE))


#: Every chart, by export name.
CHARTS: dict[str, Callable[[int], Figure]] = {
    NHS_CHART: _nhs_chart,
    SOCIAL_CARE_CHART: _social_care_chart,
    ASC_VACANCIES_CHART: chart_asc_vacancies,
    TURNOVER_CHART: chart_turnover_vs_leaving,
    TRUST_VACANCIES_CHART: chart_nhs_trust_vacancies,
    GROWTH_CHART: chart_health_spending_growth,
    SHARE_CHART: chart_health_share_of_spending,
    INDICATORS_CHART: _psm_indicators_chart,
    PROFITABILITY_CHART: _profitability_chart,
    COUNTS_CHART: _psm_counts_chart,
    CIPFA_CHART: _cipfa_benefits_chart,
}

#: The source folders each chart draws values from (the published counts chart: from one).
CHART_SOURCES: dict[str, tuple[str, ...]] = {
    NHS_CHART: (BSA_SOURCE,),
    SOCIAL_CARE_CHART: (BSA_SOURCE,),
    ASC_VACANCIES_CHART: (SFC_SOURCE,),
    TURNOVER_CHART: (SFC_SOURCE,),
    TRUST_VACANCIES_CHART: (NHS_VACANCIES_SOURCE,),
    GROWTH_CHART: (FINANCE_SOURCE,),
    SHARE_CHART: (FINANCE_SOURCE,),
    INDICATORS_CHART: (PSM_SOURCE,),
    PROFITABILITY_CHART: (PSM_SOURCE, SOCIAL_ENTERPRISE_SOURCE),
    COUNTS_CHART: (MUTUAL_SECTOR_COUNTS_SOURCE,),
    CIPFA_CHART: (CIPFA_SOURCE,),
}
