"""What changed between two editions of a source, revised back-series values included.

Sources publish editions (Skills for Care every year, SEUK's surveys every year or two). Each
edition is kept as its own rows, so comparing two editions is a join on everything but the
edition and the value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mutualstats import datasets


@dataclass(frozen=True)
class EditionedSource:
    """Where a source's editions live: its processed table and the key of one value."""

    table: str
    key: tuple[str, ...]
    source_filter: str | None = None


#: Sources that publish editions, by ``data/raw`` folder.
EDITIONED_SOURCES = {
    "skills_for_care": EditionedSource(
        "sfc_workforce_estimates", ("reference_year", "measure", "scope")
    ),
    "seuk_psm": EditionedSource("psm_headline_figures", ("measure",), "seuk_psm"),
    "seuk_social_enterprise": EditionedSource(
        "psm_headline_figures", ("measure",), "seuk_social_enterprise"
    ),
}

STATUS_ORDER = ("revised", "added", "not_restated", "unchanged")


def diff(source: str, from_edition: str, to_edition: str) -> pd.DataFrame:
    """Every value in either edition, with its status.

    ``revised``: both editions give the reference year, with different values; ``added``: only
    the later edition gives it; ``not_restated``: only the earlier one does; ``unchanged``.

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
        _status(a, b) for a, b in zip(joined["value_from"], joined["value_to"], strict=True)
    ]
    joined["status"] = pd.Categorical(joined["status"], categories=STATUS_ORDER, ordered=True)
    return joined.sort_values(["status", *key]).reset_index(drop=True)


def summary(changes: pd.DataFrame) -> str:
    """One line counting values by status."""
    counts = changes["status"].value_counts()
    return ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUS_ORDER)


def _edition(table: pd.DataFrame, edition: str, key: list[str]) -> pd.DataFrame:
    as_type = type(table["edition"].iloc[0]) if len(table) else str
    wanted = table.loc[table["edition"] == as_type(edition)]
    if wanted.empty:
        available = ", ".join(sorted(map(str, table["edition"].unique())))
        raise KeyError(f"edition {edition} is not in the data; editions held: {available}")
    return wanted.loc[wanted["value"].notna(), [*key, "value"]]


def _status(value_from: float, value_to: float) -> str:
    if pd.isna(value_from):
        return "added"
    if pd.isna(value_to):
        return "not_restated"
    return "unchanged" if value_from == value_to else "revised"
