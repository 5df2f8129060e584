"""Read processed tables by name, checked against their Clean model: the one door to the data.

Claims, figures and notebooks call :func:`load`; none of them knows a file path.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mutualstats.config import processed_dir, raw_dir
from mutualstats.errors import DataNotBuiltError, ProcessedTableError
from mutualstats.freshness import MANIFEST, read_manifest, sha256_of
from mutualstats.provenance import SourceRecord, _label, read_source

if TYPE_CHECKING:
    import pandera.pandas as pa

#: Tables already read and validated in this process, keyed by file, modification time and size,
#: so a rebuilt table is read again and an unchanged one is validated once.
_VALIDATED: dict[tuple[str, int, int], pd.DataFrame] = {}


def load(name: str) -> pd.DataFrame:
    """Return a copy of processed table ``name``, checked against its Clean model.

    A file whose sha256 is the one recorded when the build validated it is read as it is; any
    other file (edited, or written by something else) is validated again. Each file is checked
    once per process.

    Raises
    ------
    KeyError
        If no such table is registered.
    DataNotBuiltError
        A ``FileNotFoundError``: the table (or ``data/processed``) is missing; run ``make data``.
    ProcessedTableError
        If the file cannot be read as a table, or was changed after the build and fails its
        Clean model; run ``make data``.
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
    """The table at ``path``, validated again unless it is the file the build validated."""
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        reason = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise ProcessedTableError(
            f"{_label(path)} cannot be read as a table ({reason}); {REBUILD}"
        ) from None
    if _validated_digest(name) == sha256_of(path):
        return frame
    return _validated_again(name, path, frame)


#: What a reader of a damaged processed table is told to do.
REBUILD = "run `make data` to build it again"


def _validated_again(name: str, path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """A table the build did not write as it is now, checked against its Clean model."""
    from pandera.errors import SchemaError

    model = _clean_model(name)
    try:
        return model.validate(frame)
    except SchemaError as error:
        first = str(error).splitlines()[0][:200]
        raise ProcessedTableError(
            f"{_label(path)} was changed after the build and fails {model.__name__}: {first}; "
            f"{REBUILD}"
        ) from None


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


def _clean_model(name: str) -> type[pa.DataFrameModel]:
    # Imported here: the models (and pandera) are needed only when a file must be validated.
    from mutualstats.sources import CLEAN_MODELS

    if name not in CLEAN_MODELS:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(sorted(CLEAN_MODELS))}")
    return CLEAN_MODELS[name]


def _validated_digest(name: str) -> str | None:
    manifest = read_manifest(processed_dir()) or {}
    tables = manifest.get("validated_tables")
    return tables.get(name) if isinstance(tables, dict) else None
