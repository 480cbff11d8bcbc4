"""Athletes' own reports (issue 16): OSTRC scoring as published, the check-in the S rules
read, plain refusals, consent, the rate limit, and both forms feeding the team's view —
a self-reported session adds a day the coach's log lacks, never a second value of a day it
has; a back check "hurts when arching, left" puts a gymnast on the watch list as REFER."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest

from loadwatch.app import links
from loadwatch.app import selfreport as sr
from loadwatch.app.auth import User
from loadwatch.app.service import Service
from loadwatch.config import load_config
from loadwatch.schema import Col, SymptomCol
from loadwatch.store import selfreport as store_reports
from tests.dashboards.conftest import CLUB, seed_store

COACH = User("coach1", "coach", (CLUB,))
PHYSIO = User("physio1", "therapist", (CLUB,))
NONE = {"ostrc_participation": 0, "ostrc_volume": 0, "ostrc_performance": 0, "ostrc_pain": 0}
TODAY = dt.date.today()


def test_ostrc_is_scored_as_published() -> None:
    assert sr.ostrc_score(NONE) == 0
    assert sr.ostrc_score({"ostrc_participation": 8, "ostrc_volume": 6,
                           "ostrc_performance": 13, "ostrc_pain": 17}) == 44
    assert sr.ostrc_score({k: 25 for k in NONE}) == 100
    with pytest.raises(sr.Refused, match="'7' is not an answer to ostrc_pain"):
        sr.ostrc_score({**NONE, "ostrc_pain": 7})
    with pytest.raises(sr.Refused, match="please answer all four questions"):
        sr.ostrc_score({"ostrc_pain": 0})
    assert [p for _, p in sr.OSTRC[0][2]] == [0, 8, 17, 25]
    assert [p for _, p in sr.OSTRC[1][2]] == [0, 6, 13, 19, 25]


def test_a_back_check_becomes_the_check_in_the_s_rules_read() -> None:
    check = sr.BackCheck(NONE, hurts_arching=True, side="left",
                         red_flags={SymptomCol.NIGHT_PAIN: True})
    values = sr.checkin_values(check, TODAY)
    assert {k: values[k] for k in (SymptomCol.BACK_PAIN, SymptomCol.SIDE,
                                   SymptomCol.WORSE_ARCHING, SymptomCol.LIMITS_TRAINING,
                                   SymptomCol.NIGHT_PAIN, SymptomCol.TRAUMA, "ostrc_score")} == {
        SymptomCol.BACK_PAIN: True, SymptomCol.SIDE: "left", SymptomCol.WORSE_ARCHING: True,
        SymptomCol.LIMITS_TRAINING: False, SymptomCol.NIGHT_PAIN: True,
        SymptomCol.TRAUMA: False, "ostrc_score": 0}
    quiet = sr.checkin_values(sr.BackCheck(NONE, False, "right", {}), TODAY)
    assert (quiet[SymptomCol.BACK_PAIN], quiet[SymptomCol.SIDE]) == (False, None)
    reduced = sr.checkin_values(sr.BackCheck({**NONE, "ostrc_volume": 6}, False, None, {}),
                                TODAY)
    assert (reduced[SymptomCol.BACK_PAIN], reduced[SymptomCol.LIMITS_TRAINING]) == (True, True)


@pytest.mark.parametrize(("args", "message"), [
    ((TODAY + dt.timedelta(days=1), 60, 5, None), "the date cannot be in the future"),
    ((TODAY - dt.timedelta(days=15), 60, 5, None),
     "sessions older than 2 weeks are entered by your coach"),
    ((TODAY, 0, 5, None), "minutes must be between 1 and 600"),
    ((TODAY, 601, 5, None), "minutes must be between 1 and 600"),
    ((TODAY, 60, 11, None), "choose how hard it was from 0 to 10"),
    ((TODAY, 60, 5, -1), "back-arching skills must be between 0 and 2000"),
])
def test_impossible_session_answers_get_one_plain_sentence(args: tuple, message: str) -> None:
    with pytest.raises(sr.Refused, match=f"^{message}$"):
        sr.session_values(*args)


def test_consent_is_needed_under_the_teams_age_or_when_the_age_is_unknown() -> None:
    config, day = load_config(), dt.date(2026, 12, 2)
    assert sr.needs_consent(dt.date(2010, 12, 3), config, day)  # 15 until tomorrow
    assert not sr.needs_consent(dt.date(2010, 12, 2), config, day)  # 16 today
    assert sr.needs_consent(None, config, day)
    assert not sr.needs_consent(dt.date(2013, 1, 1), load_config(
        overrides={"selfreport.consent_age": 12}), day)


# --- through the service, on the sample club ---------------------------------------------


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    service = Service.open(seed_store(tmp_path_factory.mktemp("selfreport")))
    yield service
    service.store.close()


def _open_link(svc: Service, athlete: str) -> str:
    guardian = svc.athlete_link(CLUB, athlete, user=COACH, kind="guardian")
    svc.guardian_decide(guardian.url.split("=", 1)[1], "consented")
    return svc.athlete_link(CLUB, athlete, user=COACH).url.split("=", 1)[1]


def _day_load(svc: Service, athlete: str, day: dt.date) -> list[float]:
    view = svc.team_view(CLUB, user=COACH, clinical=False)
    assert view is not None
    log = view.frames.log
    return log.loc[(log[Col.ATHLETE] == athlete) & (log[Col.DATE] == pd.Timestamp(day)),
                   Col.LOAD].tolist()


def test_a_session_adds_a_day_the_coach_lacks_and_never_a_second_value(svc: Service) -> None:
    token = _open_link(svc, "GYM-02")
    coach_day = dt.date(2026, 11, 19)  # the sample log: 105 min at RPE 5 = 525 AU
    assert _day_load(svc, "GYM-02", coach_day) == [525.0]
    assert svc.submit_session(token, "session-gym02-a", day=TODAY, minutes=50, rpe=4,
                              arches=None)
    link, _ = links.resolve(svc.store, token)
    assert link is not None  # the coach's day is older than the form allows: stored directly
    assert store_reports.add_report(svc.store, link, "session", "session-gym02-b", {
        "date": coach_day, "duration_min": 90.0, "rpe": 9.0, "extension_reps": None})
    assert _day_load(svc, "GYM-02", TODAY) == [200.0]
    assert _day_load(svc, "GYM-02", coach_day) == [525.0]  # the coach's value, not 525 + 810
    compared = svc.athlete_reported(CLUB, user=COACH)
    mine = compared[compared[Col.ATHLETE] == "GYM-02"].set_index(Col.DATE)
    assert mine[["used", "coach_load", "load_difference"]].astype(object).where(
        mine[["used", "coach_load", "load_difference"]].notna(), None).values.tolist() == [
        ["coach", 525.0, 285.0], ["athlete", None, None]]


def test_hurts_when_arching_left_puts_the_gymnast_on_the_watch_list(svc: Service) -> None:
    token = _open_link(svc, "GYM-01")
    check = sr.BackCheck(NONE, hurts_arching=True, side="left", red_flags={})
    assert svc.submit_back_check(token, "check-gym01-a", day=TODAY, check=check)
    view = svc.team_view(CLUB, user=PHYSIO, clinical=True)
    assert view is not None
    week = pd.Timestamp(TODAY) - pd.Timedelta(days=TODAY.weekday())
    watch = view.watch_list(week)
    assert "GYM-01" in watch[Col.ATHLETE].astype(str).tolist()
    heat = view.heatmap()
    level = heat[(heat[Col.ATHLETE] == "GYM-01") & (heat[Col.WEEK] == week)]["level"].tolist()
    assert level == ["refer"]


def test_only_the_tokens_athlete_is_written_and_retries_store_once(svc: Service) -> None:
    token = _open_link(svc, "GYM-03")
    assert svc.submit_session(token, "session-gym03-a", day=TODAY, minutes=30, rpe=3,
                              arches=12)
    assert not svc.submit_session(token, "session-gym03-a", day=TODAY, minutes=30, rpe=3,
                                  arches=12)
    reported = svc.athlete_reported(CLUB, user=COACH)
    assert reported[reported[Col.ATHLETE] == "GYM-03"][Col.DURATION].tolist() == [30.0]
    with pytest.raises(sr.Refused, match="This form is out of date"):
        svc.submit_session(token, "x", day=TODAY, minutes=30, rpe=3, arches=None)


def test_the_rate_limit_stops_a_flood_of_forms(svc: Service) -> None:
    token = _open_link(svc, "GYM-06")
    for n in range(sr.MAX_PER_HOUR):
        svc.submit_session(token, f"flood-gym06-{n:02d}", day=TODAY, minutes=10, rpe=2,
                           arches=None)
    with pytest.raises(sr.Refused, match="That is a lot of answers in one hour"):
        svc.submit_session(token, "flood-gym06-99", day=TODAY, minutes=10, rpe=2, arches=None)


def test_withdrawing_consent_stops_collection_and_deletion_erases(svc: Service) -> None:
    guardian = svc.athlete_link(CLUB, "GYM-12", user=COACH, kind="guardian")
    gtoken = guardian.url.split("=", 1)[1]
    with pytest.raises(sr.Refused, match="parent or guardian needs to say yes"):
        svc.submit_session(svc.athlete_link(CLUB, "GYM-12", user=COACH).url.split("=", 1)[1],
                           "session-gym12-0", day=TODAY, minutes=20, rpe=3, arches=None)
    svc.guardian_decide(gtoken, "consented")
    token = svc.athlete_link(CLUB, "GYM-12", user=COACH).url.split("=", 1)[1]
    assert svc.submit_session(token, "session-gym12-a", day=TODAY, minutes=20, rpe=3,
                              arches=None)
    sessions, checks = svc.guardian_reports(gtoken)
    assert sessions.values.tolist() == [[pd.Timestamp(TODAY), 20.0, 3.0]] and checks.empty
    with pytest.raises(sr.Refused, match="withdraw your consent first"):
        svc.guardian_delete(gtoken)
    svc.guardian_decide(gtoken, "withdrawn")
    assert not svc.link_page(token).ok
    with pytest.raises(sr.Refused, match="parent or guardian needs to say yes"):
        svc.submit_session(token, "session-gym12-b", day=TODAY, minutes=20, rpe=3,
                           arches=None)
    assert svc.guardian_delete(gtoken) == 1
    assert svc.guardian_reports(gtoken)[0].empty


def test_compliance_counts_match_what_was_submitted(svc: Service) -> None:
    """The demo seeds DEMO_SESSIONS and DEMO_CHECKS; the week of 16 Nov 2026 counts them."""
    table = svc.compliance(CLUB, user=COACH, week=dt.date(2026, 11, 18)).set_index("athlete")
    did = table[table["back_check_this_week"]].index.tolist()
    assert did == ["GYM-05", "GYM-11", "GYM-14"]
    assert table.loc[["GYM-05", "GYM-11", "GYM-14"], "sessions_this_week"].tolist() == [1, 2, 1]
    assert table.loc["GYM-14", "back_check_rate"] == 0.5  # weeks of 9 and 16 Nov, of 4
    assert table.loc["GYM-11", "back_check_rate"] == 0.25
    assert table.loc["GYM-11", "session_rate"] == 0.25  # both sessions in one week of 4
    assert bool(table.loc["GYM-14", "missing_two_weeks"]) is False
    assert bool(table.loc["GYM-11", "missing_two_weeks"]) is False
    assert table["missing_two_weeks"].sum() == len(table) - 3
    # GYM-09's clinician plan runs to 7 Dec: exempt from the session form, not the back check
    assert bool(table.loc["GYM-09", "exempt_this_week"]) is True
    assert table.loc["GYM-09", "session_rate"] != table.loc["GYM-09", "session_rate"]  # NaN
    assert bool(table.loc["GYM-09", "missing_two_weeks"]) is True


def test_the_weekly_report_has_the_check_in_section(svc: Service) -> None:
    files = svc.report_files(CLUB, pd.Timestamp("2026-11-16"), user=COACH, clinical=False,
                             pseudonymise=False)
    html = next(body for name, (_, body) in files.items() if name.endswith(".html"))
    text = html.decode("utf-8")
    assert "<h2>Athlete check-ins</h2><p>3 of 20 athletes did this week's back check" in text
    assert "<tr><td>GYM-11</td><td>2</td><td>yes</td><td>25%</td><td>25%</td><td>no</td>" \
        in text
