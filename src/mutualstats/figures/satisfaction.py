"""Charts of British Social Attitudes satisfaction with the NHS and social care."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from mutualstats.figures.style import COLOURS, finish, house_style
from mutualstats.satisfaction import MODE_BREAK_YEAR as BSA_MODE_BREAK_YEAR


def build_nhs_satisfaction(frame: pd.DataFrame, highlight_year: int, footer: str) -> Figure:
    """Satisfaction with the NHS by survey year (BSA), gaps drawn as gaps, mode break marked.

    ``frame`` is the clean ``bsa_satisfaction`` table.
    """
    series = _yearly(frame, "nhs_satisfied_pct")
    with house_style():
        fig, ax = plt.subplots()
        _plot_by_mode(ax, series, COLOURS["main"], "Satisfied with the NHS")
        _plot_by_mode(ax, _yearly(frame, "nhs_dissatisfied_pct"), COLOURS["second"], "Dissatisfied")
        _mark_mode_break(ax)
        _highlight(ax, series, highlight_year)
        ax.set_title("Public satisfaction with the NHS, Great Britain")
        finish(fig, ax, "% of respondents", footer)
    return fig


def build_social_care_satisfaction(frame: pd.DataFrame, highlight_year: int, footer: str) -> Figure:
    """Satisfaction with social care by survey year (BSA), with the NHS for comparison."""
    published = frame.loc[frame["social_care_status"] == "published", "year"]
    shown = frame.loc[frame["year"] >= published.min()]
    series = _yearly(shown, "social_care_satisfied_pct")
    with house_style():
        fig, ax = plt.subplots()
        _plot_by_mode(ax, series, COLOURS["main"], "Satisfied with social care")
        _plot_by_mode(
            ax,
            _yearly(shown, "social_care_dissatisfied_pct"),
            COLOURS["second"],
            "Dissatisfied with social care",
        )
        _plot_by_mode(
            ax, _yearly(shown, "nhs_satisfied_pct"), COLOURS["muted"], "Satisfied with the NHS"
        )
        _mark_mode_break(ax)
        _highlight(ax, series, highlight_year)
        ax.set_title("Public satisfaction with social care, Great Britain")
        finish(fig, ax, "% of respondents", footer)
    return fig


def _yearly(frame: pd.DataFrame, column: str) -> pd.Series:
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    return frame.set_index("year")[column].reindex(years)


def _plot_by_mode(ax: plt.Axes, series: pd.Series, colour: str, label: str) -> None:
    before = series[series.index < BSA_MODE_BREAK_YEAR]
    after = series[series.index >= BSA_MODE_BREAK_YEAR]
    ax.plot(before.index, before.to_numpy(), color=colour, marker="o", markersize=3, label=label)
    ax.plot(after.index, after.to_numpy(), color=colour, marker="o", markersize=3, linestyle="--")


def _mark_mode_break(ax: plt.Axes) -> None:
    position = BSA_MODE_BREAK_YEAR - 0.5
    ax.axvline(position, color=COLOURS["muted"], linewidth=0.8, linestyle=":")
    ax.annotate(
        "Online from 2020:\ncompare with caution",
        xy=(position, 1),
        xycoords=("data", "axes fraction"),
        xytext=(-4, -4),
        textcoords="offset points",
        va="top",
        ha="right",
        fontsize=8,
        color=COLOURS["muted"],
    )


def _highlight(ax: plt.Axes, series: pd.Series, year: int) -> None:
    value = series.get(year)
    if value is None or pd.isna(value):
        return
    ax.scatter([year], [value], s=60, color=COLOURS["highlight"], zorder=5)
    ax.annotate(
        f"{year}: {value:.0f}%",
        xy=(year, value),
        xytext=(-8, -16),
        textcoords="offset points",
        ha="right",
        fontsize=9,
        fontweight="bold",
    )
