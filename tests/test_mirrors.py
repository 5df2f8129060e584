"""A publication is cited at its publisher's page; a copy on a document-sharing site is second.

The rule, for every raw table and source.yaml:

- a publication's ``url`` is the publisher's page for it; a copy of it hosted on a
  document-sharing site is its ``mirror_url``, shown to a reviewer only as a second link;
- where no page of the publisher is known, the copy is the publication's ``url`` (and it has no
  ``mirror_url``): the copy is kept rather than an address invented;
- a raw row cites the page where its value is published (or, when unverified, where it is not
  shown); it cites a document-sharing host only when that host is its publication's ``url``,
  i.e. when no page of the publisher is known.

News sites and blogs that quote a figure are secondary sources, not copies: they are cited as
such (status ``secondary``), so they are not on the list of document-sharing hosts.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import rewrite

from mutualstats.config import project_root, raw_dir
from mutualstats.errors import DataValidationError
from mutualstats.provenance import Publication, publications

#: Hosts of document-sharing sites: they hold copies of other publishers' reports.
MIRROR_HOSTS = (
    "careersdocbox.com",
    "cupdf.com",
    "docplayer.net",
    "docslib.org",
    "dokumen.tips",
    "fdocuments.in",
    "fdocuments.net",
    "issuu.com",
    "pdfhost.io",
    "pdfslide.net",
    "pdfslide.us",
    "readkong.com",
    "scribd.com",
    "slidelegend.com",
    "vdocument.in",
    "vdocuments.net",
    "vdocuments.site",
    "vdocuments.us",
    "yumpu.com",
)

URL_COLUMNS = ("url", "source_url")


def is_mirror(address: str | None) -> bool:
    """Whether ``address`` is on a document-sharing host (any subdomain of one)."""
    host = urlparse(address or "").netloc.lower().split(":")[0]
    return any(host == mirror or host.endswith("." + mirror) for mirror in MIRROR_HOSTS)


def raw_rows() -> list[tuple[str, int, str, str]]:
    """(file, line, publication id, url) of every raw row that has both."""
    found = []
    for path in sorted(raw_dir().glob("*/*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            column = next((name for name in URL_COLUMNS if name in (reader.fieldnames or [])), None)
            if column is None or "publication_id" not in (reader.fieldnames or []):
                continue
            for row in reader:
                label = f"{path.parent.name}/{path.name}"
                found.append((label, reader.line_num, row["publication_id"], row[column]))
    return found


def test_the_mirror_test_knows_its_hosts() -> None:
    assert is_mirror("https://vdocuments.us/capitalism-in-crisis-social-enterprise.html")
    assert is_mirror("https://www.scribd.com/document/662939704/NHS-Financial-Sustainability")
    assert is_mirror("http://careersdocbox.com/Nursing/96955941-Performance.html")
    assert not is_mirror("https://www.gov.uk/government/publications/x")
    assert not is_mirror("https://socialismoryourmoneyback.blogspot.com/2018/09/x.html")


def test_rows_cite_a_copy_only_where_no_page_of_the_publisher_is_known() -> None:
    known = publications()
    offending = [
        f"{label}:{line} {url}"
        for label, line, publication_id, url in raw_rows()
        if is_mirror(url) and not is_mirror(known[publication_id].url)
    ]
    assert offending == []


def test_a_publication_with_a_publisher_page_keeps_its_copy_second() -> None:
    for publication in publications().values():
        if publication.mirror_url:
            assert is_mirror(publication.mirror_url), publication.publication_id
            assert publication.url and not is_mirror(publication.url), publication.publication_id
        if is_mirror(publication.url):
            assert publication.mirror_url is None, publication.publication_id


def test_the_reports_read_in_copies_are_cited_at_their_publishers_pages() -> None:
    known = publications()
    expected = {
        "seuk_psm_2018": (
            "https://gov.uk/government/publications/public-service-mutuals-state-of-the-sector-2018",
            "vdocuments.us",
        ),
        "seuk_psm_2019": (
            "https://www.gov.uk/government/publications/public-service-mutuals-state-of-the-sector-2019",
            "vdocuments.us",
        ),
        "nao_nhs_financial_sustainability_2019": (
            "https://nao.org.uk/report/nhs-financial-sustainability",
            "www.scribd.com",
        ),
        "mutuals_taskforce_next_steps_2012": ("http://eprints.lse.ac.uk/44579/", "vdocument.in"),
        "sfc_sotw_2019": (
            "https://www.skillsforcare.org.uk/adult-social-care-workforce-data/Workforce-intelligence/"
            "publications/Topics/Recruitment-and-retention.aspx",
            "pdfslide.us",
        ),
    }
    for publication_id, (url, mirror_host) in expected.items():
        assert known[publication_id].url == url
        assert urlparse(known[publication_id].mirror_url).netloc == mirror_host


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the raw data, with MUTUALSTATS_ROOT pointing at it."""
    shutil.copytree(project_root() / "data" / "raw", tmp_path / "data" / "raw")
    monkeypatch.setenv("MUTUALSTATS_ROOT", str(tmp_path))
    yield tmp_path


def _with_entry(project: Path, lines: str) -> None:
    folder = project / "data" / "raw" / "cipfa"
    text = (folder / "source.yaml").read_text(encoding="utf-8")
    text = text.replace("publications:\n", "publications:\n" + lines, 1)
    rewrite(folder, "source.yaml", text)


def test_a_publication_entry_carries_its_second_copy(project: Path) -> None:
    _with_entry(
        project,
        "  - id: test_report_2019\n    publisher: A publisher\n    title: A report\n"
        "    url: https://www.example.org/report\n"
        "    mirror_url: https://vdocuments.us/a-report.html\n",
    )
    entry = publications()["test_report_2019"]
    assert isinstance(entry, Publication)
    assert entry.url == "https://www.example.org/report"
    assert entry.mirror_url == "https://vdocuments.us/a-report.html"


@pytest.mark.parametrize(
    ("lines", "check"),
    [
        ("    url: https://www.example.org/report\n    mirror_url: not an address\n", "http(s)"),
        ("    mirror_url: https://vdocuments.us/a-report.html\n", "needs url"),
        (
            "    url: https://vdocuments.us/a.html\n    mirror_url: https://vdocuments.us/a.html\n",
            "repeats url",
        ),
    ],
)
def test_a_second_copy_is_an_address_after_the_publishers_page(
    project: Path, lines: str, check: str
) -> None:
    _with_entry(
        project,
        "  - id: test_report_2019\n    publisher: A publisher\n    title: A report\n" + lines,
    )
    with pytest.raises(DataValidationError, match="mirror_url") as error:
        publications()
    assert check in str(error.value)
