"""Charts of the mutual sector's headline figures: SEUK State of the Sector indicators,
profitability against social enterprises, and CIPFA's self-reported benefits (the published counts
of mutuals are in :mod:`mutualstats.figures.mutual_counts`).

Each ``build_*`` takes the clean ``psm_headline_figures`` table and a footer line.
Values are drawn as published; a value not published is labelled, never drawn as zero.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from mutualstats.figures.layout import (
    ChartText,
    NothingToDrawError,
    attribution,
    frame_chart,
    require_published,
    with_publishers,
)
from mutualstats.figures.style import COLOURS, FONT_SIZES, geography_of, house_style
from mutualstats.mutual_sector import (
    PROFIT_MEASURES,
    PSM_SOURCE,
    SOCIAL_ENTERPRISE_SOURCE,
    editions,
    measures_in_both_editions,
    previous_edition,
    with_derived_shares,
)

CIPFA_SOURCE = "cipfa"
#: The charts' export names.
INDICATORS_CHART = "psm_indicators"
PROFITABILITY_CHART = "psm_profitability"
CIPFA_CHART = "cipfa_benefits"

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

#: Where each plotted row was published: the last columns of the rows a chart's CSV holds.
SOURCE_COLUMNS = ["publication_id", "publisher", "page_or_section", "url", "secondary", "status"]


def profit_groups(
    headline: pd.DataFrame, chosen: Mapping[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """(label, source, edition) of each profitability bar: for each source, the edition in
    ``chosen`` (default its latest) and the one before it, where there is one."""
    groups = []
    for source_id, label in PROFIT_SOURCES.items():
        held = editions(headline, source_id)
        edition = (chosen or {}).get(source_id) or held[-1]
        before = previous_edition(headline, source_id, edition)
        groups += [(f"{label} {shown}", source_id, shown) for shown in (before, edition) if shown]
    return groups


def build_psm_indicators(headline: pd.DataFrame, footer: str, edition: str | None = None) -> Figure:
    """A SEUK State of the Sector edition (default the latest) beside the one before it, for the
    shares both print."""
    data = psm_indicator_data(headline, edition)
    earlier, later = data.columns
    rows = indicator_rows(headline, data)
    top = data[later].idxmax()
    with house_style():
        fig, ax = plt.subplots(figsize=(8.0, 4.8))
        positions = np.arange(len(data))
        for offset, edition, colour in (
            (-0.2, earlier, COLOURS["muted"]),
            (0.2, later, COLOURS["main"]),
        ):
            bars = ax.bar(positions + offset, data[edition], 0.4, color=colour, label=edition)
            ax.bar_label(bars, fmt="%.0f%%", fontsize=FONT_SIZES["label"], padding=2)
        ax.set_xticks(positions, [MEASURE_LABELS.get(m, m) for m in data.index])
        ax.set_ylim(0, 115)
        ax.set_ylabel("% of responding mutuals")
        ax.legend(
            loc="upper left", ncols=2, title="SEUK edition", title_fontsize=FONT_SIZES["label"]
        )
        text = ChartText(
            # An edition is the year of the survey report, not of the profit or change reported.
            title=f"{data.loc[top, later]:.0f}% of responding mutuals said they "
            f"{MEASURE_LABELS.get(top, top).lower()} in the {later} survey, against "
            f"{data.loc[top, earlier]:.0f}% in the {earlier} survey",
            subtitle=f"% of responding public service mutuals, {geography_of(PSM_SOURCE)}, "
            f"Social Enterprise UK State of the Sector surveys {earlier} and {later}, indicators "
            "published in both" + _bases(rows),
            notes=(
                "Each edition surveys the mutuals that responded that year, not one panel.",
                *wording_notes(rows),
            ),
        )
        frame_chart(fig, text, footer + "\n" + attribution(rows), rows)
    return fig


def indicator_rows(headline: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    """The source rows behind :func:`build_psm_indicators`, one per bar of ``data`` (measure by
    edition, :func:`psm_indicator_data`)."""
    rows = headline.loc[
        (headline["source_id"] == PSM_SOURCE)
        & headline["measure"].isin(data.index)
        & headline["edition"].isin(data.columns)
    ]
    shown = _source_rows(rows.assign(series=rows["edition"]))
    return shown.assign(source_wording=rows["source_wording"].to_numpy())


def wording_notes(rows: pd.DataFrame) -> tuple[str, ...]:
    """A note for each measure whose plotted ``rows`` (:func:`indicator_rows`) record different
    words for what the share counts (``source_wording``), naming each edition's words.

    Rows with no words recorded are left out of the comparison: a note says only what two
    publications print differently, never that a wording is missing. Words that differ only in
    case, spacing, quotes or a closing stop (:func:`same_words`) are the same words.
    """
    worded = rows.loc[rows["source_wording"].notna()].sort_values("edition", kind="stable")
    notes = []
    for measure, by_edition in worded.groupby("measure", sort=False):
        if by_edition["source_wording"].map(same_words).nunique() < 2:
            continue
        pairs = zip(by_edition["edition"], by_edition["source_wording"], strict=True)
        (first_edition, first_words), *others = pairs
        said = [f"the {first_edition} survey reports the share that {first_words}"]
        said += [f"the {edition} survey the share that {words}" for edition, words in others]
        notes.append(
            f"{MEASURE_LABELS.get(measure, measure)}: {', '.join(said)}, so the bars may not "
            "count the same thing."
        )
    return tuple(notes)


#: What may enclose or close a wording without changing its words: quotes and a closing stop.
_ENCLOSING = "\"'‘’“”.;:, "


def same_words(wording: str) -> str:
    """``wording`` in one spelling, so that "Made a profit", "made a profit." and "'made a
    profit'" compare as the words they are."""
    return " ".join(str(wording).split()).strip(_ENCLOSING).casefold()


