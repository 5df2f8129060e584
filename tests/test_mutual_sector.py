"""Mutual-sector sources, statistics and charts: loaders reject bad values by column, every number
the notebooks 01 and 02 state is asserted from the processed tables, and like-for-like holds."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import rewrite

from mutualstats import claims, datasets, figures, mutual_sector, reader
from mutualstats.build import collect_tables
from mutualstats.config import (
    GEOGRAPHY_WORDS,
    MIN_RESPONDENT_BASE_N,
    RESPONDENT_BASE,
    RESPONDENTS_MEASURE,
    VALUE_QUALIFIER_WORDS,
    VALUE_QUALIFIERS,
    YEAR_BASES,
    raw_dir,
)
from mutualstats.errors import DataValidationError
from mutualstats.figures.mutual_counts import YEAR_BASIS_MARKERS
from mutualstats.schemas.common import STATUS_VALUE_RULE
from mutualstats.site_text import measure_labels
from mutualstats.sources import BUILDERS
from mutualstats.sources import mutual_sector as source
from mutualstats.statistic import format_value

ALL_FOLDERS = (*source.HEADLINE_FOLDERS, source.COUNTS_SOURCE_ID)


@pytest.fixture(scope="module")
def headline() -> pd.DataFrame:
    return datasets.load("psm_headline_figures")


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    return datasets.load("psm_counts")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """Private copies of every mutual-sector folder (the vocabulary lives in seuk_psm)."""
    for folder in ALL_FOLDERS:
        shutil.copytree(raw_dir() / folder, tmp_path / folder)
    return tmp_path


def _value(frame: pd.DataFrame, source_id: str, edition: str, measure: str) -> float:
    return float(mutual_sector.headline_value(frame, source_id, edition, measure)["value"])


def _edit(folder: Path, name: str, match: str, column: str, value: str) -> None:
    """Set ``column`` to ``value`` on the first row of ``name`` whose text contains ``match``."""
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    row = frame.index[frame.apply(lambda r: match in ",".join(r), axis=1)][0]
    frame.loc[row, column] = value
    rewrite(folder, name, frame.to_csv(index=False))


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        BUILDERS[folder.name](folder)
    return [str(problem) for problem in caught.value.problems]


# Loaders and schemas


def test_every_folder_is_registered() -> None:
    assert set(ALL_FOLDERS) <= set(BUILDERS)


def test_published_tables_build(raw_copy: Path) -> None:
    part = source.build_headline(raw_copy / "cipfa")["psm_headline_figures"]
    assert set(part["source_id"]) == {"cipfa"}
    table = source.build_counts(raw_copy / "psm_population")["psm_counts"]
    assert len(table) == 11


def test_headline_parts_are_concatenated_one_row_per_key() -> None:
    collected = collect_tables(raw_dir())
    assert collected.problems == []
    assert collected.sources["psm_headline_figures"] == sorted(source.HEADLINE_FOLDERS)
    table = collected.tables["psm_headline_figures"]
    assert set(table["source_id"]) == set(source.HEADLINE_FOLDERS)
    assert not table.duplicated(["source_id", "edition", "measure"]).any()
    assert table["definition"].notna().all()


@pytest.mark.parametrize(
    ("match", "column", "value", "expected"),
    [
        ("more_innovative_pct", "value", "eighty", "column 'value'"),
        ("more_innovative_pct", "value", "182", "value must lie in [0, 100]"),
        ("more_innovative_pct", "measure", "more_inventive_pct", "column 'measure'"),
        ("more_innovative_pct", "unit", "count", "column 'unit'"),
        ("more_innovative_pct", "unit", "percent", "column 'unit'"),
        ("more_innovative_pct", "base", "everyone", "column 'base'"),
        ("more_innovative_pct", "base_n", "0", "column 'base_n'"),
        ("more_innovative_pct", "status", "maybe", "column 'status'"),
        ("more_innovative_pct", "secondary", "yes", "column 'secondary'"),
        ("more_innovative_pct", "source_id", "seuk_psm", "column 'source_id'"),
        ("more_innovative_pct", "url", "gov.uk", "column 'url'"),
        ("more_innovative_pct", "edition", "17", "column 'edition'"),
        ("more_innovative_pct", "measure", "more_responsive_pct", "one row per"),
        ("more_innovative_pct", "value", "", STATUS_VALUE_RULE),
    ],
)
def test_bad_headline_value_is_named(
    raw_copy: Path, match: str, column: str, value: str, expected: str
) -> None:
    _edit(raw_copy / "cipfa", "headline_figures.csv", match, column, value)
    problems = _problems(raw_copy / "cipfa")
    assert any("headline_figures.csv" in p and expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("column", "value"),
    [("qualifier", "roughly"), ("mutuals_count", "-3"), ("year", "1899"), ("year_basis", "sure")],
)
def test_bad_count_is_named(raw_copy: Path, column: str, value: str) -> None:
    _edit(raw_copy / "psm_population", "psm_counts.csv", "Civil Service blog", column, value)
    problems = _problems(raw_copy / "psm_population")
    assert any("psm_counts.csv:5" in p and f"column '{column}'" in p for p in problems), problems


def test_each_word_outside_the_vocabulary_is_named_with_its_line(raw_copy: Path) -> None:
    folder = raw_copy / "cipfa"
    _edit(folder, "headline_figures.csv", "more_innovative_pct", "measure", "more_inventive_pct")
    _edit(folder, "headline_figures.csv", "more_responsive_pct", "unit", "count")
    _edit(folder, "headline_figures.csv", "better_quality_than", "base", "everyone")
    _edit(folder, "headline_figures.csv", "report methodology", "source_id", "seuk_psm")
    where = folder / "headline_figures.csv"
    assert [p for p in _problems(folder) if "must" in p or " not in " in p] == [
        f"{where}:2 column 'source_id': source_id must be the folder name 'cipfa' (value: "
        "'seuk_psm')",
        f"{where}:3 column 'measure': measure not in seuk_psm/measures.csv (value: "
        "'more_inventive_pct')",
        f"{where}:4 column 'unit': unit must be 'pct', the unit of more_responsive_pct (value: "
        "'count')",
        f"{where}:5 column 'base': base not in seuk_psm/bases.csv (value: 'everyone')",
    ]


def test_broken_vocabulary_stops_other_sources(raw_copy: Path) -> None:
    _edit(raw_copy / "seuk_psm", "measures.csv", "more_innovative_pct", "unit", "percent")
    assert any("column 'unit'" in p for p in _problems(raw_copy / "seuk_psm"))
    assert any("vocabulary" in p for p in _problems(raw_copy / "cipfa"))


# Numbers stated in notebooks 01 and 02


def test_brief_history_numbers(headline: pd.DataFrame, counts: pd.DataFrame) -> None:
    dh = "dh_right_to_request"
    assert _value(headline, dh, "2013", "scheme_introduced_year") == 2008
    for edition in ("2010", "2011", "2013"):
        assert _value(headline, dh, edition, "staff_transferred") == 25_000
    assert _value(headline, dh, "2010", "proposals_count") == 61
    assert _value(headline, dh, "2011", "social_enterprises_count") == 45
    assert (
        _value(headline, "dcms_replication", "2019", "share_of_psms_in_health_social_care_pct")
        == 48
    )
    assert counts["mutuals_count"].tolist() == [9, 58, 71, 53, 66, 100, 40, 110, 115, 60, 130]
    assert counts.loc[counts["scope"] == "health_subset", "mutuals_count"].tolist() == [53, 40, 60]


def test_benefits_numbers(headline: pd.DataFrame) -> None:
    psm, se = "seuk_psm", "seuk_social_enterprise"
    assert _value(headline, psm, "2018", "turnover_growth_since_launch_pct") == 50
    assert _value(headline, psm, "2019", "developed_new_products_services_pct") == 68
    assert _value(headline, psm, "2018", "developed_new_products_services_pct") == 66
    assert _value(headline, psm, "2019", "profitable_pct") == 96
    assert _value(headline, psm, "2018", "profitable_pct") == 92
    assert _value(headline, se, "2019", "profitable_pct") == 48
    assert _value(headline, se, "2017", "profitable_pct") == 51
    # Never held: the sum of the two published shares, worked out where it is shown.
    assert "profit_or_breakeven_pct" not in set(headline["measure"])
    derived = mutual_sector.with_derived_shares(headline)
    for edition in ("2017", "2019"):
        parts = [
            _value(headline, se, edition, part) for part in ("profitable_pct", "breakeven_pct")
        ]
        assert _value(derived, se, edition, "profit_or_breakeven_pct") == sum(parts)
    assert mutual_sector.with_derived_shares(derived) is derived, "derived once"
    assert len(derived) == len(headline) + 2
    assert _value(headline, "cipfa", "2017", "more_innovative_pct") == 82
    assert _value(headline, "cipfa", "2017", "better_quality_than_public_sector_pct") == 76
    assert _value(headline, "cipfa", "2017", "more_productive_workforce_pct") == 76


@pytest.mark.parametrize(
    ("source_id", "edition", "measure"),
    [
        ("seuk_psm", "2019", "avg_profit_margin_pct"),
        ("seuk_psm", "2019", "reinvest_profits_pct"),
        ("seuk_psm", "2019", "expanded_into_new_areas_pct"),
        ("mutuals_taskforce", "2012", "productivity_growth_pct_low"),
        ("mutuals_taskforce", "2012", "productivity_growth_pct_high"),
    ],
)
def test_numbers_not_found_stay_empty(
    headline: pd.DataFrame, source_id: str, edition: str, measure: str
) -> None:
    row = mutual_sector.headline_value(headline, source_id, edition, measure)
    assert pd.isna(row["value"])
    assert row["status"] == "unverified"


def test_notebooks_show_the_audit_rows_of_their_section() -> None:
    audit = claims.audit()
    history = reader.claims_table(audit.loc[audit["section"] == "brief_history"])
    assert history["briefing says"].tolist() == [
        "the past decade",
        "2008",
        "almost 25,000",
        "2013",
        "approximately 60",
    ]
    benefits = reader.claims_table(audit.loc[audit["section"] == "benefits"])
    reinvest = benefits.set_index("briefing says").loc["92%"]
    assert reinvest["verdict"] == "unverified"
    assert not hasattr(mutual_sector, "BRIEFING_NUMBERS")


def test_92_reinvest_notes_the_same_value_under_another_measure() -> None:
    note = claims.audit().set_index("claim_id").at["C14", "note"]
    assert "published as a different measure: profitable_pct in seuk_psm_2018" in note


# Statistics


def test_profitability_is_compared_like_for_like(headline: pd.DataFrame) -> None:
    profit = mutual_sector.compare_profitability(
        headline, "profitable_pct", "profitable_pct", "2019", "2019"
    )
    assert (profit.psm_pct, profit.social_enterprise_pct, profit.difference_pp) == (96, 48, 48)
    either = mutual_sector.compare_profitability(
        headline, "profit_or_breakeven_pct", "profit_or_breakeven_pct", "2019", "2019"
    )
    assert either.psm_pct is None and either.social_enterprise_pct == 75
    assert either.note == "not published for mutuals"


@pytest.mark.parametrize(
    ("psm_measure", "se_measure"),
    [("profitable_pct", "profit_or_breakeven_pct"), ("turnover_growth_since_launch_pct",) * 2],
)
def test_comparison_across_definitions_is_refused(
    headline: pd.DataFrame, psm_measure: str, se_measure: str
) -> None:
    """The refusal says what it refuses in words first, each measure's code after its words so
    an analyst can find the rows."""
    with pytest.raises(mutual_sector.NotLikeForLikeError, match="refusing to compare") as refusal:
        mutual_sector.compare_profitability(headline, psm_measure, se_measure, "2019", "2019")
    words = {**measure_labels(headline), **mutual_sector.PROFIT_MEASURES}
    message = str(refusal.value)
    for measure in (psm_measure, se_measure):
        assert f"{words[measure]} ({measure})" in message
    assert message.index(words[psm_measure]) < message.index(psm_measure)


def test_edition_change_without_bases(headline: pd.DataFrame) -> None:
    change = mutual_sector.edition_change(headline, "seuk_psm", "profitable_pct", "2018", "2019")
    assert change.change_pp == 4
    assert change.significant is None and change.note == "base not published"
    with pytest.raises(ValueError, match="not published in both"):
        mutual_sector.edition_change(
            headline, "seuk_psm", "faster_decision_making_pct", "2018", "2019"
        )


def test_share_interval_only_with_a_published_base(headline: pd.DataFrame) -> None:
    assert mutual_sector.share(headline, "seuk_psm", "2019", "profitable_pct").note == (
        "base not published"
    )
    one_case = mutual_sector.share(
        headline, "mutuals_taskforce", "2012", "customer_satisfaction_increase_pct"
    )
    assert one_case.lower_pct is None and "not a share of survey respondents" in one_case.note
    with_base = headline.assign(
        base_n=np.where(headline["measure"] == "profitable_pct", 100, pd.NA)
    ).astype({"base_n": "Int64"})
    result = mutual_sector.share(with_base, "seuk_psm", "2019", "profitable_pct")
    assert result.base_n == 100
    assert result.lower_pct == pytest.approx(90.16, abs=0.01)
    assert result.upper_pct == pytest.approx(98.43, abs=0.01)


# Charts


def test_indicator_chart_data(headline: pd.DataFrame) -> None:
    data = figures.mutual_sector.psm_indicator_data(headline, "2019")
    assert data.to_dict("index") == {
        "developed_new_products_services_pct": {"2018": 66.0, "2019": 68.0},
        "profitable_pct": {"2018": 92.0, "2019": 96.0},
    }
    fig = figures.build_psm_indicators(headline, "footer", "2019")
    heights = [patch.get_height() for patch in fig.axes[0].patches]
    assert heights == [66, 92, 68, 96]


def test_the_indicators_chart_names_each_editions_wording_where_they_differ(
    headline: pd.DataFrame,
) -> None:
    """Where the held editions word a plotted share differently, a note names each edition's
    words, read from the rows; the chart's CSV carries them."""
    from mutualstats.figures.mutual_sector import MEASURE_LABELS, indicator_rows

    data = figures.mutual_sector.psm_indicator_data(headline)
    rows = indicator_rows(headline, data)
    worded = rows.dropna(subset=["source_wording"])
    differing = [
        measure
        for measure, by_edition in worded.groupby("measure")
        if by_edition["source_wording"].nunique() > 1
    ]
    assert differing, "the held editions word no plotted share differently"
    fig = figures.build_psm_indicators(headline, "footer")
    record = figures.chart_record(fig)
    assert record.data["source_wording"].tolist() == rows["source_wording"].tolist()
    for measure in differing:
        label = MEASURE_LABELS.get(measure, measure)
        (note,) = [note for note in record.text.notes if note.startswith(f"{label}:")]
        for row in worded.loc[worded["measure"] == measure].itertuples():
            assert f"the {row.edition} survey" in note
            assert f"the share that {row.source_wording}" in note
        said = [note.index(f"the {edition} survey") for edition in sorted(data.columns)]
        assert said == sorted(said), note


