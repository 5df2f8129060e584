"""Charts of the health and social care workforce and of health spending (footnotes 27-33).

Each ``build_*`` takes clean tables and a footer and returns a Figure; each ``chart_*`` loads the
tables through :mod:`mutualstats.datasets` and is registered in ``figures.CHARTS``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from mutualstats import datasets, finance, workforce
from mutualstats.figures.style import COLOURS, finish, footer_for, house_style

#: 2018/19 growth figures on each basis, the long-run averages, the settlement and the minimum.
GROWTH_BARS = (
    ("dhsc_rdel_growth_pct", "2018-19", "DHSC budget 18/19, cash"),
    ("dhsc_rdel_incl_pay_deal_growth_pct", "2018-19", "DHSC + pay deal 18/19, cash"),
    ("uk_health_spending_real_growth_pct", "2018-19", "UK health 18/19, real"),
    ("nhs_england_revenue_real_growth_avg", "2019-20 to 2023-24", "Settlement 19/20-23/24"),
    ("minimum_required_real_growth", "2019-20 to 2023-24", "Minimum needed (HF)"),
    ("nhs_funding_growth_long_run_avg", None, "Average since 1948"),
)

#: Health's share of spending, by denominator.
SHARE_MEASURES = {
    "health_share_total_public_spending": "Share of all public spending",
    "health_share_public_service_spending": "Share of spending on public services",
}


def build_asc_vacancies(frame: pd.DataFrame, footer: str) -> Figure:
    """Adult social care vacancies (left) and vacancy rate (right) by data year.

    Lines join each year's value in the latest edition that published it; points mark the
    first-published value, so a restated year shows as a point off the line.
    """
    with house_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 4.5))
        for ax, measure, scale, label in (
            (left, "vacancies", 1000, "Vacancies (thousands)"),
            (right, "vacancy_rate_pct", 1, "Vacancy rate (%)"),
        ):
            series = workforce.vintage_series(frame, measure, "headline_vacancy")
            ax.plot(
                series["reference_year"],
                series["latest"] / scale,
                color=COLOURS["main"],
                label="Latest edition",
            )
            ax.scatter(
                series["reference_year"],
                series["first_published"] / scale,
                color=COLOURS["highlight"],
                s=18,
                zorder=5,
                label="First published",
            )
            ax.set_title(label, fontsize=10)
        fig.suptitle(
            "Adult social care vacancies, England (data years from April)", x=0.01, ha="left"
        )
        finish(fig, right, "%", footer)
        right.set_ylim(0, 12)
        left.set_ylim(0, 180)
        left.set_ylabel("thousands")
    return fig


def build_turnover_vs_leaving(frame: pd.DataFrame, footer: str) -> Figure:
    """Job turnover against the derived rate of leaving the sector, by data year.

    Leaving the sector = turnover x (100 - % of leavers who stay in the sector) / 100, from the
    same edition and scope.
    """
    series = workforce.leaving_sector_series(frame)
    labels = [workforce.financial_year(int(year)) for year in series["reference_year"]]
    positions = range(len(series))
    with house_style():
        fig, ax = plt.subplots()
        ax.bar(
            [p - 0.2 for p in positions],
            series["turnover_rate_pct"],
            width=0.4,
            color=COLOURS["main"],
            label="Turnover: left their job",
        )
        ax.bar(
            [p + 0.2 for p in positions],
            series["leaving_sector_rate_pct"],
            width=0.4,
            color=COLOURS["second"],
            label="Left the sector (derived)",
        )
        ax.axhline(25, color=COLOURS["muted"], linestyle=":", linewidth=1)
        ax.set_xticks(list(positions), labels)
        ax.set_title("Adult social care: leaving a job is not leaving the sector")
        finish(fig, ax, "% of workforce a year", footer)
        ax.set_ylim(0, 40)
    return fig


def build_nhs_trust_vacancies(frame: pd.DataFrame, footer: str) -> Figure:
    """Trust-reported NHS vacancies (WTE) by quarter, all staff and nursing; gaps left as gaps."""
    with house_style():
        fig, ax = plt.subplots()
        for group, colour, label in (
            ("all", COLOURS["main"], "All staff"),
            ("nursing", COLOURS["second"], "Registered nurses"),
        ):
            series = workforce.nhs_vacancies(frame, group)
            ax.scatter(series["period_end"], series["value"] / 1000, color=colour, label=label)
        ax.axhline(100, color=COLOURS["muted"], linestyle=":", linewidth=1)
        ax.set_title("Vacancies reported by NHS trusts in England, by quarter end")
        finish(fig, ax, "thousand WTE posts", footer)
        ax.set_ylim(0, 150)
    return fig


def build_health_spending_growth(frame: pd.DataFrame, footer: str) -> Figure:
    """Health spending growth in 2018/19 on each basis, beside the settlement and long-run rate."""
    values = [_growth_value(frame, measure, period) for measure, period, _ in GROWTH_BARS]
    labels = [label for _, _, label in GROWTH_BARS]
    with house_style():
        fig, ax = plt.subplots()
        colours = [COLOURS["main"]] * 3 + [COLOURS["second"]] * 2 + [COLOURS["muted"]]
        ax.barh(labels, values, color=colours)
        ax.axvline(1.9, color=COLOURS["highlight"], linestyle="--", label="Briefing: 1.9%")
        ax.invert_yaxis()
        ax.set_title("Health spending growth, % a year")
        finish(fig, ax, "", footer)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_xlim(0, 5)
        ax.set_xlabel("% a year")
        fig.subplots_adjust(left=0.28)
    return fig


def build_health_share_of_spending(frame: pd.DataFrame, footer: str) -> Figure:
    """Health's share of all public spending against its share of spending on public services."""
    rows = finance.figures_for(frame, list(SHARE_MEASURES)).dropna(subset=["value"])
    with house_style():
        fig, ax = plt.subplots()
        for measure, colour in zip(
            SHARE_MEASURES, (COLOURS["main"], COLOURS["second"]), strict=True
        ):
            shown = rows.loc[rows["measure"] == measure]
            years = shown["period"].str[:4].astype(int)
            ax.scatter(years, shown["value"], color=colour, label=SHARE_MEASURES[measure])
        ax.axhline(
            30, color=COLOURS["highlight"], linestyle="--", linewidth=1, label="Briefing: 30%"
        )
        ax.set_title("Health's share of UK public spending depends on the denominator")
        finish(fig, ax, "% of spending", footer)
        ax.set_ylim(0, 40)
        ax.set_xlabel("financial year starting")
    return fig


