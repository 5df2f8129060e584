"""Render the audit table for a terminal, as CSV and as Markdown; write the report files."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from mutualstats.claims.registry import CAVEAT_LEAD
from mutualstats.config import PUBLISHED_FILE_MODE, VERDICTS
from mutualstats.folders import publish_texts
from mutualstats.site_text import codes_in_words, reviewer_text
from mutualstats.statistic import MISSING
from mutualstats.vocabulary import SECTION_TITLES

#: Between the caveats of one claim in the audit's ``caveats`` column (a caveat may hold "; ").
CAVEAT_SEPARATOR = " | "

#: What the data give for a statement with no figure to recompute (verdict ``not-checkable``).
NOTHING_TO_RECOMPUTE = "nothing to recompute"

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


def recomputed_in_words(recomputed: str, verdict: str) -> str:
    """What the data give, as the reviewer's pages and ``audit.md`` show it: the value
    recomputed, or where the audit holds none, why (nothing to recompute, or not found)."""
    if recomputed:
        return recomputed
    return NOTHING_TO_RECOMPUTE if verdict == "not-checkable" else MISSING


def with_recomputed_in_words(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the audit with ``recomputed`` as :func:`recomputed_in_words` gives it, for the
    notebooks' tables: the words the reviewer's pages and ``audit.md`` show, not a blank."""
    words = [
        recomputed_in_words(_text(recomputed), str(verdict))
        for recomputed, verdict in zip(table["recomputed"], table["verdict"], strict=True)
    ]
    return table.assign(recomputed=pd.Series(words, index=table.index, dtype="str"))


def verdict_counts(table: pd.DataFrame) -> pd.Series:
    """Number of claims with each verdict, in the vocabulary's order (zeros included)."""
    return table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def to_markdown(table: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """The audit as a Markdown report for a reviewer: verdict counts, then one section per claim
    with what the briefing prints, what the data give, the publication the footnote cites and the
    one the value was found in, the raw rows read, the caveats and the evidence.

    ``names`` gives the words for the codes an evidence note holds (publication ids, measures;
    :func:`mutualstats.site_claims.text_labels`), so the note reads as on the site; without it
    the codes are kept. ``audit.csv`` holds the same with every code as it is.
    """
    counts = verdict_counts(table)
    lines = [
        "# Audit of the briefing's numbers",
        "",
        "| verdict | claims | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {name} | {counts[name]} | {meaning} |" for name, meaning in VERDICTS.items()]
    lines += ["", MARKDOWN_INTRO]
    for row in table.to_dict("records"):
        lines += ["", *claim_section(row, names)]
    return "\n".join(lines) + "\n"


#: What the Markdown report holds beside ``audit.csv``.
MARKDOWN_INTRO = (
    "Each claim below gives what the briefing prints, what the data give, the publication its "
    "footnote cites and the one the value was found in, the raw rows read (file and line), the "
    "caveats and the evidence. `audit.csv` holds the same, one row per claim, with codes."
)


def claim_section(row: Mapping[str, object], names: Mapping[str, str] | None) -> list[str]:
    """The Markdown lines of one claim of the audit table (a row of ``AUDIT_COLUMNS``); the
    caveats are listed once, not again at the end of the evidence."""

    def note_in_words(text: str) -> str:
        return reviewer_text(text, names) if names is not None else text

    def page_in_words(text: str) -> str:
        return codes_in_words(text, names) if names is not None else text

    footnote = _text(row["footnote"])
    caveats = [c for c in _text(row["caveats"]).split(CAVEAT_SEPARATOR) if c]
    note, repeated = _text(row["note"]), f"{CAVEAT_LEAD}{'; '.join(caveats)}"
    if caveats and note.endswith(repeated):
        note = note[: -len(repeated)]
    facts = [
        ("Section", SECTION_TITLES.get(str(row["section"]), str(row["section"]))),
        ("Footnote", footnote or "none"),
        ("The briefing prints", _text(row["value_as_printed"])),
        ("The data give", recomputed_in_words(_text(row["recomputed"]), str(row["verdict"]))),
        ("Period judged", _text(row["period"])),
        ("The footnote prints", _text(row["cited_source"])),
        (
            "The footnote cites",
            _publication(
                row["cited_title"], page_in_words(_text(row["cited_page"])), row["cited_url"]
            ),
        ),
        (
            "Searched in" if _text(row["recomputed_value"]) == "" else "Value found in",
            _publication(row["title"], page_in_words(_text(row["page"])), row["url"]),
        ),
        ("Raw rows read", _locations(row["raw_rows"])),
        ("Raw rows the evidence cites", _locations(row["context_rows"])),
        ("Caveats", "; ".join(note_in_words(caveat).rstrip(".") for caveat in caveats)),
    ]
    evidence = note_in_words(note)
    return [
        f"## {row['claim_id']}: {row['verdict']}",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {name} | {_cell(value)} |" for name, value in facts if value],
        "",
        f"Evidence: {evidence}",
    ]


def _publication(title: object, page: object, url: object) -> str:
    """A publication as a reviewer reads it: title, page or table, address (those known)."""
    return ", ".join(part for part in (_text(title), _text(page), _text(url)) if part)


def _locations(rows: object) -> str:
    """``file:line`` locations, each as code."""
    return ", ".join(f"`{location}`" for location in _text(rows).split("; ") if location)


def _text(value: object) -> str:
    """A cell as text; empty where the table holds no value."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return ""
    return f"{value:.12g}" if isinstance(value, float) else str(value)


def summary_line(table: pd.DataFrame) -> str:
    """One line counting the claims of each verdict."""
    parts = [f"{count} {name}" for name, count in verdict_counts(table).items()]
    return f"{len(table)} claims: " + ", ".join(parts)


def write_reports(
    table: pd.DataFrame, directory: Path, names: Mapping[str, str] | None = None
) -> list[Path]:
    """Write ``audit.csv`` and ``audit.md`` (its notes in the words of ``names``:
    :func:`to_markdown`) into ``directory``, both or neither."""
    directory.mkdir(parents=True, exist_ok=True)
    texts = {
        directory / "audit.csv": to_csv(table),
        directory / "audit.md": to_markdown(table, names),
    }
    return publish_texts(texts, PUBLISHED_FILE_MODE)


def _cell(value: object) -> str:
    """A value for a Markdown table cell: a bar escaped, no line break."""
    return _text(value).replace("|", "\\|").replace("\n", " ")
