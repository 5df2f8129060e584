"""Statements about British Social Attitudes satisfaction for one survey year.

Input: the clean ``bsa_satisfaction`` table. Output: small records (share, interval, change,
lowest-since) and the sentences and tables the notebooks and claims print.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mutualstats import datasets
from mutualstats.config import (
    CONFIDENCE_TEXT,
    DEFAULT_DESIGN_EFFECT,
    STATED_CHANGE_TOLERANCE_PP,
    SURVEY_MODE_WORDS,
    VALUE_STATUS_EFFECTS,
    VALUE_STATUS_WORDS,
)
from mutualstats.site_text import label, publication_short_labels
from mutualstats.statistic import format_value, year_span
from mutualstats.stats import (
    Change,
    LowestSince,
    Proportion,
    change_between,
    lowest_since,
    wilson_interval,
)

#: Why a year has no published value, by its status (``config.VALUE_STATUSES``).
NOT_PUBLISHED = {status: VALUE_STATUS_WORDS[status] for status in VALUE_STATUS_EFFECTS}

#: Column prefixes of the two services the survey asks about.
SERVICES = {"nhs": "the NHS", "social_care": "social care"}


@dataclass(frozen=True)
class ModeChange:
    """A survey year whose mode differs from the latest earlier year's (BSA's ``mode`` column)."""

    year: int
    before: str
    after: str

    def __str__(self) -> str:
        return (
            f"the {self.year} change of survey mode ({SURVEY_MODE_WORDS[self.before]} before, "
            f"{SURVEY_MODE_WORDS[self.after]} since)"
        )


def mode_changes(frame: pd.DataFrame) -> tuple[ModeChange, ...]:
    """Every change of survey mode in the BSA table, oldest first, read from its ``mode``."""
    modes = frame.dropna(subset=["mode"]).sort_values("year")
    changes, previous = [], None
    for year, mode in zip(modes["year"], modes["mode"], strict=True):
        if previous is not None and mode != previous:
            changes.append(ModeChange(int(year), str(previous), str(mode)))
        previous = mode
    return tuple(changes)


def changes_between(changes: tuple[ModeChange, ...], first: int, last: int) -> str:
    """ ", across <change>" for each change of mode after ``first`` up to ``last``; "" if none."""
    crossed = [str(change) for change in changes if first < change.year <= last]
    return "".join(f", across {change}" for change in crossed)


@dataclass(frozen=True)
class Satisfaction:
    """Satisfaction with one service in one year, with what can be said about it."""

    service: str
    year: int
    pct: float
    interval: Proportion | None
    change: Change | None
    previous_year: int | None
    lowest: LowestSince
    mode: str
    source_url: str
    mode_changes: tuple[ModeChange, ...] = ()


def satisfaction(
    frame: pd.DataFrame, service: str, year: int, design_effect: float = DEFAULT_DESIGN_EFFECT
) -> Satisfaction:
    """Share satisfied with ``service`` ("nhs" or "social_care") in ``year``.

    Source: BSA rows of ``data/raw/bsa/satisfaction.csv``; the interval uses the published base
    of that question, and the change compares with the latest earlier published year.
    """
    by_year = frame.set_index("year")
    pct_column, n_column, status_column = (
        f"{service}_satisfied_pct",
        f"{service}_base_n",
        f"{service}_status",
    )
    if year not in by_year.index or by_year.at[year, status_column] != "published":
        raise ValueError(f"no published {SERVICES[service]} satisfaction for {year}")
    row = by_year.loc[year]
    base_n = row[n_column]
    interval = (
        None if pd.isna(base_n) else wilson_interval(row[pct_column], int(base_n), design_effect)
    )
    earlier = by_year.loc[(by_year.index < year) & (by_year[status_column] == "published")]
    previous_year = int(earlier.index.max()) if not earlier.empty else None
    change = None
    if previous_year is not None:
        previous = by_year.loc[previous_year]
        change = change_between(
            previous[pct_column],
            _as_n(previous[n_column]),
            row[pct_column],
            _as_n(base_n),
            design_effect,
        )
    not_asked = by_year.index[by_year[status_column] == "not_asked"]
    changes = mode_changes(frame)
    lowest = lowest_since(
        by_year[pct_column], year, not_asked, comparability_breaks=[c.year for c in changes]
    )
    return Satisfaction(
        service,
        year,
        float(row[pct_column]),
        interval,
        change,
        previous_year,
        lowest,
        row["mode"],
        source_url(row, service),
        changes,
    )


def source_url(row: pd.Series, service: str) -> str:
    """The page ``service``'s values of a BSA row were read on: the social care page where the
    row gives one, else the row's own."""
    own = row.get(f"{service}_source_url")
    return str(row["source_url"]) if own is None or pd.isna(own) else str(own)


