"""The command line in a hostile environment: files it cannot write, output it cannot print.

Each case is one message naming what is at fault, exit 2, never an "unexpected error".
"""

from __future__ import annotations

import errno
import io
import os
import sys
from pathlib import Path

import pytest
from conftest import refused_arguments, synthetic_notebook

from mutualstats.cli import _file_problem, main


def test_a_file_where_the_figures_folder_should_be_is_named(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = built_project / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    monkeypatch.setenv("MUTUALSTATS_FIGURES_DIR", str(blocker))
    assert main(["figures"]) == 2
    err = capsys.readouterr().err
    assert "mutualstats figures: cannot use not-a-folder: File exists" in err
    assert "(a file is where a folder should be)" in err
    assert "unexpected" not in err


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_output_to_a_full_disk_is_one_message(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert (
        err == "mutualstats audit: could not finish: No space left on device (the disk is full)\n"
    )


def test_closed_standard_output_is_one_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["audit"]) == 2
    assert capsys.readouterr().err == "mutualstats audit: standard output is closed\n"


def test_characters_the_output_cannot_encode_are_escaped(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under an ASCII locale the audit still prints: "£20 billion" (C22) is escaped."""
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    assert main(["audit"]) == 0
    sys.stdout.flush()
    assert b"\\xa320 billion" in raw.getvalue()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "/srv/x/reports/.audit.csv-k8p"),
            "cannot write in /srv/x/reports: Permission denied (check the permissions of the "
            "file and its folder)",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/srv/x/reports/audit.md"),
            "cannot use /srv/x/reports/audit.md: Read-only file system (the file system is "
            "read-only)",
        ),
        (OSError(errno.EIO, "Input/output error"), "could not finish: Input/output error"),
    ],
)
def test_a_file_problem_names_the_file_or_its_folder(error: OSError, message: str) -> None:
    """A staging file (a dot file written beside its target) is reported by its folder."""
    assert _file_problem(error) == message


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", ""],
        ["report", "--briefing", ""],
        ["checksum", " "],
        ["run", "", "--period", "BSA_YEAR=2018"],
        ["store-notebooks", ""],
    ],
    ids=["scan", "report", "checksum", "run", "store-notebooks"],
)
def test_an_empty_path_is_refused_before_anything_runs(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty path would otherwise name the current folder, or be dropped without a word."""
    assert "an empty path names no file" in refused_arguments(argv, capsys).err


def test_a_diff_of_an_edition_with_itself_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "skills_for_care", "--from", "2023", "--to", "2023"]) == 2
    assert capsys.readouterr().err == (
        "mutualstats diff: --from and --to are both 2023: give two editions\n"
    )


def test_a_run_check_names_its_notebooks_and_refuses_one_it_cannot_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", "--check", "--period", "BSA_YEAR=2018"]) == 0
    out = capsys.readouterr().out
    assert out == "survey_year = 2018: held\nnotebooks taking them: 05-public-satisfaction\n"
    twice = ["notebooks/05-public-satisfaction.ipynb", "./notebooks/05-public-satisfaction.ipynb"]
    assert main(["run", "--check", "--period", "BSA_YEAR=2018", *twice]) == 0, capsys.readouterr()
    assert capsys.readouterr().out.endswith("notebooks taking them: 05-public-satisfaction\n")
    assert main(["run", "--check", "--period", "BSA_YEAR=2018", "notebooks/99-none.ipynb"]) == 2
    assert "notebooks/99-none.ipynb: cannot be read" in capsys.readouterr().err


def test_two_notebooks_of_one_name_are_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both would be executed at once into one report, the second in place of the first; one
    notebook written two ways (``notebooks/../notebooks/``) is still run once."""
    first, second = tmp_path / "a" / "10-widgets.ipynb", tmp_path / "b" / "10-widgets.ipynb"
    for path in (first, second):
        path.parent.mkdir()
        synthetic_notebook(path, "print(survey_year)")
    assert main(["run", "--check", "--period", "BSA_YEAR=2018", str(first), str(second)]) == 2
    assert capsys.readouterr().err == (
        f"mutualstats run: {first} and {second} have one name, so their runs would be written "
        "to one file (reports/runs/<label>/notebooks/10-widgets.ipynb); rename one\n"
    )
    again = tmp_path / "a" / ".." / "a" / "10-widgets.ipynb"
    assert main(["run", "--check", "--period", "BSA_YEAR=2018", str(first), str(again)]) == 0
    assert capsys.readouterr().out.endswith("notebooks taking them: 10-widgets\n")


def test_a_briefing_that_is_a_device_or_too_large_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """/dev/zero never ends; a file of many megabytes is not a briefing's text."""
    from mutualstats.scan import MAX_BRIEFING_BYTES

    assert main(["scan", "/dev/zero"]) == 2
    assert capsys.readouterr().err == (
        "mutualstats scan: cannot read /dev/zero: not a plain file (a device, pipe or socket)\n"
    )
    large = tmp_path / "large.txt"
    large.write_bytes(b"a" * (MAX_BRIEFING_BYTES + 1))
    assert main(["scan", str(large)]) == 2
    assert "larger than 5 MB: not a briefing's text" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["missing", "a-file", "name-too-long"])
