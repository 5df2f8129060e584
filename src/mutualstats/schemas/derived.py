"""Measures the checks compute from published ones, or read from a publisher's statement rather
than a table (a stated change, a stated "lowest since"): the data dictionary of those values.

Each is traced to its published inputs by ``claims.trace.DERIVED_INPUTS``; a test checks the two
name the same measures.
"""

#: Each derived measure with its meaning.
DERIVED_MEASURES = {
    # workforce.leaving_sector_rate
    "leaving_sector_rate_pct": (
        "share of care workers leaving the adult social care sector in a year: the turnover rate "
        "times the share of leavers who do not stay in the sector"
    ),
    # claims.satisfaction
    "nhs_years_lowest_stated": (
        "years before the survey year over which the publisher states NHS satisfaction is the "
        "lowest"
    ),
    "nhs_years_provably_lowest": (
        "years before the survey year, back to the first with no published value, whose published "
        "NHS satisfaction is higher"
    ),
    "nhs_satisfied_change_pp": (
        "change in the share satisfied with the NHS on the previous survey year, in percentage "
        "points"
    ),
    "nhs_satisfied_change_stated_pp": (
        "change in the share satisfied with the NHS on the previous survey year as the publisher "
        "states it, worked out on shares it does not round"
    ),
    "social_care_satisfied_change_stated_pp": (
        "change in the share satisfied with social care on the previous survey year as the "
        "publisher states it, worked out on shares it does not round"
    ),
    # mutual_sector.with_derived_shares (C10, the profitability chart)
    "profit_or_breakeven_pct": (
        "share of respondents that made a profit or broke even: the published shares making a "
        "profit and breaking even, of the same survey edition, added"
    ),
    # claims.workforce (C31)
    "settlement_margin_over_minimum_pp": (
        "average annual real growth a funding settlement gives less the growth the same "
        "publication says is needed to keep up with demand (maintain current standards of "
        "care), in percentage points (below 0: short of it)"
    ),
    # claims.mutual_sector (C11)
    "productivity_growth_pct_range": (
        "reported range of productivity gains (lower and upper end; growth, or a level above a "
        "comparator, as the source says)"
    ),
}
