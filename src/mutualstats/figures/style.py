"""House style, footers from provenance, and deterministic export shared by every chart.

Text sizes are in points on a figure 8 inches wide. The site and the notebooks show a chart at
:data:`DISPLAY_WIDTH_PX` CSS pixels (8 in at 96 px per inch), where one point is 4/3 of a pixel:
the smallest text allowed, :data:`MIN_FONT_PT` (8 pt), is then 10.7 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from mutualstats import datasets
from mutualstats.config import (
    GEOGRAPHY_NOT_STATED,
    GEOGRAPHY_WORDS,
    PUBLISHED_FILE_MODE,
    figures_dir,
)
from mutualstats.folders import publish_files
from mutualstats.provenance import citation

if TYPE_CHECKING:
    from mutualstats.figures.layout import ChartText

#: Width of every chart, in inches; height varies with the chart.
FIGURE_WIDTH_IN = 8.0
#: Smallest text on any chart, in points (a test checks every text drawn).
MIN_FONT_PT = 8.0
#: Width at which the site and notebooks show a chart, in CSS pixels.
DISPLAY_WIDTH_PX = 768

#: Resolution of the exported PNG, and of the figure as it is laid out, so that the text
#: measured to place each block is the text drawn.
EXPORT_DPI = 150

#: Font sizes by role, in points.
FONT_SIZES = {"title": 13.0, "subtitle": 10.0, "body": 9.0, "label": 8.5, "footer": 8.0}

HOUSE_STYLE = {
    "figure.figsize": (FIGURE_WIDTH_IN, 5.0),
    "figure.dpi": EXPORT_DPI,
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZES["body"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    # Gridlines behind bars and lines.
    "axes.axisbelow": True,
    "axes.edgecolor": "#595959",
    "axes.labelcolor": "#404040",
    "axes.labelsize": FONT_SIZES["body"],
    "grid.color": "#e0e0e0",
    "grid.linewidth": 0.6,
    "axes.titlesize": FONT_SIZES["body"],
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "xtick.labelsize": FONT_SIZES["label"],
    "ytick.labelsize": FONT_SIZES["label"],
    "xtick.color": "#404040",
    "ytick.color": "#404040",
    "legend.frameon": False,
    "legend.fontsize": FONT_SIZES["label"],
    "lines.linewidth": 2.0,
    "svg.hashsalt": "mutualstats",
    "svg.fonttype": "path",
    "path.simplify": False,
}

#: Colours of the house palette, by role (colour-blind safe pairs: blue and vermilion).
COLOURS = {
    "main": "#1f5a96",
    "second": "#c0504d",
    "third": "#5b8c3a",
    "muted": "#8c8c8c",
    "highlight": "#e69f00",
    "text": "#262626",
    "note": "#595959",
}

#: No software stamp or date in the files, so each export is byte-identical.
PNG_META = {"Software": None}
SVG_META = {"Date": None, "Creator": None}


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the charts built inside the block."""
    with matplotlib.rc_context(HOUSE_STYLE):
        yield


def footer_for(*source_ids: str) -> str:
    """Footer text naming each source, from its source.yaml."""
    return "\n".join(citation(datasets.provenance(source_id)) for source_id in source_ids)


def geography_of(source_id: str) -> str:
    """The area a source's figures cover, in a chart's words, from its source.yaml
    (``geography``); the words for ``not_stated`` where the file names none."""
    geography = datasets.provenance(source_id).geography or GEOGRAPHY_NOT_STATED
    return GEOGRAPHY_WORDS[geography]


#: Numbers in a chart's CSV: twelve significant digits, enough for any published or derived
#: value and short of a float's binary residue (30.8 x 34 / 100 is written 10.472, not
#: 10.472000000000001).
CSV_FLOATS = "%.12g"


@dataclass(frozen=True)
class Exported:
    """The files one chart was exported to, and its words (title, subtitle, notes) where it
    carries them; shown in a notebook as the chart itself."""

    name: str
    paths: tuple[Path, ...]
    text: ChartText | None = field(default=None, repr=False)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.paths)

    def __repr__(self) -> str:
        return f"{self.name}: " + ", ".join(path.name for path in self.paths)

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        png = next(path for path in self.paths if path.suffix == ".png")
        return png.read_bytes(), {"width": DISPLAY_WIDTH_PX}


def export(fig: Figure, name: str, directory: Path | None = None) -> Exported:
    """Write ``fig`` as ``<name>.png`` and ``<name>.svg``, and its plotted rows as ``<name>.csv``.

    Every file is byte-identical across runs: no dates or software stamp, a fixed SVG hash salt,
    rows in a fixed order. They are written beside their targets and moved into place together
    (:func:`mutualstats.folders.publish_files`), so a reader never sees half a file or a chart
    whose files disagree. The CSV is written when the chart carries its data (every chart built
    by this package does). In a notebook the result shows the chart as a PNG.
    """
    from mutualstats.figures.layout import chart_record

    directory = directory or figures_dir()
    directory.mkdir(parents=True, exist_ok=True)
    writers = [
        (".png", lambda path: fig.savefig(path, format="png", dpi=EXPORT_DPI, metadata=PNG_META)),
        (".svg", lambda path: fig.savefig(path, format="svg", metadata=SVG_META)),
    ]
    record = chart_record(fig)
    if record is not None:
        writers.append(
            (".csv", lambda path: record.data.to_csv(path, index=False, float_format=CSV_FLOATS))
        )
    with house_style():
        paths = publish_files(
            {directory / f"{name}{suffix}": write for suffix, write in writers},
            PUBLISHED_FILE_MODE,
        )
    return Exported(name, tuple(paths), record.text if record is not None else None)
