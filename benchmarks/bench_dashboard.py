"""How fast the dashboard's team overview renders for a big club (issue #5).

Target: "the team overview for 500 athletes x 2 seasons renders in under 2 s after a cached
first load". Run on demand; it prints figures and asserts nothing about time.

    .venv/bin/python benchmarks/bench_dashboard.py                    # 500 x 730, AppTest + browser
    .venv/bin/python benchmarks/bench_dashboard.py --no-browser       # AppTest only
    .venv/bin/python benchmarks/bench_dashboard.py --athletes 100 --days 365 --repeat 5
    .venv/bin/python benchmarks/bench_dashboard.py --workdir out/dash # keep (and reuse) the store

What is generated (numpy, vectorised, seed 2026, not timed against the target): a session log
in the canonical columns of `loadwatch.schema.Col` (athlete, date, sport, start_time,
duration_min, rpe, session_type, extension_reps) for N athletes x D days ending on Sunday
2026-11-22. Each athlete trains to a personal weekly template of 3-5 fixed weekdays (Sunday
rarely, so at least two rest days a week) with personal minutes (60-120, longer on
Saturday), CR-10 RPE and extension reps per weekday; +/- 5 % minutes and now and then +/- 1
RPE; a gentle seasonal wave; a 2-week summer and a 10-day winter break; 3 % missed sessions;
late joiners (10 %); load spikes (the last two weeks for 8 % of the athletes, one earlier
week for another 5 %). A roster gives birth dates (10-17 years) and free play. Both files
are CSV, stored through the real ingest (`loadwatch.store.uploads.ingest_file`,
`loadwatch.store.profiles.import_roster`) in a temporary SQLite store, with one admin.

Timed with Streamlit's AppTest (the whole script run on the server, signed in as the admin):
the first run of dashboards/app.py (cold: the service opens the store, loads the log and
evaluates every rule on every athlete-day), a rerun of the same session and a new session
(both cached), then a switch to the Athlete page (first visit, then cached) and back.
With `--browser` (default when /usr/bin/chromium exists): `streamlit run` in a subprocess
and headless Chromium via Playwright, from a click to the moment the page has its table (or
charts) and the script run is over: sign-in to overview (cold, then a new session when
warm), Athlete -> Team overview and Team overview -> Athlete in a warm session.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboards" / "app.py"
TEAM = "Big club"
ADMIN = "admin1"
PASSWORD = "correct horse battery"
END = np.datetime64("2026-11-22")  # a Sunday
TARGET_S = 2.0
SHOT = ROOT / "test-artifacts" / "bench" / "overview.png"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


# --- data ---------------------------------------------------------------------------------


def generate(folder: Path, athletes: int, days: int, seed: int = 2026) -> dict[str, Path]:
    """Write a session log and a roster (CSV) for a synthetic club; return their paths."""
    from loadwatch.schema import Col, RosterCol

    rng = np.random.default_rng(seed)
    day = np.arange(days)[None, :]
    dates = END - days + 1 + np.arange(days)
    weekday = ((dates.astype("datetime64[D]").astype(np.int64) + 3) % 7)  # 0 = Monday
    month_day = pd.DatetimeIndex(dates).strftime("%m%d").to_numpy().astype(int)

    # weekly template: 3-5 training weekdays, Sunday last in line
    n_days = rng.integers(3, 6, athletes)
    priority = rng.random((athletes, 7))
    priority[:, 6] += 1.0
    rank = np.argsort(np.argsort(priority, axis=1), axis=1)
    template = rank < n_days[:, None]
    planned = template[:, weekday]

    join = np.where(rng.random(athletes) < 0.10, rng.integers(0, max(1, days - 120), athletes), 0)
    summer = (month_day >= 801) & (month_day <= 814)
    winter = (month_day >= 1222) | (month_day <= 101)
    away = (summer | winter)[None, :] & (rng.random((athletes, 1)) < 0.9)
    trained = planned & (day >= join[:, None]) & ~away & (rng.random((athletes, days)) > 0.03)

    # per athlete and weekday: planned minutes, CR-10 RPE and extension reps
    base_min = rng.uniform(60, 120, (athletes, 1)) * rng.uniform(0.85, 1.15, (athletes, 7))
    base_min[:, 5] *= 1.3  # longer Saturday sessions
    base_rpe = np.clip(np.round(rng.uniform(3.5, 6.5, (athletes, 1))
                                + rng.integers(-1, 2, (athletes, 7))), 2, 9)
    ext_per_min = rng.uniform(0.3, 1.0, athletes)[:, None]
    season = 1 + 0.08 * np.sin(2 * np.pi * (day + rng.integers(0, 365, (athletes, 1))) / 365)
    spike = np.ones((athletes, days))
    late = rng.random(athletes) < 0.08
    spike[np.ix_(late, np.arange(days) >= days - 14)] = rng.uniform(1.4, 1.8)
    early = (rng.random(athletes) < 0.05) & ~late
    start = rng.integers(60, max(61, days - 60), athletes)
    spike[early[:, None] & (day >= start[:, None]) & (day < start[:, None] + 7)] = 1.6
    minutes = (base_min[:, weekday] * season * spike
               * rng.normal(1, 0.05, (athletes, days)))
    rpe = (base_rpe[:, weekday] + np.round(spike - 1)
           + rng.choice([-1, 0, 0, 0, 0, 0, 0, 0, 0, 1], (athletes, days)))
    reps = minutes * ext_per_min * rng.uniform(0.92, 1.08, (athletes, days))

    a, d = np.nonzero(trained)
    order = np.lexsort((a, d))  # a team export: by day, then athlete
    a, d = a[order], d[order]
    ids = np.array([f"ATH-{i:04d}" for i in range(1, athletes + 1)])
    sessions = pd.DataFrame({
        Col.ATHLETE: ids[a],
        Col.DATE: dates[d].astype(str),
        Col.SPORT: "gymnastics",
        Col.START_TIME: np.where(weekday[d] == 5, "09:30", "17:30"),
        Col.DURATION: np.clip(np.round(minutes[a, d]), 20, 240).astype(int),
        Col.RPE: np.clip(np.round(rpe[a, d]), 1, 10).astype(int),
        Col.SESSION_TYPE: np.where(rng.random(len(a)) < 0.03, "competition", "training"),
        Col.EXT_REPS: np.round(reps[a, d]).astype(int),
    })
    age_days = rng.uniform(10, 17.5, athletes) * 365.25
    roster = pd.DataFrame({
        RosterCol.ATHLETE: ids,
        RosterCol.BIRTH_DATE: (END - age_days.astype(int).astype("timedelta64[D]")).astype(str),
        RosterCol.SEX: rng.choice(["F", "M"], athletes),
        RosterCol.MAIN_SPORT: "gymnastics",
        RosterCol.PRIOR_LUMBAR_BSI: np.where(rng.random(athletes) < 0.05, "yes", "no"),
        RosterCol.FREE_PLAY: np.round(rng.uniform(2, 8, athletes), 1),
    })
    paths = {"sessions": folder / "big_club_sessions.csv", "roster": folder / "big_club_roster.csv"}
    sessions.to_csv(paths["sessions"], index=False)
    roster.to_csv(paths["roster"], index=False)
    return paths


def build_store(folder: Path, athletes: int, days: int, seed: int) -> tuple[str, dict[str, Any]]:
    """Generate, ingest and add the admin; reuse a store already built in `folder`."""
    from loadwatch.app import accounts
    from loadwatch.store.db import open_store
    from loadwatch.store.profiles import import_roster
    from loadwatch.store.uploads import ingest_file

    db = folder / f"dash_{athletes}x{days}_s{seed}_v2.db"
    url = f"sqlite:///{db}"
    info: dict[str, Any] = {}
    if db.exists():
        info["reused"] = str(db)
        return url, info
    t = time.perf_counter()
    paths = generate(folder, athletes, days, seed)
    info["generate_s"] = time.perf_counter() - t
    info["sessions"] = sum(1 for _ in paths["sessions"].open()) - 1
    info["csv_mb"] = paths["sessions"].stat().st_size / 1e6
    partial = db.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{partial}")
    try:
        t = time.perf_counter()
        # the export covers the whole calendar (rest days are absent rows, spec §1.1)
        period = (str(END - days + 1), str(END))
        result = ingest_file(store, paths["sessions"], TEAM, period=period,
                             uploaded_by="bench")
        info["ingest_s"] = time.perf_counter() - t
        info["ingest_message"] = result.message
        import_roster(store, paths["roster"], TEAM, by="bench")
        accounts.add_user(store, ADMIN, PASSWORD, "admin", [], by="bench")
    finally:
        store.close()
    partial.rename(db)
    info["db_mb"] = db.stat().st_size / 1e6
    return url, info


# --- AppTest ------------------------------------------------------------------------------


def _page_path(name: str) -> str:
    """The page file relative to app.py (the folder name is the app's business)."""
    found = sorted(APP.parent.glob(f"*/{name}.py"))
    if not found:
        raise SystemExit(f"no dashboards/*/{name}.py next to {APP}")
    return str(found[0].relative_to(APP.parent))


def _run(at: Any) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise SystemExit("the app raised: " + "\n".join(e.value for e in at.exception))
    return elapsed


def apptest_figures(url: str, athletes: int, repeat: int) -> list[tuple[str, float, str]]:
    """Script-run times on the server (no browser, no network, no drawing)."""
    os.environ["LOADWATCH_DB"] = url
    from streamlit.testing.v1 import AppTest

    from loadwatch.app import accounts
    from loadwatch.app.auth import User

    def session() -> Any:
        at = AppTest.from_file(str(APP), default_timeout=1800)
        at.session_state["user"] = User(ADMIN, "admin", ())
        return at

    rows: list[tuple[str, float, str]] = []
    at = session()
    rows.append(("overview, first run (cold: load + evaluate)", _run(at), ""))
    titles = [t.value for t in at.title]
    assert titles == ["Team overview"], titles
    shown = len(at.dataframe[0].value) if at.dataframe else 0
    assert shown == athletes, (shown, athletes)
    rerun = [_run(at) for _ in range(repeat)]
    rows.append((f"overview, rerun same session (median of {repeat})",
                 statistics.median(rerun), "target"))
    fresh = []
    for _ in range(repeat):
        fresh.append(_run(session()))
    rows.append((f"overview, new session, cached (median of {repeat})",
                 statistics.median(fresh), "target"))
    at.switch_page(_page_path("athlete"))
    rows.append(("switch to Athlete, first visit", _run(at), ""))
    assert [t.value for t in at.title] == ["Athlete"], [t.value for t in at.title]
    rows.append((f"Athlete, rerun (median of {repeat})",
                 statistics.median(_run(at) for _ in range(repeat)), ""))
    at.switch_page(_page_path("overview"))
    rows.append(("switch back to Team overview", _run(at), "target"))
    # a sign-in elsewhere is audited but changes no data: the view is kept (view_cache)
    accounts.authenticate(url, ADMIN, PASSWORD)
    rows.append(("overview, new session after a sign-in elsewhere", _run(session()), "target"))
    return rows


# --- browser ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(url: str, log: Path) -> Iterator[str]:
    """`streamlit run dashboards/app.py` on a free port until the block ends."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "LOADWATCH_DB": url})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"streamlit did not start:\n{log.read_text()[-2000:]}"
                                     ) from None
                time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


OVERVIEW_CHARTS = 0  # above 60 athletes the season heat map is drawn only on request


def _rendered(page: Any, heading: str, *, table: bool, charts: int, timeout_ms: int) -> None:
    """The page's heading, its table (if any) and at least `charts` charts are drawn, and the
    script run is over (no stale element, no running indicator)."""
    # .first: while a slow page reruns, the old heading and the new one are both in the page
    page.get_by_role("heading", name=heading).first.wait_for(timeout=timeout_ms)
    if table:
        page.get_by_test_id("stDataFrame").locator("canvas").first.wait_for(timeout=timeout_ms)
    page.wait_for_function(
        """n => !document.querySelector('[data-testid=stStatusWidget] button') &&
        !document.querySelector('[data-stale=true]') &&
        [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]
        .filter(c => c.querySelector('canvas, svg')).length >= n""",
        arg=charts, timeout=timeout_ms, polling=50)


def _clock(action: Callable[[], None], wait: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    wait()
    return time.perf_counter() - start


def browser_figures(url: str, repeat: int, workdir: Path) -> list[tuple[str, float, str]]:
    """Wall time in headless Chromium, click to rendered page."""
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, float, str]] = []
    timeout = 120_000
    with streamlit_server(url, workdir / "streamlit.log") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)
        received: list[int] = []

        def signed_in_page() -> tuple[Any, Any]:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda payload: received.append(len(payload))))
            page.goto(base)
            page.get_by_role("textbox", name="Username").fill(ADMIN)
            page.get_by_role("textbox", name="Password").fill(PASSWORD)
            return context, page

        def sign_in(page: Any) -> float:
            return _clock(lambda: page.get_by_role("button", name="Sign in").click(),
                          lambda: _rendered(page, "Team overview", table=True,
                                            charts=OVERVIEW_CHARTS, timeout_ms=timeout))

        context, page = signed_in_page()
        rows.append(("sign in -> overview (cold: load + evaluate)", sign_in(page), ""))
        context.close()
        warm = []
        for i in range(repeat):
            context, page = signed_in_page()
            received.clear()
            warm.append(sign_in(page))
            if i < repeat - 1:
                context.close()
        rows.append((f"sign in -> overview, new session, cached (median of {repeat})",
                     statistics.median(warm), "target"))
        nav = page.get_by_test_id("stSidebarNav")
        to_overview, to_athlete = [], []
        for _ in range(repeat):
            to_athlete.append(_clock(lambda: nav.get_by_role("link", name="Athlete").click(),
                                     lambda: _rendered(page, "Athlete", table=False,
                                                       charts=4, timeout_ms=timeout)))
            received.clear()
            to_overview.append(_clock(
                lambda: nav.get_by_role("link", name="Team overview").click(),
                lambda: _rendered(page, "Team overview", table=True,
                                  charts=OVERVIEW_CHARTS, timeout_ms=timeout)))
        rows.append((f"Team overview -> Athlete (first, then median of {repeat})",
                     to_athlete[0], f"median {statistics.median(to_athlete):.2f} s"))
        rows.append((f"Athlete -> Team overview, cached (median of {repeat})",
                     statistics.median(to_overview), "target"))
        rows.append(("  websocket bytes for one overview render",
                     float(sum(received)), "bytes"))
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT), full_page=True)
        context.close()
        browser.close()
    return rows


# --- main ---------------------------------------------------------------------------------


def _print_table(title: str, rows: list[tuple[str, float, str]]) -> None:
    print(f"\n{title}\n")
    print("| step | wall s | target < 2 s |")
    print("|---|---:|---|")
    for label, seconds, note in rows:
        if note == "bytes":
            print(f"| {label} | {seconds / 1e6:.1f} MB | |")
            continue
        verdict = ""
        if note == "target":
            verdict = "met" if seconds < TARGET_S else "**missed**"
        elif note:
            verdict = note
        print(f"| {label} | {seconds:.2f} | {verdict} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=500)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the generated files and store here (reused when present)")
    browser = parser.add_mutually_exclusive_group()
    browser.add_argument("--browser", dest="browser", action="store_true", default=None)
    browser.add_argument("--no-browser", dest="browser", action="store_false")
    args = parser.parse_args(argv)
    use_browser = CHROMIUM.exists() if args.browser is None else args.browser

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, pandas {pd.__version__}, "
              f"numpy {np.__version__}")
        import streamlit

        print(f"streamlit {streamlit.__version__}; {args.athletes} athletes x {args.days} "
              f"days; load average {os.getloadavg()[0]:.1f}")
        url, info = build_store(workdir, args.athletes, args.days, args.seed)
        for key, value in info.items():
            print(f"  {key}: {value:.2f}" if isinstance(value, float) else f"  {key}: {value}")
        rows = apptest_figures(url, args.athletes, args.repeat)
        _print_table("AppTest (server-side script run, signed in as admin)", rows)
        if use_browser:
            browser_rows = browser_figures(url, args.repeat, workdir)
            _print_table("Headless Chromium (click to rendered page)", browser_rows)
            print(f"\nscreenshot of the overview: {SHOT}")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
