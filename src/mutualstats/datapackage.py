"""The processed tables as a Frictionless data package: one CSV and one Table Schema per table.

Input: ``data/processed/`` through :func:`mutualstats.datasets.load`, the data dictionary
(:mod:`mutualstats.dictionary`) and each source folder's ``source.yaml``. Output:
``datapackage.json`` (Data Package v2), ``<table>.csv`` and ``raw/<source>/source.yaml`` (where
each table's licences are stated) in one folder, then checked with frictionless, the Frictionless
Data reference implementation: a package with an error or a warning is refused. Absent values are
empty cells (``missingValues: [""]``); nothing is filled.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import zipfile
from pathlib import Path

import pandas as pd

from mutualstats import __version__, datasets
from mutualstats.config import raw_dir
from mutualstats.dictionary import FieldInfo, TableInfo
from mutualstats.errors import DataPackageError
from mutualstats.provenance import PROVENANCE_FILE, Publication, SourceRecord, publications
from mutualstats.sources._long import PUBLICATION_COLUMN

PACKAGE_NAME = "mutualstats-processed"
#: The whole package as one download, beside ``datapackage.json``.
PACKAGE_ZIP = f"{PACKAGE_NAME}.zip"
#: The timestamp of every member of the zip, so the archive's bytes are the same on every run.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PACKAGE_TITLE = "mutualstats: the processed source tables behind the briefing audit"
#: The version of the Data Package standard the package follows, as its ``$schema``.
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def table_schema(table: TableInfo) -> dict[str, object]:
    """Table Schema of one table: a field per column, with the constraints its model states, and
    the columns that identify a row as its primary key."""
    fields = []
    for info in table.fields:
        descriptor: dict[str, object] = {
            "name": info.name,
            "type": info.kind,
            "title": info.title,
            "description": info.description,
        }
        if info.unit:
            descriptor["unit"] = info.unit
        descriptor["constraints"] = _typed_constraints(info)
        fields.append(descriptor)
    schema: dict[str, object] = {"fields": fields, "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    return schema


def resource(
    table: TableInfo, frame: pd.DataFrame, known: dict[str, Publication]
) -> dict[str, object]:
    """Data resource descriptor of one table, citing the publications its rows ``frame`` were read
    from (:func:`publications_read`; ``known``: every declared publication by id) and the licences
    its source folders state; a table read from no one folder (``publications``) has neither
    list."""
    sources = [_source(known[publication_id]) for publication_id in publications_read(table, frame)]
    licences = [
        {"title": record.licence, "path": _provenance_path(record)} for record in table.sources
    ]
    descriptor: dict[str, object] = {
        "name": table.name,
        "type": "table",
        "path": f"{table.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.title,
        "description": table.description,
    }
    if sources:
        descriptor["sources"] = sources
    if licences:
        descriptor["licenses"] = licences
    return descriptor | {"schema": table_schema(table)}


def publications_read(table: TableInfo, frame: pd.DataFrame) -> list[str]:
    """The ids of the publications the rows ``frame`` of ``table`` were read from, in the order its
    source folders declare them: those its ``publication_id`` column names, or, for a table
    without one, every publication its folders declare."""
    declared = dict.fromkeys(
        str(publication["id"]) for record in table.sources for publication in record.publications
    )
    if PUBLICATION_COLUMN not in frame.columns:
        return list(declared)
    read = set(frame[PUBLICATION_COLUMN].dropna().astype(str))
    return [publication_id for publication_id in declared if publication_id in read]


def to_csv(table: TableInfo, frame: pd.DataFrame) -> str:
    """The table as CSV text in schema column order, absent values as empty cells."""
    names = [info.name for info in table.fields]
    kinds = [info.kind for info in table.fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in frame[names].itertuples(index=False):
        writer.writerow([_cell(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return buffer.getvalue()


def write_datapackage(tables: list[TableInfo], directory: Path) -> Path:
    """Write ``datapackage.json``, one CSV per table and the ``source.yaml`` of each source into
    ``directory``, and check the package (:func:`validate_datapackage`); return the JSON path.

    Raises
    ------
    DataPackageError
        If frictionless finds an error or a warning in the package written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    known = publications()
    resources = []
    for table in tables:
        frame = datasets.load(table.name)
        (directory / f"{table.name}.csv").write_text(to_csv(table, frame), encoding="utf-8")
        for record in table.sources:
            _copy_provenance(record, directory)
        resources.append(resource(table, frame, known))
    package = {
        "$schema": PACKAGE_PROFILE,
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": (
            "Each table as validated by its pandera Clean model in mutualstats; the field titles, "
            "descriptions and units are the models' Field metadata. Values are as published: an "
            "empty cell is a value not published, not asked or not found, never zero. Each table "
            "names the publications it was read from and the licences their publishers state."
        ),
        "version": __version__,
        "resources": resources,
    }
    path = directory / "datapackage.json"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    validate_datapackage(path)
    return path


