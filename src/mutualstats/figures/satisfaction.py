"""Charts of British Social Attitudes satisfaction with the NHS and social care.

Input: the clean ``bsa_satisfaction`` table. Each line is broken at every year with no published
value and at the change of survey mode; the years not asked or not found are named in a note.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from mutualstats import satisfaction
from mutualstats.config import BSA_SOURCE, SURVEY_MODES
from mutualstats.figures.layout import (
    ChartText,
    attribution,
    break_line,
    frame_chart,
    label_line_ends,
    require_published,
    text_artists,
    with_publishers,
    year_span,
)
from mutualstats.figures.placement import place_clear
from mutualstats.figures.style import COLOURS, FONT_SIZES, geography_of, house_style
from mutualstats.satisfaction import NOT_PUBLISHED, mode_changes

#: Mode of the survey's first design; a year in a later mode starts a new (dashed) segment.
FIRST_MODE = SURVEY_MODES[0]

#: The charts' export names (the survey's folder, config.BSA_SOURCE, gives the area its adults live
#: in).
NHS_CHART = "nhs_satisfaction"
SOCIAL_CARE_CHART = "social_care_satisfaction"


def _shares_drawn() -> str:
    """The shares drawn, with the survey's area from its source.yaml."""
    return f"% of adults in {geography_of(BSA_SOURCE)} satisfied (very or quite) and dissatisfied"


def build_nhs_satisfaction(frame: pd.DataFrame, highlight_year: int, footer: str) -> Figure:
    """Satisfaction with the NHS by survey year (BSA), gaps drawn as gaps, mode break marked.

    ``frame`` is the clean ``bsa_satisfaction`` table; ``highlight_year`` the survey year the
    title states.
    """
    series = {
        "Satisfied": ("nhs_satisfied_pct", COLOURS["main"]),
        "Dissatisfied": ("nhs_dissatisfied_pct", COLOURS["second"]),
    }
    require_published(frame["nhs_satisfied_pct"], NHS_CHART, BSA_SOURCE)
    data = satisfaction_data(frame, {label: col for label, (col, _) in series.items()}, "nhs")
    value = _value(data, "Satisfied", highlight_year)
    text = ChartText(
        title=_trend_title("with the NHS", data, "Satisfied", highlight_year, frame),
        subtitle=f"{_shares_drawn()} with the way the NHS runs nowadays, British Social Attitudes, "
        f"{_span(data)}{_base(frame, 'nhs_base_n', data)}",
        notes=_gap_notes(frame, series) + _mode_note(frame, data),
    )
    return _draw(frame, data, series, text, footer, (highlight_year, value))


def build_social_care_satisfaction(frame: pd.DataFrame, highlight_year: int, footer: str) -> Figure:
    """Satisfaction with social care by survey year (BSA), with the NHS for comparison.

    The chart starts at the first year with a published social care value.
    """
    require_published(frame["social_care_satisfied_pct"], SOCIAL_CARE_CHART, BSA_SOURCE)
    published = frame.loc[frame["social_care_status"] == "published", "year"]
    shown = frame.loc[frame["year"] >= published.min()]
    series = {
        "Satisfied with social care": ("social_care_satisfied_pct", COLOURS["main"]),
        "Dissatisfied with social care": ("social_care_dissatisfied_pct", COLOURS["second"]),
        "Satisfied with the NHS": ("nhs_satisfied_pct", COLOURS["muted"]),
    }
    data = satisfaction_data(shown, {label: col for label, (col, _) in series.items()}, None)
    value = _value(data, "Satisfied with social care", highlight_year)
    nhs = _value(data, "Satisfied with the NHS", highlight_year)
    title = _trend_title(
        "with social care", data, "Satisfied with social care", highlight_year, shown
    )
    if value is not None and nhs is not None:
        title = (
            f"{value:.0f}% of people were satisfied with social care in {highlight_year}, "
            f"against {nhs:.0f}% for the NHS"
        )
    text = ChartText(
        title=title,
        subtitle=f"{_shares_drawn()} with social care provided by local authorities, and satisfied "
        f"with the NHS, British Social Attitudes, {_span(data)}"
        f"{_base(shown, 'social_care_base_n', data, 'Social care base')}",
        notes=_gap_notes(shown, series) + _mode_note(shown, data),
    )
    return _draw(shown, data, series, text, footer, (highlight_year, value))


def satisfaction_data(
    frame: pd.DataFrame, columns: dict[str, str], service: str | None
) -> pd.DataFrame:
    """The rows plotted: one per series and year with a published value, with their sources."""
    rows = []
    for label, column in columns.items():
        prefix = _question(column) if service is None else service
        shown = frame.loc[frame[column].notna()]
        rows.append(
            pd.DataFrame(
                {
                    "series": label,
                    "year": shown["year"],
                    "value_pct": shown[column],
                    "base_n": shown[f"{prefix}_base_n"],
                    "mode": shown["mode"],
                    "publication_id": shown["publication_id"],
                    "url": [satisfaction.source_url(row, prefix) for _, row in shown.iterrows()],
                }
            )
        )
    data = pd.concat(rows, ignore_index=True)
    return with_publishers(data)[
        ["series", "year", "value_pct", "base_n", "mode", "publication_id", "publisher", "url"]
    ]


