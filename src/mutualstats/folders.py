"""Publishing a folder or a set of files at once: a new version is written beside its target,
then put in its place.

The build (``data/processed``), a run of notebooks (``reports/runs/<periods>``) and the reviewer's
site (``reports/site``) each write a staging folder next to their target and call
:func:`replace_folder` only when everything in it was written. Files that belong together (the
audit's CSV and Markdown, a chart's PNG, SVG and CSV, the figures of ``mutualstats figures``) go
through :func:`publish_files`.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

#: renameat2 flag: swap the two paths atomically (Linux 3.15 and later).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def replace_folder(staging: Path, target: Path, leftover_prefix: str) -> None:
    """Put ``staging`` in the place of ``target`` (which need not exist); the previous folder is
    removed.

    Where the system can, the two are exchanged in one atomic step, so ``target`` exists at every
    moment even if the process is killed. Elsewhere it takes two renames, the previous folder
    first moved aside beside it under ``leftover_prefix``, the prefix of the folders each caller
    removes when it starts.
    """
    if not target.exists() and not target.is_symlink():
        staging.rename(target)
    elif exchange(staging, target):
        remove(staging)  # now what was at the target: a folder, or a file or link in its place
    else:
        retired = Path(tempfile.mkdtemp(prefix=f"{leftover_prefix}retired-", dir=target.parent))
        retired.rmdir()
        target.rename(retired)
        staging.rename(target)
        remove(retired)


def remove(path: Path) -> None:
    """Remove ``path`` whatever it is: a folder with its contents, a file, or a symbolic link (not
    what it points to); nothing if it is gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_leftovers(folder: Path, prefix: str) -> None:
    """Remove what stopped runs left in ``folder`` under ``prefix`` (their staging folders and
    what they retired), whatever each is."""
    for leftover in folder.glob(f"{prefix}*"):
        remove(leftover)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (``renameat2`` with ``RENAME_EXCHANGE`` on Linux);
    False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def publish_files(writers: Mapping[Path, Callable[[Path], None]], mode: int) -> list[Path]:
    """Write each target through its writer into a staging file beside it (``.<name>-...``), then
    move every one into place, with ``mode``.

    Nothing is replaced until every file is written, and no target is replaced when any is a
    folder; the staging files are removed whatever happens. Returns the targets in order.

    Raises
    ------
    IsADirectoryError
        Naming the first target that is a folder.
    """
    for target in writers:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    staged: dict[Path, Path] = {}
    try:
        for target, write in writers.items():
            handle, name = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
            os.close(handle)
            staged[target] = Path(name)
            write(staged[target])
            os.chmod(staged[target], mode)
        for target, staging in staged.items():
            os.replace(staging, target)
    finally:
        for staging in staged.values():
            staging.unlink(missing_ok=True)
    return list(writers)


def publish_texts(texts: Mapping[Path, str], mode: int) -> list[Path]:
    """:func:`publish_files` for files of text (UTF-8): each target and its text."""
    return publish_files(
        {target: functools.partial(_write_text, text=text) for target, text in texts.items()}, mode
    )


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
