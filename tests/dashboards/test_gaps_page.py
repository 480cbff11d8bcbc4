"""The dashboard's logging-gap page and the athlete page's gap notice (issue 14): a coach sees
GYM-16's open gap, answers "It was rest", and the gap is listed as resolved (audited); the
athlete page names an open gap. A fresh store per test: answering changes the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadwatch.store import audit_events
from tests.dashboards.conftest import app_as, seed_store, seen

GAP = "**GYM-16** — 10 days without a logged session, Tue 15 Sep 2026 to Thu 24 Sep 2026"


@pytest.fixture
def fresh_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = seed_store(tmp_path)
    monkeypatch.setenv("LOADWATCH_DB", url)
    return url


@pytest.mark.parametrize("role", ["coach", "therapist", "admin"])
def test_a_gap_is_answered_on_the_gaps_page(fresh_db: str, role: str) -> None:
    at = app_as(role, "gaps.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [seen(m.value) for m in at.markdown if seen(m.value).startswith("**GYM-16**")] == [GAP]
    at.button(key="gap_rest_0").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["No open logging gaps."]
    resolved = at.dataframe[0].value
    assert resolved.values.tolist() == [["GYM-16", "2026-09-15", "2026-09-24", 10, "rest"]]
    event = audit_events(fresh_db).iloc[0]
    assert (event["action"], event["detail"].split()[1:]) == \
        ("gap.resolve", ["days=10", "resolution=rest"])


def test_the_athlete_page_names_the_open_gap(fresh_db: str) -> None:
    at = app_as("coach", "athlete.py")
    at.run()
    at.selectbox(key="athlete_choice").set_value("GYM-16").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [
        "Possible logging gap: 10 days without a logged session, 15 Sep to 24 Sep 2026. Until "
        "confirmed, flags that lean on these days are at most amber: say whether it was rest on "
        "**Logging gaps**."]
    at.selectbox(key="athlete_choice").set_value("GYM-15").run()
    assert not at.warning