def _draw(
    frame: pd.DataFrame,
    data: pd.DataFrame,
    series: dict[str, tuple[str, str]],
    text: ChartText,
    footer: str,
    highlight: tuple[int, float | None],
) -> Figure:
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    mode_by_year = frame.set_index("year")["mode"].reindex(years)
    with house_style():
        fig, ax = plt.subplots(figsize=(8.0, 5.2))
        ends = []
        for label, (_, colour) in series.items():
            values = data.loc[data["series"] == label].set_index("year")["value_pct"]
            values = values.reindex(years)
            for mode, dashes in ((FIRST_MODE, "-"), (None, "--")):
                in_mode = mode_by_year == mode if mode else mode_by_year != FIRST_MODE
                segment = values.where(in_mode)
                ax.plot(
                    years,
                    segment.to_numpy(),
                    color=colour,
                    linestyle=dashes,
                    marker="o",
                    markersize=3.5,
                )
            last = values.dropna()
            if not last.empty:
                ends.append(
                    (last.index[-1], last.iloc[-1], f"{label} {last.iloc[-1]:.0f}%", colour)
                )
        _mark_mode_break(ax, mode_by_year)
        label = _highlight(ax, *highlight)
        ax.set_ylim(0, 100)
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_ylabel("% of respondents")
        frame_chart(
            fig, text, footer + "\n" + attribution(data), data, lambda: label_line_ends(ax, ends)
        )
        if label is not None:
            # Placed once the axes have their final size: clear of every line and label.
            place_clear(label, [t for t in text_artists(fig) if t is not label])
    return fig


def _trend_title(
    service: str, data: pd.DataFrame, label: str, year: int, frame: pd.DataFrame
) -> str:
    """'53% of people were satisfied with the NHS in 2018, down from 70% in 2010', from data.

    The year is compared only with earlier years of its own survey mode (``frame``'s ``mode``):
    2023 with 2020 to 2022, not with 2010's face-to-face peak.
    """
    values = data.loc[data["series"] == label].set_index("year")["value_pct"]
    if year not in values.index:
        return f"Satisfaction {service}, {_span(data)}"
    value = values[year]
    started = [change.year for change in mode_changes(frame) if change.year <= year]
    since = started[-1] if started else values.index.min()
    earlier = values.loc[(values.index < year) & (values.index >= since)]
    head = f"{value:.0f}% of people were satisfied {service} in {year}"
    if earlier.empty:
        return head
    peak_year = int(earlier.idxmax())
    if earlier.max() > value:
        return f"{head}, down from {earlier.max():.0f}% in {peak_year}"
    return f"{head}, the highest of the years published since {int(earlier.index.min())}"


def _value(data: pd.DataFrame, label: str, year: int) -> float | None:
    rows = data.loc[(data["series"] == label) & (data["year"] == year), "value_pct"]
    return None if rows.empty else float(rows.iloc[0])


def _span(data: pd.DataFrame) -> str:
    return f"{int(data['year'].min())}-{int(data['year'].max())}"


def _base(frame: pd.DataFrame, column: str, data: pd.DataFrame, named: str = "Base") -> str:
    """The range of one question's bases (``column``), ``named`` for the question where a
    chart draws several."""
    bases = frame[column].dropna()
    if bases.empty:
        return f". {named} (respondents) not published."
    return (
        f". {named}: {int(bases.min()):,} to {int(bases.max()):,} respondents a year where "
        "published."
    )


def _gap_notes(frame: pd.DataFrame, series: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """One note per series drawn with years of ``frame`` it has no value for, naming the series:
    the years its question was not asked, and those with no published value (the question's
    status is ``not_found``, or its value is blank where another share was published)."""
    notes = []
    for label, (column, _) in series.items():
        status = frame[f"{_question(column)}_status"]
        missing = frame[column].isna()
        years = {
            "not_asked": frame.loc[status == "not_asked", "year"],
            "not_found": frame.loc[missing & (status != "not_asked"), "year"],
        }
        parts = [
            f"{NOT_PUBLISHED[reason]} in {year_span(held.tolist())}"
            for reason, held in years.items()
            if not held.empty
        ]
        if parts:
            notes.append(f"{label}: {'; '.join(parts)}.")
    if notes:
        notes.append("Lines are not drawn across years with no value.")
    return tuple(notes)


def _question(column: str) -> str:
    """The question a value column answers, as its columns' prefix: ``nhs_satisfied_pct`` ->
    ``nhs``, whose status is ``nhs_status``."""
    return column.rsplit("_", 2)[0]


def _mode_note(frame: pd.DataFrame, data: pd.DataFrame) -> tuple[str, ...]:
    later = frame.loc[frame["mode"] != FIRST_MODE, "year"]
    if later.empty:
        return ()
    return (
        f"From {int(later.min())} the survey moved from face-to-face interviews to online and "
        "telephone (dashed lines): compare across the break with caution.",
    )


def _mark_mode_break(ax: plt.Axes, mode_by_year: pd.Series) -> None:
    later = mode_by_year.index[mode_by_year.notna() & (mode_by_year != FIRST_MODE)]
    if len(later) == 0:
        return
    break_line(ax, int(later.min()) - 0.5, f"Online from {int(later.min())}", label_side="left")


def _highlight(ax: plt.Axes, year: int, value: float | None) -> Annotation | None:
    """The highlighted point of the title's year and its label (placed later: :func:`_draw`)."""
    if value is None:
        return None
    ax.scatter([year], [value], s=60, color=COLOURS["highlight"], zorder=5)
    return ax.annotate(
        f"{year}: {value:.0f}%",
        xy=(year, value),
        xytext=(0, -9),
        textcoords="offset points",
        ha="center",
        va="top",
        fontsize=FONT_SIZES["label"],
        fontweight="bold",
        color=COLOURS["text"],
    )
