"""Charts of health spending: growth on each basis, and health's share of public spending.

Input: the clean ``health_finance`` table (footnotes 30-31). Cash and real growth, and the two
denominators of the share, are drawn in separate panels, never on one axis; each bar names its
publisher.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from mutualstats import claims, datasets, finance
from mutualstats.config import (
    BACKLOG_MINIMUM_MEASURE,
    HEALTH_FINANCE_SOURCE,
    HEALTH_FINANCE_TABLE,
    MAINTENANCE_MEASURE,
)
from mutualstats.figures.layout import (
    ChartText,
    NothingToDrawError,
    attribution,
    briefing_reference,
    frame_chart,
    reference_line,
    require_published,
)
from mutualstats.figures.placement import slide_clear
from mutualstats.figures.style import COLOURS, FONT_SIZES, footer_for, house_style
from mutualstats.finance import GROWTH_BASES, period_as_printed
from mutualstats.statistic import format_value

#: The growth figures drawn, by panel: (measure, label, whether the row is of the year shown).
GROWTH_PANELS = {
    "Cash terms": (
        ("dhsc_rdel_growth_pct", GROWTH_BASES["dhsc_rdel_growth_pct"][0], True),
        (
            "dhsc_rdel_incl_pay_deal_growth_pct",
            GROWTH_BASES["dhsc_rdel_incl_pay_deal_growth_pct"][0],
            True,
        ),
    ),
    "Real terms (after inflation)": (
        (
            "uk_health_spending_real_growth_pct",
            GROWTH_BASES["uk_health_spending_real_growth_pct"][0],
            True,
        ),
        ("nhs_england_revenue_real_growth_avg", "NHS England settlement, a year", False),
        (MAINTENANCE_MEASURE, "Needed to keep up with demand, a year", False),
        (BACKLOG_MINIMUM_MEASURE, "Minimum to tackle the backlog, a year", False),
        ("nhs_funding_growth_long_run_avg", "NHS funding, long-run average a year", False),
    ),
}

#: The claim judged on a bar's measure: where several publications give that measure, the bar
#: draws the one the claim is judged on, so the chart and the audit show one growth needed.
BAR_CLAIMS = {MAINTENANCE_MEASURE: "C31"}

#: Health's share of spending, by denominator.
SHARE_MEASURES = {
    "health_share_total_public_spending": "Share of all public spending",
    "health_share_public_service_spending": "Share of spending on public services",
}

#: Source columns kept for every finance row.
FINANCE_COLUMNS = [
    "publication_id",
    "publisher",
    "edition",
    "page_or_section",
    "url",
    "secondary",
    "status",
]


#: The source folder the charts draw and its processed table, and the charts' export names.
FINANCE_SOURCE = HEALTH_FINANCE_SOURCE
FINANCE_TABLE = HEALTH_FINANCE_TABLE
GROWTH_CHART = "health_spending_growth"
SHARE_CHART = "health_share_of_spending"


def build_health_spending_growth(
    frame: pd.DataFrame, footer: str, period: str | None = None
) -> Figure:
    """Health spending growth in ``period`` on each basis, beside the settlement and long run.

    ``period`` is a financial year as the table writes it (``"2018-19"``); by default the
    briefing's, from claim C20.
    """
    period = period or finance.period_label(claims.find("C20").reference_period)
    data = growth_data(frame, period)
    reference, reference_label = briefing_reference("C20")
    text = ChartText(
        title=_growth_title(data, period),
        subtitle=f"Growth in health spending in {period_as_printed(period)}, % on the year before, "
        "on each basis published, beside the NHS England settlement, the growth judged needed "
        "and long-run averages (% a year), UK and England",
        notes=(
            "Cash growth includes inflation; real growth removes it. The two are drawn in "
            "separate panels and are not comparable.",
            "NHS England's settlement is an average over the years shown; the long-run average "
            "is of NHS funding, over the years shown, not of UK health spending.",
            *_other_publications(frame, data),
        ),
    )
    return _panelled_bars(data, "basis", text, footer, (reference, reference_label), "% a year")


def growth_data(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows behind :func:`build_health_spending_growth`, one per bar, with sources."""
    rows = []
    for basis, bars in GROWTH_PANELS.items():
        for measure, label, of_period in bars:
            judged = _judged_publication(measure)
            row = _one_row(frame, measure, period if of_period else None, judged)
            rows.append(
                {
                    **row.to_dict(),
                    "basis": basis,
                    "label": f"{label}, {period_as_printed(row['period'])}",
                }
            )
    data = pd.DataFrame(rows)
    return data[["basis", "label", "measure", "period", "value", "unit", *FINANCE_COLUMNS]]


