"""Raw to processed: validate every source, then swap all outputs in at once.

Input: ``data/raw/<source>/``. Output: ``data/processed/<table>.parquet``. Nothing in
``data/processed/`` changes unless every source passes; on failure the problems are written to
``reports/validation.json`` and raised together.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from mutualstats.config import PUBLISHED_FOLDER_MODE, processed_dir, raw_dir, reports_dir
from mutualstats.errors import DataValidationError, Problem
from mutualstats.provenance import load_verified_source, sha256_of
from mutualstats.sources import BUILDERS, CLEAN_MODELS, publications
from mutualstats.validation import validate

#: Written beside the tables: the sha256 of each table as validated, so readers can trust an
#: unchanged file without validating it again.
MANIFEST = "manifest.json"

#: Marks a table concatenated from several sources' parts, to be validated again as a whole.
ASSEMBLED = "assembled_from_several_sources"


def build_all(raw: Path | None = None, processed: Path | None = None) -> dict[str, Path]:
    """Build every processed table, or none.

    Returns
    -------
    dict
        Table name to the Parquet path written.

    Raises
    ------
    DataValidationError
        With every problem in every source; ``processed`` is left exactly as it was.
    """
    raw = raw or raw_dir()
    processed = processed or processed_dir()
    tables, problems = collect_tables(raw)
    problems += _whole_table_problems(tables)
    report_path = reports_dir() / "validation.json"
    if problems:
        _write_report(report_path, problems)
        raise DataValidationError(problems)
    report_path.unlink(missing_ok=True)
    return _swap_in(tables, processed)


def collect_tables(raw: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Run every source's builder; verify the checksums of sources that have no tables yet.

    Parts of one table returned by several builders are concatenated in folder order. The
    publications of every folder make one more table, whose ids must be unique project-wide.
    """
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    try:
        tables.update(publications.build(raw))
    except DataValidationError as error:
        problems.extend(error.problems)
    for folder in sorted(path for path in raw.iterdir() if path.is_dir()):
        try:
            builder = BUILDERS.get(folder.name)
            if builder is None:
                load_verified_source(folder)
            else:
                for name, frame in builder(folder).items():
                    tables[name] = _append(tables.get(name), frame)
        except DataValidationError as error:
            problems.extend(error.problems)
    # A malformed source.yaml is met by both its folder's builder and the publications table.
    return tables, list(dict.fromkeys(problems))


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


def _swap_in(tables: dict[str, pd.DataFrame], processed: Path) -> dict[str, Path]:
    processed.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".processed-", dir=processed.parent))
    staging.chmod(PUBLISHED_FOLDER_MODE)
    digests = {}
    for name, frame in sorted(tables.items()):
        path = staging / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        digests[name] = sha256_of(path)
    manifest = {"validated_tables": digests}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    retired = processed.parent / ".processed-retired"
    shutil.rmtree(retired, ignore_errors=True)
    if processed.exists():
        processed.rename(retired)
    staging.rename(processed)
    shutil.rmtree(retired, ignore_errors=True)
    return {name: processed / f"{name}.parquet" for name in sorted(tables)}


def _write_report(path: Path, problems: list[Problem]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"problems": [problem.as_dict() for problem in problems]}
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
