"""Workforce statistics: vintages of Skills for Care estimates, vacancy and leaving-sector rates.

Input: the clean ``sfc_workforce_estimates``, ``nhs_trust_vacancies``, ``nhs_staff`` and
``hf_key_facts`` tables. Output: small records (value, unit, edition, reference year, status, URL)
and display tables, so notebooks never compute a published number themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mutualstats.config import SKILLS_FOR_CARE_SOURCE as SOURCE_ID
from mutualstats.statistic import Statistic, format_value, from_row, listed, url_or_note

#: What the share of leavers staying in the sector rests on (the Skills for Care row's note), and
#: so the rate of leaving the sector worked out from it.
INFERRED_STAYING = (
    "the share of leavers staying in the sector is read from where starters came from (Skills "
    "for Care also words it as the share of recruitment from within the sector), not from where "
    "leavers went, so the rate of leaving the sector is an estimate"
)


@dataclass(frozen=True)
class Vintages:
    """First-published and latest values of one measure for one reference year."""

    first: Statistic
    latest: Statistic

    @property
    def revised(self) -> bool:
        """Whether a later edition restated the value."""
        return self.first.value != self.latest.value

    @property
    def revision(self) -> float | None:
        """Latest minus first-published value, in the measure's unit."""
        if self.first.value is None or self.latest.value is None:
            return None
        return self.latest.value - self.first.value


@dataclass(frozen=True)
class LeavingSector:
    """Rate of leaving the sector = job turnover x share of leavers who leave the sector."""

    turnover_rate_pct: float
    leavers_staying_in_sector_pct: float
    rate_pct: float

    @property
    def leavers_leaving_sector_pct(self) -> float:
        """Share of leavers who leave the sector altogether."""
        return 100 - self.leavers_staying_in_sector_pct


def financial_year(reference_year: int) -> str:
    """``2017`` -> ``"2017/18"``: Skills for Care data years run April to March."""
    return f"{reference_year}/{(reference_year + 1) % 100:02d}"


def scope_labels(scopes: pd.DataFrame) -> dict[str, str]:
    """Each Skills for Care scope code's label, from the ``sfc_scopes`` table (``scopes.csv``)."""
    return dict(zip(scopes["scope"], scopes["label"], strict=True))


def resolve_edition(edition: int | str) -> int | str:
    """An edition year, or ``"latest"``; anything else is refused with a clear message."""
    if edition == "latest":
        return edition
    if isinstance(edition, int | np.integer):
        return int(edition)
    raise ValueError(f"edition must be 'latest' or a year, got {edition!r}")


def estimate(
    frame: pd.DataFrame,
    measure: str,
    edition: int | str,
    reference_year: int | None = None,
    scope: str | None = None,
) -> Statistic:
    """The value of ``measure`` published in ``edition``, as a :class:`Statistic` whose period is
    the data year (``2017/18``); see :func:`estimate_row` for the choice of row."""
    return as_statistic(estimate_row(frame, measure, edition, reference_year, scope))


def estimate_row(
    frame: pd.DataFrame,
    measure: str,
    edition: int | str,
    reference_year: int | None = None,
    scope: str | None = None,
) -> pd.Series:
    """The row of ``measure`` published in ``edition`` (source: ``sfc_workforce_estimates``).

    ``edition`` is a year or ``"latest"`` (the latest
    edition that published the measure for ``reference_year``). Without ``reference_year`` the
    edition's own headline year is used (the latest year it reports for the measure). Unverified
    rows are returned with ``value`` None, so the caller can say where it is not shown.
    """
    rows = frame.loc[frame["measure"] == measure]
    if scope is not None:
        rows = rows.loc[rows["scope"] == scope]
    if reference_year is not None:
        rows = rows.loc[rows["reference_year"] == reference_year]
    chosen = resolve_edition(edition)
    if chosen == "latest":
        published = rows.dropna(subset=["value"])
        rows = rows.loc[rows["edition"] == (published if len(published) else rows)["edition"].max()]
    else:
        rows = rows.loc[rows["edition"] == chosen]
    if rows.empty:
        raise LookupError(f"no {measure} in edition {edition} for year {reference_year}")
    rows = rows.loc[rows["reference_year"] == rows["reference_year"].max()]
    if len(rows) > 1:
        raise LookupError(f"{measure}: several scopes {sorted(rows['scope'])}; pass scope=")
    return rows.iloc[0]


