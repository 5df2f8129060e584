"""Footnote 36 recomputed from the processed BSA table equals the published figures."""

from __future__ import annotations

import pandas as pd
import pytest

from mutualstats import datasets, satisfaction
from mutualstats.site_text import publication_short_labels


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


def test_a_change_across_the_change_of_survey_mode_says_so(bsa: pd.DataFrame) -> None:
    """2019 was face to face and 2020 online and telephone: the change is given with that said;
    2017 to 2018 (both face to face) and 2020 to 2021 (both online) are plain changes."""
    across = satisfaction.describe_change(satisfaction.satisfaction(bsa, "nhs", 2020))
    assert across == (
        "Change since 2019: -7 percentage points (significant at 5%, assuming simple random "
        "sampling), across the 2020 change of "
        "survey mode (face to face before, online and telephone since), which the test does not "
        "allow for."
    )
    for year in (2018, 2021):
        plain = satisfaction.describe_change(satisfaction.satisfaction(bsa, "nhs", year))
        assert plain.startswith(f"Change since {year - 1}: ") and "mode" not in plain


def test_an_interval_says_it_assumes_simple_random_sampling(bsa: pd.DataFrame) -> None:
    """No BSA design factor is held, so the interval (and the test of a change) is too narrow."""
    assert satisfaction.describe(satisfaction.satisfaction(bsa, "nhs", 2018)) == (
        "Satisfied with the NHS in 2018: 53% (95% CI 51.2% to 54.8%, n = 2,926; simple random "
        "sampling assumed, as no design factor is held, so it is too narrow)."
    )
    wider = satisfaction.describe(satisfaction.satisfaction(bsa, "nhs", 2018, design_effect=1.5))
    assert wider.endswith("n = 2,926, design effect 1.5).")


def test_the_first_year_of_the_series_is_stated_once(bsa: pd.DataFrame) -> None:
    assert satisfaction.narrative(bsa, 1983).split("\n\n")[0] == (
        "Satisfied with the NHS in 1983: 55% (base not published, so no "
        "interval). 55% cannot be compared with any earlier published year; that is the start of "
        "the series."
    )


def test_one_year_compared_is_named_as_one(bsa: pd.DataFrame) -> None:
    assert (
        "36% is below the published value for 2020, the only year compared; earlier years were "
        "face to face" in satisfaction.narrative(bsa, 2021)
    )


def test_a_change_over_a_gap_names_the_year_it_is_measured_from(bsa: pd.DataFrame) -> None:
    """1996 has no published value: 1997's change is since 1983, and says that is the latest
    earlier year with one."""
    described = satisfaction.describe_change(satisfaction.satisfaction(bsa, "nhs", 1997))
    assert described.startswith(
        "Change since 1983, the latest earlier year with a published value: -21 percentage points"
    )


def test_the_change_of_survey_mode_is_read_from_the_data(bsa: pd.DataFrame) -> None:
    """The year the survey went online is the data's, not typed in: moving it (SYNTHETIC: the
    year before marked online) moves the sentences that name it."""
    first_online = int(bsa.loc[bsa["mode"] != bsa["mode"].iloc[0], "year"].min())
    assert [change.year for change in satisfaction.mode_changes(bsa)] == [first_online]
    earlier = first_online - 1
    moved = bsa.assign(mode=bsa["mode"].where(bsa["year"] != earlier, "online_telephone"))
    assert [change.year for change in satisfaction.mode_changes(moved)] == [earlier]
    result = satisfaction.satisfaction(moved, "nhs", earlier)
    assert f"across the {earlier} change of survey mode (face to face before, online and " in (
        satisfaction.describe_change(result)
    )
    assert result.lowest.break_year in (None, earlier)


def test_the_years_compared_name_the_year_that_ended_the_comparison(bsa: pd.DataFrame) -> None:
    """2019 (60%) is not a low: 2018 (53%) ended the comparison at once, which is said rather
    than "no earlier year compared"; 2015 (60%) was below 2014 and then met 2013's 60%."""
    described = {
        year: satisfaction.describe_compared(satisfaction.satisfaction(bsa, "nhs", year).lowest)
        for year in (2018, 2019, 2015)
    }
    assert described == {
        2018: "9 earlier years compared, each higher: 2009, 2010, 2011, 2012, 2013, 2014, 2015, "
        "2016, 2017.",
        2019: "The nearest earlier published year, 2018, was lower (53%), so no year "
        "further back is compared.",
        2015: "1 earlier year compared, higher: 2014; then 2013 was as low (60%).",
    }


def test_the_narrative_gives_the_publishers_own_change_beside_the_rounded_one(
    bsa: pd.DataFrame,
) -> None:
    """Notebook 05 gave only the change of the rounded shares, where C28 also gave the
    publisher's own; both now give both, from the one held statement."""
    from mutualstats import claims, datasets

    statements = datasets.load("bsa_publisher_statements")
    year = claims.briefing_period("C24")
    stated = satisfaction.stated_change(statements, "nhs", year)
    assert stated is not None
    sentence = satisfaction.describe_stated_change(stated)
    assert sentence.startswith(f"The publisher states a change of {stated['value']:+.0f} ")
    assert sentence in satisfaction.narrative(bsa, year, statements)
    assert sentence not in satisfaction.narrative(bsa, year)
    notes = claims.audit().set_index("claim_id")["note"]
    assert sentence in notes["C24"] and sentence in notes["C28"]


def test_the_year_table_names_its_publication_by_publisher_and_year(bsa: pd.DataFrame) -> None:
    """Each survey year's table shows the publication it was read in as a reader names it, not
    by its id."""
    publications = datasets.load("publications")
    names = publication_short_labels(publications)
    for row in bsa.dropna(subset=["publication_id"]).itertuples():
        table = satisfaction.year_table(bsa, row.year).set_index("measure")["value"]
        assert table["Publication"] == names[row.publication_id]
        assert row.publication_id not in table.tolist()
