"""The built site (``reports/site``) in headless Chromium, served from 127.0.0.1.

Run by ``make test-browser``, which installs Debian's chromium and builds the site first; the
``browser`` marker keeps these tests out of ``make test``. Chromium gets the flags that keep it
off the network (no background networking, component updates, sync or QUIC) and a new, empty
profile each run.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from mutualstats import datasets
from mutualstats.claims import audit
from mutualstats.config import reports_dir
from mutualstats.site import page_ids, page_references, remote_resources

pytestmark = pytest.mark.browser

SITE = reports_dir() / "site"
SCREENSHOT = reports_dir() / "site-audit.png"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The site served by http.server on a free port of 127.0.0.1, in a thread."""
    if not (SITE / "index.html").is_file():
        pytest.fail("reports/site is not built: run `make report` (make test-browser does)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a new empty profile; fail with its stderr if it fails."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make test-browser`, which installs it")
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    result = subprocess.run(
        [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


class _AuditRows(HTMLParser):
    """Claim id and verdict of each row of the rendered audit table."""

    def __init__(self) -> None:
        super().__init__()
        self.verdicts: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-verdict"):
            self.verdicts[str(found.get("id"))] = str(found["data-verdict"])


def test_rendered_audit_lists_every_claim(base_url: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", urljoin(base_url, "audit.html")).stdout
    rows = _AuditRows()
    rows.feed(dom)
    expected = dict(zip(*(audit()[column] for column in ("claim_id", "verdict")), strict=True))
    assert set(expected) == set(datasets.load("briefing_claims")["claim_id"])
    assert rows.verdicts == expected
    for verdict in set(expected.values()):
        assert f'class="verdict verdict-{verdict}">{verdict}</span>' in dom


def test_screenshot_of_the_audit(base_url: str, tmp_path: Path) -> None:
    SCREENSHOT.unlink(missing_ok=True)
    chromium(
        tmp_path,
        f"--screenshot={SCREENSHOT}",
        "--window-size=1280,1600",
        "--hide-scrollbars",
        urljoin(base_url, "audit.html"),
    )
    header = SCREENSHOT.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 1600)


def test_every_reference_resolves_inside_the_site(base_url: str) -> None:
    pages = sorted(SITE.rglob("*.html"))
    assert {"index.html", "audit.html", "dictionary.html", "figures.html"} <= {
        p.name for p in pages
    }
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert remote_resources(html) == [], page
        page_url = urljoin(base_url, page.relative_to(SITE).as_posix())
        for tag, _, value in page_references(html):
            if value.startswith("data:"):
                continue
            if value.startswith("#"):
                assert unquote(value[1:]) in {unquote(i) for i in page_ids(html)}, (page, value)
                continue
            if tag == "a" and value.startswith(("http://", "https://", "mailto:")):
                continue  # a link to a publisher's page: not needed to render
            target = urljoin(page_url, value)
            assert target.startswith(base_url), (page, value)
            local = SITE / unquote(urlsplit(target).path.lstrip("/"))
            assert local.resolve().is_relative_to(SITE.resolve()), (page, value)
            assert local.is_file(), (page, value)
            with urllib.request.urlopen(target.split("#")[0], timeout=10) as response:
                assert response.status == 200, (page, value)
