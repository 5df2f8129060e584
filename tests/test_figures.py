"""Charts: the data behind them, the provenance footer, and byte-identical export."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest
from matplotlib.transforms import Bbox

from mutualstats import figures
from mutualstats.config import raw_dir
from mutualstats.figures import layout
from mutualstats.figures.style import COLOURS


def _line_points(fig, colour: str) -> dict[int, float]:
    """Every non-missing point of the lines drawn in ``colour`` on the first axes."""
    points = {}
    for line in fig.axes[0].lines:
        if line.get_color() == colour:
            for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                if not np.isnan(y):
                    points[int(x)] = float(y)
    return points


def test_nhs_chart_plots_every_published_value_and_no_other(bsa: pd.DataFrame) -> None:
    fig = figures.build_nhs_satisfaction(bsa, 2018, "footer")
    published = bsa.dropna(subset=["nhs_satisfied_pct"]).set_index("year")["nhs_satisfied_pct"]
    assert _line_points(fig, COLOURS["main"]) == published.to_dict()
    data = figures.chart_record(fig).data
    shown = data.loc[data["series"] == "Satisfied"].set_index("year")["value_pct"]
    assert shown.to_dict() == published.to_dict()
    plt.close(fig)


def test_social_care_chart_starts_at_the_first_published_year(bsa: pd.DataFrame) -> None:
    fig = figures.build_social_care_satisfaction(bsa, 2018, "footer")
    data = figures.chart_record(fig).data
    points = data.loc[data["series"] == "Satisfied with social care"].set_index("year")
    assert points.index.min() == 2012
    assert points.loc[2018, "value_pct"] == 26
    plt.close(fig)


def test_titles_state_the_year_asked_for_from_the_data(bsa: pd.DataFrame) -> None:
    last = int(bsa["year"].max())
    value = bsa.set_index("year").loc[last, "nhs_satisfied_pct"]
    fig = figures.build_nhs_satisfaction(bsa, last, "footer")
    title = figures.chart_record(fig).text.title
    assert title.startswith(f"{value:.0f}% of people were satisfied with the NHS in {last}")
    plt.close(fig)


def test_lines_join_only_consecutive_years_of_one_edition() -> None:
    """Years with no value are gaps, and a segment joins two years only where one edition gives
    both: each segment's years are consecutive and its rows share a publication."""
    fig = figures.CHARTS["asc_vacancies"](2018)
    data = figures.chart_record(fig).data
    for ax, measure in zip(fig.axes, ("vacancies", "vacancy_rate_pct"), strict=True):
        points, *segments = ax.lines
        by_year = dict(zip(points.get_xdata(), points.get_ydata(), strict=True))
        shown = data.loc[(data["measure"] == measure) & (data["series"] == "latest")]
        held = set(shown["reference_year"])
        assert all(np.isnan(by_year[year]) for year in by_year if year not in held)
        editions = shown.set_index("reference_year")["publication_id"]
        assert segments, measure
        for segment in segments:
            years = [int(year) for year in segment.get_xdata()]
            assert years == list(range(years[0], years[-1] + 1))
            assert editions.loc[years].nunique() == 1
        # Neighbouring years from two editions exist, and no segment above joins them.
        assert any(
            year + 1 in held and editions[year] != editions[year + 1] for year in sorted(held)
        )
    assert fig.axes[1].get_xticklabels()[0].get_text().count("/") == 1
    plt.close(fig)


def test_footer_comes_from_provenance() -> None:
    footer = figures.footer_for("bsa")
    assert footer.startswith("Source: NatCen Social Research")
    written = (raw_dir() / "bsa" / "source.yaml").read_text(encoding="utf-8")
    accessed = re.search(r'^date_accessed: "(.+)"$', written, flags=re.MULTILINE)[1]
    assert footer.endswith(f"Accessed {accessed}.")


