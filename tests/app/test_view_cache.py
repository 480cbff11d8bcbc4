"""Evaluate once per data version, and after a therapist's write only the athlete it touched
(issue 15 item 8): every answer of the patched view equals a full evaluation of the store,
for every week and athlete of the sample club; anything the cache did not record itself (an
upload, another process) rebuilds the view; another team's writes leave a view alone."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from loadwatch.app.auth import User
from loadwatch.app.seed import FOOTBALL_TEAM, GYM_TEAM, seed_demo
from loadwatch.app.service import Service
from loadwatch.store import clinical
from loadwatch.views.patched import PatchedView
from loadwatch.views.teamview import TeamView

PHYSIO = User("physio1", "therapist", (GYM_TEAM, FOOTBALL_TEAM))
COACH = User("coach1", "coach", (GYM_TEAM, FOOTBALL_TEAM))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("views")
    seed_demo(f"sqlite:///{folder / 'seed.db'}", by="test")
    return folder / "seed.db"


@pytest.fixture
def svc(seeded: Path, tmp_path: Path) -> Iterator[Service]:
    copy = tmp_path / "club.db"
    copy.write_bytes(seeded.read_bytes())
    service = Service.open(f"sqlite:///{copy}")
    yield service
    service.store.close()


def _fresh(svc: Service, clinical_view: bool) -> TeamView:
    """The whole team evaluated from the store by a new service (no cache)."""
    other = Service(svc.store)
    view = other.team_view(GYM_TEAM, user=PHYSIO if clinical_view else COACH,
                           clinical=clinical_view)
    assert view is not None and not isinstance(view, PatchedView)
    return view


def _checkin(svc: Service, athlete: str, day: dt.date, *, worse_arching: bool) -> None:
    flags = {key: False for key, _ in Service.red_flag_items()}
    svc.add_checkin(GYM_TEAM, athlete, user=PHYSIO, date=day, back_pain=True, side="left",
                    worse_arching=worse_arching, onset=day - dt.timedelta(days=3), pain=4,
                    limits_training=True, red_flags=flags)


def _close(a: Any, b: Any) -> bool:
    """Equal, numbers to 1e-12: the EWMA runs over every athlete's days laid end to end, so
    its last bits depend on who else is evaluated beside the athlete (never a shown digit)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def _same(patched: TeamView, full: TeamView) -> None:
    """Every answer a page or report asks of a view, compared."""
    assert patched.weeks == full.weeks
    assert patched.athletes == full.athletes
    assert patched.default_week == full.default_week
    pd.testing.assert_frame_equal(patched.logged, full.logged)
    assert patched.last_day == full.last_day
    assert (patched.weekly_data, patched.extension_unit) == (full.weekly_data,
                                                             full.extension_unit)
    pd.testing.assert_frame_equal(patched.standing(), full.standing())
    pd.testing.assert_frame_equal(patched.heatmap(), full.heatmap())
    for week in [*full.weeks[:5], full.weeks[-1]]:  # the newest (a check-in's) and first
        pd.testing.assert_frame_equal(patched.overview(week), full.overview(week))
        pd.testing.assert_frame_equal(patched.overview_shown(week), full.overview_shown(week))
        pd.testing.assert_frame_equal(patched.plan(week), full.plan(week))
        assert patched.explanations(week) == full.explanations(week)
        assert patched.team_note(week) == full.team_note(week)
        assert patched.without_data(week) == full.without_data(week)
        if full.clinical:
            pd.testing.assert_frame_equal(patched.watch_list(week), full.watch_list(week))
    week = full.default_week
    for athlete in full.athletes:
        pd.testing.assert_frame_equal(patched.athlete_daily(athlete), full.athlete_daily(athlete))
        pd.testing.assert_frame_equal(patched.athlete_hours(athlete), full.athlete_hours(athlete))
        assert _close(patched.athlete_flags(athlete, week), full.athlete_flags(athlete, week))
        if full.has_week(athlete, week):
            assert patched.athlete_summary(athlete, week) == full.athlete_summary(athlete, week)
        pd.testing.assert_frame_equal(patched.plan_adherence(athlete),
                                      full.plan_adherence(athlete))


@pytest.mark.parametrize("clinical_view", [True, False], ids=["therapist", "coach"])
def test_a_check_in_re_evaluates_only_its_athlete_and_equals_a_full_evaluation(
        svc: Service, clinical_view: bool) -> None:
    user = PHYSIO if clinical_view else COACH
    before = svc.team_view(GYM_TEAM, user=user, clinical=clinical_view)
    assert before is not None
    week = before.default_week
    level = before.overview(week).set_index("athlete").loc["GYM-07", "level"]
    _checkin(svc, "GYM-07", week.date() + dt.timedelta(days=2), worse_arching=True)
    after = svc.team_view(GYM_TEAM, user=user, clinical=clinical_view)
    assert isinstance(after, PatchedView) and after.touched == {"GYM-07"}
    assert after.base is before  # the other 19 athletes were not evaluated again
    now = after.overview(week).set_index("athlete").loc["GYM-07", "level"]
    assert level != "refer" and now == "refer"  # the write shows at once
    _same(after, _fresh(svc, clinical_view))


def test_a_plan_and_a_check_in_dated_today_after_the_last_log_stay_equal(svc: Service) -> None:
    before = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert before is not None
    last = before.last_day.date()
    svc.add_plan(GYM_TEAM, "GYM-03", user=PHYSIO, restriction="no_extension_loading", cap=None,
                 start=last - dt.timedelta(days=6), review=last + dt.timedelta(days=21))
    _checkin(svc, "GYM-12", last + dt.timedelta(days=9), worse_arching=False)  # a new week
    after = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert isinstance(after, PatchedView) and after.touched == {"GYM-03", "GYM-12"}
    assert after.weeks[0] > before.weeks[0]  # the check-in's week is there, for GYM-12 only
    _same(after, _fresh(svc, True))


