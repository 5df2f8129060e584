"""The reviewer's site and data package: every claim shown, nothing loaded from the network."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from mutualstats import claims, datasets
from mutualstats.claims import audit
from mutualstats.datapackage import field_type
from mutualstats.site import page_references, remote_resources, write_site
from mutualstats.site_pages import linkify, source_url
from mutualstats.statistic import format_value


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once into a temporary folder (reports/ is not touched)."""
    target = tmp_path_factory.mktemp("report") / "site"
    write_site(claims.briefing_period("C24"), target)
    return target


@pytest.fixture(scope="session")
def audit_table() -> pd.DataFrame:
    return audit()


def test_audit_page_shows_every_claim_with_its_verdict(site: Path, audit_table) -> None:
    html = (site / "audit.html").read_text(encoding="utf-8")
    for row in audit_table.itertuples():
        assert f'<tr id="{row.claim_id}" data-verdict="{row.verdict}">' in html
        assert f'class="verdict verdict-{row.verdict}">{row.verdict}</span>' in html


def test_audit_page_counts_every_verdict(site: Path, audit_table) -> None:
    html = (site / "audit.html").read_text(encoding="utf-8")
    for verdict, count in audit_table["verdict"].value_counts().items():
        assert f'verdict-{verdict}">{verdict}</span></td><td class="num">{count}</td>' in html
    assert f'<td class="num">{len(audit_table)}</td>' in html


def test_every_claim_with_a_source_links_to_its_page(site: Path, audit_table) -> None:
    html = (site / "audit.html").read_text(encoding="utf-8")
    for row in audit_table.dropna(subset=["source_id"]).itertuples():
        assert '<td class="source"><a href="http' in html.split(f'id="{row.claim_id}"')[1]


def test_no_page_loads_a_resource_from_the_network(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5 + 6
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert remote_resources(html) == [], page.name
        for tag, attribute, value in page_references(html):
            if tag in ("link", "script", "img") or attribute == "src":
                assert not value.lower().startswith(("http:", "https:", "//")), (page, value)
        assert "<script" not in html, page.name


def test_every_page_uses_the_one_stylesheet(site: Path) -> None:
    for page in site.rglob("*.html"):
        stylesheets = [v for t, _, v in page_references(page.read_text("utf-8")) if t == "link"]
        assert [Path(value).name for value in stylesheets] == ["site.css"], page.name
    assert "@media print" in (site / "site.css").read_text(encoding="utf-8")


def test_data_package_is_structurally_valid(site: Path) -> None:
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    names = [resource["name"] for resource in package["resources"]]
    assert names == datasets.available()
    for resource in package["resources"]:
        path = site / "data" / resource["path"]
        assert path.is_file(), resource["path"]
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        fields = resource["schema"]["fields"]
        assert rows[0] == [field["name"] for field in fields]
        assert len(rows) - 1 == len(datasets.load(resource["name"]))
        for field in fields:
            assert {"name", "type", "title", "description"} <= field.keys()
            assert field["type"] in ("string", "integer", "number", "boolean", "date", "datetime")
        for column, field in enumerate(fields):
            if field["constraints"].get("required"):
                assert all(row[column] != "" for row in rows[1:]), (resource["name"], field)


def test_dictionary_lists_every_column_and_its_provenance(site: Path) -> None:
    html = (site / "dictionary.html").read_text(encoding="utf-8")
    for name in datasets.available():
        assert f'<section id="{name}">' in html
        for column in datasets.load(name).columns:
            assert f"<code>{column}</code>" in html
    assert "accessed</dt>" in html and "licence</dt>" in html


def test_linkify_escapes_text_and_links_addresses() -> None:
    text = "read <b> on https://example.org/a_b?x=1&y=2). next"
    assert linkify(text) == (
        'read &lt;b&gt; on <a href="https://example.org/a_b?x=1&amp;y=2">'
        "https://example.org/a_b?x=1&amp;y=2</a>). next"
    )


def test_source_url_prefers_the_note_then_the_source() -> None:
    assert (
        source_url("seen on https://a.example/p.", ["https://b.example"]) == "https://a.example/p"
    )
    assert source_url("no address", ["https://b.example"]) == "https://b.example"
    assert source_url("no address", []) is None


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(53.0, "pct", "53%"), (20.5, "gbp_billion", "£20.5bn"), (2008.0, "year", "2008"),
     (110000.0, "count", "110,000"), (None, "pct", "not found"), (1600.0, "gbp_million", "£1,600m"),
     (1.0, "pp", "+1 percentage point"), (-4.0, "pp", "-4 percentage points"),
     (1.0, "years", "1 year"), (10.0, "years", "10 years"), (3.4, "pct_per_year", "3.4% a year")],
)  # fmt: skip
def test_format_value(value, unit, shown) -> None:
    assert format_value(value, unit) == shown


def test_field_type_maps_pandas_dtypes() -> None:
    assert field_type("Int64") == "integer"
    assert field_type("float64") == "number"
    assert field_type("string[pyarrow]") == "string"
    assert field_type("bool") == "boolean"
    assert field_type("datetime64[ns]", pd.Series(pd.to_datetime(["2017-06-30"]))) == "date"
