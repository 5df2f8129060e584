"""Chart of the published counts of public service mutuals, one row per count.

Input: the clean ``psm_counts`` table and a footer line. Counts on different definitions and of
different areas are drawn as published, each labelled with its year and publisher (and its area
where not the usual one), never joined into a series.
"""

from __future__ import annotations

import itertools
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from mutualstats.config import GEOGRAPHY_WORDS
from mutualstats.figures.layout import ChartText, attribution, frame_chart
from mutualstats.figures.mutual_sector import SOURCE_COLUMNS
from mutualstats.figures.style import COLOURS, FONT_SIZES, house_style
from mutualstats.statistic import format_value

#: Colour, marker and series label of each scope of a count (``psm_counts``'s ``scope``).
SCOPE_STYLE = {
    "all_psms": (COLOURS["main"], "o", "All public service mutuals (definitions vary)"),
    "health_subset": (COLOURS["second"], "s", "Health or health and care mutuals only"),
}


#: Row labels longer than this wrap onto further lines, so none is cut short.
LABEL_WIDTH_CHARS = 50
#: Height of a counts chart, in inches: the frame, then each row by the lines of its label.
COUNTS_FRAME_IN, COUNTS_ROW_IN, COUNTS_LABEL_LINE_IN = 2.6, 0.18, 0.14

#: How a count is drawn by how its year is known (``year_basis``): filled where the year is
#: stated; hollow where the page is undated and the year inferred; with the words the note uses.
YEAR_BASIS_MARKERS = {
    "stated": (True, "filled"),
    "inferred": (False, "hollow"),
}


def build_psm_counts(counts: pd.DataFrame, footer: str) -> Figure:
    """Published counts of mutuals, one row per count, by year; qualifier and publisher named.

    Points are not joined: the definitions differ, so they do not make one series. Each point's
    fill shows how its year is known (:data:`YEAR_BASIS_MARKERS`).
    """
    data = psm_count_rows(counts)
    usual = _usual_geography(data)
    labels = [_count_label(row, usual) for row in data.itertuples(index=False)]
    lines = sum(label.count("\n") + 1 for label in labels)
    height = COUNTS_FRAME_IN + COUNTS_ROW_IN * len(data) + COUNTS_LABEL_LINE_IN * lines
    with house_style():
        fig, ax = plt.subplots(figsize=(8.0, height))
        positions = np.arange(len(data))
        for (scope, (colour, marker, _)), (basis, (filled, _)) in itertools.product(
            SCOPE_STYLE.items(), YEAR_BASIS_MARKERS.items()
        ):
            shown = ((data["scope"] == scope) & (data["year_basis"] == basis)).to_numpy()
            ax.scatter(
                data.loc[shown, "mutuals_count"],
                positions[shown],
                facecolors=colour if filled else "none",
                edgecolors=colour,
                linewidths=1.5,
                marker=marker,
                s=36,
                zorder=3,
            )
        for position, row in zip(positions, data.itertuples(index=False), strict=True):
            ax.annotate(
                format_value(row.mutuals_count, "count", row.qualifier),
                xy=(row.mutuals_count, position),
                xytext=(7, 0),
                textcoords="offset points",
                va="center",
                fontsize=FONT_SIZES["label"],
            )
        ax.set_yticks(positions, labels)
        ax.set_ylim(len(data) - 0.5, -0.5)
        ax.set_xlim(0, data["mutuals_count"].max() * 1.3)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlabel("Mutuals (as published)")
        frame_chart(fig, _count_text(data), footer + "\n" + attribution(data), data)
    return fig


def psm_count_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """Every published count of mutuals, by year then count, with its definition and source."""
    ordered = counts.sort_values(["year", "mutuals_count"], kind="stable")
    data = ordered.assign(series=ordered["scope"].map(lambda s: SCOPE_STYLE[s][2]))
    columns = [
        "series",
        "year",
        "mutuals_count",
        "qualifier",
        "scope",
        "definition",
        "geography",
        "year_basis",
        *(column for column in SOURCE_COLUMNS if column != "status"),
    ]
    return data[columns].reset_index(drop=True)


def _count_label(row, usual_geography: str) -> str:
    """'2017: ANZSOG news report of a Julian Le Grand speech (UK)', wrapped, never cut short; the
    area is named where it is not the one most counts cover (the subtitle names that one)."""
    inferred = " (year inferred)" if row.year_basis == "inferred" else ""
    area = "" if row.geography == usual_geography else f" ({GEOGRAPHY_WORDS[row.geography]})"
    return _balanced_wrap(f"{row.year}{inferred}: {_short_publisher(row.publisher)}{area}")


def _usual_geography(data: pd.DataFrame) -> str:
    """The area most counts cover (the first of those tied, in the rows' order)."""
    counted = data["geography"].value_counts(sort=False)
    return str(counted.idxmax())


def _balanced_wrap(text: str, width: int = LABEL_WIDTH_CHARS) -> str:
    """``text`` on as few lines as ``width`` allows, the lines of about equal length (so a long
    label does not leave one word alone on its last line)."""
    lines = len(textwrap.wrap(text, width))
    narrowest = -(-len(text) // lines)
    while len(textwrap.wrap(text, narrowest)) > lines:
        narrowest += 1
    return textwrap.fill(text, narrowest)


def _count_text(data: pd.DataFrame) -> ChartText:
    every = data.loc[data["scope"] == "all_psms"]
    first, last = every.iloc[0], every.iloc[-1]
    notes = [
        "Counts use different definitions and are not one series, so points are not joined.",
        "Circles: "
        + SCOPE_STYLE["all_psms"][2].lower()
        + "; squares: "
        + SCOPE_STYLE["health_subset"][2].lower()
        + ".",
    ]
    if (data["year_basis"] == "inferred").any():
        notes.append(
            f"{YEAR_BASIS_MARKERS['inferred'][1].capitalize()} markers: counts undated in the "
            "text read, so the year (labelled year inferred) is the publication's; "
            f"{YEAR_BASIS_MARKERS['stated'][1]} markers: the year is stated."
        )
    ends = [format_value(row["mutuals_count"], "count", row["qualifier"]) for row in (first, last)]
    return ChartText(
        # Counts on different definitions are not a trend: the title gives the two ends only.
        title=f"Published counts of public service mutuals: {ends[0]} in {first['year']} and "
        f"{ends[1]} in {last['year']}, on different definitions",
        subtitle="Number of public service mutuals, as stated by each publisher, "
        f"{_geography_text(data)}, {data['year'].min()}-{data['year'].max()}; all mutuals, and "
        "health or health and care mutuals only",
        notes=tuple(notes),
    )


def _geography_text(data: pd.DataFrame) -> str:
    """'England', or 'England unless labelled otherwise' where some counts cover another area."""
    usual = GEOGRAPHY_WORDS[_usual_geography(data)]
    return usual if data["geography"].nunique() == 1 else f"{usual} unless labelled otherwise"


def _short_publisher(publisher: str) -> str:
    return publisher.split(" (")[0]
