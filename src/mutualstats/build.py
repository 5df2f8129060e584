"""Raw to processed: validate every source, then swap all outputs in at once.

Input: ``data/raw/<source>/``. Output: ``data/processed/<table>.parquet`` and ``manifest.json``,
which records the sha256 of every input (each file under ``data/raw``, and the package code that
shapes the tables, :data:`mutualstats.freshness.TABLE_CODE`), of every table written, and the
source folders each table was built from (:func:`mutualstats.datasets.source_folders`). A build
whose inputs all match the manifest, with every table present and unedited, does nothing.

Nothing in ``data/processed/`` changes unless every source passes. The new tables are written to a
staging folder beside it and exchanged with the old folder in one atomic step (``renameat2`` with
``RENAME_EXCHANGE`` on Linux), so ``data/processed`` exists at every moment, even if the build is
killed; staging folders left by a killed build are removed by the next one (and ``make clean``).
``reports/validation.json`` is rewritten on every run.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from mutualstats.config import PUBLISHED_FOLDER_MODE, processed_dir, raw_dir, reports_dir
from mutualstats.errors import (
    DataValidationError,
    MutualstatsError,
    Problem,
    write_validation_report,
)
from mutualstats.folder_memo import run_builder, shared_context
from mutualstats.folders import remove_leftovers, replace_folder
from mutualstats.freshness import MANIFEST, build_inputs, processed_is_current, read_manifest
from mutualstats.provenance import (
    _label,
    check_raw_tree,
    files_read,
    load_verified_source,
    reading_each_folder_once,
    sha256_of,
)
from mutualstats.sources import BUILDERS, CLEAN_MODELS, publications
from mutualstats.validation import validate

#: Prefix of the staging folders beside data/processed (``data/.processed-*``).
STAGING_PREFIX = ".processed-"

#: Beside data/processed: held while a build runs, so two builds never swap at once.
LOCK_FILE = ".build.lock"

#: Marks a table concatenated from several sources' parts, to be validated again as a whole.
ASSEMBLED = "assembled_from_several_sources"


class Built(NamedTuple):
    """What a build left: every table's path, and whether this build wrote them."""

    tables: dict[str, Path]
    wrote: bool


def build_all(
    raw: Path | None = None, processed: Path | None = None, force: bool = False
) -> dict[str, Path]:
    """Every processed table's path, built now or already current (:func:`build`)."""
    return build(raw, processed, force).tables


def build(raw: Path | None = None, processed: Path | None = None, force: bool = False) -> Built:
    """Build every processed table, or none; do nothing when no input changed.

    Parameters
    ----------
    force
        Build even when the manifest says every input is unchanged.

    Returns
    -------
    Built
        Table name to its Parquet path, and whether this build wrote them (not when they were
        already current, e.g. made by another build that held the lock first).

    Raises
    ------
    DataValidationError
        With every problem in every source; ``processed`` is left exactly as it was.
    MutualstatsError
        When ``data/`` or ``reports/`` cannot be written.
    """
    raw = raw or raw_dir()
    processed = processed or processed_dir()
    report_path = reports_dir() / "validation.json"
    with _writable(processed.parent), _lock(processed.parent):
        remove_leftovers(processed.parent, STAGING_PREFIX)
        inputs = build_inputs(raw)
        if not force and processed_is_current(raw, processed, inputs):
            _report(report_path, [])
            return Built(_tables_of(processed), wrote=False)
        problems = check_raw_tree(raw)
        collected = Collected({}, {}, problems)
        if not problems:
            with reading_each_folder_once():
                collected = collect_tables(raw)
            problems = collected.problems + _whole_table_problems(collected.tables)
        if problems:
            error = DataValidationError(problems)
            try:
                _report(report_path, error.problems, error.total)
            except MutualstatsError as unwritten:
                # The data's problems are still said, and the report's after them.
                error.args = (f"{error}\n{unwritten}",)
            raise error
        written = _swap_in(collected, processed, inputs)
        _report(report_path, [])
        return Built(written, wrote=True)


def is_current(raw: Path | None = None, processed: Path | None = None) -> bool:
    """Whether ``processed`` was built from the current inputs and is intact (no build needed)."""
    return processed_is_current(raw or raw_dir(), processed or processed_dir())


class Collected(NamedTuple):
    """What every source's builder gave: the tables, the folders feeding each, the problems."""

    tables: dict[str, pd.DataFrame]
    sources: dict[str, list[str]]
    problems: list[Problem]


