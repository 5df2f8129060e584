"""Charts: the data behind them, the provenance footer, and byte-identical export."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from mutualstats import figures


def _plotted(fig, label: str) -> dict[int, float]:
    ax = fig.axes[0]
    points = {}
    colour = next(line.get_color() for line in ax.lines if line.get_label() == label)
    for line in ax.lines:
        if line.get_color() == colour:
            for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                if not np.isnan(y):
                    points[int(x)] = float(y)
    return points


def test_nhs_chart_plots_every_published_value_and_no_other(bsa: pd.DataFrame) -> None:
    fig = figures.build_nhs_satisfaction(bsa, 2018, "footer")
    published = bsa.dropna(subset=["nhs_satisfied_pct"]).set_index("year")["nhs_satisfied_pct"]
    assert _plotted(fig, "Satisfied with the NHS") == published.to_dict()


def test_social_care_chart_starts_at_the_first_published_year(bsa: pd.DataFrame) -> None:
    fig = figures.build_social_care_satisfaction(bsa, 2018, "footer")
    points = _plotted(fig, "Satisfied with social care")
    assert min(points) == 2012
    assert points[2018] == 26


def test_footer_comes_from_provenance() -> None:
    footer = figures.footer_for("bsa")
    assert footer.startswith("Source: NatCen Social Research")
    assert "Accessed 2026-11-29" in footer


def test_export_is_byte_identical(bsa: pd.DataFrame, tmp_path: Path) -> None:
    digests = []
    for run in ("first", "second"):
        fig = figures.build_nhs_satisfaction(bsa, 2018, figures.footer_for("bsa"))
        paths = figures.export(fig, "nhs_satisfaction", tmp_path / run)
        digests.append([path.read_bytes() for path in paths])
    assert [p.suffix for p in paths] == [".png", ".svg"]
    assert digests[0] == digests[1]
    assert b"<dc:date>" not in digests[0][1]


def test_every_chart_is_exported_by_a_notebook() -> None:
    """`make all` takes its figures from the notebooks, so each chart must be saved by one."""
    from mutualstats.config import notebooks_dir

    code = "\n".join(
        "".join(cell.source)
        for notebook in sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
        for cell in nbformat.read(notebook, as_version=4).cells
        if cell.cell_type == "code"
    )
    missing = [name for name in figures.CHARTS if f'"{name}")' not in code]
    assert not missing, missing
