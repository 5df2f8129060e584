"""The data dictionary: each processed table's columns and rules, read from its pandera model.

Input: :data:`mutualstats.sources.CLEAN_MODELS` (titles, descriptions and units live in each
``Field``) and ``data/raw/<source>/source.yaml`` (provenance). Output: small records that the
reviewer's site (:mod:`mutualstats.site`) and the data package (:mod:`mutualstats.datapackage`)
render; nothing here knows HTML or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import pandera.pandas as pa

from mutualstats import datasets
from mutualstats.provenance import SourceRecord
from mutualstats.schemas.common import ROW_KEY
from mutualstats.sources import CLEAN_MODELS

#: What a column of each kind (its Table Schema type, :func:`field_type`) holds, in words: the
#: dictionary shows it where a column has no unit ("none: text").
KIND_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "date": "date",
    "datetime": "date and time",
}

#: How a built-in pandera check reads in the dictionary, by check name and its statistic.
CHECK_WORDING = {
    "greater_than": ("> {}", "min_value"),
    "greater_than_or_equal_to": ("≥ {}", "min_value"),
    "less_than": ("< {}", "max_value"),
    "less_than_or_equal_to": ("≤ {}", "max_value"),
    "isin": ("one of: {}", "allowed_values"),
    "notin": ("none of: {}", "forbidden_values"),
    "str_startswith": ("starts with “{}”", "string"),
    "str_endswith": ("ends with “{}”", "string"),
    "str_matches": ("matches /{}/", "pattern"),
    "str_contains": ("contains /{}/", "pattern"),
    "equal_to": ("= {}", "value"),
}


@dataclass(frozen=True)
class FieldInfo:
    """One column of a processed table, as its Clean model declares it."""

    name: str
    title: str
    description: str
    unit: str
    dtype: str
    nullable: bool
    checks: tuple[str, ...]
    constraints: dict[str, object]
    #: The column's checks by name with their statistics (``greater_than``: ``{"min_value": 0}``),
    #: for a reader that words them itself.
    check_statistics: tuple[tuple[str, dict[str, object]], ...] = ()
    #: What each code of the column's vocabulary means, where the model defines them.
    definitions: dict[str, str] = field(default_factory=dict)
    #: Its Table Schema type (:func:`field_type`), read with the table's values; empty where
    #: only the model was read.
    kind: str = ""

    @property
    def unit_shown(self) -> str:
        """The unit, or where the column has none, that it has none and what it holds."""
        if self.unit or not self.kind:
            return self.unit
        return f"none: {KIND_WORDS[self.kind]}"


@dataclass(frozen=True)
class TableInfo:
    """One processed table: what a row is, its columns, its cross-row rules and its sources."""

    name: str
    model: str
    description: str
    fields: tuple[FieldInfo, ...]
    rules: tuple[str, ...]
    sources: tuple[SourceRecord, ...]
    #: The table's name in words: its model docstring's opening, before the first colon.
    title: str = ""
    #: The columns whose values identify each row, none of them ever empty; () where none do.
    primary_key: tuple[str, ...] = ()


def tables() -> list[TableInfo]:
    """Every processed table's dictionary entry, in table name order."""
    return [table_info(name) for name in sorted(CLEAN_MODELS)]


def table_info(name: str) -> TableInfo:
    """The dictionary entry of processed table ``name``, with the sources that feed it."""
    model = CLEAN_MODELS[name]
    frame = datasets.load(name)
    fields = tuple(
        replace(info, kind=field_type(info.dtype, frame[info.name])) for info in model_fields(model)
    )
    description = _docstring(model)
    return TableInfo(
        name=name,
        model=model.__name__,
        description=description,
        fields=fields,
        rules=tuple(model_rules(model)),
        sources=tuple(datasets.provenance(folder) for folder in datasets.source_folders(name)),
        title=description.split(": ", 1)[0].rstrip("."),
        primary_key=primary_key(model),
    )


