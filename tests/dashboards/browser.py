"""Browser-test support: Streamlit in a subprocess and Debian's Chromium via Playwright.

Test modules build their fixtures from these pieces (see test_browser.py):
`serve_app(store_url, log_folder)` runs `streamlit run dashboards/app.py` on a free port;
`launch_chromium()` gives a headless browser; `new_page(browser)` a fresh context. Helpers
(`sign_in`, `go`, `choose`, `check_page`, `shot`, …) drive the pages. Needs Chromium at
/usr/bin/chromium (`apt-get install -y chromium`; never `playwright install`): without it
the tests skip, or fail when CI=true.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.dashboards.conftest import APP, PASSWORD, USERS

ROOT = APP.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SHOTS = ROOT / "test-artifacts" / "browser"
START_TIMEOUT_S = 60.0
TIMEOUT_MS = 30_000  # one step (a rerun that evaluates the whole club takes about 3 s)
VIEWPORT = {"width": 1400, "height": 900}


def need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def serve_app(store_url: str, log_folder: Path, env: dict[str, str] | None = None
              ) -> Iterator[str]:
    """`streamlit run dashboards/app.py` on a free port against `store_url`; yields its URL
    and stops the server afterwards (`env` adds environment variables)."""
    need_chromium()
    port = _free_port()
    log_path = log_folder / "server.log"
    env = {**os.environ, "LOADWATCH_DB": store_url, "PYTHONUNBUFFERED": "1", **(env or {})}
    command = [sys.executable, "-m", "streamlit", "run", str(APP),
               "--server.headless", "true", "--server.address", "127.0.0.1",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(f"{url}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on {url} within {START_TIMEOUT_S:.0f} s "
                            f"(exit code {proc.poll()}):\n{log_path.read_text()[-3000:]}")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """Headless Debian Chromium (Playwright's own browsers are not installed)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def new_page(browser: Any, viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A fresh browser context (no cookies, no Streamlit session)."""
    context = browser.new_context(viewport=viewport or VIEWPORT, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


# --- page helpers ------------------------------------------------------------------------


def main_area(page: Any) -> Any:
    return page.get_by_test_id("stMain")


def settle(page: Any) -> None:
    """Wait until the script run is over (no running indicator, no stale elements)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget] button') &&"
        " !document.querySelector('[data-stale=true]')", timeout=TIMEOUT_MS)


def check_page(page: Any) -> None:
    """No exception box and no error alert on the page."""
    settle(page)
    exceptions = page.get_by_test_id("stException")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    errors = page.locator("[data-testid=stAlertContentError]")
    assert errors.count() == 0, errors.first.inner_text()


def shot(page: Any, name: str) -> Path:
    """Full-page screenshot: Streamlit scrolls inside its own container, so the viewport is
    made as tall as the content first."""
    settle(page)
    charts = page.locator("[data-testid=stVegaLiteChart]")
    for i in range(charts.count()):
        charts.nth(i).locator("canvas, svg").first.wait_for(state="attached")
    height = page.evaluate(
        "() => Math.max(900, ...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer], "
        "[data-testid=stSidebarContent]')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": int(height) + 40})
    page.wait_for_timeout(600)  # charts re-lay out to the new size
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return path


def sign_in(page: Any, url: str, role: str) -> None:
    page.goto(url)
    page.get_by_test_id("stApp").wait_for()
    page.get_by_role("textbox", name="Username").fill(USERS[role].username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Team overview").wait_for()
    page.get_by_text(f"Signed in as {USERS[role].username}").wait_for()


def sign_out(page: Any) -> None:
    """Sign out and wait for the sign-in form; nobody is signed in any more."""
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()
    settle(page)
    assert page.get_by_text("Signed in as").count() == 0


def go(page: Any, link: str, heading: str) -> None:
    """Open the sidebar page whose link reads exactly `link` ('Athlete', not 'Athlete
    links'), then wait for its heading."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", name=heading).wait_for()


def choose(page: Any, key: str, option: str) -> None:
    """Pick `option` in the selectbox with widget key `key`."""
    box = page.locator(f".st-key-{key} input[role=combobox]")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function(
        f"() => document.querySelector('.st-key-{key} input[role=combobox]')?.value === "
        f"'{option}'")


def level_counts(page: Any) -> dict[str, int]:
    """The overview's level line, e.g. 'REFER URGENTLY 1 · ... · RED 3 · ...'."""
    line = main_area(page).get_by_test_id("stMarkdownContainer").filter(has_text=" · ").first
    text = line.inner_text()
    return {name.strip(): int(n) for name, n in re.findall(r"([A-Z][A-Z ]+?) (\d+)", text)}


# --- (a) coach ---------------------------------------------------------------------------
