"""Health spending statements (briefing footnotes 30-33) from the clean ``health_finance`` table.

Each figure keeps its basis in its measure name (cash or real; DHSC, NHS England or UK health
spending; share of total or of public-service spending); functions here select one figure at a
time and do the small arithmetic the notebooks show, never mixing bases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from mutualstats.config import HEALTH_FINANCE_SOURCE as SOURCE_ID
from mutualstats.errors import ambiguous
from mutualstats.statistic import Statistic, format_value, from_row, url_or_note
from mutualstats.vocabulary import PERIOD_SEPARATOR, REFERENCE_PERIOD_SEPARATOR

#: The growth in health spending in one year on each basis published beside the cited figure:
#: what grows and whether in cash or real terms (read by the notebook and the growth chart).
GROWTH_BASES = {
    "dhsc_rdel_growth_pct": ("DHSC resource budget", "cash"),
    "dhsc_rdel_incl_pay_deal_growth_pct": ("DHSC budget with the pay deal", "cash"),
    "uk_health_spending_real_growth_pct": ("UK health spending", "real terms"),
}


@dataclass(frozen=True)
class Settlement:
    """A budget growing at a constant real rate: the annual increase by the last year versus
    the sum of the yearly increases over the whole span (an illustration, not a published
    number)."""

    base_gbp_billion: float
    rate_pct_per_year: float
    years: int
    increase_in_final_year_gbp_billion: float
    cumulative_increase_gbp_billion: float


def figure(
    frame: pd.DataFrame,
    measure: str,
    period: str | None = None,
    publisher: str | None = None,
    edition: str | None = None,
    publication_id: str | None = None,
) -> Statistic:
    """The one row of ``measure`` matching the filters given.

    Raises
    ------
    LookupError
        If no row or more than one row matches.
    """
    rows = frame.loc[frame["measure"] == measure]
    filters = {
        "period": period,
        "publisher": publisher,
        "edition": edition,
        "publication_id": publication_id,
    }
    for column, wanted in filters.items():
        if wanted is not None:
            rows = rows.loc[rows[column] == wanted]
    given = ", ".join(f"{key} {value}" for key, value in filters.items() if value is not None)
    if len(rows) > 1:
        raise ambiguous(rows, f"{measure} for {given or 'any period'}", "health_finance")
    if rows.empty:
        raise LookupError(f"no rows of {measure} for {given or 'any period'}")
    row = rows.iloc[0]
    return from_row(row, SOURCE_ID, row["period"])


def period_label(reference_period: str) -> str:
    """A financial year as the finance table writes it: ``"2018/19"`` -> ``"2018-19"``."""
    return reference_period.replace(REFERENCE_PERIOD_SEPARATOR, PERIOD_SEPARATOR)


def period_as_printed(period: str) -> str:
    """The inverse of :func:`period_label`, also inside ranges: ``"2019-20 to 2023-24"`` ->
    ``"2019/20 to 2023/24"``."""
    return re.sub(r"(\d{4})-(\d{2})\b", r"\1/\2", period)


def growth_on_other_bases(frame: pd.DataFrame, period: str) -> list[str]:
    """One line per basis of :data:`GROWTH_BASES`: "DHSC resource budget, cash: 1.2% (DHSC)"."""
    lines = []
    for measure, (what, terms) in GROWTH_BASES.items():
        item = figure(frame, measure, period)
        lines.append(f"{what}, {terms}: {item.shown()} ({item.publisher})")
    return lines


def years_in(span: str) -> int:
    """Financial years in a span as the table writes it: ``"2019-20 to 2023-24"`` is 5."""
    first, _, last = span.partition(" to ")
    return int((last or first)[:4]) - int(first[:4]) + 1


def figures_for(frame: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """Every row of ``measures``, in the order the measures are given, then by period."""
    rows = frame.loc[frame["measure"].isin(measures)].copy()
    rows["_order"] = rows["measure"].map({m: i for i, m in enumerate(measures)})
    ordered = rows.sort_values(["_order", "period", "edition"], kind="stable")
    return ordered.drop(columns="_order").reset_index(drop=True)


def settlement(base_gbp_billion: float, rate_pct_per_year: float, years: int) -> Settlement:
    """Annual and cumulative increases of a budget growing ``rate_pct_per_year`` for ``years``.

    Assumes even growth; the published settlement was front-loaded, so this is only an
    illustration of the difference between "£X bn a year more by the last year" and "£X bn over
    the period".
    """
    factors = [(1 + rate_pct_per_year / 100) ** year - 1 for year in range(1, years + 1)]
    return Settlement(
        base_gbp_billion,
        rate_pct_per_year,
        years,
        base_gbp_billion * factors[-1],
        base_gbp_billion * sum(factors),
    )


def source_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with publisher, value, edition, period, status and URL (the note where unverified)."""
    return pd.DataFrame(
        {
            "publisher": rows["publisher"],
            "measure": rows["measure"],
            "value": [format_value(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
            "edition": rows["edition"],
            "period": rows["period"],
            "status": rows["status"],
            "url or note": url_or_note(rows),
        }
    ).reset_index(drop=True)
