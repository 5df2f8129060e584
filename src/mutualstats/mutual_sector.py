"""Statements about the mutual sector: like-for-like profitability, edition changes, intervals,
and where each number of the briefing's "A brief history" and "Mutualisation: an overview of known
benefits" sections is (or is not) found.

Input: the clean ``psm_headline_figures`` and ``psm_counts`` tables. Output: small records and
tables for the notebooks and tests. Nothing here recomputes a share the sources do not print.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mutualstats.config import (
    CONFIDENCE_TEXT,
    DEFAULT_DESIGN_EFFECT,
    DERIVED_SHARES,
    SOCIAL_ENTERPRISE_SOURCE,
)
from mutualstats.config import MUTUAL_SECTOR_VOCABULARY_SOURCE as PSM_SOURCE
from mutualstats.site_text import label, measure_labels
from mutualstats.statistic import Statistic, format_value, from_row
from mutualstats.stats import Change, change_between, wilson_interval
from mutualstats.vocabulary import measure_definitions

#: The two definitions of "profitable" the sources use. Profit excludes break-even; the second is
#: derived here from SEUK's own published shares (profit + break-even), never printed as one
#: figure and never held as one (:func:`with_derived_shares`).
PROFIT_MEASURES = {
    "profitable_pct": "made a profit or surplus",
    "profit_or_breakeven_pct": "made a profit or broke even",
}


class NotLikeForLikeError(ValueError):
    """Raised when two shares with different definitions are asked to be compared."""


@dataclass(frozen=True)
class Share:
    """One published share (a :class:`Statistic`), with a 95% Wilson interval where its base is
    published."""

    statistic: Statistic
    lower_pct: float | None
    upper_pct: float | None
    base_n: int | None
    note: str

    @property
    def pct(self) -> float | None:
        """The share as published, in percent."""
        return self.statistic.value


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
    published = from_row(row, source_id, edition)
    if published.value is None:
        return Share(published, None, None, None, "value not found")
    if pd.isna(row["base_n"]):
        return Share(published, None, None, None, "base not published")
    if row["base"] != "respondents":
        # e.g. a 7% rise in one provider's satisfaction (base_n = 1 case): not a share of n.
        note = f"not a share of survey respondents (base: {row['base']}), so no interval"
        return Share(published, None, None, int(row["base_n"]), note)
    interval = wilson_interval(published.value, int(row["base_n"]), design_effect)
    return Share(
        published,
        interval.lower_pct,
        interval.upper_pct,
        int(row["base_n"]),
        f"{CONFIDENCE_TEXT} Wilson interval on n = {int(row['base_n']):,}",
    )


def editions(frame: pd.DataFrame, source_id: str) -> list[str]:
    """Every edition of ``source_id`` in the headline table, oldest first."""
    return sorted(frame.loc[frame["source_id"] == source_id, "edition"].unique())


def previous_edition(frame: pd.DataFrame, source_id: str, edition: str) -> str | None:
    """The edition of ``source_id`` before ``edition``, or None when it is the first held.

    Raises
    ------
    KeyError
        If ``edition`` is not held, naming the editions held.
    """
    held = editions(frame, source_id)
    if edition not in held:
        raise KeyError(f"no {source_id} edition {edition}; editions held: {', '.join(held)}")
    position = held.index(edition)
    return held[position - 1] if position > 0 else None


def describe_edition_changes(
    frame: pd.DataFrame, source_id: str, edition: str, previous: str | None
) -> str:
    """One line per measure both editions print, the measure by its definition: the change in
    percentage points and what can be said of it; or that there is no earlier edition to compare
    with."""
    if previous is None:
        return f"The {edition} edition is the first held: there is no earlier edition to compare."
    names = measure_labels(frame)
    lines = []
    for measure in measures_in_both_editions(frame, source_id, previous, edition):
        change = edition_change(frame, source_id, measure, previous, edition)
        lines.append(
            f"{label(measure, names)}: {change.from_pct:.0f}% ({previous}) to "
            f"{change.to_pct:.0f}% ({edition}), {change.change_pp:+.0f} points ({change.note})"
        )
    return "\n".join(lines) or f"No measure is printed in both {previous} and {edition}."


def shares_table(frame: pd.DataFrame, source_id: str, measures: list[str]) -> pd.DataFrame:
    """Each measure in every edition of ``source_id`` that prints it, with what can be said of
    its precision (see :func:`share`)."""
    records = []
    for measure in measures:
        for edition in editions(frame, source_id):
            rows = frame.loc[
                (frame["source_id"] == source_id)
                & (frame["edition"] == edition)
                & (frame["measure"] == measure)
            ]
            if rows.empty:
                continue
            result = share(frame, source_id, edition, measure)
            records.append(
                {
                    "measure": measure,
                    "edition": edition,
                    "share": format_value(result.pct, "pct"),
                    "precision": result.note,
                    "publication": rows.iloc[0]["publication_id"],
                }
            )
    return pd.DataFrame(records)


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


def with_derived_shares(headline: pd.DataFrame) -> pd.DataFrame:
    """``headline`` with each derived share (``config.DERIVED_SHARES``) added for every publication
    and base giving each of its parts once: one row, like its first part's, whose value is their
    sum and whose ``derivation`` column says so (empty on published rows). A derived row's status
    is ``verified`` only where every part is. A frame that already has them is returned as it
    is."""
    if "derivation" in headline:
        return headline
    published = headline.loc[headline["value"].notna()]
    derived = []
    keys = ["source_id", "edition", "publication_id", "base"]
    for measure, parts in DERIVED_SHARES.items():
        for _, rows in published.groupby(keys, sort=True, dropna=False):
            counted = rows["measure"].value_counts()
            if any(counted.get(part, 0) != 1 for part in parts) or measure in counted:
                continue
            by_measure = rows.set_index("measure")
            first = by_measure.loc[parts[0]]
            derived.append(
                {
                    **first.to_dict(),
                    "measure": measure,
                    "value": float(sum(by_measure.loc[part, "value"] for part in parts)),
                    "page_or_section": "derived: " + " + ".join(parts),
                    "status": "verified"
                    if (by_measure.loc[list(parts), "status"] == "verified").all()
                    else "unverified",
                    "note": " + ".join(
                        f"{format_value(by_measure.loc[part, 'value'], 'pct')} ({part})"
                        for part in parts
                    ),
                    "derivation": " + ".join(parts),
                    # A sum of shares has no printed words of its own.
                    "source_wording": None,
                }
            )
    added = pd.DataFrame(derived, columns=[*headline.columns, "derivation"])
    return pd.concat([headline.assign(derivation=""), added], ignore_index=True)


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
        names = {**measure_definitions(), **measure_labels(frame)}
        profitability = {psm_measure, social_enterprise_measure} <= set(PROFIT_MEASURES)
        raise NotLikeForLikeError(
            f"refusing to compare {_profitability_in_words(psm_measure, 'mutuals', names)} with "
            f"{_profitability_in_words(social_enterprise_measure, 'social enterprises', names)}: "
            + (
                "compare profit with profit and profit-or-break-even with profit-or-break-even"
                if profitability
                else "only the definitions of profitability are compared: "
                + " and ".join(PROFIT_MEASURES.values())
            )
        )
    frame = with_derived_shares(frame)
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
                f"mutuals {psm_edition}": format_value(result.psm_pct, "pct"),
                f"social enterprises {se_edition}": format_value(
                    result.social_enterprise_pct, "pct"
                ),
                "difference": format_value(result.difference_pp, "pp"),
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


def _profitability_in_words(measure: str, whose: str, names: dict[str, str]) -> str:
    """A measure as a refusal names it: in words first, then its code, so an analyst can find
    the rows ("the share of mutuals that made a profit or surplus (profitable_pct)")."""
    if measure in PROFIT_MEASURES:
        return f"the share of {whose} that {PROFIT_MEASURES[measure]} ({measure})"
    return f"{whose}' {label(measure, names)} ({measure})"


def _value_or_none(frame: pd.DataFrame, source_id: str, edition: str, measure: str) -> float | None:
    try:
        value = headline_value(frame, source_id, edition, measure)["value"]
    except KeyError:
        return None
    return None if pd.isna(value) else float(value)


def _n(value: object) -> int | None:
    return None if pd.isna(value) else int(value)
