"""Pages of the reviewer's site: records for the templates, and the templates rendered.

The markup lives in Jinja2 templates under ``site_templates/`` (autoescaped), the stylesheet in
``site_templates/site.css`` and the audit filter in ``site_templates/audit-filter.js``, all shipped
with the package. This module builds the records the templates show (:class:`ClaimView`,
:class:`PublicationView`, :class:`Chart`, :class:`NotebookPage`) from the audit and the processed
tables, and renders them; :mod:`mutualstats.site` gathers the inputs and writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pygments.formatters import HtmlFormatter

from mutualstats import __version__
from mutualstats.claims.trace import RawRow
from mutualstats.config import VERDICTS
from mutualstats.site_text import humanise
from mutualstats.statistic import Statistic

#: Pages of the top navigation: file name and label.
NAV = (
    ("index.html", "Overview"),
    ("audit.html", "Audit"),
    ("publications.html", "Sources"),
    ("notebooks.html", "Notebooks"),
    ("figures.html", "Charts"),
    ("dictionary.html", "Data dictionary"),
)

#: The package folder of the templates and the files copied beside the pages.
TEMPLATES = "site_templates"
#: Files of ``site_templates/`` copied into the site as they are.
ASSETS = ("audit-filter.js",)

#: The measures (or, where a statistic names none, the source) each chart draws, so a claim's
#: page shows the chart of what it was judged against. A test checks every name is a chart.
CHART_MEASURES = {
    "nhs_satisfaction": (
        "nhs_satisfied_pct", "nhs_years_lowest_stated", "nhs_years_provably_lowest",
        "nhs_satisfied_change_pp",
    ),
    "social_care_satisfaction": ("social_care_satisfied_pct",),
    "asc_vacancies": ("vacancies",),
    "asc_turnover_vs_leaving_sector": ("leaving_sector_rate_pct",),
    "nhs_trust_vacancies": ("vacancies_fte",),
    "health_spending_growth": ("health_spending_growth_pct",),
    "health_share_of_spending": ("health_share_total_public_spending",),
    "psm_indicators": ("developed_new_products_services_pct",),
    "psm_profitability": ("profitable_pct",),
    "cipfa_benefits": ("more_innovative_pct", "better_quality_than_public_sector_pct"),
}  # fmt: skip


@dataclass(frozen=True)
class NotebookPage:
    """A notebook rendered to an HTML fragment, with its file stem and first heading."""

    stem: str
    title: str
    body: str


@dataclass(frozen=True)
class Chart:
    """An exported chart: its export name, the title and subtitle drawn on it and the claims it
    shows (captions and alt text come from the title and subtitle)."""

    name: str
    title: str
    claims: tuple[str, ...] = ()
    subtitle: str = ""

    @property
    def alt(self) -> str:
        """Alt text: the finding, then what is measured."""
        return f"{self.title}. {self.subtitle}" if self.subtitle else self.title


@dataclass(frozen=True)
class PublicationView:
    """A publication as the site shows it, with the tables and claims that use it."""

    publication_id: str
    title: str
    publisher: str
    date_published: str
    url: str
    pages: str
    source_id: str
    tables: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    mirror_url: str = ""
    evidence_claims: tuple[str, ...] = ()

    @property
    def href(self) -> str:
        """The address to link, if ``url`` is a web address (it may say why there is none)."""
        return web_address(self.url)

    @property
    def mirror_href(self) -> str:
        """Another copy of the publication hosted elsewhere, linked after the publisher's page."""
        return web_address(self.mirror_url)


@dataclass(frozen=True)
class ClaimView:
    """One claim's page: values, verdict, publications cited and found, evidence, raw rows."""

    claim_id: str
    section: str
    subject: str
    footnote: str
    printed: str
    recomputed: str
    verdict: str
    measure: str
    period: str
    admits: str
    cited: PublicationView | None
    cited_page: str
    #: Why no cited publication is shown, where none is: the footnote as registered, or none.
    cited_missing: str
    #: The footnote as the briefing prints it (the register's ``cited_source``), its addresses
    #: as links: shown beside the publication it was mapped to.
    footnote_as_printed: Markup
    found: PublicationView | None
    found_page: str
    found_url: str
    note: Markup
    caveats: tuple[str, ...] = ()
    raw_rows: tuple[RawRow, ...] = ()
    raw_cells: tuple[dict[str, str], ...] = ()
    #: The rows of the other published values the evidence cites.
    context_rows: tuple[RawRow, ...] = ()
    context_cells: tuple[dict[str, str], ...] = ()
    chart: Chart | None = None

    @property
    def verdict_meaning(self) -> str:
        """The verdict's meaning from the one vocabulary (``config.VERDICTS``)."""
        return VERDICTS[self.verdict]


