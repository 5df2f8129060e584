"""The claims register and the audit: fixed verdicts, registry coverage, qualifier meanings."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mutualstats import claims, datasets
from mutualstats.claims.mutual_sector import RESPONDENT_BASE_CAVEAT
from mutualstats.claims.registry import (
    DECLARATIONS,
    EVIDENCE_SOURCES,
    Claim,
    Recomputation,
    RegisterError,
    admitted_in_words,
    admitted_interval,
    judge,
    recompute,
    require_register,
)
from mutualstats.claims.trace import DERIVED_INPUTS
from mutualstats.cli import main as cli_main
from mutualstats.config import COMPARATOR_SOURCES, QUALIFIERS, raw_dir
from mutualstats.provenance import citation, read_source
from mutualstats.sources import BUILDERS
from mutualstats.statistic import Statistic

#: The verdict of every claim. A change in data or checks that moves a verdict fails here.
EXPECTED_VERDICTS = {
    "C01": "not-checkable",
    "C02": "misattributed",
    "C03": "misattributed",
    "C04": "differs",
    "C05": "reproduced-with-caveat",
    "C06": "reproduced-with-caveat",
    "C07": "reproduced-with-caveat",
    "C08": "reproduced-with-caveat",
    "C09": "unverified",
    "C10": "differs",
    "C11": "misattributed",
    "C12": "reproduced-with-caveat",
    "C13": "reproduced-with-caveat",
    "C14": "unverified",
    "C15": "unverified",
    "C16": "reproduced-with-caveat",
    "C17": "reproduced-with-caveat",
    "C18": "misattributed",
    "C19": "differs",
    "C20": "unverified",
    "C21": "differs",
    "C22": "reproduced-with-caveat",
    "C23": "reproduced-with-caveat",
    "C24": "reproduced",
    "C25": "reproduced-with-caveat",
    "C26": "reproduced",
    "C27": "unverified",
    "C28": "reproduced",
    # Footnote 21 cites the 2019 edition; the 90% share is the 2018 edition's.
    "C29": "misattributed",
    # No publication held gives the share reinvesting profits (the 2019 summary states no %).
    "C30": "unverified",
    # The growth needed to keep up with demand and the settlement's growth are both in the
    # Health Foundation's 2019 briefing, not in the BBC article footnote 33 cites.
    "C31": "misattributed",
}

#: Values the data gives for the claims where one is found.
EXPECTED_RECOMPUTED = {
    "C02": 2008,
    "C03": 25_000,
    "C04": 2012,
    "C10": 48,
    "C16": 1_470_000,
    "C17": 110_000,
    "C18": 100_521,
    "C19": 10.1,
    "C21": 17.9,
    "C22": 20.5,
    "C24": 53,
    "C25": 10,
    "C26": 26,
    "C28": -4,
    "C29": 90,
    "C31": 0,
}


@pytest.fixture(scope="module")
def judged() -> dict[str, claims.Judged]:
    """Every claim judged for the briefing's periods, by claim id."""
    return {item.claim.claim_id: item for item in claims.judge_all()}


@pytest.fixture(scope="module")
def audit_table(judged: dict[str, claims.Judged]) -> pd.DataFrame:
    return claims.audit(judged=list(judged.values())).set_index("claim_id")


@pytest.mark.parametrize(("claim_id", "verdict"), sorted(EXPECTED_VERDICTS.items()))
def test_verdict_is_fixed(audit_table: pd.DataFrame, claim_id: str, verdict: str) -> None:
    assert audit_table.at[claim_id, "verdict"] == verdict, audit_table.at[claim_id, "note"]


@pytest.mark.parametrize(("claim_id", "value"), sorted(EXPECTED_RECOMPUTED.items()))
def test_recomputed_value(audit_table: pd.DataFrame, claim_id: str, value: float) -> None:
    assert audit_table.at[claim_id, "recomputed_value"] == pytest.approx(value)


def test_every_claim_has_a_check_and_every_check_a_claim() -> None:
    registered = set(datasets.load("briefing_claims")["claim_id"])
    assert registered == set(claims.CHECKS)
    assert registered == set(EXPECTED_VERDICTS)


