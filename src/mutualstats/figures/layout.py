"""The frame every chart shares: title, subtitle, notes and sources placed by measuring the text.

:func:`frame_chart` writes the title (the finding), the subtitle (measure, base, geography and
period), "Note:" lines and the source lines, wraps each to the figure's width by measuring the
rendered text, and fits the axes into the space left, so no text overlaps or leaves the figure.
It also attaches a :class:`ChartRecord` (the text and the rows plotted) that :func:`export` writes
as CSV and the site captions with its title and subtitle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from mutualstats.errors import MutualstatsError
from mutualstats.figures.style import COLOURS, FONT_SIZES
from mutualstats.provenance import publications
from mutualstats.statistic import year_span as year_span  # the charts read it from here too
from mutualstats.workforce import financial_year

#: Margin around the figure's content, in inches.
MARGIN_IN = 0.15
#: Space between the blocks of a chart (heading, plot, footer), in inches; the subtitle sits half
#: of it below the title.
GAP_IN = 0.12
#: How far, in pixels, the axes' decorations (tick labels, panel titles, direct labels) may end
#: from each edge of the space they are fitted into (a test measures every chart).
FIT_TOLERANCE_PX = 0.5
#: Most rounds of measuring the axes' decorations and refitting before a chart is refused.
FIT_ROUNDS_MOST = 10

#: Columns every chart's CSV starts with, where the rows have them; a test checks them.
SOURCE_COLUMNS = ("publication_id", "publisher", "url")


@dataclass(frozen=True)
class ChartText:
    """The words around a chart: the finding, what is measured, and notes on gaps and breaks."""

    title: str
    subtitle: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartRecord:
    """What a chart shows: its text and the exact rows plotted, with their sources."""

    text: ChartText
    data: pd.DataFrame = field(repr=False)


_RECORD = "_mutualstats_chart"


def chart_record(fig: Figure) -> ChartRecord | None:
    """The text and plotted rows attached to ``fig`` by :func:`frame_chart`, if any."""
    return getattr(fig, _RECORD, None)


#: The least share of a chart's height its plot keeps once the words around it are placed.
MIN_PLOT_SHARE = 0.3


class ChartWordsError(MutualstatsError):
    """A chart whose words (title, subtitle, notes, footer) leave its plot too little room."""


def _require_room(text: ChartText, lines: list[str], share: float) -> None:
    """Refuse a chart whose words leave its plot less than :data:`MIN_PLOT_SHARE` of its height,
    naming the longest text (a label or publisher name read from the data, as a rule)."""
    if share >= MIN_PLOT_SHARE:
        return
    longest = max([text.title, text.subtitle, *lines], key=len)
    raise ChartWordsError(
        f"the chart '{text.title[:60]}' leaves its plot {max(share, 0):.0%} of its height once its "
        f"words are placed (at least {MIN_PLOT_SHARE:.0%} is kept): its longest text, of "
        f"{len(longest)} characters, begins '{longest[:60]}'; shorten the label or name it "
        "comes from"
    )


class ChartFitError(MutualstatsError):
    """A chart whose axes cannot be fitted into the space its words leave them."""


class NothingToDrawError(MutualstatsError):
    """A chart none of whose values is published (every row unverified or not found)."""


def require_published(values: pd.Series, chart: str, *source_ids: str) -> None:
    """Refuse to draw ``chart`` when ``values`` (what it plots) hold no published value.

    Raises
    ------
    NothingToDrawError
        Naming the chart and the source folders it reads.
    """
    if values.size and values.notna().to_numpy().any():
        return
    folders = ", ".join(f"data/raw/{source_id}/" for source_id in source_ids)
    raise NothingToDrawError(
        f"the {chart} chart has nothing to draw: no value it plots is published in {folders} "
        "(the rows it reads are unverified or not found); add a published value, or leave the "
        "chart out"
    )


def frame_chart(
    fig: Figure,
    text: ChartText,
    footer: str,
    data: pd.DataFrame,
    direct_labels: Callable[[], None] | None = None,
) -> None:
    """Title, subtitle, notes and footer around the axes of ``fig``; attach the plotted rows.

    ``footer`` holds one source line per line (see :func:`attribution`). Every block is wrapped
    to the figure width by measuring it, and the axes are fitted into the space between.
    ``direct_labels``, if given, draws labels whose spacing depends on the axes' final size: it
    runs once the axes are placed, and the axes are fitted again around what it drew.
    """
    setattr(fig, _RECORD, ChartRecord(text, data.reset_index(drop=True)))
    renderer = fig.canvas.get_renderer()
    width_px = fig.bbox.width - 2 * _px(fig, MARGIN_IN)
    left = MARGIN_IN / fig.get_figwidth()
    top = 1 - MARGIN_IN / fig.get_figheight()
    title = fig.suptitle(
        wrap_to_width(text.title, FONT_SIZES["title"], width_px, renderer, "bold"),
        x=left,
        y=top,
        ha="left",
        va="top",
        fontsize=FONT_SIZES["title"],
        fontweight="bold",
        color=COLOURS["text"],
    )
    subtitle = fig.text(
        left,
        _below(fig, title, renderer, GAP_IN / 2),
        wrap_to_width(text.subtitle, FONT_SIZES["subtitle"], width_px, renderer),
        ha="left",
        va="top",
        fontsize=FONT_SIZES["subtitle"],
        color=COLOURS["note"],
    )
    lines = [f"Note: {note}" for note in text.notes] + footer.split("\n")
    foot = fig.text(
        left,
        MARGIN_IN / fig.get_figheight(),
        "\n".join(wrap_to_width(line, FONT_SIZES["footer"], width_px, renderer) for line in lines),
        ha="left",
        va="bottom",
        fontsize=FONT_SIZES["footer"],
        color=COLOURS["note"],
        linespacing=1.3,
    )
    top, bottom = _below(fig, subtitle, renderer), _above(fig, foot, renderer)
    _require_room(text, lines, top - bottom)
    _fit_axes(fig, top, bottom, renderer)
    if direct_labels is not None:
        direct_labels()
        _fit_axes(fig, top, bottom, renderer)


def wrap_to_width(text: str, size: float, width_px: float, renderer, weight: str = "normal") -> str:
    """Break ``text`` between words so each line, as rendered, fits ``width_px``.

    Each line takes as many words as fit (a word too long for any line stands alone). A line only
    widens as words are added, so the break is found from an estimate, then confirmed by measuring
    the line with and without the next word (:func:`words_that_fit`).
    """
    font = FontProperties(family="DejaVu Sans", size=size, weight=weight)

    def fits(words: list[str]) -> bool:
        return _text_width(" ".join(words), font, renderer) <= width_px

    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = [word for word in paragraph.split(" ") if word]
        if not words:
            lines.append("")
            continue
        # The paragraph's width gives the average width of a character, for the estimates.
        joined = " ".join(words)
        characters_per_line = len(joined) * width_px / max(_text_width(joined, font, renderer), 1)
        while words:
            count = words_that_fit(words, fits, _estimated_count(words, characters_per_line))
            lines.append(" ".join(words[:count]))
            words = words[count:]
    return "\n".join(lines)


def words_that_fit(words: list[str], fits: Callable[[list[str]], bool], guess: int) -> int:
    """The most leading words of ``words`` that ``fits`` (at least one), searched from ``guess``.

    ``fits`` must be monotone: if some words fit, fewer do too. The answer does not depend on the
    guess, only the number of measurements does.
    """
    count = min(max(guess, 1), len(words))
    if fits(words[:count]):
        while count < len(words) and fits(words[: count + 1]):
            count += 1
        return count
    while count > 1 and not fits(words[: count - 1]):
        count -= 1
    return max(count - 1, 1)


def _estimated_count(words: list[str], characters_per_line: float) -> int:
    """How many leading words, joined by spaces, take at most ``characters_per_line``."""
    count, used = 0, -1
    for word in words:
        used += len(word) + 1
        if used > characters_per_line:
            break
        count += 1
    return count


#: Widths already measured, by text, font and resolution; emptied when it reaches
#: :data:`WIDTHS_KEPT` entries, so a long-running kernel making many charts does not grow it
#: for ever.
_WIDTHS: dict[tuple[str, str, float], float] = {}
WIDTHS_KEPT = 10_000


def _text_width(text: str, font: FontProperties, renderer) -> float:
    """Rendered width of ``text`` in pixels, measured once per text, font and resolution."""
    key = (text, font.get_fontconfig_pattern(), renderer.dpi)
    if key not in _WIDTHS:
        if len(_WIDTHS) >= WIDTHS_KEPT:
            _WIDTHS.clear()
        _WIDTHS[key] = renderer.get_text_width_height_descent(text, font, ismath=False)[0]
    return _WIDTHS[key]


def attribution(data: pd.DataFrame, label_column: str = "series") -> str:
    """Which publisher each series' values come from: "<series>: published by A, B. ...".

    Publishers come from the rows plotted (their ``publisher`` column), in the order first seen.
    Series with the same publishers share one entry. A series computed from published figures
    (its rows give a ``derivation``) is said to be derived from the publishers' figures, not
    published by them. Each row's publication is in the CSV, and the values read in another
    body's report of the publisher's figure are counted (:func:`secondary_rows`).
    """
    by_publishers: dict[tuple[tuple[int, int], tuple[str, ...]], list[str]] = {}
    for label, rows in data.groupby(label_column, sort=False):
        publishers = tuple(dict.fromkeys(rows["publisher"].dropna()))
        count = int(_derived(rows).sum())
        # Series none of whose values is derived share an entry whatever their length.
        derived = (count, len(rows) if count else 0)
        by_publishers.setdefault((derived, publishers), []).append(str(label))
    if len(by_publishers) == 1:
        ((derived, publishers),) = by_publishers
        parts = [f"Values {_sourced(derived, ', '.join(publishers))}."]
    else:
        parts = [
            f"{' and '.join(labels)}: {_sourced(derived, ', '.join(publishers))}."
            for (derived, publishers), labels in by_publishers.items()
        ]
    secondary = secondary_rows(data)
    if secondary.any():
        count = (
            "All the values are"
            if secondary.all()
            else f"{secondary.sum()} of the {len(data)} values "
            + ("is" if secondary.sum() == 1 else "are")
        )
        parts.append(
            f"{count} secondary: taken from a report of another body's figures, not from the "
            "figures' own publication (see the CSV)."
        )
    return " ".join(parts) + " Each value's publication is in the chart's CSV."


def _derived(rows: pd.DataFrame) -> pd.Series:
    """Which rows are computed from published figures (they give a derivation)."""
    if "derivation" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["derivation"].fillna("").astype(str).str.strip().ne("")


def _sourced(derived: tuple[int, int], publishers: str) -> str:
    """Who published a series' values, where ``derived`` counts those computed here from their
    figures, of all the series' values."""
    count, total = derived
    if count == 0:
        return f"published by {publishers}"
    if count == total:
        return f"computed by mutualstats from figures published by {publishers}"
    return f"published by {publishers}; {count} of the {total} computed by mutualstats from them"


