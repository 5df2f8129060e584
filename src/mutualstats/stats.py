"""Named statistics: survey proportions with intervals, changes, and "lowest since".

Every function is pure and returns a small record, so notebooks and claims never compute a
published number themselves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from mutualstats.config import DEFAULT_DESIGN_EFFECT, SIGNIFICANCE_TEXT, Z_95


@dataclass(frozen=True)
class Proportion:
    """A survey share with its 95% Wilson interval, all in percent."""

    pct: float
    lower_pct: float
    upper_pct: float
    base_n: int
    effective_n: float
    design_effect: float


@dataclass(frozen=True)
class Change:
    """Change between two survey shares, in percentage points, with a 5% significance flag.

    ``significant`` is None when a base is not published, since no test can then be made.
    """

    from_pct: float
    to_pct: float
    change_pp: float
    standard_error_pp: float | None
    z: float | None
    significant: bool | None
    note: str


@dataclass(frozen=True)
class LowestSince:
    """How far back a value is provably the lowest of a series.

    ``since_year`` is the earliest year such that the value is below every published value
    from ``since_year`` to the year before ``year``. ``bounded_by_year`` is the year with a value
    at or below it that ends the run (so "lowest since <bounded_by_year>"), if one was reached.
    ``unresolved_years`` are years asked but with no published value: the run cannot be proved
    past them. ``skipped_years`` were not asked and so cannot contradict the claim.
    """

    year: int
    value: float
    since_year: int | None
    compared_years: list[int]
    bounded_by_year: int | None
    bounded_by_value: float | None
    unresolved_years: list[int]
    skipped_years: list[int]
    stopped_by: str
    break_year: int | None = None

    @property
    def years_provably_lowest(self) -> int:
        """Number of years back over which the value is provably the lowest."""
        return 0 if self.since_year is None else self.year - self.since_year


def wilson_interval(
    pct: float, base_n: int, design_effect: float = DEFAULT_DESIGN_EFFECT, z: float = Z_95
) -> Proportion:
    """95% Wilson score interval for a share ``pct`` (percent) of ``base_n`` respondents.

    The design effect divides the base into an effective sample size, widening the interval
    for clustered or weighted surveys; 1.0 assumes simple random sampling.
    """
    if base_n <= 0 or design_effect <= 0:
        raise ValueError("base_n and design_effect must be positive")
    if not 0 <= pct <= 100:
        raise ValueError(f"pct must lie in [0, 100], got {pct}")
    effective_n = base_n / design_effect
    share = pct / 100
    denominator = 1 + z**2 / effective_n
    centre = (share + z**2 / (2 * effective_n)) / denominator
    half_width = (z / denominator) * math.sqrt(
        share * (1 - share) / effective_n + z**2 / (4 * effective_n**2)
    )
    return Proportion(
        pct=pct,
        lower_pct=100 * (centre - half_width),
        upper_pct=100 * (centre + half_width),
        base_n=int(base_n),
        effective_n=effective_n,
        design_effect=design_effect,
    )


def change_between(
    from_pct: float,
    from_n: int | None,
    to_pct: float,
    to_n: int | None,
    design_effect: float = DEFAULT_DESIGN_EFFECT,
    z: float = Z_95,
) -> Change:
    """Change from one independent survey share to another, with a two-sided 5% z-test."""
    change_pp = to_pct - from_pct
    if not from_n or not to_n or pd.isna(from_n) or pd.isna(to_n):
        return Change(from_pct, to_pct, change_pp, None, None, None, "base not published")
    variance = sum(
        (pct / 100) * (1 - pct / 100) / (n / design_effect)
        for pct, n in ((from_pct, from_n), (to_pct, to_n))
    )
    standard_error_pp = 100 * math.sqrt(variance)
    z_score = change_pp / standard_error_pp if standard_error_pp else math.inf
    significant = abs(z_score) > z
    note = ("" if significant else "not ") + f"significant at {SIGNIFICANCE_TEXT}"
    return Change(from_pct, to_pct, change_pp, standard_error_pp, z_score, significant, note)


def lowest_since(
    values: pd.Series,
    year: int,
    not_asked: Iterable[int] = (),
    comparability_breaks: Iterable[int] = (),
) -> LowestSince:
    """Walk back from ``year`` and report how far its value is provably the lowest.

    Parameters
    ----------
    values
        Published values indexed by year; a missing or NaN year is a gap.
    year
        The year whose value is judged.
    not_asked
        Years the question was not asked: skipped, they cannot contradict the claim.
    comparability_breaks
        First years of a new survey method (e.g. 2020 for BSA's move online). The walk does not
        cross a break, since values either side are not comparable.
    """
    series = values.dropna()
    if year not in series.index:
        raise ValueError(f"no published value for {year}")
    value = float(series.loc[year])
    skipped_set = set(not_asked)
    breaks = sorted(b for b in comparability_breaks if b <= year)
    floor_year = breaks[-1] if breaks else None
    first_year = int(values.index.min())
    compared, skipped = [], []
    for earlier in range(year - 1, first_year - 1, -1):
        if floor_year is not None and earlier < floor_year:
            return _result(year, value, compared, None, [], skipped, "mode_break", floor_year)
        if earlier in skipped_set:
            skipped.append(earlier)
        elif earlier not in series.index:
            return _result(year, value, compared, None, [earlier], skipped, "gap")
        elif float(series.loc[earlier]) <= value:
            bound = (earlier, float(series.loc[earlier]))
            return _result(year, value, compared, bound, [], skipped, "lower_or_equal_value")
        else:
            compared.append(earlier)
    return _result(year, value, compared, None, [], skipped, "start_of_series")


def _result(
    year: int,
    value: float,
    compared: list[int],
    bounded_by: tuple[int, float] | None,
    unresolved: list[int],
    skipped: list[int],
    stopped_by: str,
    break_year: int | None = None,
) -> LowestSince:
    if bounded_by is not None:
        since_year: int | None = bounded_by[0] + 1
    else:
        since_year = min(compared) if compared else None
    return LowestSince(
        year=year,
        value=value,
        since_year=since_year,
        compared_years=sorted(compared),
        bounded_by_year=None if bounded_by is None else bounded_by[0],
        bounded_by_value=None if bounded_by is None else bounded_by[1],
        unresolved_years=unresolved,
        skipped_years=sorted(skipped),
        stopped_by=stopped_by,
        break_year=break_year,
    )


@dataclass(frozen=True)
class RecordLow:
    """Whether a value is below every earlier published value of its series, and the earlier
    years asked whose value is not published (``unresolved_years``), across which a record low
    cannot be proved."""

    year: int
    value: float
    is_below_all_published: bool
    years_compared: int
    first_year: int
    unresolved_years: tuple[int, ...] = ()

    @property
    def is_record_low(self) -> bool:
        """Below every earlier value of the series: every earlier year asked is published."""
        return self.is_below_all_published and not self.unresolved_years


def record_low(values: pd.Series, year: int, not_asked: Iterable[int] = ()) -> RecordLow:
    """Compare ``year``'s value with every earlier published year ("a record low at the time").

    A year from the first published one on that is missing or NaN, and not in ``not_asked``, is
    a gap: the value is below all published years but is not shown to be a record low. The
    comparison spans any change of survey method: say so when reporting it.
    """
    series = values.dropna()
    if year not in series.index:
        raise ValueError(f"no published value for {year}")
    value = float(series.loc[year])
    others = series.loc[series.index < year]
    first_year = int(series.index.min())
    skipped = set(not_asked)
    unresolved = tuple(
        earlier
        for earlier in range(first_year + 1, year)
        if earlier not in series.index and earlier not in skipped
    )
    return RecordLow(
        year=year,
        value=value,
        # With no earlier year there is nothing to be lower than: the first year is no record.
        is_below_all_published=bool(len(others) > 0 and (others > value).all()),
        years_compared=len(others),
        first_year=first_year,
        unresolved_years=unresolved,
    )
