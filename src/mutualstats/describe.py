"""What a new row, year or edition of a source needs, read from the pandera models and source.yaml.

``mutualstats describe SOURCE`` prints, for each table of a ``data/raw`` folder: its columns in
file order with type, unit and whether they may be blank; the vocabularies; the rules that tie
columns to a status, the models' other rules and those the loader checks as the file is read
(``LOADER_RULES``); an example row; then a ``publications:`` entry to fill in and the steps that
follow. Nothing here is a hand-kept copy: every line is derived from the models, the loaders'
rules, the vocabulary files and the folder's own source.yaml.

The files it reads are read as the build reads them (:func:`mutualstats.rawcsv.read_raw_csv`, and
the vocabularies through their Raw models), so a broken file is refused with the build's problems,
each with its file and line. Checksums are not verified: describe is run while data are added,
before the checksums are recorded.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd

from mutualstats import periods
from mutualstats.config import MUTUAL_SECTOR_VOCABULARY_SOURCE, raw_dir
from mutualstats.dates import DATE_PUBLISHED_WORDS
from mutualstats.dictionary import FieldInfo, kind_in_words, model_fields, model_rules
from mutualstats.provenance import PUBLICATION_REQUIRED_KEYS, Publication, _label, read_source
from mutualstats.rawcsv import read_raw_csv
from mutualstats.schemas import PATTERN_WORDS
from mutualstats.sources import (
    BUILDERS,
    CLEAN_MODELS,
    IMPLIED_RULES,
    LOADER_RULES,
    RAW_MODELS,
    VINTAGE_NOTE_FILES,
)
from mutualstats.sources._long import publication_rules
from mutualstats.sources.mutual_sector import BASES_FILE, MEASURES_FILE
from mutualstats.sources.skills_for_care import SCOPES_FILE
from mutualstats.validation import validate

#: Columns whose vocabulary lives in the mutual-sector vocabulary files, not in the model.
SHARED_VOCABULARIES = {"measure": MEASURES_FILE, "base": BASES_FILE}

#: Columns whose codes a vocabulary file of their own folder defines, by (folder, column).
FOLDER_VOCABULARIES = {("skills_for_care", "scope"): SCOPES_FILE}

#: How a column's bounds read in ``describe``: (check name, statistic, word), lower bound first.
BOUND_WORDS = (
    ("greater_than_or_equal_to", "min_value", "from"),
    ("greater_than", "min_value", "above"),
    ("less_than_or_equal_to", "max_value", "to"),
    ("less_than", "max_value", "below"),
    ("in_range", "min_value", "from"),
    ("in_range", "max_value", "to"),
)


def describe(source_id: str) -> str:
    """The text ``mutualstats describe`` prints for the ``data/raw`` folder ``source_id``.

    Raises
    ------
    KeyError
        If there is no such source folder, naming those there are.
    DataValidationError
        If a table or vocabulary file it reads is broken: the problems the build gives for it.
    """
    if source_id not in BUILDERS:
        raise KeyError(f"no source {source_id!r}; sources: {', '.join(sorted(BUILDERS))}")
    record = read_source(raw_dir() / source_id)
    lines = [f"{source_id}: {record.publisher}, {record.title}", ""]
    if record.method_notes:
        notes = [f"  {line}" for line in str(record.method_notes).strip().splitlines()]
        lines += [
            "Method notes (source.yaml), which say how values are read and coded:",
            *notes,
            "",
        ]
    for name in record.files:
        if name in RAW_MODELS:
            lines += _table(source_id, name)
    lines += _publication_entry(source_id)
    lines += _next_steps(source_id)
    return "\n".join(lines) + "\n"


def _table(source_id: str, name: str) -> list[str]:
    model = RAW_MODELS[name]
    fields = model_fields(model)
    lines = [f"data/raw/{source_id}/{name}: {_first_line(model.__doc__)}", "", "Columns, in order:"]
    width = max(len(field.name) for field in fields)
    for field in fields:
        blank = "may be blank" if field.nullable else "required"
        kind = kind_in_words(field.dtype) + (f", unit {field.unit}" if field.unit else "")
        lines.append(f"  {field.name:<{width}}  {kind}, {blank}: {field.description}")
    vocabularies = [_vocabulary(source_id, field) for field in fields]
    lines += ["", "Vocabularies:", *[line for line in vocabularies if line]]
    rules = _cross_row_rules(model) + [
        f"{field.name}: {check}" for field in fields for check in field.checks if _is_rule(check)
    ]
    by_status = [rule for rule in rules if "status" in rule]
    if by_status:
        lines += ["", "Columns required by status:", *[f"  {rule}" for rule in by_status]]
    others = [rule for rule in rules if "status" not in rule]
    if others:
        lines += ["", "Other rules:", *[f"  {rule}" for rule in others]]
    values = [line for field in fields if (line := _value_checks(field))]
    if values:
        lines += ["", "Checked on each value:", *[f"  {line}" for line in values]]
    columns = [field.name for field in fields]
    implied = IMPLIED_RULES.get(name, ())
    read = [
        rule
        for rule in publication_rules(columns, name in VINTAGE_NOTE_FILES)
        if rule not in implied
    ] + list(LOADER_RULES.get(name, ()))
    if read:
        lines += ["", "Checked as the file is read:", *[f"  {rule}" for rule in read]]
    lines += ["", "Example row (the last in the file):", *_example(source_id, name), ""]
    return lines


def _value_checks(field: FieldInfo) -> str | None:
    """A column's range, pattern and length checks in words ("year: from 1983 to 2100"), or None
    where it has none; vocabularies and rules are listed elsewhere. Read from the checks'
    statistics, not their printed form."""
    statistics = dict(field.check_statistics)
    words = [
        f"{word} {statistics[name][key]}"
        for name, key, word in BOUND_WORDS
        if name in statistics and key in statistics[name]
    ]
    words = [" ".join(words)] if words else []
    pattern = statistics.get("str_matches", {}).get("pattern")
    if pattern is not None:
        words.append(PATTERN_WORDS.get(str(pattern), f"matches {pattern}"))
    length = statistics.get("str_length", {})
    if length.get("min_value"):
        words.append(
            "not empty"
            if length["min_value"] == 1
            else f"at least {length['min_value']} characters"
        )
    if length.get("max_value"):
        words.append(f"at most {length['max_value']} characters")
    return f"{field.name}: {'; '.join(words)}" if words else None


def _cross_row_rules(model: type) -> list[str]:
    """The rules of the model and of the Clean models built on it (which check whole rows)."""
    rules = model_rules(model)
    for clean in CLEAN_MODELS.values():
        if issubclass(clean, model):
            rules += [rule for rule in model_rules(clean) if rule not in rules]
    return rules


def _vocabulary(source_id: str, field: FieldInfo) -> str:
    """A column's codes: each with its meaning where the model or vocabulary file gives one."""
    if field.definitions:
        return _codes(f"{field.name}, one of:", field.definitions)
    folder = _vocabulary_folder(source_id, field.name)
    if folder is not None:
        vocabulary = (
            FOLDER_VOCABULARIES.get((folder, field.name)) or SHARED_VOCABULARIES[field.name]
        )
        codes = _checked_vocabulary(raw_dir() / folder / vocabulary)
        return _codes(
            f"{field.name}, one of (data/raw/{folder}/{vocabulary}):",
            dict(zip(codes[field.name], codes["definition"], strict=True)),
        )
    allowed = [check for check in field.checks if check.startswith("one of: ")]
    if allowed:
        return f"  {field.name}: {allowed[0].removeprefix('one of: ')}"
    return ""