def _indicators_worded(headline: pd.DataFrame, words: dict[tuple[str, str], str]) -> plt.Figure:
    """The indicators chart of ``headline`` with SYNTHETIC ``source_wording`` by (measure,
    edition) on the State of the Sector rows, and none on any other row."""
    is_psm = headline["source_id"] == "seuk_psm"
    keys = zip(headline["measure"], headline["edition"], strict=True)
    synthetic = [words.get(key) for key in keys]
    worded = headline.assign(
        source_wording=pd.Series(synthetic, index=headline.index).where(is_psm)
    )
    return figures.build_psm_indicators(worded, "footer")


def test_the_indicators_chart_adds_no_wording_note_where_the_editions_agree(
    headline: pd.DataFrame,
) -> None:
    data = figures.mutual_sector.psm_indicator_data(headline)
    same = {
        (measure, edition): f"SYNTHETIC words for {measure}"
        for measure in data.index
        for edition in data.columns
    }
    unworded = figures.chart_record(_indicators_worded(headline, {})).text.notes
    notes = figures.chart_record(_indicators_worded(headline, same)).text.notes
    assert notes == unworded
    assert not any("SYNTHETIC" in note for note in notes)


@pytest.mark.parametrize(
    "later_words",
    ["Synthetic same words", "synthetic  same words.", "\u201csynthetic same words\u201d"],
)
def test_words_differing_only_in_case_spacing_quotes_or_a_stop_are_the_same(
    headline: pd.DataFrame, later_words: str
) -> None:
    """The note said two editions count different things where one edition's words were typed
    with a capital, a double space, quotes or a full stop."""
    data = figures.mutual_sector.psm_indicator_data(headline)
    earlier, later = data.columns
    words = {(measure, earlier): "synthetic same words" for measure in data.index}
    words |= {(measure, later): later_words for measure in data.index}
    unworded = figures.chart_record(_indicators_worded(headline, {})).text.notes
    assert figures.chart_record(_indicators_worded(headline, words)).text.notes == unworded


