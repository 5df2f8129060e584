"""Checks of "A brief history" and "Mutualisation: an overview of known benefits" (C01 to C14, C23,
C29), of the mutuals' quality ratings (C27) and of their reinvested profits (C30).

Values come from the ``psm_headline_figures`` table (SEUK, CIPFA, Mutuals Taskforce, Department
of Health, DCMS replication report, legislation; CQC's national ratings as C27's comparator). A
check names the measure its claim describes; the publication, edition and source are read from
the row used.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from mutualstats.claims.lookup import (
    cited_or_first_found,
    published_by_briefing,
    rows,
)
from mutualstats.claims.registry import (
    Claim,
    NotAvailableError,
    Recomputation,
    admitted_interval,
    check,
)
from mutualstats.config import GEOGRAPHY_WORDS, REGISTER_TABLE, RESPONDENT_BASE
from mutualstats.config import MUTUAL_SECTOR_COUNTS_SOURCE as COUNTS_SOURCE
from mutualstats.config import MUTUAL_SECTOR_COUNTS_TABLE as COUNTS_TABLE
from mutualstats.config import MUTUAL_SECTOR_HEADLINE_TABLE as TABLE
from mutualstats.mutual_sector import compare_profitability
from mutualstats.statistic import Statistic, format_value, from_row

#: The counts' scope for a count of health (or health and care) mutuals only, and the measure
#: a count is judged as.
HEALTH_SUBSET, COUNT = "health_subset", "mutuals_count"
#: The share of all mutuals in health and social care, and the folder that publishes it: C05
#: sets it beside a count of the same year.
HEALTH_SHARE, HEALTH_SHARE_SOURCE = "share_of_psms_in_health_social_care_pct", "dcms_replication"
RESPONDENT_BASE_CAVEAT = (
    "read from the survey's respondents, not from every organisation in the sector"
)
#: How the publication the briefing cites words the share making a profit, and that C08 and C23
#: print the same share with two year labels (2018, and 2018/19) (:func:`profit_caveats`).
CQC_SOURCE = "cqc"
#: CQC's sectors in the order State of Care lists them (the measure's middle part, and its label).
CQC_SECTORS = {
    "adult_social_care": "adult social care services",
    "gp_practices": "GP practices",
    "nhs_acute_core_services": "NHS acute core services",
    "nhs_mental_health_core_services": "NHS mental health core services",
}


def headline_statistic(row: pd.Series) -> Statistic:
    """A headline row as a :class:`Statistic` (its period is the edition)."""
    return from_row(row, str(row["source_id"]), row["edition"])


def describe_row(row: pd.Series) -> str:
    """Where a headline value was read: publication, measure, value, page, URL and note."""
    shown = format_value(row["value"], str(row["unit"]))
    return (
        f"{row['publication_id']}: {row['measure']} = {shown} "
        f"({row['page_or_section']}; {row['url']}). {row['note']}."
    )


def recompute_row(
    claim: Claim,
    row: pd.Series,
    caveats: tuple[str, ...] = (),
    more: str = "",
    context: pd.DataFrame | None = None,
) -> Recomputation:
    """The recomputation for one headline row; any survey figure read from respondents (a share or
    an average of their answers) adds the base caveat, the same way for every claim. ``context``
    holds the other headline rows ``more`` cites."""
    if row["unit"] == "pct" and row["base"] == RESPONDENT_BASE and claim.unit == "pct":
        caveats = (*caveats, RESPONDENT_BASE_CAVEAT)
    evidence = describe_row(row) + (f" {more}" if more else "")
    cited = () if context is None else tuple(headline_statistic(r) for _, r in context.iterrows())
    return Recomputation(headline_statistic(row), evidence, caveats, cited)


def measure_in_period(
    claim: Claim, source_id: str | None, measure: str, period: int | None
) -> pd.Series:
    """The row of ``measure`` in ``source_id``'s edition ``period``, or, without a period, in the
    publication the claim cites (else the earliest publication giving it)."""
    if period is None:
        return cited_or_first_found(TABLE, claim, measure)
    matched = rows(TABLE, source_id=source_id, edition=str(period), measure=measure)
    if matched.empty:
        raise NotAvailableError(f"no {measure} is held from a {period} edition of {source_id}")
    return matched.iloc[0]


def same_value_rows(claim: Claim, used: pd.Series) -> pd.DataFrame:
    """Other rows of the same source that print the claim's value as another measure."""
    same = rows(TABLE, source_id=used["source_id"], value=claim.value)
    return same.loc[same["measure"] != used["measure"]]


