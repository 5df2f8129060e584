"""What each source folder's builder gave, used again while nothing it read has changed.

A builder's tables (or its problems) depend on the folders it reads through
:func:`mutualstats.provenance.read_once` (its own, and e.g. the vocabularies of ``seuk_psm``), on
the publications every source.yaml declares, on which source folders exist, and on the date (a
date may not be in the future). :func:`run_builder` keeps what a builder gave with the bytes of
every file of each folder it read, and gives it again, for the life of the process, when all of
those and the rest are unchanged: a build after one folder was edited runs that folder's builder
(and those that read it) only. The code is taken to be the same for the life of the process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label, note_reads, noting_reads, publications

Builder = Callable[[Path], dict[str, pd.DataFrame]]

#: How many results are kept, all builders together; the oldest goes first.
KEPT_MOST = 256


@dataclass(frozen=True)
class _Kept:
    """One run of a builder: the folders it read with their digests, the files it read, and the
    tables it gave or the problems it found."""

    folders: tuple[tuple[str, str], ...]
    files: tuple[str, ...]
    tables: dict[str, pd.DataFrame] | None
    problems: tuple[Problem, ...]


_KEPT: dict[tuple[object, ...], list[_Kept]] = {}


@dataclass
class Shared:
    """What every builder of one build may read beside its folders (``key``: which source
    folders exist, the publications declared, the date), and each folder's digest as this build
    found it."""

    key: tuple[object, ...]
    digests: dict[Path, str] = field(default_factory=dict)

    def digest(self, folder: Path) -> str:
        """``folder``'s digest (:func:`_folder_digest`), made once per build."""
        if folder not in self.digests:
            self.digests[folder] = _folder_digest(folder)
        return self.digests[folder]


def shared_context(raw: Path) -> Shared:
    """The context of one build's builders (:class:`Shared`). Where a source.yaml is broken, the
    builders read no publication (they are told none can be read), so the problems stand in for
    them."""
    try:
        declared: tuple[object, ...] = tuple(sorted(publications(raw).items()))
    except DataValidationError as error:
        declared = ("unreadable", tuple(error.problems))
    folders = tuple(sorted(path.name for path in raw.iterdir() if path.is_dir()))
    return Shared((folders, declared, date.today()))


def run_builder(builder: Builder, folder: Path, shared: Shared | None) -> dict[str, pd.DataFrame]:
    """``builder(folder)``, or what it gave before when nothing it read has changed: the same
    ``shared`` context (:func:`shared_context`; None runs it afresh) and the same bytes in every
    folder it read.

    Raises
    ------
    DataValidationError
        With the problems the builder found (now or, for the same inputs, before).
    """
    if shared is None:
        return builder(folder)
    raw = folder.parent
    context = (builder, _label(folder), shared.key)
    for kept in _KEPT.get(context, ()):
        if _unchanged(raw, kept.folders, shared):
            note_reads((raw / name for name, _ in kept.folders), (raw / n for n in kept.files))
            if kept.tables is None:
                raise DataValidationError(list(kept.problems))
            return {name: frame.copy(deep=True) for name, frame in kept.tables.items()}
    with noting_reads() as (folders, files):
        try:
            tables = builder(folder)
        except DataValidationError as error:
            tables, problems = None, tuple(error.problems)
        else:
            problems = ()
    _keep(context, raw, folders, files, tables, problems, shared)
    if tables is None:
        raise DataValidationError(list(problems))
    return tables  # what is kept is a copy


def _keep(
    context: tuple[object, ...],
    raw: Path,
    folders: set[Path],
    files: set[Path],
    tables: dict[str, pd.DataFrame] | None,
    problems: tuple[Problem, ...],
    shared: Shared,
) -> None:
    try:
        read = tuple(sorted((path.name, shared.digest(path)) for path in folders))
    except OSError:
        return  # a folder that cannot be read now is read again next time
    kept = _Kept(
        folders=read,
        files=tuple(sorted(path.relative_to(raw).as_posix() for path in files)),
        tables=None if tables is None else {n: f.copy(deep=True) for n, f in tables.items()},
        problems=problems,
    )
    _KEPT.setdefault(context, []).insert(0, kept)
    while sum(len(runs) for runs in _KEPT.values()) > KEPT_MOST:
        oldest = next(iter(_KEPT))
        _KEPT[oldest].pop()
        if not _KEPT[oldest]:
            del _KEPT[oldest]


def _unchanged(raw: Path, folders: tuple[tuple[str, str], ...], shared: Shared) -> bool:
    try:
        return all(shared.digest(raw / name) == digest for name, digest in folders)
    except OSError:
        return False  # the builder reads it again, and names what it cannot read


def _folder_digest(folder: Path) -> str:
    """sha256 of every entry under ``folder``: its path, and the bytes of each file."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            digest.update(b"folder" if path.is_dir() else b"other")
    return digest.hexdigest()
