"""Checks of "The case for mutuals in health and social care": workforce and finance (C15 to
C22, and C31).

Each claim is judged against the measure its wording describes (people working in the NHS, the
share of workers leaving the sector, the share of all public spending), with the figure the
cited source gives shown as evidence where it measures something else. For Skills for Care the
period is the edition; for NHS trust vacancies, the calendar year a quarter ends in.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import datasets, finance, workforce
from mutualstats.claims.lookup import (
    edition_of,
    latest_by_briefing,
    one,
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
from mutualstats.config import (
    BACKLOG_MINIMUM_MEASURE,
    MAINTENANCE_MEASURE,
    SETTLEMENT_GROWTH_MEASURES,
)
from mutualstats.config import HEALTH_FINANCE_SOURCE as FINANCE
from mutualstats.statistic import Statistic, format_value, from_row, in_words
from mutualstats.vocabulary import INCLUDES_GPS_WORDS

SFC_TABLE = "sfc_workforce_estimates"


def sfc_edition(claim: Claim, period: int | None) -> int:
    """The Skills for Care edition a check reads: the period, else the cited publication's."""
    return int(period if period is not None else edition_of(SFC_TABLE, claim.cited_publication_id))


def sfc_row(measure: str, edition: int, scope: str | None = None) -> pd.Series:
    """The headline row of ``measure`` in a Skills for Care edition (see ``workforce.estimate``)."""
    try:
        return workforce.estimate_row(datasets.load(SFC_TABLE), measure, edition, scope=scope)
    except LookupError as missing:
        raise NotAvailableError(
            f"no {measure} in the Skills for Care {edition} edition"
        ) from missing


def sfc_statistic(row: pd.Series) -> Statistic:
    """A Skills for Care row as a statistic; its period is the financial year it describes."""
    return workforce.as_statistic(row)


def nhs_staff_statistic(row: pd.Series) -> Statistic:
    """An NHS staff row as a statistic; its period is the date the count refers to."""
    return from_row(row, "nhs_workforce", row["reference_date"])


def finance_statistic(row: pd.Series) -> Statistic:
    """A health finance row as a statistic; its period is the year it describes."""
    return from_row(row, FINANCE, row["period"])


def describe_sfc(row: pd.Series) -> str:
    """Where a Skills for Care value was read."""
    return (
        f"{row['publication_id']} ({row['edition']} edition), "
        f"{workforce.financial_year(int(row['reference_year']))}: {row['measure']} = "
        f"{format_value(row['value'], row['unit'])} ({row['scope']}; {row['url']})."
    )


def nhs_staff_row(**filters: object) -> pd.Series:
    """The NHS staff row matching ``filters`` at the latest date published by the briefing's
    year: a later September's count, once added, does not replace the one the briefing had."""
    return latest_by_briefing("nhs_staff", "reference_date", **filters)


#: The measure of a headline count of NHS staff, printed without its basis ("1.5 million staff").
HEADLINE = "nhs_staff_headline"


@check("C15", unit="count", measure="hchs_staff_headcount")
def nhs_staff(claim: Claim, period: int | None) -> Recomputation:
    """Over 1.5 million NHS staff excluding GPs: people, so NHS Digital's headcount, with the FTE
    count shown as context (an FTE count is smaller than the number of people working)."""
    headcount = nhs_staff_row(measure="hchs_staff_headcount")
    staff = nhs_staff_row(measure="hchs_staff_fte")
    held = rows("nhs_staff", measure=HEADLINE)
    headlines = held.loc[published_by_briefing(held, "reference_date") & held["value"].notna()]
    headlines = headlines.sort_values(["reference_date", "publication_id"], kind="stable")
    shown = (
        f"{format_value(headcount['value'], 'count')} people"
        if pd.notna(headcount["value"])
        else f"headcount not held ({headcount['note']})"
    )
    evidence = (
        f"{headcount['publication_id']}, {headcount['reference_date']}: {shown}, hospital and "
        f"community health services excluding general practice ({headcount['url']}). Context: "
        f"{format_value(staff['value'], 'count')} FTE in the same publication, a smaller count "
        f"than people.{_headlines(headlines)} The cited {claim.cited_publication_id} counts "
        "adult social care, not NHS staff."
    )
    context = (
        nhs_staff_statistic(staff),
        *(nhs_staff_statistic(row) for _, row in headlines.iterrows()),
    )
    return Recomputation(nhs_staff_statistic(headcount), evidence, context=context)


