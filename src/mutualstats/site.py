"""The reviewer's report: a static site of the audit, notebooks, charts and data dictionary.

Input: the audit (:func:`mutualstats.claims.audit`), the committed notebooks in ``notebooks/``,
the charts (:data:`mutualstats.figures.CHARTS`), the data dictionary
(:mod:`mutualstats.dictionary`) and the processed tables. Output: ``reports/site/``::

    index.html  audit.html  notebooks.html  figures.html  dictionary.html  site.css
    notebooks/NN-topic.html   figures/<chart>.png|svg   data/datapackage.json + <table>.csv

The site is built in a folder beside the target and swapped in whole by :func:`write_site`.
Nothing on it loads from the network: notebook images are embedded as data, charts are local
files, and the pages (:mod:`mutualstats.site_pages`) link only ``site.css``.
"""

from __future__ import annotations

import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
from nbconvert import HTMLExporter

from mutualstats import datasets, dictionary
from mutualstats.config import PUBLISHED_FOLDER_MODE, project_root, reports_dir
from mutualstats.datapackage import write_datapackage
from mutualstats.site_pages import (
    Chart,
    NotebookPage,
    audit_page,
    dictionary_page,
    figures_page,
    index_page,
    notebook_page,
    notebooks_index_page,
)
from mutualstats.site_style import stylesheet

#: Tags whose ``src`` or ``href`` a browser fetches to render the page (``<a href>`` it does not).
RESOURCE_TAGS = ("script", "img", "link", "iframe", "source", "video", "audio", "embed", "object")


def write_site(year: int, directory: Path | None = None) -> list[Path]:
    """Build the whole site aside, then swap it into ``directory`` (default ``reports/site``).

    ``year`` is the survey year the charts highlight. Returns the files written, sorted.

    Raises
    ------
    ValueError
        If a page would load a resource from the network.
    """
    target = directory or reports_dir() / "site"
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    staging.chmod(PUBLISHED_FOLDER_MODE)
    try:
        _build_into(staging, year)
        retired = target.parent / f".{target.name}-retired"
        shutil.rmtree(retired, ignore_errors=True)
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(path for path in target.rglob("*") if path.is_file())


def render_notebook(path: Path) -> NotebookPage:
    """A committed notebook as an HTML fragment with its stored outputs, without prompts.

    nbconvert's ``basic`` template gives the cells only: no require.js, MathJax or CSS from a
    CDN. Images are already embedded in the outputs as data URIs.
    """
    notebook = nbformat.read(path, as_version=4)
    exporter = HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(notebook)
    return NotebookPage(stem=path.stem, title=_notebook_title(notebook, path.stem), body=body)


def export_charts(year: int, directory: Path) -> list[Chart]:
    """Build every chart of ``CHARTS`` and export it as PNG and SVG into ``directory``."""
    from mutualstats.figures import CHARTS, export

    charts = []
    for name, builder in CHARTS.items():
        fig = builder(year)
        title = fig.get_suptitle() or next(
            (ax.get_title() for ax in fig.axes if ax.get_title()), name
        )
        export(fig, name, directory)
        plt.close(fig)
        charts.append(Chart(name=name, title=" ".join(title.split())))
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


def _build_into(directory: Path, year: int) -> None:
    from mutualstats.claims import audit

    table = audit()
    register = datasets.load("briefing_claims")
    subjects = dict(zip(register["claim_id"], register["subject"], strict=True))
    source_ids = sorted({str(s) for s in table["source_id"].dropna()})
    source_urls = {source_id: datasets.provenance(source_id).urls() for source_id in source_ids}
    tables = dictionary.tables()
    write_datapackage(tables, directory / "data")
    charts = export_charts(year, directory / "figures")
    notebooks = [
        render_notebook(path)
        for path in sorted((project_root() / "notebooks").glob("[0-9]*.ipynb"))
    ]
    pages = {
        "index.html": index_page(table, notebooks, charts),
        "audit.html": audit_page(table, subjects, source_urls),
        "notebooks.html": notebooks_index_page(notebooks),
        "figures.html": figures_page(charts),
        "dictionary.html": dictionary_page(tables),
    }
    pages.update({f"notebooks/{nb.stem}.html": notebook_page(nb) for nb in notebooks})
    for name, html in pages.items():
        found = remote_resources(html)
        if found:
            raise ValueError(f"{name} would load from the network: {found[:3]}")
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    (directory / "site.css").write_text(stylesheet(), encoding="utf-8")


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
