"""Bad input to make's step runners (``python -m mutualstats.notebooks``, ``python -m
mutualstats.freshness``) and to ``mutualstats store-notebooks``: one message naming the file, a
non-zero exit, no traceback, and nothing already built lost.

Most checks fail before a kernel starts; the few that run one use SYNTHETIC two-cell notebooks.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
import papermill.engines
import pytest
from conftest import synthetic_notebook

from mutualstats import freshness, notebooks
from mutualstats.cli import main as cli
from mutualstats.notebooks import main as notebook_step


def _listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# The notebook step's OUTPUT: refused before anything runs (exit 2).


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "out.ipynb").mkdir()
    return tmp_path / "out.ipynb"


def _fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "out.ipynb")
    return tmp_path / "out.ipynb"


def _device(tmp_path: Path) -> Path:
    """A character device like /dev/null (root only), or a skip."""
    try:
        os.mknod(tmp_path / "out.ipynb", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device needs root")
    return tmp_path / "out.ipynb"


def _link_to_folder(tmp_path: Path) -> Path:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out.ipynb").symlink_to(tmp_path / "elsewhere")
    return tmp_path / "out.ipynb"


def _not_ipynb(tmp_path: Path) -> Path:
    return tmp_path / "out.txt"


def _two_folders_missing(tmp_path: Path) -> Path:
    return tmp_path / "no" / "such" / "out.ipynb"


@pytest.mark.parametrize(
    ("make_output", "message"),
    [
        (_folder, "out.ipynb: the output is a folder, not a notebook file; nothing was run"),
        (_fifo, "out.ipynb: the output is a FIFO, not a notebook file; nothing was run"),
        (_device, "out.ipynb: the output is a device, not a notebook file; nothing was run"),
        (_link_to_folder, "out.ipynb: the output is a folder, not a notebook file"),
        (_not_ipynb, "out.txt: the output must be a .ipynb file; nothing was run"),
        (_two_folders_missing, "/no: no such folder (for the output "),
    ],
)
def test_a_bad_output_is_refused_before_anything_runs(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_output: Callable[[Path], Path],
    message: str,
) -> None:
    notebook = synthetic_notebook(tmp_path / "10-step.ipynb", "print('ran')")
    output = make_output(tmp_path)
    before = _listing(tmp_path)
    kind = stat.S_IFMT(os.lstat(output).st_mode) if output.is_symlink() or output.exists() else 0
    assert notebook_step([str(notebook), str(output)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert _listing(tmp_path) == before, "nothing is created, no staging file is left"
    if kind:
        assert stat.S_IFMT(os.lstat(output).st_mode) == kind, "the output is left as it was"


def test_the_output_cannot_be_the_notebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = synthetic_notebook(tmp_path / "10-step.ipynb", "print('ran')")
    kept = notebook.read_bytes()
    assert notebook_step([str(notebook), str(notebook)]) == 2
    assert "the output would replace the notebook itself" in capsys.readouterr().err
    assert notebook.read_bytes() == kept


def test_a_missing_output_folder_is_created_only_one_level_deep(tmp_path: Path) -> None:
    """make creates reports/notebooks first; the runner adds one missing folder, not a path."""
    notebook = tmp_path / "10-step.ipynb"
    assert notebooks.output_problem(notebook, tmp_path / "new" / "out.ipynb") is None
    assert notebooks.output_problem(notebook, tmp_path / "a" / "b" / "out.ipynb") == (
        f"{tmp_path / 'a'}: no such folder (for the output {tmp_path / 'a' / 'b' / 'out.ipynb'});"
        " nothing was run"
    )


# A file that is JSON but not a valid notebook: one message naming it (exit 1, as a notebook).


def _write_json(path: Path, content: dict) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_a_notebook_without_cells_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _write_json(
        tmp_path / "10-nocells.ipynb", {"nbformat": 4, "nbformat_minor": 5, "metadata": {}}
    )
    assert notebook_step([str(broken), str(tmp_path / "out.ipynb")]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"{broken}: not a notebook (ValidationError: The notebook is invalid and is missing an "
        "expected key: cells)\n"
    ), "outside the project: no `git checkout` to suggest"
    assert not (tmp_path / "out.ipynb").exists()


def test_a_cell_of_unknown_type_is_named_with_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = synthetic_notebook(tmp_path / "10-bogus.ipynb", "print('ran')")
    content = json.loads(notebook.read_text(encoding="utf-8"))
    content["cells"].append({"cell_type": "bogus", "id": "b0", "metadata": {}, "source": "x"})
    _write_json(notebook, content)
    assert notebook_step([str(notebook), str(tmp_path / "out.ipynb")]) == 1
    assert capsys.readouterr().err == (
        f"{notebook}: not a notebook (cell 3: unknown cell_type 'bogus')\n"
    )
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    message = (
        "mutualstats store-notebooks: 10-bogus.ipynb: not a notebook (cell 3: unknown cell_type "
        "'bogus')"
    )
    # A new notebook git does not hold: nothing to restore it from.
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    assert cli(["store-notebooks", str(notebook)]) == 2
    assert capsys.readouterr().err == f"{message}\n"
    # A notebook git holds: restorable.
    subprocess.run(["git", "add", notebook.name], cwd=tmp_path, check=True)
    assert cli(["store-notebooks", str(notebook)]) == 2
    assert capsys.readouterr().err == (
        f"{message}; restore it with `git checkout -- 10-bogus.ipynb`\n"
    )


_EMPTY_CELL = {"cell_type": "code", "id": "c0", "metadata": {}, "source": "", "outputs": []}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"[]", "its JSON is a list, not an object"),
        (b'"notebook"', "its JSON is a string, not an object"),
        (b'{"cells": 5, "nbformat": 4}', "'cells' is not a list"),
        (b'{"cells": [5], "nbformat": 4}', "cell 1 is a number, not an object"),
        (
            json.dumps({"cells": [{**_EMPTY_CELL, "outputs": 5}], "nbformat": 4}).encode(),
            "cell 1: 'outputs' is not a list",
        ),
        (b'{"cells": [], "nbformat": 4, "metadata": []}', "'metadata' is not an object"),
        (
            b'{"cells": [], "nbformat": 4, "nbformat_minor": "5"}',
            "'nbformat_minor' is not a whole number",
        ),
        (b'{"cells": []}', "no 'nbformat' version"),
        (b'{"cells": [], "nbformat": "caf\xe9"}', "bytes that are not UTF-8 at line 1"),
    ],
    ids=[
        "list",
        "string",
        "cells-number",
        "cell-number",
        "outputs-number",
        "metadata-list",
        "minor-text",
        "no-nbformat",
        "latin-1",
    ],
)
def test_json_that_is_not_a_notebook_is_named_in_plain_words(
    tmp_path: Path, content: bytes, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """What is wrong with the JSON, not the error nbformat met inside itself."""
    notebook = tmp_path / "10-odd.ipynb"
    notebook.write_bytes(content)
    assert notebook_step([str(notebook), str(tmp_path / "out.ipynb")]) == 1
    assert capsys.readouterr().err == f"{notebook}: not a notebook ({problem})\n"
    for argv in (["store-notebooks"], ["run", "--check", "--period", "BSA_YEAR=2018"]):
        assert cli([*argv, str(notebook)]) == 2
        assert capsys.readouterr().err == (
            f"mutualstats {argv[0]}: {notebook}: not a notebook ({problem})\n"
        )
    assert notebook.read_bytes() == content
    assert not (tmp_path / "out.ipynb").exists()


def test_a_file_not_named_ipynb_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """README.md is no notebook, and git restoring it would not make it one: no git advice; and
    the notebook named before it is not executed either."""
    readme = tmp_path / "README.md"
    readme.write_text("# A project\n", encoding="utf-8")
    notebook = synthetic_notebook(tmp_path / "10-step.ipynb", "print('ran')")
    refused = "not a notebook (its name does not end in .ipynb)"
    assert cli(["run", "--check", "--period", "BSA_YEAR=2018", str(readme)]) == 2
    assert capsys.readouterr().err == f"mutualstats run: {readme}: {refused}\n"
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "README.md", notebook.name], cwd=tmp_path, check=True)
    kept = notebook.read_bytes()
    assert cli(["store-notebooks", str(notebook), str(readme)]) == 2
    assert capsys.readouterr() == ("", f"mutualstats store-notebooks: README.md: {refused}\n")
    assert notebook.read_bytes() == kept


# Runs stopped without a cell raising (kernel died, timeout), and store-notebooks' cell names.


def test_a_dead_kernel_is_one_message_and_keeps_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The failed run kept beside the report holds the outputs of the cells that ran."""
    notebook = synthetic_notebook(tmp_path / "10-dies.ipynb", "print('before')")
    dies = nbformat.read(notebook, as_version=4)
    dies.cells.append(nbformat.v4.new_code_cell("import os; os._exit(1)"))
    nbformat.write(dies, notebook)
    report = tmp_path / "reports" / "10-dies.ipynb"
    report.parent.mkdir()
    report.write_text("the last good report", encoding="utf-8")
    assert notebook_step([str(notebook), str(report)]) == 1
    assert capsys.readouterr().err == (
        f"{notebook}: the kernel died while running cell 3 ('import os; os._exit(1)'); the "
        f"failed run is in {report.parent / '10-dies.failed.ipynb'}\n"
    )
    assert report.read_text(encoding="utf-8") == "the last good report"
    assert _listing(report.parent) == ["10-dies.failed.ipynb", "10-dies.ipynb"]
    failed = nbformat.read(report.parent / "10-dies.failed.ipynb", as_version=4)
    assert [cell.get("outputs") for cell in failed.cells][-2][0]["text"] == "before\n"


