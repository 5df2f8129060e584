"""Read and verify ``data/raw/<source>/source.yaml``; publications by id; citation lines.

Input: a source folder. Output: a :class:`SourceRecord` whose files have been checked against
their recorded sha256, and the project's publications (:func:`publications`), each with an id
unique across every source.yaml.

The file's ``id`` is its folder's name (checked by :func:`publications`, which reads every
folder of data/raw). Its keys are :data:`REQUIRED_KEYS` and, optionally,
:data:`OPTIONAL_KEYS`; any other key is an error, named with its line. A publication entry declares
``id``, ``publisher``, ``title``, ``date_published``, ``url`` and ``pages`` (and ``edition`` where
the source has editions): :data:`PUBLICATION_KEYS`, each text. ``url`` is the publisher's own
page for the publication; ``mirror_url``, optional, is another copy of it hosted elsewhere (a
document-sharing site), shown to a reviewer only as a second link. Where no page of the publisher
is known, the copy is the ``url`` and there is no ``mirror_url``. A folder whose rows were read
from a publication declared in another folder lists it as ``- id: <id>`` with
``declared_in: <folder>``, so each publication has one home. ``geography``, optional, is the area
every figure of the folder covers, a code of ``config.GEOGRAPHIES``; charts print its words.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from mutualstats import dates
from mutualstats.addresses import is_web_address
from mutualstats.config import GEOGRAPHIES
from mutualstats.errors import ChecksumMismatchError, DataValidationError, Problem
from mutualstats.freshness import sha256_of
from mutualstats.safe_yaml import KeyLines, load_yaml_with_lines

#: Keys every source.yaml must have; ``method_notes`` says how the values were read and coded,
#: which ``describe`` shows an analyst adding a year.
REQUIRED_KEYS = (
    "id",
    "publisher",
    "title",
    "date_accessed",
    "licence",
    "transcribed_by",
    "method_notes",
    "files",
)

#: Keys a source.yaml may have besides :data:`REQUIRED_KEYS`; each may be left empty.
OPTIONAL_KEYS = (
    "commissioned_by",
    "known_discrepancies",
    "publications",
    "geography",
)

#: Keys whose value is text (``id`` is checked against the folder's name instead).
TEXT_KEYS = ("publisher", "title", "licence", "transcribed_by", "commissioned_by", "method_notes")

#: Keys every publication entry must have (a reference to another folder's entry needs only id).
PUBLICATION_REQUIRED_KEYS = ("id", "publisher", "title")

#: Keys a publication entry may have, each text; a reference has only ``id`` and ``declared_in``.
PUBLICATION_KEYS = (
    *PUBLICATION_REQUIRED_KEYS,
    "edition",
    "date_published",
    "url",
    "mirror_url",
    "pages",
)
REFERENCE_KEYS = ("id", "declared_in")

#: A date written in ``date_published`` (a month or a day; ASCII digits), which must exist.
WRITTEN_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}(?:-\d{2})?(?![\d-])", re.ASCII)
#: A year, month or day written in ``date_published`` (``2019``, ``2019-03``, ``2019-03-12``).
WRITTEN_YEAR_OR_DATE = re.compile(r"(?<![\d-])\d{4}(?:-\d{2}(?:-\d{2})?)?(?![\d-])", re.ASCII)

#: Lower snake case, as the schemas' publication_id columns require.
PUBLICATION_ID = re.compile(r"^[a-z][a-z0-9_]*$")

#: A source folder's name, and a data file's: lower case, digits, underscores and hyphens, so
#: names are safe in make, shells and URLs.
FOLDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(csv|md|txt)$")
PROVENANCE_FILE = "source.yaml"

#: Names editors and tools leave beside a file they save (backups, swap and lock files).
EDITOR_LEFTOVER = re.compile(r"(~$|^\.?#|\.(swp|swo|swx|bak|orig|rej|tmp)$|^\.DS_Store$)")

#: Keys a ``files:`` entry may have.
FILE_ENTRY_KEYS = {"path", "sha256", "description"}

#: Words of a working log: how a value was looked up, or an internal field name (``ALT=92``),
#: rather than where it is published. Provenance text in data/raw and the notebooks' outputs hold
#: none (a test checks them), and the site leaves out any clause of an evidence note that does.
WORKING_LOG = re.compile(
    r"(?-i:\b[A-Z]{2,}\s*=)|dossier|stored cop|stored transcript|stored coverage|corpus|"
    r"\bsearch(?:ed|es|ing)?\b|could (?:not )?be read|not readable|\breadable\b|\btranscript\b|"
    r"page copy|pages we could|working note|verified_publisher|verified_secondary|copies read|"
    r"not found online|found online|archived copy|not located|coverage found|\(coverage\)|"
    r"Research Online copy|its body was not|was not seen",
    re.IGNORECASE,
)
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class SourceRecord:
    """Provenance of one source folder, as declared in its source.yaml."""

    source_id: str
    folder: Path
    publisher: str
    title: str
    date_accessed: str
    licence: str
    transcribed_by: str
    files: dict[str, str]
    publications: list[dict[str, Any]] = field(default_factory=list)
    known_discrepancies: list[str] = field(default_factory=list)
    #: The area every figure of the folder covers (a code of ``config.GEOGRAPHIES``), or None
    #: where the file names none (figures of several areas give theirs per row).
    geography: str | None = None
    #: How the figures were read and what they mean, as the file words it (``method_notes``).
    method_notes: str | None = None
    #: Where each key and item of the source.yaml was written (for messages).
    lines: KeyLines = field(default_factory=KeyLines, repr=False, compare=False)

    def path(self, name: str) -> Path:
        """Absolute path of a declared file of this source.

        Raises
        ------
        DataValidationError
            If ``name`` is not listed under ``files:`` in the folder's source.yaml.
        """
        if name not in self.files:
            label = _label(self.folder / PROVENANCE_FILE)
            check = f"{name} is read by the build but not listed under files:"
            raise DataValidationError([Problem(label, None, "files", check, name)])
        _note_file_read(self.folder / name)
        return self.folder / name

    def urls(self) -> list[str]:
        """The URLs of the publications this source draws on, in declared order."""
        return [str(pub["url"]) for pub in self.publications if pub.get("url")]

    def publication_ids(self) -> set[str]:
        """Ids a row of this folder may name: its own publications and those it refers to."""
        return {str(pub["id"]) for pub in self.publications}


@dataclass(frozen=True)
class Publication:
    """One publication a value was read from, as declared in a source.yaml."""

    publication_id: str
    source_id: str
    publisher: str
    title: str
    date_published: str | None
    url: str | None
    pages: str | None
    mirror_url: str | None = None


#: What a reader gives for a folder (:func:`read_once`).
Read = TypeVar("Read")
#: What each folder gave while :func:`reading_each_folder_once` is in force, by reader and folder;
#: None outside it, where every call reads the folder afresh.
_READINGS: dict[tuple[str, Path], object] | None = None
#: The files the loaders asked for while :func:`reading_each_folder_once` is in force.
_FILES_READ: set[Path] | None = None
#: The folders read (through :func:`read_once`) and the files asked for while
#: :func:`noting_reads` is in force.
_TOUCHED: set[Path] | None = None
_TOUCHED_FILES: set[Path] | None = None

#: An entry of a source folder that is neither a file nor a folder: never opened (a pipe blocks).
NOT_A_PLAIN_FILE = "not a plain file (a pipe, socket or device)"
#: A file ``files:`` lists that the folder does not hold.
#: What a ``files:`` entry's path must be (read by the build and by ``mutualstats checksum``).
FILE_PATH_CHECK = "path must name a file inside the source folder (a-z, 0-9, _, -)"

LISTED_FILE_MISSING = (
    "file listed in source.yaml is missing: restore it, or remove its entry from the files list"
)


@contextmanager
def reading_each_folder_once() -> Iterator[None]:
    """Within the block, each folder's source.yaml is read and checked, and its checksums
    verified, once; later calls give the same record or raise the same problems.

    A build's loaders reach one folder several times (its own table, the publications table,
    the folders that cite it); data/raw does not change while they run.
    """
    global _READINGS, _FILES_READ
    outer, outer_files = _READINGS, _FILES_READ
    _READINGS = {} if outer is None else outer
    _FILES_READ = set() if outer_files is None else outer_files
    try:
        yield
    finally:
        _READINGS, _FILES_READ = outer, outer_files


@contextmanager
def noting_reads() -> Iterator[tuple[set[Path], set[Path]]]:
    """The folders read through :func:`read_once` and the files asked for through
    :meth:`SourceRecord.path` within the block; a block around it is told of them too."""
    global _TOUCHED, _TOUCHED_FILES
    outer, outer_files = _TOUCHED, _TOUCHED_FILES
    _TOUCHED, _TOUCHED_FILES = set(), set()
    try:
        yield _TOUCHED, _TOUCHED_FILES
    finally:
        if outer is not None and outer_files is not None:
            outer |= _TOUCHED
            outer_files |= _TOUCHED_FILES
        _TOUCHED, _TOUCHED_FILES = outer, outer_files


def note_reads(folders: Iterable[Path], files: Iterable[Path]) -> None:
    """Count ``folders`` as read and ``files`` as asked for by a loader (:func:`noting_reads`,
    :func:`files_read`), as when a builder's earlier result is used again
    (:mod:`mutualstats.folder_memo`)."""
    if _TOUCHED is not None:
        _TOUCHED.update(folders)
    for path in files:
        _note_file_read(path)


def _note_file_read(path: Path) -> None:
    if _FILES_READ is not None:
        _FILES_READ.add(path)
    if _TOUCHED_FILES is not None:
        _TOUCHED_FILES.add(path)


def files_read() -> frozenset[Path] | None:
    """The files the loaders have asked for (:meth:`SourceRecord.path`) within
    :func:`reading_each_folder_once`; None outside it."""
    return None if _FILES_READ is None else frozenset(_FILES_READ)


def read_once(reader: Callable[[Path], Read], folder: Path) -> Read:
    """``reader(folder)``, or, within :func:`reading_each_folder_once`, what it gave (or raised)
    the first time it read ``folder``. What it gives must not be changed by its callers."""
    if _TOUCHED is not None:
        _TOUCHED.add(folder)
    if _READINGS is None:
        return reader(folder)
    key = (reader.__name__, folder)
    if key not in _READINGS:
        try:
            _READINGS[key] = reader(folder)
        except DataValidationError as error:
            _READINGS[key] = error
    reading = _READINGS[key]
    if isinstance(reading, DataValidationError):
        raise reading
    return reading  # type: ignore[return-value]


def read_source(folder: Path) -> SourceRecord:
    """Read ``folder/source.yaml`` with a safe loader and check its shape.

    Raises
    ------
    DataValidationError
        If the file is missing, is not valid YAML, lacks a required key, or lists a path that
        leaves the source folder.
    """
    return read_once(_read_source, folder)


def _read_source(folder: Path) -> SourceRecord:
    yaml_path = folder / PROVENANCE_FILE
    label = _label(yaml_path)
    if yaml_path.is_symlink():
        raise DataValidationError([Problem(label, None, None, SYMLINK_CHECK, None)])
    if not yaml_path.is_file():
        raise DataValidationError([Problem(label, None, None, "source.yaml is missing", None)])
    declared, lines = load_yaml_with_lines(yaml_path, label)
    problems = _shape_problems(declared, label, lines)
    if problems:
        raise DataValidationError(problems)
    files = {
        _checked_path(folder, entry, label): str(entry["sha256"]) for entry in declared["files"]
    }
    return SourceRecord(
        # An empty id (``id:`` with nothing after it) is empty text, named as empty by its check.
        source_id="" if declared["id"] is None else str(declared["id"]),
        folder=folder,
        publisher=str(declared["publisher"]),
        title=str(declared["title"]),
        date_accessed=str(declared["date_accessed"]),
        licence=str(declared["licence"]),
        transcribed_by=str(declared["transcribed_by"]),
        files=files,
        publications=list(declared.get("publications") or []),
        known_discrepancies=[str(item) for item in declared.get("known_discrepancies") or []],
        geography=declared.get("geography"),
        method_notes=declared.get("method_notes"),
        lines=lines,
    )


def verify_checksums(record: SourceRecord) -> None:
    """Check every declared file exists and matches its recorded sha256.

    Raises
    ------
    ChecksumMismatchError
        Naming each file that is missing or changed, and the command that records a
        deliberate change.
    """
    problems = unlisted_files(record)
    for name, expected in sorted(record.files.items()):
        path = record.folder / name
        if path.is_symlink():
            problems.append(Problem(_label(path), None, None, SYMLINK_CHECK, os.readlink(path)))
            continue
        if not path.is_file():
            problems.append(Problem(_label(path), None, None, LISTED_FILE_MISSING, None))
            continue
        actual = sha256_of(path)
        if actual != expected:
            check = (
                "sha256 does not match source.yaml; if the change is deliberate, record it with "
                f"`mutualstats checksum {_label(record.folder)}`"
            )
            problems.append(Problem(_label(path), None, None, check, actual))
    if problems:
        raise ChecksumMismatchError(problems)


#: A symlink under data/raw would read data from outside the project.
SYMLINK_CHECK = "is a symlink: data/raw must hold the files themselves; copy the file in"


def unlisted_files(record: SourceRecord) -> list[Problem]:
    """Every entry of the folder that ``files:`` does not list, each named: a source folder is
    complete (nothing read from it is undeclared) and holds nothing else."""
    problems = []
    for path in sorted(record.folder.iterdir()):
        if path.name == PROVENANCE_FILE or path.name in record.files:
            continue
        problems.append(Problem(_label(path), None, None, _unlisted_check(path), None))
    return problems


def _unlisted_check(path: Path) -> str:
    if EDITOR_LEFTOVER.search(path.name):
        return "editor backup or temporary file in a source folder: delete it"
    if path.is_symlink():
        return SYMLINK_CHECK
    if path.is_dir():
        return "folder inside a source folder: a source folder holds files only"
    return (
        "file is not listed under files: in source.yaml; record it with "
        f"`mutualstats checksum {_label(path.parent)}`, or remove it"
    )


def check_raw_tree(raw: Path) -> list[Problem]:
    """Problems of the shape of ``data/raw`` itself: it and everything in it are real files and
    folders (no symlinks), each entry is a source folder with a safe name, and every file in a
    source folder has a safe name. Listing is checked per folder by :func:`verify_checksums`."""
    if raw.is_symlink() or not raw.is_dir():
        check = SYMLINK_CHECK if raw.is_symlink() else "folder is missing"
        return [Problem(_label(raw), None, None, check, None)]
    problems = []
    for folder in sorted(raw.iterdir()):
        label = _label(folder)
        if folder.is_symlink():
            problems.append(Problem(label, None, None, SYMLINK_CHECK, os.readlink(folder)))
        elif not folder.is_dir():
            check = "data/raw holds source folders only; move or delete this file"
            problems.append(Problem(label, None, None, check, None))
        elif not FOLDER_NAME.match(folder.name):
            check = "source folder name must be lower snake case (a-z, 0-9, _)"
            problems.append(Problem(label, None, None, check, folder.name))
        else:
            problems += _file_name_problems(folder)
    return problems


def _file_name_problems(folder: Path) -> list[Problem]:
    problems = []
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            problems.append(Problem(_label(path), None, None, SYMLINK_CHECK, os.readlink(path)))
        elif not path.is_file():
            # A pipe would block every read; a folder holds nothing a loader reads.
            what = "a folder" if path.is_dir() else NOT_A_PLAIN_FILE
            check = f"{what} in a source folder: a source folder holds plain files only"
            problems.append(Problem(_label(path), None, None, check, None))
        elif EDITOR_LEFTOVER.search(path.name):
            check = "editor backup or temporary file in a source folder: delete it"
            problems.append(Problem(_label(path), None, None, check, None))
        elif path.name != PROVENANCE_FILE and not FILE_NAME.match(path.name):
            check = (
                "file name must be lower case letters, digits, _ or - and end in .csv, .md or "
                ".txt (no spaces)"
            )
            problems.append(Problem(_label(path), None, None, check, path.name))
    return problems


def load_verified_source(folder: Path) -> SourceRecord:
    """Read a source's provenance and verify its checksums: the door every loader goes through."""
    return read_once(_verified_source, folder)


