"""The project states the briefing's claims in its own words.

No run of :data:`RUN_WORDS` words of the briefing's body text (footnotes and page numbers left
out) appears in the project's code, data, notebooks or documents. A claim is registered by value,
unit, subject, section and footnote; the number as printed and a short phrase around it may be
quoted, a sentence may not. The names the briefing gives its sections and paragraphs, and the
titles of the publications it cites, are names, not sentences: they may appear anywhere.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from mutualstats.config import project_root
from mutualstats.scan_text import parse_briefing

BRIEFING = project_root().parent / "shared" / "briefing" / "briefing_excerpt.txt"

#: Words in a row that make a copied sentence.
RUN_WORDS = 7

#: Files of the project written by hand, by suffix; generated folders are left out.
TEXT_SUFFIXES = {".py", ".md", ".ipynb", ".csv", ".yaml", ".html", ".css", ".js", ".toml", ".txt"}
GENERATED = {".git", ".venv", ".venv-lab", "reports", "processed", "__pycache__", ".ruff_cache"}


def words(text: str) -> list[str]:
    """Lower-case words and numbers ("1.9%", "2018/19" and "110,000" one word each), other
    punctuation and quotes dropped: a copy is found however it is quoted or wrapped."""
    plain = text.lower().replace("’", "").replace("'", "")
    return re.findall(r"[a-z0-9£%]+(?:[.,/][a-z0-9£%]+)*", plain)


def runs(items: list[str], size: int = RUN_WORDS) -> set[tuple[str, ...]]:
    return {tuple(items[i : i + size]) for i in range(len(items) - size + 1)}


def names_the_briefing_uses() -> set[tuple[str, ...]]:
    """Runs inside the names of sections and paragraphs and the cited publications' titles."""
    from mutualstats import datasets
    from mutualstats.vocabulary import SECTION_TITLES

    claims = datasets.load("briefing_claims")
    names = [
        *SECTION_TITLES.values(),
        *claims["paragraph"].dropna(),
        *claims["cited_source"].dropna(),
        *datasets.load("publications")["title"].dropna(),
    ]
    return set().union(*(runs(words(str(name))) for name in names))


#: A quotation of the publication a raw row cites, in single quotes (``'equivalent to ...'``);
#: an apostrophe inside a word (``King's``) neither opens nor closes one.
QUOTED_FROM_SOURCE = re.compile(r"(?<![A-Za-z])'[^'\n]{3,}?'(?![A-Za-z])")


def project_text(path: Path) -> str:
    """The words of one file: a notebook's cells; in ``data/raw``, what is not quoted from the
    publication itself (a briefing that copies its source's words is not copied by quoting them)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    if "raw" in path.relative_to(project_root()).parts[:2]:
        return QUOTED_FROM_SOURCE.sub(" | ", text)
    return text


def project_files() -> list[Path]:
    """Every hand-written text file, walking past the generated folders (an environment holds
    tens of thousands of files) rather than into them."""
    found = []
    for folder, subfolders, names in os.walk(project_root()):
        subfolders[:] = sorted(name for name in subfolders if name not in GENERATED)
        found += [Path(folder) / name for name in names if Path(name).suffix in TEXT_SUFFIXES]
    return sorted(found)


@pytest.fixture(scope="module")
def briefing_runs() -> set[tuple[str, ...]]:
    if not BRIEFING.is_file():
        pytest.fail(f"the briefing is not at {BRIEFING}: place shared/ beside the project")
    body = parse_briefing(BRIEFING.read_text(encoding="utf-8")).stream
    return runs(words(body)) - names_the_briefing_uses()


def test_no_sentence_of_the_briefing_is_copied_into_the_project(briefing_runs) -> None:
    copied = {
        str(path.relative_to(project_root())): " ".join(run)
        for path in project_files()
        for run in runs(words(project_text(path)))
        if run in briefing_runs
    }
    assert not copied, copied


def test_a_copied_sentence_is_found_however_it_is_wrapped_or_quoted(briefing_runs) -> None:
    """SYNTHETIC text holding one clause of the briefing, rewrapped and in quotes."""
    body = parse_briefing(BRIEFING.read_text(encoding="utf-8")).stream
    clause = next(
        sentence
        for sentence in re.split(r"(?<=[.!?])\s+", body)
        if len(words(sentence)) >= 2 * RUN_WORDS and not runs(words(sentence)) - briefing_runs
    )
    rewrapped = '"' + "\n  ".join(clause.split(" ")) + '"'
    assert runs(words(rewrapped)) & briefing_runs
    assert not runs(words("The project counts mutuals in its own words.")) & briefing_runs
