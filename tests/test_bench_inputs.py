"""The benchmark's inputs: the generated 50-year input builds, so `make bench` measures a real
build; a measure and its floor are timed alternately."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from mutualstats import datasets
from mutualstats.build import build_all
from mutualstats.config import project_root

sys.path.insert(0, str(project_root() / "benchmarks"))

from synthetic_years import YEARS, write_fifty_year_inputs


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    return tmp_path


def test_the_fifty_year_input_builds(project: Path) -> None:
    write_fifty_year_inputs(project / "data" / "raw")
    build_all()
    years = datasets.load("bsa_satisfaction")["year"]
    assert (years.min(), years.max(), len(years)) == (YEARS[0], YEARS[-1], len(YEARS))


def test_a_measure_and_its_floor_are_timed_alternately() -> None:
    from bench import paired_medians

    calls: list[str] = []
    durations = iter([5.0, 1.0, 7.0, 2.0, 6.0, 9.0])

    def measure() -> float:
        calls.append("measure")
        return next(durations)

    def floor() -> float:
        calls.append("floor")
        return next(durations)

    (measured, measured_runs), (floored, floor_runs) = paired_medians(3, measure, floor)
    assert calls == ["measure", "floor"] * 3
    assert (measured, measured_runs) == (6.0, [5.0, 7.0, 6.0])
    assert (floored, floor_runs) == (2.0, [1.0, 2.0, 9.0])


def test_notebook_time_is_added_up_from_papermill_records(tmp_path: Path) -> None:
    """The benchmark's breakdown: whole runs, cells, and the cells that export a chart."""
    import nbformat
    from bench import notebook_seconds

    for name, durations in (("01-a", (0.5, 1.25)), ("02-b", (0.25, None))):
        notebook = nbformat.v4.new_notebook()
        notebook.metadata["papermill"] = {"duration": 3.0}
        sources = ("x = 1", 'figures.export(chart, "name")')
        for source, seconds in zip(sources, durations, strict=True):
            cell = nbformat.v4.new_code_cell(source)
            cell.metadata["papermill"] = {"duration": seconds}
            notebook.cells.append(cell)
        notebook.cells.append(nbformat.v4.new_markdown_cell("prose takes no time"))
        nbformat.write(notebook, tmp_path / f"{name}.ipynb")
    assert notebook_seconds(tmp_path) == {"runs": 6.0, "cells": 2.0, "charts": 1.25}


def test_mutants_are_written_into_a_copy_whose_own_code_the_tests_import(tmp_path: Path) -> None:
    """``make mutation`` never rewrites the checkout: it mutates a copy, and the tests it runs
    import the copy's package, so a mutant there is what they test."""
    import subprocess

    import mutation

    checkout = project_root() / "src" / "mutualstats" / "stats.py"
    before = checkout.read_bytes()
    copy = mutation.working_copy(tmp_path)
    assert copy.parent == tmp_path and not (copy / ".git").exists()
    assert (copy / "src" / "mutualstats" / "stats.py").read_bytes() == before
    assert (copy / "data" / "processed").is_dir()
    if (project_root().parent / "shared").is_dir():
        assert (tmp_path / "shared").resolve() == (project_root().parent / "shared").resolve()
    script = "import mutualstats.stats as s; print(s.__file__)"
    env = {"PYTHONPATH": str(copy / "src"), "PATH": "/usr/bin:/bin"}
    ran = subprocess.run(
        [sys.executable, "-c", script],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(ran.stdout.strip()) == copy / "src" / "mutualstats" / "stats.py"
    assert checkout.read_bytes() == before
