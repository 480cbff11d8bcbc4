"""The dashboard's logging-gap page and the athlete page's gap notice (issue 14): a coach sees
GYM-16's open gap, answers "It was rest", and the gap is listed as resolved (audited); the
athlete page names an open gap. A fresh store per test: answering changes the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadwatch.store import audit_events
from tests.dashboards.conftest import CLUB, PASSWORD, app_as, seed_store, seen

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


def test_a_big_squads_gaps_come_a_page_or_an_athlete_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """30 athletes, each 4 days a week for 6 weeks with 10 days off in the middle: 30 open
    gaps, 25 drawn on the first page, 5 on the second, 1 for one athlete."""
    import datetime as dt

    from loadwatch.app import accounts
    from loadwatch.store import ingest_file

    lines = ["athlete,date,duration_min,rpe"]
    start = dt.date(2026, 9, 7)
    for n in range(1, 31):
        days = [d for d in range(42) if d % 7 in (0, 1, 3, 4) and not 17 <= d <= 26]
        lines += [f"SQ-{n:02d},{start + dt.timedelta(days=d)},60,5" for d in days]
    (tmp_path / "squad.csv").write_text("\n".join(lines) + "\n")
    url = f"sqlite:///{tmp_path / 'squad.db'}"
    ingest_file(url, tmp_path / "squad.csv", CLUB)
    accounts.add_user(url, "coach1", PASSWORD, "coach", [CLUB], by="tests")
    monkeypatch.setenv("LOADWATCH_DB", url)
    at = app_as("coach", "gaps.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    def listed() -> list[str]:
        return [seen(m.value).split("**")[1] for m in at.markdown
                if seen(m.value).startswith("**SQ-")]

    assert listed() == [f"SQ-{n:02d}" for n in range(1, 26)]
    assert at.caption[0].value == "30 open gaps in the team; showing 1–25 of 30."
    at.number_input(key="gaps_page_2").set_value(2).run()
    assert listed() == [f"SQ-{n:02d}" for n in range(26, 31)]
    at.selectbox(key="gaps_athlete").set_value("SQ-07").run()
    assert listed() == ["SQ-07"]
    assert seen(at.caption[0].value) == "30 open gaps in the team; showing 1–1 of 1 for SQ-07."