def validate_datapackage(path: Path) -> None:
    """Check the package at ``path`` (its ``datapackage.json``) with frictionless.

    Raises
    ------
    DataPackageError
        If frictionless reports an error or a warning: one line naming the first (its resource,
        row and field, where it has them) and how many there are.
    """
    import frictionless  # imported here: half a second, needed only when a package is written

    # frictionless's CSV reader raises the csv module's cell limit for the whole process when it
    # is first loaded; the raw files are read under the standard limit (rawcsv), so it is put back.
    cell_limit = csv.field_size_limit()
    try:
        report = frictionless.validate(str(path))
    finally:
        csv.field_size_limit(cell_limit)
    problems = [*map(_package_problem, report.errors), *report.warnings]
    for task in report.tasks:
        problems += [_row_problem(task.name, error) for error in task.errors]
        problems += [f"resource '{task.name}': {warning}" for warning in task.warnings]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataPackageError(f"the data package {path.name} is not valid: {problems[0]}{more}")


def package_files(package: dict) -> list[str]:
    """The files a package descriptor names, relative to it: each resource's data, then each
    licence file once."""
    data = [str(item["path"]) for item in package["resources"]]
    licences = [
        str(item["path"]) for res in package["resources"] for item in res.get("licenses", [])
    ]
    return [*data, *sorted(set(licences))]


def write_zip(directory: Path) -> Path:
    """Pack ``datapackage.json`` and the files it names (each table's CSV, then the licence files)
    into ``directory/``:data:`PACKAGE_ZIP`, with fixed timestamps and in a fixed order, so the same
    tables give the same bytes."""
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    members = ["datapackage.json", *package_files(package)]
    path = directory / PACKAGE_ZIP
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in members:
            info = zipfile.ZipInfo(f"{PACKAGE_NAME}/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (directory / name).read_bytes())
    return path


def _typed_constraints(info: FieldInfo) -> dict[str, object]:
    """The model's constraints, with bounds dropped where the field type cannot carry them."""
    constraints = dict(info.constraints)
    if info.kind not in ("integer", "number"):
        constraints.pop("minimum", None)
        constraints.pop("maximum", None)
    if info.kind != "string":
        constraints.pop("enum", None)
    return {key: _json_value(value) for key, value in constraints.items()}


def _source(publication: Publication) -> dict[str, str]:
    """A Data Package source: the publication's publisher and title, and its address (its date
    and pages are in the package's ``publications`` table)."""
    title = f"{publication.publisher}: {publication.title}"
    return {"title": title} | ({"path": publication.url} if publication.url else {})


def _provenance_path(record: SourceRecord) -> str:
    """Where the package holds the ``source.yaml`` of ``record``, relative to the package."""
    return f"raw/{record.source_id}/{PROVENANCE_FILE}"


def _copy_provenance(record: SourceRecord, directory: Path) -> None:
    """Copy the source folder's ``source.yaml`` into the package (:func:`_provenance_path`)."""
    target = directory / _provenance_path(record)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(raw_dir() / record.source_id / PROVENANCE_FILE, target)


def _package_problem(error: object) -> str:
    """A problem frictionless finds in ``datapackage.json`` itself, in one line."""
    return str(getattr(error, "message", error))


def _row_problem(resource_name: str, error: object) -> str:
    """A problem frictionless finds in one resource, naming its row and field where it has them
    (the row counts the header as row 1, so it is the CSV's line)."""
    where = [f"resource '{resource_name}'"]
    row = getattr(error, "row_number", None)
    if row is not None:
        where.append(f"row {row}")
    field = getattr(error, "field_name", None)
    if field:
        where.append(f"field '{field}'")
    cell = getattr(error, "cell", None)
    shown = f" (value: {cell!r})" if cell is not None else ""
    kind = getattr(error, "title", "error")
    note = getattr(error, "note", "") or getattr(error, "message", "")
    return f"{', '.join(where)}: {kind.lower()}: {note}{shown}"


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