def _verified_source(folder: Path) -> SourceRecord:
    record = read_source(folder)
    verify_checksums(record)
    return record


def publications(raw_dir: Path | None = None) -> dict[str, Publication]:
    """Every publication declared in the project's source.yaml files, by id.

    Each folder is read through :func:`read_source`, so a malformed entry is reported there;
    entries with ``declared_in`` are references and must name a folder that declares the id.

    Raises
    ------
    DataValidationError
        Naming each source.yaml that is malformed or whose ``id`` is not its folder's name, a
        publication id declared in two places, or a reference to a folder that does not declare
        the id.
    """
    from mutualstats.config import raw_dir as default_raw_dir

    raw = raw_dir or default_raw_dir()
    folders = sorted(path for path in raw.iterdir() if (path / PROVENANCE_FILE).is_file())
    # Every source.yaml as it is now: the publications they declare are read once per content
    # (and per place, as messages name it), in whichever copy of the project they are.
    key = tuple((_label(folder), (folder / PROVENANCE_FILE).read_bytes()) for folder in folders)
    if key not in _PUBLICATIONS:
        try:
            declared: dict[str, Publication] | DataValidationError = _declared_publications(folders)
        except DataValidationError as error:
            declared = error
        while len(_PUBLICATIONS) >= PUBLICATIONS_KEPT:
            del _PUBLICATIONS[next(iter(_PUBLICATIONS))]
        _PUBLICATIONS[key] = declared
    found = _PUBLICATIONS[key]
    if isinstance(found, DataValidationError):
        raise DataValidationError(found.problems)
    return dict(found)


