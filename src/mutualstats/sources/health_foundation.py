"""The Health Foundation: 2017 social care workforce figures behind "one in four".

Input: ``data/raw/health_foundation/key_facts.csv`` and its ``source.yaml``. Output:
``hf_key_facts``, validated by :class:`~mutualstats.schemas.CleanHfKeyFacts`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mutualstats.provenance import _label, load_verified_source
from mutualstats.schemas import CleanHfKeyFacts, RawHfKeyFacts
from mutualstats.sources._long import PUBLISHER_RULE, clean_long, load_long, same_publisher

SOURCE_ID = "health_foundation"
KEY_FACTS_FILE = "key_facts.csv"

#: The loader's own rules of each file, beyond its models (``mutualstats describe`` lists them).
LOADER_RULES = {KEY_FACTS_FILE: (PUBLISHER_RULE,)}


def build(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify the source's checksums, then load and clean the key facts."""
    path = load_verified_source(folder).path(KEY_FACTS_FILE)
    table = clean_long(
        load_long(path, RawHfKeyFacts, same_publisher(path.parent)),
        CleanHfKeyFacts,
        _label(path),
        ["measure", "reference_year"],
    )
    return {"hf_key_facts": table}
