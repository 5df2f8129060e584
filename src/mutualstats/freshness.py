"""Whether a product is up to date, decided by the sha256 of its inputs and outputs, never by times.

Two users. :mod:`mutualstats.build` records the sha256 of every input of the processed tables (each
file under ``data/raw``, and the package code that shapes the tables) in
``data/processed/manifest.json``, and skips the build when none differs and every table is present
and unedited. The Makefile runs every other product of ``make all`` (executed notebooks and the
charts they export, the audit) through ``python -m mutualstats.freshness``, which keeps a stamp per
step in ``reports/.stamps/`` and runs the step's command again when an input differs, or when an
output is missing or was edited by hand.

This module imports nothing heavy (no pandas), so an up-to-date check answers in a fraction of a
second.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Beside the processed tables: the sha256 of each input of the build and of each table written.
MANIFEST = "manifest.json"

#: The package code that shapes the processed tables, relative to the package folder: a change to
#: any of it rebuilds the data. (Charts, claims and the site read the tables; they shape none.)
TABLE_CODE = (
    "__init__.py",
    "addresses.py",
    "build.py",
    "config.py",
    "dates.py",
    "encoding.py",
    "errors.py",
    "folder_memo.py",
    "folders.py",
    "freshness.py",
    "number_grammar.py",
    "provenance.py",
    "rawcsv.py",
    "safe_yaml.py",
    "scan_text.py",
    "validation.py",
    "vocabulary.py",
    "sources/*.py",
    "schemas/*.py",
)

#: Folder (under reports/) of the stamps of the steps run through :func:`main`.
STAMPS = ".stamps"
#: Folder (under reports/) where a step's charts are written before they are moved into place.
STAGING = ".staging"

#: Beside the stamps: held while a step moves its charts into the figures folder, removes those it
#: no longer exports and writes its stamp, so each step sees the others' stamps whole.
FIGURES_LOCK = ".figures.lock"

#: A step's name: it names a file in reports/.stamps/, so no path separators and no leading dot.
STEP_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_inputs(raw: Path, package: Path | None = None) -> dict[str, str]:
    """The sha256 of every input of the build, keyed by a stable name.

    Every entry under ``raw`` counts, listed or not, so an added or deleted file changes the
    answer; a file that cannot be read (or a symlink, which the build rejects) is recorded as such
    rather than followed.
    """
    package = package or Path(__file__).resolve().parent
    inputs = {}
    if raw.is_dir():
        for path in sorted(raw.rglob("*")):
            name = f"data/raw/{path.relative_to(raw).as_posix()}"
            if path.is_dir() and not path.is_symlink():
                if path.parent != raw:
                    inputs[name] = "folder"  # inside a source folder, where the build rejects it
                continue
            inputs[name] = _digest_or_state(path)
    else:
        inputs["data/raw"] = "missing"
    for pattern in TABLE_CODE:
        for path in sorted(package.glob(pattern)):
            inputs[f"package/{path.relative_to(package).as_posix()}"] = sha256_of(path)
    return inputs


def processed_is_current(raw: Path, processed: Path, inputs: dict[str, str] | None = None) -> bool:
    """Whether ``processed`` was built from exactly these inputs and every table is as written."""
    manifest = read_manifest(processed)
    if manifest is None or manifest.get("inputs") != (inputs or build_inputs(raw)):
        return False
    tables = manifest.get("validated_tables")
    if not isinstance(tables, dict) or not tables:
        return False
    return all(
        (processed / f"{name}.parquet").is_file()
        and sha256_of(processed / f"{name}.parquet") == digest
        for name, digest in tables.items()
    )


def read_manifest(processed: Path) -> dict | None:
    """The build's manifest, or None when it is missing or unreadable."""
    try:
        manifest = json.loads((processed / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _digest_or_state(path: Path) -> str:
    if path.is_symlink():
        return f"symlink:{os.readlink(path)}"
    if not path.is_file():
        return "not a plain file"  # a pipe would block the read; the build rejects it
    try:
        return sha256_of(path)
    except OSError as error:
        return f"unreadable:{error.strerror}"


def digests(paths: list[Path]) -> dict[str, str]:
    """sha256 of each file, and of each file under each folder (``__pycache__`` left out)."""
    found = {}
    for path in paths:
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and "__pycache__" not in item.parts:
                    found[item.as_posix()] = sha256_of(item)
        elif path.is_file():
            found[path.as_posix()] = sha256_of(path)
        else:
            found[path.as_posix()] = "missing"
    return found


def step_is_current(stamp: Path, inputs: dict[str, str]) -> bool:
    """Whether a step's stamp records these inputs and its outputs are all present and unedited."""
    recorded = read_stamp(stamp)
    if recorded.get("inputs") != inputs:
        return False
    outputs = recorded.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False
    return all(Path(name).is_file() and sha256_of(Path(name)) == d for name, d in outputs.items())


def read_stamp(stamp: Path) -> dict:
    """A step's stamp, or an empty record when it is missing or unreadable.

    A stamp without ``inputs`` is that of a step that started and did not finish: it is never
    current, and its ``outputs`` are still those of the last run that did (which the next run
    needs, to remove the charts it no longer exports).
    """
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def recorded_outputs(stamp: Path) -> dict[str, str]:
    """The outputs a step's stamp records (name to sha256), or none."""
    outputs = read_stamp(stamp).get("outputs")
    return outputs if isinstance(outputs, dict) else {}


def run_step(
    step: str,
    inputs: list[Path],
    outputs: list[Path],
    command: list[str],
    reports: Path,
    figures: Path | None = None,
    label: str | None = None,
) -> int:
    """Run ``command`` unless the step is up to date; record its stamp when it succeeds.

    ``label`` (e.g. ``[3/6] 03-workforce``) is printed when the step runs, so progress lines
    name only the work actually done.

    With ``figures``, the command writes its charts to a staging folder of its own (through
    ``MUTUALSTATS_FIGURES_DIR``); they are moved into ``figures`` and become outputs of the step,
    so a deleted or edited chart makes its notebook run again. The charts the step's last run
    exported and this one did not are removed from ``figures`` (one line names them), so a chart
    taken out of a notebook does not stay behind unrefreshed; a chart another step's stamp lists
    is left. A step that fails moves nothing in and removes nothing.
    """
    with _step_lock(reports, step):
        return _run_step(step, inputs, outputs, command, reports, figures, label)


@contextmanager
def _step_lock(reports: Path, step: str) -> Iterator[None]:
    """Held while a step is checked, run and stamped: the same step started twice at once (two
    ``make all`` in one checkout) runs once, and the second finds it up to date. Other steps run
    alongside."""
    with _held(reports / STAMPS / f"{step}.lock"):
        yield


@contextmanager
def _held(lock: Path) -> Iterator[None]:
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_step(
    step: str,
    inputs: list[Path],
    outputs: list[Path],
    command: list[str],
    reports: Path,
    figures: Path | None,
    label: str | None,
) -> int:
    stamp = reports / STAMPS / f"{step}.json"
    current_inputs = digests(inputs)
    if step_is_current(stamp, current_inputs):
        return 0
    previous = recorded_outputs(stamp)
    # Not current until the step succeeds, but the last good run's outputs are kept in the stamp.
    _write_stamp(stamp, {"outputs": previous})
    if label:
        print(label, flush=True)
    environment = dict(os.environ)
    staging = reports / STAGING / step
    if figures is not None:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        environment["MUTUALSTATS_FIGURES_DIR"] = str(staging.resolve())
    returncode = subprocess.run(command, env=environment, check=False).returncode
    if returncode != 0:
        return returncode
    # Checked before any chart is moved in, so a step that fails keeps the previous charts.
    missing = [str(path) for path in outputs if not path.is_file()]
    if missing:
        print(f"{step}: the command did not write {', '.join(missing)}", file=sys.stderr)
        return 1
    if figures is None:
        _write_stamp(stamp, {"inputs": current_inputs, "outputs": digests(outputs)})
        return 0
    with _held(reports / STAMPS / FIGURES_LOCK):
        charts = _publish_charts(step, stamp, previous, staging, figures)
        _write_stamp(stamp, {"inputs": current_inputs, "outputs": digests([*outputs, *charts])})
    return 0


def _publish_charts(
    step: str, stamp: Path, previous: dict[str, str], staging: Path, figures: Path
) -> list[Path]:
    """Move the step's staged charts into ``figures``, and remove those its last run exported and
    this one did not (unless another step's stamp lists them); the charts moved in.

    Called with the figures lock held, so no other step moves charts in or writes its stamp
    meanwhile.
    """
    figures.mkdir(parents=True, exist_ok=True)
    charts = [figures / chart.name for chart in sorted(staging.iterdir())]
    exported = {chart.as_posix() for chart in charts}
    # Recorded first: if the moves are stopped halfway, the next run still knows these charts.
    _write_stamp(stamp, {"outputs": previous | {name: "moved in" for name in exported}})
    for chart in charts:
        os.replace(staging / chart.name, chart)
    shutil.rmtree(staging, ignore_errors=True)
    others = _outputs_of_other_steps(stamp)
    dropped = [
        Path(name)
        for name in sorted(previous)
        if Path(name).parent == figures and name not in exported and name not in others
    ]
    removed = [chart for chart in dropped if chart.is_file() or chart.is_symlink()]
    for chart in removed:
        chart.unlink()
    if removed:
        names = ", ".join(chart.name for chart in removed)
        print(f"{step}: removed from {figures} the charts it no longer exports: {names}")
    return charts


def _outputs_of_other_steps(stamp: Path) -> set[str]:
    """Every output named by the stamps beside ``stamp`` (those of the other steps)."""
    return {
        name
        for other in sorted(stamp.parent.glob("*.json"))
        if other != stamp
        for name in recorded_outputs(other)
    }


def _write_stamp(stamp: Path, record: dict) -> None:
    """Write a step's stamp whole: beside it first, then moved into place, so a step reading it
    meanwhile sees the old stamp or the new one, never half of one."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    partial = stamp.with_name(f".{stamp.name}.partial")
    partial.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, stamp)


def argument_problem(
    step: str, inputs: list[Path], command: list[str], reports: Path, figures: Path | None
) -> str | None:
    """Why the step cannot be checked or run as given, or None; nothing is read but the file
    system's answers about these paths."""
    if not STEP_NAME.fullmatch(step):
        return (
            f"--step {step!r}: a step's name is letters, digits, '-', '_' and '.' (not first), "
            "with no '/'"
        )
    missing = [str(path) for path in inputs if not path.exists()]
    if missing:
        return f"--input {', '.join(missing)}: no such file or folder"
    for flag, folder in (("--reports", reports), ("--figures", figures)):
        if folder is not None and folder.exists() and not folder.is_dir():
            return f"{flag} {folder}: not a folder"
    for part in (reports / STAMPS, reports / STAGING):
        if part.exists() and not part.is_dir():
            return f"{part}: not a folder; remove it"
    stamp = reports / STAMPS / f"{step}.json"
    if stamp.exists() and not stamp.is_file():
        return f"{stamp}: the step's stamp is not a file; remove it"
    return command_problem(command[0])


def command_problem(program: str) -> str | None:
    """Why ``program`` (a path, or a name looked up on PATH) cannot be run, or None."""
    if shutil.which(program) is not None:
        return None
    if os.sep in program and Path(program).is_file():
        return f"{program}: the step's command is not executable"
    return f"{program}: the step's command was not found"


def main(argv: list[str] | None = None) -> int:
    """``python -m mutualstats.freshness --step NAME --input ... --output ... -- COMMAND``.

    Bad arguments (see :func:`argument_problem`) are one message and exit 2, before anything is
    run or removed.
    """
    parser = argparse.ArgumentParser(prog="python -m mutualstats.freshness", description=__doc__)
    parser.add_argument("--step", required=True, help="name of the stamp in reports/.stamps/")
    parser.add_argument("--input", action="append", default=[], type=Path, help="file or folder")
    parser.add_argument("--output", action="append", default=[], type=Path, help="file")
    parser.add_argument("--figures", type=Path, help="folder the step's charts are moved into")
    parser.add_argument("--reports", type=Path, default=Path("reports"))
    parser.add_argument("--label", help="progress line printed when the step runs")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the step's command after --")
    problem = argument_problem(args.step, args.input, command, args.reports, args.figures)
    if problem:
        print(f"{parser.prog}: {problem}", file=sys.stderr)
        return 2
    try:
        return run_step(
            args.step, args.input, args.output, command, args.reports, args.figures, args.label
        )
    except OSError as error:  # e.g. a folder that cannot be written: one message, not a traceback
        where = f"{error.filename}: " if error.filename else ""
        print(f"{parser.prog}: {args.step}: {where}{error.strerror or error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
