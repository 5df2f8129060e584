"""The reviewer's site and data package: every claim shown, nothing loaded from the network."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from markupsafe import escape

from mutualstats import claims, datasets, dictionary
from mutualstats.claims import CAVEAT_SEPARATOR, audit
from mutualstats.config import project_root
from mutualstats.datapackage import (
    PACKAGE_NAME,
    PACKAGE_ZIP,
    package_files,
    validate_datapackage,
)
from mutualstats.dictionary import KIND_WORDS, field_type
from mutualstats.errors import DataPackageError
from mutualstats.figures import CHARTS
from mutualstats.site import page_references, remote_resources, write_site
from mutualstats.site_claims import text_labels
from mutualstats.site_pages import CHART_MEASURES
from mutualstats.site_text import (
    humanise,
    label,
    linkify,
    reviewer_note,
    tidy_tables,
)
from mutualstats.statistic import format_value

BRIEFING = project_root().parent / "shared" / "briefing" / "briefing_excerpt.txt"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once into a temporary folder (reports/ is not touched)."""
    target = tmp_path_factory.mktemp("report") / "site"
    write_site(claims.briefing_period("C24"), target, BRIEFING if BRIEFING.is_file() else None)
    return target


@pytest.fixture(scope="session")
def audit_table() -> pd.DataFrame:
    return audit()


def test_audit_page_shows_every_claim_with_its_verdict(site: Path, audit_table) -> None:
    html = (site / "audit.html").read_text(encoding="utf-8")
    for row in audit_table.itertuples():
        assert f'<tr id="{row.claim_id}" data-verdict="{row.verdict}" data-section=' in html
        assert f'class="verdict verdict-{row.verdict}">{row.verdict}</span>' in html
        assert f'<a href="claims/{row.claim_id}.html">{row.claim_id}</a>' in html


def test_audit_page_counts_every_verdict(site: Path, audit_table) -> None:
    html = (site / "audit.html").read_text(encoding="utf-8")
    for verdict, count in audit_table["verdict"].value_counts().items():
        assert f'verdict-{verdict}">{verdict}</span></td><td class="num">{count}</td>' in html
    assert f'<td class="num">{len(audit_table)}</td>' in html


def test_source_links_show_the_title_and_open_the_provenance_entry(site: Path, audit_table):
    html = (site / "audit.html").read_text(encoding="utf-8")
    sources = (site / "publications.html").read_text(encoding="utf-8")
    publications = datasets.load("publications")
    titles = dict(zip(publications["publication_id"], publications["title"], strict=True))
    for row in audit_table.dropna(subset=["publication_id"]).itertuples():
        cell = html.split(f'id="{row.claim_id}"')[1].split('<td class="source">')[1]
        link = f'<a class="publication" href="publications.html#{row.publication_id}">'
        assert cell.startswith(link), row.claim_id
        assert cell[len(link) :].startswith(titles[row.publication_id][:20]), row.claim_id
        assert f'<section class="publication" id="{row.publication_id}">' in sources


def test_each_claim_has_a_page_with_values_publications_raw_rows_and_chart(
    site: Path, audit_table
) -> None:
    for row in audit_table.itertuples():
        html = (site / "claims" / f"{row.claim_id}.html").read_text(encoding="utf-8")
        assert f'<td class="value">{row.value_as_printed}</td>' in html
        assert f'class="verdict verdict-{row.verdict}">{row.verdict}</span>' in html
        found = (
            "Publication read (the value is not in it)"
            if row.verdict == "unverified"
            else ("Publication found")
        )
        assert "Publication cited" in html and f"<h2>{found}</h2>" in html
        used, _, cited = html.partition("<h2>Other rows the evidence cites</h2>")
        if isinstance(row.publication_id, str):
            assert f'href="../publications.html#{row.publication_id}"' in html
            # The rows the audit names (tests/test_trace.py checks they are the right ones).
            assert _rows_named(used) == row.raw_rows.split("; ")
        assert _rows_named(cited) == (
            [] if pd.isna(row.context_rows) else row.context_rows.split("; ")
        )
        for reference in _rows_named(html):
            assert (site / reference.split(":")[0]).is_file()
    c24 = (site / "claims" / "C24.html").read_text(encoding="utf-8")
    assert '<img src="../figures/nhs_satisfaction.svg"' in c24


