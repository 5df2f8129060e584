"""The two pinned environments: .venv (requirements.lock) runs the pipeline and the tests;
.venv-lab (requirements-lab.lock) runs JupyterLab only, with the notebooks' kernel in .venv."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mutualstats.config import project_root

#: Packages JupyterLab brings that the pipeline never uses; the first costs about a second of
#: import in every process that reads a notebook (jsonschema checks IRIs with it when present).
LAB_ONLY = ("jupyterlab", "jupyter-server", "jupyter-events", "rfc3987-syntax", "lark")


def _pins(name: str) -> dict[str, str]:
    """Package (lower case, ``-`` for ``_``) to its pinned version in a lock file."""
    pins = {}
    for line in (project_root() / name).read_text(encoding="utf-8").splitlines():
        package, version = line.split("==")
        pins[package.lower().replace("_", "-")] = version
    return pins


def test_the_main_lock_leaves_out_what_only_jupyterlab_needs() -> None:
    main, lab = _pins("requirements.lock"), _pins("requirements-lab.lock")
    assert [package for package in LAB_ONLY if package in main] == []
    assert [package for package in LAB_ONLY if package not in lab] == []


def test_a_package_in_both_locks_has_one_version() -> None:
    main, lab = _pins("requirements.lock"), _pins("requirements-lab.lock")
    differing = {name: (main[name], lab[name]) for name in main.keys() & lab.keys()}
    assert {name: pair for name, pair in differing.items() if pair[0] != pair[1]} == {}
    assert {"ipykernel", "nbformat", "jupyter-client"} <= main.keys() & lab.keys()


def test_reading_a_notebook_does_not_import_the_iri_grammar() -> None:
    """papermill and nbval read notebooks with nbformat, which imports jsonschema."""
    code = (
        "import sys, nbformat, papermill; print(sorted(m for m in sys.modules if 'rfc3987' in m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    )
    assert result.stdout.strip() == "[]"
