"""Mutual-sector sources: SEUK, CIPFA, the Mutuals Taskforce, DH Right to Request, DCMS counts,
and the Social Value Act's dates (legislation).

Input: ``data/raw/<folder>/headline_figures.csv`` for each folder in :data:`HEADLINE_FOLDERS`
(same header everywhere), the vocabularies ``seuk_psm/measures.csv`` and ``seuk_psm/bases.csv``,
and ``psm_population/psm_counts.csv``, each with its ``source.yaml``.

Output: ``psm_headline_figures`` (every headline_figures.csv, one row per source, edition and
measure, with the measure's definition) and ``psm_counts`` (published counts of mutuals, each
with its scope). Each folder has its own builder; :mod:`mutualstats.build` concatenates the parts
of ``psm_headline_figures`` that the seven builders return.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from mutualstats.config import (
    DERIVED_SHARES,
    MUTUAL_SECTOR_BASES_READ,
    MUTUAL_SECTOR_COUNTS_SOURCE,
    MUTUAL_SECTOR_COUNTS_TABLE,
    MUTUAL_SECTOR_HEADLINE_TABLE,
    MUTUAL_SECTOR_MEASURES_READ,
    MUTUAL_SECTOR_VOCABULARY_SOURCE,
    ROUNDING_TOLERANCE_PCT,
)
from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import _label, load_verified_source, read_once
from mutualstats.rawcsv import line_of, read_raw_csv
from mutualstats.schemas.mutual_sector import (
    CleanHeadlineFigures,
    CleanPsmCounts,
    RawBases,
    RawHeadlineFigures,
    RawMeasures,
    RawPsmCounts,
)
from mutualstats.sources._long import load_long, publication_problems, validate_all
from mutualstats.validation import validate

HEADLINE_TABLE, COUNTS_TABLE = MUTUAL_SECTOR_HEADLINE_TABLE, MUTUAL_SECTOR_COUNTS_TABLE
HEADLINE_FILE = "headline_figures.csv"
MEASURES_FILE = "measures.csv"
BASES_FILE = "bases.csv"
COUNTS_FILE = "psm_counts.csv"
COUNTS_SOURCE_ID = MUTUAL_SECTOR_COUNTS_SOURCE

#: Folders holding a headline_figures.csv, in the order the tables are built.
HEADLINE_FOLDERS = (
    "cipfa",
    "cqc",
    "dcms_replication",
    "dh_right_to_request",
    "legislation",
    "mutuals_taskforce",
    "seuk_psm",
    "seuk_social_enterprise",
)

#: A count whose definition says "subset" counts only health (and care) mutuals.
SUBSET_MARKER = "subset"

#: The loader's own rules of each file, beyond its models (``mutualstats describe`` lists them).
LOADER_RULES = {
    HEADLINE_FILE: (
        "source_id: the name of the folder the file is in",
        f"measure: a measure of {MUTUAL_SECTOR_VOCABULARY_SOURCE}/{MEASURES_FILE}",
        f"unit: the unit {MUTUAL_SECTOR_VOCABULARY_SOURCE}/{MEASURES_FILE} gives the measure",
        f"base: a base of {MUTUAL_SECTOR_VOCABULARY_SOURCE}/{BASES_FILE}",
        "value: the shares one publication gives of parts of one whole ("
        + "; ".join(" and ".join(parts) for parts in DERIVED_SHARES.values())
        + f") add to no more than 100% (and {ROUNDING_TOLERANCE_PCT:g} for rounding)",
    ),
    MEASURES_FILE: (
        "measure: every code the checks and charts read (config.MUTUAL_SECTOR_MEASURES_READ); a "
        "code renamed here is renamed there too",
    ),
    BASES_FILE: ("base: every base the checks read (config.MUTUAL_SECTOR_BASES_READ)",),
    COUNTS_FILE: (
        f"definition: a count of health (or health and care) mutuals only says '{SUBSET_MARKER}' "
        "in it; any definition that does is read as that subset, any other as all public "
        "service mutuals",
    ),
}


def build_headline(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify one folder's checksums, then load and clean its headline figures.

    The measure and base of each row must be in the vocabularies of ``seuk_psm``; the unit must
    be the measure's unit there.
    """
    record = load_verified_source(folder)
    path = record.path(HEADLINE_FILE)
    measures, bases = _vocabularies(folder.parent / MUTUAL_SECTOR_VOCABULARY_SOURCE)
    raw = load_headline(path, folder.name, measures, bases)
    return {HEADLINE_TABLE: clean_headline(raw, measures, _label(path))}


def build_counts(folder: Path) -> dict[str, pd.DataFrame]:
    """Verify ``psm_population``'s checksums, then load and clean its published counts."""
    record = load_verified_source(folder)
    path = record.path(COUNTS_FILE)
    return {COUNTS_TABLE: clean_counts(load_counts(path), _label(path))}


def load_headline(
    path: Path, source_id: str, measures: pd.DataFrame, bases: pd.DataFrame
) -> pd.DataFrame:
    """Format step: read as text, coerce through the Raw schema, check the vocabularies.

    Every problem (schema, vocabulary, source_id not the folder) is reported at once.
    """
    label = _label(path)
    text = read_raw_csv(path, list(RawHeadlineFigures.to_schema().columns))
    problems = _vocabulary_problems(text, source_id, measures, bases, label)
    problems += publication_problems(text, path.parent, label)
    raw = validate_all(text, RawHeadlineFigures, label, problems)
    parts = parts_over_100(raw, label)
    if parts:
        raise DataValidationError(parts)
    return raw