#: The publications of the sets of source.yaml files read last (or the problems found in them),
#: keyed by their labels and bytes.
_PUBLICATIONS: dict[
    tuple[tuple[str, bytes], ...], dict[str, Publication] | DataValidationError
] = {}
#: How many sets are kept; the oldest goes first.
PUBLICATIONS_KEPT = 8


def _declared_publications(folders: list[Path]) -> dict[str, Publication]:
    """The publications ``folders``' source.yaml files declare (see :func:`publications`)."""
    records, problems, unreadable = [], [], set()
    for folder in folders:
        try:
            record = read_source(folder)
        except DataValidationError as error:
            problems.extend(error.problems)
            unreadable.add(folder.name)
            continue
        if record.source_id == folder.name:
            records.append(record)
        else:  # its publications would be filed under another source
            problems.append(_id_problem(record))
            unreadable.add(folder.name)
    found: dict[str, Publication] = {}
    homes: dict[str, str] = {}
    references = []
    for record in records:
        label = _label(record.folder / "source.yaml")
        for position, entry in enumerate(record.publications):
            line = record.lines.line("publications", position, "id")
            if entry.get("declared_in"):
                line = record.lines.line("publications", position, "declared_in")
                references.append((label, line, str(entry["id"]), str(entry["declared_in"])))
            elif str(entry["id"]) in found:
                check = f"publication id already declared in {homes[str(entry['id'])]}"
                problems.append(Problem(label, line, "publications", check, str(entry["id"])))
            else:
                found[str(entry["id"])] = _publication(record.source_id, entry)
                homes[str(entry["id"])] = label
    named = {record.folder.name for record in records}
    for label, line, publication_id, folder in references:
        if folder in unreadable:
            continue  # the folder's own problem is reported; its ids cannot be checked
        check = _reference_check(folder, named, found.get(publication_id))
        if check:
            problems.append(Problem(label, line, "publications", check, publication_id))
    if problems:
        raise DataValidationError(problems)
    return found


