"""Charts of the health and social care workforce (footnotes 27-29).

Input: the clean ``sfc_workforce_estimates`` and ``nhs_trust_vacancies`` tables. Each ``build_*``
takes the table and a footer and returns a Figure; each ``chart_*`` loads the table through
:mod:`mutualstats.datasets` and is registered in ``figures.CHARTS``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from mutualstats import datasets, workforce
from mutualstats.config import LOWER_BOUND_QUALIFIERS, NHS_VACANCIES_SOURCE, SKILLS_FOR_CARE_SOURCE
from mutualstats.figures.layout import (
    ChartText,
    attribution,
    break_line,
    briefing_reference,
    financial_year_ticks,
    frame_chart,
    label_line_ends,
    missing_years,
    reference_line,
    require_published,
    with_publishers,
    year_span,
)
from mutualstats.figures.style import COLOURS, FONT_SIZES, footer_for, geography_of, house_style
from mutualstats.statistic import format_value
from mutualstats.workforce import financial_year

#: Adult social care vacancy measures drawn, with their panel titles and scale.
VACANCY_PANELS = (
    ("vacancies", "Vacant posts (thousands)", 1000),
    ("vacancy_rate_pct", "Vacancy rate (% of all posts)", 1),
)
VACANCY_SCOPE = "headline_vacancy"

#: The source folder the social care charts draw, for their provenance (footer, geography); the
#: trust vacancies chart draws config.NHS_VACANCIES_SOURCE.
SFC_SOURCE = SKILLS_FOR_CARE_SOURCE
#: The charts' export names.
ASC_VACANCIES_CHART = "asc_vacancies"
TURNOVER_CHART = "asc_turnover_vs_leaving_sector"
TRUST_VACANCIES_CHART = "nhs_trust_vacancies"

#: Source columns kept for Skills for Care rows.
SFC_COLUMNS = ["edition", "scope", "publication_id", "publisher", "url", "status"]

#: NHS staff groups drawn, with their labels and colours.
NHS_GROUPS = {"all": ("All staff", COLOURS["main"]), "nursing": ("Nurses", COLOURS["second"])}


def build_asc_vacancies(frame: pd.DataFrame, footer: str) -> Figure:
    """Adult social care vacancies (left) and vacancy rate (right) by data year.

    Each year shows the value of the latest edition that published it; hollow points mark a
    first-published value that a later edition revised. Points are joined only where one edition
    gives both years (:func:`same_edition_runs`): editions revise earlier years, so a change
    between two editions' values is not either edition's change. Years with no value are gaps.
    """
    data = asc_vacancy_data(frame)
    latest = data.loc[(data["series"] == "latest") & (data["measure"] == "vacancies")]
    require_published(latest["value"], ASC_VACANCIES_CHART, SFC_SOURCE)
    peak = latest.loc[latest["value"].idxmax()]
    last = latest.iloc[-1]
    first_year, last_year = int(data["reference_year"].min()), int(data["reference_year"].max())
    with house_style():
        fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.8))
        for ax, (measure, label, scale) in zip(axes, VACANCY_PANELS, strict=True):
            rows = data.loc[data["measure"] == measure]
            shown = rows.loc[rows["series"] == "latest"]
            line = shown.set_index("reference_year")["value"]
            line = line.reindex(range(first_year, last_year + 1)) / scale
            ax.plot(
                line.index,
                line.to_numpy(),
                color=COLOURS["main"],
                marker="o",
                markersize=4,
                linestyle="none",
            )
            for run in same_edition_runs(shown):
                ax.plot(run["reference_year"], run["value"] / scale, color=COLOURS["main"])
            revised = rows.loc[rows["series"] == "first published"]
            ax.scatter(
                revised["reference_year"],
                revised["value"] / scale,
                s=30,
                zorder=5,
                facecolors="white",
                edgecolors=COLOURS["main"],
                linewidths=1.2,
            )
            ax.set_title(label, fontsize=FONT_SIZES["body"])
            ax.set_ylim(0, line.max() * 1.2)
            financial_year_ticks(ax, first_year, last_year, most=4)
        peak_text = f"{peak['value']:,.0f} in {financial_year(int(peak['reference_year']))}"
        last_text = f"{last['value']:,.0f} in {financial_year(int(last['reference_year']))}"
        text = ChartText(
            title=f"Vacancies in adult social care reached {last_text}, the most of the years held"
            if peak_text == last_text
            else f"Vacancies in adult social care were {last_text}, down from {peak_text}, the "
            "highest of the years held",
            subtitle="Vacant posts and vacancy rate, adult social care in "
            f"{geography_of(SFC_SOURCE)}, data years "
            f"{financial_year(first_year)} to {financial_year(last_year)} (April to March); each "
            "year's value from the latest Skills for Care edition giving it",
            notes=_vacancy_notes(data),
        )
        footer = footer + "\n" + attribution(data.assign(series="Skills for Care"))
        frame_chart(fig, text, footer, data)
    return fig


def asc_vacancy_data(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows behind :func:`build_asc_vacancies`: latest value per year and revised first ones.

    ``series`` is ``latest`` (the line) or ``first published`` (a value later revised).
    """
    parts = []
    for measure, _, _ in VACANCY_PANELS:
        rows = frame.loc[
            (frame["measure"] == measure)
            & (frame["scope"] == VACANCY_SCOPE)
            & frame["value"].notna()
        ].sort_values(["reference_year", "edition"], kind="stable")
        by_year = rows.groupby("reference_year")
        latest = rows.loc[by_year["edition"].idxmax()].assign(series="latest")
        first = rows.loc[by_year["edition"].idxmin()].assign(series="first published")
        revised = first.loc[
            first["value"].to_numpy()
            != latest.set_index("reference_year").loc[first["reference_year"], "value"].to_numpy()
        ]
        parts += [latest, revised]
    data = with_publishers(pd.concat(parts, ignore_index=True))
    data = data.assign(data_year=data["reference_year"].map(financial_year))
    columns = ["series", "measure", "reference_year", "data_year", "value", "unit"]
    return data[columns + SFC_COLUMNS].reset_index(drop=True)