def test_the_run_is_written_at_its_start_and_end_not_at_every_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of many cells writes its output notebook at its start and at its end, and what the
    end writes holds every cell's output (papermill writes that result once more afterwards)."""
    notebook = synthetic_notebook(tmp_path / "10-many.ipynb", "print('first')")
    many = nbformat.read(notebook, as_version=4)
    many.cells += [nbformat.v4.new_code_cell(f"print({n} * {n})") for n in range(2, 10)]
    nbformat.write(many, notebook)
    written: list[int] = []
    write = papermill.engines.write_ipynb

    def counted(nb: nbformat.NotebookNode, path: str) -> None:
        written.append(sum(bool(cell.get("outputs")) for cell in nb.cells))
        write(nb, path)

    monkeypatch.setattr(papermill.engines, "write_ipynb", counted)
    notebooks.execute_notebook(notebook, tmp_path / "out.ipynb")
    assert written == [0, 9]
    ran = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert [cell.outputs[0]["text"] for cell in ran.cells if cell.get("outputs")] == [
        "first\n",
        *[f"{n * n}\n" for n in range(2, 10)],
    ]


def test_a_full_disk_while_writing_the_run_is_one_message_and_keeps_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = synthetic_notebook(tmp_path / "10-full.ipynb", "print('ran')")
    report = tmp_path / "reports" / "10-full.ipynb"
    report.parent.mkdir()
    report.write_text("the last good report", encoding="utf-8")
    staging = report.with_name(".10-full.running.ipynb")

    def full_disk(source: Path, target: Path) -> None:
        target.write_text("half a notebook", encoding="utf-8")
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(notebooks, "execute_notebook", full_disk)
    assert notebook_step([str(notebook), str(report)]) == 1
    assert capsys.readouterr().err == (
        f"{notebook}: could not write {staging}: No space left on device; {report} is kept as "
        "it was\n"
    )
    assert report.read_text(encoding="utf-8") == "the last good report"
    assert _listing(report.parent) == ["10-full.ipynb"]