@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_the_footer_counts_the_secondary_values_drawn(briefing_charts, name: str) -> None:
    """A value taken from another body's report of the figure (status ``secondary``, or the
    ``secondary`` flag) is counted in the footer, from the chart's own rows."""
    from mutualstats.figures.layout import secondary_rows

    fig = briefing_charts[name]
    data = figures.chart_record(fig).data
    secondary = secondary_rows(data)
    footer = " ".join(" ".join(text.get_text().split()) for text in fig.texts)
    if not secondary.any():
        assert "secondary:" not in footer
        return
    if secondary.all():
        count = "All the values are"
    else:
        verb = "is" if secondary.sum() == 1 else "are"
        count = f"{secondary.sum()} of the {len(data)} values {verb}"
    assert f"{count} secondary: taken from a report of another body's figures" in footer


@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_a_derived_series_is_not_said_to_be_published(briefing_charts, name: str) -> None:
    """Values computed here from published figures (rows giving a derivation, such as the rate
    of leaving the sector) are credited as derived from the publishers' figures."""
    fig = briefing_charts[name]
    data = figures.chart_record(fig).data
    footer = " ".join(" ".join(text.get_text().split()) for text in fig.texts)
    derived = (
        data["derivation"].fillna("").ne("")
        if "derivation" in data
        else pd.Series(False, index=data.index)
    )
    if not derived.any():
        assert "derived" not in footer
        return
    by_series = derived.groupby(data["series"]).agg(["sum", "size"])
    wholly = by_series["sum"].eq(by_series["size"]) & by_series["sum"].gt(0)
    partly = by_series["sum"].between(1, by_series["size"] - 1)
    assert ("computed by mutualstats from figures published by" in footer) == wholly.any()
    for count, total in by_series.loc[partly].itertuples(index=False):
        assert f"{count} of the {total} computed by mutualstats from them" in footer


def test_export_is_byte_identical(bsa: pd.DataFrame, tmp_path: Path) -> None:
    digests = []
    for run in ("first", "second"):
        fig = figures.build_nhs_satisfaction(bsa, 2018, figures.footer_for("bsa"))
        paths = figures.export(fig, "nhs_satisfaction", tmp_path / run)
        digests.append([path.read_bytes() for path in paths])
        plt.close(fig)
    assert [p.suffix for p in paths] == [".png", ".svg", ".csv"]
    assert digests[0] == digests[1]
    assert b"<dc:date>" not in digests[0][1]


def test_export_shows_the_chart_in_a_notebook(bsa: pd.DataFrame, tmp_path: Path) -> None:
    fig = figures.build_nhs_satisfaction(bsa, 2018, "footer")
    exported = figures.export(fig, "nhs_satisfaction", tmp_path)
    png, metadata = exported._repr_png_()
    assert png.startswith(b"\x89PNG")
    assert metadata == {"width": figures.style.DISPLAY_WIDTH_PX}
    assert (
        repr(exported) == "nhs_satisfaction: nhs_satisfaction.png, nhs_satisfaction.svg, "
        "nhs_satisfaction.csv"
    )
    assert exported.text == figures.chart_record(fig).text
    assert "2018" in exported.text.title
    plt.close(fig)


@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_no_text_overlaps_other_text_or_leaves_the_figure(briefing_charts, name: str) -> None:
    fig = briefing_charts[name]
    texts = figures.layout.text_artists(fig)
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    page = fig.bbox
    outside = [
        text
        for text, box in boxes
        if box.x0 < page.x0 - 0.5
        or box.x1 > page.x1 + 0.5
        or box.y0 < page.y0 - 0.5
        or box.y1 > page.y1 + 0.5
    ]
    assert not outside, outside
    # One pixel of tolerance: antialiased edges of neighbouring labels may touch.
    overlaps = [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.x0 < box_b.x1 - 1
        and box_b.x0 < box_a.x1 - 1
        and box_a.y0 < box_b.y1 - 1
        and box_b.y0 < box_a.y1 - 1
    ]
    assert not overlaps, overlaps


