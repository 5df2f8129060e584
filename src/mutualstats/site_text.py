"""Text for reviewers: labels for codes, evidence notes without working notes, tidy tables.

The site shows what the data hold in words a reviewer reads: a measure code is shown by its
definition in the measures vocabulary where it has one, a publication id by its title, any other
code with spaces (``face_to_face`` -> "face to face"). Evidence notes are written by the checks
from the raw rows' notes, which may still hold a transcriber's working notes (where copies were
searched, an alternative value such as ``ALT=92``); :func:`reviewer_note` leaves those out, so the
site stays readable whatever a raw note holds. Input: the processed tables through
:mod:`mutualstats.datasets`; output: strings and HTML fragments, escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

import pandas as pd
from markupsafe import Markup

from mutualstats.dates import year_published
from mutualstats.provenance import WORKING_LOG

#: A web address inside free text, up to whitespace or a closing bracket.
URL_PATTERN = re.compile(r"https?://[^\s)<>\"]+")

#: A code: lower-case words joined by underscores (a measure, scope or publication id).
CODE_PATTERN = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")

#: Phrases of working notes inside a clause that is otherwise evidence, removed alone.
WORKING_PHRASES = re.compile(r"\s+in (?:the )?stored cop(?:y|ies)\b", re.IGNORECASE)

#: Suffixes of codes and the words they stand for.
SUFFIX_WORDS = (("_pct", " (%)"), ("_fte", " (FTE)"), ("_gbp_million", " (£m)"))


def humanise(code: str) -> str:
    """A code in words: ``face_to_face`` -> "face to face", ``turnover_rate_pct`` -> "turnover
    rate (%)"."""
    text = str(code)
    for suffix, words in SUFFIX_WORDS:
        if text.endswith(suffix):
            return text[: -len(suffix)].replace("_", " ") + words
    return text.replace("_", " ")


def measure_labels(headline: pd.DataFrame) -> dict[str, str]:
    """Each measure's definition from the measures vocabulary (``psm_headline_figures``)."""
    defined = headline.dropna(subset=["definition"]).drop_duplicates("measure")
    return dict(zip(defined["measure"], defined["definition"], strict=True))


def publication_labels(publications: pd.DataFrame) -> dict[str, str]:
    """Each publication's title, with the year it was published where the title lacks one."""
    labels = {}
    for row in publications.itertuples(index=False):
        title = str(row.title) if pd.notna(row.title) else humanise(row.publication_id)
        year = year_published(None if pd.isna(row.date_published) else str(row.date_published))
        if year is not None and str(year) not in title:
            title = f"{title} ({year})"
        labels[str(row.publication_id)] = title
    return labels


#: How a publication without a year it came out is dated in a short label.
UNDATED = "undated"


def publication_short_labels(publications: pd.DataFrame) -> dict[str, str]:
    """Each publication as a table cell names it: its publisher and the year it came out
    ("Skills for Care, 2018"), or "undated" where ``date_published`` gives no year."""
    labels = {}
    for row in publications.itertuples(index=False):
        year = year_published(None if pd.isna(row.date_published) else str(row.date_published))
        labels[str(row.publication_id)] = f"{row.publisher}, {UNDATED if year is None else year}"
    return labels


def label(code: object, names: Mapping[str, str]) -> str:
    """The label of a code: its name in ``names``, else the code in words; missing is ""."""
    if code is None or pd.isna(code):  # type: ignore[arg-type]
        return ""
    return names.get(str(code), humanise(str(code)))


def reviewer_note(note: str, names: Mapping[str, str]) -> Markup:
    """An evidence note as a reviewer reads it (:func:`reviewer_text`), as escaped HTML with its
    addresses linked."""
    return linkify(reviewer_text(note, names))


def reviewer_text(note: str, names: Mapping[str, str]) -> str:
    """An evidence note as a reviewer reads it, as plain text.

    Working notes (clauses naming where copies were searched, ``ALT=`` values) are left out;
    publication ids and measure codes are replaced by their labels in ``names`` and any other
    code by its words; ``fn19`` is "footnote 19"; ``x = 5`` reads "x is 5". Web addresses are
    kept as written.
    """
    note = WORKING_PHRASES.sub("", str(note or ""))
    kept = [_capitalised(_without_working_notes(sentence)) for sentence in _sentences(note)]
    return codes_in_words(" ".join(sentence for sentence in kept if sentence), names)