def _rows_named(html: str) -> list[str]:
    """``file:line`` of each raw row a claim page shows, in order."""
    found = re.findall(r'<a href="\.\./(data/raw/[^"]+)">[^<]+</a>, line (\d+)', html)
    return [f"{path}:{line}" for path, line in found]


def test_a_claim_page_lists_the_caveats_of_the_audit_table(site: Path, audit_table) -> None:
    labels = text_labels()
    for row in audit_table.itertuples():
        html = (site / "claims" / f"{row.claim_id}.html").read_text(encoding="utf-8")
        shown = re.search(r"<h2>Caveats</h2><ul>(.*?)</ul>", html)
        listed = [] if shown is None else re.findall(r"<li>(.*?)</li>", shown[1])
        expected = [] if pd.isna(row.caveats) else row.caveats.split(CAVEAT_SEPARATOR)
        assert listed == [reviewer_note(caveat, labels) for caveat in expected], row.claim_id
    c05 = (site / "claims" / "C05.html").read_text(encoding="utf-8")
    title = audit_table.set_index("claim_id").at["C05", "title"]
    assert f"<li>No footnote (found in {escape(title)}" in c05


def test_a_claim_page_says_why_no_publication_cited_is_shown(site: Path) -> None:
    page = {
        claim_id: (site / "claims" / f"{claim_id}.html").read_text(encoding="utf-8")
        for claim_id in ("C01", "C04", "C05")
    }
    assert "The briefing gives no footnote for this statement." in page["C05"]
    assert (
        "Footnote 16: R. Hazenberg, K. Hall &amp; A. Ogden-Newton (2013). Public Service "
        "Mutuals: Spinning out or standing still? Enterprise solutions. RSA 2020 Public Services. "
        "No publication it names is held as data."
    ) in page["C04"]
    assert "No raw row: the check found no value to read." in page["C01"]
    # A raw row's source is the folder it is filed in (which may hold several publishers' rows,
    # as C11's ResPublica rows in the Mutuals Taskforce folder), never one publication's title.
    for claim_id, folder in (("C02", "dh_right_to_request"), ("C11", "mutuals_taskforce")):
        html = (site / "claims" / f"{claim_id}.html").read_text(encoding="utf-8")
        assert f'<th scope="row">Source</th><td>data/raw/{folder}/</td>' in html
    assert not any(re.search(r">\s*None\b", html) for html in page.values())


def test_a_claim_page_gives_the_values_its_printed_number_admits_and_the_period(site: Path):
    page = {
        claim_id: re.sub(r"<[^>]+>", "", (site / "claims" / f"{claim_id}.html").read_text())
        for claim_id in ("C02", "C24", "C29")
    }
    assert "The printed value admits 50% or more." in page["C29"]
    assert "better than the average" not in page["C29"]
    assert "The printed value admits 52.5% to 53.5%." in page["C24"]
    assert ", for 2018." in page["C24"]
    # The press release's year is when the value was published, not the year it refers to.
    assert ", as published in 2010." in page["C02"]


def test_each_claim_page_shows_the_chart_of_its_measure(site: Path, audit_table) -> None:
    shown = {}
    for claim_id in audit_table["claim_id"]:
        html = (site / "claims" / f"{claim_id}.html").read_text(encoding="utf-8")
        chart = re.search(r'<img src="\.\./figures/([a-z_]+)\.svg"', html)
        if chart:
            shown[claim_id] = chart[1]
    assert shown == {
        "C07": "psm_indicators",
        "C08": "psm_profitability",
        "C10": "psm_profitability",
        "C12": "cipfa_benefits",
        "C13": "cipfa_benefits",
        "C17": "asc_vacancies",
        "C18": "nhs_trust_vacancies",
        "C19": "asc_turnover_vs_leaving_sector",
        "C20": "health_spending_growth",
        "C21": "health_share_of_spending",
        "C23": "psm_profitability",
        "C24": "nhs_satisfaction",
        "C25": "nhs_satisfaction",
        "C26": "social_care_satisfaction",
        "C28": "nhs_satisfaction",
    }


