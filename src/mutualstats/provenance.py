"""Read and verify ``data/raw/<source>/source.yaml``; publications by id; citation lines.

Input: a source folder. Output: a :class:`SourceRecord` whose files have been checked against
their recorded sha256, and the project's publications (:func:`publications`), each with an id
unique across every source.yaml.

A publication entry declares ``id``, ``publisher``, ``title``, ``date_published``, ``url`` and
``pages`` (and ``edition`` where the source has editions). A folder whose rows were read from a
publication declared in another folder lists it as ``- id: <id>`` with ``declared_in: <folder>``,
so each publication has one home.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mutualstats.errors import ChecksumMismatchError, DataValidationError, Problem

REQUIRED_KEYS = ("id", "publisher", "title", "date_accessed", "licence", "transcribed_by", "files")

#: Keys every publication entry must have (a reference to another folder's entry needs only id).
PUBLICATION_REQUIRED_KEYS = ("id", "publisher", "title")

#: Lower snake case, as the schemas' publication_id columns require.
PUBLICATION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


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

    def path(self, name: str) -> Path:
        """Absolute path of a declared file of this source."""
        if name not in self.files:
            raise KeyError(f"{name!r} is not listed under files: in {self.folder / 'source.yaml'}")
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


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_source(folder: Path) -> SourceRecord:
    """Read ``folder/source.yaml`` with a safe loader and check its shape.

    Raises
    ------
    DataValidationError
        If the file is missing, is not valid YAML, lacks a required key, or lists a path that
        leaves the source folder.
    """
    yaml_path = folder / "source.yaml"
    label = _label(yaml_path)
    if not yaml_path.is_file():
        raise DataValidationError([Problem(label, None, None, "source.yaml is missing", None)])
    try:
        declared = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise DataValidationError(
            [Problem(label, None if line is None else line + 1, None, "malformed YAML", str(error))]
        ) from error
    problems = _shape_problems(declared, label)
    if problems:
        raise DataValidationError(problems)
    files = {
        _checked_path(folder, entry, label): str(entry["sha256"]) for entry in declared["files"]
    }
    return SourceRecord(
        source_id=str(declared["id"]),
        folder=folder,
        publisher=str(declared["publisher"]),
        title=str(declared["title"]),
        date_accessed=str(declared["date_accessed"]),
        licence=str(declared["licence"]),
        transcribed_by=str(declared["transcribed_by"]),
        files=files,
        publications=list(declared.get("publications") or []),
        known_discrepancies=[str(item) for item in declared.get("known_discrepancies") or []],
    )


def verify_checksums(record: SourceRecord) -> None:
    """Check every declared file exists and matches its recorded sha256.

    Raises
    ------
    ChecksumMismatchError
        Naming each file that is missing or changed, and the command that records a
        deliberate change.
    """
    problems = []
    for name, expected in sorted(record.files.items()):
        path = record.folder / name
        if not path.is_file():
            problems.append(
                Problem(_label(path), None, None, "file listed in source.yaml is missing", None)
            )
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


def load_verified_source(folder: Path) -> SourceRecord:
    """Read a source's provenance and verify its checksums: the door every loader goes through."""
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
        Naming each source.yaml that is malformed, an id declared in two places, or a reference
        to a folder that does not declare the id.
    """
    from mutualstats.config import raw_dir as default_raw_dir

    raw = raw_dir or default_raw_dir()
    records, problems = [], []
    for folder in sorted(path for path in raw.iterdir() if (path / "source.yaml").is_file()):
        try:
            records.append(read_source(folder))
        except DataValidationError as error:
            problems.extend(error.problems)
    found: dict[str, Publication] = {}
    homes: dict[str, str] = {}
    references = []
    for record in records:
        label = _label(record.folder / "source.yaml")
        for entry in record.publications:
            if entry.get("declared_in"):
                references.append((label, str(entry["id"]), str(entry["declared_in"])))
            elif str(entry["id"]) in found:
                check = f"publication id already declared in {homes[str(entry['id'])]}"
                problems.append(Problem(label, None, "publications", check, str(entry["id"])))
            else:
                found[str(entry["id"])] = _publication(record.source_id, entry)
                homes[str(entry["id"])] = label
    for label, publication_id, folder in references:
        if found.get(publication_id) is None or found[publication_id].source_id != folder:
            check = f"declared_in: {folder} does not declare this publication id"
            problems.append(Problem(label, None, "publications", check, publication_id))
    if problems:
        raise DataValidationError(problems)
    return found


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
    )


def record_checksums(folder: Path) -> list[str]:
    """Write the current sha256 of every data file in ``folder`` into its source.yaml.

    Files beside source.yaml that are not listed are appended to ``files:``; listed entries get
    their new digest in place, so the rest of the file (comments, layout) is kept. Returns the
    names whose entry was added or changed.
    """
    yaml_path = folder / "source.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    declared = yaml.safe_load(text) or {}
    listed = {
        str(entry["path"]): str(entry.get("sha256", "")) for entry in declared.get("files") or []
    }
    present = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != "source.yaml")
    changed = []
    for name in present:
        digest = sha256_of(folder / name)
        if name not in listed:
            text = _append_file_entry(text, name, digest)
            changed.append(name)
        elif listed[name] != digest:
            text = _replace_digest(text, name, digest)
            changed.append(name)
    yaml_path.write_text(text, encoding="utf-8")
    return changed


#: A span of years a file description states, e.g. "1983-2024" or "2016 to 2025".
YEAR_RANGE = re.compile(r"\b(1[89]\d\d|20\d\d)\s*(?:-|–|to)\s*(1[89]\d\d|20\d\d)\b")

#: Columns whose values are the years (or editions) a table covers, in the order looked for.
YEAR_COLUMNS = ("year", "edition", "reference_year")


def stale_descriptions(folder: Path) -> list[str]:
    """Warnings for files whose ``description`` in source.yaml states a span of years that the
    file's own rows no longer match (e.g. "1983-2024" after a 2025 row is added)."""
    declared = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8")) or {}
    warnings = []
    for entry in declared.get("files") or []:
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
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for column in YEAR_COLUMNS:
        years = [int(row[column]) for row in rows if (row.get(column) or "").isdigit()]
        if years:
            return min(years), max(years)
    return None