def test_the_wording_note_names_the_indicator_whose_editions_differ(
    headline: pd.DataFrame,
) -> None:
    """SYNTHETIC words: the editions agree on every share but one, which the note names."""
    from mutualstats.figures.mutual_sector import MEASURE_LABELS

    data = figures.mutual_sector.psm_indicator_data(headline)
    earlier, later = data.columns
    differing = data.index[0]
    words = {
        (measure, edition): "SYNTHETIC same"
        for measure in data.index
        for edition in (earlier, later)
    }
    words[(differing, earlier)] = "SYNTHETIC earlier words"
    words[(differing, later)] = "SYNTHETIC later words"
    notes = figures.chart_record(_indicators_worded(headline, words)).text.notes
    (note,) = [note for note in notes if "SYNTHETIC" in note]
    assert note.startswith(f"{MEASURE_LABELS.get(differing, differing)}:")
    assert f"the {earlier} survey reports the share that SYNTHETIC earlier words" in note
    assert f"the {later} survey the share that SYNTHETIC later words" in note
    assert "SYNTHETIC same" not in note


def test_profitability_chart_draws_definitions_apart(headline: pd.DataFrame) -> None:
    briefing = {"seuk_psm": "2019", "seuk_social_enterprise": "2019"}
    fig = figures.build_profitability(headline, "footer", briefing)
    profit_ax, either_ax = fig.axes
    assert [p.get_height() for p in profit_ax.patches] == [92, 96, 51, 48]
    assert [p.get_height() for p in either_ax.patches] == [0, 0, 71, 75]
    labels = [text.get_text() for text in either_ax.texts]
    assert labels[:2] == ["not\nheld", "not\nheld"]


