"""Charts in one house style, each from a pure ``build_<chart>`` function, exported reproducibly.

``build_*`` functions take a clean frame and a footer line and return a Figure; ``export``
writes PNG and SVG with no dates, a fixed SVG hash salt and no software stamp, so the bytes are
the same on every run. Footers are built from provenance by :func:`footer_for`. ``CHARTS`` lists
every chart by export name, for ``mutualstats figures``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from mutualstats import datasets
from mutualstats.figures.satisfaction import build_nhs_satisfaction, build_social_care_satisfaction
from mutualstats.figures.style import COLOURS, export, footer_for, house_style

__all__ = [
    "CHARTS",
    "COLOURS",
    "build_and_export_all",
    "build_nhs_satisfaction",
    "build_social_care_satisfaction",
    "export",
    "footer_for",
    "house_style",
]


def build_and_export_all(year: int, directory: Path | None = None) -> list[Path]:
    """Build every chart for ``year`` from the processed tables and export it."""
    paths = []
    for name, builder in CHARTS.items():
        fig = builder(year)
        paths.extend(export(fig, name, directory))
        plt.close(fig)
    return paths


def _nhs_chart(year: int) -> Figure:
    return build_nhs_satisfaction(datasets.load("bsa_satisfaction"), year, footer_for("bsa"))


def _social_care_chart(year: int) -> Figure:
    return build_social_care_satisfaction(
        datasets.load("bsa_satisfaction"), year, footer_for("bsa")
    )


#: Every chart, by export name.
CHARTS: dict[str, Callable[[int], Figure]] = {
    "nhs_satisfaction": _nhs_chart,
    "social_care_satisfaction": _social_care_chart,
}
