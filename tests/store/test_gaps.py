"""Resolved logging gaps in the store (issue 14): a resolution is kept per team-scoped
athlete and span, applied as one rest or 'not recorded' row per day whenever the log is
loaded, audited with counts and codes only, changeable for the same span, refused when it
overlaps another, and never reaches another team's athlete of the same id."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.errors import LogError, UsageError
from loadwatch.schema import Col
from loadwatch.series.calendar import daily_calendar
from loadwatch.series.gaps import unconfirmed_rest
from loadwatch.store import Store, audit_events, ingest_file, load_sessions
from loadwatch.store.gaps import load_resolutions, resolve_gap

A, B = "Club A", "Club B"


def _file(tmp_path: Path, name: str, days: list[int], athlete: str = "GYM-01") -> Path:
    """Daily sessions of 60 min at RPE 5 (300 AU) on the given days of January 2024."""
    path = tmp_path / name
    path.write_text("athlete,date,duration_min,rpe\n" + "".join(
        f"{athlete},2024-01-{d:02d},60,5\n" for d in days))
    return path


#: nothing logged 11–20 January (10 days) inside the upload's coverage
DAYS = [*range(1, 11), *range(21, 32)]


@pytest.fixture
def gapped(store: Store, tmp_path: Path) -> Store:
    ingest_file(store, _file(tmp_path, "a.csv", DAYS), A)
    ingest_file(store, _file(tmp_path, "b.csv", DAYS), B)  # another child, same id
    return store


def _statuses(log: pd.DataFrame) -> list[str]:
    rows = log[(log[Col.DATE] >= "2024-01-11") & (log[Col.DATE] <= "2024-01-20")]
    return rows[Col.DAY_STATUS].tolist()


def test_a_confirmed_gap_is_loaded_as_rest_rows_of_that_team_only(gapped: Store) -> None:
    before = load_sessions(gapped, A)
    assert len(before) == 21 and _statuses(before) == []
    assert unconfirmed_rest(daily_calendar(before)).mask.sum() == 10
    gap_id = resolve_gap(gapped, A, "GYM-01", "2024-01-11", "2024-01-20", "rest", by="coach1")
    after = load_sessions(gapped, A)
    assert len(after) == 31 and _statuses(after) == ["rest"] * 10
    assert after[Col.DATE].is_monotonic_increasing
    assert after[Col.DATE].dt.day.tolist() == list(range(1, 32))
    assert not unconfirmed_rest(daily_calendar(after)).any
    assert lw.daily_series(after)["status"].value_counts().to_dict() == \
        {"trained": 21, "rest": 10, "missing": 0}
    assert _statuses(load_sessions(gapped, B)) == []  # Club B's GYM-01 is another child
    event = audit_events(gapped).iloc[0]
    code = event["detail"].split()[0].removeprefix("athlete=")
    assert (event["actor"], event["action"], event["object_type"], event["object_id"]) == \
        ("coach1", "gap.resolve", "gap_resolutions", str(gap_id))
    assert event["detail"] == f"athlete={code} days=10 resolution=rest"
    assert code.startswith("A-") and "GYM" not in event["detail"]


def test_not_recorded_days_are_missing_and_the_same_span_can_change(gapped: Store) -> None:
    first = resolve_gap(gapped, A, "GYM-01", "2024-01-11", "2024-01-20", "not_recorded")
    log = load_sessions(gapped, A)
    assert _statuses(log) == ["missing"] * 10
    assert lw.daily_series(log)["status"].value_counts().to_dict() == \
        {"trained": 21, "missing": 10, "rest": 0}
    assert resolve_gap(gapped, A, "GYM-01", "2024-01-11", "2024-01-20", "rest") == first
    assert _statuses(load_sessions(gapped, A)) == ["rest"] * 10
    table = load_resolutions(gapped, A)
    assert table[[Col.ATHLETE, "first_day", "last_day", "resolution"]].values.tolist() == [
        ["GYM-01", pd.Timestamp("2024-01-11"), pd.Timestamp("2024-01-20"), "rest"]]
    assert load_resolutions(gapped, B).empty
    assert audit_events(gapped)["detail"].str.endswith(
        ("resolution=rest", "resolution=not_recorded")).sum() == 2


def test_overlaps_bad_spans_and_unknown_athletes_are_refused(gapped: Store) -> None:
    resolve_gap(gapped, A, "GYM-01", "2024-01-11", "2024-01-15", "rest")
    with pytest.raises(UsageError, match="2024-01-14 to 2024-01-20 overlaps the resolved gap "
                                         "2024-01-11 to 2024-01-15"):
        resolve_gap(gapped, A, "GYM-01", "2024-01-14", "2024-01-20", "not_recorded")
    with pytest.raises(UsageError, match="ends \\(2024-01-10\\) before it starts"):
        resolve_gap(gapped, A, "GYM-01", "2024-01-16", "2024-01-10", "rest")
    with pytest.raises(UsageError, match="rest or not_recorded, not 'holiday'"):
        resolve_gap(gapped, A, "GYM-01", "2024-01-16", "2024-01-20", "holiday")
    with pytest.raises(LogError, match="not in team 'Club A'"):
        resolve_gap(gapped, A, "GYM-99", "2024-01-16", "2024-01-20", "rest")
    assert len(load_resolutions(gapped, A)) == 1


def test_a_later_upload_that_fills_the_gap_keeps_its_sessions(gapped: Store,
                                                              tmp_path: Path) -> None:
    resolve_gap(gapped, A, "GYM-01", "2024-01-11", "2024-01-20", "not_recorded")
    ingest_file(gapped, _file(tmp_path, "late.csv", [15, 16]), A)
    log = load_sessions(gapped, A)
    rows = log[(log[Col.DATE] >= "2024-01-11") & (log[Col.DATE] <= "2024-01-20")]
    assert len(rows) == 10 and (rows[Col.DAY_STATUS] == "missing").sum() == 8
    days = lw.daily_series(log).set_index("date")["status"]
    assert days[pd.Timestamp("2024-01-15")] == "trained"
    assert days[pd.Timestamp("2024-01-14")] == "missing"


def test_since_clips_the_rows(gapped: Store) -> None:
    resolve_gap(gapped, A, "GYM-01", "2024-01-11", "2024-01-20", "rest")
    log = load_sessions(gapped, A, since="2024-01-18")
    assert log[Col.DATE].min() == pd.Timestamp("2024-01-18")
    assert _statuses(log) == ["rest"] * 3
