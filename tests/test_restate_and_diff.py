"""Restating the briefing for another year, and comparing editions of a source."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import refused_arguments

from mutualstats import claims, datasets, satisfaction
from mutualstats.cli import main
from mutualstats.editions import diff
from mutualstats.restate import render, restate
from mutualstats.statistic import year_span


def _by_claim(period: int) -> dict[str, str]:
    return {item.claim_id: item.text for item in restate(period) if item.restated}


def test_the_restated_claims_are_those_with_a_period_in_the_register() -> None:
    assert [item.claim_id for item in restate(2023)] == [
        claim.claim_id for claim in claims.claims() if claim.period is not None
    ]
    assert {"C08", "C17", "C18", "C19", "C24", "C25", "C26"} <= {
        item.claim_id for item in restate(2023)
    }


def _not_found_before(year: int) -> str:
    """The years before ``year`` whose NHS share was asked but not found, as the text spans them."""
    table = datasets.load("bsa_satisfaction")
    return year_span(
        table.loc[(table["nhs_status"] == "not_found") & (table["year"] < year), "year"]
    )


def test_2023_satisfaction_is_24_percent_and_below_every_published_year() -> None:
    """24% is below every published year since 1983, but years asked without a published value
    stand between, so the data do not show the record low the publisher's headline names."""
    restated = _by_claim(2023)
    assert "Satisfied with the NHS in 2023: 24%" in restated["C24"]
    assert (
        "It is below all 18 earlier published years since 1983, across the 2020 change of survey "
        "mode (face to face before, online and telephone since), but no published figure is held "
        f"for {_not_found_before(2023)}, so the data do not show a record low." in restated["C25"]
    )
    assert "It is a record low" not in restated["C25"]


def test_the_briefing_period_restates_what_the_audit_judges() -> None:
    audit = claims.audit().set_index("claim_id")
    for item in restate(claims.briefing_period("C24")):
        if item.briefing_period == claims.briefing_period("C24") and item.restated:
            assert item.statistic.value == audit.at[item.claim_id, "recomputed_value"]


def test_2018_restates_the_briefing_year() -> None:
    restated = {item.claim_id: item for item in restate(2018)}
    assert "in 2018: 53%" in restated["C24"].text
    assert "lowest since 2007" in restated["C25"].text
    assert "in 2018: 26%" in restated["C26"].text
    assert restated["C17"].statistic.value == 110_000
    assert restated["C17"].statistic.period == "2017/18"
    assert "10.1% of workers leave the sector" in restated["C19"].text
    assert restated["C18"].statistic.value == 100_521
    assert "2018-12-31" in restated["C18"].text
    assert restated["C08"].statistic.value == 92
    # C23 prints C08's figure again: the two move together.
    assert restated["C23"].statistic == restated["C08"].statistic


def test_a_year_not_asked_says_why() -> None:
    (nhs,) = [item for item in restate(1985) if item.claim_id == "C24"]
    assert not nhs.restated
    assert nhs.text == "the question was not asked for the NHS in 1985."


def test_a_year_with_no_data_names_it_and_never_says_none() -> None:
    statements = restate(2031)
    assert not any(item.restated for item in statements)
    assert all("2031" in item.text and "None" not in item.text for item in statements)


def test_every_restated_statement_names_its_publication() -> None:
    assert all(item.source for item in restate(2023) if item.restated)


def test_diff_shows_a_revised_back_series_value() -> None:
    changes = diff("skills_for_care", "2022", "2023").set_index(["reference_year", "measure"])
    revised = changes.loc[(2021, "vacancy_rate_pct")]
    assert (revised["value_from"], revised["value_to"], revised["status"]) == (
        10.7,
        10.6,
        "revised",
    )


