"""Read processed tables by name, checked against their Clean model: the one door to the data.

Claims, figures and notebooks call :func:`load`; none of them knows a file path.
"""

from __future__ import annotations

import pandas as pd

from mutualstats.config import processed_dir, raw_dir
from mutualstats.provenance import SourceRecord, read_source
from mutualstats.sources import CLEAN_MODELS


def load(name: str) -> pd.DataFrame:
    """Return processed table ``name``, validated against its Clean model.

    Raises
    ------
    KeyError
        If no such table is registered.
    FileNotFoundError
        If the table has not been built yet (run ``make data``).
    """
    if name not in CLEAN_MODELS:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(sorted(CLEAN_MODELS))}")
    path = processed_dir() / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{path.name} has not been built: run `make data` first")
    return CLEAN_MODELS[name].validate(pd.read_parquet(path))


def provenance(source_id: str) -> SourceRecord:
    """Provenance of a source, for citations and figure footers."""
    return read_source(raw_dir() / source_id)


def available() -> list[str]:
    """Names of the registered processed tables."""
    return sorted(CLEAN_MODELS)