def _growth_value(frame: pd.DataFrame, measure: str, period: str | None) -> float:
    rows = frame.loc[frame["measure"] == measure]
    if period is not None:
        rows = rows.loc[rows["period"] == period]
    # Long-run average: NHS England's Long Term Plan figure, the one the settlement was set against.
    if measure == "nhs_funding_growth_long_run_avg":
        rows = rows.loc[rows["publisher"] == "NHS England"]
    return float(finance.figure(rows, measure).value)


def chart_asc_vacancies(year: int) -> Figure:
    """Registered chart: adult social care vacancies and vacancy rate (``year`` is not used)."""
    return build_asc_vacancies(
        datasets.load("sfc_workforce_estimates"), footer_for("skills_for_care")
    )


def chart_turnover_vs_leaving(year: int) -> Figure:
    """Registered chart: turnover against leaving the sector (``year`` is not used)."""
    return build_turnover_vs_leaving(
        datasets.load("sfc_workforce_estimates"), footer_for("skills_for_care")
    )


def chart_nhs_trust_vacancies(year: int) -> Figure:
    """Registered chart: NHS trust vacancies by quarter (``year`` is not used)."""
    return build_nhs_trust_vacancies(
        datasets.load("nhs_trust_vacancies"), footer_for("nhs_vacancies")
    )


def chart_health_spending_growth(year: int) -> Figure:
    """Registered chart: health spending growth (``year`` is not used)."""
    return build_health_spending_growth(
        datasets.load("health_finance"), footer_for("health_finance")
    )


def chart_health_share_of_spending(year: int) -> Figure:
    """Registered chart: health's share of public spending (``year`` is not used)."""
    return build_health_share_of_spending(
        datasets.load("health_finance"), footer_for("health_finance")
    )