def test_a_project_root_that_is_not_a_folder_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    # A name longer than the file system allows cannot even be looked at.
    root = tmp_path / ("x" * (NAME_MAX + 1) if kind == "name-too-long" else kind)
    if kind == "a-file":
        root.write_text("not a project", encoding="utf-8")
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(root))
    assert main(["build"]) == 2
    assert capsys.readouterr().err == (
        f"mutualstats build: MUTUALSTATS_ROOT={root} is not a folder: point it at a project "
        "folder (one holding data/raw), or unset it\n"
    )


#: The longest file name the file system of the temporary folder allows.
NAME_MAX = os.pathconf("/tmp", "PC_NAME_MAX")


@pytest.mark.parametrize("command", ["checksum", "describe"])
def test_a_name_too_long_to_look_at_is_one_message(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source named by a path whose name is longer than the file system allows: the system's
    refusal, naming the path, not a traceback of the check for a link made while reporting it."""
    name = f"data/raw/{'x' * (NAME_MAX + 1)}"
    assert main([command, name]) == 2
    assert capsys.readouterr().err == (
        f"mutualstats {command}: cannot use {name}: File name too long\n"
    )


def test_a_raw_file_that_cannot_be_read_is_not_called_unwritable(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root every file can be read, so the refusal is what reading as another user meets."""
    from mutualstats import build

    unreadable = built_project / "data" / "raw" / "cqc" / "headline_figures.csv"

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(unreadable))

    monkeypatch.setattr(build, "build_inputs", refuse)
    assert main(["build", "--force"]) == 2
    assert capsys.readouterr().err == (
        "mutualstats build: cannot read data/raw/cqc/headline_figures.csv: Permission denied; "
        "make data/raw readable (e.g. `chmod -R u+r data/raw`), then run `make data` again\n"
    )


def test_an_option_given_twice_is_refused_not_overridden(
    capsys: pytest.CaptureFixture[str],
) -> None:
    refused = refused_arguments(["restate", "--year", "2018", "--year", "2017"], capsys)
    assert "mutualstats restate: error: --year is given twice" in refused.err
    assert main(["run", "--check", "--period", "BSA_YEAR=2023", "--period", "BSA_YEAR=2024"]) == 2
    assert (
        capsys.readouterr().err
        == "mutualstats run: --period BSA_YEAR is given twice (2023, 2024)\n"
    )
    with pytest.raises(SystemExit):
        main(["audit", "--format", "csv", "--format", "table"])
    assert "--format is given twice" in capsys.readouterr().err
    assert main(["audit", "--format", "csv", "--format", "csv"]) == 0, "the same value twice"
    assert main(["audit", "--format", "csv"]) == 0, "once, over the default"


def test_an_invalid_matplotlib_backend_is_refused_before_anything_runs(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """matplotlib raises on import for an unknown MPLBACKEND: one worded line instead, for the
    command line and the notebook runner alike, with nothing written."""
    from mutualstats import notebooks

    monkeypatch.setenv("MPLBACKEND", "nonsense")
    expected = (
        "the environment variable MPLBACKEND=nonsense is not a matplotlib backend, so no chart "
        "can be drawn: unset it (`unset MPLBACKEND`; the charts are drawn with Agg) or name one, "
        "e.g. MPLBACKEND=Agg\n"
    )
    validation = built_project / "reports" / "validation.json"
    validation.unlink()
    assert main(["build", "--force"]) == 2
    assert capsys.readouterr().err == f"mutualstats build: {expected}"
    assert not validation.exists()
    report = built_project / "reports" / "notebooks" / "05.ipynb"
    assert notebooks.main(["notebooks/05-public-satisfaction.ipynb", str(report)]) == 2
    assert capsys.readouterr().err == f"notebooks/05-public-satisfaction.ipynb: {expected}"
    assert not report.parent.exists()


@pytest.mark.parametrize(
    "backend", ["Agg", "agg", "svg", "module://matplotlib_inline.backend_inline"]
)
def test_a_valid_matplotlib_backend_is_left_as_it_is(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mutualstats.config import check_matplotlib_backend

    monkeypatch.setenv("MPLBACKEND", backend)
    check_matplotlib_backend()
    assert os.environ["MPLBACKEND"] == backend


def test_a_newline_in_a_path_is_written_as_its_escape(
    built_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each problem stays one line however its file is named."""
    (built_project / "data" / "raw" / "bsa" / "a\nb.csv").write_text("x\n", encoding="utf-8")
    assert main(["build"]) == 2
    problems = capsys.readouterr().err.splitlines()
    assert len(problems) == 2, problems
    assert problems[1].startswith("  - data/raw/bsa/a\\nb.csv: file name must be lower case")
    missing = tmp_path / "no\nsuch.txt"
    assert main(["scan", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"mutualstats scan: cannot read {tmp_path}/no\\nsuch.txt: No such file or directory\n"
    )