def describe(result: Satisfaction) -> str:
    """One sentence giving the share, its interval and base."""
    text = f"Satisfied with {SERVICES[result.service]} in {result.year}: {result.pct:.0f}%"
    if result.interval is None:
        return text + " (base not published, so no interval)."
    return (
        f"{text} ({CONFIDENCE_TEXT} CI {result.interval.lower_pct:.1f}% to "
        f"{result.interval.upper_pct:.1f}%, "
        f"n = {result.interval.base_n:,}{_assumed(result.interval)})."
    )


def _assumed(interval: Proportion) -> str:
    """What the interval assumes where no design effect is held: simple random sampling."""
    if interval.design_effect != 1.0:
        return f", design effect {interval.design_effect:g}"
    return "; simple random sampling assumed, as no design factor is held, so it is too narrow"


def describe_change(result: Satisfaction) -> str:
    """One sentence on the change from the previous published year, saying when the two years lie
    either side of the change of survey mode (which the test on the bases does not allow for)."""
    if result.change is None or result.previous_year is None:
        return "No earlier published year to compare with."
    shown = format_value(round(result.change.change_pp), "pp")
    assumed = (
        ", assuming simple random sampling"
        if result.change.significant is not None
        and result.interval is not None
        and result.interval.design_effect == 1.0
        else ""
    )
    since = (
        f"Change since {result.previous_year}"
        if result.previous_year == result.year - 1
        else f"Change since {result.previous_year}, the latest earlier year with a published value"
    )
    text = f"{since}: {shown} ({result.change.note}{assumed})"
    crossed = changes_between(result.mode_changes, result.previous_year, result.year)
    if crossed:
        text += f"{crossed}, which the test does not allow for"
    return text + "."


def stated_change(statements: pd.DataFrame, service: str, year: int) -> pd.Series | None:
    """The publisher's statement of the change in ``service``'s share satisfied in ``year`` on
    the year before (``bsa_publisher_statements``), if one is held."""
    matched = statements.loc[
        (statements["year"] == year)
        & (statements["measure"] == f"{service}_satisfied_pct")
        & (statements["statement"] == "change_from_previous_year")
    ]
    return None if matched.empty else matched.iloc[0]


def describe_stated_change(statement: pd.Series | None) -> str:
    """The publisher's own change on the year before, which it works out on shares it does not
    round, so it can differ by a point from the change of the rounded shares; or that none is
    held."""
    if statement is None:
        return (
            "The publisher's change, on unrounded shares, can differ by up to "
            f"{_points(STATED_CHANGE_TOLERANCE_PP)}; none is held."
        )
    shown = format_value(float(statement["value"]), "pp")
    return (
        f"The publisher states a change of {shown} ({statement['source_url']}), on shares it "
        "does not round."
    )


def _points(points: float) -> str:
    return "a point" if points == 1 else f"{points:g} points"


def not_held(years: list[int]) -> str:
    """That no published figure is held for ``years`` (those asked with none found: some are
    published only in charts)."""
    return f"no published figure is held for {year_span(years)}"


def describe_compared(lowest: LowestSince) -> str:
    """The earlier years the value was found below, and the year as low or lower that ended the
    comparison, if one did; or that no earlier year was compared."""
    year, value = lowest.bounded_by_year, lowest.bounded_by_value
    if not lowest.compared_years:
        if year is None:
            return "No earlier published year was compared."
        return (
            f"The nearest earlier published year, {year}, {_was_as_low(lowest)} ({value:.0f}%), "
            "so no year further back is compared."
        )
    count = len(lowest.compared_years)
    years = ", ".join(map(str, lowest.compared_years))
    higher = "each higher" if count > 1 else "higher"
    found = f"{count} earlier year{'s' if count > 1 else ''} compared, {higher}: {years}"
    return found + (f"; then {year} {_was_as_low(lowest)} ({value:.0f}%)." if year else ".")


def _was_as_low(lowest: LowestSince) -> str:
    """How the year that ended a comparison stood against the value: lower, or the same."""
    return "was lower" if lowest.bounded_by_value < lowest.value else "was as low"