def _headlines(headlines: pd.DataFrame) -> str:
    """A sentence giving each headline count of NHS staff held: publication, date and whether it
    counts GPs (``includes_gps``); empty where none is held."""
    if headlines.empty:
        return ""
    listed = "; ".join(
        f"{format_value(row.value, 'count')} ({row.publication_id}, {row.reference_date}; "
        f"{INCLUDES_GPS_WORDS[row.includes_gps]})"
        for row in headlines.itertuples()
    )
    return f" Headline counts held: {listed}."


@check("C16", unit="count", measure="people", evidence_from=("nhs_workforce",))
def adult_social_care_workforce(claim: Claim, period: int | None) -> Recomputation:
    """Adult social care said to employ about as many as the NHS: people, compared like for like
    with NHS staff (people with people where both are published; FTE with FTE as the nearest
    pair)."""
    edition = sfc_edition(claim, period)
    people, fte = sfc_row("people", edition), sfc_row("fte_jobs", edition)
    jobs = sfc_row("jobs", edition)
    nhs_people = nhs_staff_row(measure="hchs_staff_headcount")
    nhs_fte = nhs_staff_row(measure="hchs_staff_fte")
    fte_ratio = float(fte["value"]) / float(nhs_fte["value"])
    people_pair = (
        f"adult social care people are {float(people['value']) / float(nhs_people['value']):.2f} "
        "times NHS headcount"
        if pd.notna(nhs_people["value"])
        else "NHS headcount is not held (see C15), so people cannot be set beside people"
    )
    evidence = (
        f"{describe_sfc(people)} Jobs: {format_value(jobs['value'], jobs['unit'])}. Like for like: "
        f"{people_pair}; adult social care FTE {format_value(fte['value'], 'count')} against NHS "
        f"hospital and community health services FTE {format_value(nhs_fte['value'], 'count')} "
        f"({nhs_fte['reference_date']}), a ratio of {fte_ratio:.2f}."
    )
    caveat = (
        f"people, reference year {workforce.financial_year(int(people['reference_year']))}; "
        "similar to the NHS only on FTE, as NHS headcount is not held (see C15)"
    )
    context = (
        sfc_statistic(jobs),
        sfc_statistic(fte),
        nhs_staff_statistic(nhs_people),
        nhs_staff_statistic(nhs_fte),
    )
    return Recomputation(sfc_statistic(people), evidence, (caveat,), context)


@check("C17", unit="count", measure="vacancies", reads_period=True)
def adult_social_care_vacancies(claim: Claim, period: int | None) -> Recomputation:
    """Around 110,000 adult social care vacancies, in the Skills for Care edition of the period."""
    edition = sfc_edition(claim, period)
    vacancies, rate = sfc_row("vacancies", edition), sfc_row("vacancy_rate_pct", edition)
    evidence = f"{describe_sfc(vacancies)} Vacancy rate {format_value(rate['value'], 'pct')}."
    data_year = workforce.financial_year(int(vacancies["reference_year"]))
    if period in (None, claim.period):
        stated = claim.reference_period
        caveats = () if data_year == stated else (f"reference year {data_year}, not {stated}",)
    else:
        caveats = (f"the {edition} edition's figures are for {data_year}",)
    return Recomputation(sfc_statistic(vacancies), evidence, caveats, (sfc_statistic(rate),))


