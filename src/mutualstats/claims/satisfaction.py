"""Checks of footnote 36: British Social Attitudes satisfaction in 2018 (claims C24 to C26)."""

from __future__ import annotations

from mutualstats import datasets, satisfaction
from mutualstats.claims.registry import Claim, Finding, check, judge

SOURCE_ID = "bsa"
BRIEFING_YEAR = 2018


@check("C24")
def nhs_satisfaction_2018(claim: Claim) -> Finding:
    """53% satisfied with the NHS in 2018: the BSA 2018 value, with its interval."""
    result = satisfaction.satisfaction(datasets.load("bsa_satisfaction"), "nhs", BRIEFING_YEAR)
    return judge(claim, result.pct, SOURCE_ID, str(BRIEFING_YEAR), satisfaction.describe(result))


@check("C25")
def nhs_lowest_in_ten_years(claim: Claim) -> Finding:
    """ "Lowest in ten years": what the table proves, and what the publisher states.

    The recomputed value is the number of years the published values prove 2018 the lowest of.
    Where a gap stops the proof, the publisher's own "lowest since" statement, if recorded, is
    used and the verdict carries the caveat that it rests on values published only in charts.
    """
    table = datasets.load("bsa_satisfaction")
    lowest = satisfaction.satisfaction(table, "nhs", BRIEFING_YEAR).lowest
    proven_years = float(lowest.years_provably_lowest)
    evidence = satisfaction.describe_lowest(lowest)
    if proven_years >= claim.value:
        return judge(claim, proven_years, SOURCE_ID, str(BRIEFING_YEAR), evidence)
    stated_since = _publisher_lowest_since(BRIEFING_YEAR)
    if stated_since is None:
        return judge(claim, proven_years, SOURCE_ID, str(BRIEFING_YEAR), evidence)
    stated_years = float(BRIEFING_YEAR - stated_since - 1)
    caveat = (
        f"the publisher states the lowest since {stated_since} ({stated_years:.0f} earlier years "
        f"above it), but the years before {lowest.since_year} are published only in charts, so the "
        f"table proves {proven_years:.0f} years"
    )
    return judge(claim, stated_years, SOURCE_ID, str(BRIEFING_YEAR), evidence, caveat)


@check("C26")
def social_care_satisfaction_2018(claim: Claim) -> Finding:
    """26% satisfied with social care: the BSA 2018 value (the briefing gives no year)."""
    table = datasets.load("bsa_satisfaction")
    result = satisfaction.satisfaction(table, "social_care", BRIEFING_YEAR)
    same_value = table.loc[
        (table["social_care_satisfied_pct"] == result.pct) & (table["year"] != BRIEFING_YEAR),
        "year",
    ].tolist()
    evidence = satisfaction.describe(result)
    if same_value:
        years = ", ".join(map(str, same_value))
        evidence += f" The same share was published for {years}."
    return judge(claim, result.pct, SOURCE_ID, str(BRIEFING_YEAR), evidence)


def _publisher_lowest_since(year: int) -> int | None:
    statements = datasets.load("bsa_publisher_statements")
    match = statements.loc[
        (statements["year"] == year)
        & (statements["measure"] == "nhs_satisfied_pct")
        & (statements["statement"] == "lowest_since"),
        "value",
    ]
    return None if match.empty else int(match.iloc[0])