def narrative(frame: pd.DataFrame, year: int, statements: pd.DataFrame | None = None) -> str:
    """Markdown paragraphs stating the survey year's figures for both services, generated from
    the data; a service with no published value for the year says why. Where ``statements``
    (``bsa_publisher_statements``) hold the publisher's own change on the year before, it is
    given after the change of the rounded shares."""
    paragraphs = []
    for service, name in SERVICES.items():
        heading = name.removeprefix("the ")
        heading = heading[0].upper() + heading[1:]
        status = frame.set_index("year").at[year, f"{service}_status"]
        if status != "published":
            paragraphs.append(f"**{heading}, {year}:** {NOT_PUBLISHED[status]}.")
            continue
        result = satisfaction(frame, service, year)
        # With no earlier published year, the "lowest since" sentence says so on its own.
        change = [describe_change(result)] if result.previous_year is not None else []
        stated = None if statements is None else stated_change(statements, service, year)
        change += [describe_stated_change(stated)] if stated is not None else []
        sentences = [describe(result), *change, describe_lowest(result.lowest, result.mode_changes)]
        # The first sentence names the service and the year, so no heading repeats them.
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def describe_lowest(lowest: LowestSince, changes: tuple[ModeChange, ...] = ()) -> str:
    """What the series proves about "lowest since", and what stops it going further back
    (``changes``: the series' changes of survey mode, :func:`mode_changes`)."""
    if lowest.bounded_by_year is not None and not lowest.compared_years:
        return (
            f"{lowest.value:.0f}% is not a low: {lowest.bounded_by_year} {_was_as_low(lowest)} "
            f"({lowest.bounded_by_value:.0f}%)."
        )
    if lowest.bounded_by_year is not None:
        head = f"{lowest.value:.0f}% is the lowest since {lowest.bounded_by_year}"
    elif lowest.since_year is None:
        head = f"{lowest.value:.0f}% cannot be compared with any earlier published year"
    elif len(lowest.compared_years) == 1:
        head = (
            f"{lowest.value:.0f}% is below the published value for {lowest.since_year}, the only "
            "year compared"
        )
    else:
        head = (
            f"{lowest.value:.0f}% is below every published value from {lowest.since_year} "
            f"to {lowest.year - 1} ({len(lowest.compared_years)} years compared)"
        )
    reasons = {
        "gap": (
            f"; {not_held(lowest.unresolved_years)}, so it cannot be proved further back"
            if lowest.unresolved_years
            else ""
        ),
        "mode_break": (
            f"; earlier years were {_mode_before(changes, lowest.break_year)} and are not "
            f"comparable with {lowest.break_year} onwards"
        ),
        "start_of_series": "; that is the start of the series",
        "lower_or_equal_value": "",
    }
    skipped = (
        f" (not asked in {', '.join(map(str, lowest.skipped_years))})"
        if lowest.skipped_years
        else ""
    )
    return head + reasons[lowest.stopped_by] + skipped + "."


def _mode_before(changes: tuple[ModeChange, ...], year: int | None) -> str:
    """The survey mode of the years before the change of ``year``, in words."""
    before = next((change.before for change in changes if change.year == year), None)
    return SURVEY_MODE_WORDS[before] if before else "in another survey mode"


def year_table(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The published row for ``year`` as a two-column table for display, each value shown by
    :func:`~mutualstats.statistic.format_value` and codes as words (the publication by its
    publisher and year, from the ``publications`` table)."""
    row = frame.set_index("year").loc[year]
    publications = datasets.load("publications")
    shown = {
        "NHS satisfied": format_value(row["nhs_satisfied_pct"], "pct"),
        "NHS dissatisfied": format_value(row["nhs_dissatisfied_pct"], "pct"),
        "NHS base (respondents)": format_value(row["nhs_base_n"], "count"),
        "Social care satisfied": format_value(row["social_care_satisfied_pct"], "pct"),
        "Social care dissatisfied": format_value(row["social_care_dissatisfied_pct"], "pct"),
        "Social care base (respondents)": format_value(row["social_care_base_n"], "count"),
        "Fieldwork": "not found" if pd.isna(row["fieldwork"]) else str(row["fieldwork"]),
        "Mode": SURVEY_MODE_WORDS.get(str(row["mode"]), str(row["mode"])),
        "Publication": label(row["publication_id"], publication_short_labels(publications)),
        "Source": str(row["source_url"]),
        "Social care source": source_url(row, "social_care"),
    }
    return pd.DataFrame({"measure": list(shown), "value": list(shown.values())})


def _as_n(value: object) -> int | None:
    return None if pd.isna(value) else int(value)
