"""The processed tables as a Frictionless data package: one CSV and one Table Schema per table.

Input: ``data/processed/`` through :func:`mutualstats.datasets.load`, and the data dictionary
(:mod:`mutualstats.dictionary`). Output: ``datapackage.json`` and ``<table>.csv`` in one folder,
written with the standard library only. Absent values are empty cells (``missingValues: [""]``);
nothing is filled.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from pathlib import Path

import pandas as pd

from mutualstats import __version__, datasets
from mutualstats.dictionary import FieldInfo, TableInfo

PACKAGE_NAME = "mutualstats-processed"
#: The whole package as one download, beside ``datapackage.json``.
PACKAGE_ZIP = f"{PACKAGE_NAME}.zip"
#: The timestamp of every member of the zip, so the archive's bytes are the same on every run.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PACKAGE_TITLE = "mutualstats: the processed source tables behind the briefing audit"


def field_type(dtype: str, values: pd.Series | None = None) -> str:
    """Table Schema type of a pandas dtype; dates with no time of day are ``date``."""
    lowered = dtype.lower()
    if lowered.startswith(("int", "uint")):
        return "integer"
    if lowered.startswith("float"):
        return "number"
    if lowered.startswith("bool"):
        return "boolean"
    if lowered.startswith("datetime64"):
        if values is not None and (values.dropna() == values.dropna().dt.normalize()).all():
            return "date"
        return "datetime"
    return "string"


def table_schema(table: TableInfo, frame: pd.DataFrame) -> dict[str, object]:
    """Table Schema of one table: a field per column, with the constraints its model states."""
    fields = []
    for info in table.fields:
        kind = field_type(info.dtype, frame[info.name])
        descriptor: dict[str, object] = {
            "name": info.name,
            "type": kind,
            "title": info.title,
            "description": info.description,
        }
        if info.unit:
            descriptor["unit"] = info.unit
        descriptor["constraints"] = _typed_constraints(info, kind)
        fields.append(descriptor)
    return {"fields": fields, "missingValues": [""]}


def resource(table: TableInfo, frame: pd.DataFrame) -> dict[str, object]:
    """Data resource descriptor of one table, citing the publications it was read from."""
    licences = "; ".join(f"{record.source_id}: {record.licence}" for record in table.sources)
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.name,
        "description": f"{table.description} Licence: {licences}"
        if licences
        else table.description,
        "sources": [
            {"title": f"{record.publisher}: {record.title} (accessed {record.date_accessed})"}
            | ({"path": url} if url else {})
            for record in table.sources
            for url in (record.urls() or [""])
        ],
        "schema": table_schema(table, frame),
    }


def to_csv(table: TableInfo, frame: pd.DataFrame) -> str:
    """The table as CSV text in schema column order, absent values as empty cells."""
    names = [info.name for info in table.fields]
    kinds = [field_type(info.dtype, frame[info.name]) for info in table.fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in frame[names].itertuples(index=False):
        writer.writerow([_cell(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return buffer.getvalue()


def write_datapackage(tables: list[TableInfo], directory: Path) -> Path:
    """Write ``datapackage.json`` and one CSV per table into ``directory``; return the JSON path."""
    directory.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in tables:
        frame = datasets.load(table.name)
        (directory / f"{table.name}.csv").write_text(to_csv(table, frame), encoding="utf-8")
        resources.append(resource(table, frame))
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": (
            "Each table as validated by its pandera Clean model in mutualstats; the field titles, "
            "descriptions and units are the models' Field metadata. Values are as published: an "
            "empty cell is a value not published, not asked or not found, never zero."
        ),
        "version": __version__,
        "resources": resources,
    }
    path = directory / "datapackage.json"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_zip(directory: Path) -> Path:
    """Pack ``datapackage.json`` and the CSVs it lists into ``directory/``:data:`PACKAGE_ZIP`,
    with fixed timestamps and in a fixed order, so the same tables give the same bytes."""
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    members = ["datapackage.json", *(str(item["path"]) for item in package["resources"])]
    path = directory / PACKAGE_ZIP
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in members:
            info = zipfile.ZipInfo(f"{PACKAGE_NAME}/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (directory / name).read_bytes())
    return path


def _typed_constraints(info: FieldInfo, kind: str) -> dict[str, object]:
    """The model's constraints, with bounds dropped where the field type cannot carry them."""
    constraints = dict(info.constraints)
    if kind not in ("integer", "number"):
        constraints.pop("minimum", None)
        constraints.pop("maximum", None)
    if kind != "string":
        constraints.pop("enum", None)
    return {key: _json_value(value) for key, value in constraints.items()}


def _json_value(value: object) -> object:
    """Plain Python for json.dumps (numpy scalars have ``item``)."""
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _cell(value: object, kind: str) -> str:
    """One CSV cell in the lexical form Table Schema expects for ``kind``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NaT:
        return ""
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "datetime":
        return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%S")
    if kind == "integer":
        return str(int(value))  # type: ignore[call-overload]
    if kind == "number":
        number = float(value)  # type: ignore[arg-type]
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)