def collect_tables(raw: Path) -> Collected:
    """Run every source's builder; verify the checksums of sources that have no tables yet.

    A builder whose folders, and the publications, are as when it last ran in this process gives
    what it gave then (:mod:`mutualstats.folder_memo`). Parts of one table returned by several
    builders are concatenated in folder order. The publications of every folder make one more
    table, whose ids must be unique project-wide.
    """
    tables: dict[str, pd.DataFrame] = {}
    sources: dict[str, list[str]] = {}
    problems: list[Problem] = []
    try:
        # Built from every folder's source.yaml rather than from any folder's rows.
        for name, frame in publications.build(raw).items():
            tables[name], sources[name] = frame, []
    except DataValidationError as error:
        problems.extend(error.problems)
    folders = sorted(path for path in raw.iterdir() if path.is_dir())
    shared = shared_context(raw)
    problems += [
        Problem(
            f"data/raw/{name}",
            None,
            None,
            "source folder is missing: a loader reads it; restore it (e.g. `git checkout -- "
            f"data/raw/{name}`)",
            None,
        )
        for name in sorted(BUILDERS.keys() - {folder.name for folder in folders})
    ]
    for folder in folders:
        try:
            builder = BUILDERS.get(folder.name)
            if builder is None:
                load_verified_source(folder)
            else:
                for name, frame in run_builder(builder, folder, shared).items():
                    tables[name] = _append(tables.get(name), frame)
                    sources.setdefault(name, []).append(folder.name)
        except DataValidationError as error:
            problems.extend(error.problems)
    if not problems:
        problems += _unread_tables(folders)
    # A malformed source.yaml is met by both its folder's builder and the publications table.
    return Collected(tables, sources, list(dict.fromkeys(problems)))


def _unread_tables(folders: list[Path]) -> list[Problem]:
    """A CSV listed in a source.yaml that no loader read would be left out of every table without
    a word; each is a problem (checked when the build records what its loaders read)."""
    read = files_read()
    if read is None:
        return []
    check = (
        "listed in source.yaml, but no loader reads it: its rows would be left out of every table; "
        "remove it and its files: entry, or add it to a loader"
    )
    return [
        Problem(_label(folder / name), None, None, check, None)
        for folder in folders
        for name in sorted(load_verified_source(folder).files)
        if name.endswith(".csv") and folder / name not in read
    ]


def _append(built: pd.DataFrame | None, part: pd.DataFrame) -> pd.DataFrame:
    """A table several sources contribute to (e.g. psm_headline_figures) is their concatenation,
    in folder order; each part has already passed its Clean model."""
    if built is None:
        return part
    assembled = pd.concat([built, part], ignore_index=True)
    assembled.attrs[ASSEMBLED] = True
    return assembled


def _whole_table_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Check each table assembled from several sources against its Clean model as a whole, e.g.
    for a key repeated across sources (a table from one source passed it in its builder)."""
    problems: list[Problem] = []
    for name, frame in sorted(tables.items()):
        if not frame.attrs.pop(ASSEMBLED, False):
            continue
        try:
            tables[name] = validate(frame, CLEAN_MODELS[name], f"table {name}")
        except DataValidationError as error:
            problems.extend(error.problems)
    return problems


def _swap_in(collected: Collected, processed: Path, inputs: dict[str, str]) -> dict[str, Path]:
    tables = collected.tables
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=processed.parent))
    staging.chmod(PUBLISHED_FOLDER_MODE)
    digests = {}
    for name, frame in sorted(tables.items()):
        path = staging / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        digests[name] = sha256_of(path)
    manifest = {
        "inputs": inputs,
        "validated_tables": digests,
        "table_sources": {name: collected.sources[name] for name in sorted(collected.sources)},
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    # Where no atomic exchange exists, a kill between its two renames leaves no data/processed;
    # the next build writes it again and readers say to run `make data`.
    replace_folder(staging, processed, STAGING_PREFIX)
    return {name: processed / f"{name}.parquet" for name in sorted(tables)}


def _tables_of(processed: Path) -> dict[str, Path]:
    manifest = read_manifest(processed) or {}
    return {name: processed / f"{name}.parquet" for name in sorted(manifest["validated_tables"])}


@contextmanager
def _lock(data: Path) -> Iterator[None]:
    with (data / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _writable(data: Path) -> Iterator[None]:
    """Turn a permission or disk error into one message naming the file or folder: one of
    data/raw that cannot be read, or one of data/ that cannot be written."""
    try:
        data.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as error:
        where = Path(os.fsdecode(error.filename)) if error.filename else data
        if where.is_relative_to(data / "raw"):
            raise MutualstatsError(
                f"cannot read {_label(where)}: {error.strerror or error}; make data/raw readable "
                "(e.g. `chmod -R u+r data/raw`), then run `make data` again"
            ) from None
        remedy = (
            "free some space on the disk"
            if _disk_full(error)
            else "make data/ and everything under it writable (e.g. `chmod -R u+w data reports`)"
        )
        raise MutualstatsError(
            f"cannot write {where}: {error.strerror or error}; {remedy}, then run `make data` again"
        ) from None


def _disk_full(error: OSError) -> bool:
    """Whether ``error`` is a full disk (pyarrow reports it in its message, not its errno)."""
    return error.errno == errno.ENOSPC or "No space left on device" in str(error)


def _report(path: Path, problems: list[Problem], total: int | None = None) -> None:
    try:
        write_validation_report(path, problems, total)
    except OSError as error:
        if _disk_full(error):
            remedy = "free some space on the disk"
        elif error.errno in (errno.EEXIST, errno.ENOTDIR):
            remedy = f"a file is where the folder {_label(path.parent)}/ should be: move it away"
        else:
            remedy = f"make {_label(path.parent)}/ writable"
        raise MutualstatsError(
            f"cannot write {_label(path)}: {error.strerror or error}; {remedy}"
        ) from None