def same_value_elsewhere(claim: Claim, used: pd.Series) -> str:
    """A sentence listing other rows of the same source that print the claim's value."""
    same = same_value_rows(claim, used)
    if same.empty:
        return ""
    found = "; ".join(f"{row.measure} in {row.publication_id}" for row in same.itertuples())
    return f"The same value is published as a different measure: {found}."


@check("C01", unit="years", measure=None)
def past_decade(claim: Claim, period: int | None) -> Recomputation:
    """ "The past decade" of policy initiatives: a span with no figure (qualifier loose_span)."""
    return Recomputation(None, "A descriptive time span, not a measured quantity.")


@check("C02", unit="year", measure="scheme_introduced_year")
def right_to_request_year(claim: Claim, period: int | None) -> Recomputation:
    """Year the Right to Request scheme was set up."""
    return recompute_row(claim, cited_or_first_found(TABLE, claim, "scheme_introduced_year"))


@check("C03", unit="count", measure="staff_transferred")
def right_to_request_staff(claim: Claim, period: int | None) -> Recomputation:
    """Almost 25,000 staff moving to social enterprises: a proposal-stage estimate."""
    caveat = "an estimate made when proposals were approved, not a count of staff who moved"
    return recompute_row(claim, cited_or_first_found(TABLE, claim, "staff_transferred"), (caveat,))


@check("C04", unit="year", measure="act_year", evidence_from=("legislation",))
def social_value_act_year(claim: Claim, period: int | None) -> Recomputation:
    """Year of the Social Value Act: the year in the Act's title, and when it came into force."""
    act = cited_or_first_found(TABLE, claim, "act_year")
    commenced = cited_or_first_found(TABLE, claim, "act_commencement_year")
    more = f"In force from {format_value(commenced['value'], 'year')}: {describe_row(commenced)}"
    return recompute_row(claim, act, more=more, context=commenced.to_frame().T)


@check(
    "C05",
    unit="count",
    measure=COUNT,
    evidence_from=(COUNTS_SOURCE, HEALTH_SHARE_SOURCE),
)
def health_social_care_mutuals(claim: Claim, period: int | None) -> Recomputation:
    """About 60 mutuals in health and social care: the latest published count of health (and
    care) mutuals by the briefing's year (where several publications count that year, one the
    printed figure admits if any, the cited one first, then by publication id), with every other
    such count
    of its time beside it, so the reviewer sees whether the figure stands on more than one
    publication and what any other count of that year gives."""
    held = rows(COUNTS_TABLE, scope=HEALTH_SUBSET)
    in_time = held.loc[published_by_briefing(held, "year")]
    if in_time.empty:
        raise NotAvailableError(f"no count of health mutuals in {COUNTS_TABLE} by the briefing")
    latest = in_time.loc[in_time["year"] == in_time["year"].max()]
    # Of several counts of that year, one the printed figure admits, if any: whether the figure
    # is published is the question; the others are set beside it either way.
    low, high = admitted_interval(claim)
    admitted = latest["mutuals_count"].between(low, high)
    order = latest.assign(
        _not_admitted=~admitted, _not_cited=latest["publication_id"] != claim.cited_publication_id
    )
    chosen = (
        order.sort_values(["_not_admitted", "_not_cited", "publication_id"], kind="stable")
        .iloc[0]
        .drop(["_not_admitted", "_not_cited"])
    )
    found, others = as_count(chosen), in_time.drop(index=chosen.name)
    evidence = describe_count(found)
    caveats: tuple[str, ...] = ()
    if not others.empty:
        listed_counts = "; ".join(
            f"{format_value(other.mutuals_count, 'count', other.qualifier)} in {other.year} "
            f"({other.publisher}; {GEOGRAPHY_WORDS[other.geography]})"
            for other in others.sort_values("year", kind="stable").itertuples()
        )
        evidence += (
            f" Other published counts of health (and care) mutuals held, each on its own "
            f"definition: {listed_counts}."
        )
    if found["year"] not in set(others["year"]):
        caveats += (
            f"no other count of health and social care mutuals held is for {found['year']}, so "
            "the figure rests on this page alone",
        )
    contradicting = latest.loc[~admitted]
    if len(contradicting) and contradicting.index.difference([chosen.name]).size:
        shown = "; ".join(
            f"{format_value(other.mutuals_count, 'count', other.qualifier)} ({other.publisher})"
            for other in contradicting.drop(index=chosen.name, errors="ignore").itertuples()
        )
        caveats += (f"another count of {found['year']} gives {shown}",)
    context = tuple(
        count_statistic(as_count(other)) for _, other in others.sort_values("year").iterrows()
    )
    shares = rows(
        TABLE, source_id=HEALTH_SHARE_SOURCE, measure=HEALTH_SHARE, edition=str(found["year"])
    )
    shares = shares.loc[shares["value"].notna()]
    if not shares.empty:
        listed_shares = "; ".join(
            f"{format_value(share.value, 'pct')} ({share.publication_id}, {share.page_or_section})"
            for share in shares.itertuples()
        )
        evidence += f" Published as a share of all mutuals for the same year: {listed_shares}."
        context += tuple(headline_statistic(share) for _, share in shares.iterrows())
    return Recomputation(count_statistic(found), evidence, caveats, context)


