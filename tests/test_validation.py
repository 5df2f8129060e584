"""validate: a frame that passed is not checked again in the same process, and a changed one is."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

from mutualstats.errors import DataValidationError
from mutualstats.validation import validate


class Shares(pa.DataFrameModel):
    """A synthetic model for these tests: one percentage per row."""

    share_pct: Series[int] = pa.Field(ge=0, le=100)

    class Config:
        coerce = True


def _frame(*values: str) -> pd.DataFrame:
    """Rows as read from a raw file: text cells, indexed by line (the header is line 1)."""
    return pd.DataFrame({"share_pct": list(values)}, index=range(2, 2 + len(values)))


def test_a_frame_validated_twice_gives_equal_results_that_do_not_share_data() -> None:
    first = validate(_frame("53", "26"), Shares, "synthetic.csv")
    first.loc[2, "share_pct"] = 99
    second = validate(_frame("53", "26"), Shares, "synthetic.csv")
    assert second["share_pct"].tolist() == [53, 26]


def test_a_changed_frame_is_validated_again() -> None:
    validate(_frame("53", "26"), Shares, "synthetic.csv")
    with pytest.raises(DataValidationError) as caught:
        validate(_frame("53", "260"), Shares, "synthetic.csv")
    assert [(p.line, p.column) for p in caught.value.problems] == [(3, "share_pct")]


def test_a_failing_frame_fails_every_time() -> None:
    for _ in range(2):
        with pytest.raises(DataValidationError, match=r"synthetic\.csv:2"):
            validate(_frame("1e2"), Shares, "synthetic.csv")
