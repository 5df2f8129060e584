"""The built reports (``reports/site`` and ``reports/briefing-annotated.html``), served from
127.0.0.1 and driven in the system's Chromium through Playwright.

Playwright is given the browser's executable path (``MUTUALSTATS_CHROMIUM``, else ``chromium``
on the PATH); it never downloads a browser. Every request that leaves 127.0.0.1 is aborted, so
links to publishers' pages are checked for their form but never fetched.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mutualstats.config import reports_dir

REPORTS = reports_dir()
SITE = REPORTS / "site"
ANNOTATED = REPORTS / "briefing-annotated.html"
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


@pytest.fixture(scope="session")
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


@pytest.fixture(scope="session")
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
