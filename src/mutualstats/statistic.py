"""One record for a published number, and the one way every number is shown.

A :class:`Statistic` is a value with its unit, the period it describes and the publication it was
read from (id, URL, page or table), its status and a note. The claims, the restatement, the
notebooks and the site all show values through :func:`format_value`, so a missing value, money, a
percentage and a count read the same everywhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from mutualstats.config import LOWER_BOUND_QUALIFIERS, VALUE_QUALIFIER_WORDS
from mutualstats.number_grammar import NUMBER_WORDS

#: How a value that no publication gives is shown, everywhere.
MISSING = "not found"


@dataclass(frozen=True)
class Statistic:
    """A published (or derived) number with where it was read."""

    measure: str
    value: float | None
    unit: str
    period: str
    source_id: str
    publication_id: str | None
    url: str
    page: str
    status: str
    note: str = ""
    publisher: str = ""
    edition: str = ""
    #: The upper end of a published range (the lower end is ``value``); None for one number.
    value_high: float | None = None
    #: The word the publisher printed before the value (``config.VALUE_QUALIFIERS``): "over"
    #: for "more than 132,000", a lower bound; "none" for a number printed plain.
    qualifier: str = "none"

    @property
    def found(self) -> bool:
        """Whether a value was read (an unverified row has none)."""
        return self.value is not None

    @property
    def lower_bound(self) -> bool:
        """Whether the value was published as a lower bound ("more than 132,000")."""
        return self.qualifier in LOWER_BOUND_QUALIFIERS

    def shown(self, unit: str | None = None) -> str:
        """The value as :func:`format_value` prints it, with its qualifier ("over 132,000"; a
        range as "4% to 5%"), in ``unit`` if given (the unit of the claim it is judged for)."""
        unit = unit or self.unit
        if self.value_high is None or self.value is None:
            return format_value(self.value, unit, self.qualifier)
        return f"{format_value(self.value, unit)} to {format_value(self.value_high, unit)}"

    def derived(
        self, measure: str, value: float, unit: str, note: str = "", period: str | None = None
    ) -> Statistic:
        """A number computed from this one, read from the same publication, page and URL."""
        return dataclasses.replace(
            self,
            measure=measure,
            value=value,
            unit=unit,
            period=self.period if period is None else period,
            status="derived",
            note=note,
        )


def from_row(row: pd.Series, source_id: str, period: object, value: object = None) -> Statistic:
    """A :class:`Statistic` from one processed row (``value``, ``unit``, ``publication_id``,
    ``url``, ``page_or_section``, ``status``, ``note``, and ``publisher``, ``edition`` and
    ``qualifier`` where the table has them); ``value`` overrides the row's value (and then no
    qualifier of the row's is kept)."""
    raw = row["value"] if value is None else value
    return Statistic(
        measure=str(row.get("measure", "")),
        value=None if pd.isna(raw) else float(raw),
        unit=str(row["unit"]),
        period=str(period),
        source_id=source_id,
        publication_id=_text(row.get("publication_id")),
        url=str(row.get("url", row.get("source_url", ""))),
        page=_text(row.get("page_or_section")) or "",
        status=str(row.get("status", "published")),
        note=_text(row.get("note")) or "",
        publisher=_text(row.get("publisher")) or "",
        edition=_text(row.get("edition")) or "",
        qualifier=(_text(row.get("qualifier")) or "none") if value is None else "none",
    )


