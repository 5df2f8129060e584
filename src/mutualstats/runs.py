"""Run the notebooks for another survey year or edition, without touching the committed ones.

Each notebook declares its parameters in a cell tagged ``parameters``. A run for ``year`` (and
``edition``) passes each notebook only the parameters it declares, with the type of its default,
and writes the executed notebook and the figures it exports under ``reports/<year>/``.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import papermill

from mutualstats.config import notebooks_dir, reports_dir

KERNEL_NAME = "python3"


def declared_parameters(notebook: Path) -> dict[str, object]:
    """Parameters the notebook's ``parameters`` cell declares, with their default values."""
    found = papermill.inspect_notebook(str(notebook))
    return {name: ast.literal_eval(spec["default"]) for name, spec in found.items()}


#: The period parameters a notebook may declare, and the type each value is passed as. ``year``
#: of a run is the BSA survey year; ``edition`` the Skills for Care edition.
PERIOD_PARAMETERS = {"survey_year": int, "sfc_edition": int}


def parameters_for(notebook: Path, year: int | None, edition: str | None) -> dict[str, object]:
    """The values of ``year`` and ``edition`` this notebook declares parameters for, typed."""
    defaults = declared_parameters(notebook)
    wanted = {"survey_year": year, "sfc_edition": edition}
    return {
        name: PERIOD_PARAMETERS[name](value)
        for name, value in wanted.items()
        if value is not None and name in defaults
    }


def run_directory(year: int | None, edition: str | None) -> Path:
    """``reports/<year>/`` (or ``reports/edition-<edition>/`` when only an edition is given)."""
    if year is None and edition is None:
        raise ValueError("give a year, an edition or both")
    return reports_dir() / (str(year) if year is not None else f"edition-{edition}")


def run_notebooks(
    year: int | None, edition: str | None = None, notebooks: list[Path] | None = None
) -> list[Path]:
    """Execute ``notebooks`` (default: every committed one) for ``year`` and ``edition``.

    Executed copies go to ``reports/<year>/notebooks/`` and exported figures to
    ``reports/<year>/figures/``; the committed notebooks are only read.
    """
    target = run_directory(year, edition)
    (target / "notebooks").mkdir(parents=True, exist_ok=True)
    figures = target / "figures"
    previous = os.environ.get("MUTUALSTATS_FIGURES_DIR")
    os.environ["MUTUALSTATS_FIGURES_DIR"] = str(figures)
    written = []
    try:
        for notebook in notebooks or sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
            output = target / "notebooks" / notebook.name
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters_for(notebook, year, edition),
                kernel_name=KERNEL_NAME,
                cwd=str(notebook.parent),
                progress_bar=False,
            )
            written.append(output)
    finally:
        if previous is None:
            os.environ.pop("MUTUALSTATS_FIGURES_DIR", None)
        else:
            os.environ["MUTUALSTATS_FIGURES_DIR"] = previous
    return written