@check("C18", unit="count", measure="vacancies_fte", reads_period=True)
def nhs_trust_vacancies(claim: Claim, period: int | None) -> Recomputation:
    """Over 100,000 unfilled posts in NHS trusts in the year: every quarter ending in it, each
    vintage of each quarter listed; judged on the latest quarter with a published total."""
    table = datasets.load("nhs_trust_vacancies")
    quarters = workforce.nhs_vacancies(table)
    in_year = quarters.loc[pd.to_datetime(quarters["period_end"]).dt.year == period]
    if in_year.empty:
        raise NotAvailableError(
            f"no NHS trust vacancy total is held for a quarter ending in {period}"
        )
    latest = in_year.iloc[-1]
    statistic = from_row(latest, "nhs_vacancies", latest["period"])
    evidence = (
        f"Every {period} quarter: {'; '.join(_quarter_vintages(table, int(period)))}. Judged on "
        f"{latest['publication_id']}: {statistic.shown()} FTE vacancies at "
        f"{pd.Timestamp(latest['period_end']):%Y-%m-%d}, the latest {period} quarter with a "
        f"published total ({latest['url']}). The cited {claim.cited_publication_id} does not "
        "report NHS trust vacancies."
    )
    context = tuple(
        from_row(row, "nhs_vacancies", row["period"])
        for _, row in _quarter_rows(table, int(period)).iterrows()
    )
    return Recomputation(statistic, evidence, context=context)