def codes_in_words(text: str, names: Mapping[str, str]) -> str:
    """Free text (a note, a page or section) with its codes in words: publication ids and
    measure codes by their labels in ``names``, any other code by its words, ``fn19`` as
    "footnote 19"; web addresses are kept as written."""
    parts, last = [], 0
    for match in URL_PATTERN.finditer(text):
        url = match.group(0).rstrip(".,;:")
        parts.append(_words(text[last : match.start()], names))
        parts.append(url)
        last = match.start() + len(url)
    parts.append(_words(text[last:], names))
    return "".join(parts)


def linkify(text: str) -> Markup:
    """Escape free text and turn each web address in it into a link."""
    parts, last = [], 0
    for match in URL_PATTERN.finditer(text):
        url = match.group(0).rstrip(".,;:")
        parts.append(escape(text[last : match.start()]))
        parts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = match.start() + len(url)
    parts.append(escape(text[last:]))
    return Markup("".join(parts))


def _words(text: str, names: Mapping[str, str]) -> str:
    text = re.sub(r"\bfn(\d+)\b", r"footnote \1", text)
    text = re.sub(rf"({CODE_PATTERN.pattern}) = ", r"\1 is ", text)
    return CODE_PATTERN.sub(lambda match: label(match.group(0), names), text)


def _sentences(text: str) -> list[str]:
    """Sentences of a note, split after a full stop that closes a bracket-free stretch."""
    sentences, depth, start = [], 0, 0
    for position, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        end = position + 1
        closes = character == "." and depth <= 0 and (end == len(text) or text[end] == " ")
        if closes and not URL_PATTERN.search(text[max(0, position - 1) : end + 1]):
            sentences.append(text[start:end].strip())
            start = end
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _capitalised(sentence: str) -> str:
    """A sentence beginning with a capital letter (a raw note may start in lower case); one that
    begins with a code or an address is left as written."""
    first = sentence.split(" ", 1)[0]
    if not sentence or CODE_PATTERN.match(first) or URL_PATTERN.match(first):
        return sentence
    return sentence[0].upper() + sentence[1:]


def _without_working_notes(sentence: str) -> str:
    """The sentence without its bracketed asides and ``;`` clauses that are working notes; empty
    if nothing else is left."""
    sentence = re.sub(
        r"\s*\(([^()]*)\)", lambda m: "" if _is_working(m.group(1)) else m.group(0), sentence
    )
    clauses = [clause for clause in _clauses(sentence) if not _is_working(clause)]
    kept = "; ".join(clauses).strip()
    if kept and not kept.endswith((".", "?", "!")):
        kept += "."
    return "" if kept in (".", "") else kept


def _is_working(text: str) -> bool:
    return bool(WORKING_LOG.search(URL_PATTERN.sub("", text)))


def _clauses(sentence: str) -> list[str]:
    """``;``-separated clauses outside brackets."""
    clauses, depth, start = [], 0, 0
    for position, character in enumerate(sentence):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == ";" and depth == 0:
            clauses.append(sentence[start:position].strip())
            start = position + 1
    clauses.append(sentence[start:].strip().rstrip("."))
    return [clause for clause in clauses if clause]


#: A pandas table in a notebook's HTML output.
DATAFRAME_TABLE = re.compile(r'<table[^>]*class="dataframe"[^>]*>.*?</table>', re.DOTALL)
#: One cell of a table: tag, attributes, content.
TABLE_CELL = re.compile(r"<(th|td)([^>]*)>([^<]*)</\1>")
#: The first header cell of a table row, empty or a number (pandas' default index).
INDEX_CELL = re.compile(r"(<tr[^>]*>\s*)<th[^>]*>(\d*)</th>\s*")


def tidy_tables(html: str, names: Mapping[str, str]) -> str:
    """Notebook tables as a reviewer reads them: a default index (0, 1, 2 ...) is dropped; a data
    cell holding only a code shows its label in ``names`` (a publication id its title, a measure
    its definition), and any other cell holding only a code shows it in words (``face_to_face``
    -> "face to face"; a column heading stays short)."""
    return DATAFRAME_TABLE.sub(lambda match: _tidy_table(match.group(0), names), html)


def _tidy_table(table: str, names: Mapping[str, str]) -> str:
    body = table.split("<tbody>", 1)[-1]
    numbers = [cell for _, cell in INDEX_CELL.findall(body)]
    rows = body.count("<tr")
    if rows and numbers == [str(index) for index in range(rows)]:
        table = INDEX_CELL.sub(r"\1", table)
    return TABLE_CELL.sub(lambda match: _cell_in_words(match, names), table)


def _cell_in_words(match: re.Match[str], names: Mapping[str, str]) -> str:
    tag, attributes, content = match.groups()
    if CODE_PATTERN.fullmatch(content.strip()):
        code = content.strip()
        content = escape(label(code, names) if tag == "td" else humanise(code))
    return f"<{tag}{attributes}>{content}</{tag}>"
