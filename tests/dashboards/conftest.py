"""Fixtures for dashboard tests: a seeded SQLite store and one account per role.

The store is seeded once per session (the sample club and the football team) into a file
under pytest's temporary folder; `LOADWATCH_DB` points the app at it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loadwatch import accounts
from loadwatch.auth import User
from loadwatch.store.db import open_store
from loadwatch.store.seed import seed_demo

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
sys.path.insert(0, str(APP.parent))  # the pages import `ui` the way `streamlit run` allows
PAGES = APP.parent / "views"
CLUB = "Gymnastics club"
PASSWORD = "correct horse battery"
USERS = {
    "coach": User("coach1", "coach", (CLUB,)),
    "therapist": User("physio1", "therapist", (CLUB,)),
    "admin": User("admin1", "admin", ()),
}


def seed_store(folder: Path) -> str:
    """A new store in `folder` with the sample club, the football team and one account per
    role; returns its URL."""
    url = f"sqlite:///{folder / 'loadwatch.db'}"
    store = open_store(url)
    try:
        seed_demo(store, by="tests")
        for user in USERS.values():
            accounts.add_user(store, user.username, PASSWORD, user.role, list(user.teams),
                              by="tests")
    finally:
        store.close()
    return url


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seeded store shared by the AppTest tests."""
    return seed_store(tmp_path_factory.mktemp("dash"))


@pytest.fixture
def db_env(seeded_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app (and its cached service) at the seeded store."""
    monkeypatch.setenv("LOADWATCH_DB", seeded_db)
    yield seeded_db


def app_as(role: str | None, page: str | None = None) -> AppTest:
    """The app (or one page file run directly) with a signed-in user of `role`."""
    at = AppTest.from_file(str(PAGES / page if page else APP), default_timeout=120)
    if role is not None:
        at.session_state["user"] = USERS[role]
    return at