def _space_between_the_words(fig) -> dict[str, float]:
    """Where the axes' decorations should end, in pixels, read from the figure as drawn: the side
    margins, one gap below the subtitle and one gap above the footer (the lowest text)."""
    renderer = fig.canvas.get_renderer()
    words = [text for text in fig.texts if text is not fig._suptitle]
    subtitle_words = figures.chart_record(fig).text.subtitle.split()
    (subtitle,) = [text for text in words if text.get_text().split() == subtitle_words]
    footer = min(words, key=lambda text: text.get_window_extent(renderer).y0)
    margin, gap = layout.MARGIN_IN * fig.dpi, layout.GAP_IN * fig.dpi
    return {
        "left": margin,
        "right": fig.bbox.width - margin,
        "top": subtitle.get_window_extent(renderer).y0 - gap,
        "bottom": footer.get_window_extent(renderer).y1 + gap,
    }


@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_axes_decorations_end_on_the_edges_of_their_space(briefing_charts, name: str) -> None:
    """Tick labels, axis labels, panel titles and direct labels end inside the side margins,
    below the subtitle and above the footer, and leave no room unused: each edge within the
    fit's tolerance."""
    fig = briefing_charts[name]
    renderer = fig.canvas.get_renderer()
    space = _space_between_the_words(fig)
    drawn = Bbox.union([ax.get_tightbbox(renderer) for ax in fig.axes])
    # How far past each edge they end, in pixels; a negative distance is room left unused.
    past_edge = {
        "left": space["left"] - drawn.x0,
        "right": drawn.x1 - space["right"],
        "top": drawn.y1 - space["top"],
        "bottom": space["bottom"] - drawn.y0,
    }
    misses = {
        side: round(pixels, 2)
        for side, pixels in past_edge.items()
        if abs(pixels) > layout.FIT_TOLERANCE_PX
    }
    assert not misses, misses


@pytest.mark.parametrize(
    ("label", "where", "reason"),
    [
        # Beyond the axes, at 1.8 times their width, the label moves 1.8 times as far as the
        # side refitted: each round overshoots, by four fifths of the miss before.
        (
            "beyond the axes",
            1.8,
            f"after {layout.FIT_ROUNDS_MOST} rounds its decorations still end",
        ),
        ("a label far wider than the figure " * 4, 1.0, "leave the axes no room"),
    ],
)
def test_a_chart_whose_axes_cannot_be_fitted_is_refused_by_its_title(
    label: str, where: float, reason: str
) -> None:
    with figures.house_style():
        fig, ax = plt.subplots(figsize=(figures.style.FIGURE_WIDTH_IN, 4.0))
    ax.annotate(label, xy=(where, 0.5), xycoords="axes fraction", annotation_clip=False)
    text = layout.ChartText("A SYNTHETIC chart that cannot be fitted", "Synthetic subtitle")
    with pytest.raises(
        layout.ChartFitError, match=f"'{text.title}' cannot be laid out: .*{reason}"
    ):
        layout.frame_chart(fig, text, "Source: synthetic", pd.DataFrame({"value": [1.0]}))
    plt.close(fig)


@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_no_label_inside_the_axes_touches_a_line(briefing_charts, name: str) -> None:
    """Value and highlight labels sit clear of every line drawn (series, reference, break)."""
    from mutualstats.figures.placement import labels_on_lines

    touching = {index: labels_on_lines(ax) for index, ax in enumerate(briefing_charts[name].axes)}
    assert not any(touching.values()), touching