def _vocabulary_folder(source_id: str, name: str) -> str | None:
    """The folder whose vocabulary file defines the codes of column ``name``, if one does."""
    if (source_id, name) in FOLDER_VOCABULARIES:
        return source_id
    if name in SHARED_VOCABULARIES and source_id in _headline_sources():
        return MUTUAL_SECTOR_VOCABULARY_SOURCE
    return None


def _checked_vocabulary(path: Path) -> pd.DataFrame:
    """A vocabulary file read and validated through its Raw model, as the build reads it."""
    model = RAW_MODELS[path.name]
    return validate(read_raw_csv(path, list(model.to_schema().columns)), model, _label(path))


def _codes(heading: str, definitions: dict[str, str]) -> str:
    width = max(len(code) for code in definitions)
    lines = [f"    {code:<{width}}  {meaning}" for code, meaning in definitions.items()]
    return "\n".join([f"  {heading}", *lines])


def _example(source_id: str, name: str) -> list[str]:
    """The header and the last row of a table, as written; the file's form (bytes, quoting, its
    header, a row of data) is checked first as the build checks it."""
    path = raw_dir() / source_id / name
    read_raw_csv(path, list(RAW_MODELS[name].to_schema().columns))
    text = path.read_text(encoding="utf-8").splitlines()
    rows = [line for line in text if line.strip()]
    return [f"  {rows[0]}", f"  {rows[-1]}"] if len(rows) > 1 else [f"  {rows[0]}"]


def _publication_entry(source_id: str) -> list[str]:
    keys = ["id", *[key for key in PUBLICATION_REQUIRED_KEYS if key != "id"]]
    keys += [
        field.name
        for field in dataclasses.fields(Publication)
        if field.name not in (*keys, "publication_id", "source_id")
    ]
    declared = read_source(raw_dir() / source_id).publications
    if any("edition" in entry for entry in declared):
        keys.insert(3, "edition")
    required = set(PUBLICATION_REQUIRED_KEYS)
    lines = [
        f"A publications: entry to add to data/raw/{source_id}/source.yaml "
        "(the id is what every new row names in publication_id; lower case, digits and _):"
    ]
    for number, key in enumerate(keys):
        lead = "  - " if number == 0 else "    "
        lines.append(f"{lead}{key}: ...{'' if key in required else '   # where known'}")
    return [*lines, f"  date_published: {DATE_PUBLISHED_WORDS}", ""]


def _next_steps(source_id: str) -> list[str]:
    variables = [item.variable for item in periods.PARAMETERS if item.folder == source_id]
    run = f"make all {variables[0]}=<new value>" if variables else "make all"
    return [
        'Then (README, "Adding a new year or edition"):',
        f"  1. record the checksums: .venv/bin/mutualstats checksum data/raw/{source_id}",
        "     (it warns where a file's description states a span of years the file no longer "
        "covers: update the description)",
        f"  2. run: {run}  (a value the data does not hold is refused, naming those held)",
        "  3. store the committed notebooks' outputs, which count and list every period held, "
        "even where the briefing's audit does not move: make store-notebooks",
        "  4. make test: a chart drawing every period held fails its baseline image; look at "
        'reports/mpl/, then regenerate its baseline (README, "Charts"), then commit',
    ]


def _headline_sources() -> set[str]:
    from mutualstats.sources import mutual_sector

    return {
        folder for folder, builder in BUILDERS.items() if builder is mutual_sector.build_headline
    }


def _is_rule(check: str) -> bool:
    return not re.match(r"^(one of|[<>≤≥=]|matches|length)", check)


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc else ""