def psm_indicator_data(headline: pd.DataFrame, edition: str | None = None) -> pd.DataFrame:
    """The values behind :func:`build_psm_indicators`: measure by edition, for ``edition``
    (default the latest) and the one before it; the first edition is set beside the second.

    Raises
    ------
    NothingToDrawError
        If fewer than two editions are held, if neither holds a published share, or if the two
        hold no share with a published value in both.
    """
    held = editions(headline, PSM_SOURCE)
    if len(held) < 2:
        raise NothingToDrawError(
            f"the {INDICATORS_CHART} chart sets two State of the Sector editions side by side: "
            f"data/raw/{PSM_SOURCE}/ holds {len(held)}"
        )
    chosen = held[-1] if edition is None else str(edition)
    earlier = previous_edition(headline, PSM_SOURCE, chosen)
    earlier, later = (earlier, chosen) if earlier is not None else (held[0], held[1])
    shares = headline.loc[
        (headline["source_id"] == PSM_SOURCE)
        & (headline["unit"] == "pct")
        & headline["edition"].isin([earlier, later])
    ]
    require_published(shares["value"], INDICATORS_CHART, PSM_SOURCE)
    measures = measures_in_both_editions(headline, PSM_SOURCE, earlier, later)
    if not measures:
        raise NothingToDrawError(
            f"the {INDICATORS_CHART} chart sets shares two editions both print side by side: "
            f"editions {earlier} and {later} of data/raw/{PSM_SOURCE}/ hold no share with a "
            "published value in both"
        )
    rows = shares.loc[shares["measure"].isin(measures)]
    return rows.pivot(index="measure", columns="edition", values="value")[[earlier, later]]


def build_profitability(
    headline: pd.DataFrame, footer: str, chosen: Mapping[str, str] | None = None
) -> Figure:
    """Mutuals against social enterprises, profit and profit-or-break-even in separate panels:
    for each survey, the edition in ``chosen`` (by source; default the latest) and the one before.

    The two definitions are never drawn on one axis, so a reader cannot set one against the other.
    """
    headline = with_derived_shares(headline)
    rows = profitability_rows(headline, chosen)
    for source_id in PROFIT_SOURCES:
        require_published(
            rows.loc[rows["source_id"] == source_id, "value"], PROFITABILITY_CHART, source_id
        )
    data = profitability_data(headline, chosen)
    with house_style():
        fig, axes = plt.subplots(1, 2, sharey=True, figsize=(8.0, 4.8))
        for ax, measure in zip(axes, PROFIT_MEASURES, strict=True):
            values = data[measure]
            colours = [
                COLOURS["main"] if label.startswith("Mutuals") else COLOURS["second"]
                for label in values.index
            ]
            positions = np.arange(len(values))
            bars = ax.bar(positions, values.fillna(0).to_numpy(), color=colours)
            for bar, value in zip(bars, values, strict=True):
                text = "not\nheld" if pd.isna(value) else f"{value:.0f}%"
                ax.annotate(
                    text,
                    xy=(bar.get_x() + bar.get_width() / 2, 0 if pd.isna(value) else value),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=FONT_SIZES["label"],
                )
            ax.set_xticks(positions, [_two_line(label) for label in values.index])
            ax.set_title(PROFIT_MEASURES[measure].capitalize(), fontsize=FONT_SIZES["body"])
            ax.set_ylim(0, 110)
        axes[0].set_ylabel("% of responding organisations")
        frame_chart(fig, _profit_text(data), footer + "\n" + attribution(rows), rows)
    return fig