def field_type(dtype: str, values: pd.Series | None = None) -> str:
    """Table Schema type of a pandas dtype; dates with no time of day are ``date``.

    Without ``values`` (a model read alone, as ``mutualstats describe`` reads one), a date-time
    column is ``date``: every such column of a raw file is read as days written YYYY-MM-DD
    (:mod:`mutualstats.validation`), and a clean table's come from them.
    """
    lowered = dtype.lower()
    if lowered.startswith(("int", "uint")):
        return "integer"
    if lowered.startswith("float"):
        return "number"
    if lowered.startswith("bool"):
        return "boolean"
    if lowered.startswith("datetime64"):
        if values is None or (values.dropna() == values.dropna().dt.normalize()).all():
            return "date"
        return "datetime"
    return "string"


def kind_in_words(dtype: str, values: pd.Series | None = None) -> str:
    """What a column of ``dtype`` holds, in words (:data:`KIND_WORDS`): "whole number", "date"."""
    return KIND_WORDS[field_type(dtype, values)]


def primary_key(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """The columns that identify each row: the key of the model's one-row-per-key check
    (:func:`mutualstats.schemas.common.one_row_per`), else its one column of unique values; ()
    where a key column may be empty, since a primary key's values never are."""
    schema = model.to_schema()
    keys = [
        tuple(check.statistics[ROW_KEY])
        for check in schema.checks
        if ROW_KEY in (check.statistics or {})
    ]
    keys += [(str(name),) for name, column in schema.columns.items() if column.unique]
    if not keys or any(schema.columns[column].nullable for column in keys[0]):
        return ()
    return keys[0]


def model_fields(model: type[pa.DataFrameModel]) -> list[FieldInfo]:
    """Columns of a pandera model with title, description, unit, dtype, nullability and checks."""
    schema = model.to_schema()
    fields = []
    for name, column in schema.columns.items():
        metadata = column.metadata or {}
        fields.append(
            FieldInfo(
                name=str(name),
                title=column.title or "",
                description=column.description or "",
                unit=str(metadata.get("unit", "")),
                dtype=str(column.dtype),
                nullable=bool(column.nullable),
                checks=tuple(describe_check(check) for check in column.checks),
                constraints=_constraints(column),
                definitions=dict(metadata.get("definitions", {})),
                check_statistics=tuple(
                    (str(check.name), dict(check.statistics or {})) for check in column.checks
                ),
            )
        )
    return fields


def model_rules(model: type[pa.DataFrameModel]) -> list[str]:
    """The model's cross-row (dataframe-level) checks, by their error messages."""
    return [str(check.error or check.name) for check in model.to_schema().checks]


def describe_check(check: pa.Check) -> str:
    """A short reading of a column check: ``≥ 0``, ``one of: a, b`` or a custom check's error."""
    wording = CHECK_WORDING.get(check.name)
    statistics = check.statistics or {}
    if check.name == "str_length":
        return _length_in_words(statistics)
    if wording is None or wording[1] not in statistics:
        return str(check.error or check.name)
    template, key = wording
    value = statistics[key]
    if isinstance(value, list | tuple | set | frozenset):
        value = ", ".join(str(item) for item in value)
    return template.format(value)


def _length_in_words(statistics: dict[str, object]) -> str:
    """A text length check in words: "length ≥ 1", "length ≤ 80", "length 2 to 80"."""
    low, high = statistics.get("min_value"), statistics.get("max_value")
    if low is not None and high is not None:
        return f"length {low} to {high}"
    return f"length ≥ {low}" if low is not None else f"length ≤ {high}"


def _constraints(column: pa.Column) -> dict[str, object]:
    """Table Schema constraints the column's checks express exactly (required, unique, enum,
    minimum, maximum)."""
    constraints: dict[str, object] = {"required": not column.nullable}
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        statistics = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = [str(value) for value in statistics["allowed_values"]]
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = statistics["min_value"]
        elif check.name == "less_than_or_equal_to":
            constraints["maximum"] = statistics["max_value"]
    return constraints


def _docstring(model: type) -> str:
    """First paragraph of a model's docstring, on one line."""
    text = (model.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(text.split())