def as_statistic(row: pd.Series) -> Statistic:
    """A Skills for Care row as a :class:`Statistic`; its period is the data year."""
    return from_row(row, SOURCE_ID, financial_year(int(row["reference_year"])))


#: What each headline measure is called, in the order an edition summary lists them.
HEADLINE_MEASURES = {
    "jobs": "jobs",
    "filled_posts": "filled posts",
    "people": "people working in the sector",
    "fte_jobs": "full-time equivalent jobs",
    "vacancies": "vacancies",
    "vacancy_rate_pct": "vacancy rate",
    "turnover_rate_pct": "job turnover",
    "leavers_staying_in_sector_pct": "leavers staying in the sector",
}

#: How a sentence states each headline measure's value (``{value}`` as printed).
HEADLINE_PHRASES = {
    "vacancy_rate_pct": "a vacancy rate of {value}",
    "turnover_rate_pct": "job turnover of {value}",
    "leavers_staying_in_sector_pct": "{value} of leavers staying in the sector",
}


def edition_figures(frame: pd.DataFrame, edition: int) -> pd.DataFrame:
    """The headline figures of one Skills for Care edition: each headline measure it publishes,
    for the latest data year it reports, shown as printed (source: ``sfc_workforce_estimates``).

    Raises
    ------
    LookupError
        If the table holds no such edition, naming the editions held.
    """
    rows = frame.loc[(frame["edition"] == edition) & frame["measure"].isin(HEADLINE_MEASURES)]
    if rows.empty:
        held = ", ".join(str(value) for value in sorted(frame["edition"].unique()))
        raise LookupError(f"no Skills for Care edition {edition}; editions held: {held}")
    latest = rows.groupby("measure")["reference_year"].transform("max")
    rows = rows.loc[rows["reference_year"] == latest].copy()
    rows["_order"] = rows["measure"].map(list(HEADLINE_MEASURES).index)
    rows = rows.sort_values(["_order", "scope"], kind="stable")
    return pd.DataFrame(
        {
            "measure": rows["measure"],
            "figure": rows["measure"].map(HEADLINE_MEASURES),
            "data year": [financial_year(int(year)) for year in rows["reference_year"]],
            "value": [
                format_value(value, _shown_unit(measure, unit))
                for value, measure, unit in zip(
                    rows["value"], rows["measure"], rows["unit"], strict=True
                )
            ],
            "scope": rows["scope"],
            "publication": rows["publication_id"],
        }
    ).reset_index(drop=True)


def describe_edition(frame: pd.DataFrame, edition: int) -> str:
    """Markdown sentences stating one edition's headline figures, generated from the data, with
    the derived rate of leaving the sector where the edition publishes both of its inputs."""
    figures = edition_figures(frame, edition)
    stated = figures.loc[figures["value"] != format_value(None, "count")]
    years = sorted(set(stated["data year"]))
    several = stated["measure"].duplicated(keep=False)
    parts = [
        HEADLINE_PHRASES.get(row.measure, "{value} " + row.figure).format(value=row.value)
        + (f" ({row.scope.replace('_', ' ')})" if repeated else "")
        for row, repeated in zip(stated.itertuples(), several, strict=True)
    ]
    text = (
        f"The Skills for Care **{edition}** edition "
        f"(data year{'s' if len(years) > 1 else ''} {listed(years)}) gives "
        f"{listed(parts) or 'none of the headline figures'}."
    )
    gap = posts_over_people(frame, edition)
    if gap is not None:
        posts, count = gap
        text += (
            f" Its {HEADLINE_MEASURES[posts]} exceed the people working in the sector by "
            f"{format_value(count, 'count')}: a person with two jobs counts twice."
        )
    published, held = _measures(frame, edition), _measures(frame, edition, with_value=False)
    missing = [name for measure, name in HEADLINE_MEASURES.items() if measure not in held]
    not_found = [
        name
        for measure, name in HEADLINE_MEASURES.items()
        if measure in held and measure not in published
    ]
    if missing:
        text += f" No figure from it is held for {listed(missing, 'or')}."
    if not_found:
        text += f" Its figure for {listed(not_found, 'or')} was not found."
    try:
        leaving = leaving_sector_for(frame, edition)
    except (LookupError, TypeError, ValueError):
        return text + " The rate of leaving the sector cannot be derived from what is held of it."
    return text + (
        f" About {leaving.rate_pct:.1f}% of staff left the sector in the year"
        f"{one_in(leaving.rate_pct)}, an estimate: {INFERRED_STAYING}."
    )


