"""Record the sha256 of a source folder's files in its ``source.yaml`` (``mutualstats checksum``).

The file is edited as text, so its comments and layout are kept: a listed file's digest is replaced
in place, and a new file gets an entry at the end of ``files:`` indented like the entries already
there. The result is parsed again before it is written; if it does not list every file with its new
digest, nothing is written and the problem is named.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from mutualstats.errors import DataValidationError, Problem
from mutualstats.freshness import sha256_of
from mutualstats.provenance import (
    EDITOR_LEFTOVER,
    FILE_NAME,
    FILE_PATH_CHECK,
    LISTED_FILE_MISSING,
    NOT_A_PLAIN_FILE,
    PROVENANCE_FILE,
    SYMLINK_CHECK,
    _label,
    is_file_path,
    not_a_mapping,
)
from mutualstats.safe_yaml import KeyLines, load_yaml, load_yaml_with_lines


def record_checksums(folder: Path) -> list[str]:
    """Write the current sha256 of every data file in ``folder`` into its source.yaml.

    Returns the names whose entry was added or changed.

    Raises
    ------
    DataValidationError
        If ``folder`` has no source.yaml, the file is malformed, a file it lists is missing, or the
        folder holds something that must not be recorded (an editor backup, a symlink, a
        sub-folder, an unsafe file name).
    """
    yaml_path = folder / PROVENANCE_FILE
    label = _label(yaml_path)
    if not folder.is_dir() or not yaml_path.is_file():
        check = "not a source folder: it has no source.yaml (e.g. data/raw/bsa)"
        raise DataValidationError([Problem(_label(folder), None, None, check, None)])
    listed = _listed(*load_yaml_with_lines(yaml_path, label), label)
    present = _recordable_files(folder)
    text = yaml_path.read_text(encoding="utf-8")
    changed = []
    for name in present:
        digest = sha256_of(folder / name)
        if name not in listed:
            text = _append_file_entry(text, name, digest, label)
            changed.append(name)
        elif listed[name] != digest:
            text = _replace_digest(text, name, digest, label)
            changed.append(name)
    # Recording the others would say the folder is up to date while the build refuses it.
    missing = [
        Problem(_label(folder / name), None, None, LISTED_FILE_MISSING, None)
        for name in listed
        if name not in present
    ]
    if missing:
        raise DataValidationError(missing)
    if changed:
        _check_recorded(text, yaml_path, {name: sha256_of(folder / name) for name in present})
        temporary = yaml_path.with_name(f".{yaml_path.name}.tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(yaml_path)
        finally:
            temporary.unlink(missing_ok=True)  # a write that failed (a full disk) leaves nothing
    return changed


def _listed(declared: object, lines: KeyLines, label: str) -> dict[str, str]:
    """The recorded sha256 of each file ``files:`` lists, by name.

    Raises
    ------
    DataValidationError
        If ``files:`` is not a list of entries, or an entry has no path or one that does not name
        a file inside the source folder (named at its line, in the build's words): such a file is
        neither missing nor recordable.
    """
    shape = not_a_mapping(declared)
    if shape is not None:
        raise DataValidationError([Problem(label, None, None, shape, None)])
    files = declared.get("files") if isinstance(declared, dict) else None
    if not isinstance(files, list | None):
        check = "files: must be a list of entries, one per file"
        raise DataValidationError([Problem(label, None, "files", check, None)])
    listed, problems = {}, []
    for position, entry in enumerate(files or [], start=1):
        if not isinstance(entry, dict) or "path" not in entry:
            raise DataValidationError(
                [Problem(label, None, "files", "entry needs path and sha256", str(entry))]
            )
        if not is_file_path(entry["path"]):
            line = lines.line("files", position - 1, "path")
            check = f"files entry {position}: {FILE_PATH_CHECK}"
            problems.append(Problem(label, line, "files", check, str(entry["path"])[:80]))
        listed[str(entry["path"])] = str(entry.get("sha256", ""))
    if problems:
        raise DataValidationError(problems)
    return listed


def _recordable_files(folder: Path) -> list[str]:
    """The data files of ``folder``; anything that must not be recorded is an error, each named."""
    names, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.name == PROVENANCE_FILE:
            continue
        if path.is_symlink():
            problems.append(Problem(_label(path), None, None, SYMLINK_CHECK, None))
        elif EDITOR_LEFTOVER.search(path.name):
            check = "editor backup or temporary file: not recorded; delete it"
            problems.append(Problem(_label(path), None, None, check, None))
        elif path.is_dir():
            check = "folder inside a source folder: a source folder holds files only"
            problems.append(Problem(_label(path), None, None, check, None))
        elif not path.is_file():
            check = f"{NOT_A_PLAIN_FILE}: a source folder holds files only"
            problems.append(Problem(_label(path), None, None, check, None))
        elif not FILE_NAME.match(path.name):
            check = (
                "file name must be lower case letters, digits, _ or - and end in .csv, .md or .txt"
            )
            problems.append(Problem(_label(path), None, None, check, path.name))
        else:
            names.append(path.name)
    if problems:
        raise DataValidationError(problems)
    return names


def _check_recorded(text: str, yaml_path: Path, expected: dict[str, str]) -> None:
    temporary = yaml_path.with_name(f".{yaml_path.name}.check")
    try:
        temporary.write_text(text, encoding="utf-8")
        recorded = _listed(*load_yaml_with_lines(temporary, _label(yaml_path)), _label(yaml_path))
    finally:
        temporary.unlink(missing_ok=True)
    wrong = sorted(name for name, digest in expected.items() if recorded.get(name) != digest)
    if wrong:
        check = (
            "cannot record the sha256 of these files in this layout of files:; write files: as a "
            "block list (one `- path:` entry per line, each with `sha256:`) and run again"
        )
        raise DataValidationError(
            [Problem(_label(yaml_path), None, "files", check, ", ".join(wrong))]
        )


def _replace_digest(text: str, name: str, digest: str, label: str) -> str:
    pattern = re.compile(
        rf"(-\s+path:\s*['\"]?{re.escape(name)}['\"]?\s*\n(?:[ \t]+\w+:.*\n)*?[ \t]+sha256:\s*)\S*"
    )
    updated, count = pattern.subn(lambda match: match.group(1) + digest, text, count=1)
    if count != 1:
        check = (
            f"cannot find the sha256: of {name} to replace; write files: as a block list (one "
            "`- path:` entry per line, each with `sha256:`)"
        )
        raise DataValidationError([Problem(label, None, "files", check, name)])
    return updated


#: The ``files:`` key written with its value on the same line (``files: []``, ``files: [...]``).
INLINE_FILES = re.compile(
    r"^files:[ \t]*(?P<value>[^#\s][^#]*?)[ \t]*(?P<comment>#.*)?$", re.MULTILINE
)


def _append_file_entry(text: str, name: str, digest: str, label: str) -> str:
    """Add an entry at the end of ``files:``, with the indentation of the entries already there
    (``- path:`` at the key's column or indented; two spaces where there are none yet).

    An empty ``files: []`` becomes a block list; any other value on the key's line is refused.
    """
    text = _block_files(text, label)
    if not re.search(r"^files:[ \t]*(#.*)?$", text, flags=re.MULTILINE):
        text = text.rstrip("\n") + "\nfiles:\n"
    lines = text.rstrip("\n").split("\n")
    files_at = max(i for i, line in enumerate(lines) if re.match(r"^files:[ \t]*(#.*)?$", line))
    dashes = [
        len(line) - len(line.lstrip(" "))
        for line in lines[files_at + 1 :]
        if line.lstrip(" ").startswith("- ")
    ]
    dash = dashes[0] if dashes else 2
    after = files_at + 1
    for index in range(files_at + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        inside = line.startswith(" ") or (dash == 0 and line.startswith("- "))
        if not inside:
            break
        after = index + 1
    pad, key_pad = " " * dash, " " * (dash + 2)
    entry = [f"{pad}- path: {name}", f"{key_pad}sha256: {digest}", f'{key_pad}description: ""']
    return "\n".join([*lines[:after], *entry, *lines[after:]]) + "\n"


def _block_files(text: str, label: str) -> str:
    """``text`` with ``files: []`` written as ``files:``, ready for block entries.

    Raises
    ------
    DataValidationError
        If ``files:`` holds entries written on its own line (a flow list), which cannot be added to.
    """
    inline = INLINE_FILES.search(text)
    if inline is None:
        return text
    if inline["value"] == "[]":
        comment = f" {inline['comment']}" if inline["comment"] else ""
        return f"{text[: inline.start()]}files:{comment}{text[inline.end() :]}"
    line = text.count("\n", 0, inline.start()) + 1
    check = (
        "cannot add to files: written on one line; write it as a block list (one `- path:` entry "
        "per line, each with `sha256:`) and run again"
    )
    raise DataValidationError([Problem(label, line, "files", check, inline["value"][:80])])


#: A span of years a file description states, e.g. "1983-2024" or "2016 to 2025".
YEAR_RANGE = re.compile(r"\b(1[89]\d\d|20\d\d)\s*(?:-|–|to)\s*(1[89]\d\d|20\d\d)\b", re.ASCII)

#: A year in a table's year column: ASCII digits only (``isdigit`` also takes ``²`` and ``١٢``).
YEAR = re.compile(r"[0-9]+", re.ASCII)

#: Columns whose values are the years (or editions) a table covers, in the order looked for.
YEAR_COLUMNS = ("year", "edition", "reference_year")


def stale_descriptions(folder: Path) -> list[str]:
    """Warnings for files whose ``description`` in source.yaml states a span of years that the
    file's own rows no longer match (e.g. "1983-2024" after a 2025 row is added)."""
    yaml_path = folder / PROVENANCE_FILE
    declared = load_yaml(yaml_path, _label(yaml_path)) or {}
    if not isinstance(declared, dict) or not isinstance(declared.get("files"), list):
        return []
    warnings = []
    for entry in declared["files"]:
        if not isinstance(entry, dict):
            continue
        name, description = str(entry.get("path", "")), str(entry.get("description", ""))
        stated = YEAR_RANGE.search(description)
        covered = _years_covered(folder / name) if stated else None
        if stated and covered and covered != (int(stated[1]), int(stated[2])):
            warnings.append(
                f"{_label(folder / 'source.yaml')}: the description of {name} states "
                f"{stated[0]}, but the file covers {covered[0]}-{covered[1]}; update the "
                "description, or let it state no span of years"
            )
    return warnings


def _years_covered(path: Path) -> tuple[int, int] | None:
    if path.suffix != ".csv" or not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    for column in YEAR_COLUMNS:
        years = [int(row[column]) for row in rows if YEAR.fullmatch(row.get(column) or "")]
        if years:
            return min(years), max(years)
    return None
