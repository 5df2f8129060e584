"""Tables as a reader sees them in a notebook: values with their units, missing cells blank.

Input: any frame of the processed tables or of the audit; output: a frame of text for display
only (never for computing).
"""

from __future__ import annotations

import pandas as pd

from mutualstats.statistic import format_value


def tidy_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as text: a ``value`` column shown with its ``unit`` ("76%", "not found") where
    the frame has both, whole numbers without ".0", and missing cells blank (not NaN or <NA>)."""
    shown = frame.astype(object).where(frame.notna(), "")
    for column in shown.columns:
        shown[column] = [_whole(value) for value in shown[column]]
    if {"value", "unit"} <= set(frame.columns):
        shown["value"] = [
            format_value(value, str(unit))
            for value, unit in zip(frame["value"], frame["unit"], strict=True)
        ]
    return shown


def _whole(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value
