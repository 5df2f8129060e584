"""Charts of the mutual sector: SEUK State of the Sector indicators, profitability against social
enterprises, published counts of mutuals, and CIPFA's self-reported benefits.

Each ``build_*`` takes clean tables (``psm_headline_figures``, ``psm_counts``) and a footer line.
Values are drawn as published; a value not published is labelled, never drawn as zero.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from mutualstats.figures.style import COLOURS, finish, house_style, wrap_footer
from mutualstats.mutual_sector import (
    PROFIT_MEASURES,
    PSM_SOURCE,
    SOCIAL_ENTERPRISE_SOURCE,
    editions,
    measures_in_both_editions,
)

CIPFA_SOURCE = "cipfa"

#: Short labels of the measures drawn, for axis ticks.
MEASURE_LABELS = {
    "profitable_pct": "Made a profit or surplus",
    "developed_new_products_services_pct": "Developed new products or services",
    "more_innovative_pct": "More innovative services",
    "more_responsive_pct": "More responsive services",
    "better_quality_than_public_sector_pct": "Better quality than in public sector",
    "more_engaged_happier_workforce_pct": "More engaged, happier workforce",
    "more_productive_workforce_pct": "More productive workforce",
}

#: Profitability groups drawn, by source: every edition of each is a bar.
PROFIT_SOURCES = {PSM_SOURCE: "Mutuals", SOCIAL_ENTERPRISE_SOURCE: "Social enterprises"}


def profit_groups(headline: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(label, source, edition) of each profitability bar, read from the editions held."""
    return [
        (f"{label} {edition}", source_id, edition)
        for source_id, label in PROFIT_SOURCES.items()
        for edition in editions(headline, source_id)
    ]


SCOPE_STYLE = {
    "all_psms": (COLOURS["main"], "o", "All public service mutuals (definitions vary)"),
    "health_subset": (COLOURS["second"], "s", "Health or health and care mutuals only"),
}


def build_psm_indicators(headline: pd.DataFrame, footer: str) -> Figure:
    """The last two SEUK State of the Sector editions, side by side, for the shares both print."""
    data = psm_indicator_data(headline)
    earlier, later = data.columns
    with house_style():
        fig, ax = plt.subplots()
        positions = np.arange(len(data))
        for offset, edition, colour in (
            (-0.2, earlier, COLOURS["muted"]),
            (0.2, later, COLOURS["main"]),
        ):
            bars = ax.bar(positions + offset, data[edition], 0.4, color=colour, label=edition)
            ax.bar_label(bars, fmt="%.0f%%", fontsize=8)
        ax.set_xticks(positions, [MEASURE_LABELS.get(m, m) for m in data.index])
        ax.set_title("Public service mutuals: indicators in both SEUK editions")
        finish(fig, ax, "% of responding mutuals", footer)
    return fig


def psm_indicator_data(headline: pd.DataFrame) -> pd.DataFrame:
    """The values behind :func:`build_psm_indicators`: measure by edition (the last two)."""
    earlier, later = editions(headline, PSM_SOURCE)[-2:]
    measures = measures_in_both_editions(headline, PSM_SOURCE, earlier, later)
    rows = headline.loc[
        (headline["source_id"] == PSM_SOURCE)
        & headline["measure"].isin(measures)
        & headline["edition"].isin([earlier, later])
    ]
    return rows.pivot(index="measure", columns="edition", values="value")[[earlier, later]]


def build_profitability(headline: pd.DataFrame, footer: str) -> Figure:
    """Mutuals against social enterprises, profit and profit-or-break-even in separate panels.

    The two definitions are never drawn on one axis, so a reader cannot set one against the other.
    """
    data = profitability_data(headline)
    with house_style():
        fig, axes = plt.subplots(1, 2, sharey=True)
        for ax, measure in zip(axes, PROFIT_MEASURES, strict=True):
            values = data[measure]
            colours = [
                COLOURS["main"] if label.startswith("Mutuals") else COLOURS["second"]
                for label in values.index
            ]
            positions = np.arange(len(values))
            bars = ax.bar(positions, values.fillna(0).to_numpy(), color=colours)
            for bar, value in zip(bars, values, strict=True):
                text = "not\npublished" if pd.isna(value) else f"{value:.0f}%"
                ax.annotate(
                    text,
                    xy=(bar.get_x() + bar.get_width() / 2, 0 if pd.isna(value) else value),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                )
            ax.set_xticks(positions, [_two_line(label) for label in values.index])
            ax.tick_params(axis="x", labelsize=7)
            ax.set_title(PROFIT_MEASURES[measure].capitalize(), fontsize=10)
            ax.set_ylim(0, 100)
        axes[0].set_ylabel("% of responding organisations")
        fig.suptitle(
            "Profitability: mutuals and social enterprises, like for like",
            x=0.01,
            ha="left",
            fontweight="bold",
        )
        _footer(fig, footer)
    return fig


