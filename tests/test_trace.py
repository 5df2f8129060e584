"""Tracing a claim's statistic to the raw rows it was read from, with file and line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mutualstats import claims, datasets
from mutualstats.claims.trace import DERIVED_INPUTS, SPAN, raw_rows, read_rows
from mutualstats.config import raw_dir
from mutualstats.site_claims import measure_label, text_labels
from mutualstats.site_text import humanise
from mutualstats.statistic import Statistic
from mutualstats.vocabulary import DERIVED_MEASURES

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
        # A change between two periods may read its earlier end in the publication stating it.
        spans = SPAN.match(found.period or "") is not None
        for row in rows:
            assert row.path.startswith(f"data/raw/{found.source_id}/"), claim.claim_id
            assert spans or row.cells["publication_id"] == found.publication_id, claim.claim_id


def test_a_change_traces_the_row_of_each_end_from_the_publication_stating_it(raw: Path) -> None:
    """SYNTHETIC: 2017's value is published in another report than 2018's; a statement row about
    the measure and a year with no value are not inputs of the change."""
    (raw / "wide" / "satisfaction.csv").write_text(
        "publication_id,year,nhs_satisfied_pct,note\n"
        "pub_2018,2007,,not found\npub_2017,2017,57,\npub_2018,2018,53,\n",
        encoding="utf-8",
    )
    (raw / "wide" / "statements.csv").write_text(
        "publication_id,year,measure,statement,value,unit\n"
        "pub_2018,2018,nhs_satisfied_pct,lowest_since,2007,year\n",
        encoding="utf-8",
    )
    change = statistic("nhs_satisfied_change_pp", -4.0, "wide", "pub_2018", "2017 to 2018")
    found = [(row.path, row.line) for row in raw_rows(change, raw)]
    assert found == [("data/raw/wide/satisfaction.csv", 3), ("data/raw/wide/satisfaction.csv", 4)]


def test_the_audit_names_the_raw_rows_and_titles_of_each_claim() -> None:
    """C28 (the 2017-2018 fall) is computed from two rows of the BSA table, found by their year."""
    table = claims.audit().set_index("claim_id")
    lines = {
        row.cells["year"]: row.line
        for row in read_rows(raw_dir() / "bsa" / "satisfaction.csv", raw_dir())
    }
    table_file = "data/raw/bsa/satisfaction.csv"
    assert table.loc["C28", "raw_rows"] == (
        f"{table_file}:{lines['2017']}; {table_file}:{lines['2018']}"
    )
    publications = datasets.load("publications")
    titles = dict(zip(publications["publication_id"], publications["title"], strict=True))
    for row in table.itertuples():
        assert _text(row.title) == titles.get(_text(row.publication_id)), row.Index
        assert _text(row.cited_title) == titles.get(_text(row.cited_publication_id)), row.Index
    assert table["title"].notna().sum() == table["publication_id"].notna().sum() > 20
    assert pd.isna(table.loc["C01", "raw_rows"])


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def test_every_derived_measure_is_defined_and_traced() -> None:
    assert set(DERIVED_INPUTS) == set(DERIVED_MEASURES)


def test_a_range_traces_the_row_of_each_end() -> None:
    statistic = claims.recompute(claims.find("C11")).statistic
    assert (statistic.value, statistic.value_high) == (4.0, 5.0)
    rows = raw_rows(statistic)
    table = raw_dir() / "mutuals_taskforce" / "headline_figures.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    ends = [
        number
        for end in ("low", "high")
        for number, line in enumerate(lines, start=1)
        if line.startswith(f"{statistic.publication_id},")
        and f",productivity_growth_pct_{end}," in line
    ]
    assert len(ends) == 2
    named = "data/raw/mutuals_taskforce/headline_figures.csv"
    assert [(row.path, row.line) for row in rows] == [(named, number) for number in ends]
    assert [row.cells["measure"] for row in rows] == [
        "productivity_growth_pct_low",
        "productivity_growth_pct_high",
    ]


def test_every_value_judged_is_named_by_its_definition_not_its_code() -> None:
    labels = text_labels()
    for claim in claims.claims():
        statistic = claims.recompute(claim).statistic
        if statistic is None:
            continue
        assert statistic.measure, claim.claim_id
        assert measure_label(statistic, labels) != humanise(statistic.measure), claim.claim_id


def test_the_other_values_an_evidence_note_cites_are_traced_to_their_rows() -> None:
    table = claims.audit().set_index("claim_id")
    expected = {
        # The cited article's 30% (public services), then every other share published on a
        # public-services base, by period: IFS 2015-16, then the BBC and IFS for 2018-19.
        "C21": [
            "data/raw/health_finance/finance_figures.csv:29",
            "data/raw/health_finance/finance_figures.csv:23",
            "data/raw/health_finance/finance_figures.csv:31",
            "data/raw/health_finance/finance_figures.csv:22",
        ],
        # The two shares behind the like-for-like comparison: mutuals' profit, and social
        # enterprises' break-even, of the same edition.
        "C10": [
            "data/raw/seuk_psm/headline_figures.csv:16",
            "data/raw/seuk_social_enterprise/headline_figures.csv:10",
        ],
        # NHS FTE in the same publication, then each headline count held, by date: the BBC
        # (January 2018), NHS Improvement (June 2018), the Nuffield Trust (May 2019).
        "C15": [
            "data/raw/nhs_workforce/nhs_staff.csv:2",
            "data/raw/nhs_workforce/nhs_staff.csv:12",
            "data/raw/nhs_workforce/nhs_staff.csv:10",
            "data/raw/nhs_workforce/nhs_staff.csv:9",
        ],
        # The year the change is measured from, and the publisher's own change.
        "C24": ["data/raw/bsa/satisfaction.csv:36", "data/raw/bsa/publisher_statements.csv:5"],
        # Each earlier year the "lowest since" proof compares, 2009 to 2017.
        "C25": [f"data/raw/bsa/satisfaction.csv:{line}" for line in range(28, 37)],
        # 2015 and 2016 (the same share), and 2017 (the change).
        "C26": [f"data/raw/bsa/satisfaction.csv:{line}" for line in (34, 35, 36)],
        # The publisher's own change, beside the two shares the change is computed from.
        "C28": ["data/raw/bsa/publisher_statements.csv:5"],
    }
    for claim_id, references in expected.items():
        listed = table.at[claim_id, "context_rows"]
        assert (None if pd.isna(listed) else listed.split("; ")) == references, claim_id
    # A cited row is never the judged value's own.
    for claim_id, row in table.dropna(subset=["context_rows", "raw_rows"]).iterrows():
        assert not set(row.context_rows.split("; ")) & set(row.raw_rows.split("; ")), claim_id
    rows = {
        row.line: row
        for row in read_rows(raw_dir() / "health_finance" / "finance_figures.csv", raw_dir())
    }
    assert rows[29].cells["value"] == "30" and rows[22].cells["value"] == "25.9"


def test_a_stated_lowest_is_traced_to_its_statement_not_the_publishers_other_ones() -> None:
    """C25 reads the "lowest since" statement and the year's share; the same publication's stated
    change from the year before is C28's evidence, not a row C25 was read from."""
    judged = {item.claim.claim_id: item for item in claims.judge_all("case_for_mutuals")}
    year = claims.briefing_period("C25")
    rows = [(row.path.rsplit("/", 1)[1], row.cells) for row in judged["C25"].raw_rows]
    kinds = [cells["statement"] for name, cells in rows if name == "publisher_statements.csv"]
    shares = [cells["year"] for name, cells in rows if name == "satisfaction.csv"]
    assert kinds == ["lowest_since"]
    assert shares == [str(year)]
