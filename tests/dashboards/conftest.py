"""Fixtures for dashboard tests: a seeded SQLite store and one account per role.

The store is seeded once per session (the sample club, the football team and the model demo's
simulated squad) into a file under pytest's temporary folder; `LOADWATCH_DB` points the app
at it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app import accounts
from loadwatch.app.auth import User
from loadwatch.app.seed import seed_demo
from loadwatch.store.db import open_store
from loadwatch.synthetic.demo import DEMO_TEAM

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
sys.path.insert(0, str(APP.parent))  # the pages import `ui` the way `streamlit run` allows
PAGES = APP.parent / "views"
CLUB = "Gymnastics club"
PASSWORD = "correct horse battery"
USERS = {
    "coach": User("coach1", "coach", (CLUB, DEMO_TEAM)),
    "therapist": User("physio1", "therapist", (CLUB, DEMO_TEAM)),
    "admin": User("admin1", "admin", ()),
}


def seed_store(folder: Path, *, with_model: bool = False) -> str:
    """A new store in `folder` with the sample club, the football team (and with
    `with_model` the simulated squad with its validated model) and one account per role;
    returns its URL."""
    url = f"sqlite:///{folder / 'loadwatch.db'}"
    store = open_store(url)
    try:
        seed_demo(store, by="tests", with_model=with_model)
        for user in USERS.values():
            teams = [t for t in user.teams if with_model or t != DEMO_TEAM]
            accounts.add_user(store, user.username, PASSWORD, user.role, teams, by="tests")
    finally:
        store.close()
    return url


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seeded store shared by the AppTest tests (with the model demo's squad)."""
    return seed_store(tmp_path_factory.mktemp("dash"), with_model=True)


@pytest.fixture
def db_env(seeded_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app (and its cached service) at the seeded store."""
    monkeypatch.setenv("LOADWATCH_DB", seeded_db)
    yield seeded_db


# --- browser tests: a module's store served by `streamlit run`, one Chromium, a tab a test --
# A browser module defines `store_url` when its store is not the plain seeded one, and
# `app_url`, `browser` or `page` when it needs them otherwise (an environment, a phone tab).


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh store per browser module (the sample club, the football team and one account
    per role): the browser writes."""
    return seed_store(tmp_path_factory.mktemp("browser_store"))


@pytest.fixture(scope="module")
def app_url(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on the module's store, on a free port; stopped after the module."""
    from tests.dashboards.browser import serve_app

    with serve_app(store_url, tmp_path_factory.mktemp("streamlit")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[Any]:
    """Headless Debian Chromium (started once the app answers)."""
    from tests.dashboards.browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context per test (no cookies, no Streamlit session)."""
    from tests.dashboards.browser import new_page

    with new_page(browser) as tab:
        yield tab


def app_as(role: str | None, page: str | None = None) -> AppTest:
    """The app (or one page file run directly) with a signed-in user of `role`."""
    at = AppTest.from_file(str(PAGES / page if page else APP), default_timeout=120)
    if role is not None:
        at.session_state["user"] = USERS[role]
    return at


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def seen(text: str) -> str:
    """A markdown source as the reader sees it: the pages print names through
    app.display.plain_text, so 'GYM\\-03' reads 'GYM-03' (escapes and zero-width spaces
    gone)."""
    return _ESCAPED.sub(r"\1", text).replace("\u200b", "")