def as_count(row: pd.Series) -> pd.Series:
    """A row of the published counts of mutuals, shaped as a statistic's row (value, unit,
    measure)."""
    return pd.concat(
        [row, pd.Series({"value": row["mutuals_count"], "unit": "count", "measure": COUNT})]
    )


def count_statistic(row: pd.Series) -> Statistic:
    """A published count of mutuals (:func:`as_count`) as a :class:`Statistic` of its year."""
    return from_row(row, COUNTS_SOURCE, row["year"])


def describe_count(row: pd.Series) -> str:
    """Where a published count of mutuals was read: publication, count, definition, page, URL
    and note."""
    shown = format_value(row["value"], "count", str(row["qualifier"]))
    note = "" if pd.isna(row["note"]) else f" {str(row['note']).rstrip('.')}."
    return (
        f"{row['publication_id']}: {shown} {row['definition']}, {row['year']} "
        f"({row['page_or_section']}; {row['url']}).{note}"
    )


@check("C06", unit="pct", measure="turnover_growth_since_launch_pct")
def turnover_growth_since_launch(claim: Claim, period: int | None) -> Recomputation:
    """Average turnover growth of 50% since launch."""
    return recompute_row(
        claim, cited_or_first_found(TABLE, claim, "turnover_growth_since_launch_pct")
    )


@check("C07", unit="pct", measure="developed_new_products_services_pct")
def expanded_services(claim: Claim, period: int | None) -> Recomputation:
    """68% expanded into new areas, customers and products (the source reports products only)."""
    caveat = "the source counts new products and services only, not new areas or customers"
    row = cited_or_first_found(TABLE, claim, "developed_new_products_services_pct")
    return recompute_row(claim, row, (caveat,))


@check("C08", unit="pct", measure="profitable_pct", reads_period=True)
def profitable(claim: Claim, period: int | None) -> Recomputation:
    """Share of mutuals making a profit, in the SEUK edition of the period."""
    row = measure_in_period(claim, claim.cited_source_id, "profitable_pct", period)
    return recompute_row(claim, row, profit_caveats(claim, row, period))


def profit_caveats(claim: Claim, row: pd.Series, period: int | None) -> tuple[str, ...]:
    """C08's and C23's caveats: the cited publication's wording where its row is the one read,
    and the briefing's other year labels for the figure where the period read is the briefing's
    (:func:`other_year_labels`)."""
    wording = (source_words(row),) if row["publication_id"] == claim.cited_publication_id else ()
    labels = other_year_labels(claim) if period in (None, claim.period) else None
    return wording + ((labels,) if labels else ())


def source_words(row: pd.Series) -> str:
    """The cited edition's profit share in its own words (the row's ``source_wording``), which
    gives no financial year."""
    words = row.get("source_wording")
    said = f"says {words} and " if isinstance(words, str) and words else ""
    return f"the source {said}states no financial year"