def secondary_rows(data: pd.DataFrame) -> pd.Series:
    """Rows read in another body's report of the publisher's figure: status ``secondary``, or
    the ``secondary`` flag of the tables that have one."""
    flags = pd.Series(False, index=data.index)
    if "status" in data.columns:
        flags |= data["status"].eq("secondary")
    if "secondary" in data.columns:
        flags |= data["secondary"].astype(str).str.lower().eq("true")
    return flags


def with_publishers(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with a ``publisher`` column read from each row's ``publication_id``."""
    known = publications()
    publishers = data["publication_id"].map(lambda pid: known[pid].publisher)
    return data.assign(publisher=publishers)


#: Least vertical distance between two direct labels, in points.
LABEL_SPACING_PT = 11.0


def label_line_ends(ax: plt.Axes, ends: list[tuple[float, float, str, str]]) -> None:
    """Direct labels right of each line's last point, in the line's colour, never overlapping.

    ``ends`` holds (x, y, label, colour). Labels closer than :data:`LABEL_SPACING_PT` are
    spread apart vertically around their mean, keeping their order.
    """
    fig = ax.figure
    to_points = 72 / fig.dpi
    heights = [ax.transData.transform((x, y))[1] * to_points for x, y, _, _ in ends]
    order = sorted(range(len(ends)), key=lambda i: heights[i])
    placed = [heights[i] for i in order]
    for _ in range(len(placed)):
        for k in range(1, len(placed)):
            overlap = LABEL_SPACING_PT - (placed[k] - placed[k - 1])
            if overlap > 0:
                placed[k - 1] -= overlap / 2
                placed[k] += overlap / 2
    for k, i in enumerate(order):
        x, y, label, colour = ends[i]
        ax.annotate(
            label,
            xy=(x, y),
            xytext=(6, placed[k] - heights[i]),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=FONT_SIZES["label"],
            fontweight="bold",
            color=colour,
        )


def reference_line(
    ax: plt.Axes, value: float, label: str | None, horizontal: bool = True, at: float = 1.0
) -> None:
    """A dashed reference line with its label (none where ``label`` is None), drawn behind the
    data.

    A horizontal line's label ends at ``at`` (a fraction of the axes' width; 1 is the far end).
    """
    style = {"color": COLOURS["highlight"], "linestyle": "--", "linewidth": 1.2, "zorder": 1}
    text = {"fontsize": FONT_SIZES["label"], "color": "#8a5a00", "fontweight": "bold"}
    if label is None:
        (ax.axhline if horizontal else ax.axvline)(value, **style)
    elif horizontal:
        ax.axhline(value, **style)
        ax.annotate(
            label,
            xy=(at, value),
            xycoords=("axes fraction", "data"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            **text,
        )
    else:
        ax.axvline(value, **style)
        ax.annotate(
            label,
            xy=(value, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, 2),
            textcoords="offset points",
            ha="left",
            va="bottom",
            **text,
        )


def break_line(ax: plt.Axes, x: float, label: str, label_side: str = "right") -> None:
    """A dotted line where a series changes (survey mode, publisher), labelled at the top of the
    axes on ``label_side`` of the line ("left" or "right"): compare across it with caution."""
    right = label_side == "right"
    ax.axvline(x, color=COLOURS["muted"], linewidth=0.8, linestyle=":", zorder=1)
    ax.annotate(
        label,
        xy=(x, 1),
        xycoords=("data", "axes fraction"),
        xytext=(4 if right else -4, -2),
        textcoords="offset points",
        ha="left" if right else "right",
        va="top",
        fontsize=FONT_SIZES["label"],
        color=COLOURS["note"],
    )


def briefing_reference(claim_id: str) -> tuple[float, str]:
    """The value a briefing claim states and its label for a reference line, from the register."""
    from mutualstats import claims

    claim = claims.find(claim_id)
    return float(claim.value), f"Briefing: {claim.value_as_printed}"


def missing_years(years: pd.Series, start: int | None = None, end: int | None = None) -> list[int]:
    """Years between the first and last of ``years`` (or ``start``, ``end``) with no value."""
    held = set(int(year) for year in years)
    low = min(held) if start is None else start
    high = max(held) if end is None else end
    return [year for year in range(low, high + 1) if year not in held]


def financial_year_ticks(ax: plt.Axes, first: int, last: int, most: int = 7) -> None:
    """Integer ticks on data years, labelled as financial years, at most ``most`` of them."""
    step = max(1, -(-(last - first + 1) // most))
    ticks = list(range(first, last + 1, step))
    ax.set_xticks(ticks, [financial_year(year) for year in ticks])
    ax.set_xlim(first - 0.5, last + 0.5)


def text_artists(fig: Figure) -> list[Text]:
    """Every piece of text drawn on ``fig``: titles, labels, drawn tick labels, annotations."""
    fig.draw_without_rendering()
    texts: list[Text] = [*fig.texts]
    if fig._suptitle is not None:
        texts.append(fig._suptitle)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        texts += ax.texts
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = min(low, high), max(low, high)
            for tick in axis.get_major_ticks():
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    texts.append(tick.label1)
    # The suptitle is also one of fig.texts: keep each artist once.
    return [t for t in dict.fromkeys(texts) if t.get_visible() and t.get_text().strip()]


def _px(fig: Figure, inches: float) -> float:
    return inches * fig.dpi


def _below(fig: Figure, artist: Text, renderer, gap_in: float = GAP_IN) -> float:
    """Figure fraction ``gap_in`` below ``artist``."""
    box = artist.get_window_extent(renderer)
    return (box.y0 - _px(fig, gap_in)) / fig.bbox.height


def _above(fig: Figure, artist: Text, renderer) -> float:
    """Figure fraction one gap above ``artist``."""
    box = artist.get_window_extent(renderer)
    return (box.y1 + _px(fig, GAP_IN)) / fig.bbox.height


#: The sides of the axes' space, as named by ``subplots_adjust``, and the sign of a move outward
#: (in figure fractions, which grow rightward and upward).
OUTWARD = {"left": -1, "right": 1, "top": 1, "bottom": -1}


def _fit_axes(fig: Figure, top: float, bottom: float, renderer) -> None:
    """Place the axes so their decorations end on the side margins, ``top`` and ``bottom``.

    Each round measures the decorations (:func:`decoration_misfit`) and moves each side of the
    axes by what it missed. Decorations placed in data or axes coordinates (a label at a line's
    end) move with the axes, so a side may need a few rounds; the fit stops once every side is
    within :data:`FIT_TOLERANCE_PX`, leaving the axes where they were measured.

    Raises
    ------
    ChartFitError
        Naming the chart, when the decorations leave no room for the axes, or do not settle
        within :data:`FIT_ROUNDS_MOST` rounds.
    """
    params = {"left": 0.1, "right": 0.97, "top": top - 0.05, "bottom": bottom + 0.1}
    for _ in range(FIT_ROUNDS_MOST):
        if params["left"] >= params["right"] or params["bottom"] >= params["top"]:
            raise _fit_error(fig, "its decorations leave the axes no room")
        fig.subplots_adjust(**params)
        misfit = decoration_misfit(fig, top, bottom, renderer)
        if max(abs(pixels) for pixels in misfit.values()) <= FIT_TOLERANCE_PX:
            return
        for side, outward in OUTWARD.items():
            scale = fig.bbox.width if side in ("left", "right") else fig.bbox.height
            params[side] += outward * misfit[side] / scale
    worst = max(OUTWARD, key=lambda side: abs(misfit[side]))
    raise _fit_error(
        fig,
        f"after {FIT_ROUNDS_MOST} rounds its decorations still end {abs(misfit[worst]):.1f} px "
        f"{'inside' if misfit[worst] > 0 else 'outside'} the {worst} edge of their space",
    )


def decoration_misfit(fig: Figure, top: float, bottom: float, renderer) -> dict[str, float]:
    """How far, in pixels, the axes' decorations end from each side of their space: the side
    margins, and ``top`` and ``bottom`` (figure fractions). A positive distance leaves room
    unused; a negative one is how far they cross the edge."""
    outer = Bbox.union([ax.get_tightbbox(renderer) for ax in fig.axes])
    margin = _px(fig, MARGIN_IN)
    return {
        "left": outer.x0 - margin,
        "right": fig.bbox.width - margin - outer.x1,
        "top": top * fig.bbox.height - outer.y1,
        "bottom": outer.y0 - bottom * fig.bbox.height,
    }


def _fit_error(fig: Figure, reason: str) -> ChartFitError:
    """The error for a chart whose axes cannot be fitted, naming it by its title."""
    record = chart_record(fig)
    title = record.text.title if record is not None else "(untitled)"
    return ChartFitError(
        f"the chart '{title[:60]}' cannot be laid out: {reason}; shorten its longest tick "
        "label or direct label"
    )
