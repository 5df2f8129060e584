"""Read processed tables by name, checked against their Clean model: the one door to the data.

Claims, figures and notebooks call :func:`load`; none of them knows a file path.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

from mutualstats.config import processed_dir, raw_dir
from mutualstats.provenance import SourceRecord, read_source, sha256_of

if TYPE_CHECKING:
    import pandera.pandas as pa

#: Beside the tables, the sha256 of each one as it passed its Clean model at build time.
MANIFEST = "manifest.json"

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
    FileNotFoundError
        If the table has not been built yet (run ``make data``).
    """
    path = processed_dir() / f"{name}.parquet"
    if not path.is_file():
        _clean_model(name)
        raise FileNotFoundError(f"{path.name} has not been built: run `make data` first")
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _VALIDATED:
        frame = pd.read_parquet(path)
        if _validated_digest(name) != sha256_of(path):
            frame = _clean_model(name).validate(frame)
        _VALIDATED[key] = frame
    return _VALIDATED[key].copy()


def provenance(source_id: str) -> SourceRecord:
    """Provenance of a source, for citations and figure footers."""
    return read_source(raw_dir() / source_id)


def available() -> list[str]:
    """Names of the registered processed tables."""
    from mutualstats.sources import CLEAN_MODELS

    return sorted(CLEAN_MODELS)


def _clean_model(name: str) -> type[pa.DataFrameModel]:
    # Imported here: the models (and pandera) are needed only when a file must be validated.
    from mutualstats.sources import CLEAN_MODELS

    if name not in CLEAN_MODELS:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(sorted(CLEAN_MODELS))}")
    return CLEAN_MODELS[name]


def _validated_digest(name: str) -> str | None:
    path = processed_dir() / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("validated_tables", {}).get(name)