def test_a_survey_asked_again_gives_changed_results_not_revisions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A survey's next edition is a new result for the measure, not a revision of the same year;
    the command prints blanks, not NaN, and whole numbers without ".0"."""
    changes = diff("seuk_psm", "2018", "2019").set_index("measure")
    assert changes.at["profitable_pct", "status"] == "changed"
    assert (
        changes.at["profitable_pct", "value_from"],
        changes.at["profitable_pct", "value_to"],
    ) == (
        92,
        96,
    )
    assert set(changes["status"].cat.categories) == {
        "changed",
        "added",
        "not_held_in_later",
        "unchanged",
    }
    assert main(["diff", "seuk_psm", "--from", "2018", "--to", "2019"]) == 0
    printed = capsys.readouterr().out
    assert "NaN" not in printed and ".0 " not in printed
    assert printed.splitlines()[-1].startswith("seuk_psm 2018 -> 2019: 2 changed, ")


def test_diff_refuses_the_later_edition_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "skills_for_care", "--from", "2019", "--to", "2018"]) == 2
    assert capsys.readouterr().err == (
        "mutualstats diff: --from 2019 is later than --to 2018: give the earlier edition first\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["restate", "--year", "\uff12\uff10\uff11\uff18"],  # full-width digits
        ["restate", "--year", "02018"],
        ["restate", "--year", "0201"],
        ["figures", "--year", "0201"],
        ["restate", "--year", " 2018"],
        ["figures", "--year", "\uff12\uff10\uff11\uff18"],
        ["report", "--year", "2_018"],
        ["diff", "skills_for_care", "--to", "2019", "--from", "02018"],
        ["diff", "skills_for_care", "--from", "2018", "--to", "\uff12\uff10\uff11\uff19"],
        ["diff", "skills_for_care", "--to", "2018", "--from", "abc"],
    ],
)
def test_every_year_argument_is_four_ascii_digits(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``int`` takes ``２０１８``, ``02018``, `` 2018`` and ``2_018`` as 2018; no command does."""
    captured = refused_arguments(argv, capsys)
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == (
        f"mutualstats {argv[0]}: error: argument {argv[-2]}: must be a year of four digits, "
        f"the first not 0, e.g. 2023; got {argv[-1]!r}"
    )


def test_diff_of_a_source_without_editions_is_refused() -> None:
    with pytest.raises(KeyError, match="has no editions"):
        diff("bsa", "2018", "2019")
    assert main(["diff", "bsa", "--from", "2018", "--to", "2019"]) == 2