def build_health_share_of_spending(frame: pd.DataFrame, footer: str) -> Figure:
    """Health's share of all public spending against its share of spending on public services."""
    data = share_data(frame)
    total = data.loc[data["measure"] == "health_share_total_public_spending", "value"]
    require_published(total, SHARE_CHART, FINANCE_SOURCE)
    reference, reference_label = briefing_reference("C21")
    periods = sorted(data["period"])
    notes = [
        "Spending on public services is a narrower denominator than all public spending, so "
        "the same health spending is a larger share of it.",
    ]
    missing = finance.figures_for(frame, list(SHARE_MEASURES))
    missing = missing.loc[missing["value"].isna()]
    for row in missing.itertuples():
        notes.append(
            f"Not drawn: {SHARE_MEASURES[row.measure].lower()}, {row.publisher}, "
            f"{period_as_printed(row.period)}, value not found."
        )
    text = ChartText(
        title=_share_title(data),
        subtitle="Health spending as % of all UK public spending and as % of spending on "
        f"public services, financial years {period_as_printed(periods[0])} to "
        f"{period_as_printed(periods[-1])}, as published",
        notes=tuple(notes),
    )
    return _panelled_bars(
        data, "denominator", text, footer, (reference, reference_label), "% of spending"
    )


def share_data(frame: pd.DataFrame) -> pd.DataFrame:
    """Every published share of spending on health, by denominator then period, with sources."""
    rows = finance.figures_for(frame, list(SHARE_MEASURES)).dropna(subset=["value"])
    data = rows.assign(
        denominator=rows["measure"].map(SHARE_MEASURES),
        label=[
            f"{period_as_printed(p)}, {pub}"
            for p, pub in zip(rows["period"], rows["publisher"], strict=True)
        ],
    )
    return data[
        ["denominator", "label", "measure", "period", "value", "unit", *FINANCE_COLUMNS]
    ].reset_index(drop=True)


def _panelled_bars(
    data: pd.DataFrame,
    panel_column: str,
    text: ChartText,
    footer: str,
    reference: tuple[float, str],
    xlabel: str,
) -> Figure:
    """Horizontal bars in one panel per ``panel_column`` value, sharing the value axis."""
    panels = list(dict.fromkeys(data[panel_column]))
    sizes = [int((data[panel_column] == panel).sum()) for panel in panels]
    colours = [COLOURS["muted"], COLOURS["main"], COLOURS["second"]]
    top = max(data["value"].max(), reference[0]) * 1.2
    value_labels = []
    with house_style():
        fig, axes = plt.subplots(
            len(panels),
            1,
            sharex=True,
            figsize=(8.0, 2.8 + 0.42 * sum(sizes)),
            gridspec_kw={"height_ratios": sizes, "hspace": 0.45},
        )
        for index, (ax, panel) in enumerate(zip(np.atleast_1d(axes), panels, strict=True)):
            rows = data.loc[data[panel_column] == panel]
            positions = np.arange(len(rows))
            bars = ax.barh(positions, rows["value"], 0.6, color=colours[index % len(colours)])
            # As published: 20 for "£1 in every £5", 17.9 where a decimal is printed.
            value_labels += ax.bar_label(bars, fmt="{:g}%", fontsize=FONT_SIZES["label"], padding=3)
            ax.set_yticks(positions, _with_publisher(rows))
            ax.set_ylim(len(rows) - 0.5, -0.5)
            ax.grid(axis="y", visible=False)
            ax.grid(axis="x", visible=True)
            ax.set_title(panel, fontsize=FONT_SIZES["body"])
            # The reference value's label is shown once, on the first panel.
            reference_line(ax, reference[0], reference[1] if index == 0 else None, False)
            ax.set_xlim(0, top)
        np.atleast_1d(axes)[-1].set_xlabel(xlabel)
        frame_chart(fig, text, footer + "\n" + attribution(data, panel_column), data)
        # Once the axes have their final size: a value drawn over the reference line moves
        # along its bar until it clears it.
        for label in value_labels:
            slide_clear(label)
    return fig