def test_writes_the_cache_did_not_record_rebuild_the_view(svc: Service) -> None:
    before = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert before is not None
    # the same kind of write from another process (the command line): not recorded here
    clinical.add_symptom(svc.store, "GYM-05", before.last_day.date(), team=GYM_TEAM,
                         low_back_pain=True, by="cli", pain_0_10=6.0,
                         worse_when_arching=True, side="left")
    after = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert after is not before and not isinstance(after, PatchedView)
    assert after.overview(after.default_week).set_index("athlete").loc[
        "GYM-05", "level"] in {"refer", "refer_urgent"}


def test_another_teams_write_and_an_episode_keep_the_view(svc: Service) -> None:
    before = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    school = svc.team_view(FOOTBALL_TEAM, user=PHYSIO, clinical=True)
    assert before is not None and school is not None
    athlete = school.athletes[0]
    flags = {key: False for key, _ in Service.red_flag_items()}
    svc.add_checkin(FOOTBALL_TEAM, athlete, user=PHYSIO, date=school.last_day.date(),
                    back_pain=False, side=None, worse_arching=False, onset=None, pain=0,
                    limits_training=False, red_flags=flags)
    svc.open_episode(GYM_TEAM, "GYM-02", user=PHYSIO, onset=before.last_day.date(),
                     mechanism="overuse")
    assert svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True) is before
    assert isinstance(svc.team_view(FOOTBALL_TEAM, user=PHYSIO, clinical=True), PatchedView)


def _week_file(athletes: list[str], first: dt.date, minutes: int) -> bytes:
    lines = ["athlete,date,sport,duration_min,rpe,extension_reps"]
    lines += [f"{a},{first + dt.timedelta(days=d)},gymnastics,{minutes},6,30"
              for a in athletes for d in range(3)]
    return ("\n".join(lines) + "\n").encode()


def test_a_partial_upload_a_late_joiner_a_correction_and_an_undo_stay_equal(
        svc: Service) -> None:
    coach = User("coach1", "coach", (GYM_TEAM,))
    before = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert before is not None
    first = before.last_day.date() + dt.timedelta(days=1)
    # 3 of 20 athletes upload their next days, and GYM-21 joins the club with them
    group = ["GYM-01", "GYM-02", "GYM-21"]
    stored = svc.store_upload(_week_file(group, first, 90), "group.csv", GYM_TEAM,
                              user=coach, column_map=None, dayfirst=None, skip_invalid=False)
    after = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert isinstance(after, PatchedView) and after.touched == set(group)
    assert "GYM-21" in after.athletes and after.base is before
    _same(after, _fresh(svc, True))
    # the same days corrected (150 min instead of 90): replaced, not added
    svc.store_upload(_week_file(group[:1], first, 150), "fix.csv", GYM_TEAM,
                     user=coach, column_map=None, dayfirst=None, skip_invalid=False,
                     replace_period=True)
    corrected = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert isinstance(corrected, PatchedView) and corrected.base is before
    _same(corrected, _fresh(svc, True))
    # undoing the correction, then the group's upload, takes GYM-21 away again
    assert stored.upload_id is not None
    latest = int(svc.upload_history(GYM_TEAM, user=coach)["upload"].iloc[0])  # the fix
    svc.undo_upload(GYM_TEAM, latest, user=coach)
    svc.undo_upload(GYM_TEAM, stored.upload_id, user=coach)
    undone = svc.team_view(GYM_TEAM, user=PHYSIO, clinical=True)
    assert isinstance(undone, PatchedView) and "GYM-21" not in undone.athletes
    _same(undone, _fresh(svc, True))
    assert undone.weeks == before.weeks


def test_availability_and_gaps_held_per_version_follow_each_write(svc: Service) -> None:
    """The team's availability and logging gaps are derived once per data version (every
    athlete page asks): a clinician plan shows in the athlete's availability at once, and a
    gap answered as rest leaves the open list at once."""
    today = dt.date.today()
    review = today + dt.timedelta(days=14)
    assert svc.athlete_availability(GYM_TEAM, "GYM-07", user=COACH) == "full"
    svc.add_plan(GYM_TEAM, "GYM-07", user=PHYSIO, restriction="no_extension_loading", cap=None,
                 start=today, review=review)
    assert svc.athlete_availability(GYM_TEAM, "GYM-07", user=COACH) == (
        f"modified — no back-arching skills until {review:%d %b}")
    assert ("GYM-07", f"modified — no back-arching skills until {review:%d %b}") in \
        svc.availability_lines(GYM_TEAM, user=COACH)
    gap = [["GYM-16", pd.Timestamp("2026-09-15"), pd.Timestamp("2026-09-24"), 10]]
    assert svc.gaps(GYM_TEAM, user=COACH, athlete="GYM-16").values.tolist() == [gap[0] + ["open"]]
    svc.resolve_gap(GYM_TEAM, "GYM-16", dt.date(2026, 9, 15), dt.date(2026, 9, 24), "rest",
                    user=COACH)
    assert svc.gaps(GYM_TEAM, user=COACH, athlete="GYM-16").values.tolist() == [gap[0] + ["rest"]]
    assert "open" not in set(svc.gaps(GYM_TEAM, user=COACH)["status"])
