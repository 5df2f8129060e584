"""Provenance reads as a citation: where a value is published, not how it was looked up.

Every note, page and method text a reviewer sees (the raw tables, their ``source.yaml`` and the
stored outputs of the committed notebooks) is checked for words of a working log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualstats.config import notebooks_dir, raw_dir
from mutualstats.provenance import WORKING_LOG

RAW_TEXT_FILES = sorted([*raw_dir().glob("*/*.csv"), *raw_dir().glob("*/source.yaml")], key=str)
NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))


def working_log_lines(path: Path) -> list[str]:
    """Lines of ``path`` holding a working-log word, each with its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        f"{number}: {line.strip()[:160]}"
        for number, line in enumerate(lines, 1)
        if WORKING_LOG.search(line)
    ]


@pytest.mark.parametrize("path", RAW_TEXT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_raw_provenance_is_worded_as_a_citation(path: Path) -> None:
    assert working_log_lines(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_outputs_hold_no_working_notes(path: Path) -> None:
    assert working_log_lines(path) == []


@pytest.mark.parametrize(
    "text",
    [
        "not found in stored copies",
        "searched pages corpus",
        "ALT=35 (HSJ)",
        "from dossier",
        "the report's full text was not found online",
        "no archived copy found",
        "not located",
        "in the coverage found",
        "Size and Structure report 2019 (coverage)",
        "(LSE Research Online copy)",
        "its body was not found online",
        "the gov.uk publication date was not seen",
    ],
)
def test_the_pattern_catches_working_notes(text: str) -> None:
    assert WORKING_LOG.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "not shown on The King's Fund's 2018 report page",
        "a transcription of the table",
        "launch news reports (Civil Society, Third Sector)",
        "not given in the report's summary page or in the launch news reports named",
        "Size and Structure report 2019, as reported by Wirral Intelligence Service",
        "(c) 2012 Cabinet Office (as stated in LSE Research Online, eprint 44579)",
    ],
)
def test_the_pattern_spares_citations(text: str) -> None:
    assert not WORKING_LOG.search(text)