def test_restate_command_prints_every_claim(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restate", "--year", "2023"]) == 0
    printed = capsys.readouterr().out
    statements = restate(2023)
    assert printed.count("    source: ") == sum(item.restated for item in statements)
    assert all(f"{item.claim_id} " in printed for item in statements)


@pytest.mark.parametrize("year", [1700, 2031])
def test_a_year_no_data_hold_is_one_message(year: int, capsys: pytest.CaptureFixture[str]) -> None:
    from mutualstats import periods

    assert main(["restate", "--year", str(year)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    error = captured.err.strip()
    assert error.count("\n") == 0
    assert f"{year} is outside every source's years, so no statement" in error
    first_bsa_year = periods.parameter("BSA_YEAR").held()[0]
    assert f"British Social Attitudes survey years {first_bsa_year} to " in error


def test_a_year_some_source_holds_is_restated_with_reasons(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["restate", "--year", "1985"]) == 0
    printed = capsys.readouterr().out
    assert "the question was not asked for the NHS in 1985." in printed


def test_restated_record_lows_at_the_edges_of_the_series_are_worded_for_them() -> None:
    """1983 starts the series (no record low); 1997's one earlier year is named as one, with no
    word of the 2020 change of mode, which it does not cross; 2023's comparison does cross it."""
    text = {
        year: {item.claim_id: item.text for item in restate(year)} for year in (1983, 1997, 2023)
    }
    assert "record low" not in text[1983]["C25"]
    assert (
        "It is below the one earlier published year, 1983, but no published figure is held for "
        f"{_not_found_before(1997)}, so the data do not show a record low." in text[1997]["C25"]
    )
    assert "change of survey mode" not in text[1997]["C25"]
    assert (
        "below all 18 earlier published years since 1983, across the 2020 change"
        in (text[2023]["C25"])
    )


def test_a_record_low_is_stated_only_when_every_earlier_year_asked_is_published() -> None:
    """SYNTHETIC rows: 2001 not asked cannot contradict 2002's low; 2003 not found would."""
    from mutualstats.claims.satisfaction import _record_low

    synthetic = pd.DataFrame(
        {
            "year": [2000, 2001, 2002, 2003, 2004],
            "nhs_status": ["published", "not_asked", "published", "not_found", "published"],
            "nhs_satisfied_pct": [50.0, None, 40.0, None, 30.0],
            "mode": ["face_to_face"] * 5,
        }
    )
    assert _record_low(synthetic, 2002) == [
        "It is a record low: below the one earlier published year, 2000."
    ]
    assert _record_low(synthetic, 2004) == [
        "It is below all 2 earlier published years since 2000, but no published figure is held for "
        "2003, so the data do not show a record low."
    ]


def test_a_restatement_prints_its_caveats_with_the_reason_the_table_stops() -> None:
    """2021's "lowest" rests on the publisher's statement across the change of survey mode:
    the restatement says so, and the subject names no year of its own."""
    statements = restate(2021)
    item = next(item for item in statements if item.claim_id == "C25")
    assert item.caveats, item
    text = render(2021, statements)
    block = text.split("C25 ")[1].split("\n\n")[0]
    assert f"    caveat: {item.caveats[0]}" in block
    change = satisfaction.mode_changes(datasets.load("bsa_satisfaction"))[-1].year
    assert f"the years before {change} were surveyed in another mode" in item.caveats[0]
    assert "2018" not in item.subject


def test_a_restated_profit_share_carries_no_caveat_of_the_briefings_edition() -> None:
    """C08 and C23's caveats describe the edition the briefing read (its wording, its two year
    labels); another edition's share, restated, is not said to have them."""
    from mutualstats import claims, periods
    from mutualstats.claims.mutual_sector import other_year_labels, source_words
    from mutualstats.restate import restate

    briefing = claims.briefing_period("C08")
    other = next(int(e) for e in periods.parameter("SEUK_EDITION").held() if int(e) != briefing)
    for year, expected in ((briefing, True), (other, False)):
        by_claim = {item.claim_id: item for item in restate(year)}
        for claim_id in ("C08", "C23"):
            caveats = by_claim[claim_id].caveats
            words = source_words(
                datasets.load("psm_headline_figures")
                .set_index(["publication_id", "measure"])
                .loc[(claims.find(claim_id).cited_publication_id, "profitable_pct")]
            )
            assert (words in caveats) is expected, (year, claim_id, caveats)
            labels = other_year_labels(claims.find(claim_id))
            assert labels is not None
            assert (labels in caveats) is expected, (year, claim_id, caveats)


def test_a_restated_reference_year_is_the_editions_data_year() -> None:
    """C17 restated for a later edition said its data year was "not 2018", the briefing's
    year; it now says which year the edition's figures are for."""
    from mutualstats import claims, datasets, periods, workforce
    from mutualstats.restate import restate

    briefing = claims.briefing_period("C17")
    later = max(int(edition) for edition in periods.parameter("SFC_EDITION").held())
    assert later != briefing
    item = {item.claim_id: item for item in restate(later)}["C17"]
    estimates = datasets.load("sfc_workforce_estimates")
    read = estimates.loc[
        (estimates["edition"] == later)
        & (estimates["measure"] == "vacancies")
        & (estimates["scope"] == "headline_vacancy")
    ]
    data_year = workforce.financial_year(int(read["reference_year"].max()))
    assert f"the {later} edition's figures are for {data_year}" in item.caveats
    assert not any(f"not {briefing}" in caveat for caveat in item.caveats)
