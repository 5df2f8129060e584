"""Checks of footnote 36: British Social Attitudes satisfaction (claims C24 to C26).

The period is the BSA survey year: the briefing's is the claims' ``period``; the restatement
moves it.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import datasets, satisfaction
from mutualstats.claims.registry import Claim, NotAvailableError, Recomputation, check
from mutualstats.config import BSA_SOURCE as SOURCE_ID
from mutualstats.provenance import publication
from mutualstats.statistic import Statistic, listed
from mutualstats.stats import LowestSince, record_low


def published_row(service: str, year: int | None) -> pd.Series:
    """The BSA row of ``year``, if its ``service`` question has a published value.

    Raises
    ------
    NotAvailableError
        Naming the year and why: no row, not asked, or no published value found.
    """
    by_year = datasets.load("bsa_satisfaction").set_index("year")
    if year not in by_year.index:
        raise NotAvailableError(f"no British Social Attitudes row for {year}")
    row = by_year.loc[year]
    status = row[f"{service}_status"]
    if status != "published":
        raise NotAvailableError(
            f"{satisfaction.NOT_PUBLISHED[status]} for {satisfaction.SERVICES[service]} in {year}"
        )
    return row


def share_statistic(service: str, year: int, row: pd.Series) -> Statistic:
    """The published share satisfied with ``service`` in ``year``, placed by its publication's
    pages (:func:`pages_read`)."""
    read_from = str(row["publication_id"])
    return Statistic(
        measure=f"{service}_satisfied_pct",
        value=float(row[f"{service}_satisfied_pct"]),
        unit="pct",
        period=str(year),
        source_id=SOURCE_ID,
        publication_id=read_from,
        url=satisfaction.source_url(row, service),
        page=pages_read(read_from),
        status=str(row[f"{service}_status"]),
        note="" if pd.isna(row["note"]) else str(row["note"]),
    )


def pages_read(publication_id: str) -> str:
    """The pages of ``publication_id`` its source.yaml entry gives: the BSA tables have no page
    column, so a value or statement read from one is placed by its publication's pages."""
    return publication(publication_id).pages or "pages not recorded"


def share_of(service: str, year: int | None) -> Recomputation:
    """The share satisfied with ``service`` in ``year``, with its interval and change (the year
    compared with is cited, with its row)."""
    row = published_row(service, year)
    result = satisfaction.satisfaction(datasets.load("bsa_satisfaction"), service, int(year))
    evidence = f"{satisfaction.describe(result)} {satisfaction.describe_change(result)}"
    stated = satisfaction.stated_change(datasets.load("bsa_publisher_statements"), service, year)
    compared = [] if result.previous_year is None else [result.previous_year]
    context = shares(service, compared)
    if stated is not None:
        evidence += f" {satisfaction.describe_stated_change(stated)}"
        context += (_stated_change_statistic(stated),)
    return Recomputation(share_statistic(service, int(year), row), evidence, context=context)


def shares(service: str, years: list[int]) -> tuple[Statistic, ...]:
    """The published share satisfied with ``service`` in each of ``years``, as cited evidence."""
    by_year = datasets.load("bsa_satisfaction").set_index("year")
    return tuple(share_statistic(service, year, by_year.loc[year]) for year in years)


@check("C24", unit="pct", measure="nhs_satisfied_pct", reads_period=True)
def nhs_satisfaction(claim: Claim, year: int | None) -> Recomputation:
    """Share satisfied with the NHS in the survey year, with its interval."""
    return share_of("nhs", year)


@check("C25", unit="years", measure="nhs_satisfied_pct", reads_period=True)
def nhs_lowest_in_n_years(claim: Claim, year: int | None) -> Recomputation:
    """ "Lowest in n years": what the table proves, and what the publisher states.

    The recomputed value is the number of years the published values prove the year the lowest
    of. Where a gap stops the proof short of the claim, the publisher's own "lowest since"
    statement, if recorded, is used, with the caveat that it rests on values published only in
    charts.
    """
    row = published_row("nhs", year)
    table = datasets.load("bsa_satisfaction")
    lowest = satisfaction.satisfaction(table, "nhs", int(year)).lowest
    proven = share_statistic("nhs", int(year), row)
    evidence = " ".join(
        [
            satisfaction.describe_lowest(lowest, satisfaction.mode_changes(table)),
            *_record_low(table, int(year)),
            *_statements(year),
        ]
    )
    proven_years = float(lowest.years_provably_lowest)
    years_proven = proven.derived("nhs_years_provably_lowest", proven_years, "years")
    statement = _statement(int(year), "lowest_since")
    compared = shares("nhs", sorted(lowest.compared_years))
    if proven_years >= claim.value or statement is None:
        return Recomputation(years_proven, evidence, context=compared)
    stated_years = float(int(year) - int(statement["value"]) - 1)
    caveat = (
        f"the publisher states the lowest since {statement['value']:.0f} ({stated_years:.0f} "
        f"earlier years above it), but {_why_unproven(lowest)}, so the table proves "
        f"{proven_years:.0f} year{'' if proven_years == 1 else 's'}"
    )
    stated = statement_statistic(statement, "nhs_years_lowest_stated", stated_years, "years")
    return Recomputation(stated, evidence, (caveat,), compared)


