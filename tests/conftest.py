"""Shared fixtures. Synthetic inputs are generated here, in temporary folders, never committed."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from mutualstats.config import project_root, raw_dir
from mutualstats.provenance import record_checksums

if TYPE_CHECKING:
    # pandas and matplotlib are imported by the fixtures that need them: pytest-xdist's
    # controller loads this file too, and runs no test.
    import pandas as pd
    from matplotlib.figure import Figure


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Close the charts a test opened and left open, so they do not pile up in its worker
    (matplotlib warns past 20 open figures); those of session fixtures stay open."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    before = set(pyplot.get_fignums()) if pyplot is not None else set()
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        for number in set(pyplot.get_fignums()) - before:
            pyplot.close(number)


@pytest.fixture(scope="session")
def bsa() -> pd.DataFrame:
    """The processed BSA table, as claims and notebooks see it."""
    from mutualstats import datasets

    return datasets.load("bsa_satisfaction")


@pytest.fixture(scope="session")
def briefing_charts() -> Iterator[dict[str, Figure]]:
    """Every registered chart, built once per session for the briefing's survey year (C24's).

    Tests only read these figures; a test that changes or closes one builds its own.
    """
    import matplotlib.pyplot as plt

    from mutualstats import claims, figures

    charts = {name: build(claims.briefing_period("C24")) for name, build in figures.CHARTS.items()}
    yield charts
    for fig in charts.values():
        plt.close(fig)


@pytest.fixture
def bsa_copy(tmp_path: Path) -> Path:
    """A private copy of data/raw/bsa that a test may corrupt."""
    folder = tmp_path / "bsa"
    shutil.copytree(raw_dir() / "bsa", folder)
    return folder


def synthetic_notebook(path: Path, source: str) -> Path:
    """A SYNTHETIC notebook taking the BSA year (a ``parameters`` cell), whose second cell runs
    ``source``; written to ``path``."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("survey_year = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(source),
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)
    return path


def refused_arguments(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> pytest.CaptureResult[str]:
    """Run ``mutualstats argv``, which its argument parser must refuse (exit 2, no traceback);
    what it printed."""
    from mutualstats.cli import main

    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    return capsys.readouterr()


def make_dry_run(folder: Path, *arguments: str, unset: tuple[str, ...] = ()) -> list[list[str]]:
    """The commands ``make -n`` prints for ``arguments``, each split into its words, run in
    ``folder`` (made if need be) with a copy of the project's Makefile; make's own variables and
    ``unset`` are left out of its environment."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy(project_root() / name, folder / name)
    left_out = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", *unset}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    dry_run = subprocess.run(
        ["make", "-n", "-W", "requirements.lock", *arguments],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [shlex.split(line) for line in dry_run.stdout.splitlines()]


def rewrite(folder: Path, name: str, text: str | bytes) -> Path:
    """Replace a raw file of a copied source and record its checksum, as an analyst would."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    record_checksums(folder)
    return path


@pytest.fixture(scope="session")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's raw data, built once per session; tests corrupt copies of it."""
    from mutualstats.build import build_all

    template = tmp_path_factory.mktemp("built")
    shutil.copytree(project_root() / "data" / "raw", template / "data" / "raw")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MUTUALSTATS_ROOT", str(template))
        build_all()
    return template


@pytest.fixture
def built_project(built_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the built template, with MUTUALSTATS_ROOT pointing at it."""
    copy = tmp_path / "project"
    shutil.copytree(built_template, copy, symlinks=True)
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(copy))
    return copy


#: Fixtures that build on a copy of the project: a test using one is an integration test.
INTEGRATION_FIXTURES = {"project", "site", "bsa_copy", "built_project", "built_template"}


#: Fixtures that take seconds to make (the whole site): a test using one is slow.
SLOW_FIXTURES = {"site"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test unit, integration or notebooks, so a subset can be run with ``-m``; then
    order the files so the workers are handed the slow ones first."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if SLOW_FIXTURES & fixtures:
            item.add_marker(pytest.mark.slow)
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        elif INTEGRATION_FIXTURES & fixtures:
            item.add_marker(pytest.mark.integration)
        elif not any(item.iter_markers(name="integration")) and not any(
            item.iter_markers(name="browser")
        ):
            item.add_marker(pytest.mark.unit)
    items[:] = slow_files_first(items)


def slow_files_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` grouped by file: files holding a slow test first, then by number of tests.

    ``make test`` hands whole files to its two workers in this order (``--dist loadfile
    --no-loadscope-reorder``): starting the longest work first keeps one worker from running a
    slow file alone at the end. Tests keep their order within a file.
    """
    by_file: dict[Path, list[pytest.Item]] = {}
    for item in items:
        by_file.setdefault(item.path, []).append(item)
    ordered = sorted(
        by_file.values(),
        key=lambda tests: (not any(t.get_closest_marker("slow") for t in tests), -len(tests)),
    )
    return [item for tests in ordered for item in tests]


def processed_digests(project: Path) -> dict[str, str]:
    """sha256 of each file in a copied project's data/processed."""
    processed = project / "data" / "processed"
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(processed.iterdir())
    }


def fails_leaving_processed(project: Path, *fragments: str) -> list[str]:
    """The build fails naming every fragment, leaves data/processed as it was, and writes the
    problems to reports/validation.json; returns the problems' messages."""
    from mutualstats.build import build_all
    from mutualstats.errors import DataValidationError

    before = processed_digests(project)
    assert before, "the copy holds built tables"
    with pytest.raises(DataValidationError) as caught:
        build_all()
    messages = [str(problem) for problem in caught.value.problems]
    for fragment in fragments:
        assert any(fragment in message for message in messages), messages
    assert processed_digests(project) == before
    report = json.loads((project / "reports" / "validation.json").read_text(encoding="utf-8"))
    assert report["status"] == "failed" and len(report["problems"]) == len(messages)
    return messages


#: What a failed chart baseline comparison adds to its report: where to look, and how to accept a
#: deliberate change (the README's "Seeing what changed in a chart").
BASELINE_HINT = (
    "reports/mpl/ holds the baseline, the new image and their difference for each chart. After a "
    "deliberate change, regenerate the baselines and commit them with it:\n"
    "  .venv/bin/python -m pytest tests/test_figures.py -k baseline "
    "--mpl-generate-path=tests/baseline"
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed chart baseline comparison says how to look at the change and accept it."""
    outcome = yield
    add_baseline_hint(item, outcome.get_result())  # type: ignore[attr-defined]


def add_baseline_hint(item: pytest.Item, report: pytest.TestReport) -> None:
    """Add :data:`BASELINE_HINT` to the report of a failed test that compares a chart image."""
    if report.when == "call" and report.failed and item.get_closest_marker("mpl_image_compare"):
        report.sections.append(("chart baseline", BASELINE_HINT))