def _measures_judged(statistic: Statistic | None) -> set[str | None]:
    """The names a check may declare for the statistic it judged on (``registry.check``): its
    measure or one it is derived from, after its folder where that is a comparator population's;
    None where it judged none."""
    if statistic is None:
        return {None}
    names = {statistic.measure, *DERIVED_INPUTS.get(statistic.measure, ())}
    if statistic.source_id in COMPARATOR_SOURCES:
        return {f"{statistic.source_id}.{name}" for name in names}
    return names


@pytest.mark.parametrize("claim_id", sorted(EXPECTED_VERDICTS))
def test_each_check_judges_the_measure_it_declares(
    judged: dict[str, claims.Judged], claim_id: str
) -> None:
    """The declaration beside a check, which the register's row must state, is what the check
    does: the statistic it judges the briefing's claim on is of the declared measure."""
    statistic = judged[claim_id].finding.statistic
    assert DECLARATIONS[claim_id].measure in _measures_judged(statistic), statistic


def test_every_exchange_of_two_claim_ids_is_refused_or_changes_nothing_judged(
    judged: dict[str, claims.Judged],
) -> None:
    """Two rows that exchange claim ids are each judged by the other's check. The register is
    refused unless both checks declare the same unit and measure; where they do, each row is
    judged by the other's check exactly as by its own (the same verdict, value and publication),
    so the exchange changes nothing the audit says."""
    register = [item.claim for item in judged.values()]
    alike = []
    for first, second in itertools.combinations(register, 2):
        ids = {first.claim_id: second.claim_id, second.claim_id: first.claim_id}
        exchanged = [
            dataclasses.replace(claim, claim_id=ids.get(claim.claim_id, claim.claim_id))
            for claim in register
        ]
        if DECLARATIONS[first.claim_id] != DECLARATIONS[second.claim_id]:
            with pytest.raises(RegisterError, match=rf"{first.claim_id}'s check judges"):
                require_register(exchanged)
            continue
        require_register(exchanged)
        alike.append((first, second))
    for first, second in alike + [(second, first) for first, second in alike]:
        as_other = dataclasses.replace(first, claim_id=second.claim_id)
        finding = judge(as_other, recompute(as_other))
        own = judged[first.claim_id].finding
        assert (finding.verdict, finding.recomputed_value, finding.publication_id) == (
            own.verdict,
            own.recomputed_value,
            own.publication_id,
        ), (first.claim_id, second.claim_id)


def test_every_source_is_used_by_a_claim_or_a_chart(
    audit_table: pd.DataFrame, briefing_charts: dict
) -> None:
    folders = sorted(path for path in raw_dir().iterdir() if path.is_dir())
    used = set(audit_table["source_id"].dropna())
    used |= {source for sources in EVIDENCE_SOURCES.values() for source in sources}
    texts = [text.get_text() for fig in briefing_charts.values() for text in fig.texts]
    footers = " ".join(" ".join(texts).split())
    charted = {
        folder.name
        for folder in folders
        if " ".join(citation(read_source(folder)).split()) in footers
    }
    unused = {folder.name for folder in folders} - used - charted
    assert unused == {"briefing"}, unused


def test_every_raw_folder_has_a_builder() -> None:
    folders = {path.name for path in raw_dir().iterdir() if path.is_dir()}
    assert folders == set(BUILDERS)


def test_audit_columns_are_the_published_contract() -> None:
    assert list(claims.audit().columns) == claims.AUDIT_COLUMNS


