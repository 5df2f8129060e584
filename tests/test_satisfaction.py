"""Footnote 36 recomputed from the processed BSA table equals the published figures."""

from __future__ import annotations

import pandas as pd
import pytest

from mutualstats import satisfaction


def test_nhs_2018_is_53_percent(bsa: pd.DataFrame) -> None:
    result = satisfaction.satisfaction(bsa, "nhs", 2018)
    assert result.pct == 53
    assert result.interval is not None
    assert result.interval.base_n == 2926
    assert (round(result.interval.lower_pct, 1), round(result.interval.upper_pct, 1)) == (
        51.2,
        54.8,
    )


def test_social_care_2018_is_26_percent(bsa: pd.DataFrame) -> None:
    result = satisfaction.satisfaction(bsa, "social_care", 2018)
    assert result.pct == 26
    assert result.interval is not None and result.interval.base_n == 973


def test_2018_is_provably_lowest_back_to_2009_only(bsa: pd.DataFrame) -> None:
    lowest = satisfaction.satisfaction(bsa, "nhs", 2018).lowest
    assert lowest.compared_years == list(range(2009, 2018))
    assert lowest.unresolved_years == [2008]
    assert lowest.years_provably_lowest == 9


def test_2023_is_a_record_low_within_the_online_series(bsa: pd.DataFrame) -> None:
    result = satisfaction.satisfaction(bsa, "nhs", 2023)
    assert result.pct == 24
    assert result.lowest.stopped_by == "mode_break"
    assert result.lowest.compared_years == [2020, 2021, 2022]


def test_a_year_without_a_published_value_is_refused(bsa: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no published the NHS satisfaction for 1985"):
        satisfaction.satisfaction(bsa, "nhs", 1985)