def test_a_label_touches_a_line_only_where_the_line_is_drawn() -> None:
    """A gap (a missing year) breaks a line: a label in the gap touches nothing."""
    from mutualstats.figures.placement import crossed_lines, place_clear

    fig, ax = plt.subplots(dpi=100)
    ax.plot([0, 1, 2, 3, 4], [0, 0, np.nan, 0, 0])
    ax.set_xlim(-1, 5)
    ax.set_ylim(-1, 1)
    on_line = ax.annotate("x", xy=(0.5, 0), ha="center", va="center")
    in_gap = ax.annotate("x", xy=(2, 0), ha="center", va="center")
    above = ax.annotate("x", xy=(0.5, 0.5), ha="center", va="center")
    fig.canvas.draw()
    assert [bool(crossed_lines(t)) for t in (on_line, in_gap, above)] == [True, False, False]
    point = ax.annotate("label", xy=(3.5, 0), xytext=(0, 0), textcoords="offset points")
    assert place_clear(point) and not crossed_lines(point)
    plt.close(fig)


def _years_named(note: str) -> set[int]:
    """Every year a note names, its spans ("1986-1987") expanded."""
    named = set()
    for first, last in re.findall(r"\b(\d{4})(?:-(\d{4}))?\b", note):
        named |= set(range(int(first), int(last or first) + 1))
    return named


@pytest.mark.parametrize("name", ["nhs_satisfaction", "social_care_satisfaction"])
def test_satisfaction_notes_name_every_series_gap(briefing_charts, name: str) -> None:
    """Each series drawn with years of the chart it has no value for has a note naming it and
    exactly those years; no note of gaps leaves its series unnamed."""
    record = figures.chart_record(briefing_charts[name])
    span = set(range(int(record.data["year"].min()), int(record.data["year"].max()) + 1))
    labels = list(dict.fromkeys(record.data["series"]))
    for label in labels:
        missing = span - set(record.data.loc[record.data["series"] == label, "year"])
        notes = [note for note in record.text.notes if note.startswith(f"{label}:")]
        assert len(notes) == (1 if missing else 0), (label, record.text.notes)
        if missing:
            assert _years_named(notes[0]) == missing, notes[0]
    gap_notes = [n for n in record.text.notes if "not asked" in n or "was found" in n]
    assert all(any(n.startswith(f"{label}:") for label in labels) for n in gap_notes), gap_notes
    assert any(n.startswith("Dissatisfied") for n in record.text.notes), record.text.notes


@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_no_text_is_smaller_than_the_house_minimum(briefing_charts, name: str) -> None:
    sizes = {
        t.get_text(): t.get_fontsize() for t in figures.layout.text_artists(briefing_charts[name])
    }
    small = {text: size for text, size in sizes.items() if size < figures.style.MIN_FONT_PT}
    assert not small, small


@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_every_chart_has_a_subtitle_and_its_plotted_rows_with_sources(
    briefing_charts, name: str
) -> None:
    record = figures.chart_record(briefing_charts[name])
    assert record.text.title and record.text.subtitle
    assert not record.data.empty
    assert {"publication_id", "publisher", "url"} <= set(record.data.columns)
    assert record.data["publication_id"].notna().all()


@pytest.mark.mpl_image_compare(
    baseline_dir="baseline",
    style=figures.style.HOUSE_STYLE,
    tolerance=2,
    savefig_kwargs={"dpi": figures.style.EXPORT_DPI},
)
@pytest.mark.parametrize("name", list(figures.CHARTS))
def test_chart_matches_its_baseline_image(name: str) -> plt.Figure:
    """``pytest --mpl`` compares each chart with ``tests/baseline/``; see the README."""
    return figures.CHARTS[name](2018)


def _notebook_cells():
    from mutualstats.config import notebooks_dir

    for notebook in sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                yield notebook.name, cell


def test_every_chart_is_exported_by_a_notebook() -> None:
    """`make all` takes its figures from the notebooks, so each chart must be saved by one."""
    code = "\n".join("".join(cell.source) for _, cell in _notebook_cells())
    missing = [name for name in figures.CHARTS if f'"{name}")' not in code]
    assert not missing, missing


