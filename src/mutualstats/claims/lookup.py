"""Row look-ups the checks share: by measure and filters, or in the publication a footnote cites.

Every look-up returns processed rows, so a check reads the source, edition and publication of a
value from the row it used instead of typing them. A row that is not there raises
:class:`~mutualstats.claims.registry.NotAvailableError` with a sentence saying what was missing.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import datasets
from mutualstats.claims.registry import Claim, NotAvailableError


def rows(table_name: str, **filters: object) -> pd.DataFrame:
    """Rows of a processed table whose columns equal every filter given (None filters skipped)."""
    table = datasets.load(table_name)
    for column, wanted in filters.items():
        if wanted is not None:
            table = table.loc[table[column] == wanted]
    return table


def one(table_name: str, **filters: object) -> pd.Series:
    """The one row matching ``filters``.

    Raises
    ------
    NotAvailableError
        If no row matches, naming the filters.
    LookupError
        If several rows match: a check must say which one it reads.
    """
    matched = rows(table_name, **filters)
    if matched.empty:
        raise NotAvailableError(f"no {_described(filters)} in {table_name}")
    if len(matched) > 1:
        raise LookupError(f"{len(matched)} rows of {_described(filters)} in {table_name}")
    return matched.iloc[0]


def cited_or_first_found(
    table_name: str, claim: Claim, measure: str, **filters: object
) -> pd.Series:
    """The row of ``measure`` in the publication the claim cites, where it gives a value;
    otherwise the earliest publication that gives one (it is then judged ``misattributed``);
    otherwise the cited publication's row without a value (``unverified``) if there is one.

    Raises
    ------
    NotAvailableError
        If no publication holds a row of the measure.
    """
    candidates = rows(table_name, measure=measure, **filters)
    cited = candidates.loc[candidates["publication_id"] == claim.cited_publication_id]
    if cited["value"].notna().any():
        return cited.loc[cited["value"].notna()].iloc[0]
    with_value = candidates.loc[candidates["value"].notna()]
    if not with_value.empty:
        order = "edition" if "edition" in with_value else "publication_id"
        return with_value.sort_values(order, kind="stable").iloc[0]
    if not cited.empty:
        return cited.iloc[0]
    if not candidates.empty:
        return candidates.iloc[0]
    raise NotAvailableError(f"no {_described({'measure': measure, **filters})} in {table_name}")


def edition_of(table_name: str, publication_id: str | None) -> str:
    """The edition of the rows read from ``publication_id`` in a table with an edition column."""
    matched = rows(table_name, publication_id=publication_id)
    if matched.empty:
        raise NotAvailableError(f"no rows from publication {publication_id} in {table_name}")
    return str(matched["edition"].iloc[0])


def _described(filters: dict[str, object]) -> str:
    return ", ".join(f"{key} {value}" for key, value in filters.items() if value is not None)
