"""Read processed tables by name, exactly as the build validated them: the one door to the data.

Claims, figures and notebooks call :func:`load`; none of them knows a file path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mutualstats.config import processed_dir, raw_dir
from mutualstats.errors import DataNotBuiltError, ProcessedTableError, StaleDataError
from mutualstats.freshness import MANIFEST, build_inputs, read_manifest, sha256_of
from mutualstats.provenance import SourceRecord, _label, read_source

if TYPE_CHECKING:
    import pandera.pandas as pa

#: Tables already read and validated in this process, keyed by file, modification time and size,
#: so a rebuilt table is read again and an unchanged one is validated once.
_VALIDATED: dict[tuple[str, int, int], pd.DataFrame] = {}


def load(name: str) -> pd.DataFrame:
    """Return a copy of processed table ``name``, as the build validated it against its Clean
    model.

    The file's sha256 must be the one the build recorded in ``manifest.json``: a table edited,
    cut short or copied over from another is refused, even where it would still fit its model.
    The build's inputs (every file under ``data/raw`` and the code that shapes the tables) must be
    the ones the project holds now: tables built before a raw file was edited are refused rather
    than read as if current. Each file is checked once per process.

    Raises
    ------
    KeyError
        If no such table is registered.
    DataNotBuiltError
        A ``FileNotFoundError``: the table (or ``data/processed``) is missing; run ``make data``.
    ProcessedTableError
        If the file cannot be read as a table, or is not the file the build wrote; run
        ``make data``.
    StaleDataError
        If an input changed after the build; run ``make data``.
    """
    path = processed_dir() / f"{name}.parquet"
    if not path.is_file():
        _clean_model(name)
        missing = path.name if path.parent.is_dir() else "data/processed"
        raise DataNotBuiltError(f"{missing} has not been built: run `make data` first")
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _VALIDATED:
        _VALIDATED[key] = _read_checked(name, path)
    return _VALIDATED[key].copy()


def _read_checked(name: str, path: Path) -> pd.DataFrame:
    """The table at ``path``, provided it is the file the build validated and wrote."""
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        reason = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ProcessedTableError(
            f"{_label(path)} cannot be read as a table ({reason}); {REBUILD}"
        ) from None
    recorded = _validated_digest(name)
    if recorded is None:
        raise ProcessedTableError(
            f"data/processed/{MANIFEST} records no sha256 for {path.name}; {REBUILD}"
        )
    if sha256_of(path) != recorded:
        raise ProcessedTableError(
            f"{_label(path)} was changed after the build (its sha256 is not the one recorded in "
            f"{MANIFEST}); {REBUILD}"
        )
    _check_inputs_unchanged(path.parent)
    return frame


def _check_inputs_unchanged(processed: Path) -> None:
    """The tables in ``processed`` were built from the inputs the project holds now."""
    recorded = (read_manifest(processed) or {}).get("inputs")
    recorded = recorded if isinstance(recorded, dict) else {}
    current = build_inputs(raw_dir())
    changed = sorted(
        name for name in recorded.keys() | current.keys() if recorded.get(name) != current.get(name)
    )
    if not changed:
        return
    shown = [_input_label(name) for name in changed[:3]]
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    raise StaleDataError(
        f"data/processed was built before {', '.join(shown)}{more} changed, so its tables are "
        f"out of date; {REBUILD}"
    )


def _input_label(name: str) -> str:
    """A build input's name as a path in the checkout (``package/x.py`` is the package's)."""
    return name.replace("package/", "src/mutualstats/", 1) if name.startswith("package/") else name


#: What a reader of a damaged processed table is told to do.
REBUILD = "run `make data` to build it again"


def provenance(source_id: str) -> SourceRecord:
    """Provenance of a source, for citations and figure footers."""
    return read_source(raw_dir() / source_id)


def available() -> list[str]:
    """Names of the registered processed tables."""
    from mutualstats.sources import CLEAN_MODELS

    return sorted(CLEAN_MODELS)


def source_folders(name: str) -> tuple[str, ...]:
    """The source folders whose rows make processed table ``name``, as the build recorded them.

    Raises
    ------
    KeyError
        If no such table is registered.
    DataNotBuiltError
        If ``data/processed`` has not been built (or holds no record of the table).
    """
    _clean_model(name)
    recorded = (read_manifest(processed_dir()) or {}).get("table_sources")
    if not isinstance(recorded, dict) or name not in recorded:
        raise DataNotBuiltError(
            f"data/processed/{MANIFEST} records no source folders for {name}: run `make data` to "
            "build the data again"
        )
    return tuple(str(folder) for folder in recorded[name])


#: Columns that tell one raw row of a processed table from another (a row's publication, measure
#: and period), compared as written to find where a processed row was read.
IDENTIFYING_COLUMNS = (
    "publication_id",
    "measure",
    "staff_group",
    "scope",
    "year",
    "reference_year",
    "reference_date",
    "period",
    "period_end",
    "edition",
)


def raw_locations(name: str, frame: pd.DataFrame) -> list[str]:
    """Where the rows of ``frame`` (rows of processed table ``name``) were read, as
    ``data/raw/<source>/<file>:<line>`` in file order: each raw row of the table's source folders
    whose file has every identifying column the processed row holds (:data:`IDENTIFYING_COLUMNS`;
    a vocabulary file has not) and whose cells there are the row's."""
    # Imported here: reading raw rows is needed only to name them in a message.
    from mutualstats.rawcsv import read_rows

    wanted = [_identifying_cells(dict(row)) for _, row in frame.iterrows()]
    found = []
    root = raw_dir()
    for folder in source_folders(name):
        for path in sorted((root / folder).glob("*.csv")):
            found += [
                f"{row.path}:{row.line}"
                for row in read_rows(path, root)
                if any(_same_cells(row.cells, identity) for identity in wanted)
            ]
    return found


def _identifying_cells(row: dict[str, object]) -> dict[str, str]:
    """The identifying cells of a processed row as they are written in a raw file: a date as
    YYYY-MM-DD, a whole number without a decimal point."""
    return {
        column: _as_written(row[column])
        for column in IDENTIFYING_COLUMNS
        if column in row and not pd.isna(row[column])
    }


def _as_written(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _same_cells(cells: dict[str, str], identity: dict[str, str]) -> bool:
    """Whether a raw row has every identifying column of ``identity``, each with its value."""
    return bool(identity) and all(cells.get(column) == value for column, value in identity.items())


def _clean_model(name: str) -> type[pa.DataFrameModel]:
    # Imported here: the models (and pandera) are needed only to name the registered tables.
    from mutualstats.sources import CLEAN_MODELS

    if name not in CLEAN_MODELS:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(sorted(CLEAN_MODELS))}")
    return CLEAN_MODELS[name]


def _validated_digest(name: str) -> str | None:
    manifest = read_manifest(processed_dir()) or {}
    tables = manifest.get("validated_tables")
    return tables.get(name) if isinstance(tables, dict) else None