def test_a_publication_shows_the_publishers_page_first_and_its_copy_second(site: Path) -> None:
    sources = (site / "publications.html").read_text(encoding="utf-8")
    entry = sources.split('<section class="publication" id="seuk_psm_2019">')[1].split(
        "</section>"
    )[0]
    publisher = (
        "https://www.gov.uk/government/publications/public-service-mutuals-state-of-the-sector-2019"
    )
    copy = "https://vdocuments.us/public-service-mutuals-the-state-of-the-sector-contribution-to-social-value-dcms.html"
    assert f'<dt>address</dt><dd><a class="external" href="{publisher}">' in entry
    assert f'<dt>another copy</dt><dd><a class="external mirror" href="{copy}">' in entry
    assert entry.index(publisher) < entry.index(copy)
    only = sources.split('<section class="publication" id="hocl_nhs_funding_expenditure_2019">')[1]
    assert "another copy" not in only.split("</section>")[0]
    pages = [path.read_text(encoding="utf-8") for path in sorted(site.glob("claims/*.html"))]
    citing = [html for html in pages if 'href="../publications.html#seuk_psm_2019"' in html]
    assert citing
    for html in citing:
        assert html.index(publisher) < html.index(copy)


def test_chart_measures_name_real_charts() -> None:
    assert set(CHART_MEASURES) <= set(CHARTS)


def test_audit_csv_and_data_package_zip_can_be_downloaded(site: Path, audit_table) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="audit.csv" download>' in index
    assert f'<a href="data/{PACKAGE_ZIP}" download>' in index
    rows = list(csv.DictReader(io.StringIO((site / "audit.csv").read_text(encoding="utf-8"))))
    assert [row["claim_id"] for row in rows] == list(audit_table["claim_id"])
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(site / "data" / PACKAGE_ZIP) as archive:
        names = archive.namelist()
        licence_files = [name for name in names if name.endswith("/source.yaml")]
        for name in names[1:]:
            assert archive.read(name) == (site / "data" / name.split("/", 1)[1]).read_bytes()
    assert names == [
        f"{PACKAGE_NAME}/{name}" for name in ["datapackage.json", *package_files(package)]
    ]
    assert len(names) == 1 + len(datasets.available()) + len(licence_files)
    assert licence_files, "the licences each table names travel with it"


def test_audit_filter_lists_every_option_and_needs_no_script_to_list_rows(site: Path) -> None:
    html = (site / "audit.html").read_text(encoding="utf-8")
    assert '<form id="audit-filter" class="filter" hidden>' in html
    for verdict in claims.audit()["verdict"].unique():
        assert f'<option value="{verdict}">' in html
    assert '<option value="The case for mutuals in health and social care">' in html
    assert (site / "audit-filter.js").is_file()


def test_pages_show_no_working_notes_or_codes(site: Path) -> None:
    code = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
    for page in [site / "audit.html", *sorted((site / "claims").glob("*.html"))]:
        html = page.read_text(encoding="utf-8")
        # The raw rows are also shown exactly as written, in <pre>; everything else is for reading.
        assert "ALT=" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.DOTALL), page.name
        for note in re.findall(r'class="evidence">(.*?)</(?:td|p)>', html, re.DOTALL):
            words = re.sub(r'<a href="[^"]*">[^<]*</a>', "", note)
            assert not code.search(words), (page.name, code.search(words))
            assert "searched" not in words and "corpus" not in words, page.name


