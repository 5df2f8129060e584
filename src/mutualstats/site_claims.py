"""The records behind the site's claim pages and sources page.

Input: the claims judged once (:func:`mutualstats.claims.judge_all`: each claim's finding, the
raw rows its value was read from and those of the other values its evidence cites) and the audit
table made from them (:func:`mutualstats.claims.audit`), and the ``publications`` table. Output:
:class:`~mutualstats.site_pages.ClaimView` and :class:`~mutualstats.site_pages.PublicationView`
records, with labels instead of codes.
"""

from __future__ import annotations

import pandas as pd

from mutualstats import claims, datasets, workforce
from mutualstats.claims.registry import admitted_in_words
from mutualstats.claims.report import recomputed_in_words
from mutualstats.claims.trace import RawRow
from mutualstats.config import REGISTER_TABLE
from mutualstats.site_pages import (
    Chart,
    ClaimView,
    PublicationView,
    chart_for,
    cited_missing,
    judged_period,
    text,
)
from mutualstats.site_text import (
    CODE_PATTERN,
    codes_in_words,
    label,
    linkify,
    measure_labels,
    publication_labels,
    reviewer_note,
)
from mutualstats.statistic import Statistic
from mutualstats.vocabulary import SECTION_TITLES, measure_definition, measure_definitions


def text_labels() -> dict[str, str]:
    """Words for the codes an evidence note or a raw row may hold: measures (their definitions in
    the models' vocabularies and the mutual-sector measures vocabulary), Skills for Care scopes
    (their labels) and publication ids (their titles)."""
    return {
        **measure_definitions(),
        **measure_labels(datasets.load("psm_headline_figures")),
        **workforce.scope_labels(datasets.load("sfc_scopes")),
        **publication_labels(datasets.load("publications")),
    }


def publication_views(
    table: pd.DataFrame, judged: list[claims.Judged], labels: dict[str, str]
) -> dict[str, PublicationView]:
    """Every publication of the ``publications`` table by id, with the processed tables that
    hold its rows, the claims whose value was read in it (or on its page) or whose footnote cites
    it, and the claims whose evidence cites its rows (``judged``: :func:`claims.judge_all`); the
    pages read with their codes in the words of ``labels`` (:func:`text_labels`)."""
    publications = datasets.load("publications")
    titles = publication_labels(publications)
    holders: dict[str, list[str]] = {}
    for name in datasets.available():
        frame = datasets.load(name)
        if "publication_id" in frame and name != "publications":
            for publication_id in frame["publication_id"].dropna().unique():
                holders.setdefault(str(publication_id), []).append(name)
    used: dict[str, list[str]] = {}
    cited: dict[str, set[str]] = {}
    for item in judged:
        for row in item.context_rows:
            if row.cells.get("publication_id"):
                cited.setdefault(row.cells["publication_id"], set()).add(item.claim.claim_id)
    # A value read on a page registered as a publication of its own (a co-publisher's copy of
    # the report) is listed under that publication too.
    # Publications without a URL are left out: a claim with none must not match one of them.
    with_url = publications.dropna(subset=["url"])
    by_url = dict(zip(with_url["url"], with_url["publication_id"], strict=True))
    for row in table.itertuples(index=False):
        on_page = by_url.get(row.url) if isinstance(row.url, str) else None
        for publication_id in {row.publication_id, row.cited_publication_id, on_page}:
            if isinstance(publication_id, str):
                used.setdefault(publication_id, []).append(row.claim_id)
    return {
        str(row.publication_id): PublicationView(
            publication_id=str(row.publication_id),
            title=titles[str(row.publication_id)],
            publisher=text(row.publisher),
            date_published=text(row.date_published) or "not recorded",
            url=text(row.url),
            mirror_url=text(row.mirror_url),
            pages=codes_in_words(text(row.pages), labels),
            source_id=text(row.source_id),
            tables=tuple(holders.get(str(row.publication_id), ())),
            claims=tuple(sorted(used.get(str(row.publication_id), ()))),
            evidence_claims=tuple(sorted(cited.get(str(row.publication_id), ()))),
        )
        for row in publications.itertuples(index=False)
    }


def claim_views(
    table: pd.DataFrame,
    judged: list[claims.Judged],
    publications: dict[str, PublicationView],
    charts: list[Chart],
    labels: dict[str, str],
) -> list[ClaimView]:
    """One record per row of the audit, in its order, for the audit table and the claim pages;
    ``judged``: the claims the audit ``table`` was made from (:func:`claims.judge_all`)."""
    register = datasets.load(REGISTER_TABLE).set_index("claim_id")
    by_claim = {item.claim.claim_id: item for item in judged}
    views = []
    for row in table.itertuples(index=False):
        item = by_claim[row.claim_id]
        claim, finding = item.claim, item.finding
        statistic = finding.statistic
        rows, cited_rows = list(item.raw_rows), list(item.context_rows)
        publication = publications.get(text(row.publication_id))
        views.append(
            ClaimView(
                claim_id=row.claim_id,
                section=SECTION_TITLES.get(text(row.section), text(row.section)),
                subject=text(register.loc[row.claim_id, "subject"]),
                footnote=text(row.footnote),
                printed=text(row.value_as_printed),
                recomputed=recomputed_in_words(text(row.recomputed), text(row.verdict)),
                verdict=text(row.verdict),
                measure="" if statistic is None else measure_label(statistic, labels),
                period=judged_period(statistic),
                admits=admitted_in_words(claim),
                cited=publications.get(text(row.cited_publication_id)),
                cited_page=codes_in_words(text(row.cited_page), labels),
                cited_missing=cited_missing(
                    text(row.footnote), text(register.loc[row.claim_id, "cited_source"])
                ),
                footnote_as_printed=linkify(text(register.loc[row.claim_id, "cited_source"])),
                found=publication,
                found_page=codes_in_words(text(row.page), labels),
                found_url=text(row.url),
                note=reviewer_note(text(row.note), labels),
                caveats=tuple(reviewer_note(caveat, labels) for caveat in finding.caveats),
                raw_rows=tuple(rows),
                raw_cells=_cells(rows, labels),
                context_rows=tuple(cited_rows),
                context_cells=_cells(cited_rows, labels),
                chart=None if statistic is None else chart_for(statistic.measure, charts),
            )
        )
    return views


def measure_label(statistic: Statistic, labels: dict[str, str]) -> str:
    """What the statistic measures, in words: its definition in the vocabulary of the source it
    was read from (or of derived measures), else its label among ``labels``."""
    defined = measure_definition(statistic.source_id, statistic.measure)
    return defined or label(statistic.measure, labels)


def _cells(rows: list[RawRow], labels: dict[str, str]) -> tuple[dict[str, str], ...]:
    """Each raw row's non-empty cells as a reviewer reads them: codes shown by their labels, a
    note without working notes (the row itself is shown as written beside them)."""
    return tuple({name: _cell(name, value, labels) for name, value in row.cells.items() if value}
                 for row in rows)  # fmt: skip


def _cell(name: str, value: str, labels: dict[str, str]) -> str:
    if name == "source_id":
        # The folder the row is filed in, which may hold several publishers' rows: shown as the
        # folder, never by one publication's title.
        return f"data/raw/{value}/"
    if name == "note":
        return reviewer_note(value, labels)
    return label(value, labels) if CODE_PATTERN.fullmatch(value) else value