def same_edition_runs(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """Runs of two or more consecutive data years whose values come from one edition (the same
    publication), in year order: the segments a line may join."""
    ordered = rows.sort_values("reference_year", kind="stable")
    years = ordered["reference_year"].astype(int)
    breaks = (years.diff() != 1) | (ordered["publication_id"] != ordered["publication_id"].shift())
    runs = [run for _, run in ordered.groupby(breaks.cumsum().to_numpy())]
    return [run for run in runs if len(run) > 1]


def _vacancy_notes(data: pd.DataFrame) -> tuple[str, ...]:
    notes = [
        "Points are joined only where one edition gives both years: editions revise earlier "
        "years, so the change between two editions' values is not published by either."
    ]
    first, last = int(data["reference_year"].min()), int(data["reference_year"].max())
    for measure, label, _ in VACANCY_PANELS:
        held = data.loc[(data["measure"] == measure) & (data["series"] == "latest")]
        gaps = missing_years(held["reference_year"], first, last)
        if gaps:
            notes.append(
                f"{label.split(' (')[0]}: no published value is held for "
                f"{year_span(gaps, financial_year)}."
            )
    revised = data.loc[data["series"] == "first published"]
    if not revised.empty:
        years = sorted(set(revised["reference_year"].astype(int)))
        notes.append(
            "Hollow points: the value first published for "
            f"{', '.join(financial_year(year) for year in years)}, revised in a later edition."
        )
    return tuple(notes)


def build_turnover_vs_leaving(frame: pd.DataFrame, footer: str) -> Figure:
    """Job turnover against the derived rate of leaving the sector, by data year.

    Leaving the sector = turnover x (100 - % of leavers who stay in the sector) / 100, from the
    same edition and scope.
    """
    data = turnover_data(frame)
    turnover = data.loc[data["series"] == "Left their job (turnover)"].reset_index(drop=True)
    leaving = data.loc[data["series"] == "Left the sector (derived)"].reset_index(drop=True)
    reference, reference_label = briefing_reference("C19")
    positions = np.arange(len(turnover))
    with house_style():
        fig, ax = plt.subplots(figsize=(8.0, 4.8))
        for offset, rows, colour in (
            (-0.2, turnover, COLOURS["main"]),
            (0.2, leaving, COLOURS["second"]),
        ):
            bars = ax.bar(
                positions + offset, rows["value"], 0.4, color=colour, label=rows["series"].iloc[0]
            )
            ax.bar_label(bars, fmt="%.1f%%", fontsize=FONT_SIZES["label"], padding=2)
        reference_line(ax, reference, f"{reference_label} ({reference:.0f}%)")
        ax.set_xticks(positions, turnover["data_year"])
        # Room right of the bars for the reference line's label.
        ax.set_xlim(-0.6, len(positions) + 0.6)
        ax.set_ylim(0, max(turnover["value"].max(), reference) * 1.35)
        ax.set_ylabel("% of staff a year")
        ax.legend(loc="upper left", ncols=2)
        last = len(turnover) - 1
        text = ChartText(
            title=f"{turnover['value'][last]:.0f}% of adult social care staff left their job in "
            f"{turnover['data_year'][last]}; an estimated {leaving['value'][last]:.0f}% left the "
            "sector",
            subtitle="Leavers as % of staff in post, and the share leaving adult social care "
            f"altogether, {geography_of(SFC_SOURCE)}, data years {turnover['data_year'][0]} to "
            f"{turnover['data_year'][last]}",
            notes=_turnover_notes(data),
        )
        frame_chart(fig, text, footer + "\n" + attribution(data), data)
    return fig


def turnover_data(frame: pd.DataFrame) -> pd.DataFrame:
    """Turnover and the derived leaving-the-sector rate, one edition per data year, with sources.

    Source: Skills for Care editions publishing both turnover and the share of leavers who stay
    in the sector, on the same scope (see :func:`mutualstats.workforce.leaving_sector_series`).
    """
    series = workforce.leaving_sector_series(frame)
    require_published(series["leaving_sector_rate_pct"], TURNOVER_CHART, SFC_SOURCE)
    rows = []
    for item in series.itertuples(index=False):
        source = workforce.estimate_row(
            frame, "turnover_rate_pct", item.edition, item.reference_year, item.scope
        )
        staying = item.leavers_staying_in_sector_pct
        for label, value, derivation in (
            ("Left their job (turnover)", item.turnover_rate_pct, ""),
            (
                "Left the sector (derived)",
                item.leaving_sector_rate_pct,
                f"{item.turnover_rate_pct:g} x (100 - {staying:g}) / 100",
            ),
        ):
            rows.append(
                {**source.to_dict(), "series": label, "value": value, "derivation": derivation}
            )
    data = with_publishers(pd.DataFrame(rows))
    data = data.assign(data_year=data["reference_year"].map(financial_year))
    columns = ["series", "reference_year", "data_year", "value", "unit", "derivation"]
    return data[columns + SFC_COLUMNS]


def _turnover_notes(data: pd.DataFrame) -> tuple[str, ...]:
    labels = workforce.scope_labels(datasets.load("sfc_scopes"))
    scopes = data.drop_duplicates("data_year")
    described = "; ".join(f"{row.data_year}: {labels[row.scope]}" for row in scopes.itertuples())
    return (
        "Left the sector is derived: turnover x (100 - % of leavers who stayed in the sector) / "
        "100, both from the same edition and scope (arithmetic in the CSV); "
        f"{workforce.INFERRED_STAYING}.",
        f"Staff counted: {described}.",
    )


def build_nhs_trust_vacancies(frame: pd.DataFrame, footer: str) -> Figure:
    """Trust-reported NHS vacancies (WTE) by quarter, all staff and nurses.

    Lines join consecutive quarters of one publisher only: a quarter with no value, or a change
    of publisher, breaks the line. A value published as a lower bound ("more than 132,000",
    qualifier ``over`` in the data) is a hollow point, labelled and noted as such.
    """
    data = nhs_vacancy_data(frame)
    require_published(data["value"], TRUST_VACANCIES_CHART, NHS_VACANCIES_SOURCE)
    reference, reference_label = briefing_reference("C18")
    quarters = pd.period_range(data["quarter"].min(), data["quarter"].max(), freq="Q-MAR")
    positions = {quarter: quarter.qyear - 1 + (quarter.quarter - 1) / 4 for quarter in quarters}
    first_publisher = data["publisher"].iloc[0]
    with house_style():
        fig, ax = plt.subplots(figsize=(8.0, 5.6))
        ends = []
        for _group, (label, colour) in NHS_GROUPS.items():
            rows = data.loc[data["series"] == label].set_index("quarter")
            values = rows["value"].reindex(quarters) / 1000
            publisher = rows["publisher"].reindex(quarters)
            x = [positions[quarter] for quarter in quarters]
            for same, style in (
                (publisher == first_publisher, "-"),
                (publisher != first_publisher, "--"),
            ):
                ax.plot(
                    x,
                    values.where(same).to_numpy(),
                    color=colour,
                    linestyle=style,
                    marker="o",
                    markersize=4,
                )
            bounds = rows.loc[rows["qualifier"].isin(LOWER_BOUND_QUALIFIERS)]
            ax.scatter(
                [positions[quarter] for quarter in bounds.index],
                bounds["value"] / 1000,
                s=30,
                zorder=5,
                facecolors="white",
                edgecolors=colour,
                linewidths=1.2,
            )
            last = rows.iloc[-1]
            ends.append(
                (
                    positions[rows.index[-1]],
                    last["value"] / 1000,
                    f"{label} {_published(last)}",
                    colour,
                )
            )
        change = data.loc[data["publisher"] != first_publisher]
        if not change.empty:
            first_change = change.sort_values("quarter").iloc[0]
            break_line(
                ax,
                positions[first_change["quarter"]] - 0.125,
                f"{first_change['publisher']}\nfrom {first_change['period']}",
            )
        # The label sits over the middle of the time axis, where the lines are sparsest.
        reference_line(ax, reference / 1000, reference_label, at=0.75)
        first_year, last_year = quarters[0].qyear - 1, quarters[-1].qyear - 1
        ax.set_xticks(
            range(first_year, last_year + 1),
            [financial_year(year) for year in range(first_year, last_year + 1)],
        )
        ax.set_xlim(first_year - 0.1, last_year + 0.6)
        ax.set_ylim(0, max(data["value"].max() / 1000, reference / 1000) * 1.3)
        ax.set_ylabel("thousands (WTE)")
        all_staff = data.loc[data["series"] == NHS_GROUPS["all"][0]].reset_index(drop=True)
        ordered = data.sort_values("period_end", kind="stable")
        text = ChartText(
            title="Vacancies reported by NHS trusts: " + _by_collection(all_staff),
            subtitle="Vacant posts, whole-time equivalent, NHS trusts in "
            f"{geography_of(NHS_VACANCIES_SOURCE)}, all staff and "
            f"nurses, by quarter of the financial year, {ordered['period'].iloc[0]} to "
            f"{ordered['period'].iloc[-1]}; the earliest-published value held for each quarter",
            notes=_nhs_notes(data, quarters, first_publisher),
        )
        # The CSV keeps the publisher's own period label; the quarter index is for drawing.
        frame_chart(
            fig,
            text,
            footer + "\n" + attribution(data),
            data.drop(columns="quarter"),
            lambda: label_line_ends(ax, ends),
        )
    return fig


def _by_collection(rows: pd.DataFrame) -> str:
    """The first and last value of each publisher's collection, never compared across them: "97,453
    in 2017/18 Q3 to 107,743 in 2018/19 Q1 (NHS Improvement); over 132,000 in 2022/23 Q1 (NHS
    Digital, another collection)"."""
    parts = []
    for number, (publisher, held) in enumerate(rows.groupby("publisher", sort=False)):
        first, last = held.iloc[0], held.iloc[-1]
        span = f"{_published(first)} in {first['period']}"
        if len(held) > 1:
            span += f" to {_published(last)} in {last['period']}"
        parts.append(f"{span} ({publisher}{', another collection' if number else ''})")
    return "; ".join(parts)


def nhs_vacancy_data(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows behind :func:`build_nhs_trust_vacancies`: the earliest-published value held per
    quarter (for some quarters only a later restatement is held as a number)."""
    parts = [
        workforce.nhs_vacancies(frame, group).assign(series=label)
        for group, (label, _) in NHS_GROUPS.items()
    ]
    data = pd.concat(parts, ignore_index=True)
    data = data.assign(quarter=data["period_end"].dt.to_period("Q-MAR"))
    # The chart draws one measure (WTE vacancies) and shows no row's note.
    plotted = [
        column for column in workforce.NHS_VACANCY_COLUMNS if column not in ("measure", "note")
    ]
    return data[["series", *plotted, "quarter"]].reset_index(drop=True)


def _published(row: pd.Series) -> str:
    """A plotted value as published, with its qualifier: "107,743", "over 132,000"."""
    return format_value(row["value"], "count", row["qualifier"])


def _nhs_notes(data: pd.DataFrame, quarters: pd.PeriodIndex, first_publisher: str) -> tuple:
    notes = []
    for label, _ in NHS_GROUPS.values():
        held = set(data.loc[data["series"] == label, "quarter"])
        gaps = [number for number, quarter in enumerate(quarters) if quarter not in held]
        if gaps:
            spans = year_span(gaps, lambda number: _quarter_label(quarters[number]))
            notes.append(f"{label}: no figure is held for {spans}; the line is not drawn across.")
    later = data.loc[data["publisher"] != first_publisher, "publisher"].unique()
    if len(later):
        notes.append(
            f"Figures are {first_publisher}'s until {', '.join(later)} took over the collection "
            "(dashed lines): a different collection, so compare across the change with caution."
        )
    bounds = data.loc[data["qualifier"].isin(LOWER_BOUND_QUALIFIERS)]
    if not bounds.empty:
        described = "; ".join(
            f"{row['series'].lower()} {_published(row)} in {row['period']}"
            for _, row in bounds.sort_values("period_end", kind="stable").iterrows()
        )
        notes.append(
            "Hollow points: published as a lower bound, so the number of vacancies was no lower "
            f"than drawn, and may have been higher ({described})."
        )
    return tuple(notes)


def _quarter_label(quarter: pd.Period) -> str:
    return f"{financial_year(quarter.qyear - 1)} Q{quarter.quarter}"


def chart_asc_vacancies(year: int) -> Figure:
    """Registered chart: adult social care vacancies and vacancy rate (``year`` is not used)."""
    return build_asc_vacancies(datasets.load("sfc_workforce_estimates"), footer_for(SFC_SOURCE))


def chart_turnover_vs_leaving(year: int) -> Figure:
    """Registered chart: turnover against leaving the sector (``year`` is not used)."""
    return build_turnover_vs_leaving(
        datasets.load("sfc_workforce_estimates"), footer_for(SFC_SOURCE)
    )


def chart_nhs_trust_vacancies(year: int) -> Figure:
    """Registered chart: NHS trust vacancies by quarter (``year`` is not used)."""
    return build_nhs_trust_vacancies(
        datasets.load("nhs_trust_vacancies"), footer_for(NHS_VACANCIES_SOURCE)
    )
