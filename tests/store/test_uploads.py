"""Uploads: idempotency, overlap, identity, replace-period, delete, all-or-nothing, coverage
from the declared period, weekly totals, teams. Small hand-made logs, exact counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from pandas.testing import assert_frame_equal

import loadwatch as lw
from loadwatch.errors import LogError, UsageError
from loadwatch.schema import Col
from loadwatch.series.calendar import daily_series
from loadwatch.store import (
    Store,
    audit_events,
    delete_upload,
    ingest_file,
    list_teams,
    list_uploads,
    load_log,
    load_sessions,
    load_weekly,
    open_store,
)
from loadwatch.store.tables import sessions
from tests.store.support import count, write_csv

HEADER = "athlete,date,sport,start_time,duration_min,rpe"
BASE = [HEADER,
        "A1,2026-03-02,gymnastics,17:00,90,6",
        "A1,2026-03-04,gymnastics,17:00,60,5",
        "A2,2026-03-02,gymnastics,17:00,90,7",
        "A2,2026-03-05,gymnastics,17:00,45,4"]
MONDAY = dt.date(2026, 3, 2)


def five_weeks(first_week: int, last_week: int) -> list[str]:
    """A1 trains Mon/Wed/Fri, A2 Tue/Thu, weeks 1-5 from 2026-03-02: 15 + 10 sessions."""
    lines = [HEADER]
    for week in range(first_week - 1, last_week):
        for athlete, days in (("A1", (0, 2, 4)), ("A2", (1, 3))):
            for d in days:
                day = MONDAY + dt.timedelta(weeks=week, days=d)
                lines.append(f"{athlete},{day},gymnastics,17:00,{60 + 5 * d},{5 + week % 3}")
    return lines


@pytest.fixture
def files(tmp_path: Path) -> Callable[[str, list[str]], Path]:
    def make(name: str, lines: list[str]) -> Path:
        return write_csv(tmp_path / name, lines)
    return make


def test_the_same_file_twice_is_a_no_op_that_says_so(store: Store, files) -> None:
    base = files("base.csv", BASE)
    first = ingest_file(store, base, "Club")
    assert (first.added, first.duplicates, first.rejected, first.upload_id) == (4, 0, 0, 1)
    assert first.message.startswith("base.csv: 4 sessions added, 0 skipped as duplicate, "
                                    "0 rejected — upload 1, team 'Club'")
    second = ingest_file(store, base, "Club", uploaded_by="coach2")
    assert (second.added, second.duplicates, second.rejected) == (0, 0, 0)
    assert second.repeated and second.upload_id == 1
    assert "already uploaded for team 'Club' as upload 1" in second.message
    assert [count(store, t) for t in ("sessions", "uploads", "session_sources", "coverage",
                                      "athletes", "teams")] == [4, 1, 4, 2, 2, 1]
    assert audit_events(store)["action"].tolist() == ["upload.repeat", "upload.add"]


def test_two_exports_sharing_three_weeks_store_the_union_once(store: Store, files) -> None:
    first = ingest_file(store, files("w1-4.csv", five_weeks(1, 4)), "Club")
    second = ingest_file(store, files("w2-5.csv", five_weeks(2, 5)), "Club")
    assert (first.added, first.duplicates) == (20, 0)
    assert (second.added, second.duplicates) == (5, 15)
    assert count(store, "sessions") == 25
    assert list_uploads(store)[["rows_added", "rows_duplicate", "held"]].values.tolist() == \
        [[20, 0, 20], [5, 15, 20]]
    union = files("union.csv", five_weeks(1, 5))
    assert_frame_equal(lw.daily_metrics(load_sessions(store)),
                       lw.daily_metrics(lw.read_log(union)))


def test_identical_rows_in_one_file_are_two_sessions_and_stay_two(store: Store,
                                                                  files) -> None:
    lines = [HEADER, "A1,2026-03-02,gymnastics,,60,5", "A1,2026-03-02,gymnastics,,60,5"]
    first = ingest_file(store, files("twice.csv", lines), "Club")
    assert (first.added, first.duplicates) == (2, 0)
    assert len(first.warnings) == 1 and "probable duplicate" in first.warnings[0].message
    crlf = files("twice-crlf.csv", [])
    crlf.write_bytes("\r\n".join(lines).encode() + b"\r\n")  # other bytes, same rows
    again = ingest_file(store, crlf, "Club")
    assert (again.added, again.duplicates, again.repeated) == (0, 2, False)
    assert count(store, "sessions") == 2
    assert load_sessions(store)[Col.LOAD].tolist() == [300.0, 300.0]


def test_a_corrected_session_without_replace_period_is_refused_unless_added_as_new(
        store: Store, files) -> None:
    """Issue 19.3: a probable correction is reported before storing, never double-counted
    silently; --add-as-new stores it as an extra session (and says so)."""
    ingest_file(store, files("base.csv", BASE), "Club")
    fixed_file = files("fixed.csv", [HEADER, "A1,2026-03-02,gymnastics,17:00,90,7",
                                     "A1,2026-03-04,gymnastics,17:00,60,5"])
    with pytest.raises(LogError) as refused:
        ingest_file(store, fixed_file, "Club")
    assert str(refused.value) == (
        "fixed.csv: 1 row(s) match stored sessions by athlete, date and sport but differ in "
        "duration, RPE or load (rows 2); nothing was stored. If the file corrects them, "
        "upload it with --replace-period (the file's period is replaced for its athletes); "
        "if they are extra sessions, upload it with --add-as-new")
    assert count(store, "sessions") == 4 and count(store, "uploads") == 1
    fixed = ingest_file(store, fixed_file, "Club", add_as_new=True)
    assert (fixed.added, fixed.duplicates, fixed.replaced) == (1, 1, 0)
    assert fixed.notes == [
        "1 session(s) added as new although they match stored sessions by athlete, date and "
        "sport (rows 2); if the file corrects them, undo this upload and upload it with "
        "--replace-period"]
    assert count(store, "sessions") == 5


def test_replace_period_replaces_only_the_files_athletes_inside_the_period(
        store: Store, files) -> None:
    ingest_file(store, files("base.csv", BASE + ["A1,2026-03-10,gymnastics,17:00,30,3"]),
                "Club")
    other = ingest_file(store, files("other.csv", [HEADER, "A1,2026-03-03,football,,60,4"]),
                        "School")
    fixed = files("fixed.csv", [HEADER, "A1,2026-03-02,gymnastics,17:00,90,7",
                                "A1,2026-03-04,gymnastics,17:00,60,5"])
    result = ingest_file(store, fixed, "Club", period="2026-03-01:2026-03-07",
                         replace_period=True)
    assert (result.added, result.duplicates, result.replaced) == (2, 0, 2)
    assert result.message.endswith("replaced 2 stored sessions of the file's athletes from "
                                   "2026-03-01 to 2026-03-07")
    assert other.added == 1
    frame = load_sessions(store, team="Club")
    a1 = frame[frame[Col.ATHLETE] == "A1"]
    # A1 in Club: the corrected week plus the session after the period; School's A1 (another
    # athlete: identities are per team) untouched
    assert a1[[Col.DATE, Col.SPORT, Col.RPE]].astype(str).values.tolist() == [
        ["2026-03-02", "gymnastics", "7.0"], ["2026-03-04", "gymnastics", "5.0"],
        ["2026-03-10", "gymnastics", "3.0"]]
    assert load_sessions(store, team="School")[[Col.ATHLETE, Col.DATE, Col.SPORT]] \
        .astype(str).values.tolist() == [["A1", "2026-03-03", "football"]]
    assert (frame[Col.ATHLETE] == "A2").sum() == 2  # not in the corrected file: untouched
    assert count(store, "sessions") == 6
    # coverage of A1 now: the corrected upload covers 03-02..03-07, the first upload the rest
    assert a1[[Col.COVER_START, Col.COVER_END]].drop_duplicates().astype(str).values.tolist() \
        == [["2026-03-02", "2026-03-10"]]
    uploads = list_uploads(store)
    assert uploads["rows_replaced"].tolist() == [0, 0, 2]
    assert uploads["held"].tolist() == [3, 1, 2]


def test_deleting_an_upload_removes_exactly_its_sessions(new_url, files) -> None:
    first, second = files("w1-4.csv", five_weeks(1, 4)), files("w2-5.csv", five_weeks(2, 5))
    with open_store(new_url()) as store:
        ingest_file(store, first, "Club")
        ingest_file(store, second, "Club")
        gone = delete_upload(store, 1, by="admin")
        assert (gone.removed, gone.kept) == (5, 15)
        assert gone.message == ("upload 1 (team 'Club') deleted: 5 sessions removed; 15 "
                                "sessions stay because other uploads also contain them")
        assert count(store, "sessions") == 20
        assert count(store, "coverage") == 2
        with store.read() as conn:
            assert set(conn.execute(sa.select(sessions.c.upload_id)).scalars()) == {2}
        after_delete = load_sessions(store)
        with pytest.raises(LogError, match="there is no upload 1"):
            delete_upload(store, 1)
        last = delete_upload(store, 2)
        assert (last.removed, last.kept) == (20, 0)
        assert [count(store, t) for t in ("sessions", "session_sources", "coverage",
                                          "uploads")] == [0, 0, 0, 0]
        assert audit_events(store)["action"].tolist()[:2] == ["upload.delete", "upload.delete"]
    with open_store(new_url()) as alone:  # as if the first upload had never been made
        ingest_file(alone, second, "Club")
        assert_frame_equal(load_sessions(alone), after_delete)


def test_an_invalid_file_stores_nothing_unless_invalid_rows_are_skipped(store: Store,
                                                                       files) -> None:
    bad = files("bad.csv", BASE + ["A1,2026-03-06,gymnastics,17:00,90,14"])
    with pytest.raises(LogError, match="1 row\\(s\\) are invalid; nothing was stored") as err:
        ingest_file(store, bad, "Club")
    assert "Borg" in err.value.report()
    assert [count(store, t) for t in ("teams", "athletes", "uploads", "sessions")] == \
        [0, 0, 0, 0]
    result = ingest_file(store, bad, "Club", skip_invalid=True)
    # the rejected row's day becomes 'not recorded' (missing, never rest): spec §3.1
    assert (result.added, result.duplicates, result.rejected) == (4, 0, 1)
    assert len(result.rejects) == 1 and result.rejects["row"].tolist() == [6]
    assert result.notes == ["the day of 1 rejected row(s) is stored as 'not recorded' "
                            "(missing, never rest: spec §3.1)"]
    assert load_sessions(store)[Col.DAY_STATUS].tolist().count("missing") == 1
    assert count(store, "sessions") == 5
    assert list_uploads(store)[["rows_in_file", "rows_added", "rows_rejected", "held"]] \
        .values.tolist() == [[5, 4, 1, 5]]


def test_the_declared_period_drives_coverage(store: Store, files) -> None:
    ingest_file(store, files("march.csv", BASE), "Club", period="2026-03-01:2026-03-15")
    ingest_file(store, files("late.csv", [HEADER, "A1,2026-03-23,gymnastics,17:00,60,5"]),
                "Club", period="2026-03-23:2026-03-29")
    frame = load_sessions(store)
    a1 = daily_series(frame[frame[Col.ATHLETE] == "A1"])
    status = a1.set_index(Col.DATE)[Col.STATUS].astype(str)
    # covered 03-02..03-15 (first session .. period end), then 03-23..03-29
    assert status["2026-03-02":"2026-03-15"].value_counts().to_dict() == \
        {"rest": 12, "trained": 2}
    assert status["2026-03-16":"2026-03-22"].eq("missing").all()
    assert status["2026-03-23":"2026-03-29"].value_counts().to_dict() == \
        {"rest": 6, "trained": 1}
    with pytest.raises(LogError, match="1 row\\(s\\) are invalid") as err:
        ingest_file(store, files("late2.csv", [HEADER, "A2,2026-04-23,gymnastics,,60,5"]),
                    "Club", period="2026-03-23:2026-03-29")
    assert "outside the declared period 2026-03-23 to 2026-03-29" in err.value.report()
    with pytest.raises(UsageError, match="START:END"):
        ingest_file(store, files("late3.csv", BASE), "Club", period="2026-03-01")


def test_whole_period_starts_coverage_at_the_period_start(store: Store, files) -> None:
    ingest_file(store, files("march.csv", BASE), "Club", period="2026-02-23:2026-03-08",
                whole_period=True)
    frame = load_sessions(store)
    assert frame[[Col.COVER_START, Col.COVER_END]].drop_duplicates().astype(str).values \
        .tolist() == [["2026-02-23", "2026-03-08"]]


WEEKLY = ["athlete,week_start,total_minutes,mean_rpe",
          "F1,2026-W10,300,5", "F1,2026-W11,320,5", "F1,2026-W12,310,6",
          "F2,2026-W10,200,4", "F2,2026-W11,0,0"]


def test_weekly_totals_deduplicate_report_conflicts_and_replace(store: Store, files) -> None:
    first = ingest_file(store, files("wk1.csv", WEEKLY), "Football")
    assert (first.added, first.kind, first.period) == (5, "weekly",
                                                        (dt.date(2026, 3, 2),
                                                         dt.date(2026, 3, 22)))
    overlap = WEEKLY[:1] + ["F1,2026-W12,310,6", "F1,2026-W13,330,6", "F2,2026-W11,60,3"]
    second = ingest_file(store, files("wk2.csv", overlap), "Football")
    assert (second.added, second.duplicates, second.conflicting) == (1, 1, 1)
    assert second.message.startswith("wk2.csv: 1 weeks added, 1 skipped as duplicate, "
                                     "1 conflicting (kept the stored values), 0 rejected")
    assert "the stored values are kept" in second.notes[0]
    weekly = load_weekly(store)
    assert len(weekly) == 6
    f2 = weekly[weekly[Col.ATHLETE] == "F2"]
    assert f2[Col.WEEK_MINUTES].tolist() == [200.0, 0.0]
    third = ingest_file(store, files("wk3.csv", overlap[:1] + ["F2,2026-W11,60,3"]),
                        "Football", period="2026-03-09:2026-03-15", replace_period=True)
    assert (third.added, third.replaced) == (1, 1)
    assert load_weekly(store).query("athlete == 'F2'")[Col.WEEK_MINUTES].tolist() == \
        [200.0, 60.0]
    union = files("union.csv", WEEKLY[:2] + ["F1,2026-W11,320,5", "F1,2026-W12,310,6",
                                              "F1,2026-W13,330,6", "F2,2026-W10,200,4",
                                              "F2,2026-W11,60,3"])
    reference = lw.read_log(union)
    same = [c for c in reference.columns if c not in (Col.TEAM, Col.SOURCE_ROW)]
    assert_frame_equal(load_weekly(store)[same], reference[same])
    assert_frame_equal(lw.weekly_metrics(load_log(store, "Football")),
                       lw.weekly_metrics(reference))


def test_the_same_file_for_two_teams_is_two_teams_athletes(store: Store, files) -> None:
    base = files("base.csv", BASE)
    ingest_file(store, base, "Club")
    school = ingest_file(store, base, "School")  # same bytes, other team: not a repeat
    assert (school.added, school.duplicates, school.notes) == (4, 0, [])
    # the same ids in another team are other athletes (never merged across teams)
    assert count(store, "sessions") == 8 and count(store, "athletes") == 4
    assert list_teams(store)[["name", "athletes", "uploads"]].values.tolist() == \
        [["Club", 2, 1], ["School", 2, 1]]


def test_team_and_since_select_athletes_and_clip_coverage(store: Store, files) -> None:
    ingest_file(store, files("club.csv", BASE), "Club")
    ingest_file(store, files("school.csv", [HEADER, "A1,2026-03-03,football,,60,4",
                                            "B1,2026-03-03,football,,60,4"]), "School")
    club = load_sessions(store, team="Club")
    # Club's athletes with their sessions; School's A1 is another athlete
    assert club[Col.ATHLETE].value_counts().to_dict() == {"A1": 2, "A2": 2}
    assert sorted(club[Col.TEAM].unique()) == ["Club"]
    assert load_sessions(store, team="School")[Col.ATHLETE].value_counts().to_dict() == \
        {"A1": 1, "B1": 1}
    with pytest.raises(LogError, match="1 athlete id\\(s\\) are used by several teams; choose "
                                       "a team"):
        load_sessions(store)
    later = load_sessions(store, team="Club", since="2026-03-04")
    assert later[Col.DATE].astype(str).tolist() == ["2026-03-04", "2026-03-05"]
    assert later[Col.COVER_START].min() == pd.Timestamp("2026-03-04")
    with pytest.raises(LogError, match="no team named 'Nope'.*'Club', 'School'"):
        load_sessions(store, team="Nope")
    with pytest.raises(LogError, match="holds no sessions or weekly totals since"):
        load_log(store, "Club", since="2027-01-01")
    codes = load_sessions(store, pseudonymise=True)[Col.ATHLETE]
    assert codes.str.fullmatch(r"A-[0-9A-HJKMNP-TV-Z]{6}").all() and codes.nunique() == 4


def test_a_store_holding_both_kinds_asks_for_a_team(store: Store, files) -> None:
    ingest_file(store, files("base.csv", BASE), "Club")
    ingest_file(store, files("wk.csv", WEEKLY), "Football")
    with pytest.raises(LogError, match="both session logs and weekly totals"):
        load_log(store)
    assert len(load_log(store, "Club")) == 4 and len(load_log(store, "Football")) == 5
