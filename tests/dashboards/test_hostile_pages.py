"""Names are data, never markup or formulas, on every page (issue 19, item 5): athlete ids
holding a markdown image, bold and an ANSI escape, and a team named in markdown, reach each
page's markdown only through loadwatch.app.display.plain_text (the element's source holds the
escaped form, never the raw one); tables hold a formula-like id with a leading quote, so the
table toolbar's own "Download as CSV" exports inert text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from loadwatch.app import accounts
from loadwatch.app.auth import User
from loadwatch.app.display import plain_text, shown_table
from loadwatch.store import ingest_file
from loadwatch.store.db import open_store
from tests.dashboards.conftest import PAGES, PASSWORD

TEAM = "**Loud** team"
IMAGE = "![x](http://127.0.0.1:9/a.png)"
BOLD = "**BOLD**"
ANSI = "GYM\x1b[31m-07"
FORMULA = '=HYPERLINK("http://evil/")'
USERS = {"coach": User("coach_h", "coach", (TEAM,)),
         "therapist": User("physio_h", "therapist", (TEAM,)),
         "admin": User("admin_h", "admin", ())}
PAGES_OF = {
    "coach": ["overview.py", "athlete.py", "gaps.py", "compliance.py", "links.py", "report.py"],
    "therapist": ["overview.py", "athlete.py", "watchlist.py", "clinical.py", "gaps.py",
                  "compliance.py", "report.py"],
    "admin": ["overview.py", "athlete.py", "teams.py", "settings.py", "admin.py"],
}
#: the raw texts that would format, link or fetch if a page printed them through markdown
RAW = ["![x](", "**BOLD**", "**Loud**", "\x1b", "[31m"]


def _log(path: Path) -> Path:
    """Five weeks of sessions for the four hostile ids (the last two weeks for BOLD)."""
    start = dt.date.today() - dt.timedelta(days=35)
    rows = [f'"{a.replace(chr(34), chr(34) * 2)}",{start + dt.timedelta(days=d)},'
            f"gymnastics,{60 + d},{5 + d % 3}"
            for a in (IMAGE, ANSI, FORMULA) for d in range(0, 35, 2)]
    rows += [f"{BOLD},{start + dt.timedelta(days=d)},gymnastics,90,6" for d in range(21, 35)]
    path.write_text("athlete,date,sport,duration_min,rpe\n" + "\n".join(rows) + "\n")
    return path


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile_pages")
    url = f"sqlite:///{folder / 'loadwatch.db'}"
    store = open_store(url)
    try:
        ingest_file(store, _log(folder / "log.csv"), TEAM)
        for user in USERS.values():
            accounts.add_user(store, user.username, PASSWORD, user.role, list(user.teams),
                              by="tests")
    finally:
        store.close()
    return url


def _sources(at: AppTest) -> list[str]:
    """Every markdown source the page sent: text, captions, alerts, headings, labels."""
    groups = [at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.title,
              at.header, at.subheader, at.sidebar.markdown, at.sidebar.caption]
    texts = [str(e.value) for group in groups for e in group]
    texts += [str(e.label) for group in (at.button, at.selectbox, at.checkbox, at.expander)
              for e in group]
    return texts


def _open(role: str, page: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / page), default_timeout=120)
    at.session_state["user"] = USERS[role]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("role", "page"), [(r, p) for r, pages in PAGES_OF.items()
                                            for p in pages])
def test_no_page_prints_a_name_as_markup(hostile_db: str, monkeypatch: pytest.MonkeyPatch,
                                         role: str, page: str) -> None:
    monkeypatch.setenv("LOADWATCH_DB", hostile_db)
    at = _open(role, page)
    leaked = [text for text in _sources(at) if any(raw in text for raw in RAW)]
    assert leaked == [], f"{page} printed a name as markdown"
    if page in ("overview.py", "athlete.py"):
        assert any(plain_text(IMAGE) in text for text in _sources(at)), _sources(at)


def test_the_athlete_page_heads_each_id_escaped(hostile_db: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOADWATCH_DB", hostile_db)
    at = _open("coach", "athlete.py")
    box = next(s for s in at.selectbox if s.label == "Athlete")
    for athlete in (IMAGE, BOLD, ANSI):  # stored as typed; the page strips the escape
        assert athlete in box.options
        box.set_value(athlete)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        heads = [m.value for m in at.markdown if m.value.startswith("### ")]
        assert heads and heads[0].startswith(f"### {plain_text(athlete)}"), heads
        box = next(s for s in at.selectbox if s.label == "Athlete")
    assert plain_text(IMAGE) == r"\!\[x\]\(http\:" + "\u200b" + r"\/\/127\.0\.0\.1\:9\/a\.png\)"


def test_the_overview_table_holds_the_formula_id_inert(hostile_db: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOADWATCH_DB", hostile_db)
    at = _open("coach", "overview.py")
    shown = at.dataframe[0].value
    athletes = sorted(shown.iloc[:, 0].astype(str))
    assert "'" + FORMULA in athletes and FORMULA not in athletes, athletes


def test_shown_table_quotes_formula_like_text_only() -> None:
    table = pd.DataFrame({
        "athlete": pd.Categorical([FORMULA, "@SUM(A1)", "GYM-01", "-cmd", "+1.5%"]),
        "change": pd.Series(["+12.5%", "-3", "-", None, "=1+2"], dtype=object),
        "au": [1, 2, 3, 4, 5],
    })
    shown = shown_table(table)
    assert shown.to_dict("list") == {
        "athlete": ["'" + FORMULA, "'@SUM(A1)", "GYM-01", "'-cmd", "+1.5%"],
        "change": ["+12.5%", "-3", "-", None, "'=1+2"],
        "au": [1, 2, 3, 4, 5],
    }
    assert table["athlete"].iloc[0] == FORMULA, "the caller's frame is unchanged"
    untouched = pd.DataFrame({"athlete": pd.Categorical(["GYM-01"]), "day": [dt.date.today()]})
    assert shown_table(untouched).dtypes.tolist() == untouched.dtypes.tolist()