def _with_publisher(rows: pd.DataFrame) -> list[str]:
    if rows["label"].str.contains(", ").all() and "basis" not in rows:
        return list(rows["label"])
    return [
        f"{label}\n{publisher}"
        for label, publisher in zip(rows["label"], rows["publisher"], strict=True)
    ]


def _other_publications(frame: pd.DataFrame, data: pd.DataFrame) -> list[str]:
    """A note for each bar whose measure another publication gives with another value (in the
    bar's year, for a bar of the year shown): the bar draws one of them."""
    bars = {
        measure: (label, of_period)
        for bars in GROWTH_PANELS.values()
        for measure, label, of_period in bars
    }
    notes = []
    for bar in data.itertuples():
        label, of_period = bars[bar.measure]
        given = frame.loc[(frame["measure"] == bar.measure) & frame["value"].notna()]
        others = given.loc[
            (given["publication_id"] != bar.publication_id)
            & (given["value"] != bar.value)
            & ((given["period"] == bar.period) | (not of_period))
        ]
        if not others.empty:
            listed = "; ".join(
                f"{format_value(row.value, row.unit)} ({row.publisher}, "
                f"{period_as_printed(row.period)})"
                for row in others.itertuples()
            )
            notes.append(f"{label}: another publication gives {listed}.")
    return notes


def _judged_publication(measure: str) -> str | None:
    """The publication the claim judged on ``measure`` (:data:`BAR_CLAIMS`) reads, if any."""
    claim_id = BAR_CLAIMS.get(measure)
    found = None if claim_id is None else claims.recompute(claims.find(claim_id)).statistic
    return None if found is None else found.publication_id


def _one_row(
    frame: pd.DataFrame, measure: str, period: str | None, judged: str | None = None
) -> pd.Series:
    """The growth chart's row of ``measure`` (for ``period`` if given): the ``judged``
    publication's where it gives one, else a primary source before a secondary.

    Raises
    ------
    NothingToDrawError
        If no row publishes it.
    """
    rows = frame.loc[(frame["measure"] == measure) & frame["value"].notna()]
    if period is not None:
        rows = rows.loc[rows["period"] == period]
    if rows.empty:
        raise NothingToDrawError(
            f"the {GROWTH_CHART} chart draws a bar of {measure} for {period or 'any period'}: no "
            f"row of data/raw/{FINANCE_SOURCE}/ publishes one; add it, or leave the chart out"
        )
    own = rows.loc[rows["publication_id"] == judged]
    return (own if not own.empty else rows.sort_values("secondary", kind="stable")).iloc[0]


def _growth_title(data: pd.DataFrame, period: str) -> str:
    """The year's real growth in UK health spending and the DHSC budget's cash growth, each named
    as what it is. Neither is set against another measure: the long-run average drawn is of NHS
    funding, not of UK health spending, and the cash figures are a budget's, not spending."""
    cash = data.loc[data["basis"] == "Cash terms", "value"]
    real = data.loc[data["measure"] == "uk_health_spending_real_growth_pct", "value"]
    return (
        f"UK health spending grew {real.iloc[0]:g}% in real terms in "
        f"{period_as_printed(period)}; the DHSC budget was set to grow {cash.min():g}-"
        f"{cash.max():g}% in cash"
    )


def _share_title(data: pd.DataFrame) -> str:
    """The latest share of all public spending, and every share of spending on public services
    published for that year: publications draw that base differently, so none is chosen."""
    total = data.loc[data["measure"] == "health_share_total_public_spending"]
    latest = total.sort_values("period", kind="stable").iloc[-1]
    services = data.loc[
        (data["measure"] == "health_share_public_service_spending")
        & (data["period"] == latest["period"])
    ]["value"]
    year = period_as_printed(latest["period"])
    head = f"Health was {latest['value']:.0f}% of all public spending in {year}"
    if services.empty:
        return head
    low, high = f"{services.min():.0f}%", f"{services.max():.0f}%"
    shares = low if low == high else f"{low} to {high}"
    return f"{head}, and {shares} of spending on public services, as publications draw that base"


def chart_health_spending_growth(year: int) -> Figure:
    """Registered chart: health spending growth (``year`` is not used)."""
    return build_health_spending_growth(datasets.load(FINANCE_TABLE), footer_for(FINANCE_SOURCE))


def chart_health_share_of_spending(year: int) -> Figure:
    """Registered chart: health's share of public spending (``year`` is not used)."""
    return build_health_share_of_spending(datasets.load(FINANCE_TABLE), footer_for(FINANCE_SOURCE))