def test_every_chart_cell_shows_its_chart_inline() -> None:
    without = [
        (notebook, cell.source.splitlines()[-1])
        for notebook, cell in _notebook_cells()
        if "figures.export(" in cell.source
        and not any("image/png" in output.get("data", {}) for output in cell.outputs)
    ]
    assert not without, without


def test_notes_name_skills_for_care_scopes_by_their_labels(briefing_charts) -> None:
    """The turnover chart says which staff each year counts in the words of ``scopes.csv``."""
    from mutualstats import datasets, workforce

    labels = workforce.scope_labels(datasets.load("sfc_scopes"))
    record = figures.chart_record(briefing_charts["asc_turnover_vs_leaving_sector"])
    counted = next(note for note in record.text.notes if note.startswith("Staff counted"))
    years = record.data.drop_duplicates("data_year")
    assert (
        counted
        == "Staff counted: "
        + "; ".join(f"{row.data_year}: {labels[row.scope]}" for row in years.itertuples())
        + "."
    )
    assert "permanent and temporary staff" in counted
    assert "perm temp" not in counted and "_" not in counted


def test_measured_widths_are_kept_within_their_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.font_manager import FontProperties

    from mutualstats.figures import layout

    fig = plt.figure()
    renderer = fig.canvas.get_renderer()
    font = FontProperties(size=9)
    monkeypatch.setattr(layout, "_WIDTHS", {})
    monkeypatch.setattr(layout, "WIDTHS_KEPT", 3)
    texts = ["a", "ab", "abc", "abcd", "abcde"]
    widths = [layout._text_width(text, font, renderer) for text in texts]
    assert len(layout._WIDTHS) <= 3
    assert widths == sorted(widths) and widths[0] < widths[-1]
    assert widths[-1] == renderer.get_text_width_height_descent("abcde", font, ismath=False)[0]
    plt.close(fig)


def test_words_that_fit_finds_the_longest_fitting_start_from_any_guess() -> None:
    from mutualstats.figures.layout import words_that_fit

    words = ["alpha", "be", "gamma", "delta", "epsilon", "z"]
    for limit in (1, 5, 8, 14, 20, 40):
        fits = lambda part, limit=limit: len(" ".join(part)) <= limit  # noqa: E731
        longest = max([1] + [n for n in range(1, len(words) + 1) if fits(words[:n])])
        found = {words_that_fit(words, fits, guess) for guess in range(len(words) + 3)}
        assert found == {longest}, limit


def test_wrapped_lines_fit_and_take_every_word_that_fits() -> None:
    from matplotlib.font_manager import FontProperties

    from mutualstats.figures import layout

    fig = plt.figure()
    renderer = fig.canvas.get_renderer()
    font = FontProperties(family="DejaVu Sans", size=8)
    text = "Source: " + " ".join(f"word{n} of a long footer line" for n in range(12))
    text += "\n\nSecond paragraph."
    width_px = 300.0
    lines = layout.wrap_to_width(text, 8, width_px, renderer).split("\n")

    def width(line: str) -> float:
        return renderer.get_text_width_height_descent(line, font, ismath=False)[0]

    assert " ".join(" ".join(lines).split()) == " ".join(text.split())
    assert lines[-2:] == ["", "Second paragraph."]
    body = lines[:-2]
    assert len(body) > 3
    assert all(width(line) <= width_px for line in body)
    for line, following in itertools.pairwise(body):
        assert width(f"{line} {following.split()[0]}") > width_px, line
    plt.close(fig)