@check("C26", unit="pct", measure="social_care_satisfied_pct", reads_period=True)
def social_care_satisfaction(claim: Claim, year: int | None) -> Recomputation:
    """Share satisfied with social care in the survey year; other years with the same share."""
    found = share_of("social_care", year)
    table = datasets.load("bsa_satisfaction")
    same = table.loc[
        (table["social_care_satisfied_pct"] == found.statistic.value) & (table["year"] != year),
        "year",
    ].tolist()
    if not same:
        return found
    also = f" The same share was published for {listed(same)}."
    cited = {statistic.period: statistic for statistic in found.context}
    cited |= {statistic.period: statistic for statistic in shares("social_care", same)}
    context = tuple(cited[period] for period in sorted(cited))
    return Recomputation(found.statistic, found.evidence + also, found.caveats, context)


@check("C28", unit="pct_points", measure="nhs_satisfied_change_pp", reads_period=True)
def nhs_satisfaction_fall(claim: Claim, year: int | None) -> Recomputation:
    """The fall behind "falling to 53%": the change from the previous published year in
    percentage points, with a two-sided test at 5% on the published bases."""
    row = published_row("nhs", year)
    result = satisfaction.satisfaction(datasets.load("bsa_satisfaction"), "nhs", int(year))
    if result.change is None:
        raise NotAvailableError(f"no earlier published year to compare {year} with")
    fall = share_statistic("nhs", int(year), row).derived(
        "nhs_satisfied_change_pp",
        float(result.change.change_pp),
        "pct_points",
        "difference of two published shares",
        period=f"{result.previous_year} to {year}",
    )
    statements = datasets.load("bsa_publisher_statements")
    stated = satisfaction.stated_change(statements, "nhs", int(year))
    evidence = (
        f"{satisfaction.describe_change(result)} From {result.change.from_pct:.0f}% to "
        f"{result.change.to_pct:.0f}% on the rounded published shares. "
        f"{satisfaction.describe_stated_change(stated)}"
    )
    context = () if stated is None else (_stated_change_statistic(stated),)
    return Recomputation(fall, evidence, context=context)


def _stated_change_statistic(statement: pd.Series) -> Statistic:
    """The publisher's stated change on the year before, as cited evidence."""
    measure = str(statement["measure"]).replace("_satisfied_pct", "_satisfied_change_stated_pp")
    return statement_statistic(statement, measure, float(statement["value"]), "pct_points")


def statement_statistic(statement: pd.Series, measure: str, value: float, unit: str) -> Statistic:
    """A value read from (or worked out of) a publisher's statement about the survey year of its
    row (``bsa_publisher_statements``), with the statement's publication, address and note."""
    return Statistic(
        measure,
        value,
        unit,
        str(statement["year"]),
        SOURCE_ID,
        str(statement["publication_id"]),
        str(statement["source_url"]),
        pages_read(str(statement["publication_id"])),
        "published",
        "" if pd.isna(statement["note"]) else str(statement["note"]),
    )


def _why_unproven(lowest: LowestSince) -> str:
    """Why the table cannot prove "lowest" further back than it does: a year with no published
    value, or a change of survey mode."""
    if lowest.stopped_by == "mode_break":
        return f"the years before {lowest.break_year} were surveyed in another mode"
    if lowest.stopped_by == "gap":
        return satisfaction.not_held(lowest.unresolved_years)
    return "the table gives no earlier year to compare"


def _record_low(table: pd.DataFrame, year: int) -> list[str]:
    """A record low where the published years prove one; where years asked have no published
    value, that the year is below every published one but not shown to be a record low."""
    by_year = table.set_index("year")
    not_asked = by_year.index[by_year["nhs_status"] == "not_asked"]
    record = record_low(by_year["nhs_satisfied_pct"], year, not_asked)
    if not record.is_below_all_published:
        return []
    count = record.years_compared
    below = (
        f"below the one earlier published year, {record.first_year}"
        if count == 1
        else f"below all {count} earlier published years since {record.first_year}"
    )
    across = satisfaction.changes_between(satisfaction.mode_changes(table), record.first_year, year)
    if record.is_record_low:
        return [f"It is a record low: {below}{across}."]
    return [
        f"It is {below}{across}, but {satisfaction.not_held(list(record.unresolved_years))}, so "
        "the data do not show a record low."
    ]


def _nhs_statements(year: int | None) -> pd.DataFrame:
    """The publishers' statements about NHS satisfaction in ``year``."""
    statements = datasets.load("bsa_publisher_statements")
    return statements.loc[
        (statements["year"] == year) & (statements["measure"] == "nhs_satisfied_pct")
    ]


def _statements(year: int | None) -> list[str]:
    """The publisher's comparisons of ``year`` with an earlier year, in words."""
    wording = {"lowest_since": "the lowest since", "highest_since": "the highest since"}
    return [
        f"The publisher states it is {wording[row.statement]} {row.value} ({row.source_url})."
        for row in _nhs_statements(year).itertuples()
        if row.statement in wording
    ]


def _statement(year: int, kind: str) -> pd.Series | None:
    """The publisher's statement of ``kind`` about NHS satisfaction in ``year``, if recorded."""
    statements = _nhs_statements(year)
    matched = statements.loc[statements["statement"] == kind]
    return None if matched.empty else matched.iloc[0]