def one_in(rate_pct: float) -> str:
    """A rate as "one in n" after a comma (", one in 10"), or "" where none left (0%)."""
    return f", one in {100 / rate_pct:.0f}" if rate_pct > 0 else ""


def posts_over_people(frame: pd.DataFrame, edition: int) -> tuple[str, float] | None:
    """How many more jobs (or filled posts, from the 2022 edition) than people one edition counts,
    all sectors (scope ``all_sectors_<measure>``), for the latest data year giving both; ``None``
    where it does not publish both (source: ``sfc_workforce_estimates``). Returns the posts
    measure and the difference."""
    measures = ["jobs", "filled_posts", "people"]
    rows = frame.loc[
        (frame["edition"] == edition)
        & frame["measure"].isin(measures)
        & (frame["scope"] == "all_sectors_" + frame["measure"].astype(str))
        & frame["value"].notna()
    ]
    values = rows.pivot_table(index="reference_year", columns="measure", values="value")
    for posts in ("filled_posts", "jobs"):
        if {posts, "people"} <= set(values.columns):
            both = values[[posts, "people"]].dropna()
            if not both.empty:
                latest = both.iloc[-1]
                return posts, float(latest[posts] - latest["people"])
    return None


def _measures(frame: pd.DataFrame, edition: int, with_value: bool = True) -> set[str]:
    """The measures ``edition`` has rows of: with a value, or (``with_value=False``) any."""
    rows = frame.loc[frame["edition"] == edition]
    return set(rows.loc[rows["value"].notna()]["measure"] if with_value else rows["measure"])


def vintages(
    frame: pd.DataFrame, measure: str, reference_year: int, scope: str | None = None
) -> Vintages:
    """First-published and latest published values of ``measure`` for ``reference_year``.

    Both stay in the table as rows of their own editions; this never overwrites either.
    """
    rows = frame.loc[
        (frame["measure"] == measure)
        & (frame["reference_year"] == reference_year)
        & frame["value"].notna()
    ]
    if scope is not None:
        rows = rows.loc[rows["scope"] == scope]
    if rows.empty:
        raise LookupError(f"no published {measure} for {reference_year}")
    ordered = rows.sort_values("edition", kind="stable")
    return Vintages(as_statistic(ordered.iloc[0]), as_statistic(ordered.iloc[-1]))


def vintage_series(frame: pd.DataFrame, measure: str, scope: str | None = None) -> pd.DataFrame:
    """Per reference year: the first-published value and the latest edition's value.

    Columns: ``reference_year``, ``first_published``, ``first_edition``, ``latest``,
    ``latest_edition``. Years with no published value are left out, never filled.
    """
    rows = frame.loc[(frame["measure"] == measure) & frame["value"].notna()]
    if scope is not None:
        rows = rows.loc[rows["scope"] == scope]
    ordered = rows.sort_values(["reference_year", "edition"], kind="stable")
    grouped = ordered.groupby("reference_year")
    series = pd.DataFrame(
        {
            "first_published": grouped["value"].first(),
            "first_edition": grouped["edition"].first(),
            "latest": grouped["value"].last(),
            "latest_edition": grouped["edition"].last(),
        }
    )
    return series.reset_index()


