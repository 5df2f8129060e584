"""What changed between two editions of a source, revised back-series values included.

Sources publish editions (Skills for Care every year, SEUK's surveys every year or two). Each
edition is kept as its own rows, so comparing two editions is a join on everything but the
edition and the value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mutualstats import datasets

#: What a value's status is called, in the order listed: an estimates series restates earlier
#: reference years in each edition (a different value is a revision); a survey asks again (a
#: different value is a new result, and a question not asked again is not repeated).
SERIES_STATUSES = ("revised", "added", "not_held_in_later", "unchanged")
SURVEY_STATUSES = ("changed", "added", "not_held_in_later", "unchanged")


@dataclass(frozen=True)
class EditionedSource:
    """Where a source's editions live: its processed table, the key of one value, and what its
    statuses are called."""

    table: str
    key: tuple[str, ...]
    source_filter: str | None = None
    statuses: tuple[str, str, str, str] = SERIES_STATUSES


#: Sources that publish editions, by ``data/raw`` folder.
EDITIONED_SOURCES = {
    "skills_for_care": EditionedSource(
        "sfc_workforce_estimates", ("reference_year", "measure", "scope")
    ),
    "seuk_psm": EditionedSource("psm_headline_figures", ("measure",), "seuk_psm", SURVEY_STATUSES),
    "seuk_social_enterprise": EditionedSource(
        "psm_headline_figures", ("measure",), "seuk_social_enterprise", SURVEY_STATUSES
    ),
}


def diff(source: str, from_edition: str, to_edition: str) -> pd.DataFrame:
    """Every value in either edition, with its status.

    For an estimates series (:data:`SERIES_STATUSES`), ``revised``: both editions give the
    reference year, with different values; ``added``: only the later edition gives it;
    ``not_held_in_later``: only the earlier one, as held, gives it; ``unchanged``. A survey's
    (:data:`SURVEY_STATUSES`) are ``changed``, ``added``, ``not_held_in_later`` and ``unchanged``.

    Raises
    ------
    KeyError
        If ``source`` has no editions, or either edition is not in the data.
    """
    if source not in EDITIONED_SOURCES:
        known = ", ".join(sorted(EDITIONED_SOURCES))
        raise KeyError(f"{source!r} has no editions to compare; sources with editions: {known}")
    spec = EDITIONED_SOURCES[source]
    table = datasets.load(spec.table)
    if spec.source_filter is not None:
        table = table.loc[table["source_id"] == spec.source_filter]
    key = list(spec.key)
    before = _edition(table, from_edition, key)
    after = _edition(table, to_edition, key)
    joined = before.merge(after, on=key, how="outer", suffixes=("_from", "_to"))
    joined["change"] = joined["value_to"] - joined["value_from"]
    joined["status"] = [
        spec.statuses[_status(a, b)]
        for a, b in zip(joined["value_from"], joined["value_to"], strict=True)
    ]
    joined["status"] = pd.Categorical(joined["status"], categories=spec.statuses, ordered=True)
    return joined.sort_values(["status", *key]).reset_index(drop=True)


def summary(changes: pd.DataFrame) -> str:
    """One line counting values by status, in the source's order."""
    counts = changes["status"].value_counts()
    order = changes["status"].cat.categories
    return ", ".join(f"{counts.get(status, 0)} {status}" for status in order)


def _edition(table: pd.DataFrame, edition: str, key: list[str]) -> pd.DataFrame:
    as_type = type(table["edition"].iloc[0]) if len(table) else str
    wanted = table.loc[table["edition"] == as_type(edition)]
    if wanted.empty:
        available = ", ".join(sorted(map(str, table["edition"].unique())))
        raise KeyError(f"edition {edition} is not in the data; editions held: {available}")
    return wanted.loc[wanted["value"].notna(), [*key, "value"]]


def _status(value_from: float, value_to: float) -> int:
    """The position of a value's status in :data:`SERIES_STATUSES` (or a survey's)."""
    if pd.isna(value_from):
        return 1
    if pd.isna(value_to):
        return 2
    return 3 if value_from == value_to else 0
