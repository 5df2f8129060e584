"""House style, footers from provenance, and deterministic export shared by every chart."""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from mutualstats import datasets
from mutualstats.config import PUBLISHED_FILE_MODE, figures_dir
from mutualstats.provenance import citation

HOUSE_STYLE = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "svg.hashsalt": "mutualstats",
    "svg.fonttype": "path",
    "path.simplify": False,
}

#: Colours of the house palette, by role.
COLOURS = {"main": "#1f5a96", "second": "#c0504d", "muted": "#8c8c8c", "highlight": "#e69f00"}

EXPORT_DPI = 150


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the charts built inside the block."""
    with matplotlib.rc_context(HOUSE_STYLE):
        yield


def footer_for(*source_ids: str) -> str:
    """Footer text naming each source, from its source.yaml."""
    return "\n".join(citation(datasets.provenance(source_id)) for source_id in source_ids)


def export(fig: Figure, name: str, directory: Path | None = None) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` and ``<name>.svg``, byte-identical across runs.

    Each file is written beside its target and moved into place, so a reader never sees half a
    file. Returns the paths written.
    """
    directory = directory or figures_dir()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    with house_style():
        for suffix, metadata in (
            (".png", {"Software": None}),
            (".svg", {"Date": None, "Creator": None}),
        ):
            target = directory / f"{name}{suffix}"
            handle, staging = tempfile.mkstemp(suffix=suffix, dir=directory)
            os.close(handle)
            fig.savefig(staging, dpi=EXPORT_DPI, metadata=metadata)
            os.chmod(staging, PUBLISHED_FILE_MODE)
            os.replace(staging, target)
            paths.append(target)
    return paths


def finish(fig: Figure, ax: plt.Axes, ylabel: str, footer: str) -> None:
    ax.set_ylim(0, 100)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.08), ncol=3, fontsize=8)
    wrapped = wrap_footer(footer)
    lines = wrapped.count("\n") + 1
    fig.text(0.01, 0.01, wrapped, fontsize=6.5, color="#595959", va="bottom")
    fig.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.22 + 0.03 * lines)


#: Characters of footer text that fit across the house figure width at the footer's font size.
FOOTER_WIDTH_CHARS = 150


def wrap_footer(footer: str) -> str:
    """Wrap each source line of a footer to the figure's width; each source keeps its own line."""
    return "\n".join(
        textwrap.fill(line, FOOTER_WIDTH_CHARS, subsequent_indent="  ")
        for line in footer.split("\n")
    )