def profitability_data(headline: pd.DataFrame) -> pd.DataFrame:
    """Group by profitability definition: the values behind :func:`build_profitability`."""
    table = {}
    for measure in PROFIT_MEASURES:
        column = {}
        for label, source_id, edition in profit_groups(headline):
            rows = headline.loc[
                (headline["source_id"] == source_id)
                & (headline["edition"] == edition)
                & (headline["measure"] == measure),
                "value",
            ]
            column[label] = float(rows.iloc[0]) if not rows.empty else np.nan
        table[measure] = pd.Series(column)
    return pd.DataFrame(table)


#: Point labels longer than this wrap onto a second line, so none runs off the chart.
LABEL_WIDTH_CHARS = 50


def build_psm_counts(counts: pd.DataFrame, footer: str) -> Figure:
    """Published counts of mutuals by year; each point labelled with its qualifier and publisher.

    Points are not joined: the definitions differ, so they do not make one series.
    """
    with house_style():
        fig, ax = plt.subplots()
        for scope, (colour, marker, label) in SCOPE_STYLE.items():
            rows = counts.loc[counts["scope"] == scope]
            ax.scatter(
                rows["year"], rows["mutuals_count"], color=colour, marker=marker, label=label
            )
        for row in counts.itertuples(index=False):
            qualifier = "" if row.qualifier == "none" else f"{row.qualifier} "
            inferred = " (year inferred)" if row.status == "unverified" else ""
            text = f"{qualifier}{row.mutuals_count}: {_short_publisher(row.publisher)}{inferred}"
            ax.annotate(
                textwrap.fill(text, LABEL_WIDTH_CHARS),
                xy=(row.year, row.mutuals_count),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
            )
        # Room on the right for the labels of the latest counts.
        ax.set_xlim(counts["year"].min() - 0.5, counts["year"].max() + 5)
        ax.set_title("Published counts of public service mutuals, England")
        finish(fig, ax, "Mutuals (as published)", footer)
        ax.set_ylim(0, 150)
    return fig


def build_cipfa_benefits(headline: pd.DataFrame, footer: str) -> Figure:
    """CIPFA 2017: shares of responding mutuals reporting each benefit since spinning out."""
    data = cipfa_benefit_data(headline)
    with house_style():
        fig, ax = plt.subplots()
        positions = np.arange(len(data))
        bars = ax.barh(positions, data.to_numpy(), color=COLOURS["main"])
        ax.bar_label(bars, fmt="%.0f%%", fontsize=8, padding=2)
        ax.set_yticks(positions, [MEASURE_LABELS.get(m, m) for m in data.index])
        ax.set_xlim(0, 100)
        ax.grid(axis="x", color="#d9d9d9", linewidth=0.6)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("% of respondents (n not published; self-reported since spin-out)")
        ax.set_title(
            f"Benefits reported since spin-out (CIPFA, {editions(headline, CIPFA_SOURCE)[-1]})"
        )
        fig.subplots_adjust(left=0.36, right=0.95)
        _footer(fig, footer)
    return fig


def cipfa_benefit_data(headline: pd.DataFrame) -> pd.Series:
    """CIPFA 2017 published shares by measure, smallest first (so the largest is drawn on top)."""
    rows = headline.loc[
        (headline["source_id"] == CIPFA_SOURCE)
        & (headline["edition"] == editions(headline, CIPFA_SOURCE)[-1])
        & (headline["unit"] == "pct")
        & headline["value"].notna()
    ]
    return rows.set_index("measure")["value"].sort_values(kind="stable")


def _footer(fig: Figure, footer: str) -> None:
    wrapped = wrap_footer(footer)
    lines = wrapped.count("\n") + 1
    fig.text(0.01, 0.01, wrapped, fontsize=6.5, color="#595959", va="bottom")
    fig.subplots_adjust(top=0.85, bottom=0.2 + 0.03 * lines)


def _two_line(label: str) -> str:
    """'Social enterprises 2019' -> 'Social\nenterprises\n2019', so tick labels do not collide."""
    group, edition = label.rsplit(" ", 1)
    return group.replace(" ", "\n") + "\n" + edition


def _short_publisher(publisher: str) -> str:
    return publisher.split(" (")[0]