def profitability_rows(
    headline: pd.DataFrame, chosen: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The source rows behind :func:`build_profitability`, one per bar drawn (a derived share's
    row gives its derivation)."""
    headline = with_derived_shares(headline)
    parts = []
    for label, source_id, edition in profit_groups(headline, chosen):
        rows = headline.loc[
            (headline["source_id"] == source_id)
            & (headline["edition"] == edition)
            & headline["measure"].isin(list(PROFIT_MEASURES))
            & headline["value"].notna()
        ]
        parts.append(rows.assign(series=label.rsplit(" ", 1)[0]))
    rows = pd.concat(parts, ignore_index=True)
    return _source_rows(rows).assign(derivation=rows["derivation"].to_numpy())


def _profit_text(data: pd.DataFrame) -> ChartText:
    mutuals = data.loc[data.index.str.startswith("Mutuals")].dropna(how="all").iloc[-1]
    others = data.loc[~data.index.str.startswith("Mutuals")].dropna(how="all")
    latest = others.iloc[-1]
    measures = list(PROFIT_MEASURES)
    title = (
        f"{mutuals[measures[0]]:.0f}% of mutuals reported a profit in the "
        f"{mutuals.name.split()[-1]} survey; {latest[measures[0]]:.0f}% of social enterprises "
        f"did in the {latest.name.split()[-1]} survey, {latest[measures[1]]:.0f}% counting "
        "break-even"
    )
    return ChartText(
        title=title,
        subtitle="% of responding organisations, by definition of profitability: Social "
        f"Enterprise UK surveys of public service mutuals (State of the Sector, "
        f"{geography_of(PSM_SOURCE)}) and of social enterprises (State of Social Enterprise, "
        f"{geography_of(SOCIAL_ENTERPRISE_SOURCE)}), two editions of each",
        notes=(
            "Not held: the summaries held of the mutuals' surveys give no share breaking even, so "
            "the like-for-like comparison is profit alone.",
            "Profit or break-even is derived: the published shares making a profit and breaking "
            "even, added (the CSV gives the sum).",
        ),
    )


def profitability_data(
    headline: pd.DataFrame, chosen: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Group by profitability definition: the values behind :func:`build_profitability`."""
    headline = with_derived_shares(headline)
    table = {}
    for measure in PROFIT_MEASURES:
        column = {}
        for label, source_id, edition in profit_groups(headline, chosen):
            rows = headline.loc[
                (headline["source_id"] == source_id)
                & (headline["edition"] == edition)
                & (headline["measure"] == measure),
                "value",
            ]
            column[label] = float(rows.iloc[0]) if not rows.empty else np.nan
        table[measure] = pd.Series(column)
    return pd.DataFrame(table)


def build_cipfa_benefits(headline: pd.DataFrame, footer: str) -> Figure:
    """CIPFA: shares of responding mutuals reporting each benefit since spinning out."""
    data = cipfa_benefit_data(headline)
    require_published(data, CIPFA_CHART, CIPFA_SOURCE)
    edition = editions(headline, CIPFA_SOURCE)[-1]
    rows = headline.loc[
        (headline["source_id"] == CIPFA_SOURCE)
        & (headline["edition"] == edition)
        & headline["measure"].isin(data.index)
    ]
    rows = _source_rows(rows.assign(series="CIPFA"))
    with house_style():
        fig, ax = plt.subplots(figsize=(8.0, 4.4))
        positions = np.arange(len(data))
        bars = ax.barh(positions, data.to_numpy(), color=COLOURS["main"])
        ax.bar_label(bars, fmt="%.0f%%", fontsize=FONT_SIZES["label"], padding=2)
        ax.set_yticks(positions, [MEASURE_LABELS.get(m, m) for m in data.index])
        ax.set_xlim(0, 100)
        ax.grid(axis="x", visible=True)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("% of responding mutuals")
        top = data.index[-1]
        text = ChartText(
            title=f"{data.iloc[-1]:.0f}% of responding mutuals reported "
            f"{MEASURE_LABELS.get(top, top).lower()} since spinning out",
            subtitle="% of responding public service mutuals reporting each benefit since "
            f"leaving the public sector, {geography_of(CIPFA_SOURCE)}, CIPFA for the Cabinet "
            f"Office, {edition}",
            notes=(
                "Self-reported by the mutuals; the number responding is not given in the summary "
                "held.",
            ),
        )
        frame_chart(fig, text, footer + "\n" + attribution(rows), rows)
    return fig


def cipfa_benefit_data(headline: pd.DataFrame) -> pd.Series:
    """CIPFA's published shares by measure, smallest first (so the largest is drawn on top)."""
    rows = headline.loc[
        (headline["source_id"] == CIPFA_SOURCE)
        & (headline["edition"] == editions(headline, CIPFA_SOURCE)[-1])
        & (headline["unit"] == "pct")
        & headline["value"].notna()
    ]
    return rows.set_index("measure")["value"].sort_values(kind="stable")


def _source_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Headline rows with the columns every chart's CSV keeps, publisher read from provenance."""
    columns = [
        "series",
        "source_id",
        "edition",
        "measure",
        "value",
        "unit",
        "base",
        "base_n",
        *SOURCE_COLUMNS,
    ]
    return with_publishers(rows)[columns].reset_index(drop=True)


def _bases(rows: pd.DataFrame) -> str:
    bases = rows["base_n"].dropna()
    if bases.empty:
        return "; base not published"
    return f"; base {int(bases.min()):,} to {int(bases.max()):,} mutuals"


def _two_line(label: str) -> str:
    """'Social enterprises 2019' -> 'Social\nenterprises\n2019', so tick labels do not collide."""
    group, edition = label.rsplit(" ", 1)
    return group.replace(" ", "\n") + "\n" + edition