def test_counts_chart_plots_every_count(counts: pd.DataFrame) -> None:
    fig = figures.build_psm_counts(counts, "footer")
    # One row per count: the dots' x values are the counts; the rows carry their year.
    drawn = sorted(int(x) for c in fig.axes[0].collections for x, _ in c.get_offsets())
    assert drawn == sorted(counts["mutuals_count"])
    data = figures.chart_record(fig).data
    assert sorted(zip(data["year"], data["mutuals_count"], strict=True)) == sorted(
        zip(counts["year"], counts["mutuals_count"], strict=True)
    )
    assert len(fig.axes[0].texts) == len(counts)


def test_counts_are_labelled_as_printed_with_their_qualifier(counts: pd.DataFrame) -> None:
    fig = figures.build_psm_counts(counts, "footer")
    data = figures.chart_record(fig).data
    printed = [
        f"{VALUE_QUALIFIER_WORDS[qualifier]} {count}".strip()
        for count, qualifier in zip(data["mutuals_count"], data["qualifier"], strict=True)
    ]
    assert [text.get_text() for text in fig.axes[0].texts] == printed
    every = data.loc[data["scope"] == "all_psms"]
    title = figures.chart_record(fig).text.title
    assert f"{printed[every.index[0]]} in {every['year'].iloc[0]}" in title
    assert f"{printed[every.index[-1]]} in {every['year'].iloc[-1]}" in title