def revisions(frame: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """Each data year of ``measures`` whose value a later edition changed, as a reader reads it:
    the measure, the data year ("2021/22"), the first-published value and its edition, the
    latest value and its edition, values with their units ("165,000", "10.7%"). Both values are
    held (:func:`vintage_series`); neither is overwritten.

    Columns: ``measure``, ``data_year``, ``first_published``, ``first_edition``, ``latest``,
    ``latest_edition``.
    """
    tables = []
    for measure in measures:
        series = vintage_series(frame, measure)
        revised = series.loc[series["first_published"] != series["latest"]]
        unit = _shown_unit(measure, str(frame.loc[frame["measure"] == measure, "unit"].iloc[0]))
        tables.append(
            pd.DataFrame(
                {
                    "measure": measure,
                    "data_year": [financial_year(int(year)) for year in revised["reference_year"]],
                    "first_published": [format_value(v, unit) for v in revised["first_published"]],
                    "first_edition": revised["first_edition"].astype(str),
                    "latest": [format_value(v, unit) for v in revised["latest"]],
                    "latest_edition": revised["latest_edition"].astype(str),
                }
            )
        )
    return pd.concat(tables, ignore_index=True)


def vacancy_rate_pct(vacancies: float, filled_posts: float) -> float:
    """Vacant posts as a percentage of all posts (filled + vacant)."""
    return 100 * vacancies / (vacancies + filled_posts)


def implied_posts(vacancies: float, vacancy_rate: float) -> float:
    """All posts (filled + vacant) implied by a vacancy count and its published rate in %."""
    return vacancies / (vacancy_rate / 100)


def leaving_sector_rate(
    turnover_rate_pct: float, leavers_staying_in_sector_pct: float
) -> LeavingSector:
    """Share of the workforce leaving the sector in a year, from job turnover.

    Skills for Care turnover counts everyone leaving a job, including moves to another care
    employer; only leavers who do not stay in the sector leave it.
    """
    rate = turnover_rate_pct * (100 - leavers_staying_in_sector_pct) / 100
    return LeavingSector(turnover_rate_pct, leavers_staying_in_sector_pct, rate)


def leaving_sector_for(frame: pd.DataFrame, edition: int | str) -> LeavingSector:
    """:func:`leaving_sector_rate` from one edition's turnover and share staying in the sector.

    Raises
    ------
    LookupError
        If the edition gives no value for either (a row of status ``unverified``).
    """
    staying = estimate_row(frame, "leavers_staying_in_sector_pct", edition)
    turnover = estimate_row(
        frame, "turnover_rate_pct", staying["edition"], staying["reference_year"], staying["scope"]
    )
    if pd.isna(staying["value"]) or pd.isna(turnover["value"]):
        raise LookupError(f"edition {edition} gives no value for turnover or leavers staying")
    return leaving_sector_rate(float(turnover["value"]), float(staying["value"]))


def leaving_sector_series(frame: pd.DataFrame) -> pd.DataFrame:
    """Turnover, the share of leavers staying in the sector and the leaving-sector rate, for every
    edition publishing both on the same scope (one row each, with that scope)."""
    staying = frame.loc[
        (frame["measure"] == "leavers_staying_in_sector_pct") & frame["value"].notna()
    ]
    columns = [
        "reference_year",
        "edition",
        "scope",
        "turnover_rate_pct",
        "leavers_staying_in_sector_pct",
        "leaving_sector_rate_pct",
    ]
    records = []
    for row in staying.itertuples(index=False):
        turnover = estimate_row(
            frame, "turnover_rate_pct", row.edition, row.reference_year, row.scope
        )
        rates = leaving_sector_rate(float(turnover["value"]), float(row.value))
        records.append(
            {
                "reference_year": row.reference_year,
                "edition": row.edition,
                "scope": row.scope,
                "turnover_rate_pct": rates.turnover_rate_pct,
                "leavers_staying_in_sector_pct": rates.leavers_staying_in_sector_pct,
                "leaving_sector_rate_pct": rates.rate_pct,
            }
        )
    return pd.DataFrame(records, columns=columns).sort_values("reference_year", ignore_index=True)


def growth_rate_pct(start: float, end: float) -> float:
    """Percentage change from ``start`` to ``end``."""
    return 100 * (end - start) / start


def growth_from_change_pct(level: float, change: float) -> float:
    """Growth in % on the previous year, from a published level and its published change."""
    return growth_rate_pct(level - change, level)


def average_annual_growth_pct(start: float, end: float, years: int) -> float:
    """Compound average annual growth in % over ``years`` years."""
    return 100 * ((end / start) ** (1 / years) - 1)


def nhs_vacancies(
    frame: pd.DataFrame, staff_group: str = "all", measure: str = "vacancies_fte"
) -> pd.DataFrame:
    """Trust-reported NHS vacancies by quarter, the earliest-published value held per quarter.

    Where a quarter has several rows, the first transcribed is kept: transcribers list the
    first-published figure first and restatements after it (see ``trust_vacancies.csv``). Where
    the first report's figure is not held as a number, the restatement is the value kept.

    Source: ``nhs_trust_vacancies``. Advertised vacancies (NHS Jobs) are a different measure
    and are returned only when asked for by ``measure``. Quarters with no published value are
    left out.
    """
    rows = frame.loc[
        (frame["staff_group"] == staff_group)
        & (frame["measure"] == measure)
        & frame["value"].notna()
    ]
    # By the quarter's last day: one quarter may be written two ways ("2018/19 Q3", "2018 Oct-Dec").
    first = rows.drop_duplicates(subset=["period_end"], keep="first")
    return first.sort_values("period_end")[list(NHS_VACANCY_COLUMNS)].reset_index(drop=True)


#: The columns of one quarter of NHS trust vacancies (:func:`nhs_vacancies`).
NHS_VACANCY_COLUMNS = (
    "period",
    "period_end",
    "measure",
    "value",
    "qualifier",
    "unit",
    "publisher",
    "edition",
    "publication_id",
    "page_or_section",
    "status",
    "url",
    "note",
)


def nhs_vacancy_lines(quarters: pd.DataFrame) -> list[str]:
    """One line per quarter of :func:`nhs_vacancies`, its value as published: "2022/23 Q1 (end
    30 Jun 2022): over 132,000 WTE vacancies (NHS Digital, secondary)"."""
    return [
        f"{row.period} (end {row.period_end:%d %b %Y}): "
        f"{format_value(row.value, 'count', row.qualifier)} WTE vacancies "
        f"({row.publisher}, {row.status})"
        for row in quarters.itertuples(index=False)
    ]


def source_table(rows: pd.DataFrame, label_column: str | None = None) -> pd.DataFrame:
    """Rows shown with their value, edition, reference year, status and URL (or note).

    Unverified rows show "not found" as the value and their note (where the value is not shown);
    a value published with a qualifier shows it ("over 132,000") where the table has them.
    """
    qualifiers = rows["qualifier"] if "qualifier" in rows else ["none"] * len(rows)
    shown = pd.DataFrame(
        {
            "measure": rows[label_column or "measure"],
            "value": [
                format_value(value, _shown_unit(measure, unit), qualifier)
                for value, measure, unit, qualifier in zip(
                    rows["value"], rows["measure"], rows["unit"], qualifiers, strict=True
                )
            ],
            "edition": rows["edition"].astype(str),
            "reference": _reference(rows),
            "status": rows["status"],
            "url or note": url_or_note(rows),
        }
    )
    return shown.reset_index(drop=True)


def _shown_unit(measure: str, unit: str) -> str:
    """The unit a value is shown in: a change in percentage points (``_pp``), stored as ``pct``,
    is shown in points ("+7.6 percentage points", not "7.6%")."""
    return "pct_points" if unit == "pct" and str(measure).endswith("_pp") else str(unit)


def _reference(rows: pd.DataFrame) -> list[str]:
    for column in ("reference_year", "reference_date", "period"):
        if column in rows:
            values = rows[column]
            if column == "reference_year":
                return ["unknown" if pd.isna(y) else financial_year(int(y)) for y in values]
            return [str(v) for v in values]
    return [""] * len(rows)
