"""The reviewer's site and the annotated briefing in the system Chromium, through Playwright.

Run by ``make test-browser``, which builds the reports first and installs nothing; the
``browser`` marker keeps these tests out of ``make test``. ``reports/`` is served from 127.0.0.1;
Playwright is given the browser's executable path (``MUTUALSTATS_CHROMIUM``, else ``chromium`` on
the PATH) and never downloads a browser. Every request that leaves 127.0.0.1 is aborted, so links
to publishers' pages are checked for their form but never fetched.
"""

from __future__ import annotations

import os
import shutil
import struct
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from mutualstats import datasets
from mutualstats.claims import audit
from mutualstats.config import project_root, reports_dir
from mutualstats.scan import read_briefing, scan

pytestmark = pytest.mark.browser

REPORTS = reports_dir()
SITE = REPORTS / "site"
ANNOTATED = REPORTS / "briefing-annotated.html"
SCREENSHOT = REPORTS / "site-audit.png"
INSTALL_HINT = "install Debian's package as root: apt-get update && apt-get install -y chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str:
    """The system Chromium's executable; fails with one line saying how to install it."""
    wanted = os.environ.get("MUTUALSTATS_CHROMIUM") or "chromium"
    found = shutil.which(wanted)
    if found is None:
        pytest.fail(f"Chromium not found ({wanted}): {INSTALL_HINT}", pytrace=False)
    return found


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """``reports/`` served by http.server on a free port of 127.0.0.1, in a thread."""
    if not (SITE / "index.html").is_file() or not ANNOTATED.is_file():
        pytest.fail("reports are not built: run `make report` (make test-browser does)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(REPORTS)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium, launched by Playwright from its executable path."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser, base_url):
    """A new page whose requests off 127.0.0.1 are aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    opened = context.new_page()
    opened.blocked = blocked
    try:
        yield opened
    finally:
        context.close()


BRIEFING = project_root().parent / "shared" / "briefing" / "briefing_excerpt.txt"
#: Every address a page refers to, by the element that holds it.
REFERENCES_JS = """() => Array.from(document.querySelectorAll('[href], [src]')).map(
  e => [e.tagName.toLowerCase(), e.getAttribute('href') ?? e.getAttribute('src')])"""


def visible_rows(page) -> list[tuple[str, str, str]]:
    """Claim id, verdict and section of each audit row the reader can see."""
    return page.eval_on_selector_all(
        "#audit tbody tr",
        """rows => rows.filter(r => r.offsetParent !== null).map(
             r => [r.id, r.dataset.verdict, r.dataset.section])""",
    )


def test_filter_the_audit_by_verdict_and_section(page, base_url: str) -> None:
    table = audit()
    page.goto(urljoin(base_url, "site/audit.html"))
    assert len(visible_rows(page)) == len(table)
    page.select_option("select[name=verdict]", "differs")
    shown = visible_rows(page)
    assert {row[0] for row in shown} == set(table.loc[table["verdict"] == "differs", "claim_id"])
    assert page.inner_text("#audit-shown") == f"{len(shown)} of {len(table)} claims shown"
    page.select_option("select[name=verdict]", "")
    page.select_option("select[name=section]", "A brief history")
    shown = visible_rows(page)
    assert shown and {row[2] for row in shown} == {"A brief history"}
    assert len(shown) == int((table["section"] == "brief_history").sum())
    page.click("button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('#audit tbody tr:not([hidden])').length"
                           f" === {len(table)}")  # fmt: skip
    assert page.blocked == []


def test_without_javascript_every_claim_is_listed(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(urljoin(base_url, "site/audit.html"))
        assert len(visible_rows(page)) == len(audit())
        assert not page.is_visible("#audit-filter")
    finally:
        context.close()


def test_open_a_claim_page_from_the_audit(page, base_url: str) -> None:
    page.goto(urljoin(base_url, "site/audit.html"))
    page.click("#C24 th a")
    page.wait_for_url("**/site/claims/C24.html")
    assert page.inner_text("h1").startswith("C24: ")
    assert page.inner_text("table.values").count("53%") == 2
    assert page.is_visible(".verdict-reproduced")
    raw = page.inner_text("section.raw-row h3")
    assert raw.startswith("data/raw/bsa/satisfaction.csv, line ")
    line = int(raw.rsplit(" ", 1)[1])
    written = (project_root() / "data/raw/bsa/satisfaction.csv").read_text("utf-8").splitlines()
    assert page.inner_text("pre.raw-line") == written[line - 1]
    chart = page.query_selector("figure.chart img")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    content = page.eval_on_selector(
        "main", "m => m.clientWidth - 2 * parseFloat(getComputedStyle(m).paddingLeft)"
    )
    assert chart.bounding_box()["width"] >= content - 4  # the chart fills the content width
    page.click("text=Publication found >> xpath=.. >> dl a >> nth=0")
    page.wait_for_url("**/site/publications.html#kf_bsa_satisfaction_2018")
    assert page.is_visible("section#kf_bsa_satisfaction_2018")


def test_follow_every_link(page, base_url: str) -> None:
    site_url = urljoin(base_url, "site/")
    to_visit, seen, checked = [urljoin(site_url, "index.html")], set(), set()
    ids_on: dict[str, set[str]] = {}
    external = 0
    while to_visit:
        url = to_visit.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.ok, url
        ids = ids_on[url] = set(page.eval_on_selector_all("[id]", "es => es.map(e => e.id)"))
        for tag, value in page.evaluate(REFERENCES_JS):
            if value.startswith("data:"):
                continue
            if tag == "a" and value.startswith(("http://", "https://")):
                external += 1  # a publisher's page: its form is checked, it is not fetched
                assert urlsplit(value).netloc, (url, value)
                continue
            target, fragment = urldefrag(urljoin(url, value))
            assert target.startswith(site_url), (url, value)
            local = SITE / unquote(target[len(site_url) :])
            assert local.resolve().is_relative_to(SITE.resolve()) and local.is_file(), (url, value)
            if fragment and target == url:
                # as a browser does: the fragment as written, then percent-decoded
                assert {fragment, unquote(fragment)} & ids, (url, value)
            if target.endswith(".html"):
                to_visit.append(target)
                if fragment:
                    checked.add((target, fragment))
            elif target not in seen:
                seen.add(target)
                assert page.request.get(target).ok, (url, value)
    assert external > 0 and page.blocked == []
    # Every page linked to was visited above, with the ids its document holds.
    missing = [(t, f) for t, f in sorted(checked) if not {f, unquote(f)} & ids_on[t]]
    assert missing == []
    claim_pages = {url for url in seen if "/site/claims/" in url}
    assert len(claim_pages) == len(datasets.load("briefing_claims"))


def test_annotated_briefing_highlights_and_links_each_claim(page, base_url: str) -> None:
    if not BRIEFING.is_file():
        pytest.skip(f"no briefing at {BRIEFING}")
    result = scan(
        read_briefing(BRIEFING),
        datasets.load("briefing_claims"),
        datasets.load("briefing_exclusions"),
    )
    page.goto(urljoin(base_url, ANNOTATED.name))
    marks = page.eval_on_selector_all(
        "pre mark",
        """ms => ms.map(m => [m.className, m.dataset.claim || '',
             getComputedStyle(m).backgroundColor,
             m.closest('a') ? m.closest('a').getAttribute('href') : ''])""",
    )
    statuses = {row.status for row in result.rows if row.line is not None}
    assert {mark[0] for mark in marks} == statuses
    assert all(colour not in ("rgba(0, 0, 0, 0)", "transparent") for _, _, colour, _ in marks)
    matched = {row.claim_id for row in result.rows if row.status == "matched"}
    linked = {claim for status, claim, _, _ in marks if status == "matched"}
    assert linked == matched
    for status, claim, _, href in marks:
        assert (href == f"site/claims/{claim}.html") == (status == "matched"), (status, claim)
    first = sorted(matched)[0]
    page.click(f"mark[data-claim='{first}']")
    page.wait_for_url(f"**/site/claims/{first}.html")
    assert page.inner_text("h1").startswith(f"{first}: ")


def test_screenshot_of_the_audit(page, base_url: str) -> None:
    SCREENSHOT.unlink(missing_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(urljoin(base_url, "site/audit.html"))
    page.screenshot(path=str(SCREENSHOT))
    header = Path(SCREENSHOT).read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 1600)