def other_year_labels(claim: Claim) -> str | None:
    """Where the register holds the same figure (measure, value and unit) printed elsewhere in
    the briefing with another reference period, the caveat naming both labels and where each is
    printed; None where it is labelled alike everywhere."""
    register = rows(REGISTER_TABLE, measure=claim.measure, unit=claim.unit)
    others = register.loc[
        (register["claim_id"] != claim.claim_id)
        & (register["value"] == claim.value)
        & register["reference_period"].notna()
        & (register["reference_period"] != claim.reference_period)
    ]
    if claim.reference_period is None or others.empty:
        return None
    elsewhere = "; ".join(
        f"{other.reference_period} in {other.claim_id}{_footnoted(other.footnote)}"
        for other in others.itertuples()
    )
    return (
        f"the briefing labels the same figure {claim.reference_period} here"
        f"{_footnoted(claim.footnote)} and {elsewhere}"
    )


def _footnoted(footnote: object) -> str:
    """ " (footnote n)" where the register gives one."""
    return "" if pd.isna(footnote) else f" (footnote {int(footnote)})"


@check("C09", unit="pct", measure="avg_profit_margin_pct")
def average_profit_margin(claim: Claim, period: int | None) -> Recomputation:
    """Average profit margin of mutuals."""
    return recompute_row(claim, cited_or_first_found(TABLE, claim, "avg_profit_margin_pct"))


@check(
    "C10",
    unit="pct",
    measure="seuk_social_enterprise.profitable_pct",
    evidence_from=("seuk_psm",),
    reads_period=True,
)
def social_enterprises_profitable(claim: Claim, period: int | None) -> Recomputation:
    """Share of social enterprises making a profit, judged like for like (profit against profit)
    in the State of Social Enterprise survey of the period; profit-or-break-even is shown as
    evidence, never substituted."""
    row = measure_in_period(claim, "seuk_social_enterprise", "profitable_pct", period)
    table = rows(TABLE)
    edition = str(row["edition"])
    profit = compare_profitability(table, "profitable_pct", "profitable_pct", edition, edition)
    either = compare_profitability(
        table, "profit_or_breakeven_pct", "profit_or_breakeven_pct", edition, edition
    )
    more = (
        f"Like for like, mutuals {format_value(profit.psm_pct, 'pct')} against social enterprises "
        f"{format_value(profit.social_enterprise_pct, 'pct')} making a profit; social enterprises "
        f"in profit or breaking even: {format_value(either.social_enterprise_pct, 'pct')} (derived "
        "from two published shares), which is not the mutuals' measure."
    )
    shares = table.loc[
        (table["edition"] == edition)
        & table["source_id"].isin(["seuk_psm", "seuk_social_enterprise"])
        & table["measure"].isin(["profitable_pct", "breakeven_pct"])
        & table["value"].notna()
    ]
    context = shares.loc[
        ~((shares["source_id"] == row["source_id"]) & (shares["measure"] == row["measure"]))
    ]
    return recompute_row(claim, row, more=more, context=context)


@check("C11", unit="pct", measure="productivity_growth_pct_range", evidence_from=("seuk_psm",))
def productivity_growth(claim: Claim, period: int | None) -> Recomputation:
    """4-5% growth in workforce productivity: both ends of the range, from one publication."""
    low = cited_or_first_found(TABLE, claim, "productivity_growth_pct_low")
    high = rows(
        TABLE, measure="productivity_growth_pct_high", publication_id=low["publication_id"]
    ).dropna(subset=["value"])
    nearest = rows(TABLE, measure="productivity_growth_pct").dropna(subset=["value"])
    more = "".join(
        f"Nearest published figure: {format_value(near.value, near.unit)} in "
        f"{near.publication_id} ({near.note})."
        for near in nearest.itertuples()
    )
    caveat = (
        "a level of employee-owned firms' productivity against other businesses, not a growth "
        "rate of public service mutuals"
    )
    found = recompute_row(claim, low, (caveat,), more=more, context=nearest)
    if found.statistic is None or found.statistic.value is None or high.empty:
        return found
    statistic = dataclasses.replace(
        found.statistic,
        measure="productivity_growth_pct_range",
        value_high=float(high.iloc[0]["value"]),
    )
    return Recomputation(statistic, found.evidence, found.caveats, found.context)


@check("C12", unit="pct", measure="more_innovative_pct")
def more_innovative(claim: Claim, period: int | None) -> Recomputation:
    """82% report more innovative services."""
    return recompute_row(claim, cited_or_first_found(TABLE, claim, "more_innovative_pct"))


