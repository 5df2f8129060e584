"""The period parameters of a run: one per source with survey years or editions.

Each parameter is a notebook parameter (``survey_year``), a ``make`` variable (``BSA_YEAR``) and a
``mutualstats run --period`` name, all read from :data:`PARAMETERS`. Its default is the
briefing's own period, read from the claims register (the ``period`` of one claim), and the values
it accepts are those the processed data holds, so a new year or edition needs no code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mutualstats.config import VALUE_STATUS_WORDS
from mutualstats.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    import pandas as pd


class PeriodError(ValueError):
    """A period value that no data holds, or a parameter that does not exist."""


@dataclass(frozen=True)
class PeriodParameter:
    """One source's period: what it is called, where its values are and the briefing's value."""

    name: str
    variable: str
    label: str
    claim_id: str
    folder: str
    table: str
    column: str
    status_column: str | None = None

    def held(self) -> list[str]:
        """Every value the processed data holds for this period (published ones), oldest first."""
        return self.held_in(self._rows())

    def held_in(self, table: pd.DataFrame) -> list[str]:
        """Every value ``table`` (this period's, as built) holds for this period's source,
        published ones only where its rows have a status, oldest first."""
        frame = self._own(table)
        if self.status_column is not None:
            frame = frame.loc[frame[self.status_column] == "published"]
        return sorted({str(value) for value in frame[self.column].dropna()}, key=_order)

    def _rows(self) -> pd.DataFrame:
        """The rows of this period's table that its source gave."""
        from mutualstats import datasets

        return self._own(datasets.load(self.table))

    def _own(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``frame`` that this period's source gave."""
        return frame.loc[frame["source_id"] == self.folder] if "source_id" in frame else frame

    def _status_of(self, value: object) -> str | None:
        """The status of ``value``'s row where it is held with none published, else None."""
        if self.status_column is None:
            return None
        frame = self._rows()
        rows = frame.loc[frame[self.column].astype(str) == str(value), self.status_column]
        return None if rows.empty else str(rows.iloc[0])

    def briefing(self) -> int:
        """The briefing's own value: the register's period of :attr:`claim_id`."""
        from mutualstats import claims

        return claims.briefing_period(self.claim_id)

    def resolve(self, value: object, given_as: str | None = None) -> int | str:
        """``value``, or the briefing's when it is None, checked against the data held.

        ``given_as`` is how the value was given, for the message (default ``VARIABLE=value``).

        Raises
        ------
        PeriodError
            Naming the values held, when the data holds no such value.
        """
        chosen = self.briefing() if value is None or value == "" else value
        held = self.held()
        if str(chosen) not in held:
            given = given_as or f"{self.variable}={chosen}"
            status = self._status_of(chosen)
            if status is not None:
                raise PeriodError(
                    f"{given}: the data hold {self.label} {chosen}, but "
                    f"{VALUE_STATUS_WORDS[status]}; years with a published value: {', '.join(held)}"
                )
            raise PeriodError(
                f"{given}: no {self.label} {chosen} in the data; held: {', '.join(held)}"
            )
        return int(chosen) if str(chosen).isdigit() else str(chosen)


#: Every period parameter, in the order a run lists them.
PARAMETERS = (
    PeriodParameter(
        "survey_year", "BSA_YEAR", "British Social Attitudes survey year", "C24",
        "bsa", "bsa_satisfaction", "year", status_column="nhs_status",
    ),
    PeriodParameter(
        "sfc_edition", "SFC_EDITION", "Skills for Care edition", "C17",
        "skills_for_care", "sfc_workforce_estimates", "edition",
    ),
    PeriodParameter(
        "seuk_edition", "SEUK_EDITION", "SEUK State of the Sector edition", "C08",
        "seuk_psm", "psm_headline_figures", "edition",
    ),
    PeriodParameter(
        "social_enterprise_edition", "SE_EDITION", "SEUK State of Social Enterprise edition",
        "C10", "seuk_social_enterprise", "psm_headline_figures", "edition",
    ),
)  # fmt: skip


def briefing_period_problems(tables: Mapping[str, pd.DataFrame], raw: Path) -> list[Problem]:
    """The register's rows giving the briefing's period (:attr:`PeriodParameter.claim_id`) with
    one the built tables do not hold: every chart and notebook would be refused for it, and the
    audit would find nothing to judge the claim on. Each is named at its line, from ``raw``."""
    from mutualstats.config import REGISTER_FILE, REGISTER_FOLDER
    from mutualstats.rawcsv import read_rows

    claims = tables.get("briefing_claims")
    if claims is None:
        return []
    register = raw / REGISTER_FOLDER / REGISTER_FILE
    problems = []
    for item in PARAMETERS:
        given = claims.loc[claims["claim_id"] == item.claim_id, "period"].dropna()
        if given.empty or item.table not in tables:
            continue
        period = str(given.iloc[0])
        held = item.held_in(tables[item.table])
        if period in held:
            continue
        published = " with a published value" if item.status_column is not None else ""
        lines = {row.cells.get("claim_id"): row.line for row in read_rows(register, raw)}
        problems.append(
            Problem(
                f"data/raw/{REGISTER_FOLDER}/{REGISTER_FILE}",
                lines.get(item.claim_id),
                "period",
                f"{item.claim_id}'s period is the briefing's {item.label} ({item.variable}), "
                f"but the data hold no {item.label} {period}{published}; held: {', '.join(held)}",
                period,
            )
        )
    return problems


def held_ranges() -> str:
    """The first and last value the data hold for each period, e.g. for a message."""
    spans = []
    for item in PARAMETERS:
        held = item.held()
        spans.append(f"{item.label}s {held[0]} to {held[-1]}" if held else f"no {item.label}s")
    return "; ".join(spans)


def parameter(name: str) -> PeriodParameter:
    """The period parameter called ``name`` (notebook name or make variable).

    Raises
    ------
    PeriodError
        If there is none, naming those there are.
    """
    for item in PARAMETERS:
        if name in (item.name, item.variable):
            return item
    known = ", ".join(item.variable for item in PARAMETERS)
    raise PeriodError(f"no period called {name}; periods: {known}")


def resolve(name: str, value: object = None) -> int | str:
    """The value of period ``name`` for a notebook: ``value``, or the briefing's when None."""
    return parameter(name).resolve(value)


def checked(assignments: dict[str, str]) -> dict[str, int | str]:
    """Notebook parameter values for ``{variable or name: value}``, every one checked first.

    Raises
    ------
    PeriodError
        For the first value no data holds, before anything runs.
    """
    return {
        parameter(key).name: parameter(key).resolve(value) for key, value in assignments.items()
    }


def _order(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (10**6, value)
