"""Tables as a notebook shows them: values with units, whole numbers plain, missing cells blank."""

from __future__ import annotations

import pandas as pd

from mutualstats.display import tidy_table


def test_a_table_reads_without_nan_or_na_and_values_carry_their_unit() -> None:
    frame = pd.DataFrame(
        {
            "measure": ["synthetic_pct", "synthetic_count", None],
            "value": [76.0, 1470000.0, float("nan")],
            "unit": ["pct", "count", "pct"],
            "base_n": pd.array([2926, None, None], dtype="Int64"),
            "ratio": [1.0, 1.02, float("nan")],
        }
    )
    shown = tidy_table(frame)
    assert shown.to_dict(orient="list") == {
        "measure": ["synthetic_pct", "synthetic_count", ""],
        "value": ["76%", "1,470,000", "not found"],
        "unit": ["pct", "count", "pct"],
        "base_n": [2926, "", ""],
        "ratio": [1, 1.02, ""],
    }
    assert "NaN" not in shown.to_string() and "<NA>" not in shown.to_string()
