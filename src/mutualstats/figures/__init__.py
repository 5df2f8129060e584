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
from mutualstats.figures.finance import (
    build_health_share_of_spending,
    build_health_spending_growth,
    chart_health_share_of_spending,
    chart_health_spending_growth,
)
from mutualstats.figures.layout import ChartRecord, ChartText, chart_record
from mutualstats.figures.mutual_counts import build_psm_counts
from mutualstats.figures.mutual_sector import (
    build_cipfa_benefits,
    build_profitability,
    build_psm_indicators,
)
from mutualstats.figures.satisfaction import build_nhs_satisfaction, build_social_care_satisfaction
from mutualstats.figures.style import COLOURS, Exported, export, footer_for, house_style
from mutualstats.figures.workforce import (
    build_asc_vacancies,
    build_nhs_trust_vacancies,
    build_turnover_vs_leaving,
    chart_asc_vacancies,
    chart_nhs_trust_vacancies,
    chart_turnover_vs_leaving,
)

__all__ = [
    "CHARTS",
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
    return build_nhs_satisfaction(datasets.load("bsa_satisfaction"), year, footer_for("bsa"))


def _social_care_chart(year: int) -> Figure:
    return build_social_care_satisfaction(
        datasets.load("bsa_satisfaction"), year, footer_for("bsa")
    )


def _psm_indicators_chart(year: int) -> Figure:
    # The briefing's State of the Sector edition against the one before, whatever is held later.
    edition = str(periods.resolve("seuk_edition"))
    headline = datasets.load("psm_headline_figures")
    return build_psm_indicators(headline, footer_for("seuk_psm"), edition)


def _profitability_chart(year: int) -> Figure:
    # The briefing's editions of each survey, with the one before each.
    chosen = {
        "seuk_psm": str(periods.resolve("seuk_edition")),
        "seuk_social_enterprise": str(periods.resolve("social_enterprise_edition")),
    }
    headline = datasets.load("psm_headline_figures")
    footer = footer_for("seuk_psm", "seuk_social_enterprise")
    return build_profitability(headline, footer, chosen)


# The counts and CIPFA charts draw every published figure, so they ignore the highlight year.
def _psm_counts_chart(year: int) -> Figure:
    return build_psm_counts(datasets.load("psm_counts"), footer_for("psm_population"))


def _cipfa_benefits_chart(year: int) -> Figure:
    return build_cipfa_benefits(datasets.load("psm_headline_figures"), footer_for("cipfa"))


#: Every chart, by export name.
CHARTS: dict[str, Callable[[int], Figure]] = {
    "nhs_satisfaction": _nhs_chart,
    "social_care_satisfaction": _social_care_chart,
    "asc_vacancies": chart_asc_vacancies,
    "asc_turnover_vs_leaving_sector": chart_turnover_vs_leaving,
    "nhs_trust_vacancies": chart_nhs_trust_vacancies,
    "health_spending_growth": chart_health_spending_growth,
    "health_share_of_spending": chart_health_share_of_spending,
    "psm_indicators": _psm_indicators_chart,
    "psm_profitability": _profitability_chart,
    "psm_counts": _psm_counts_chart,
    "cipfa_benefits": _cipfa_benefits_chart,
}
