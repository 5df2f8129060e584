"""Render the audit table for a terminal, as CSV and as Markdown; write the report files."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from mutualstats.config import PUBLISHED_FILE_MODE, VERDICTS
from mutualstats.folders import publish_texts

TERMINAL_COLUMNS = [
    "claim_id",
    "footnote",
    "value_as_printed",
    "verdict",
    "recomputed",
    "publication_id",
]


def to_csv(table: pd.DataFrame) -> str:
    """The audit as CSV text, with the columns of ``AUDIT_COLUMNS``; a number is written with
    the digits it has (2008, 25000, 10.1), not as a float (2008.0)."""
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n", float_format="%.12g")
    return buffer.getvalue()


def to_terminal(table: pd.DataFrame) -> str:
    """A fixed-width table of verdicts, then each claim's evidence, for reading in a terminal."""
    shown = table[TERMINAL_COLUMNS].astype(object).where(table[TERMINAL_COLUMNS].notna(), "")
    lines = [shown.to_string(index=False), "", "Evidence:"]
    lines += [f"  {row.claim_id} [{row.verdict}] {row.note}" for row in table.itertuples()]
    lines += ["", summary_line(table)]
    return "\n".join(lines) + "\n"


def verdict_counts(table: pd.DataFrame) -> pd.Series:
    """Number of claims with each verdict, in the vocabulary's order (zeros included)."""
    return table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def to_markdown(table: pd.DataFrame) -> str:
    """The audit as a Markdown report: verdict counts, then one row per claim."""
    counts = verdict_counts(table)
    lines = [
        "# Audit of the briefing's numbers",
        "",
        "| verdict | claims | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {name} | {counts[name]} | {meaning} |" for name, meaning in VERDICTS.items()]
    lines += ["", "| " + " | ".join(table.columns) + " |", "|" + " --- |" * len(table.columns)]
    for row in table.itertuples(index=False):
        cells = [_cell(value) for value in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def summary_line(table: pd.DataFrame) -> str:
    """One line counting the claims of each verdict."""
    parts = [f"{count} {name}" for name, count in verdict_counts(table).items()]
    return f"{len(table)} claims: " + ", ".join(parts)


def write_reports(table: pd.DataFrame, directory: Path) -> list[Path]:
    """Write ``audit.csv`` and ``audit.md`` into ``directory``, both or neither."""
    directory.mkdir(parents=True, exist_ok=True)
    texts = {directory / "audit.csv": to_csv(table), directory / "audit.md": to_markdown(table)}
    return publish_texts(texts, PUBLISHED_FILE_MODE)


def _cell(value: object) -> str:
    if value is None or pd.isna(value):
        text = ""
    elif isinstance(value, float):
        text = f"{value:.12g}"
    else:
        text = str(value)
    return text.replace("|", "\\|").replace("\n", " ")