def _id_problem(record: SourceRecord) -> Problem:
    """A source.yaml whose ``id`` is not the name of its folder in data/raw."""
    check = f"must be the name of the source folder, {record.folder.name}"
    label = _label(record.folder / PROVENANCE_FILE)
    return Problem(label, record.lines.line("id"), "id", check, record.source_id)


def _reference_check(folder: str, folders: set[str], declared: Publication | None) -> str | None:
    """What is wrong with ``declared_in: <folder>`` for an id declared as ``declared``, if any."""
    if folder not in folders:
        return (
            f"declared_in: {folder} is not a source folder (no data/raw/{folder}/source.yaml); "
            "name the folder that declares this publication id"
        )
    if declared is None or declared.source_id != folder:
        return f"declared_in: {folder} does not declare this publication id"
    return None


def publication(publication_id: str, raw_dir: Path | None = None) -> Publication:
    """The publication with id ``publication_id``.

    Raises
    ------
    KeyError
        If no source.yaml declares it.
    """
    known = publications(raw_dir)
    if publication_id not in known:
        raise KeyError(
            f"no publication has id {publication_id!r}: declare it under publications: in the "
            "source.yaml of the folder its values come from"
        )
    return known[publication_id]


def _publication(source_id: str, entry: dict[str, Any]) -> Publication:
    def text(key: str) -> str | None:
        value = entry.get(key)
        return None if value is None or str(value).strip() == "" else str(value)

    return Publication(
        publication_id=str(entry["id"]),
        source_id=source_id,
        publisher=str(entry["publisher"]),
        title=str(entry["title"]),
        date_published=text("date_published"),
        url=text("url"),
        pages=text("pages"),
        mirror_url=text("mirror_url"),
    )


