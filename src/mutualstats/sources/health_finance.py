"""Health spending figures from several publishers (NAO, NHS England, House of Commons Library,
IFS, The Health Foundation, BBC), gathered in one folder because the briefing's finance paragraph
(footnotes 30-33) draws on them together.

Input: ``data/raw/health_finance/finance_figures.csv`` and its ``source.yaml``. Output:
``health_finance``, validated by :class:`~mutualstats.schemas.CleanHealthFinance`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.config import HEALTH_FINANCE_SOURCE, HEALTH_FINANCE_TABLE
from mutualstats.provenance import _label, load_verified_source
from mutualstats.schemas import CleanHealthFinance, RawHealthFinance
from mutualstats.sources._long import PUBLISHER_RULE, clean_long, load_long, same_publisher

SOURCE_ID = HEALTH_FINANCE_SOURCE
#: The processed table, named after its folder.
TABLE = HEALTH_FINANCE_TABLE
FIGURES_FILE = "finance_figures.csv"

#: The loader's own rules of each file, beyond its models (``mutualstats describe`` lists them).
LOADER_RULES = {FIGURES_FILE: (PUBLISHER_RULE,)}


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the source's checksums, then load and clean the finance figures."""
    path = load_verified_source(folder).path(FIGURES_FILE)
    table = clean_long(
        load_long(path, RawHealthFinance, same_publisher(path.parent)),
        CleanHealthFinance,
        _label(path),
        ["measure", "period", "edition"],
    )
    return {TABLE: table}