def parts_over_100(raw: pd.DataFrame, label: str) -> list[Problem]:
    """The shares one publication gives of parts of one whole (making a profit, breaking even:
    ``config.DERIVED_SHARES``) that add to more than 100%, beyond rounding; each part is
    named at its line."""
    problems = []
    keys = ["source_id", "edition", "publication_id", "base"]
    for measure, parts in DERIVED_SHARES.items():
        shares = raw.loc[raw["measure"].isin(parts) & raw["value"].notna()]
        if shares["measure"].nunique() < 2:
            continue
        for _, rows in shares.groupby(keys, sort=False, dropna=False):
            total = float(rows["value"].sum())
            if rows["measure"].nunique() < 2 or total <= 100 + ROUNDING_TOLERANCE_PCT:
                continue
            check = (
                f"{' and '.join(parts)} of one publication add to {total:g}%, over 100% beyond "
                f"rounding ({ROUNDING_TOLERANCE_PCT:g} point): they are parts of {measure}"
            )
            problems += [
                Problem(label, line_of(index), "value", check, f"{value:g}")
                for index, value in rows["value"].items()
            ]
    return problems


def clean_headline(raw: pd.DataFrame, measures: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: secondary as a flag, the measure's definition joined, ordered by key."""
    definitions = measures.set_index("measure")["definition"]
    clean = raw.assign(
        secondary=raw["secondary"] == "true", definition=raw["measure"].map(definitions)
    )
    checked = validate(clean, CleanHeadlineFigures, file_label)
    return checked.sort_values(["source_id", "edition", "measure"]).reset_index(drop=True)


def load_counts(path: Path) -> pd.DataFrame:
    """Format step: read the counts as text and coerce through the Raw schema."""
    return load_long(path, RawPsmCounts)


def clean_counts(raw: pd.DataFrame, file_label: str) -> pd.DataFrame:
    """Meaning step: secondary as a flag, and each count's scope read from its definition.

    Rows whose definition says "subset" count health or health-and-care mutuals only; every
    other row counts public service mutuals as its publisher defines them.
    """
    subset = raw["definition"].str.contains(SUBSET_MARKER, regex=False)
    clean = raw.assign(
        secondary=raw["secondary"] == "true",
        scope=subset.map({True: "health_subset", False: "all_psms"}),
    )
    checked = validate(clean, CleanPsmCounts, file_label)
    return checked.sort_values(["year", "mutuals_count"]).reset_index(drop=True)


def read_vocabulary(folder: Path, name: str, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Read one vocabulary file of ``folder`` (checksum-verified) through its Raw model."""
    record = load_verified_source(folder)
    path = record.path(name)
    return validate(read_raw_csv(path, list(model.to_schema().columns)), model, _label(path))


def _vocabularies(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The measures and bases vocabularies, each holding every code the package reads
    (:func:`codes_read_problems`). A problem in them is raised as it is, for every table that
    reads them: the build lists each problem once, so a bad vocabulary is one message, not one
    more per table it could not check. Read once per build (:func:`read_once`)."""
    return read_once(_read_vocabularies, folder)


def _read_vocabularies(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    measures = read_vocabulary(folder, MEASURES_FILE, RawMeasures)
    bases = read_vocabulary(folder, BASES_FILE, RawBases)
    problems = codes_read_problems(folder, measures, "measure", MUTUAL_SECTOR_MEASURES_READ)
    problems += codes_read_problems(folder, bases, "base", MUTUAL_SECTOR_BASES_READ)
    if problems:
        raise DataValidationError(problems)
    return measures, bases


def codes_read_problems(
    folder: Path, vocabulary: pd.DataFrame, column: str, read: frozenset[str]
) -> list[Problem]:
    """A problem for each code the checks, charts or rules name (``read``) that the vocabulary
    file no longer defines: a renamed code would otherwise leave them finding nothing."""
    name = MEASURES_FILE if column == "measure" else BASES_FILE
    label = f"{_label(folder)}/{name}"
    missing = sorted(read - set(vocabulary[column]))
    return [
        Problem(
            label,
            None,
            column,
            f"no row defines {code}, which the checks and charts read (config.py); a code "
            "renamed here must be renamed there too",
            code,
        )
        for code in missing
    ]


def _vocabulary_problems(
    text: pd.DataFrame,
    source_id: str,
    measures: pd.DataFrame,
    bases: pd.DataFrame,
    label: str,
) -> list[Problem]:
    units = dict(zip(measures["measure"].tolist(), measures["unit"].tolist(), strict=True))
    known_bases = set(bases["base"].tolist())
    columns = ["source_id", "measure", "unit", "base"]
    problems = []
    for index, row in zip(text.index.tolist(), text[columns].to_dict("records"), strict=True):
        line = line_of(index)
        if row["source_id"] != source_id:
            check = f"source_id must be the folder name {source_id!r}"
            problems.append(Problem(label, line, "source_id", check, row["source_id"]))
        if row["measure"] not in units:
            check = f"measure not in {MUTUAL_SECTOR_VOCABULARY_SOURCE}/{MEASURES_FILE}"
            problems.append(Problem(label, line, "measure", check, row["measure"]))
        elif row["unit"] != units[row["measure"]]:
            check = f"unit must be {units[row['measure']]!r}, the unit of {row['measure']}"
            problems.append(Problem(label, line, "unit", check, row["unit"]))
        if row["base"] not in known_bases:
            check = f"base not in {MUTUAL_SECTOR_VOCABULARY_SOURCE}/{BASES_FILE}"
            problems.append(Problem(label, line, "base", check, row["base"]))
    return problems