def citation(record: SourceRecord) -> str:
    """A one-line source statement for a figure footer, built from provenance only."""
    return f"Source: {record.publisher}, {record.title}. Accessed {record.date_accessed}."


def not_a_mapping(declared: object) -> str | None:
    """Why ``declared`` (a source.yaml as read) is no mapping of keys, in plain words (an empty
    file, a list, a single value); None where it is one."""
    if isinstance(declared, dict):
        return None
    if declared is None:
        return f"source.yaml is empty: it needs the keys {', '.join(REQUIRED_KEYS)}"
    kind = "a list" if isinstance(declared, list) else "a single value"
    return f"source.yaml must be a mapping of keys (key: value lines), not {kind}"


def _shape_problems(declared: object, label: str, lines: KeyLines) -> list[Problem]:
    shape = not_a_mapping(declared)
    if shape is not None:
        return [Problem(label, None, None, shape, None)]
    problems = [
        Problem(label, None, key, "required key is missing", None)
        for key in REQUIRED_KEYS
        if key not in declared
    ]
    problems += _unknown_key_problems(declared, label, lines)
    problems += _text_problems(declared, label, lines)
    problems += _geography_problems(declared, label, lines)
    accessed = declared.get("date_accessed")
    # Tomorrow is allowed: a date written where it is already tomorrow, read where it is not.
    latest = date.today() + timedelta(days=1)
    checked = isinstance(accessed, str) and dates.is_past_day(accessed, latest)
    if "date_accessed" in declared and not checked:
        check = (
            "must be the day the citations were checked: a real date (YYYY-MM-DD), not after today"
        )
        line = lines.line("date_accessed")
        problems.append(Problem(label, line, "date_accessed", check, _shown(accessed)))
    files = declared.get("files")
    if "files" in declared and not isinstance(files, list | None):
        check = f"must be a list of entries (- path: ..., sha256: ...), not {_kind(files)}"
        problems.append(Problem(label, lines.line("files"), "files", check, _shown(files)))
    elif "files" in declared and not files:
        check = "must list at least one file"
        problems.append(Problem(label, lines.line("files"), "files", check, None))
    elif isinstance(files, list):
        problems += _file_entry_problems(files, label, lines)
    checked_on = dates.first_day(accessed) if checked else None
    return problems + _publication_problems(declared.get("publications"), label, lines, checked_on)


