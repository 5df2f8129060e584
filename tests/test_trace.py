"""Tracing a claim's statistic to the raw rows it was read from, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualstats import claims
from mutualstats.claims.trace import raw_rows, read_rows
from mutualstats.statistic import Statistic

LONG = (
    "publication_id,edition,measure,value,unit,note\n"
    "pub_2018,2018,profitable_pct,92,pct,first\n"
    'pub_2019,2019,profitable_pct,96,pct,"two\nlines"\n'
    "pub_2019,2019,profitable_pct,95,pct,restated\n"
    "pub_2019,2019,turnover_rate_pct,30.7,pct,\n"
    "pub_2019,2019,leavers_staying_in_sector_pct,67,pct,\n"
)
WIDE = "publication_id,year,nhs_satisfied_pct,note\npub_bsa,2017,57,\npub_bsa,2018,53,\n"


def statistic(measure: str, value: float | None, source: str, publication: str, period: str):
    return Statistic(measure, value, "pct", period, source, publication, "", "", "published")


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    (tmp_path / "long").mkdir()
    (tmp_path / "long" / "figures.csv").write_text(LONG, encoding="utf-8")
    (tmp_path / "long" / "source.yaml").write_text("id: long\n", encoding="utf-8")
    (tmp_path / "wide").mkdir()
    (tmp_path / "wide" / "satisfaction.csv").write_text(WIDE, encoding="utf-8")
    return tmp_path


def test_lines_count_the_header_and_start_where_a_quoted_row_starts(raw: Path) -> None:
    rows = read_rows(raw / "long" / "figures.csv", raw)
    assert [row.line for row in rows] == [2, 3, 5, 6, 7]
    assert rows[1].path == "data/raw/long/figures.csv"
    assert rows[1].text == 'pub_2019,2019,profitable_pct,96,pct,"two\nlines"'
    assert rows[1].cells["note"] == "two\nlines"


def test_a_long_row_matches_publication_measure_and_value(raw: Path) -> None:
    found = raw_rows(statistic("profitable_pct", 96.0, "long", "pub_2019", "2019"), raw)
    assert [(row.path, row.line) for row in found] == [("data/raw/long/figures.csv", 3)]


def test_a_value_no_row_gives_keeps_every_row_of_the_measure(raw: Path) -> None:
    found = raw_rows(statistic("profitable_pct", None, "long", "pub_2019", "2019"), raw)
    assert [row.line for row in found] == [3, 5]


def test_a_wide_row_matches_the_measure_column_and_the_period(raw: Path) -> None:
    found = raw_rows(statistic("nhs_satisfied_pct", None, "wide", "pub_bsa", "2018"), raw)
    assert [(row.line, row.cells["nhs_satisfied_pct"]) for row in found] == [(3, "53")]


def test_a_derived_statistic_traces_its_inputs(raw: Path) -> None:
    derived = statistic("leaving_sector_rate_pct", 10.1, "long", "pub_2019", "2018/19")
    assert [row.line for row in raw_rows(derived, raw)] == [6, 7]


def test_nothing_for_another_publication_or_folder(raw: Path) -> None:
    assert raw_rows(statistic("profitable_pct", 96.0, "long", "pub_2020", "2020"), raw) == []
    assert raw_rows(statistic("profitable_pct", 96.0, "absent", "pub_2019", "2019"), raw) == []


def test_every_claim_with_a_publication_traces_to_a_raw_row() -> None:
    for claim in claims.claims():
        found = claims.recompute(claim).statistic
        if found is None or not found.publication_id:
            continue
        rows = raw_rows(found)
        assert rows, claim.claim_id
        for row in rows:
            assert row.path.startswith(f"data/raw/{found.source_id}/"), claim.claim_id
            assert row.cells["publication_id"] == found.publication_id, claim.claim_id
