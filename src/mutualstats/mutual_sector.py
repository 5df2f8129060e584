"""Statements about the mutual sector: like-for-like profitability, edition changes, intervals,
and where each number of the briefing's "A brief history" and "Mutualisation: an overview of known
benefits" sections is (or is not) found.

Input: the clean ``psm_headline_figures`` and ``psm_counts`` tables. Output: small records and
tables for the notebooks and tests. Nothing here recomputes a share the sources do not print.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mutualstats.config import DEFAULT_DESIGN_EFFECT
from mutualstats.stats import Change, change_between, wilson_interval

PSM_SOURCE = "seuk_psm"
SOCIAL_ENTERPRISE_SOURCE = "seuk_social_enterprise"

#: The two definitions of "profitable" the sources use. Profit excludes break-even; the second is
#: derived by SEUK's own published shares (profit + break-even), never printed as one figure.
PROFIT_MEASURES = {
    "profitable_pct": "made a profit or surplus",
    "profit_or_breakeven_pct": "made a profit or broke even",
}

#: Columns of :func:`briefing_numbers`.
AUDIT_COLUMNS = [
    "briefing_value",
    "what_the_source_says",
    "source_id",
    "edition",
    "page_or_section",
    "url",
    "status",
]


class NotLikeForLikeError(ValueError):
    """Raised when two shares with different definitions are asked to be compared."""


@dataclass(frozen=True)
class Share:
    """One published share, with a 95% Wilson interval where its base is published."""

    source_id: str
    edition: str
    measure: str
    pct: float | None
    lower_pct: float | None
    upper_pct: float | None
    base_n: int | None
    note: str


@dataclass(frozen=True)
class Comparison:
    """Mutuals against social enterprises on one definition of profitability."""

    measure: str
    definition: str
    psm_edition: str
    psm_pct: float | None
    social_enterprise_edition: str
    social_enterprise_pct: float | None
    difference_pp: float | None
    note: str


def headline_value(frame: pd.DataFrame, source_id: str, edition: str, measure: str) -> pd.Series:
    """The one row of ``psm_headline_figures`` for a source, edition and measure.

    Raises
    ------
    KeyError
        If the table holds no such row.
    """
    rows = frame.loc[
        (frame["source_id"] == source_id)
        & (frame["edition"] == edition)
        & (frame["measure"] == measure)
    ]
    if rows.empty:
        raise KeyError(f"no {measure} in {source_id} edition {edition}")
    return rows.iloc[0]


def share(
    frame: pd.DataFrame,
    source_id: str,
    edition: str,
    measure: str,
    design_effect: float = DEFAULT_DESIGN_EFFECT,
) -> Share:
    """A published share with its 95% Wilson interval, or "base not published" without one.

    Only shares of survey respondents with a published n get an interval. None of the SEUK or
    CIPFA summaries read publishes n, so today no share carries one.
    """
    row = headline_value(frame, source_id, edition, measure)
    if row["unit"] != "pct":
        raise ValueError(f"{measure} is in {row['unit']}, not a share")
    pct = None if pd.isna(row["value"]) else float(row["value"])
    if pct is None:
        return Share(source_id, edition, measure, None, None, None, None, "value not found")
    if pd.isna(row["base_n"]):
        return Share(source_id, edition, measure, pct, None, None, None, "base not published")
    if row["base"] != "respondents":
        # e.g. a 7% rise in one provider's satisfaction (base_n = 1 case): not a share of n.
        note = f"not a share of survey respondents (base: {row['base']}), so no interval"
        return Share(source_id, edition, measure, pct, None, None, int(row["base_n"]), note)
    interval = wilson_interval(pct, int(row["base_n"]), design_effect)
    return Share(
        source_id,
        edition,
        measure,
        pct,
        interval.lower_pct,
        interval.upper_pct,
        int(row["base_n"]),
        f"95% Wilson interval on n = {int(row['base_n']):,}",
    )


def edition_change(
    frame: pd.DataFrame, source_id: str, measure: str, from_edition: str, to_edition: str
) -> Change:
    """Change in one measure between two editions of the same source, in percentage points.

    The significance test needs both bases; without them the note says "base not published".
    """
    start = headline_value(frame, source_id, from_edition, measure)
    end = headline_value(frame, source_id, to_edition, measure)
    if pd.isna(start["value"]) or pd.isna(end["value"]):
        raise ValueError(f"{measure} is not published in both {from_edition} and {to_edition}")
    return change_between(
        float(start["value"]), _n(start["base_n"]), float(end["value"]), _n(end["base_n"])
    )


def compare_profitability(
    frame: pd.DataFrame,
    psm_measure: str,
    social_enterprise_measure: str,
    psm_edition: str,
    social_enterprise_edition: str,
) -> Comparison:
    """Share of mutuals (SEUK State of the Sector) against social enterprises (SEUK State of
    Social Enterprise) on the same definition of profitability.

    Raises
    ------
    NotLikeForLikeError
        If the two measures differ (profit against profit-or-break-even) or are not a
        profitability definition.
    """
    if psm_measure != social_enterprise_measure or psm_measure not in PROFIT_MEASURES:
        raise NotLikeForLikeError(
            f"refusing to compare {psm_measure} with {social_enterprise_measure}: "
            "compare profit with profit and profit-or-break-even with profit-or-break-even"
        )
    psm_pct = _value_or_none(frame, PSM_SOURCE, psm_edition, psm_measure)
    se_pct = _value_or_none(frame, SOCIAL_ENTERPRISE_SOURCE, social_enterprise_edition, psm_measure)
    difference = None if psm_pct is None or se_pct is None else psm_pct - se_pct
    missing = [
        name
        for name, value in (("mutuals", psm_pct), ("social enterprises", se_pct))
        if value is None
    ]
    note = (
        f"not published for {' and '.join(missing)}"
        if missing
        else "different surveys, populations and bases: indicative only"
    )
    return Comparison(
        psm_measure,
        PROFIT_MEASURES[psm_measure],
        psm_edition,
        psm_pct,
        social_enterprise_edition,
        se_pct,
        difference,
        note,
    )


def profitability_table(frame: pd.DataFrame, psm_edition: str, se_edition: str) -> pd.DataFrame:
    """Both definitions of profitability side by side, mutuals against social enterprises."""
    rows = []
    for measure in PROFIT_MEASURES:
        result = compare_profitability(frame, measure, measure, psm_edition, se_edition)
        rows.append(
            {
                "definition": result.definition,
                f"mutuals {psm_edition} (%)": _shown(result.psm_pct),
                f"social enterprises {se_edition} (%)": _shown(result.social_enterprise_pct),
                "difference (pp)": _shown(result.difference_pp),
                "note": result.note,
            }
        )
    return pd.DataFrame(rows)


def measures_in_both_editions(
    frame: pd.DataFrame, source_id: str, from_edition: str, to_edition: str
) -> list[str]:
    """Share measures a source publishes a value for in both editions, sorted."""
    published = frame.loc[
        (frame["source_id"] == source_id) & (frame["unit"] == "pct") & frame["value"].notna()
    ]
    by_edition = [
        set(published.loc[published["edition"] == edition, "measure"])
        for edition in (from_edition, to_edition)
    ]
    return sorted(by_edition[0] & by_edition[1])


def _value_or_none(frame: pd.DataFrame, source_id: str, edition: str, measure: str) -> float | None:
    try:
        value = headline_value(frame, source_id, edition, measure)["value"]
    except KeyError:
        return None
    return None if pd.isna(value) else float(value)


def _n(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def _shown(value: float | None) -> str:
    return "not published" if value is None else f"{value:g}"


@dataclass(frozen=True)
class SourceRow:
    """Where to look for a briefing number: a headline row, or a published count of mutuals.

    ``caveat`` opens the source's statement when the row is not the briefing's own measure.
    """

    source_id: str
    edition: str
    measure: str | None = None
    mutuals_count: int | None = None
    caveat: str = ""


@dataclass(frozen=True)
class BriefingNumber:
    """A number printed in the briefing, the rows that may support it, and what was searched."""

    briefing_value: str
    section: str
    rows: tuple[SourceRow, ...]
    searched: str = ""


_DH, _SEUK, _SE = "dh_right_to_request", PSM_SOURCE, SOCIAL_ENTERPRISE_SOURCE
_OTHER_MEASURE = "Not the briefing's measure: "
_OTHER_DEFINITION = "Different definition (profit or break-even, derived): "

#: Every number of "A brief history" and "Mutualisation: an overview of known benefits".
BRIEFING_NUMBERS = (
    BriefingNumber("2008", "brief_history", (SourceRow(_DH, "2013", "scheme_introduced_year"),)),
    BriefingNumber(
        "almost 25,000",
        "brief_history",
        tuple(SourceRow(_DH, edition, "staff_transferred") for edition in ("2010", "2011", "2013")),
    ),
    BriefingNumber(
        "2013",
        "brief_history",
        (),
        "No transcribed source dates the Social Value Act: searched every mutual-sector "
        "headline_figures.csv and psm_counts.csv. Footnote 16 ('Ibid.', Hazenberg et al. 2013) "
        "was not transcribed; the Act's own title (Public Services (Social Value) Act 2012, in "
        "force January 2013) is not held as a source table here.",
    ),
    BriefingNumber(
        "approximately 60",
        "brief_history",
        (
            SourceRow("dcms_replication", "2019", "mutuals_count_health_social_care"),
            SourceRow("psm_population", "2019", mutuals_count=60),
            SourceRow(
                "dcms_replication",
                "2019",
                "share_of_psms_in_health_social_care_pct",
                caveat=_OTHER_MEASURE,
            ),
        ),
    ),
    BriefingNumber(
        "50%", "benefits", (SourceRow(_SEUK, "2018", "turnover_growth_since_launch_pct"),)
    ),
    BriefingNumber(
        "68%",
        "benefits",
        (
            SourceRow(_SEUK, "2019", "developed_new_products_services_pct"),
            SourceRow(_SEUK, "2019", "expanded_into_new_areas_pct"),
        ),
    ),
    BriefingNumber("96%", "benefits", (SourceRow(_SEUK, "2019", "profitable_pct"),)),
    BriefingNumber("1.5%", "benefits", (SourceRow(_SEUK, "2019", "avg_profit_margin_pct"),)),
    BriefingNumber(
        "70%",
        "benefits",
        (
            SourceRow(_SE, "2017", "profitable_pct"),
            SourceRow(_SE, "2019", "profitable_pct"),
            SourceRow(_SE, "2017", "profit_or_breakeven_pct", caveat=_OTHER_DEFINITION),
            SourceRow(_SE, "2019", "profit_or_breakeven_pct", caveat=_OTHER_DEFINITION),
        ),
    ),
    BriefingNumber(
        "4 to 5%",
        "benefits",
        (
            SourceRow("mutuals_taskforce", "2012", "productivity_growth_pct_low"),
            SourceRow("mutuals_taskforce", "2012", "productivity_growth_pct_high"),
        ),
    ),
    BriefingNumber("82%", "benefits", (SourceRow("cipfa", "2017", "more_innovative_pct"),)),
    BriefingNumber(
        "76%", "benefits", (SourceRow("cipfa", "2017", "better_quality_than_public_sector_pct"),)
    ),
    BriefingNumber(
        "92%",
        "benefits",
        (
            SourceRow(_SEUK, "2019", "reinvest_profits_pct"),
            SourceRow(_SEUK, "2018", "profitable_pct", caveat=_OTHER_MEASURE),
        ),
    ),
)


def briefing_numbers(
    headline: pd.DataFrame, counts: pd.DataFrame, section: str | None = None
) -> pd.DataFrame:
    """Each number of the two sections beside the source row(s) behind it, or "unverified".

    ``section`` is "brief_history" or "benefits" (None: both). Columns: :data:`AUDIT_COLUMNS`.
    A row's ``status`` is the source row's own (verified: read on the page; unverified: not
    found or not dated), so a briefing number matched only by unverified rows is unverified.
    """
    records = []
    for number in BRIEFING_NUMBERS:
        if section is not None and number.section != section:
            continue
        if not number.rows:
            records.append(
                dict.fromkeys(AUDIT_COLUMNS, "")
                | {
                    "briefing_value": number.briefing_value,
                    "what_the_source_says": number.searched,
                    "status": "unverified",
                }
            )
        for source_row in number.rows:
            records.append(
                {"briefing_value": number.briefing_value} | _statement(source_row, headline, counts)
            )
    return pd.DataFrame(records, columns=AUDIT_COLUMNS)


def _statement(source_row: SourceRow, headline: pd.DataFrame, counts: pd.DataFrame) -> dict:
    if source_row.measure is None:
        row = counts.loc[
            (counts["year"] == int(source_row.edition))
            & (counts["mutuals_count"] == source_row.mutuals_count)
        ].iloc[0]
        qualifier = "" if row["qualifier"] == "none" else f"{row['qualifier']} "
        says = f"{qualifier}{row['mutuals_count']} {row['definition']} ({row['publisher']})"
    else:
        row = headline_value(headline, source_row.source_id, source_row.edition, source_row.measure)
        says = f"{_value_text(row)} {row['definition']}"
    note = "" if pd.isna(row["note"]) else f". {row['note']}"
    secondary = ". Read in a third-party summary" if row["secondary"] else ""
    return {
        "what_the_source_says": f"{source_row.caveat}{says}{note}{secondary}",
        "source_id": source_row.source_id,
        "edition": source_row.edition,
        "page_or_section": row["page_or_section"],
        "url": row["url"],
        "status": row["status"],
    }


def _value_text(row: pd.Series) -> str:
    if pd.isna(row["value"]):
        return "Not found:"
    value = float(row["value"])
    shown = {
        "pct": f"{value:g}%",
        "count": f"{value:,.0f}",
        "gbp_million": f"GBP {value:,.0f}m",
        "year": f"{value:.0f}",
    }[row["unit"]]
    return f"{shown}:"
