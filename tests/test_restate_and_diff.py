"""Restating the briefing for another year, and comparing editions of a source."""

from __future__ import annotations

import pytest

from mutualstats.cli import main
from mutualstats.editions import diff
from mutualstats.restate import restate


def _by_topic(year: int) -> dict[str, str]:
    return {item.topic: item.text for item in restate(year) if item.restated}


def test_2023_satisfaction_is_24_percent_and_a_record_low() -> None:
    text = _by_topic(2023)["Satisfaction with the NHS (BSA)"]
    assert "Satisfied with the NHS in 2023: 24%" in text
    assert "It is a record low: below all 18 earlier published years since 1983" in text


def test_2018_restates_the_briefing_year() -> None:
    restated = _by_topic(2018)
    assert "in 2018: 53%" in restated["Satisfaction with the NHS (BSA)"]
    assert "lowest since 2007" in restated["Satisfaction with the NHS (BSA)"]
    assert "in 2018: 26%" in restated["Satisfaction with social care (BSA)"]
    assert restated["Adult social care vacancies (Skills for Care)"].startswith(
        "110,000 vacancies in 2017/18"
    )
    assert (
        "10.1% leave the sector"
        in restated["Adult social care turnover and leaving the sector (Skills for Care)"]
    )
    assert restated["NHS trust vacancies"].startswith("107,743 FTE vacancies at 2018-06-30")


def test_a_year_not_asked_says_why() -> None:
    (nhs,) = [item for item in restate(1985) if item.topic == "Satisfaction with the NHS (BSA)"]
    assert not nhs.restated
    assert nhs.text == "the question was not asked in 1985"


def test_every_statement_names_its_source() -> None:
    assert all(item.source for item in restate(2023))


def test_diff_shows_a_revised_back_series_value() -> None:
    changes = diff("skills_for_care", "2022", "2023").set_index(["reference_year", "measure"])
    revised = changes.loc[(2021, "vacancy_rate_pct")]
    assert (revised["value_from"], revised["value_to"], revised["status"]) == (
        10.7,
        10.6,
        "revised",
    )


def test_diff_of_a_source_without_editions_is_refused() -> None:
    with pytest.raises(KeyError, match="has no editions"):
        diff("bsa", "2018", "2019")
    assert main(["diff", "bsa", "--from", "2018", "--to", "2019"]) == 2


def test_restate_command_prints_every_topic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restate", "--year", "2023"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("    source: ") == len(restate(2023))
