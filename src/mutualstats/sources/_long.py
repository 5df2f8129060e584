"""Load and clean a table of published figures: the format and meaning steps every source shares.

Format: read the CSV as text and coerce types through the Raw model (the index stays the raw data
row, so a failure names its line). Meaning: apply the Clean model's cross-row rules and sort.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from mutualstats.provenance import _label
from mutualstats.rawcsv import read_raw_csv
from mutualstats.validation import validate


def load_long(path: Path, raw_model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Format step: the exact header of ``raw_model``, each value coerced and checked."""
    columns = list(raw_model.to_schema().columns)
    return validate(read_raw_csv(path, columns), raw_model, _label(path))


def clean_long(
    raw: pd.DataFrame,
    clean_model: type[pa.DataFrameModel],
    file_label: str,
    order: list[str],
) -> pd.DataFrame:
    """Meaning step: check the cross-row rules, then sort by ``order`` (stable, so ties keep
    the transcribed order)."""
    checked = validate(raw, clean_model, file_label)
    return checked.sort_values(order, kind="stable").reset_index(drop=True)
