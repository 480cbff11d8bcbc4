"""Page times in Chromium after sign-in, per page (issue 15 item 8, measured here, not in a
timed test): p50 and p95 over `--repeat` loads of every page of a role, and the writes a
therapist makes (a symptom check-in: a data write that changes a level; a note: no data the
engine reads), each followed by the first overview after it.

Target (issue 15): each page p50 < 1 s and p95 < 2 s, for the sample club and for 500
athletes x 2 seasons. Run on demand on a quiet machine; it prints a table and asserts
nothing about time.

    .venv/bin/python benchmarks/bench_pages.py                 # sample club, 10 loads per page
    .venv/bin/python benchmarks/bench_pages.py --athletes 500 --days 730 --workdir /tmp/lw-dash
    .venv/bin/python benchmarks/bench_pages.py --repeat 3      # a quick check that it works

A load is timed from the click on the page's sidebar link to the moment its heading is
shown, its table (overview) or charts (athlete) are drawn and the script run is over; a
write from the click on its button to its saved message (the page's rerun re-evaluates what
the write touched). The store is the sample club seeded into a temporary SQLite file, or
`bench_dashboard.py`'s squad of `--athletes` x `--days` (kept in `--workdir` and reused),
with one coach and one therapist; `streamlit run` serves it; Debian's Chromium
(/usr/bin/chromium) drives it.
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
from bench_dashboard import (  # the sibling benchmark's server, page waits and big squad
    CHROMIUM,
    CHROMIUM_ARGS,
    TEAM,
    _clock,
    _rendered,
    streamlit_server,
)
from bench_dashboard import build_store as build_squad

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


def build_store(folder: Path, athletes: int | None, days: int) -> str:
    """The sample club (or a squad of `athletes` x `days`) in a SQLite store, with coach1 and
    physio1; a copy of the squad's store, so that the writes measured do not pile up."""
    if athletes is None:
        url = f"sqlite:///{folder / 'pages.db'}"
        store = open_store(url)
        team = GYM_TEAM
        seed_demo(store, by="bench")
    else:
        squad, _ = build_squad(folder, athletes, days, seed=2026)
        copy = folder / f"pages_{athletes}x{days}.db"
        for stale in (Path(f"{copy}-wal"), Path(f"{copy}-shm")):  # a killed run's journal
            stale.unlink(missing_ok=True)  # would be replayed onto the fresh copy
        copy.write_bytes(Path(squad.removeprefix("sqlite:///")).read_bytes())
        url = f"sqlite:///{copy}"
        store = open_store(url)
        team = TEAM
    try:
        accounts.add_user(store, "coach1", PASSWORD, "coach", [team], by="bench")
        accounts.add_user(store, "physio1", PASSWORD, "therapist", [team], by="bench")
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


CLINIC = ("Check-ins, plans & notes", "Check-ins, plans and notes", False, 0)


def _note(page: Any, n: int) -> tuple[float, float]:
    """A therapist saves a note (no data the engine reads): seconds to the saved message,
    then from the overview link to the overview."""
    page.get_by_role("tab", name="Notes").click()
    page.get_by_role("textbox", name="New note (visible to therapists only)").fill(
        f"benchmark note {n}")
    saved = _clock(lambda: page.get_by_role("button", name="Save note").click(),
                   lambda: _saved(page, "Note saved for"))
    return saved, _open(page, "Team overview", "Team overview", True, 0)


def _checkin(page: Any) -> tuple[float, float]:
    """A therapist saves a symptom check-in dated today (back pain, worse when arching: the
    athlete is referred): seconds to the saved message (the rerun re-evaluates the athlete),
    then from the overview link to the overview."""
    page.get_by_role("tab", name="Symptom check-in").click()
    page.locator(".st-key-ci_pain label").click()  # Streamlit's label takes the click
    page.locator(".st-key-ci_arching label").click()
    saved = _clock(lambda: page.get_by_role("button", name="Save check-in").click(),
                   lambda: _saved(page, "Check-in saved for"))
    return saved, _open(page, "Team overview", "Team overview", True, 0)


def _saved(page: Any, message: str) -> None:
    page.get_by_text(message).wait_for(timeout=TIMEOUT_MS)
    _rendered(page, CLINIC[1], table=False, charts=0, timeout_ms=TIMEOUT_MS)


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
                writes: dict[str, list[float]] = {
                    "therapist: save a check-in (to its saved message)": [],
                    "therapist: Team overview, first after a check-in": [],
                    "therapist: save a note (to its saved message)": [],
                    "therapist: Team overview, first after a note": []}
                names = list(writes)
                for n in range(repeat):
                    _open(page, *CLINIC)
                    for name, seconds in zip(names[:2], _checkin(page), strict=True):
                        writes[name].append(seconds)
                    _open(page, *CLINIC)
                    for name, seconds in zip(names[2:], _note(page, n), strict=True):
                        writes[name].append(seconds)
                rows += list(writes.items())
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
    parser.add_argument("--athletes", type=int, help="a squad of this size (default: the "
                        "sample club)")
    parser.add_argument("--days", type=int, default=730, help="days of the squad (730)")
    parser.add_argument("--workdir", type=Path, help="keep the squad's store here (reused)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing (apt-get install -y chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        squad = args.workdir or work
        squad.mkdir(parents=True, exist_ok=True)
        url = build_store(work if args.athletes is None else squad, args.athletes, args.days)
        what = "sample club" if args.athletes is None else \
            f"{args.athletes} athletes x {args.days} days"
        print(f"{what}, {args.repeat} loads per page")
        print_table(measure(url, args.repeat, work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
