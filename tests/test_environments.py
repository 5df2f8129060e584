"""The two pinned environments: .venv (requirements.lock) runs the pipeline and the tests;
.venv-lab (requirements-lab.lock) runs JupyterLab only, with the notebooks' kernel in .venv."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import make_dry_run
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from mutualstats.config import project_root

#: Packages JupyterLab brings that the pipeline never uses; the first costs about a second of
#: import in every process that reads a notebook (jsonschema checks IRIs with it when present).
LAB_ONLY = ("jupyterlab", "jupyter-server", "jupyter-events", "rfc3987-syntax", "lark")


def _pins(name: str) -> dict[str, str]:
    """Package (its canonical name) to its pinned version in a lock file."""
    pins = {}
    for line in (project_root() / name).read_text(encoding="utf-8").splitlines():
        package, version = line.split("==")
        pins[canonicalize_name(package)] = version
    return pins


def test_the_main_lock_leaves_out_what_only_jupyterlab_needs() -> None:
    main, lab = _pins("requirements.lock"), _pins("requirements-lab.lock")
    assert [package for package in LAB_ONLY if package in main] == []
    assert [package for package in LAB_ONLY if package not in lab] == []


def test_a_package_in_both_locks_has_one_version() -> None:
    main, lab = _pins("requirements.lock"), _pins("requirements-lab.lock")
    shared = main.keys() & lab.keys()
    assert {name: (main[name], lab[name]) for name in shared if main[name] != lab[name]} == {}
    assert {"ipykernel", "nbformat", "jupyter-client"} <= shared


def test_each_lock_satisfies_what_pyproject_declares() -> None:
    """``make lock`` writes the locks from pyproject.toml; an edit to either alone is caught."""
    project = tomllib.loads((project_root() / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    declared = {
        "requirements.lock": [*project["project"]["dependencies"], *extras["dev"]],
        "requirements-lab.lock": extras["lab"],
    }
    unmet = []
    for lock, requirements in declared.items():
        pins = _pins(lock)
        for requirement in map(Requirement, requirements):
            pinned = pins.get(canonicalize_name(requirement.name))
            if pinned is None or not requirement.specifier.contains(pinned):
                unmet.append((lock, str(requirement), pinned))
    assert unmet == []


def test_reading_a_notebook_does_not_import_the_iri_grammar() -> None:
    """papermill and nbval read notebooks with nbformat, which imports jsonschema."""
    code = (
        "import sys, nbformat, papermill; print(sorted(m for m in sys.modules if 'rfc3987' in m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_make_passes_a_folder_with_a_space_as_one_argument(tmp_path: Path) -> None:
    """A project (and a briefing) under a folder whose name holds a space, as on many laptops."""
    project = tmp_path / "my analyses" / "mutualstats"
    briefing = tmp_path / "my briefings" / "briefing.txt"
    lines = make_dry_run(project, "setup", "scan", "report", f"BRIEFING={briefing}")
    words = [word for line in lines for word in line]
    assert words.count(str(briefing)) == 1, "scan gets the briefing whole"
    assert words.count(f"--briefing={briefing}") == 1, "and so does report"
    assert f"{project}/.venv/ipython/profile_default" in words
    assert [word for word in words if word.endswith("/my")] == []


def test_make_passes_values_holding_quotes_whole_and_never_runs_them(tmp_path: Path) -> None:
    """A value with quotes (a briefing named O'Brien's, or a period holding shell words) is one
    argument of the command, however it is quoted."""
    project = tmp_path / "mutualstats"
    briefing = "-h O'Brien's \"notes\".txt"
    period = "2018';touch hacked;echo '$(shell touch hacked)"
    lines = make_dry_run(project, "scan", "run", f"BRIEFING={briefing}", f"BSA_YEAR={period}")
    # After "--", so a name beginning with "-" is not read as an option.
    assert [words[1:] for words in lines if words[1:2] == ["scan"]] == [["scan", "--", briefing]]
    runs = [words[1:] for words in lines if words[1:2] == ["run"]]
    given = ["--period", f"BSA_YEAR={period}"]
    assert runs == [["run", "--check", *given], ["run", *given]]
    # make -n runs no recipe, but it expands every value it prints: a value read with $(v)
    # rather than $(value v) would run its $(shell touch hacked) here.
    assert not (project / "hacked").exists()


def test_make_scans_the_default_briefing_when_none_is_given(tmp_path: Path) -> None:
    """Without BRIEFING=, `make scan` and `make test` scan the briefing beside the project."""
    lines = make_dry_run(tmp_path / "mutualstats", "scan", "test", unset=("BRIEFING",))
    scans = [words[1:] for words in lines if words[1:2] == ["scan"]]
    default = "../shared/briefing/briefing_excerpt.txt"
    assert scans == [["scan", "--", default], ["scan", "--", default]]
