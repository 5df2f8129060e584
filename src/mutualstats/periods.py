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

if TYPE_CHECKING:
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
        frame = self._rows()
        if self.status_column is not None:
            frame = frame.loc[frame[self.status_column] == "published"]
        return sorted({str(value) for value in frame[self.column].dropna()}, key=_order)

    def _rows(self) -> pd.DataFrame:
        """The rows of this period's table that its source gave."""
        from mutualstats import datasets

        frame = datasets.load(self.table)
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
            if value is None or value == "":
                raise PeriodError(self._unheld_briefing_period(chosen, held))
            raise PeriodError(
                f"{given}: no {self.label} {chosen} in the data; held: {', '.join(held)}"
            )
        return int(chosen) if str(chosen).isdigit() else str(chosen)

    def _unheld_briefing_period(self, chosen: object, held: list[str]) -> str:
        """The briefing's own period, which the data do not hold, named where the register
        gives it (the ``period`` of :attr:`claim_id`'s row), which is what to correct."""
        from mutualstats.claims.registry import register_label, register_lines
        from mutualstats.errors import Problem

        problem = Problem(
            register_label(),
            register_lines().get(self.claim_id),
            "period",
            f"{self.claim_id}'s period is the briefing's {self.label} ({self.variable}), but the "
            f"data hold no {self.label} {chosen}; held: {', '.join(held)}",
            str(chosen),
        )
        return str(problem)


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