def _quarter_rows(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every vintage of the total and nursing vacancies of each quarter ending in ``year``."""
    return table.loc[
        (pd.to_datetime(table["period_end"]).dt.year == year)
        & (table["measure"] == "vacancies_fte")
        & table["staff_group"].isin(["all", "nursing"])
    ]


def _quarter_vintages(table: pd.DataFrame, year: int) -> list[str]:
    """Each quarter ending in ``year``: its total (or why none) and nursing vacancies, every
    vintage in the order published, each with the report it appeared in."""
    rows = _quarter_rows(table, year)
    described = []
    for period, quarter in rows.groupby("period", sort=True):
        parts = []
        for row in quarter.itertuples():
            shown = format_value(row.value, "count", row.qualifier)
            parts.append(f"{row.staff_group} {shown} ({row.edition})")
        described.append(f"{period}: {', '.join(parts)}")
    return described


@check(
    "C19",
    unit="pct",
    measure="leaving_sector_rate_pct",
    evidence_from=("health_foundation",),
    reads_period=True,
)
def leaving_the_sector(claim: Claim, period: int | None) -> Recomputation:
    """One in four leaving the sector each year: turnover times the share leaving the sector."""
    edition = sfc_edition(claim, period)
    staying = sfc_row("leavers_staying_in_sector_pct", edition)
    turnover = one(
        SFC_TABLE,
        measure="turnover_rate_pct",
        edition=staying["edition"],
        reference_year=staying["reference_year"],
        scope=staying["scope"],
    )
    if pd.isna(staying["value"]) or pd.isna(turnover["value"]):
        raise NotAvailableError(
            f"the Skills for Care {edition} edition gives no value for turnover or for the share "
            f"of leavers staying in the sector ({staying['note']})"
        )
    rate = workforce.leaving_sector_rate(float(turnover["value"]), float(staying["value"]))
    leavers = rows("hf_key_facts", measure="leavers_rate_pct").dropna(subset=["value"])
    others = "; ".join(
        f"{format_value(row.value, row.unit)} in {workforce.financial_year(row.reference_year)}"
        for row in leavers.itertuples()
    )
    evidence = (
        f"{staying['publication_id']} ({staying['edition']} edition): turnover "
        f"{format_value(turnover['value'], 'pct')} with {format_value(staying['value'], 'pct')} of "
        f"leavers staying in the sector, so about {rate.rate_pct:.1f}% of workers leave the sector "
        f"a year{workforce.one_in(rate.rate_pct)} (derived). The Health Foundation's leavers "
        f"rate ({others}), which its press release describes as staff leaving the sector, is "
        "Skills for Care's job turnover: leaving a job, not the sector."
    )
    derived = sfc_statistic(staying).derived(
        "leaving_sector_rate_pct",
        round(rate.rate_pct, 1),
        "pct",
        "turnover rate x share of leavers not staying in the sector",
    )
    context = tuple(
        from_row(row, "health_foundation", workforce.financial_year(int(row["reference_year"])))
        for _, row in leavers.iterrows()
    )
    return Recomputation(derived, evidence, (workforce.INFERRED_STAYING,), context=context)


@check("C20", unit="pct_per_year", measure="health_spending_growth_pct")
def health_spending_growth(claim: Claim, period: int | None) -> Recomputation:
    """Health spending growth in the year the briefing gives, in the cited publication."""
    year = finance.period_label(claim.reference_period or "")
    cited = one(
        FINANCE, measure="health_spending_growth_pct", publication_id=claim.cited_publication_id
    )
    nearest = rows(FINANCE, period=year).dropna(subset=["value"])
    nearest = nearest.loc[nearest["measure"].str.contains("growth")]
    listed = "; ".join(
        f"{row.measure} {format_value(row.value, row.unit)} ({row.publication_id})"
        for row in nearest.itertuples()
    )
    evidence = f"{cited['publication_id']}: {cited['note']}. Nearest for {year}: {listed}."
    context = tuple(finance_statistic(row) for _, row in nearest.iterrows())
    return Recomputation(finance_statistic(cited), evidence, context=context)


@check("C21", unit="pct", measure="health_share_total_public_spending")
def share_of_public_spending(claim: Claim, period: int | None) -> Recomputation:
    """30% of public spending: health's share of total public spending, latest year published."""
    shares = rows(FINANCE, measure="health_share_total_public_spending").dropna(subset=["value"])
    if shares.empty:
        raise NotAvailableError(
            f"no published health_share_total_public_spending in {FINANCE}, the share of total "
            "public spending the claim is judged on"
        )
    total = shares.sort_values("period", kind="stable").iloc[-1]
    services = one(
        FINANCE,
        measure="health_share_public_service_spending",
        publication_id=claim.cited_publication_id,
    )
    # Every other published share on a public-services base, listed rather than set against the
    # 30%: publishers draw that base in different places (IFS gives 29.7% for 2015-16 in 2017 and
    # 25.9% for 2018-19 in 2019).
    others = rows(FINANCE, measure="health_share_public_service_spending").dropna(subset=["value"])
    others = others.loc[others.index != services.name].sort_values(
        ["period", "publication_id"], kind="stable"
    )
    listed = "; ".join(
        f"{row.publication_id} {format_value(row.value, 'pct')} for {row.period}"
        for row in others.itertuples()
    )
    evidence = (
        f"{total['publication_id']}: health was {format_value(total['value'], 'pct')} of total "
        f"public spending in {total['period']}. The cited article's "
        f"{format_value(services['value'], 'pct')} is the share of spending on public services, "
        "a narrower base"
        + (f"; other shares published on such a base: {listed}." if listed else ".")
    )
    context = (finance_statistic(services), *(finance_statistic(r) for _, r in others.iterrows()))
    return Recomputation(finance_statistic(total), evidence, context=context)


@check("C22", unit="gbp_billion", measure="nhs_england_revenue_real_increase")
def long_term_plan_settlement(claim: Claim, period: int | None) -> Recomputation:
    """£20 billion more over five years: the annual real increase the cited plan gives."""
    cited = claim.cited_publication_id
    increase = one(FINANCE, measure="nhs_england_revenue_real_increase", publication_id=cited)
    growth = one(FINANCE, measure="nhs_england_revenue_real_growth_avg", publication_id=cited)
    evidence = (
        f"{cited}: NHS England revenue {format_value(growth['value'], growth['unit'])} real growth "
        f"over {growth['period']}, {format_value(increase['value'], 'gbp_billion')} a year more in "
        f"{increase['period']} ({increase['url']})."
    )
    caveat = (
        f"an annual increase reached by {increase['period']}, in real terms, for NHS England; "
        f"not a sum over {in_words(finance.years_in(growth['period']))} years"
    )
    context = (finance_statistic(growth),)
    return Recomputation(finance_statistic(increase), evidence, (caveat,), context)


@check("C31", unit="pct_points", measure="settlement_margin_over_minimum_pp")
def settlement_against_the_minimum(claim: Claim, period: int | None) -> Recomputation:
    """The promised NHS funding judged the bare minimum to keep up with current demand: the
    average annual real growth the settlement gives (any of ``config.SETTLEMENT_GROWTH_MEASURES``)
    less the growth the same publication says is needed to maintain current standards of care
    (``config.MAINTENANCE_MEASURE``); 0 or more is at least that minimum. A minimum to tackle
    the backlog (more than keeping up) is set beside it, never judged as the bare minimum. Where
    several publications give both, the one judged is one whose margin the claim admits if any,
    the cited one first, then by publication id (so the verdict does not hang on how ids sort);
    the others stand beside it."""
    margins = [settlement_margin(growth, minimum) for growth, minimum in settlements_and_minimums()]
    low, high = admitted_interval(claim)
    cited = claim.cited_publication_id
    judged = min(
        margins,
        key=lambda m: (not low <= m.value <= high, m.publication_id != cited, m.publication_id),
    )
    others = [margin for margin in margins if margin is not judged]
    evidence = (
        _margin_evidence(judged) + _other_margins(others, judged) + _cited_holds(cited, judged)
    )
    contradicting = [m for m in others if not low <= m.value <= high]
    caveats = _contradicting(contradicting, judged) if low <= judged.value <= high else ()
    held = rows(FINANCE).dropna(subset=["value"])
    growths = held.loc[held["measure"].isin(SETTLEMENT_GROWTH_MEASURES)]
    backlog = held.loc[held["measure"] == BACKLOG_MINIMUM_MEASURE]
    backlog = backlog.loc[published_by_briefing(backlog)]
    caveats += tuple(_beyond_demand(row, judged, growths) for _, row in backlog.iterrows())
    context = (*others, *(finance_statistic(row) for _, row in backlog.iterrows()))
    return Recomputation(judged, evidence, caveats, context)


def _beyond_demand(minimum: pd.Series, judged: Statistic, growths: pd.DataFrame) -> str:
    """A minimum to tackle the backlog beside the settlement's growth (``growths``: the rows of
    a settlement's growth held), as the minimum's own publication gives it where it does (else
    as the publication judged does): it asks for more than keeping up with demand."""
    own = growths.loc[growths["publication_id"] == minimum["publication_id"]]
    judged_own = growths.loc[growths["publication_id"] == judged.publication_id]
    growth = finance_statistic((own if not own.empty else judged_own).iloc[0])
    compared = "above" if minimum["value"] > growth.value else "not above"
    return (
        f"{minimum['publication_id']} judges {format_value(minimum['value'], minimum['unit'])} "
        f"the minimum to tackle the backlog, more than keeping up with demand; it is {compared} "
        f"the settlement's {format_value(growth.value, growth.unit)}"
    )


def settlements_and_minimums() -> list[tuple[pd.Series, pd.Series]]:
    """Each settlement's growth with the growth needed to keep up with demand that one
    publication, out by the briefing's year, gives (the need may be a projection of another
    span: an annual rate), by publication id. A settlement's growth is read on any of its
    measures (``config.SETTLEMENT_GROWTH_MEASURES``): publications name what grows differently.

    Raises
    ------
    NotAvailableError
        If no such publication is held.
    """
    table = rows(FINANCE).dropna(subset=["value"])
    table = table.loc[published_by_briefing(table)].sort_values(
        ["publication_id", "period"], kind="stable"
    )
    growths = table.loc[table["measure"].isin(SETTLEMENT_GROWTH_MEASURES)]
    pairs = [
        (growth, minimum)
        for _, minimum in table.loc[table["measure"] == MAINTENANCE_MEASURE].iterrows()
        for _, growth in growths.iterrows()
        if growth["publication_id"] == minimum["publication_id"]
    ]
    if not pairs:
        raise NotAvailableError(
            f"no publication in {FINANCE} gives both a settlement's growth "
            f"({', '.join(SETTLEMENT_GROWTH_MEASURES)}) and {MAINTENANCE_MEASURE}"
        )
    return pairs


def settlement_margin(growth: pd.Series, minimum: pd.Series) -> Statistic:
    """The settlement's growth less the minimum needed, as one publication gives both; its note
    keeps the two figures and what the publication says of the minimum (the row's note)."""
    margin = round(float(growth["value"]) - float(minimum["value"]), 1)
    said = "" if pd.isna(minimum["note"]) else f" ({str(minimum['note']).rstrip('.')})"
    note = (
        f"the settlement gives {format_value(growth['value'], growth['unit'])} real growth over "
        f"{growth['period']}, and the same publication gives "
        f"{format_value(minimum['value'], minimum['unit'])} ({minimum['period']}) as needed to "
        f"keep up with demand{said}"
    )
    return finance_statistic(growth).derived(
        "settlement_margin_over_minimum_pp", margin, "pct_points", note
    )


def _margin_words(margin: Statistic, named: bool = True) -> str:
    """A margin in words: "-0.6 percentage points (<publication id>), short of the minimum";
    "(derived)" in place of the publication where ``named`` is false."""
    position = "short of the minimum" if margin.value < 0 else "at the minimum or above it"
    where = margin.publication_id if named else "derived"
    return f"{format_value(margin.value, 'pct_points')} ({where}), {position}"


def _margin_evidence(margin: Statistic) -> str:
    return (
        f"{margin.publication_id}: {margin.note}: the settlement's growth less that minimum is "
        f"{_margin_words(margin, named=False)}."
    )


def _beside(others: list[Statistic], judged: Statistic) -> tuple[list[Statistic], ...]:
    """``others`` split into the judged publication's other pairings of a settlement's growth
    with a growth needed (it may give two of either), and other publications' margins."""
    same = [m for m in others if m.publication_id == judged.publication_id]
    return same, [m for m in others if m.publication_id != judged.publication_id]


def _other_margins(others: list[Statistic], judged: Statistic) -> str:
    same, elsewhere = _beside(others, judged)
    said = "".join(
        f" The same publication also gives another pairing: {m.note}: the margin is "
        f"{_margin_words(m, named=False)}."
        for m in same
    )
    if elsewhere:
        said += (
            f" Other publications giving both: {'; '.join(_margin_words(m) for m in elsewhere)}."
        )
    return said


def _contradicting(contradicting: list[Statistic], judged: Statistic) -> tuple[str, ...]:
    """Caveats naming margins the claim does not admit beside the judged one it does: the same
    publication's other pairings, and other publications'."""
    same, elsewhere = _beside(contradicting, judged)
    caveats = []
    if same:
        caveats.append(
            "the same publication gives another pairing of a settlement's growth and a growth "
            f"needed, a margin of {'; '.join(_margin_words(m, named=False) for m in same)}"
        )
    if elsewhere:
        caveats.append(
            f"another publication gives {'; '.join(_margin_words(m) for m in elsewhere)}"
        )
    return tuple(caveats)


def _cited_holds(cited: str | None, judged: Statistic) -> str:
    """What the cited publication, where it is not the one judged, gives as held, and whether
    it gives the growth needed to keep up with demand, a minimum of another purpose, or none."""
    if cited is None or cited == judged.publication_id:
        return ""
    held = rows(FINANCE, publication_id=cited).dropna(subset=["value"])
    if held.empty:
        return f" No figure of the cited {cited} is held."
    listed = "; ".join(
        f"{row.measure} {format_value(row.value, row.unit)} for {row.period}"
        for row in held.itertuples()
    )
    measures = set(held["measure"])
    if MAINTENANCE_MEASURE in measures:
        lacks = ""
    elif BACKLOG_MINIMUM_MEASURE in measures:
        lacks = ", and no growth needed to keep up with demand (its minimum tackles the backlog)"
    else:
        lacks = ", and no minimum"
    return f" The cited {cited} as held gives {listed}{lacks}."
