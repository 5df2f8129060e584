"""The reviewer's report: a static site of the audit, a page per claim, notebooks, charts, sources.

Input: the audit (:func:`mutualstats.claims.audit`) and each claim's recomputation, the raw rows
they were read from (:mod:`mutualstats.claims.trace`), the publications table, the committed
notebooks in ``notebooks/``, the charts (:data:`mutualstats.figures.CHARTS`), the data dictionary
(:mod:`mutualstats.dictionary`) and the processed tables. Output: ``reports/site/``::

    index.html  audit.html  audit.csv  publications.html  notebooks.html  figures.html
    dictionary.html  site.css  audit-filter.js  [briefing.html]
    claims/<claim id>.html   notebooks/NN-topic.html   figures/<chart>.png|svg
    data/datapackage.json + <table>.csv + mutualstats-processed.zip   data/raw/<source>/<file>.csv

The site is built in a folder beside the target and swapped in whole by :func:`write_site`.
Nothing on it loads from the network: notebook images are embedded as data, charts and the audit
filter are local files, and the pages (templates in ``site_templates/``) link only those.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from mutualstats import datasets, dictionary
from mutualstats.config import (
    EXCLUSIONS_TABLE,
    PUBLISHED_FOLDER_MODE,
    REGISTER_TABLE,
    project_root,
    raw_dir,
    reports_dir,
)
from mutualstats.datapackage import PACKAGE_ZIP, write_datapackage, write_zip
from mutualstats.folders import remove_leftovers, replace_folder
from mutualstats.site_claims import claim_views, publication_views, text_labels
from mutualstats.site_pages import (
    ASSETS,
    Chart,
    NotebookPage,
    SiteData,
    asset,
    render_pages,
    stylesheet,
)
from mutualstats.site_text import tidy_tables

#: How the lines below a chart begin (its source and notes), which are not its title.
FOOTER_START = ("Source", "Sources", "Note")

#: Tags whose ``src`` or ``href`` a browser fetches to render the page (``<a href>`` it does not).
RESOURCE_TAGS = ("script", "img", "link", "iframe", "source", "video", "audio", "embed", "object")


def write_site(
    year: int, directory: Path | None = None, briefing: Path | None = None
) -> list[Path]:
    """Build the whole site aside, then swap it into ``directory`` (default ``reports/site``).

    ``year`` is the survey year the charts highlight; with ``briefing`` (a briefing's plain text)
    the site also holds ``briefing.html``, its annotated copy, each matched number linking to its
    claim's page. Returns the files written, sorted.

    Raises
    ------
    ValueError
        If a page would load a resource from the network.
    DataPackageError
        If the data package written is not valid under frictionless
        (:func:`mutualstats.datapackage.validate_datapackage`); nothing is published.
    """
    target = directory or reports_dir() / "site"
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, f".{target.name}-")  # of reports that were stopped
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    staging.chmod(PUBLISHED_FOLDER_MODE)
    try:
        _build_into(staging, year, briefing)
        replace_folder(staging, target, f".{target.name}-")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(path for path in target.rglob("*") if path.is_file())


@cache
def _notebook_exporter() -> HTMLExporter:
    """One exporter for every notebook: its templates are compiled once."""
    return HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True
    )


def render_notebook(path: Path, names: Mapping[str, str]) -> NotebookPage:
    """A committed notebook as an HTML fragment with its stored outputs, without prompts, its
    tables' codes in the words of ``names`` (:func:`mutualstats.site_text.tidy_tables`).

    nbconvert's ``basic`` template gives the cells only: no require.js, MathJax or CSS from a
    CDN. Images are already embedded in the outputs as data URIs.
    """
    notebook = nbformat.read(path, as_version=4)
    body, _ = _notebook_exporter().from_notebook_node(notebook)
    title = _notebook_title(notebook, path.stem)
    return NotebookPage(stem=path.stem, title=title, body=tidy_tables(body, names))


def export_charts(year: int, directory: Path) -> list[Chart]:
    """Build every chart of ``CHARTS``, export it (PNG, SVG and the CSV of the rows plotted) into
    ``directory``, and return each with the title and subtitle drawn on it."""
    from mutualstats.figures import build_and_export_all

    charts = []
    for exported in build_and_export_all(year, directory):
        text = exported.text
        title, subtitle = (text.title, text.subtitle) if text is not None else (exported.name, "")
        charts.append(
            Chart(exported.name, " ".join(title.split()), subtitle=" ".join(subtitle.split()))
        )
    return charts


def page_references(html: str) -> list[tuple[str, str, str]]:
    """Every ``href`` and ``src`` of a page, as (tag, attribute, value), in document order."""
    parser = _ReferenceParser()
    parser.feed(html)
    parser.close()
    return parser.references


def page_ids(html: str) -> set[str]:
    """Every ``id`` on a page, the targets of its ``#fragment`` links."""
    parser = _ReferenceParser()
    parser.feed(html)
    parser.close()
    return parser.ids


def remote_resources(html: str) -> list[str]:
    """Addresses a browser would fetch from the network to render ``html``.

    A link to a publisher's page (``<a href="https://...">``) is not a resource; a script,
    stylesheet, image or frame from an http(s) or protocol-relative address is.
    """
    return [
        value
        for tag, _, value in page_references(html)
        if tag in RESOURCE_TAGS and value.strip().lower().startswith(("http:", "https:", "//"))
    ]


def _build_into(directory: Path, year: int, briefing: Path | None) -> None:
    from mutualstats.claims import audit, judge_all

    judged = judge_all()
    table = audit(judged=judged)
    tables = dictionary.tables()
    write_datapackage(tables, directory / "data")
    write_zip(directory / "data")
    (directory / "audit.csv").write_text(audit_csv(table), encoding="utf-8")
    charts = export_charts(year, directory / "figures")
    labels = text_labels()
    publications = publication_views(table, judged, labels)
    views = claim_views(table, judged, publications, charts, labels)
    charts = [
        Chart(
            chart.name,
            chart.title,
            tuple(v.claim_id for v in views if v.chart == chart),
            chart.subtitle,
        )
        for chart in charts
    ]
    _copy_raw_files(views, directory)
    notebooks = [
        render_notebook(path, labels)
        for path in sorted((project_root() / "notebooks").glob("[0-9]*.ipynb"))
    ]
    data = SiteData(
        claims=views,
        publications=sorted(publications.values(), key=lambda p: (p.source_id, p.publication_id)),
        notebooks=notebooks,
        charts=charts,
        tables=tables,
        labels={f.name: f.title for t in tables for f in t.fields if f.title},
        package_zip=PACKAGE_ZIP,
        briefing=briefing is not None,
    )
    pages = render_pages(data)
    for name, html in pages.items():
        found = remote_resources(html)
        if found:
            raise ValueError(f"{name} would load from the network: {found[:3]}")
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    (directory / "site.css").write_text(stylesheet(), encoding="utf-8")
    for name in ASSETS:
        (directory / name).write_text(asset(name), encoding="utf-8")
    if briefing is not None:
        write_briefing(briefing, directory / "briefing.html", "claims/")


def audit_csv(table) -> str:
    """The audit table as ``mutualstats audit --format csv`` writes it."""
    from mutualstats.claims.report import to_csv

    return to_csv(table)


def write_briefing(path: Path, target: Path, claim_pages: str) -> Path:
    """The annotated copy of the briefing at ``path``, each matched number linking to
    ``<claim_pages><claim id>.html``.

    Raises
    ------
    OSError, UnicodeDecodeError
        If the briefing cannot be read as UTF-8 text.
    """
    from mutualstats.scan import read_briefing, scan
    from mutualstats.scan_report import write_annotated

    result = scan(
        read_briefing(path), datasets.load(REGISTER_TABLE), datasets.load(EXCLUSIONS_TABLE)
    )
    return write_annotated(result, target, path.name, claim_pages=claim_pages)


def _copy_raw_files(views, directory: Path) -> None:
    """Copy each raw file a claim page names into the site, at its path in the project."""
    rows = [row for view in views for row in (*view.raw_rows, *view.context_rows)]
    for path in sorted({row.path for row in rows}):
        source = raw_dir() / Path(path).relative_to("data/raw")
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


class _ReferenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.references.append((tag, name, value))
            elif name == "id" and value is not None:
                self.ids.add(value)


def _notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first Markdown heading of the notebook, without its ``#`` marks."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return fallback
