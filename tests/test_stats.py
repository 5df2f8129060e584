"""Statistics against values computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mutualstats.statistic import listed
from mutualstats.stats import change_between, lowest_since, record_low, wilson_interval


def test_wilson_half_of_100() -> None:
    # p = 0.5, n = 100: centre 0.5, half-width 1.96/1.038415 * sqrt(0.0025 + 0.0000960) = 0.09617.
    result = wilson_interval(50, 100)
    assert result.lower_pct == pytest.approx(40.383, abs=0.001)
    assert result.upper_pct == pytest.approx(59.617, abs=0.001)


def test_wilson_zero_successes_has_upper_z2_over_n_plus_z2() -> None:
    result = wilson_interval(0, 10)
    z2 = 1.959963984540054**2
    assert result.lower_pct == pytest.approx(0, abs=1e-9)
    assert result.upper_pct == pytest.approx(100 * z2 / (10 + z2))


def test_design_effect_shrinks_the_effective_base() -> None:
    plain = wilson_interval(53, 2926)
    clustered = wilson_interval(53, 2926, design_effect=2.0)
    assert clustered.effective_n == 1463
    assert clustered.upper_pct - clustered.lower_pct > plain.upper_pct - plain.lower_pct
    assert clustered.lower_pct == pytest.approx(wilson_interval(53, 1463).lower_pct)


def test_wilson_rejects_impossible_input() -> None:
    with pytest.raises(ValueError):
        wilson_interval(101, 100)
    with pytest.raises(ValueError):
        wilson_interval(50, 0)


def test_change_between_two_bsa_years() -> None:
    # se = sqrt(.57*.43/3004 + .53*.47/2926) = 0.012912; z = -0.04 / 0.012912 = -3.098.
    change = change_between(57, 3004, 53, 2926)
    assert change.change_pp == -4
    assert change.standard_error_pp == pytest.approx(
        100 * math.sqrt(0.57 * 0.43 / 3004 + 0.53 * 0.47 / 2926)
    )
    assert change.z == pytest.approx(-3.098, abs=0.001)
    assert change.significant is True


def test_small_change_is_not_significant() -> None:
    assert change_between(23, 1002, 26, 973).significant is False


def test_change_without_a_base_cannot_be_tested() -> None:
    change = change_between(60, None, 53, 2926)
    assert change.significant is None
    assert change.note == "base not published"


SERIES = pd.Series({2000: 40.0, 2001: 50.0, 2002: None, 2003: 45.0, 2004: 60.0, 2005: 44.0})


def test_lowest_since_stops_at_a_lower_value() -> None:
    result = lowest_since(SERIES.drop(2002), 2005, not_asked=[2002])
    assert result.bounded_by_year == 2000
    assert result.since_year == 2001
    assert result.compared_years == [2001, 2003, 2004]
    assert result.skipped_years == [2002]


def test_lowest_since_stops_at_a_gap() -> None:
    result = lowest_since(SERIES, 2005)
    assert result.stopped_by == "gap"
    assert result.unresolved_years == [2002]
    assert result.since_year == 2003
    assert result.years_provably_lowest == 2


def test_lowest_since_does_not_cross_a_mode_break() -> None:
    result = lowest_since(SERIES.drop(2002), 2005, not_asked=[2002], comparability_breaks=[2004])
    assert result.stopped_by == "mode_break"
    assert result.compared_years == [2004]
    assert result.break_year == 2004


def test_lowest_since_start_of_series() -> None:
    result = lowest_since(pd.Series({2000: 50.0, 2001: 45.0, 2002: 30.0}), 2002)
    assert result.stopped_by == "start_of_series"
    assert result.since_year == 2000


def test_record_low_compares_with_earlier_years_only() -> None:
    series = pd.Series({2000: 40.0, 2001: 38.0, 2002: 35.0, 2003: 30.0})
    result = record_low(series, 2002)
    assert result.is_record_low is True
    assert result.years_compared == 2
    assert record_low(series, 2000).years_compared == 0
    assert record_low(pd.Series({2000: 30.0, 2001: 35.0}), 2001).is_record_low is False


def test_a_year_asked_without_a_published_value_stops_a_record_low() -> None:
    """Below every published year is not a record low while a year asked has no value (missing
    or NaN); a year not asked cannot contradict it."""
    series = pd.Series({2000: 40.0, 2001: None, 2003: 35.0})
    result = record_low(series, 2003)
    assert (result.is_below_all_published, result.unresolved_years) == (True, (2001, 2002))
    assert result.is_record_low is False
    assert record_low(series, 2003, not_asked=[2001, 2002]).is_record_low is True
    assert record_low(series, 2003, not_asked=[2002]).unresolved_years == (2001,)


# Each test below fails on one mutation that once survived the suite.


def test_lowest_since_an_equal_earlier_value_ends_the_run() -> None:
    """A tie is not "lower than": 50 in 2005 is not the lowest since an earlier 50 (``<=``)."""
    series = pd.Series({2001: 60.0, 2002: 50.0, 2003: 55.0, 2004: 58.0, 2005: 50.0})
    result = lowest_since(series, 2005)
    assert result.bounded_by_year == 2002
    assert result.since_year == 2003
    assert result.stopped_by == "lower_or_equal_value"


def test_change_between_divides_the_base_by_the_design_effect() -> None:
    """A design effect of 2 halves the effective base, so the standard error grows by sqrt(2)."""
    simple = change_between(57, 3000, 53, 3000)
    clustered = change_between(57, 3000, 53, 3000, design_effect=2.0)
    assert clustered.standard_error_pp == pytest.approx(simple.standard_error_pp * 2**0.5)
    expected = 100 * ((0.57 * 0.43 + 0.53 * 0.47) / 1500) ** 0.5
    assert clustered.standard_error_pp == pytest.approx(expected)


def test_lowest_since_a_break_in_the_year_asked_about_stops_the_walk() -> None:
    """A value in the first year of a new method is compared with no year before the break."""
    series = pd.Series({2018: 60.0, 2019: 59.0, 2020: 40.0})
    result = lowest_since(series, 2020, comparability_breaks=[2020])
    assert result.stopped_by == "mode_break"
    assert result.compared_years == []
    assert result.break_year == 2020
    assert result.since_year is None


@pytest.mark.parametrize(("base_n", "design_effect"), [(0, 1.0), (100, 0.0)])
def test_wilson_interval_needs_a_positive_base_and_design_effect(
    base_n: int, design_effect: float
) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        wilson_interval(50, base_n, design_effect=design_effect)


def test_a_change_exactly_at_the_critical_value_is_not_significant() -> None:
    """Two-sided test at 5%: significant only when |z| exceeds the critical value."""
    z_score = abs(change_between(57, 3004, 53, 2926).z)
    assert change_between(57, 3004, 53, 2926, z=z_score).significant is False


def test_record_low_needs_every_earlier_value_strictly_higher() -> None:
    series = pd.Series({2016: 60.0, 2017: 53.0, 2018: 53.0})
    assert record_low(series, 2018).is_record_low is False


@pytest.mark.parametrize(
    ("items", "words"),
    [
        ([2015], "2015"),
        ([2015, 2016], "2015 and 2016"),
        ([2014, 2015, 2016], "2014, 2015 and 2016"),
    ],
)
def test_items_are_listed_as_a_sentence_lists_them(items: list[int], words: str) -> None:
    assert listed(items) == words


def test_the_first_year_of_a_series_is_no_record_low() -> None:
    """Nothing earlier to be lower than (it was "below all 0 earlier years")."""
    values = pd.Series({1983: 55.0, 1997: 34.0, 1999: 46.0})
    first = record_low(values, 1983)
    assert (first.is_record_low, first.years_compared) == (False, 0)
    not_asked = [year for year in range(1984, 1999) if year != 1997]
    assert record_low(values, 1997, not_asked).is_record_low
    assert not record_low(values, 1999, not_asked).is_record_low
