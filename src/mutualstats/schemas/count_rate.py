"""A count and the rate of the same thing (vacancies and the vacancy rate) agree on being 0.

One rule for every long table of counts and rates: the pairs are declared once here, each table
says which columns make two rows one publication's figures for one period and population.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from mutualstats.errors import DataValidationError, Problem

#: Measures that give one thing as a count and as a rate: vacant posts and the share of posts
#: vacant, leavers and job turnover (leavers as a share of staff). Within one publication,
#: edition, period and population both are 0 or both are more than 0: 110,000 vacancies beside a
#: vacancy rate of 0 (or the reverse) is a slip. The figures held are national, in tens of
#: thousands, so no real count is small enough to round to a rate of 0. A pair applies to every
#: table whose vocabulary holds both measures.
COUNT_RATE_PAIRS = (
    ("vacancies", "vacancy_rate_pct"),
    ("vacancies_fte", "vacancy_rate_pct"),
    ("leavers", "turnover_rate_pct"),
)


def count_rate_rule(measures: dict[str, str], key: tuple[str, ...]) -> str:
    """The rule on the count-and-rate pairs of a table whose measures are ``measures``, rows
    being one figure's when they share ``key``, as the model states it."""
    pairs = [f"{count} and {rate}" for count, rate in _pairs_of(measures)]
    return (
        f"value: a count and the rate of the same thing ({'; '.join(pairs)}) with the same "
        f"{', '.join(key)} are both 0 or both more than 0"
    )


def zero_beside_positive(frame: pd.DataFrame, key: tuple[str, ...]) -> dict[object, object]:
    """Each row whose value is 0 while its count or rate of the same thing
    (:data:`COUNT_RATE_PAIRS`), in a row with the same ``key``, is more than 0: the row's index
    -> that row's index."""
    found: dict[object, object] = {}
    columns = [*key, "value"]
    for count, rate in COUNT_RATE_PAIRS:
        for measure, other in ((count, rate), (rate, count)):
            zero = frame.loc[(frame["measure"] == measure) & (frame["value"] == 0), columns]
            positive = frame.loc[(frame["measure"] == other) & (frame["value"] > 0), list(key)]
            if zero.empty or positive.empty:
                continue
            pairs = zero.assign(_row=zero.index).merge(
                positive.assign(_other=positive.index), on=list(key)
            )
            for row, other_row in zip(pairs["_row"], pairs["_other"], strict=True):
                found.setdefault(row, other_row)
    return found


def counts_agree_with_rates(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """False on each row :func:`zero_beside_positive` finds."""
    return pd.Series(~frame.index.isin(list(zero_beside_positive(frame, key))), index=frame.index)


def partners_named(
    error: DataValidationError, frame: pd.DataFrame, rule: str, key: tuple[str, ...]
) -> DataValidationError:
    """``error`` with each failure of the count-and-rate ``rule`` naming the figure it
    contradicts (:func:`count_rate_named`), for a loader to raise."""
    return DataValidationError([count_rate_named(p, frame, rule, key) for p in error.problems])


def count_rate_named(
    problem: Problem, frame: pd.DataFrame, rule: str, key: tuple[str, ...]
) -> Problem:
    """A failure of the count-and-rate ``rule`` with the figure it contradicts and that
    figure's line ("vacancy_rate_pct 0 beside vacancies 110000 (line 16) ..."); any other
    problem as it is. ``frame`` is indexed by line, as the loader reads it."""
    if problem.column != "value" or problem.check != rule.removeprefix("value: "):
        return problem
    other = zero_beside_positive(frame, key).get(problem.line)
    if other is None:
        return problem
    row, partner = frame.loc[problem.line], frame.loc[other]
    same = ", ".join(f"{column} {_shown(row[column])}" for column in key)
    check = (
        f"{row['measure']} is 0 beside {partner['measure']} "
        f"{partner['value']:,g}{'%' if partner['unit'] == 'pct' else ''} (line {other}) "
        f"for the same {same}: a count and the rate of the same thing are both 0 or both more "
        "than 0"
    )
    return replace(problem, check=check, value=f"{row['value']:g}")


def _pairs_of(measures: dict[str, str]) -> list[tuple[str, str]]:
    return [(count, rate) for count, rate in COUNT_RATE_PAIRS if {count, rate} <= set(measures)]


def _shown(value: object) -> str:
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)
