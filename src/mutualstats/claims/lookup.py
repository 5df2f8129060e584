"""Row look-ups the checks share: by measure and filters, or in the publication a footnote cites.

Every look-up returns processed rows, so a check reads the source, edition and publication of a
value from the row it used instead of typing them. A row that is not there raises
:class:`~mutualstats.claims.registry.NotAvailableError` with a sentence saying what was missing.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import datasets
from mutualstats.claims.registry import Claim, NotAvailableError
from mutualstats.config import COMPARATOR_SOURCES, REGISTER_TABLE
from mutualstats.dates import year_published
from mutualstats.errors import ambiguous


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
    AmbiguousRowsError
        If several rows match: a check must say which one it reads.
    """
    matched = rows(table_name, **filters)
    if matched.empty:
        raise NotAvailableError(f"no {_described(filters)} in {table_name}")
    if len(matched) > 1:
        where = datasets.raw_locations(table_name, matched)
        raise ambiguous(matched, _described(filters), table_name, where)
    return matched.iloc[0]


def latest_by_briefing(table_name: str, date_column: str, **filters: object) -> pd.Series:
    """The row matching ``filters`` with the latest ``date_column`` among publications out by the
    year the briefing was written (:func:`briefing_year`; one of unknown date counts), so a later
    year's publication added to the table leaves what the briefing is judged on unchanged.

    Raises
    ------
    NotAvailableError
        If no such row was published by then.
    AmbiguousRowsError
        If several rows share that latest date, naming the raw lines they were read from.
    """
    matched = rows(table_name, **filters)
    in_time = matched.loc[
        published_by_briefing(matched, date_column) & matched[date_column].notna()
    ]
    if in_time.empty:
        raise NotAvailableError(
            f"no dated {_described(filters)} in {table_name} published by {briefing_year()}, the "
            "briefing's year"
        )
    newest = in_time.loc[in_time[date_column] == in_time[date_column].max()]
    if len(newest) > 1:
        described = f"{_described(filters)}, {date_column} {newest[date_column].iloc[0]}"
        raise ambiguous(newest, described, table_name, datasets.raw_locations(table_name, newest))
    return newest.iloc[0]


def cited_or_first_found(
    table_name: str, claim: Claim, measure: str, **filters: object
) -> pd.Series:
    """The row of ``measure`` in the publication the claim cites, where it gives a value;
    otherwise the earliest publication that gives one and is not of a later year than every
    publication the briefing cites (:func:`briefing_year`; it is then judged ``misattributed``);
    otherwise the cited publication's row without a value (``unverified``) if there is one. A
    publication of unknown date stays a candidate unless its edition is of a later year; a
    comparator source's row (another population,
    :data:`~mutualstats.config.COMPARATOR_SOURCES`) is one only where the claim cites that source.

    Raises
    ------
    NotAvailableError
        If no publication holds a row of the measure.
    """
    candidates = rows(table_name, measure=measure, **filters)
    if "source_id" in candidates:
        other_population = candidates["source_id"].isin(COMPARATOR_SOURCES) & (
            candidates["source_id"] != claim.cited_source_id
        )
        candidates = candidates.loc[~other_population]
    cited = candidates.loc[candidates["publication_id"] == claim.cited_publication_id]
    if cited["value"].notna().any():
        return cited.loc[cited["value"].notna()].iloc[0]
    # An edition dated after the briefing's year is not one it drew on, even where the
    # publication's own date is not recorded.
    in_time = published_by_briefing(candidates, "edition" if "edition" in candidates else None)
    with_value = candidates.loc[candidates["value"].notna() & in_time]
    if not with_value.empty:
        order = "edition" if "edition" in with_value else "publication_id"
        return with_value.sort_values(order, kind="stable").iloc[0]
    if not cited.empty:
        return cited.iloc[0]
    if not candidates.empty:
        return candidates.iloc[0]
    raise NotAvailableError(f"no {_described({'measure': measure, **filters})} in {table_name}")


def published_by_briefing(frame: pd.DataFrame, dated_column: str | None = None) -> pd.Series:
    """Which rows of ``frame`` were read from a publication out by the year the briefing was
    written (:func:`briefing_year`). One of unknown date counts, unless ``dated_column`` dates
    the row's value after that year (a publication cannot give a value for a later date)."""
    years = years_published()
    latest = briefing_year(years)
    published = pd.to_numeric(frame["publication_id"].map(years.get), errors="coerce")
    unknown = published.isna()
    if dated_column is not None:
        dated = pd.to_numeric(frame[dated_column].astype(str).str[:4], errors="coerce")
        unknown &= dated.isna() | (dated <= latest)
    return (published.notna() & (published <= latest)) | unknown


def briefing_year(years: dict[str, int | None] | None = None) -> int:
    """The latest year in which a publication the briefing's footnotes cite was published: the
    briefing was written then or later, and a publication of a later year is not one it can be
    said to have drawn on. ``years``: :func:`years_published`, if already read."""
    years = years_published() if years is None else years
    cited = set(datasets.load(REGISTER_TABLE)["cited_publication_id"].dropna())
    return max(year for pid in cited if (year := years.get(pid)) is not None)


def years_published() -> dict[str, int | None]:
    """The year each publication was published, from its ``date_published`` (None if unknown)."""
    publications = datasets.load("publications")
    return {
        str(pid): year_published(None if pd.isna(written) else str(written))
        for pid, written in zip(
            publications["publication_id"], publications["date_published"], strict=True
        )
    }


def edition_of(table_name: str, publication_id: str | None) -> str:
    """The edition of the rows read from ``publication_id`` in a table with an edition column."""
    matched = rows(table_name, publication_id=publication_id)
    if matched.empty:
        raise NotAvailableError(f"no rows from publication {publication_id} in {table_name}")
    return str(matched["edition"].iloc[0])


def _described(filters: dict[str, object]) -> str:
    return ", ".join(f"{key} {value}" for key, value in filters.items() if value is not None)