@check("C13", unit="pct", measure="better_quality_than_public_sector_pct")
def better_quality(claim: Claim, period: int | None) -> Recomputation:
    """76% report better quality than under the public sector."""
    row = cited_or_first_found(TABLE, claim, "better_quality_than_public_sector_pct")
    return recompute_row(claim, row)


@check("C14", unit="pct", measure="reinvest_profits_pct")
def reinvest_profits(claim: Claim, period: int | None) -> Recomputation:
    """92% reinvest profits."""
    row = cited_or_first_found(TABLE, claim, "reinvest_profits_pct")
    more = same_value_elsewhere(claim, row)
    return recompute_row(claim, row, more=more, context=same_value_rows(claim, row))


@check("C23", unit="pct", measure="profitable_pct", reads_period=True)
def profitable_repeated(claim: Claim, period: int | None) -> Recomputation:
    """96% profitable, printed a second time with another year label: read like C08, in the SEUK
    edition of the period, so a restatement moves both together."""
    row = measure_in_period(claim, claim.cited_source_id, "profitable_pct", period)
    return recompute_row(claim, row, profit_caveats(claim, row, period))


@check("C29", unit="pct", measure="faster_decision_making_pct")
def faster_decisions(claim: Claim, period: int | None) -> Recomputation:
    """Mutuals able to make faster decisions: the share reporting faster or easier
    decision-making than in the public sector, where the cited edition gives it (else the edition
    that does)."""
    return recompute_row(claim, cited_or_first_found(TABLE, claim, "faster_decision_making_pct"))


@check("C30", unit="pct", measure="reinvest_profits_pct")
def majority_reinvest(claim: Claim, period: int | None) -> Recomputation:
    """Most mutuals reinvest their profits in the communities they serve: the share reinvesting
    profits, where a publication gives it; the register's row says whether the clause has a
    footnote of its own."""
    row = cited_or_first_found(TABLE, claim, "reinvest_profits_pct")
    uncited = "" if claim.footnote else "The clause has no footnote of its own. "
    more = (
        f"{uncited}The measure held is the share of mutuals putting profits back into the "
        "organisation or the community, not into the community alone, and no publication held "
        "prints it."
    )
    return recompute_row(claim, row, more=more)


@check(
    "C27", unit="pct_points", measure="rated_good_or_outstanding_pct", evidence_from=(CQC_SOURCE,)
)
def quality_ratings_above_average(claim: Claim, period: int | None) -> Recomputation:
    """Mutuals' CQC and Friends and Family Test ratings said to beat the health and social care
    average: the mutuals' own share rated good or outstanding, where the cited report publishes
    one, beside CQC's national shares by sector (State of Care, ratings at 31 July 2019)."""
    row = cited_or_first_found(TABLE, claim, "rated_good_or_outstanding_pct")
    missing = (
        "Missing: the mutuals' own share of services rated good or outstanding by CQC and their "
        "Friends and Family Test score, neither published in the cited report's summaries; a "
        "national Friends and Family Test average is not held either."
    )
    held = cqc_rows(period)
    more = f"{missing} {cqc_comparator(held, period)}"
    return recompute_row(claim, row, more=more, context=held.dropna(subset=["value"]))


def cqc_rows(period: int | None) -> pd.DataFrame:
    """CQC's national shares by sector (``cqc`` rows, State of Care) of edition ``period``."""
    return rows(TABLE, source_id=CQC_SOURCE, edition=None if period is None else str(period))


def cqc_comparator(held: pd.DataFrame, period: int | None) -> str:
    """CQC's national shares rated good and outstanding by sector (``held``, the rows of
    :func:`cqc_rows`) as a sentence, or a sentence saying none is held for ``period``."""
    if held.empty:
        return f"CQC's national comparator is not held for {period}."
    shares = []
    for sector, label in CQC_SECTORS.items():
        good, outstanding = (
            _share(held, f"cqc_rated_{rating}_{sector}_pct") for rating in ("good", "outstanding")
        )
        shares.append(f"{label} {good} good and {outstanding} outstanding")
    first = held.iloc[0]
    return (
        f"Comparator, CQC's national shares by sector ({first['publication_id']}, "
        f"{first['page_or_section']}; {first['url']}): " + "; ".join(shares) + "."
    )


def _share(held: pd.DataFrame, measure: str) -> str:
    matched = held.loc[held["measure"] == measure]
    return format_value(matched["value"].iloc[0] if not matched.empty else None, "pct")
