"""The audit as a notebook's reader sees it: what a notebook covers, its claims with their
verdicts, and the evidence, with codes in words.

A notebook narrates; the words that carry a number (a footnote, a count of claims, a year of
publication) are generated here from the claims register, the audit and each source folder's
``source.yaml``, so no notebook types them. Publication ids and measure codes are shown in the
words the reviewer's site uses (:func:`mutualstats.site_claims.text_labels`).

Input: the audit table (:func:`mutualstats.claims.audit`) and source folder ids; output: frames
of text and Markdown, for display only (never for computing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from mutualstats import claims, datasets
from mutualstats.claims.report import CAVEAT_SEPARATOR
from mutualstats.config import REGISTER_TABLE, VERDICTS
from mutualstats.dates import year_published
from mutualstats.display import tidy_table
from mutualstats.site_claims import text_labels
from mutualstats.site_text import (
    URL_PATTERN,
    codes_in_words,
    humanise,
    label,
    publication_short_labels,
    reviewer_text,
)
from mutualstats.statistic import format_value, in_words
from mutualstats.vocabulary import CLAIM_DIGITS, CLAIM_PREFIX, SECTION_TITLES

#: Columns of the processed tables that hold codes, shown in words by :func:`table_in_words`.
CODE_COLUMNS = frozenset({"measure", "scope", "qualifier", "publication", "publication_id"})

#: How many characters of a web address a table shows (pandas' default column width): the words
#: of a table are shown in full, and an address, which cannot wrap, no wider than this.
ADDRESS_WIDTH = 50
#: What ends a web address cut to :data:`ADDRESS_WIDTH`.
CUT_MARK = "…"

#: The columns of :func:`claims_table`, with the audit (or register) column each shows.
CLAIM_COLUMNS = {
    "what the briefing states": "subject",
    "briefing says": "value_as_printed",
    "data give": "recomputed",
    "verdict": "verdict",
    "footnote": "footnote",
    "footnote cites": "cited_publication_id",
    "value read in": "publication_id",
}


def covers(table: pd.DataFrame, source_ids: Sequence[str] | None = None) -> str:
    """What a notebook covers, as Markdown for its opening: the briefing's sections and
    paragraphs of the audit rows ``table``, their claims and footnotes, and the data read: each
    folder of ``source_ids`` (the notebook's own tables), then the folders the values of
    ``table`` were read from and those its footnotes cite, by its publisher, title, publications
    held and date read, from its ``source.yaml``."""
    register = _register(table)
    places = [
        f"*{SECTION_TITLES[section]}* ({_listed(f'“{p}”' for p in rows['paragraph'].unique())})"
        for section, rows in register.groupby("section", sort=False)
    ]
    footnotes = sorted({int(note) for note in table["footnote"].dropna()})
    cited = "no footnote"
    if footnotes:
        cited = f"footnote{'s' if len(footnotes) > 1 else ''} {_runs(footnotes)}"
    numbers = sorted(int(claim_id[len(CLAIM_PREFIX) :]) for claim_id in table["claim_id"])
    claim_ids = _runs(numbers, CLAIM_PREFIX, CLAIM_DIGITS)
    read = [*table["source_id"].dropna(), *register["cited_source_id"].dropna()]
    source_ids = list(dict.fromkeys([*(source_ids or []), *read]))
    lines = [
        f"**Briefing:** {_listed(places)}; claims {claim_ids}; {cited}.",
        "",
        "**Data read** (provenance in each folder's `source.yaml`):",
        "",
        *[f"- {_source_in_words(source_id)}" for source_id in source_ids],
    ]
    return "\n".join(lines)


def claims_table(table: pd.DataFrame) -> pd.DataFrame:
    """The audit rows ``table`` as a notebook shows them, one row per claim (the index): what the
    briefing states (the register's subject), the value it prints, what the data give (in the
    words of the reviewer's pages), the verdict, the footnote, and the publication the footnote
    cites and the one the value was read in, by publisher and year."""
    rows = claims.with_recomputed_in_words(table).merge(
        _register(table)[["claim_id", "subject"]], on="claim_id", how="left", validate="1:1"
    )
    names = publication_short_labels(datasets.load("publications"))
    for column in ("cited_publication_id", "publication_id"):
        rows[column] = [names.get(str(code), "") if pd.notna(code) else "" for code in rows[column]]
    shown = rows.set_index("claim_id")[list(CLAIM_COLUMNS.values())]
    shown.columns = list(CLAIM_COLUMNS)
    return tidy_table(shown).rename_axis("claim")


def verdict_table(table: pd.DataFrame) -> pd.DataFrame:
    """Each verdict (the index, in the vocabulary's order) with its meaning and the number of
    claims of ``table`` given it."""
    return pd.DataFrame(
        {"meaning": list(VERDICTS.values()), "claims": claims.verdict_counts(table).tolist()},
        index=pd.Index(list(VERDICTS), name="verdict"),
    )


def evidence(table: pd.DataFrame, verdicts: Iterable[str]) -> str:
    """The evidence of each claim of ``table`` given one of ``verdicts``, as Markdown: the claim,
    its footnote, the value printed and the verdict, then the evidence note with publication ids
    and measure codes in words (as the reviewer's site shows it)."""
    names = text_labels()
    chosen = table.loc[table["verdict"].isin(list(verdicts))]
    return "\n\n".join(
        f"**{row.claim_id}** ({_footnote(row.footnote)}), “{row.value_as_printed}”: "
        f"*{row.verdict}*. {reviewer_text(row.note, names)}"
        for row in chosen.itertuples()
    )


def caveats(table: pd.DataFrame, verdicts: Iterable[str]) -> str:
    """The caveats of each claim of ``table`` given one of ``verdicts``, as a Markdown list, their
    codes in words; each caveat reads as a sentence of its own."""
    names = text_labels()
    chosen = table.loc[table["verdict"].isin(list(verdicts))].dropna(subset=["caveats"])
    return "\n".join(
        f"- **{row.claim_id}** “{row.value_as_printed}”: "
        + " ".join(reviewer_text(caveat, names) for caveat in row.caveats.split(CAVEAT_SEPARATOR))
        for row in chosen.itertuples()
    )


def table_in_words(table: pd.DataFrame) -> pd.DataFrame:
    """A table of the processed data as a reader reads it: headings without underscores
    (``turnover_rate_pct`` -> "turnover rate (%)"), and the codes in its columns of codes
    (:data:`CODE_COLUMNS`: measures, scopes and qualifiers in the words of the reviewer's site,
    publications by publisher and year). A cell holding only a web address longer than
    :data:`ADDRESS_WIDTH` shows its start (:func:`short_address`), so a notebook can show every
    other cell in full and the table stays narrow; values, and every other cell, are as they
    were."""
    names = {**text_labels(), **publication_short_labels(datasets.load("publications"))}
    shown = table.copy()
    for column in CODE_COLUMNS.intersection(shown.columns):
        shown[column] = [label(code, names) for code in shown[column]]
    for column in shown.columns:
        if shown[column].map(_is_long_address).any():
            shown[column] = [short_address(cell) for cell in shown[column]]
    return shown.rename(columns=humanise)


def short_address(cell: object) -> object:
    """A cell holding only a web address longer than :data:`ADDRESS_WIDTH`, cut to that width
    and ending in :data:`CUT_MARK` (an address has no space to wrap at, so in full it widens its
    column past the page); any other cell as it is."""
    if not _is_long_address(cell):
        return cell
    return str(cell)[: ADDRESS_WIDTH - len(CUT_MARK)] + CUT_MARK


def _is_long_address(cell: object) -> bool:
    return isinstance(cell, str) and len(cell) > ADDRESS_WIDTH and bool(URL_PATTERN.fullmatch(cell))


def status_counts(statuses: pd.Series, words: Mapping[str, str], counted: str) -> pd.DataFrame:
    """How many of ``statuses`` hold each status of the vocabulary ``words`` (status code ->
    words), one row per status in the vocabulary's order (none held is 0), indexed by its words,
    with the count under the heading ``counted`` ("figures", "survey years").

    Raises
    ------
    ValueError
        If ``statuses`` holds a status the vocabulary does not define.
    """
    undefined = sorted(set(statuses.dropna()) - set(words))
    if undefined:
        raise ValueError(
            f"statuses not in the vocabulary ({', '.join(words)}): {', '.join(undefined)}"
        )
    counts = statuses.value_counts()
    return pd.DataFrame(
        {counted: [int(counts.get(status, 0)) for status in words]},
        index=pd.Index(list(words.values()), name="status"),
    )


def published_statements(rows: pd.DataFrame) -> str:
    """Rows of a processed table (``psm_headline_figures``) as a Markdown list a reader reads:
    for each, the publication by publisher and year and the page or section it was read on, the
    measure's definition and the value with its unit, then its note as the reviewer's site gives
    it (codes in words, ``fn14`` as "footnote 14", working notes left out)."""
    names = text_labels()
    publications = publication_short_labels(datasets.load("publications"))
    return "\n".join(
        f"- **{label(row.publication_id, publications)}**, "
        f"{codes_in_words(str(row.page_or_section), names)}: {label(row.measure, names)}, "
        f"**{format_value(row.value, row.unit)}**. {reviewer_text(row.note, names)}".rstrip()
        for row in rows.itertuples()
    )


def _register(table: pd.DataFrame) -> pd.DataFrame:
    """The register's rows of the claims of ``table``, in the table's order."""
    register = datasets.load(REGISTER_TABLE).set_index("claim_id")
    return register.loc[list(table["claim_id"])].reset_index()


def _source_in_words(source_id: str) -> str:
    """A source folder as a reader meets it: publisher, title, the publications held and the
    years they were published, the folder and the date it was read."""
    record = datasets.provenance(source_id)
    held = len(record.publications)
    dated = [
        year
        for publication in record.publications
        if (year := year_published(str(publication.get("date_published") or ""))) is not None
    ]
    span = ""
    if dated:
        span = f", {_span(sorted(set(dated)))}{'' if len(dated) == held else ', some undated'}"
    count = f"{in_words(held)} publication{'s' if held != 1 else ''} held"
    return (
        f"{record.publisher}, *{record.title}*: {count}{span} "
        f"(`data/raw/{source_id}/`, read {record.date_accessed})"
    )


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]} to {years[-1]}"


def _footnote(footnote: object) -> str:
    return "no footnote" if pd.isna(footnote) else f"footnote {footnote}"  # type: ignore[arg-type]


def _runs(numbers: list[int], prefix: str = "", width: int = 0) -> str:
    """Numbers as a reader lists them, each run of three or more consecutive ones by its ends:
    [14, 15, 16, 20, 22, 23] -> "14 to 16, 20, 22 and 23"; each written with ``prefix``, padded
    to ``width`` digits."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])

    def written(number: int) -> str:
        return f"{prefix}{number:0{width}d}" if width else f"{prefix}{number}"

    items: list[str] = []
    for run in runs:
        items += [f"{written(run[0])} to {written(run[-1])}"] if len(run) > 2 else map(written, run)
    return _listed(items)


def _listed(items: Iterable[str]) -> str:
    """Items joined as a reader lists them: "a", "a and b", "a, b and c"."""
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


__all__ = [
    "ADDRESS_WIDTH",
    "CLAIM_COLUMNS",
    "CODE_COLUMNS",
    "CUT_MARK",
    "caveats",
    "claims_table",
    "covers",
    "evidence",
    "published_statements",
    "short_address",
    "status_counts",
    "table_in_words",
    "verdict_table",
]
