"""validate: a frame that passed is not checked again in the same process, and a changed one is;
a text column is checked once per column when its dtype is right, and cell by cell when not."""

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


class Labels(pa.DataFrameModel):
    """A synthetic model for these tests: one text label per row, not coerced."""

    label: Series[str]


def test_a_text_column_of_text_passes_and_each_number_in_one_is_named() -> None:
    text = pd.DataFrame({"label": pd.Series(["a", "b"], index=[2, 3], dtype="str")})
    assert validate(text, Labels, "synthetic.csv")["label"].tolist() == ["a", "b"]
    numbers = pd.DataFrame({"label": [1, 2]}, index=[2, 3])
    with pytest.raises(DataValidationError) as caught:
        validate(numbers, Labels, "synthetic.csv")
    assert [str(problem) for problem in caught.value.problems] == [
        "synthetic.csv:2 column 'label': dtype('string[pyarrow]') (value: '1')",
        "synthetic.csv:3 column 'label': dtype('string[pyarrow]') (value: '2')",
    ]


def test_a_long_cell_is_shown_by_its_start_and_length() -> None:
    """A message repeats at most MAX_VALUE_SHOWN characters of a cell, saying how long it is."""
    from mutualstats.errors import MAX_VALUE_SHOWN, Problem

    long_value = "x" * 5000
    shown = str(Problem("data/raw/a/b.csv", 2, "note", "too long", long_value))
    assert shown == (
        "data/raw/a/b.csv:2 column 'note': too long (value of 5,000 characters, beginning "
        f"{'x' * MAX_VALUE_SHOWN!r})"
    )
    assert str(Problem("f.csv", 2, "note", "bad", "short")).endswith("(value: 'short')")
