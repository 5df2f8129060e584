"""Run the period-dependent notebooks for other survey years or editions, all or nothing.

A run is given values for some of the period parameters of :mod:`mutualstats.periods` (e.g.
``BSA_YEAR=2025 SFC_EDITION=2026``). Every value is checked against the data before any notebook
runs. Only the notebooks that declare one of those parameters run; they execute into a staging
folder, with the figures they export, which replaces ``reports/runs/<label>/`` only when every
notebook passed. The committed notebooks are only read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import papermill

from mutualstats import periods
from mutualstats.config import PUBLISHED_FOLDER_MODE, notebooks_dir, reports_dir
from mutualstats.folders import remove_leftovers, replace_folder
from mutualstats.notebooks import NotebookError, execute_notebook, quiet_kernels, read_notebook
from mutualstats.provenance import _label

#: Prefix of a run's staging folder beside its target (and of a previous run moved aside).
STAGING_PREFIX = ".staging-"


class RunError(RuntimeError):
    """A notebook of a run failed; the previous run of the same periods is kept."""


def declared_parameters(notebook: Path) -> set[str]:
    """Names of the parameters the notebook's ``parameters`` cell declares.

    Raises
    ------
    NotebookError
        When the file is not a notebook.
    """
    read_notebook(notebook)
    return set(papermill.inspect_notebook(str(notebook)))


def run_label(values: dict[str, int | str]) -> str:
    """The folder name of a run: each period given, in :data:`periods.PARAMETERS` order."""
    return "_".join(
        f"{item.variable.lower()}-{values[item.name]}"
        for item in periods.PARAMETERS
        if item.name in values
    )


def run_directory(values: dict[str, int | str]) -> Path:
    """``reports/runs/<label>/``: where a run's notebooks and figures are kept."""
    return reports_dir() / "runs" / run_label(values)


def notebooks_for(values: dict[str, int | str], notebooks: list[Path] | None = None) -> list[Path]:
    """The notebooks (default: every committed one) declaring a parameter among ``values``; a
    notebook named twice is run once (two runs would write one report at once).

    Raises
    ------
    NotebookError
        For two notebooks of one file name: their reports would be one file.
    """
    candidates = _one_per_name(notebooks or []) or sorted(
        notebooks_dir().glob("[0-9][0-9]-*.ipynb")
    )
    return [path for path in candidates if declared_parameters(path) & set(values)]


def _one_per_name(notebooks: list[Path]) -> list[Path]:
    """``notebooks`` with each file named once, however its path is written
    (``notebooks/../notebooks/x.ipynb``); two files of one name are refused."""
    by_name: dict[str, Path] = {}
    for path in notebooks:
        first = by_name.setdefault(path.name, path)
        if first.resolve() != path.resolve():
            raise NotebookError(
                f"{_label(first)} and {_label(path)} have one name, so their runs would be "
                f"written to one file (reports/runs/<label>/notebooks/{path.name}); rename one"
            )
    return list(by_name.values())


def planned_run(
    assignments: dict[str, str], notebooks: list[Path] | None = None
) -> tuple[dict[str, int | str], list[Path]]:
    """The checked period values and the notebooks a run of them would execute (``mutualstats
    run --check`` stops here).

    Raises
    ------
    periods.PeriodError
        If no period is given, a value is one no data holds, or no notebook takes the periods.
    NotebookError
        If a notebook named cannot be read.
    """
    values = periods.checked(assignments)
    if not values:
        known = " ".join(f"{item.variable}=..." for item in periods.PARAMETERS)
        raise periods.PeriodError(f"give at least one period: {known}")
    chosen = notebooks_for(values, notebooks)
    if not chosen:
        variables = {item.name: item.variable for item in periods.PARAMETERS}
        given = ", ".join(f"{variables.get(name, name)} ({name})" for name in values)
        looked = (
            ", ".join(_label(path) for path in notebooks)
            if notebooks
            else f"the notebooks in {_label(notebooks_dir())}"
        )
        raise periods.PeriodError(
            f"no notebook takes {given}: none of {looked} assigns it in a cell tagged "
            "`parameters` (a notebook whose tag was lost can be restored with `git checkout -- "
            "<notebook>`)"
        )
    return values, chosen


def run_notebooks(
    assignments: dict[str, str],
    notebooks: list[Path] | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> list[Path]:
    """Execute the notebooks that take the periods ``assignments`` gives, all or nothing.

    Raises
    ------
    periods.PeriodError
        Before anything runs, if a value is one no data holds or no notebook takes the periods.
    RunError
        If a notebook fails; the previous run of the same periods is left as it was.
    """
    values, chosen = planned_run(assignments, notebooks)
    target = run_directory(values)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, STAGING_PREFIX)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    try:
        _execute(chosen, values, staging, progress)
        _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [target / "notebooks" / path.name for path in chosen]


#: Notebooks executed at once: the machine's two cores, as ``make`` runs them.
PARALLEL_NOTEBOOKS = 2


def _execute(
    chosen: list[Path],
    values: dict[str, int | str],
    staging: Path,
    progress: Callable[[str], None],
) -> None:
    """Execute ``chosen`` into ``staging``, two at a time; raise for the first that failed."""
    (staging / "notebooks").mkdir()
    quiet_kernels()
    previous = os.environ.get("MUTUALSTATS_FIGURES_DIR")
    os.environ["MUTUALSTATS_FIGURES_DIR"] = str(staging / "figures")
    # papermill moves the process into each notebook's folder and back; two threads putting it
    # back in the wrong order would leave it in a notebook's folder, which may later be removed.
    working = os.getcwd()

    def execute(number: int, notebook: Path) -> None:
        progress(f"[{number}/{len(chosen)}] {notebook.stem}")
        declared = declared_parameters(notebook)
        execute_notebook(
            notebook,
            staging / "notebooks" / notebook.name,
            {name: value for name, value in values.items() if name in declared},
        )

    try:
        with ThreadPoolExecutor(max_workers=PARALLEL_NOTEBOOKS) as pool:
            runs = {
                notebook: pool.submit(execute, number, notebook)
                for number, notebook in enumerate(chosen, start=1)
            }
        for run in runs.values():
            failure = run.exception()
            if isinstance(failure, NotebookError):
                raise RunError(f"{failure}; the previous run of these periods is kept")
            if failure is not None:
                raise failure
    finally:
        os.chdir(working)
        if previous is None:
            os.environ.pop("MUTUALSTATS_FIGURES_DIR", None)
        else:
            os.environ["MUTUALSTATS_FIGURES_DIR"] = previous


def _swap_in(staging: Path, target: Path) -> None:
    """Put the finished run in place of the previous one of the same periods."""
    os.chmod(staging, PUBLISHED_FOLDER_MODE)
    replace_folder(staging, target, STAGING_PREFIX)