def format_value(value: object, unit: str, qualifier: str = "none") -> str:
    """A value as printed: "53%", "3.4% a year", "-3 percentage points", "£20.5bn", "£1,600m",
    "1,111,359", "1,111,359 FTE", "2008", "10 years"; a missing value is "not found". A value
    published with a qualifier (``config.VALUE_QUALIFIERS``) has its words before: "over
    132,000", "at least 58"."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return MISSING
    if qualifier != "none":
        return f"{VALUE_QUALIFIER_WORDS[qualifier]} {format_value(value, unit)}"
    number = float(value)  # type: ignore[arg-type]
    if unit in ("pp", "pct_points"):
        # No change has no sign: "0 percentage points", as format_bound writes it.
        signed = f"{number:+g}" if number else "0"
        return f"{signed} percentage point" + ("" if abs(number) == 1 else "s")
    if unit == "gbp_million":
        return f"£{number:,.0f}m"
    if unit in ("year", "years"):
        return _with_unit(f"{number:.0f}", number, unit)
    if unit in ("pct", "pct_per_year", "gbp_billion"):
        return _with_unit(_plain(number), number, unit)
    return _with_unit(f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}", number, unit)


def format_bound(bound: float, unit: str) -> str:
    """A bound of the interval a printed value admits, to the precision it has (at most three
    decimals, no trailing zeros): 52.5%, 22.222% -> "22.222%", 2007.5, 1,350,000, £19.5bn."""
    bound = float(bound)
    if unit in ("pp", "pct_points"):
        signed = f"{bound:+,.3f}".rstrip("0").rstrip(".") if bound else "0"
        return f"{signed} percentage point" + ("" if abs(bound) == 1 else "s")
    text = f"{bound:.3f}".rstrip("0").rstrip(".") if unit == "year" else _grouped(bound, 3)
    return _with_unit(text, bound, unit)


def _with_unit(text: str, number: float, unit: str) -> str:
    """A number's text with its unit: "53%", "3.4% a year", "£20.5bn", "£1,600m", "10 years"."""
    if unit in ("pct", "pct_per_year"):
        return f"{text}%" + (" a year" if unit == "pct_per_year" else "")
    if unit == "gbp_billion":
        return f"£{text}bn"
    if unit == "gbp_million":
        return f"£{text}m"
    if unit == "years":
        return f"{text} year" + ("" if number == 1 else "s")
    if unit == "fte":
        return f"{text} FTE"
    return text


def _grouped(number: float, decimals: int) -> str:
    """``number`` with thousands separators and at most ``decimals`` decimals, no trailing zeros."""
    if number.is_integer():
        return f"{number:,.0f}"
    return f"{number:,.{decimals}f}".rstrip("0").rstrip(".")


def listed(items: Iterable[object], conjunction: str = "and") -> str:
    """Items in a sentence: "2015", "2015 and 2016", "2014, 2015 and 2016" ("or" if asked);
    none gives an empty string."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def in_words(number: int) -> str:
    """A whole number as prose writes it: "five" up to twenty, digits beyond ("21")."""
    words = {value: word for word, value in reversed(NUMBER_WORDS.items()) if value <= 20}
    return words.get(number, f"{number:,}")


def url_or_note(rows: pd.DataFrame) -> list[str]:
    """Where each row's value is published: its URL, or for an unverified row its note (which
    names the pages that do not show it)."""
    return [
        note if status == "unverified" else url
        for status, url, note in zip(rows["status"], rows["url"], rows["note"], strict=True)
    ]


def _plain(number: float) -> str:
    """A number without trailing zeros: 53.0 -> "53", 1.50 -> "1.5"."""
    return f"{number:g}"


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)  # type: ignore[arg-type]


def year_span(years: list[int], label: Callable[[int], str] = str, step: int = 1) -> str:
    """``[2013, 2014, 2015, 2019]`` -> ``"2013-2015 and 2019"``: runs of consecutive years.

    ``label`` writes one year (e.g. :func:`financial_year`); runs are then joined by " to ".
    ``step`` is the distance between consecutive items (quarters numbered as integers work too).
    """
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + step:
            runs[-1].append(year)
        else:
            runs.append([year])
    joiner = "-" if label is str else " to "
    spans = [
        label(run[0]) if len(run) == 1 else f"{label(run[0])}{joiner}{label(run[-1])}"
        for run in runs
    ]
    return spans[0] if len(spans) == 1 else f"{', '.join(spans[:-1])} and {spans[-1]}"
