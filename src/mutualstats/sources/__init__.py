"""One module per publisher. Each exposes ``build(folder) -> {table name: clean frame}``.

``BUILDERS`` maps a folder under ``data/raw/`` to the builder of its tables; ``CLEAN_MODELS``
maps each processed table to the pandera model it must satisfy when read back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from mutualstats.schemas import CleanBsaSatisfaction
from mutualstats.sources import bsa

Builder = Callable[[Path], dict[str, pd.DataFrame]]

BUILDERS: dict[str, Builder] = {
    bsa.SOURCE_ID: bsa.build,
}

CLEAN_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "bsa_satisfaction": CleanBsaSatisfaction,
}
