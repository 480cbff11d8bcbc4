"""Page times in Chromium after sign-in, per page (issue 15 item 8, measured here, not in a
timed test): p50 and p95 over `--repeat` loads of every page of a role on the sample club,
and the first page after a write (a therapist's note, then the overview).

Target (issue 15): each page p50 < 1 s and p95 < 2 s. Run on demand on a quiet machine; it
prints a table and asserts nothing about time.

    .venv/bin/python benchmarks/bench_pages.py                 # sample club, 10 loads per page
    .venv/bin/python benchmarks/bench_pages.py --repeat 3      # a quick check that it works

A load is timed from the click on the page's sidebar link to the moment its heading is
shown, its table (overview) or charts (athlete) are drawn and the script run is over. The
store is the sample club seeded into a temporary SQLite file with one coach and one
therapist; `streamlit run` serves it; Debian's Chromium (/usr/bin/chromium) drives it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_dashboard import (  # the sibling benchmark's server and page waits
    CHROMIUM,
    CHROMIUM_ARGS,
    _clock,
    _rendered,
    streamlit_server,
)

from loadwatch.app import accounts
from loadwatch.app.seed import GYM_TEAM, seed_demo
from loadwatch.store.db import open_store

PASSWORD = "correct horse battery"
TIMEOUT_MS = 120_000
#: Per role: (sidebar link, heading, has a table, charts drawn before the page counts).
PAGES = {
    "coach": [("Team overview", "Team overview", True, 0), ("Athlete", "Athlete", False, 4),
              ("Logging gaps", "Logging gaps", False, 0),
              ("Weekly report", "Weekly report", False, 0)],
    "therapist": [("Team overview", "Team overview", True, 0),
                  ("Watch list", "Watch list", False, 0), ("Athlete", "Athlete", False, 4),
                  ("Check-ins, plans & notes", "Check-ins, plans and notes", False, 0)],
}


def build_store(folder: Path) -> str:
    """The sample club in a new SQLite store, with coach1 and physio1."""
    url = f"sqlite:///{folder / 'pages.db'}"
    store = open_store(url)
    try:
        seed_demo(store, by="bench")
        accounts.add_user(store, "coach1", PASSWORD, "coach", [GYM_TEAM], by="bench")
        accounts.add_user(store, "physio1", PASSWORD, "therapist", [GYM_TEAM], by="bench")
    finally:
        store.close()
    return url


def _sign_in(browser: Any, base: str, username: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(base)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    _rendered(page, "Team overview", table=True, charts=0, timeout_ms=TIMEOUT_MS)
    return context, page


def _open(page: Any, link: str, heading: str, table: bool, charts: int) -> float:
    nav = page.get_by_test_id("stSidebarNav")
    return _clock(lambda: nav.get_by_role("link", name=link, exact=True).click(),
                  lambda: _rendered(page, heading, table=table, charts=charts,
                                    timeout_ms=TIMEOUT_MS))


def _after_write(page: Any, n: int) -> float:
    """A therapist saves a note; the time from clicking the overview link to the overview."""
    page.get_by_role("tab", name="Notes").click()
    page.get_by_role("textbox", name="New note (visible to therapists only)").fill(
        f"benchmark note {n}")
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Note saved for").wait_for(timeout=TIMEOUT_MS)
    _rendered(page, "Check-ins, plans and notes", table=False, charts=0, timeout_ms=TIMEOUT_MS)
    return _open(page, "Team overview", "Team overview", True, 0)


def measure(url: str, repeat: int, workdir: Path) -> list[tuple[str, list[float]]]:
    """Seconds per load of every page of each role, and of the overview after a write."""
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, list[float]]] = []
    with streamlit_server(url, workdir / "streamlit.log") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        for role, username in (("coach", "coach1"), ("therapist", "physio1")):
            context, page = _sign_in(browser, base, username)
            times: dict[str, list[float]] = {link: [] for link, *_ in PAGES[role]}
            for _ in range(repeat):  # round robin: every load follows another page
                for link, heading, table, charts in PAGES[role]:
                    times[link].append(_open(page, link, heading, table, charts))
            rows += [(f"{role}: {link}", seconds) for link, seconds in times.items()]
            if role == "therapist":
                written = []
                for n in range(repeat):
                    _open(page, "Check-ins, plans & notes", "Check-ins, plans and notes",
                          False, 0)
                    written.append(_after_write(page, n))
                rows.append(("therapist: Team overview, first after a write", written))
            context.close()
        browser.close()
    return rows


def print_table(rows: list[tuple[str, list[float]]]) -> None:
    """p50 / p95 / max per page, in seconds, with the issue's target."""
    print(f"{'page':<50} {'n':>3} {'p50 s':>7} {'p95 s':>7} {'max s':>7}  target")
    for name, seconds in rows:
        values = np.asarray(seconds)
        p50, p95 = statistics.median(values), float(np.percentile(values, 95))
        met = "met" if p50 < 1.0 and p95 < 2.0 else "NOT met"
        print(f"{name:<50} {len(values):>3} {p50:>7.2f} {p95:>7.2f} {values.max():>7.2f}  {met}")


def main(argv: list[str] | None = None) -> int:
    """Seed, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="loads per page (default 10)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install -y chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print_table(measure(build_store(work), args.repeat, work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