def test_the_audit_does_not_import_pandera(built_project: Path) -> None:
    """The audit reads tables the build has validated: the models (pandera) are the build's."""
    script = (
        "import sys; from mutualstats import cli; code = cli.main(['audit', '--format', 'csv']); "
        "print(code, 'pandera' in sys.modules, file=sys.stderr)"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert ran.stderr.split() == ["0", "False"]
    written = pd.read_csv(built_project / "reports" / "audit.csv", dtype=str)
    assert written["claim_id"].tolist() == claims.audit()["claim_id"].tolist()


def test_a_bsa_share_is_read_on_its_publication_s_pages_and_the_stated_change_is_given(
    audit_table: pd.DataFrame,
) -> None:
    """The page of a BSA share is the one its publication's source.yaml entry gives (the table
    has no page column); C28 sets the publisher's own change beside the rounded shares'."""
    from mutualstats.provenance import publication

    for claim_id in ("C24", "C26"):
        found = audit_table.at[claim_id, "publication_id"]
        assert audit_table.at[claim_id, "page"] == publication(found).pages
    statements = datasets.load("bsa_publisher_statements")
    year = claims.briefing_period("C28")
    stated = statements.loc[
        (statements["year"] == year) & (statements["statement"] == "change_from_previous_year")
    ].iloc[0]
    assert (
        f"The publisher states a change of {stated['value']:+.0f} percentage points "
        f"({stated['source_url']})" in audit_table.at["C28", "note"]
    )
    assert "can differ by a point" not in audit_table.at["C28", "note"]


def test_discrepancies_carry_their_evidence(audit_table: pd.DataFrame) -> None:
    assert "public services" in audit_table.at["C21", "note"]
    # The other shares published on the article's base are listed, not set against it.
    assert "other shares published on such a base: " in audit_table.at["C21", "note"]
    assert "ifs_uk_health_spending_2019 25.9% for 2018-19" in audit_table.at["C21", "note"]
    assert "On that base" not in audit_table.at["C21", "note"]
    # The Health Foundation's wording is given, and what its rate measures.
    assert (
        "which its press release describes as staff leaving the sector, is Skills for Care's "
        "job turnover: leaving a job, not the sector." in audit_table.at["C19", "note"]
    )
    # Each BSA share gives the page its service's value is shown on.
    bsa = datasets.load("bsa_satisfaction").set_index("year")
    year = claims.briefing_period("C26")
    assert audit_table.at["C26", "url"] == bsa.at[year, "social_care_source_url"]
    assert audit_table.at["C24", "url"] == bsa.at[claims.briefing_period("C24"), "source_url"]
    assert audit_table.at["C26", "url"] != audit_table.at["C24", "url"]
    # The derived rate rests on a share read from starters' previous jobs.
    assert "not from where leavers went" in audit_table.at["C19", "caveats"]
    assert "not a sum over five years" in audit_table.at["C22", "note"]
    assert "2008" in audit_table.at["C25", "note"]
    # C15 is judged on people (headcount), with the FTE count only as context.
    assert "headcount not held" in audit_table.at["C15", "note"]
    assert "1,111,359 FTE" in audit_table.at["C15", "note"]
    # C16 sets adult social care beside the NHS like for like.
    assert "a ratio of 1.02" in audit_table.at["C16", "note"]
    # C18 lists every 2018 quarter, each vintage with the report it appeared in.
    for quarter in ("2017/18 Q4", "2018/19 Q1", "2018/19 Q2", "2018/19 Q3"):
        assert quarter in audit_table.at["C18", "note"]
    # The respondent-base caveat applies to every survey share, averages included, and is listed
    # in the caveats column (the site shows the same list).
    for claim_id in ("C06", "C08", "C12", "C13"):
        assert RESPONDENT_BASE_CAVEAT in audit_table.at[claim_id, "note"]
        assert RESPONDENT_BASE_CAVEAT in audit_table.at[claim_id, "caveats"].split(
            claims.CAVEAT_SEPARATOR
        )
    assert audit_table.at["C05", "caveats"].startswith("no footnote (found in")
    # Misattributed and a different measure: the caveat says so.
    assert audit_table.at["C11", "caveats"].startswith("a level of employee-owned firms'")
    # No value found, no caveat on it.
    unverified = audit_table.loc[audit_table["verdict"] == "unverified", "caveats"]
    assert unverified.isna().all()


def test_c27_shows_cqc_comparator_and_what_is_missing(audit_table: pd.DataFrame) -> None:
    # CQC State of Care, ratings at 31 July 2019; the mutuals' own share is not published.
    note = audit_table.at["C27", "note"]
    assert audit_table.at["C27", "verdict"] == "unverified"
    assert "mutuals' own share of services rated good or outstanding" in note
    for shares in (
        "adult social care services 80% good and 4% outstanding",
        "GP practices 90% good and 5% outstanding",
        "NHS acute core services 65% good and 7% outstanding",
        "NHS mental health core services 71% good and 10% outstanding",
    ):
        assert shares in note
    assert "cqc_state_of_care_2019_20" in note


def _claim(printed: str, value: float, qualifier: str, **fields: object) -> Claim:
    defaults = {
        "claim_id": "T01",
        "section": "benefits",
        "subject": "synthetic test claim",
        "measure": None,
        "footnote": 1,
        "value_as_printed": printed,
        "value": value,
        "value_high": None,
        "unit": "pct",
        "qualifier": qualifier,
        "reference_period": None,
        "period": None,
        "cited_source_id": "cited",
        "cited_publication_id": "cited_2019",
        "cited_page": None,
    }
    return Claim(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("printed", "value", "qualifier", "low", "high"),
    [
        ("53%", 53, "none", 52.5, 53.5),
        ("1.5%", 1.5, "none", 1.45, 1.55),
        ("almost 25,000", 25000, "almost", 22500, 25000),
        ("approximately 60", 60, "approximately", 54, 66),
        ("over 100,000", 100000, "over", 100000, 125000),
        ("one out of four", 25, "one_in_n", 100 / 4.5, 100 / 3.5),
        ("lowest in ten years", 10, "lowest_in_n_years", 10, math.inf),
    ],
)
def test_qualifier_intervals(
    printed: str, value: float, qualifier: str, low: float, high: float
) -> None:
    assert admitted_interval(_claim(printed, value, qualifier)) == pytest.approx((low, high))


def test_range_admits_both_bounds() -> None:
    claim = _claim("4-5%", 4, "range", value_high=5.0)
    assert admitted_interval(claim) == pytest.approx((3.5, 5.5))


@pytest.mark.parametrize(
    ("low", "high", "verdict"),
    [
        (4.0, 5.0, "reproduced"),
        (3.5, 5.5, "reproduced"),
        (4.0, 9.0, "differs"),  # the lower end alone would lie inside 3.5-5.5
        (3.0, 5.0, "differs"),
        (5.0, 5.0, "differs"),
    ],
)
def test_a_range_found_is_judged_end_by_end(low: float, high: float, verdict: str) -> None:
    claim = _claim("4-5%", 4, "range", value_high=5.0, cited_publication_id="cited_2019")
    found = _found(low, "cited_2019")
    ranged = Recomputation(dataclasses.replace(found.statistic, value_high=high), "evidence")
    assert judge(claim, ranged).verdict == verdict
    assert ranged.statistic.shown() == f"{low:g}% to {high:g}%"


def test_a_range_end_on_its_rounding_bound_is_admitted() -> None:
    """Closed intervals, as admitted_interval: 1.45 and 2.55 round to the printed 1.5 and 2.5."""
    claim = _claim("1.5-2.5%", 1.5, "range", value_high=2.5)
    found = _found(1.45, "cited_2019")
    ranged = Recomputation(dataclasses.replace(found.statistic, value_high=2.55), "evidence")
    assert judge(claim, ranged).verdict == "reproduced"


@pytest.mark.parametrize(
    ("printed", "value", "qualifier", "fields", "words"),
    [
        ("53%", 53, "none", {}, "52.5% to 53.5%"),
        ("almost 25,000", 25000, "almost", {"unit": "count"}, "22,500 to 25,000"),
        ("one in four", 25, "one_in_n", {}, "22.222% to 28.571%"),
        ("above", 50, "above", {}, "50% or more"),
        ("falling", 0, "below", {"unit": "pct_points"}, "0 percentage points or less"),
        (
            "4-5%",
            4,
            "range",
            {"value_high": 5.0},
            "a lower end of 3.5% to 4.5% and an upper end of 4.5% to 5.5%",
        ),
        ("the past decade", 10, "loose_span", {"unit": "years"}, ""),
        # A calendar year is named, not rounded.
        ("2008", 2008, "none", {"unit": "year"}, "2008 alone"),
    ],
)
def test_what_a_printed_value_admits_in_words(printed, value, qualifier, fields, words) -> None:
    assert admitted_in_words(_claim(printed, value, qualifier, **fields)) == words


def test_every_qualifier_has_a_meaning() -> None:
    for qualifier in QUALIFIERS:
        admitted_interval(_claim("10", 10, qualifier, value_high=12.0))


def _found(
    value: float | None, publication_id: str, caveats: tuple[str, ...] = ()
) -> Recomputation:
    statistic = Statistic(
        "synthetic_pct",
        value,
        "pct",
        "2019",
        "cited",
        publication_id,
        "https://example.org/t",
        "p. 1",
        "published",
    )
    return Recomputation(statistic, "evidence", caveats)


@pytest.mark.parametrize(
    ("recomputed", "publication", "caveats", "verdict"),
    [
        (None, "cited_2019", (), "unverified"),
        (60.0, "cited_2019", (), "differs"),
        (53.2, "other_2019", (), "misattributed"),
        (53.2, "cited_2018", (), "misattributed"),
        (53.2, "cited_2019", ("base differs",), "reproduced-with-caveat"),
        (53.2, "cited_2019", (), "reproduced"),
    ],
)
def test_judge(
    recomputed: float | None, publication: str, caveats: tuple[str, ...], verdict: str
) -> None:
    finding = judge(_claim("53%", 53, "none"), _found(recomputed, publication, caveats))
    assert finding.verdict == verdict


def test_a_loose_span_is_not_checkable_by_the_rule() -> None:
    finding = judge(_claim("the past decade", 10, "loose_span"), Recomputation(None, "span"))
    assert finding.verdict == "not-checkable"


def test_an_uncited_claim_found_in_data_carries_a_caveat() -> None:
    claim = _claim(
        "approximately 60", 60, "approximately", cited_source_id=None, cited_publication_id=None
    )
    finding = judge(claim, _found(60.0, "somewhere_2019"))
    assert finding.verdict == "reproduced-with-caveat"
    assert "cites no publication held (found in somewhere_2019)" in finding.note
    assert finding.caveats == ("the footnote cites no publication held (found in somewhere_2019)",)


def test_every_finding_names_the_publication_it_was_judged_against(
    audit_table: pd.DataFrame,
) -> None:
    judged = audit_table.loc[audit_table["verdict"] != "not-checkable"]
    assert judged["publication_id"].notna().all(), judged.loc[judged["publication_id"].isna()]


def test_no_check_builds_a_finding_by_hand() -> None:
    folder = Path(claims.__file__).parent
    for module in ("mutual_sector.py", "satisfaction.py", "workforce.py"):
        assert "Finding(" not in (folder / module).read_text(encoding="utf-8"), module


def test_an_unknown_qualifier_is_named() -> None:
    claim = _claim("10", 10, "none")
    object.__setattr__(claim, "qualifier", "roughly")
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        admitted_interval(claim)


def test_a_publication_later_than_the_briefing_is_not_read_in_place_of_the_cited_one(
    built_project: Path,
) -> None:
    """C09's average margin is not in the 2019 edition the footnote cites, nor in 2018. A 2020
    edition giving one (SYNTHETIC) is of a later year than anything the briefing cites, so C09
    stays unverified rather than being judged on a report it could not have drawn on."""
    folder = built_project / "data" / "raw" / "seuk_psm"
    yaml_text = (folder / "source.yaml").read_text(encoding="utf-8")
    editions = datasets.load("psm_headline_figures").query("source_id == 'seuk_psm'")["edition"]
    later = int(max(editions)) + 1  # after every edition held, and after 2019
    entry = (
        f"  - id: synthetic_seuk_psm_{later}\n"
        '    publisher: "Social Enterprise UK (for DCMS)"\n'
        f'    edition: "{later}"\n'
        '    title: "SYNTHETIC later edition"\n'
        f'    date_published: "{later}-04"\n'
    )
    (folder / "source.yaml").write_text(
        yaml_text.replace("licence:", entry + "licence:", 1), encoding="utf-8"
    )
    with (folder / "headline_figures.csv").open("a", encoding="utf-8") as stream:
        stream.write(
            f"synthetic_seuk_psm_{later},seuk_psm,{later},avg_profit_margin_pct,1.8,pct,respondents,,"
            "SYNTHETIC,https://example.org/synthetic,false,verified,,SYNTHETIC test row\n"
        )
    assert cli_main(["checksum", str(folder)]) == 0
    assert cli_main(["build"]) == 0
    assert claims.lookup.briefing_year() == 2019
    finding = judge(claims.find("C09"), claims.recompute(claims.find("C09")))
    assert finding.verdict == "unverified"
    assert finding.publication_id == "seuk_psm_2019"


@pytest.mark.parametrize(
    ("printed", "unit", "numbers"),
    [
        ("-4%", "pct_points", [-4.0]),
        ("\u22124 points", "pct_points", [-4.0]),
        ("4-5%", "pct", [4.0, 5.0]),
        ("over 1.5 million", "count", [1_500_000.0]),
        ("£20 billion", "gbp_billion", [20.0]),
        ("one out of four", "pct", [1.0, 4.0]),
        ("the past decade", "years", [10.0]),
    ],
)
def test_the_numbers_a_printed_value_holds(printed: str, unit: str, numbers: list[float]) -> None:
    """A minus sign belongs to the number after it unless a digit comes before it (a range)."""
    from mutualstats.sources.briefing import printed_numbers

    assert printed_numbers(printed, unit) == numbers


def test_c05_sets_every_other_published_count_of_health_mutuals_beside_its_own(
    audit_table: pd.DataFrame,
) -> None:
    """C05 is judged on the latest count of health (and care) mutuals held, read from its one
    home, the published counts; the other counts are cited with their rows, and the caveat says
    whether any is of the same year."""
    counts = datasets.load("psm_counts")
    health = counts.loc[counts["scope"] == "health_subset"]
    found = audit_table.loc["C05"]
    judged = health.loc[health["year"] == health["year"].max()]
    assert found["publication_id"] == judged["publication_id"].item()
    assert found["recomputed_value"] == judged["mutuals_count"].item()
    assert found["raw_rows"].startswith("data/raw/psm_population/psm_counts.csv:")
    others = health.loc[health["publication_id"] != found["publication_id"]]
    assert not others.empty
    for other in others.itertuples():
        assert f" in {other.year} ({other.publisher};" in found["note"]
    assert found["context_rows"].count("psm_population/psm_counts.csv:") == len(others)
    alone = judged["year"].item() not in set(others["year"])
    assert ("the figure rests on this page alone" in found["caveats"]) == alone
    assert found["verdict"] == "reproduced-with-caveat"


def test_a_count_of_mutuals_is_held_once_not_also_as_a_headline_figure() -> None:
    """A count of mutuals has one home, the published counts: no page's count is held again
    among the headline figures."""
    counts = datasets.load("psm_counts")
    headline = datasets.load("psm_headline_figures")
    published_counts = headline.loc[(headline["unit"] == "count") & headline["value"].notna()]
    held_twice = published_counts.merge(
        counts, left_on=["url", "value"], right_on=["url", "mutuals_count"]
    )
    assert held_twice.empty, held_twice[["publication_id_x", "publication_id_y"]]


def test_the_notebooks_tables_say_what_the_data_give_as_the_reviewer_pages_do(
    audit_table: pd.DataFrame,
) -> None:
    """The notebooks' table of claims (``reader.claims_table``) reads what the data give from
    ``recomputed_in_words``, as the site and audit.md do: a statement with nothing to recompute is
    said to be so, not left blank."""
    from mutualstats import reader
    from mutualstats.claims.report import recomputed_in_words

    table = audit_table.reset_index()
    recomputed = table["recomputed"].fillna("")
    assert (recomputed == "").any(), "no claim without a recomputed value is left to check"
    expected = {
        row.claim_id: recomputed_in_words(value, row.verdict)
        for row, value in zip(table.itertuples(), recomputed, strict=True)
    }
    by_section = pd.concat(
        reader.claims_table(table.loc[table["section"] == section])
        for section in table["section"].unique()
    )
    assert by_section["data give"].to_dict() == expected
    assert reader.claims_table(table)["data give"].to_dict() == expected


def test_the_markdown_audit_gives_each_claim_as_a_reviewer_reads_it(
    audit_table: pd.DataFrame,
) -> None:
    """audit.md: one section per claim, in order, with the value printed and found, the
    publications cited and found by title, page and address, every raw row read, and the
    evidence with publication ids and measure codes in words."""
    from mutualstats.claims.report import recomputed_in_words, to_markdown
    from mutualstats.site_claims import text_labels
    from mutualstats.site_text import codes_in_words

    names = text_labels()
    table = audit_table.reset_index()
    sections = to_markdown(table, names).split("\n## ")[1:]
    assert [section.split(":")[0] for section in sections] == table["claim_id"].tolist()
    publications = datasets.load("publications").set_index("publication_id")
    for row, section in zip(table.itertuples(), sections, strict=True):
        assert section.startswith(f"{row.claim_id}: {row.verdict}\n")
        assert f"| The briefing prints | {row.value_as_printed} |" in section
        recomputed = "" if pd.isna(row.recomputed) else row.recomputed
        shown = recomputed_in_words(recomputed, row.verdict)
        assert f"| The data give | {shown} |" in section, row.claim_id
        for column in ("title", "url", "cited_title"):
            value = getattr(row, column)
            assert pd.isna(value) or str(value) in section, (row.claim_id, column)
        # The page as a reviewer reads it: a publication it names is named by its title.
        assert pd.isna(row.page) or codes_in_words(row.page, names) in section, row.claim_id
        for column in ("raw_rows", "context_rows"):
            rows_read = getattr(row, column)
            for location in [] if pd.isna(rows_read) else rows_read.split("; "):
                assert f"`{location}`" in section, (row.claim_id, location)
        evidence = section.split("\nEvidence: ", 1)[1]
        for publication_id in {row.publication_id, row.cited_publication_id} - {None}:
            if isinstance(publication_id, str) and not pd.isna(
                publications.at[publication_id, "title"]
            ):
                assert publication_id not in evidence, (row.claim_id, publication_id)
    # Without words for the codes, an evidence note keeps them.
    coded = next(
        row.publication_id
        for row in table.itertuples()
        if isinstance(row.publication_id, str) and row.publication_id in str(row.note)
    )
    assert f"Evidence: {coded}" in to_markdown(table) or coded in to_markdown(table)
    assert coded not in to_markdown(table, names)


def test_the_markdown_audit_names_no_publication_by_its_id(audit_table: pd.DataFrame) -> None:
    """Outside the raw rows (``file:line``) and web addresses, audit.md names every
    publication by its title, in a page as in a note (C24's publication's pages name the Nuffield
    Trust's page by its id)."""
    from mutualstats.claims.report import to_markdown
    from mutualstats.site_claims import text_labels

    text = to_markdown(audit_table.reset_index(), text_labels())
    shown = re.sub(r"https?://\S+", " ", re.sub(r"`[^`]*`", " ", text))
    ids = datasets.load("publications")["publication_id"].astype(str)
    assert not [i for i in ids if re.search(rf"\b{re.escape(i)}\b", shown)]


def test_a_satisfaction_value_or_statement_is_placed_by_its_publication_pages(
    audit_table: pd.DataFrame,
) -> None:
    """The BSA tables have no page column: a value or a publisher's statement read from them
    (C24 to C26, C28) is placed by the pages its publication's source.yaml entry gives, never by
    a word of the code's own ("statement")."""
    publications = datasets.load("publications").set_index("publication_id")
    read = audit_table.loc[audit_table["source_id"] == "bsa"]
    assert {"C24", "C25", "C26", "C28"} <= set(read.index), sorted(read.index)
    for claim_id, row in read.iterrows():
        assert row["page"] == publications.at[row["publication_id"], "pages"], claim_id