@pytest.mark.parametrize(
    ("chart", "source_id"),
    [
        ("nhs_satisfaction", "bsa"),
        ("social_care_satisfaction", "bsa"),
        ("asc_vacancies", "skills_for_care"),
        ("asc_turnover_vs_leaving_sector", "skills_for_care"),
        ("nhs_trust_vacancies", "nhs_vacancies"),
    ],
)
def test_survey_and_workforce_subtitles_take_their_area_from_provenance(
    chart: str, source_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The area in the subtitle is the source folder's declared geography; another declared
    area is followed (nothing typed)."""
    import dataclasses

    from mutualstats import datasets
    from mutualstats.config import GEOGRAPHY_WORDS

    declared = datasets.provenance(source_id).geography
    assert declared is not None, source_id
    subtitle = figures.chart_record(figures.CHARTS[chart](2018)).text.subtitle
    assert GEOGRAPHY_WORDS[declared] in subtitle
    real = datasets.provenance
    elsewhere = next(code for code in GEOGRAPHY_WORDS if GEOGRAPHY_WORDS[code] not in subtitle)
    monkeypatch.setattr(
        datasets,
        "provenance",
        lambda source: dataclasses.replace(real(source), geography=elsewhere),
    )
    moved = figures.chart_record(figures.CHARTS[chart](2018)).text.subtitle
    assert GEOGRAPHY_WORDS[elsewhere] in moved and GEOGRAPHY_WORDS[declared] not in moved
    plt.close("all")


def test_a_title_compares_a_year_only_with_earlier_years_of_its_survey_mode(
    bsa: pd.DataFrame,
) -> None:
    """A year after the change of survey mode is set against earlier years of the new mode only
    (not the face-to-face peak); a year before it against its own mode's years."""
    from mutualstats.satisfaction import mode_changes

    change = mode_changes(bsa)[-1].year
    published = bsa.loc[bsa["nhs_status"] == "published"]
    for year in (
        int(published["year"].max()),
        int(published.loc[published["year"] < change, "year"].max()),
    ):
        title = figures.chart_record(figures.build_nhs_satisfaction(bsa, year, "footer")).text.title
        same_mode = published.loc[
            (published["year"] < year) & ((published["year"] >= change) == (year >= change))
        ].set_index("year")["nhs_satisfied_pct"]
        value = published.set_index("year").at[year, "nhs_satisfied_pct"]
        if same_mode.max() > value:
            assert f"down from {same_mode.max():.0f}% in {same_mode.idxmax()}" in title, title
        else:
            assert "down from" not in title, title
    plt.close("all")


def test_attribution_words_published_computed_and_mixed_series() -> None:
    """SYNTHETIC rows: a series wholly computed here, one partly, and two published ones with the
    same publisher sharing one entry."""
    from mutualstats.figures.layout import attribution

    data = pd.DataFrame(
        {
            "series": ["A", "A", "B", "B", "C", "D"],
            "publisher": ["Body X", "Body X", "Body Y", "Body Y", "Body Z", "Body Z"],
            "derivation": ["a + b", "a + b", "", "c + d", "", ""],
        }
    )
    assert attribution(data) == (
        "A: computed by mutualstats from figures published by Body X. B: published by Body Y; 1 "
        "of the 2 computed by mutualstats from them. C and D: published by Body Z. Each value's "
        "publication is in the chart's CSV."
    )


def test_a_failed_baseline_comparison_says_how_to_accept_the_change() -> None:
    """pytest-mpl names the files that differ; the failed report also gives the README's command
    to accept a deliberate change. Other failures, and passed comparisons, get nothing added."""
    from types import SimpleNamespace

    from conftest import BASELINE_HINT, add_baseline_hint

    def item(marked: bool) -> SimpleNamespace:
        marker = pytest.mark.mpl_image_compare.mark if marked else None
        return SimpleNamespace(get_closest_marker=lambda name: marker)

    for marked, outcome, hinted in [
        (False, "failed", False),
        (True, "passed", False),
        (True, "failed", True),
    ]:
        report = pytest.TestReport("t.py::t", ("t.py", 0, "t"), {}, outcome, None, "call")
        add_baseline_hint(item(marked), report)  # type: ignore[arg-type]
        assert (("chart baseline", BASELINE_HINT) in report.sections) == hinted
    assert "--mpl-generate-path=tests/baseline" in BASELINE_HINT