def _replace_digest(text: str, name: str, digest: str) -> str:
    pattern = re.compile(
        rf"(-\s+path:\s*['\"]?{re.escape(name)}['\"]?\s*\n(?:[ \t]+\w+:.*\n)*?[ \t]+sha256:\s*)\S*"
    )
    updated, count = pattern.subn(lambda match: match.group(1) + digest, text, count=1)
    if count != 1:
        raise ValueError(f"could not find the sha256 of {name} in source.yaml")
    return updated


def _append_file_entry(text: str, name: str, digest: str) -> str:
    if not re.search(r"^files:\s*$", text, flags=re.MULTILINE):
        text = text.rstrip("\n") + "\nfiles:\n"
    entry = f'  - path: {name}\n    sha256: {digest}\n    description: ""\n'
    lines = text.rstrip("\n").split("\n")
    files_at = max(i for i, line in enumerate(lines) if line.startswith("files:"))
    after = next(
        (i for i in range(files_at + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")),
        len(lines),
    )
    return "\n".join([*lines[:after], entry.rstrip("\n"), *lines[after:]]) + "\n"


def citation(record: SourceRecord) -> str:
    """A one-line source statement for a figure footer, built from provenance only."""
    return f"Source: {record.publisher}, {record.title}. Accessed {record.date_accessed}."


def _shape_problems(declared: object, label: str) -> list[Problem]:
    if not isinstance(declared, dict):
        return [Problem(label, None, None, "source.yaml must be a mapping of keys", None)]
    problems = [
        Problem(label, None, key, "required key is missing", None)
        for key in REQUIRED_KEYS
        if key not in declared
    ]
    files = declared.get("files")
    if "files" in declared and (not isinstance(files, list) or not files):
        problems.append(Problem(label, None, "files", "must list at least one file", None))
    elif isinstance(files, list):
        for entry in files:
            if not isinstance(entry, dict) or not {"path", "sha256"} <= entry.keys():
                problems.append(
                    Problem(label, None, "files", "entry needs path and sha256", str(entry))
                )
    return problems + _publication_problems(declared.get("publications"), label)


def _publication_problems(entries: object, label: str) -> list[Problem]:
    """Every publication entry has an id in lower snake case, unique in the file, and (unless it
    refers to another folder's entry) a publisher and a title."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        return [Problem(label, None, "publications", "must be a list of entries", None)]
    problems, seen = [], set()
    for position, entry in enumerate(entries, start=1):
        where = f"publications entry {position}"
        if not isinstance(entry, dict):
            problems.append(Problem(label, None, "publications", f"{where} is not a mapping", None))
            continue
        required = ("id",) if entry.get("declared_in") else PUBLICATION_REQUIRED_KEYS
        for key in required:
            if entry.get(key) in (None, ""):
                check = f"{where} has no {key}"
                problems.append(Problem(label, None, "publications", check, entry.get("title")))
        publication_id = entry.get("id")
        if publication_id in (None, ""):
            continue
        if not PUBLICATION_ID.match(str(publication_id)):
            check = f"{where}: id must be lower snake case"
            problems.append(Problem(label, None, "publications", check, str(publication_id)))
        if str(publication_id) in seen:
            check = f"{where}: id is declared twice in this file"
            problems.append(Problem(label, None, "publications", check, str(publication_id)))
        seen.add(str(publication_id))
    return problems


def _checked_path(folder: Path, entry: dict[str, Any], label: str) -> str:
    name = str(entry["path"])
    resolved = (folder / name).resolve()
    if resolved.parent != folder.resolve():
        raise DataValidationError(
            [Problem(label, None, "files", "path must name a file inside the source folder", name)]
        )
    return name


def _label(path: Path) -> str:
    """Path relative to the project root where possible, so messages stay short and stable."""
    from mutualstats.config import project_root

    try:
        return str(path.resolve().relative_to(project_root()))
    except ValueError:
        return str(path)