def test_count_labels_are_wrapped_never_cut_short(counts: pd.DataFrame) -> None:
    fig = figures.build_psm_counts(counts, "footer")
    data = figures.chart_record(fig).data
    labels = [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(data)
    for label, publisher in zip(labels, data["publisher"], strict=True):
        assert "..." not in label and "\u2026" not in label
        assert publisher.split(" (")[0] in " ".join(label.split()), label
    assert any("\n" in label for label in labels), "the longest labels wrap"


def test_counts_of_inferred_year_are_drawn_hollow_and_explained(counts: pd.DataFrame) -> None:
    fig = figures.build_psm_counts(counts, "footer")
    data = figures.chart_record(fig).data
    hollow = {}
    for collection in fig.axes[0].collections:
        # One year basis per collection: its face is transparent (or none) where drawn hollow.
        faces = collection.get_facecolor()
        is_hollow = len(faces) == 0 or all(face[3] == 0 for face in faces)
        hollow |= {int(position): is_hollow for _, position in collection.get_offsets()}
    assert hollow == (data["year_basis"] == "inferred").to_dict()
    assert any(hollow.values()) and not all(hollow.values())
    assert set(YEAR_BASIS_MARKERS) == set(YEAR_BASES)
    notes = figures.chart_record(fig).text.notes
    assert (
        "Hollow markers: counts undated in the text read, so the year (labelled year inferred) is "
        "the publication's; filled markers: the year is stated."
    ) in notes, notes


def test_counts_chart_names_each_count_s_area_from_the_data(counts: pd.DataFrame) -> None:
    fig = figures.build_psm_counts(counts, "footer")
    record = figures.chart_record(fig)
    data = record.data
    usual = data["geography"].value_counts().idxmax()
    others = data.loc[data["geography"] != usual, "geography"]
    assert not others.empty, "the counts cover more than one area"
    assert f", {GEOGRAPHY_WORDS[usual]} unless labelled otherwise, " in record.text.subtitle
    labels = [" ".join(t.get_text().split()) for t in fig.axes[0].get_yticklabels()]
    for label, geography in zip(labels, data["geography"], strict=True):
        named = label.endswith(f"({GEOGRAPHY_WORDS[geography]})")
        assert named == (geography != usual), label


def test_counts_chart_names_one_area_in_its_subtitle_when_all_share_it(
    counts: pd.DataFrame,
) -> None:
    one_area = counts.assign(geography=counts["geography"].iloc[0])
    fig = figures.build_psm_counts(one_area, "footer")
    words = GEOGRAPHY_WORDS[counts["geography"].iloc[0]]
    assert f", {words}, " in figures.chart_record(fig).text.subtitle
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert not any(f"({words})" in label for label in labels)


@pytest.mark.parametrize(
    ("chart", "source_ids"),
    [
        ("psm_indicators", ("seuk_psm",)),
        ("psm_profitability", ("seuk_psm", "seuk_social_enterprise")),
        ("cipfa_benefits", ("cipfa",)),
    ],
)
def test_mutual_sector_subtitles_take_their_area_from_provenance(
    chart: str, source_ids: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    subtitle = figures.chart_record(figures.CHARTS[chart](2018)).text.subtitle
    for source_id in source_ids:
        declared = datasets.provenance(source_id).geography
        assert declared is not None, source_id
        assert f"{GEOGRAPHY_WORDS[declared]})" in subtitle or (
            f", {GEOGRAPHY_WORDS[declared]}, " in subtitle
        ), subtitle
    # Another area declared in source.yaml is the area the subtitle states: none is typed.
    real = datasets.provenance
    elsewhere = next(code for code in GEOGRAPHY_WORDS if code not in {"england", "uk"})
    monkeypatch.setattr(
        datasets,
        "provenance",
        lambda source_id: dataclasses.replace(real(source_id), geography=elsewhere),
    )
    moved = figures.chart_record(figures.CHARTS[chart](2018)).text.subtitle
    assert GEOGRAPHY_WORDS[elsewhere] in moved
    assert "England" not in moved and ", UK" not in moved and "UK)" not in moved


def test_a_lower_bound_is_printed_as_at_least() -> None:
    assert format_value(58, "count", "at_least") == "at least 58"
    assert format_value(9, "count", "none") == "9"
    assert set(VALUE_QUALIFIER_WORDS) == set(VALUE_QUALIFIERS)


def test_every_qualifier_of_the_vocabulary_is_accepted(raw_copy: Path) -> None:
    folder = raw_copy / "psm_population"
    frame = pd.read_csv(folder / "psm_counts.csv", dtype=str, keep_default_na=False)
    codes = list(VALUE_QUALIFIERS) * (len(frame) // len(VALUE_QUALIFIERS) + 1)
    rewrite(
        folder, "psm_counts.csv", frame.assign(qualifier=codes[: len(frame)]).to_csv(index=False)
    )
    built = source.build_counts(folder)["psm_counts"]
    assert set(built["qualifier"]) == set(VALUE_QUALIFIERS)


def test_cipfa_chart_data(headline: pd.DataFrame) -> None:
    fig = figures.build_cipfa_benefits(headline, "footer")
    assert sorted(p.get_width() for p in fig.axes[0].patches) == [76, 76, 78, 78, 82]


def test_charts_are_registered_and_export_identically(tmp_path: Path, briefing_charts) -> None:
    """A second build of each chart exports the same bytes as the session's first."""
    names = ("psm_indicators", "psm_profitability", "psm_counts", "cipfa_benefits")
    assert set(names) <= set(figures.CHARTS)
    for name in names:
        builds = {"first": briefing_charts[name], "second": figures.CHARTS[name](2018)}
        digests = [
            [path.read_bytes() for path in figures.export(fig, name, tmp_path / run)]
            for run, fig in builds.items()
        ]
        assert digests[0] == digests[1]


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test opened (the session's shared charts stay open)."""
    before = set(plt.get_fignums())
    yield
    for number in set(plt.get_fignums()) - before:
        plt.close(number)


def test_the_first_edition_has_no_earlier_one_to_compare(headline: pd.DataFrame) -> None:
    assert mutual_sector.previous_edition(headline, "seuk_psm", "2019") == "2018"
    assert mutual_sector.previous_edition(headline, "seuk_psm", "2018") is None
    assert mutual_sector.describe_edition_changes(headline, "seuk_psm", "2018", None) == (
        "The 2018 edition is the first held: there is no earlier edition to compare."
    )
    changes = mutual_sector.describe_edition_changes(headline, "seuk_psm", "2019", "2018")
    definition = measure_labels(headline)["profitable_pct"]
    assert f"{definition}: 92% (2018) to 96% (2019), +4 points (base not published)" in changes
    measures = mutual_sector.measures_in_both_editions(headline, "seuk_psm", "2018", "2019")
    assert len(changes.splitlines()) == len(measures)
    assert not any(measure in changes for measure in measures), "a measure shown by its code"
    with pytest.raises(KeyError, match="editions held: 2018, 2019"):
        mutual_sector.previous_edition(headline, "seuk_psm", "2031")


def test_an_audit_of_one_section_is_that_section_of_the_whole_audit() -> None:
    whole = claims.audit()
    history = claims.audit(section="brief_history")
    expected = whole.loc[whole["section"] == "brief_history"].reset_index(drop=True)
    pd.testing.assert_frame_equal(history, expected)


def test_the_indicators_chart_compares_the_edition_asked_for_with_the_one_before() -> None:
    """A later edition held (SYNTHETIC 2020 rows) does not move the briefing's chart off 2019."""
    from mutualstats.figures.mutual_sector import psm_indicator_data

    headline = datasets.load("psm_headline_figures")
    latest = max(mutual_sector.editions(headline, "seuk_psm"))
    later = str(int(latest) + 1)
    added = headline.loc[
        (headline["source_id"] == "seuk_psm") & (headline["edition"] == "2019")
    ].assign(edition=later, publication_id=f"synthetic_seuk_psm_{later}")
    held = pd.concat([headline, added], ignore_index=True)
    assert list(psm_indicator_data(held).columns) == [latest, later]
    assert list(psm_indicator_data(held, "2019").columns) == ["2018", "2019"]
    assert list(psm_indicator_data(held, "2018").columns) == ["2018", "2019"]
    assert list(psm_indicator_data(headline, "2019").columns) == ["2018", "2019"]
    # The rows written beside the chart (its CSV and source line) are those of the bars drawn.
    fig = figures.build_psm_indicators(held, "footer", "2019")
    assert sorted(set(figures.chart_record(fig).data["edition"])) == ["2018", "2019"]


def test_the_profitability_chart_draws_each_survey_asked_for_and_the_one_before() -> None:
    """A later State of Social Enterprise (SYNTHETIC) does not add a bar to the briefing's chart,
    which draws each survey's edition asked for and the one before it."""
    headline = datasets.load("psm_headline_figures")
    source = "seuk_social_enterprise"
    latest = max(mutual_sector.editions(headline, source))
    later = str(int(latest) + 2)
    added = headline.loc[(headline["source_id"] == source) & (headline["edition"] == latest)]
    held = pd.concat(
        [headline, added.assign(edition=later, publication_id=f"synthetic_se_{later}")],
        ignore_index=True,
    )
    chosen = {"seuk_psm": "2019", source: "2019"}
    groups = figures.mutual_sector.profit_groups(held, chosen)
    assert groups == figures.mutual_sector.profit_groups(headline, chosen)
    assert [label for label, _, _ in groups][-2:] == [
        f"Social enterprises {mutual_sector.previous_edition(headline, source, '2019')}",
        "Social enterprises 2019",
    ]
    assert figures.mutual_sector.profit_groups(held)[-1] == (
        f"Social enterprises {later}",
        source,
        later,
    )


def test_a_code_the_checks_read_renamed_in_the_vocabulary_stops_the_build(raw_copy: Path) -> None:
    """Renaming profitable_pct in measures.csv and in every row passed every rule, and the
    checks of C08, C10 and C23 then found nothing; the vocabulary must keep every code read."""
    for folder, name in (
        ("seuk_psm", "measures.csv"),
        ("seuk_psm", "headline_figures.csv"),
        ("seuk_social_enterprise", "headline_figures.csv"),
    ):
        path = raw_copy / folder / name
        text = path.read_text(encoding="utf-8").replace(
            ",profitable_pct,", ",share_profitable_pct,"
        )
        text = text.replace("\nprofitable_pct,", "\nshare_profitable_pct,")
        rewrite(raw_copy / folder, name, text)
    from mutualstats.provenance import _label

    assert _problems(raw_copy / "seuk_social_enterprise") == [
        f"{_label(raw_copy / 'seuk_psm')}/measures.csv column 'measure': no row defines "
        "profitable_pct, which the checks and charts read (config.py); a code renamed here must "
        "be renamed there too (value: 'profitable_pct')"
    ]


def test_the_codes_read_are_those_the_package_names() -> None:
    """Every measure code of the vocabulary named in the checks, charts, site or rules is in
    MUTUAL_SECTOR_MEASURES_READ, and every code listed there is in the vocabulary."""
    import re

    from mutualstats.config import MUTUAL_SECTOR_MEASURES_READ

    package = Path(mutual_sector.__file__).parent
    readers = [
        path.relative_to(package).as_posix()
        for path in sorted(package.rglob("*.py"))
        if path.name != "config.py"
    ]
    codes = set(pd.read_csv(raw_dir() / "seuk_psm" / "measures.csv")["measure"])
    # A word that is also a base code ("respondents") is read as the base, and one that is a
    # column of the published counts ("mutuals_count") as that column.
    codes -= set(pd.read_csv(raw_dir() / "seuk_psm" / "bases.csv")["base"])
    codes -= set(datasets.load("psm_counts").columns)
    named = {
        word
        for reader in readers
        for word in re.findall(r'"([a-z][a-z0-9_]*)"', (package / reader).read_text("utf-8"))
        if word in codes
    }
    assert named == MUTUAL_SECTOR_MEASURES_READ, named ^ MUTUAL_SECTOR_MEASURES_READ
    assert codes >= MUTUAL_SECTOR_MEASURES_READ


def test_parts_of_one_whole_over_100_are_named(raw_copy: Path) -> None:
    """Social enterprises making a profit (48%) and breaking even, typed 77 for 27, add to 125%:
    each part is named at its line rather than shown as "125% counting break-even"."""
    folder = raw_copy / "seuk_social_enterprise"
    frame = pd.read_csv(folder / "headline_figures.csv", dtype=str, keep_default_na=False)
    at = frame.index[(frame["measure"] == "breakeven_pct") & (frame["edition"] == "2019")][0]
    profit = frame.loc[
        (frame["measure"] == "profitable_pct") & (frame["edition"] == "2019"), "value"
    ].iloc[0]
    _edit(folder, "headline_figures.csv", "breakeven_pct,27", "value", "77")
    total = float(profit) + 77
    problems = _problems(folder)
    assert len(problems) == 2, problems
    assert all(f"add to {total:g}%, over 100%" in problem for problem in problems)
    assert any(f"headline_figures.csv:{at + 2} column 'value'" in p for p in problems), problems


@pytest.mark.parametrize("base_n", ["1", "10", str(MIN_RESPONDENT_BASE_N - 1)])
def test_a_share_of_too_few_respondents_is_named(raw_copy: Path, base_n: str) -> None:
    """A share of survey respondents on a base of 1 or 10 is a slip: refused at its cell."""
    folder = raw_copy / "cipfa"
    frame = pd.read_csv(folder / "headline_figures.csv", dtype=str, keep_default_na=False)
    at = frame.index[frame["measure"] == "more_innovative_pct"][0]
    assert frame.loc[at, "base"] == RESPONDENT_BASE
    _edit(folder, "headline_figures.csv", "more_innovative_pct", "base_n", base_n)
    problems = _problems(folder)
    assert len(problems) == 1, problems
    assert f"headline_figures.csv:{at + 2} column 'base_n'" in problems[0]
    assert f"at least {MIN_RESPONDENT_BASE_N}" in problems[0]
    assert problems[0].endswith(f"(value: '{base_n}')")


def test_a_share_at_the_respondent_floor_is_accepted(raw_copy: Path) -> None:
    folder = raw_copy / "cipfa"
    _edit(
        folder, "headline_figures.csv", "more_innovative_pct", "base_n", str(MIN_RESPONDENT_BASE_N)
    )
    table = source.build_headline(folder)["psm_headline_figures"]
    row = table.loc[table["measure"] == "more_innovative_pct"].iloc[0]
    assert row["base_n"] == MIN_RESPONDENT_BASE_N


def test_a_small_base_that_is_not_a_survey_is_accepted(headline: pd.DataFrame) -> None:
    """A base of one organisation (a single case) is not a survey base, so no floor applies."""
    small = headline.loc[headline["base_n"].notna() & (headline["base_n"] < MIN_RESPONDENT_BASE_N)]
    assert not small.empty
    assert RESPONDENT_BASE not in set(small["base"])


def test_a_survey_of_too_few_respondents_is_named(raw_copy: Path) -> None:
    """The count of respondents to a survey is its base: too few is refused at its value."""
    folder = raw_copy / "seuk_psm"
    frame = pd.read_csv(folder / "headline_figures.csv", dtype=str, keep_default_na=False)
    at = frame.index[frame["measure"] == RESPONDENTS_MEASURE][0]
    frame.loc[at, ["value", "status"]] = ["10", "verified"]
    rewrite(folder, "headline_figures.csv", frame.to_csv(index=False))
    problems = _problems(folder)
    assert len(problems) == 1, problems
    assert f"headline_figures.csv:{at + 2} column 'value'" in problems[0]
    assert f"at least {MIN_RESPONDENT_BASE_N}" in problems[0]


@pytest.mark.parametrize("footnote", [None, 26])
def test_the_majority_clause_says_it_has_no_footnote_only_where_the_register_gives_none(
    footnote: int | None,
) -> None:
    """C30's evidence says the clause has no footnote of its own from the register's row, so a
    footnote registered for it later is not contradicted."""
    claim = dataclasses.replace(claims.find("C30"), footnote=footnote)
    note = claims.judge(claim, claims.recompute(claim)).note
    said = "The clause has no footnote of its own." in note
    assert said is (footnote is None)
    assert "no publication held prints it" in note
    assert claims.find("C30").footnote is None


def test_the_other_year_label_of_a_figure_is_read_from_the_register() -> None:
    """C08 and C23 register one figure with two reference periods: each caveat names its own
    label and footnote and the other's, as the register gives them, and a figure labelled alike
    everywhere has no such caveat."""
    from mutualstats.claims.mutual_sector import other_year_labels
    from mutualstats.config import REGISTER_TABLE

    register = datasets.load(REGISTER_TABLE).set_index("claim_id")
    c08, c23 = (claims.find(claim_id) for claim_id in ("C08", "C23"))
    assert other_year_labels(c08) == (
        f"the briefing labels the same figure {c08.reference_period} here (footnote "
        f"{c08.footnote}) and {c23.reference_period} in C23 (footnote {c23.footnote})"
    )
    assert register.at["C08", "reference_period"] != register.at["C23", "reference_period"]
    assert c23.reference_period in other_year_labels(c08)
    assert c08.reference_period in other_year_labels(c23)
    alike = dataclasses.replace(c08, reference_period=c23.reference_period)
    assert other_year_labels(alike) is None
    assert other_year_labels(dataclasses.replace(c08, value=c08.value + 1)) is None
    c08_judged = claims.judge(c08, claims.recompute(c08))
    assert other_year_labels(c08) in c08_judged.caveats