@dataclass
class SiteData:
    """Everything the pages show."""

    claims: list[ClaimView]
    publications: list[PublicationView]
    notebooks: list[NotebookPage]
    charts: list[Chart]
    tables: list = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    package_zip: str = ""
    briefing: bool = False


def web_address(value: str) -> str:
    """``value`` if it is an http(s) address, else "" (a note such as "not published online")."""
    return value if value.startswith(("http://", "https://")) else ""


def chart_for(measure: str, charts: list[Chart]) -> Chart | None:
    """The chart drawing ``measure`` (every value judged names its measure)."""
    names = [name for name, measures in CHART_MEASURES.items() if measure in measures]
    return next((chart for chart in charts if chart.name in names), None)


def cited_missing(footnote: str, cited_source: str) -> str:
    """Why a claim page shows no publication cited: the briefing gives no footnote, or the
    footnote (its text as registered) names no publication held as data."""
    if not footnote:
        return "The briefing gives no footnote for this statement."
    cited = f": {cited_source.rstrip('.')}" if cited_source else ""
    return f"Footnote {footnote}{cited}. No publication it names is held as data."


def judged_period(statistic: Statistic | None) -> str:
    """The period of the value judged, in words: "for 2017/18", or "as published in 2019" where
    the period is the edition the value was read in (a survey report's year of publication)."""
    if statistic is None or not statistic.period:
        return ""
    if statistic.period == statistic.edition:
        return f"as published in {statistic.period}"
    return f"for {statistic.period}"


def text(value: object) -> str:
    """A cell as text: missing is ""; a whole float drops its ".0"."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_pages(data: SiteData) -> dict[str, str]:
    """Every page of the site by its path in the site folder."""
    counts = {}
    for claim in data.claims:
        counts[claim.verdict] = counts.get(claim.verdict, 0) + 1
    sections = list(dict.fromkeys(claim.section for claim in data.claims))
    common = {
        "claims": data.claims,
        "verdicts": VERDICTS,
        "verdict_counts": counts,
        "package_zip": data.package_zip,
    }
    pages = {
        "index.html": _render(
            "index.html",
            "Overview",
            notebooks=data.notebooks,
            charts=data.charts,
            briefing=data.briefing,
            **common,
        ),
        "audit.html": _render("audit.html", "Audit", sections=sections, **common),
        "publications.html": _render(
            "publications.html", "Sources", publications=data.publications
        ),
        "notebooks.html": _render("notebooks.html", "Notebooks", notebooks=data.notebooks),
        "figures.html": _render("figures.html", "Charts", charts=data.charts),
        "dictionary.html": _render(
            "dictionary.html",
            "Data dictionary",
            tables=data.tables,
            known={publication.publication_id for publication in data.publications},
        ),
    }
    for number, claim in enumerate(data.claims):
        pages[f"claims/{claim.claim_id}.html"] = _render(
            "claim.html",
            f"{claim.claim_id}: {claim.subject}",
            current="audit.html",
            root="../",
            claim=claim,
            labels=lambda name: data.labels.get(name, humanise(name)),
            previous=data.claims[number - 1].claim_id if number else None,
            next=data.claims[number + 1].claim_id if number + 1 < len(data.claims) else None,
        )
    for notebook in data.notebooks:
        pages[f"notebooks/{notebook.stem}.html"] = _render(
            "notebook.html",
            notebook.title,
            current="notebooks.html",
            root="../",
            body=Markup(notebook.body),
        )
    return pages


def stylesheet() -> str:
    """The whole ``site.css``: the package's stylesheet, then Pygments' code highlighting (the
    notebooks' code cells, as nbconvert marks them)."""
    base = resources.files("mutualstats").joinpath(TEMPLATES, "site.css").read_text("utf-8")
    return base + HtmlFormatter(style="default").get_style_defs(".highlight") + "\n"


def asset(name: str) -> str:
    """A file of ``site_templates/`` copied into the site as it is (the audit filter)."""
    return resources.files("mutualstats").joinpath(TEMPLATES, name).read_text("utf-8")


@cache
def environment() -> Environment:
    """The Jinja2 environment of the site's templates, autoescaping HTML."""
    return Environment(
        loader=PackageLoader("mutualstats", TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=False,
    )


def _render(template: str, title: str, current: str = "", root: str = "", **context) -> str:
    current = current or template
    return (
        environment()
        .get_template(template)
        .render(title=title, current=current, root=root, nav=NAV, version=__version__, **context)
    )