def test_notebook_tables_show_labels_not_index_numbers(site: Path) -> None:
    html = (site / "notebooks" / "05-public-satisfaction.html").read_text(encoding="utf-8")
    assert "face_to_face" not in html
    assert "<td>face to face</td>" in html


def test_no_page_loads_a_resource_from_the_network(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6 + 6 + len(claims.claims())
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert remote_resources(html) == [], page.name
        for tag, attribute, value in page_references(html):
            if tag in ("link", "script", "img") or attribute == "src":
                assert not value.lower().startswith(("http:", "https:", "//")), (page, value)
        scripts = [v for t, _, v in page_references(html) if t == "script"]
        assert scripts in ([], ["audit-filter.js"]), page.name


def test_every_page_uses_the_one_stylesheet(site: Path) -> None:
    for page in site.rglob("*.html"):
        if page.name == "briefing.html":
            continue  # the annotated briefing carries its own style, as the scan writes it
        stylesheets = [v for t, _, v in page_references(page.read_text("utf-8")) if t == "link"]
        assert [Path(value).name for value in stylesheets] == ["site.css"], page.name
    assert "@media print" in (site / "site.css").read_text(encoding="utf-8")


def test_data_package_holds_every_processed_table_with_titled_fields(site: Path) -> None:
    """What frictionless cannot know: every processed table is published, whole, its fields
    described and its title in words."""
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    names = [resource["name"] for resource in package["resources"]]
    assert names == datasets.available()
    for resource in package["resources"]:
        with (site / "data" / resource["path"]).open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        assert len(rows) - 1 == len(datasets.load(resource["name"]))
        for field in resource["schema"]["fields"]:
            assert field["title"] and field["description"], (resource["name"], field["name"])
        title = resource["title"]
        assert title != resource["name"] and " " in title, title
        assert resource["description"].startswith(title), resource["name"]


def test_data_package_is_valid_under_frictionless(site: Path) -> None:
    import frictionless

    path = site / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    report = frictionless.validate(str(path))
    assert report.stats["errors"] == 0 and report.warnings == [], report.flatten(["message"])
    assert [task.name for task in report.tasks] == datasets.available()
    for task in report.tasks:
        assert task.valid and task.warnings == [], task.name
        assert task.stats["rows"] == len(datasets.load(task.name)), task.name
    # The current standard (v2), read as such; each table's publications and licences cited.
    assert frictionless.Package.effective_datapackage_version(package, None) == "v2"
    tables = {table.name: table for table in dictionary.tables()}
    for resource in package["resources"]:
        table = tables[resource["name"]]
        assert resource["schema"].get("primaryKey", []) == list(table.primary_key)
        assert len(resource.get("licenses", [])) == len(table.sources), table.name
        for licence in resource.get("licenses", []):
            assert (site / "data" / licence["path"]).is_file(), licence
    keyed = [table.name for table in tables.values() if table.primary_key]
    assert len(keyed) >= len(tables) - 1, "every table whose key columns are never empty"


def test_a_table_cites_only_the_publications_its_rows_were_read_from(site: Path) -> None:
    """A table with a ``publication_id`` column cites the publications its rows name, each once,
    not every publication its source folder declares (the BSA folder declares publications for
    the satisfaction table that no publisher's statement was read from)."""
    from mutualstats.provenance import publications

    known = publications()
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    tables = {table.name: table for table in dictionary.tables()}
    narrower = []
    for resource in package["resources"]:
        frame, table = datasets.load(resource["name"]), tables[resource["name"]]
        if "publication_id" not in frame.columns or not table.sources:
            continue
        read = frame["publication_id"].dropna().unique()
        expected = sorted(f"{known[i].publisher}: {known[i].title}" for i in read)
        cited = sorted(source["title"] for source in resource.get("sources", []))
        assert cited == expected, resource["name"]
        declared = {p["id"] for record in table.sources for p in record.publications}
        narrower += [resource["name"]] if len(declared) > len(read) else []
    assert narrower, "no table's folder declares more publications than its rows read"


def test_checking_a_package_leaves_the_csv_cell_limit_as_it_was(site: Path) -> None:
    """frictionless raises the csv module's limit for the whole process when its CSV reader is
    first loaded; raw files are read under the standard one (a longer cell is refused as a likely
    unclosed quote). A fresh interpreter, so the reader is loaded by this check."""
    script = (
        "import csv, sys; from pathlib import Path\n"
        "from mutualstats.datapackage import validate_datapackage\n"
        "limit = csv.field_size_limit()\n"
        "validate_datapackage(Path(sys.argv[1]))\n"
        "print(limit, csv.field_size_limit())\n"
    )
    path = site / "data" / "datapackage.json"
    run = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    before, after = run.stdout.split()
    assert after == before


def _package_copy(site: Path, folder: Path) -> Path:
    """A copy of the site's data package to break."""
    shutil.copytree(site / "data", folder, ignore=shutil.ignore_patterns("*.zip"))
    return folder / "datapackage.json"


def _first_bounded_field(package: dict) -> tuple[dict, dict]:
    """The first resource with a field that has a minimum, and that field."""
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            if "minimum" in field["constraints"]:
                return resource, field
    raise AssertionError("no field with a minimum")


def _rewrite_csv(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


def test_a_value_below_its_minimum_is_refused_naming_resource_row_and_field(
    site: Path, tmp_path: Path
) -> None:
    path = _package_copy(site, tmp_path / "data")
    resource, field = _first_bounded_field(json.loads(path.read_text(encoding="utf-8")))
    too_small = str(field["constraints"]["minimum"] - 1)

    def lower_first_value(rows: list[list[str]]) -> None:
        rows[1][rows[0].index(field["name"])] = too_small

    _rewrite_csv(path.parent / resource["path"], lower_first_value)
    with pytest.raises(DataPackageError) as refused:
        validate_datapackage(path)
    message = str(refused.value)
    assert "\n" not in message
    # Row 2 is the first row under the header: the CSV's line.
    assert (
        f"resource '{resource['name']}', row 2, field '{field['name']}': constraint error: "
        f'constraint "minimum" is "{field["constraints"]["minimum"]}" (value: \'{too_small}\')'
    ) in message


def test_a_repeated_key_is_refused_naming_resource_and_row(site: Path, tmp_path: Path) -> None:
    path = _package_copy(site, tmp_path / "data")
    package = json.loads(path.read_text(encoding="utf-8"))
    # A key of several columns: no one column is unique on its own.
    resource = next(r for r in package["resources"] if len(r["schema"].get("primaryKey", [])) > 1)
    _rewrite_csv(path.parent / resource["path"], lambda rows: rows.append(list(rows[1])))
    lines = len(datasets.load(resource["name"])) + 2  # the header, every row, the copy
    with pytest.raises(DataPackageError, match="primary") as refused:
        validate_datapackage(path)
    assert f"resource '{resource['name']}', row {lines}: " in str(refused.value)


def test_an_invalid_package_fails_the_report_and_keeps_the_published_site(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mutualstats import datapackage
    from mutualstats.cli import main

    published = built_project / "reports" / "site" / "index.html"
    published.parent.mkdir(parents=True)
    published.write_text("the site published before", encoding="utf-8")
    table = dictionary.table_info("bsa_satisfaction")
    year = next(f for f in table.fields if f.name == "year")
    written = datapackage.to_csv

    def year_too_early(info, frame):
        text = written(info, frame)
        if info.name != table.name:
            return text
        rows = list(csv.reader(io.StringIO(text)))
        rows[1][rows[0].index(year.name)] = str(year.constraints["minimum"] - 1)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue()

    monkeypatch.setattr(datapackage, "to_csv", year_too_early)
    assert main(["report"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err, err
    assert err.startswith("mutualstats report: the data package datapackage.json is not valid: ")
    assert f"resource '{table.name}', row 2, field '{year.name}': constraint error" in err
    assert err.endswith("reports/site is left as it was")
    assert published.read_text(encoding="utf-8") == "the site published before"
    assert not list(published.parent.parent.glob(".site-*")), "the staging folder is removed"


def test_dictionary_shows_what_a_column_without_a_unit_holds(site: Path) -> None:
    html = (site / "dictionary.html").read_text(encoding="utf-8")
    shown = set()
    for table in dictionary.tables():
        section = html.split(f'<section id="{table.name}">')[1].split("</section>")[0]
        for info in table.fields:
            row = section.split(f'<th scope="row"><code>{info.name}</code></th>')[1]
            unit = row.split("</tr>")[0].split("<td>")[3].removesuffix("</td>")
            assert unit == escape(info.unit or f"none: {KIND_WORDS[info.kind]}"), info.name
            shown.add(unit)
    assert "none: text" in shown and "" not in shown


def test_dictionary_lists_every_column_and_its_provenance(site: Path) -> None:
    html = (site / "dictionary.html").read_text(encoding="utf-8")
    for name in datasets.available():
        assert f'<section id="{name}">' in html
        for column in datasets.load(name).columns:
            assert f"<code>{column}</code>" in html
    assert "accessed</dt>" in html and "licence</dt>" in html


def test_dictionary_gives_each_measure_code_its_meaning(site: Path) -> None:
    from mutualstats.vocabulary import NHS_STAFF_MEASURES

    html = (site / "dictionary.html").read_text(encoding="utf-8")
    staff = html.split('<section id="nhs_staff">')[1].split("</section>")[0]
    assert "<h3>Codes of <code>measure</code></h3>" in staff
    for code, meaning in NHS_STAFF_MEASURES.items():
        assert f"<dt><code>{code}</code></dt><dd>{meaning}</dd>" in staff


def test_a_measure_code_is_shown_by_its_meaning_on_a_claim_page(site: Path) -> None:
    """C15 is judged on NHS Digital's headcount: the page says so in words, not as a code."""
    c15 = (site / "claims" / "C15.html").read_text(encoding="utf-8")
    assert "Judged against: hospital and community health services staff, headcount" in c15


def test_linkify_escapes_text_and_links_addresses() -> None:
    text = "read <b> on https://example.org/a_b?x=1&y=2). next"
    assert linkify(text) == (
        'read &lt;b&gt; on <a href="https://example.org/a_b?x=1&amp;y=2">'
        "https://example.org/a_b?x=1&amp;y=2</a>). next"
    )


def test_reviewer_note_drops_working_notes_and_shows_labels() -> None:
    names = {"seuk_psm_2019": "State of the Sector 2019", "profitable_pct": "share in profit"}
    note = (
        "seuk_psm_2019: profitable_pct = 96 (landing page; https://a.example/x_y). "
        "briefing fn26 gives 92 (ALT=92 is the 2018 edition's profitable_pct); "
        "not found in searches. Searched the corpus for it. Mode face_to_face."
    )
    assert str(reviewer_note(note, names)) == (
        "State of the Sector 2019: share in profit is 96 (landing page; "
        '<a href="https://a.example/x_y">https://a.example/x_y</a>). '
        "Briefing footnote 26 gives 92. Mode face to face."
    )
    # Each sentence begins with a capital, as a raw note may not.
    assert str(reviewer_note("no 5% figure found in stored copies (key facts).", {})) == (
        "No 5% figure found (key facts)."
    )
    assert str(reviewer_note("<b> & it", {})) == "&lt;b&gt; &amp; it."


def test_labels_and_humanised_codes() -> None:
    assert humanise("face_to_face") == "face to face"
    assert humanise("turnover_rate_pct") == "turnover rate (%)"
    assert label("profitable_pct", {"profitable_pct": "share in profit"}) == "share in profit"
    assert label(None, {}) == ""


def test_tidy_tables_drops_a_default_index_and_shows_codes_in_words() -> None:
    table = (
        '<table border="1" class="dataframe"><thead><tr><th></th><th>mode</th></tr></thead>'
        "<tbody><tr><th>0</th><td>face_to_face</td></tr><tr><th>1</th><td>online</td></tr>"
        "</tbody></table>"
    )
    assert tidy_tables(table, {}) == (
        '<table border="1" class="dataframe"><thead><tr><th>mode</th></tr></thead>'
        "<tbody><tr><td>face to face</td></tr><tr><td>online</td></tr></tbody></table>"
    )
    years = table.replace("<th>0</th>", "<th>2017</th>").replace("<th>1</th>", "<th>2018</th>")
    assert "<th>2017</th>" in tidy_tables(years, {})


def test_tidy_tables_shows_a_publication_id_by_its_title_and_keeps_headings_short() -> None:
    """A notebook table's cell holding a publication id shows its title, as every other page
    does; a column heading that is a code is shown in words, never as a long label."""
    publications = datasets.load("publications")
    publication_id = str(publications["publication_id"].iloc[0])
    names = text_labels()
    table = (
        '<table class="dataframe"><thead><tr><th>read_in</th><th>face_to_face</th></tr></thead>'
        f"<tbody><tr><td>{publication_id}</td><td>face_to_face</td></tr></tbody></table>"
    )
    shown = tidy_tables(table, {**names, "face_to_face": "a long label"})
    assert f"<td>{escape(names[publication_id])}</td>" in shown
    assert "<th>read in</th><th>face to face</th>" in shown


def _shown_text(html: str) -> str:
    """What a page shows in words: without raw rows as written, code and printed outputs (each
    in a ``<pre>``), tags and web addresses."""
    html = re.sub(r"<pre\b.*?</pre>", " ", html, flags=re.DOTALL)
    return re.sub(r"https?://\S+", " ", re.sub(r"<[^>]+>", " ", html))


def test_no_page_names_a_publication_by_its_id(site: Path) -> None:
    """Claim pages, the audit, the sources page and the notebooks' tables show publications by
    title: no publication id is shown as written or in words ("seuk psm 2019"), whether it
    comes from a note, a publication's pages or a notebook's table."""
    from mutualstats.site_text import humanise

    ids = datasets.load("publications")["publication_id"].astype(str)
    forms = sorted({*ids, *(humanise(i) for i in ids)}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(form) for form in forms) + r")\b")
    pages = [
        *sorted((site / "claims").glob("*.html")),
        *sorted((site / "notebooks").glob("*.html")),
        site / "audit.html",
        site / "publications.html",
    ]
    named = {
        page.relative_to(site).as_posix(): sorted(set(found))
        for page in pages
        if (found := pattern.findall(_shown_text(page.read_text(encoding="utf-8"))))
    }
    assert not named, named


def test_what_the_data_give_is_never_an_empty_cell(site: Path, audit_table) -> None:
    """The audit table and each claim page show the value recomputed, or why there is none:
    the words ``audit.md`` gives (a loose span has nothing to recompute)."""
    from mutualstats.claims.report import recomputed_in_words

    audit_page = (site / "audit.html").read_text(encoding="utf-8")
    for row in audit_table.itertuples():
        shown = recomputed_in_words("" if pd.isna(row.recomputed) else row.recomputed, row.verdict)
        assert shown, row.claim_id
        cells = audit_page.split(f'<tr id="{row.claim_id}"')[1].split("</tr>")[0]
        assert re.findall(r'<td class="num">(.*?)</td>', cells)[1] == str(escape(shown))
        page = (site / "claims" / f"{row.claim_id}.html").read_text(encoding="utf-8")
        assert f'<td class="value">{escape(row.value_as_printed)}</td><td class="value">' in page
        assert f'<td class="value">{escape(shown)}</td><td><span class="verdict' in page


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(53.0, "pct", "53%"), (20.5, "gbp_billion", "£20.5bn"), (2008.0, "year", "2008"),
     (110000.0, "count", "110,000"), (None, "pct", "not found"), (1600.0, "gbp_million", "£1,600m"),
     (1.0, "pp", "+1 percentage point"), (-4.0, "pp", "-4 percentage points"),
     (-4.0, "pct_points", "-4 percentage points"),
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
    assert field_type("datetime64[ns]", pd.Series(pd.to_datetime(["2017-06-30 12:00"]))) == (
        "datetime"
    )
    # A model read without its values: its date-time columns are read from raw files as days.
    assert field_type("datetime64[ns]") == "date"


def test_chart_captions_and_alt_text_come_from_title_and_subtitle(
    site: Path, briefing_charts
) -> None:
    from mutualstats import figures

    html = (site / "figures.html").read_text(encoding="utf-8")
    for name, fig in briefing_charts.items():
        text = figures.chart_record(fig).text
        title = " ".join(text.title.split())
        subtitle = " ".join(text.subtitle.split())
        assert f"<strong>{escape(title)}</strong><br>{escape(subtitle)}" in html, name
        assert f'alt="{escape(title)}. {escape(subtitle)}"' in html, name
        assert (site / "figures" / f"{name}.csv").is_file()


def test_a_publication_lists_the_claims_whose_evidence_cites_its_rows(
    site: Path, audit_table
) -> None:
    """CQC's State of Care is C27's comparator: cited in its evidence, though no claim's value
    was read in it and no footnote cites it; a publication no claim uses says "none"."""
    sources = (site / "publications.html").read_text(encoding="utf-8")

    def entry(publication_id: str) -> str:
        section = f'<section class="publication" id="{publication_id}">'
        return sources.split(section)[1].split("</section>")[0]

    table = audit_table.set_index("claim_id")
    assert "data/raw/cqc/" in table.at["C27", "context_rows"]
    cqc = entry("cqc_state_of_care_2019_20")
    assert "<dt>claims</dt><dd>none</dd>" in cqc
    assert '<dt>cited in the evidence of</dt><dd><a href="claims/C27.html">C27</a></dd>' in cqc


def test_a_claim_page_shows_its_footnote_as_the_briefing_prints_it(site: Path) -> None:
    """Beside the publication a footnote was mapped to, the footnote's own text and address (C24:
    footnote 36 prints the King's Fund report's page, not the press release held)."""
    register = datasets.load("briefing_claims").set_index("claim_id")
    printed = str(register.at["C24", "cited_source"])
    address = re.search(r"https?://\S+", printed)[0].rstrip(".,;:")
    page = (site / "claims" / "C24.html").read_text(encoding="utf-8")
    shown = page.split("as the briefing prints it: ")[1].split("</p>")[0]
    assert f'<a href="{address}">{address}</a>' in shown
    assert shown.startswith(str(escape(printed.split(address)[0])))


def test_a_publication_lists_only_claims_read_in_it_cited_to_it_or_found_on_its_page() -> None:
    """A claim with no publication and no address (C01) is listed under none; before, its
    missing address matched the last publication without one."""
    from mutualstats.site_claims import publication_views

    judged = claims.judge_all()
    table = audit(judged=judged)
    urls = dict(zip(table["claim_id"], table["url"], strict=True))
    read = dict(zip(table["claim_id"], table["publication_id"], strict=True))
    cited = dict(zip(table["claim_id"], table["cited_publication_id"], strict=True))
    views = publication_views(table, judged, text_labels())
    listed = {claim for view in views.values() for claim in view.claims}
    unlinked = [
        claim
        for claim in table["claim_id"]
        if pd.isna(read[claim]) and pd.isna(cited[claim]) and pd.isna(urls[claim])
    ]
    assert unlinked and not listed & set(unlinked), unlinked
    for publication_id, view in views.items():
        for claim in view.claims:
            assert publication_id in (read[claim], cited[claim]) or (
                view.url and view.url == urls[claim]
            ), (publication_id, claim)