def _unknown_key_problems(declared: dict, label: str, lines: KeyLines) -> list[Problem]:
    """Each key that is neither required nor optional, with its line and the keys allowed."""
    allowed = f"the keys are {', '.join(REQUIRED_KEYS)} and, optionally, {', '.join(OPTIONAL_KEYS)}"
    return [
        Problem(label, lines.line(key), None, f"unknown key {lines.key(key)!r}; {allowed}", None)
        for key in declared
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS
    ]


def _text_problems(declared: dict, label: str, lines: KeyLines) -> list[Problem]:
    """The text keys hold text (an optional one may be empty; a required one is more than white
    space, ``""`` included); ``known_discrepancies`` is a list of text items."""
    problems = []
    for key in TEXT_KEYS:
        value = declared.get(key)
        if key in declared and not (
            isinstance(value, str) or (value is None and key in OPTIONAL_KEYS)
        ):
            check = _not_text(value)
            problems.append(Problem(label, lines.line(key), key, check, _shown(value)))
        elif isinstance(value, str) and not value.strip() and key not in OPTIONAL_KEYS:
            check = "must say what it is: a required key is not left as empty quotes"
            problems.append(Problem(label, lines.line(key), key, check, value))
    known = declared.get("known_discrepancies")
    if known is not None and not isinstance(known, list):
        check = f'must be a list of text items (- "..."), not {_kind(known)}'
        line = lines.line("known_discrepancies")
        problems.append(Problem(label, line, "known_discrepancies", check, _shown(known)))
    for position, item in enumerate(known if isinstance(known, list) else []):
        if not isinstance(item, str):
            check = f"item {position + 1} must be text, not {_kind(item)}"
            line = lines.line("known_discrepancies", position)
            problems.append(Problem(label, line, "known_discrepancies", check, _shown(item)))
    return problems


def _geography_problems(declared: dict, label: str, lines: KeyLines) -> list[Problem]:
    """``geography``, where given, is a code of the vocabulary (``config.GEOGRAPHIES``)."""
    value = declared.get("geography")
    if value is None or value in GEOGRAPHIES:
        return []
    check = f"must be one of {', '.join(GEOGRAPHIES)}"
    return [Problem(label, lines.line("geography"), "geography", check, _shown(value))]


def _not_text(value: object) -> str:
    """The check for a value that should be text: a number or true/false is to be quoted."""
    if value is None:
        return "must be text"  # the message says the value is empty (see _shown)
    quote = "; write it in quotes" if isinstance(value, int | float) else ""
    return f"must be text, not {_kind(value)}{quote}"


def _kind(value: object) -> str:
    """What a YAML value is, in a message: "a list", "a number"."""
    kinds = {
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }
    kinds |= {bytes: "binary data (!!binary)", set: "a set (!!set)", type(None): "empty"}
    return kinds.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    """A YAML value as a message repeats it: its first 80 characters; an empty value (a key with
    nothing after it, read as None) as empty text, which the message says is empty."""
    return "" if value is None else str(value)[:80]


def _file_entry_problems(files: list, label: str, lines: KeyLines) -> list[Problem]:
    """Each ``files:`` entry is a mapping with a safe file name as ``path`` and a 64-digit hex
    ``sha256`` (and optionally a ``description``); no path is listed twice. Each problem names
    the line of its key, or of its entry."""
    problems, seen = [], set()
    for position, entry in enumerate(files, start=1):
        where = f"files entry {position}"

        def line(key: str | None = None, position: int = position) -> int | None:
            return lines.line("files", position - 1, *([key] if key else []))

        if not isinstance(entry, dict) or not {"path", "sha256"} <= entry.keys():
            check = f"{where} needs path: and sha256: (run `mutualstats checksum` to record)"
            problems.append(Problem(label, line(), "files", check, _shown(entry)))
            continue
        path, digest = entry["path"], entry["sha256"]
        if not is_file_path(path):
            check = f"{where}: {FILE_PATH_CHECK}"
            problems.append(Problem(label, line("path"), "files", check, _shown(path)))
        elif path in seen:
            check = f"{where}: path listed twice"
            problems.append(Problem(label, line("path"), "files", check, path))
        seen.add(str(path))
        if not isinstance(digest, str) or not SHA256.match(digest):
            check = f"{where}: sha256 must be 64 lower-case hex digits"
            problems.append(Problem(label, line("sha256"), "files", check, _shown(digest)))
        unknown = sorted(str(key) for key in entry.keys() - FILE_ENTRY_KEYS)
        if unknown:
            check = f"{where}: unknown key(s); allowed: {', '.join(sorted(FILE_ENTRY_KEYS))}"
            problems.append(Problem(label, line(unknown[0]), "files", check, ", ".join(unknown)))
        if "description" in entry and not isinstance(entry["description"], str | None):
            check = f"{where}: description must be text"
            value = str(entry["description"])
            problems.append(Problem(label, line("description"), "files", check, value))
    return problems