def test_store_notebooks_names_the_failing_cell_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = synthetic_notebook(tmp_path / "10-fails.ipynb", "1 / 0")
    kept = notebook.read_bytes()
    assert cli(["store-notebooks", str(notebook)]) == 2
    assert capsys.readouterr().err == (
        f"mutualstats store-notebooks: {notebook}: cell 2 ('1 / 0') failed: ZeroDivisionError: "
        "division by zero; nothing was stored\n"
    )
    assert notebook.read_bytes() == kept


def test_a_cell_past_the_timeout_is_named_and_nothing_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notebooks, "TIMEOUT_SECONDS", 1)
    notebook = synthetic_notebook(tmp_path / "10-slow.ipynb", "import time; time.sleep(60)")
    kept = notebook.read_bytes()
    with pytest.raises(notebooks.NotebookError) as raised:
        notebooks.execute_in_place(notebook)
    assert str(raised.value) == (
        f"{notebook}: cell 2 ('import time; time.sleep(60)') did not finish within 1 seconds; "
        "nothing was stored"
    )
    assert notebook.read_bytes() == kept


# make's step runner, python -m mutualstats.freshness: bad arguments are one message, exit 2.


def _step(tmp_path: Path, *extra: str, command: tuple[str, ...] = ("true",)) -> list[str]:
    return ["--step", "s", "--reports", str(tmp_path / "reports"), *extra, "--", *command]


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (
            lambda t: _step(t, command=("/nonexistent/binary",)),
            "/nonexistent/binary: the step's command was not found",
        ),
        (
            lambda t: _step(t, command=(str(t / "script"),)),
            "script: the step's command is not executable",
        ),
        (
            lambda t: ["--step", "s", "--reports", str(t / "script"), "--", "true"],
            "script: not a folder",
        ),
        (lambda t: _step(t, "--figures", str(t / "script")), "script: not a folder"),
        (lambda t: _step(t, "--input", str(t / "absent")), "absent: no such file or folder"),
        (
            lambda t: ["--step", "../../x", "--reports", str(t / "reports"), "--", "true"],
            "--step '../../x': a step's name is letters, digits",
        ),
        (
            lambda t: ["--step", "", "--reports", str(t / "reports"), "--", "true"],
            "--step '': a step's name",
        ),
        (
            lambda t: ["--step", ".s", "--reports", str(t / "reports"), "--", "true"],
            "--step '.s': a step's name",
        ),
    ],
)
def test_a_bad_step_argument_is_one_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    prepare: Callable[[Path], list[str]],
    message: str,
) -> None:
    (tmp_path / "script").write_text("#!/bin/sh\n", encoding="utf-8")  # not executable
    (tmp_path / "reports").mkdir()
    before = _listing(tmp_path)
    assert freshness.main(prepare(tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("python -m mutualstats.freshness: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _listing(tmp_path) == before, "no stamp or staging folder is written, none removed"


def test_a_stamp_that_is_a_folder_is_named_and_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stamp = tmp_path / "reports" / freshness.STAMPS / "s.json"
    stamp.mkdir(parents=True)
    assert freshness.main(_step(tmp_path)) == 2
    assert capsys.readouterr().err == (
        f"python -m mutualstats.freshness: {stamp}: the step's stamp is not a file; remove it\n"
    )
    assert stamp.is_dir()


def test_a_good_step_still_writes_its_stamp(tmp_path: Path) -> None:
    source, output = tmp_path / "in.txt", tmp_path / "out.txt"
    source.write_text("input", encoding="utf-8")
    write = f"open({str(output)!r}, 'w').write('output')"
    argv = _step(tmp_path, "--input", str(source), "--output", str(output))
    argv[argv.index("--") + 1 :] = [sys.executable, "-c", write]
    assert freshness.main(argv) == 0
    stamp = json.loads((tmp_path / "reports" / freshness.STAMPS / "s.json").read_text("utf-8"))
    assert stamp == {
        "inputs": {source.as_posix(): freshness.sha256_of(source)},
        "outputs": {output.as_posix(): freshness.sha256_of(output)},
    }


def test_the_same_step_started_twice_at_once_runs_once(tmp_path: Path) -> None:
    """Two `make all` in one checkout: the second waits for the first's step, then finds it up to
    date (before, the two shared one staging folder and one removed the other's)."""
    import threading

    source, output, runs = tmp_path / "in.txt", tmp_path / "out.txt", tmp_path / "runs.txt"
    source.write_text("input", encoding="utf-8")
    write = (
        f"import time; open({str(runs)!r}, 'a').write('run\\n'); time.sleep(0.5); "
        f"open({str(output)!r}, 'w').write('output')"
    )
    argv = _step(tmp_path, "--input", str(source), "--output", str(output))
    argv[argv.index("--") + 1 :] = [sys.executable, "-c", write]
    figures = ["--figures", str(tmp_path / "figures")]
    codes: list[int] = []
    steps = [
        threading.Thread(target=lambda: codes.append(freshness.main([*figures, *argv])))
        for _ in range(2)
    ]
    for step in steps:
        step.start()
    for step in steps:
        step.join()
    assert codes == [0, 0]
    assert runs.read_text(encoding="utf-8") == "run\n"


def test_a_build_another_build_finished_first_says_nothing_was_built(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command's first look sees stale data; by the time it holds the build lock, another
    build has made it current, so it builds nothing and must not list tables as built."""
    from mutualstats import build, cli

    # Only the command's first look is made to see stale data; the build keeps its own check.
    assert build.processed_is_current is freshness.processed_is_current
    monkeypatch.setattr(freshness, "processed_is_current", lambda *args: False)
    assert cli.main(["build"]) == 0
    assert capsys.readouterr().out == "data/processed is up to date: no input changed\n"


def test_a_notebook_that_lost_its_parameters_tag_is_named_with_the_period(
    tmp_path: Path,
) -> None:
    import nbformat

    from mutualstats.periods import PeriodError
    from mutualstats.runs import planned_run

    notebook = synthetic_notebook(tmp_path / "10-untagged.ipynb", "print(survey_year)")
    content = nbformat.read(notebook, as_version=4)
    content.cells[0].metadata["tags"] = []
    nbformat.write(content, notebook)
    with pytest.raises(PeriodError) as caught:
        planned_run({"BSA_YEAR": "2018"}, [notebook])
    assert str(caught.value) == (
        f"no notebook takes BSA_YEAR (survey_year): none of {notebook} assigns it in a cell "
        "tagged `parameters` (a notebook whose tag was lost can be restored with `git checkout "
        "-- <notebook>`)"
    )


def test_a_cell_without_an_id_runs_without_a_warning(tmp_path: Path) -> None:
    """Notebooks written by older tools have cells without ids; the step gives them ids
    quietly, rather than printing nbformat's warning with a line of its source code."""
    notebook = synthetic_notebook(tmp_path / "10-no-ids.ipynb", "print('ran')")
    content = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in content["cells"]:
        del cell["id"]
    notebook.write_text(json.dumps(content), encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "mutualstats.notebooks", str(notebook), str(tmp_path / "out.ipynb")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Warning" not in ran.stderr and "_validate(" not in ran.stderr, ran.stderr