def is_file_path(path: object) -> bool:
    """Whether a ``files:`` entry's ``path`` names a file inside its source folder: a safe file
    name, with no folder, ``..`` or absolute path."""
    return isinstance(path, str) and FILE_NAME.match(path) is not None


def _publication_problems(
    entries: object, label: str, lines: KeyLines, checked_on: date | None = None
) -> list[Problem]:
    """Every publication entry has an id in lower snake case, unique in the file, an address no
    other entry of the file has (a page is one publication), and (unless it refers to another
    folder's entry) a publisher and a title; its keys are known and hold text,
    and each date written in ``date_published`` exists and, where the folder's ``date_accessed``
    (``checked_on``) is a real day, is not after it."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        line = lines.line("publications")
        return [Problem(label, line, "publications", "must be a list of entries", None)]
    problems, seen = [], set()
    addresses: dict[str, str] = {}
    for position, entry in enumerate(entries, start=1):
        where = f"publications entry {position}"
        if not isinstance(entry, dict):
            line = lines.line("publications", position - 1)
            problems.append(Problem(label, line, "publications", f"{where} is not a mapping", None))
            continue
        problems += _entry_key_problems(entry, where, label, lines, position - 1, checked_on)
        required = ("id",) if entry.get("declared_in") else PUBLICATION_REQUIRED_KEYS
        for key in required:
            if entry.get(key) in (None, ""):
                check = f"{where} has no {key}"
                line = lines.line("publications", position - 1, key) if key in entry else None
                line = line or lines.line("publications", position - 1)
                problems.append(Problem(label, line, "publications", check, entry.get("title")))
        publication_id = entry.get("id")
        if publication_id in (None, ""):
            continue
        line = lines.line("publications", position - 1, "id")
        if not PUBLICATION_ID.match(str(publication_id)):
            check = f"{where}: id must be lower snake case"
            problems.append(Problem(label, line, "publications", check, str(publication_id)))
        if str(publication_id) in seen:
            check = f"{where}: id is declared twice in this file"
            problems.append(Problem(label, line, "publications", check, str(publication_id)))
        seen.add(str(publication_id))
        url = entry.get("url")
        if isinstance(url, str) and url:
            page = same_page_key(url)
            if page in addresses and addresses[page] != str(publication_id):
                check = (
                    f"{where}: url is also the address of {addresses[page]} in this file (the "
                    "same page, however written); a page is one publication: cite that id, or "
                    "give this one its own address"
                )
                at = lines.line("publications", position - 1, "url") or line
                problems.append(Problem(label, at, "publications", check, url))
            addresses.setdefault(page, str(publication_id))
        if all(isinstance(entry.get(key), str | None) for key in ("url", "mirror_url")):
            problems += _mirror_problems(
                entry, where, label, partial(lines.line, "publications", position - 1)
            )
    return problems


def same_page_key(url: str) -> str:
    """An address as the page it names: scheme, a leading ``www.``, letter case of the host, a
    trailing slash, an anchor (``#top``) and tracking parameters (``utm_...``) do not make
    another page; a query and a routing fragment (``#!/...``, ``#/...``) do."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not pair.lower().startswith("utm_")
    )
    # A fragment that routes within a page ("#!/...", "#/report/1") names a page of its own.
    route = parts.fragment if parts.fragment.startswith(("!", "/")) else ""
    return (
        f"{host}{parts.path.rstrip('/')}"
        + (f"?{query}" if query else "")
        + (f"#{route}" if route else "")
    )


def _entry_key_problems(
    entry: dict, where: str, label: str, lines: KeyLines, index: int, checked_on: date | None
) -> list[Problem]:
    """A publication entry's keys are known and hold text (``id`` is checked on its own); the
    dates written in its ``date_published`` are real and none is after ``checked_on``."""
    allowed = REFERENCE_KEYS if "declared_in" in entry else PUBLICATION_KEYS
    problems = []
    for key, value in entry.items():
        line = lines.line("publications", index, key)
        if key not in allowed:
            check = (
                f"{where}: unknown key {lines.key('publications', index, key)!r}; "
                f"an entry has {_allowed_entry_keys()}"
            )
            problems.append(Problem(label, line, "publications", check, None))
        elif key != "id" and not isinstance(value, str | None):
            check = f"{where}: {key} {_not_text(value)}"
            problems.append(Problem(label, line, "publications", check, _shown(value)))
        elif key == "date_published" and value is not None:
            problems += [
                Problem(label, line, "publications", f"{where}: date_published {check}", value)
                for check in _unreal_dates(value) + _dates_after(value, checked_on)
            ]
    return problems


def _dates_after(text: str, checked_on: date | None) -> list[str]:
    """A check for each year, month or day written in ``text`` that begins after the day the
    folder's citations were checked: a publication cannot come out after it was read."""
    if checked_on is None:
        return []
    return [
        f"{written} is after date_accessed {checked_on.isoformat()}: a publication cannot come "
        "out after the day it was checked; correct the date (or date_accessed)"
        for written in WRITTEN_YEAR_OR_DATE.findall(text)
        if (start := dates.first_day(written)) is not None and start > checked_on
    ]


def _unreal_dates(text: str) -> list[str]:
    """A check for each month or day written in ``text`` that is not in the calendar (2020-13),
    each year before 1800 (``0000``), and any digit not written 0-9 (``２０３０``), which no date
    check would read; else, for a ``text`` not written in a form a date is read from
    (:data:`mutualstats.dates.DATE_PUBLISHED_FORM`: "March 2019", "2019/03/01")."""
    checks = [
        f"{written} is not a real date (YYYY-MM or YYYY-MM-DD)"
        for written in WRITTEN_DATE.findall(text)
        if not dates.is_real_date(written)
    ]
    checks += [
        f"{written} is not a year of publication"
        for written in WRITTEN_YEAR_OR_DATE.findall(text)
        if int(written[:4]) < EARLIEST_YEAR
    ]
    other_digits = sorted({character for character in text if character.isdigit()} - set(DIGITS))
    if other_digits:
        checks.append(f"write digits as 0-9, not {''.join(other_digits)}")
    elif not dates.is_date_published_form(text):
        checks.append(f"must be {dates.DATE_PUBLISHED_WORDS}")
    return checks


#: The earliest year a publication may carry; the digits a date is written with.
EARLIEST_YEAR = 1800
DIGITS = "0123456789"


def _allowed_entry_keys() -> str:
    required, optional = (
        PUBLICATION_REQUIRED_KEYS,
        PUBLICATION_KEYS[len(PUBLICATION_REQUIRED_KEYS) :],
    )
    return (
        f"{', '.join(required)} and, optionally, {', '.join(optional)} "
        f"(an entry with declared_in has only {' and '.join(REFERENCE_KEYS)})"
    )


def _mirror_problems(
    entry: dict[str, Any], where: str, label: str, line_of: Callable[[str], int | None]
) -> list[Problem]:
    """``url``, where given, is a web address; ``mirror_url`` is one too, second to a ``url`` (the
    publisher's page) and not the same address: a copy known alone is the entry's ``url``.
    ``line_of`` gives the line of a key of the entry."""
    url = entry.get("url")
    if url not in (None, "") and not is_web_address(url):
        check = f"{where}: url must be an http(s) address with a host; leave it out where none is"
        return [Problem(label, line_of("url"), "publications", check, str(url))]
    mirror = entry.get("mirror_url")
    if mirror in (None, ""):
        return []
    line = line_of("mirror_url")
    if not is_web_address(mirror):
        check = f"{where}: mirror_url must be an http(s) address with a host"
        return [Problem(label, line, "publications", check, str(mirror))]
    if entry.get("url") in (None, ""):
        check = (
            f"{where}: mirror_url is a second copy, so it needs url (the publisher's page); "
            "a copy known alone goes in url"
        )
        return [Problem(label, line, "publications", check, mirror)]
    if mirror == entry.get("url"):
        check = f"{where}: mirror_url repeats url"
        return [Problem(label, line, "publications", check, mirror)]
    return []


def _checked_path(folder: Path, entry: dict[str, Any], label: str) -> str:
    name = str(entry["path"])
    resolved = (folder / name).resolve()
    if resolved.parent != folder.resolve():
        raise DataValidationError(
            [Problem(label, None, "files", "path must name a file inside the source folder", name)]
        )
    return name


def _label(path: Path) -> str:
    """Path relative to the project root where possible, so messages stay short and stable; a
    character that cannot be shown on one line (a newline in a file name, a byte that is not
    UTF-8) is written as its escape, so each message stays one line."""
    from mutualstats.config import project_root

    root = project_root()
    # Paths the package builds are already absolute under the root: resolved only when not.
    if path.is_absolute() and path.is_relative_to(root) and ".." not in path.parts:
        return _one_line(str(path.relative_to(root)))
    resolved = path.resolve()
    if resolved.is_relative_to(root):
        return _one_line(str(resolved.relative_to(root)))
    return _one_line(str(path))


def _one_line(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def record_checksums(folder: Path) -> list[str]:
    """Record the sha256 of ``folder``'s files in its source.yaml
    (:func:`mutualstats.checksums.record_checksums`)."""
    from mutualstats.checksums import record_checksums as record

    return record(folder)


def stale_descriptions(folder: Path) -> list[str]:
    """File descriptions stating a span of years the file no longer covers
    (:func:`mutualstats.checksums.stale_descriptions`)."""
    from mutualstats.checksums import stale_descriptions as stale

    return stale(folder)
