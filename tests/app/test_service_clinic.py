"""The therapist's record through the Service (issue 17): only a therapist of the team opens
episodes, logs treatments and runs a return plan; a stage moves on only after a symptom-free
back check (new pain re-refers); the coach reads availability with caps and review date and
never the diagnosis; another team's episode is unknown; refusals are audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.auth import AccessDenied, User
from loadwatch.app.clinic import ADHERENCE_TEXT
from loadwatch.app.service import Service
from loadwatch.store import audit_events, ingest_file

A, B = "Club A", "Club B"
GYMNAST = "Gina Example"
DIAGNOSIS = "left L5 pars stress reaction"
COACH, PHYSIO = User("coach_a", "coach", (A,)), User("physio_a", "therapist", (A,))
PHYSIO_B, ADMIN = User("physio_b", "therapist", (B,)), User("boss", "admin", ())


def _lines() -> list[str]:
    lines = ["athlete,date,sport,duration_min,rpe,extension_reps"]
    for week in range(5):  # 2026-10-05 … 2026-11-06: 4 sessions a week of 90 min, RPE 5
        monday = dt.date(2026, 10, 5) + dt.timedelta(weeks=week)
        lines += [f"{GYMNAST},{monday + dt.timedelta(days=d)},gymnastics,90,5,40"
                  for d in (0, 1, 3, 4)]
    return lines


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Service]:
    service = Service.open(f"sqlite:///{tmp_path / 'clinic.db'}")
    (tmp_path / "a.csv").write_text("\n".join(_lines()) + "\n")
    ingest_file(service.store, tmp_path / "a.csv", A)
    (tmp_path / "b.csv").write_text("athlete,date,duration_min,rpe\nB-KID,2026-10-05,60,5\n")
    ingest_file(service.store, tmp_path / "b.csv", B)
    yield service
    service.store.close()


def _episode(svc: Service) -> int:
    return svc.open_episode(A, GYMNAST, user=PHYSIO, onset=dt.date(2026, 11, 4),
                            mechanism="overuse", side="left", diagnosis=DIAGNOSIS)


def test_a_therapist_runs_the_return_and_the_coach_sees_availability_only(svc: Service) -> None:
    episode = _episode(svc)
    plan_id = svc.propose_return_plan(A, episode, user=PHYSIO, start=dt.date(2026, 11, 16))
    _, stages = svc.return_plan(A, episode, user=PHYSIO)
    # typical week 4 × 90 = 360 min: stage 1 at half (180 min = 3 h), no extension
    assert stages["cap_minutes"].tolist()[:2] == [180.0, 252.0]
    svc.approve_return_plan(A, plan_id, user=PHYSIO)
    table = svc.availability(A, user=COACH, on=dt.date(2026, 12, 2))
    assert table[["athlete", "availability", "availability_text"]].values.tolist() == [
        [GYMNAST, "modified", "modified — no back-arching skills, ≤ 3 h/week until 13 Dec"]]
    assert DIAGNOSIS not in table.to_string()

    with pytest.raises(ValueError, match="no back check since the stage began"):
        svc.advance_return_plan(A, episode, user=PHYSIO, on=dt.date(2026, 12, 14))
    svc.add_checkin(A, GYMNAST, user=PHYSIO, date=dt.date(2026, 12, 1), back_pain=True,
                    side="left", worse_arching=True, onset=None, pain=3,
                    limits_training=True, red_flags={})
    with pytest.raises(ValueError, match="back pain reported 2026-12-01 during the return: "
                                         "re-refer to the clinician"):
        svc.advance_return_plan(A, episode, user=PHYSIO, on=dt.date(2026, 12, 14))


def test_a_symptom_free_check_lets_the_clinician_tick_the_stage(svc: Service) -> None:
    episode = _episode(svc)
    plan_id = svc.propose_return_plan(A, episode, user=PHYSIO, start=dt.date(2026, 11, 16))
    svc.approve_return_plan(A, plan_id, user=PHYSIO)
    svc.add_checkin(A, GYMNAST, user=PHYSIO, date=dt.date(2026, 11, 30), back_pain=False,
                    side=None, worse_arching=False, onset=None, pain=0,
                    limits_training=False, red_flags={})
    assert svc.advance_return_plan(A, episode, user=PHYSIO, on=dt.date(2026, 12, 14)) == \
        (2, "symptom-free back check on 2026-11-30")
    table = svc.availability(A, user=COACH, on=dt.date(2026, 12, 15))
    assert table["availability_text"].tolist() == [
        "modified — no back-arching skills, ≤ 4.2 h/week until 27 Dec"]


@pytest.mark.parametrize("call", [
    lambda s, u: s.episodes(A, user=u),
    lambda s, u: s.open_episode(A, GYMNAST, user=u, onset=dt.date(2026, 11, 4),
                                mechanism="overuse"),
    lambda s, u: s.timeline(A, GYMNAST, user=u),
])
def test_a_coach_is_refused_clinical_calls_and_the_refusal_is_audited(svc: Service,
                                                                      call: object) -> None:
    with pytest.raises(AccessDenied, match="clinical data is for the therapist role"):
        call(svc, COACH)  # type: ignore[operator]
    assert audit_events(svc.store).iloc[0]["detail"] == f"team={A} reason=role"


def test_another_teams_episode_is_unknown_and_its_therapist_refused(svc: Service) -> None:
    episode = _episode(svc)
    with pytest.raises(ValueError, match=f"team 'Club B' has no injury episode {episode}"):
        svc.add_treatment(B, episode, user=PHYSIO_B, day=dt.date(2026, 11, 5), treatment="x")
    with pytest.raises(AccessDenied, match="no access to team 'Club A'"):
        svc.episodes(A, user=PHYSIO_B)
    with pytest.raises(AccessDenied, match="that athlete is not in team 'Club A'"):
        svc.open_episode(A, "B-KID", user=PHYSIO, onset=dt.date(2026, 11, 4),
                         mechanism="acute")


def test_the_timeline_and_epidemiology_count_the_episode(svc: Service) -> None:
    episode = _episode(svc)
    svc.update_episode(A, episode, user=PHYSIO, return_date=dt.date(2026, 11, 25))
    line = svc.timeline(A, GYMNAST, user=PHYSIO)
    onset_week = line[line["week_start"] == pd.Timestamp("2026-11-02")].iloc[0]
    assert (onset_week["load_au"], onset_week["episode"]) == (1800.0, "onset")
    epi = svc.epidemiology(A, user=ADMIN)
    overall = epi[(epi["season"] == "all seasons") & (epi["group"] == "overall")].iloc[0]
    # 20 sessions × 90 min = 30 h; one injury, 21 days lost
    assert (overall["injuries"], overall["exposure_hours"], overall["days_lost"],
            overall["mean_days_lost"]) == (1, 30.0, 21.0, 21.0)
    assert round(overall["incidence_per_1000h"], 2) == 33.33


def test_reports_carry_availability_and_the_clinical_one_the_episode(svc: Service) -> None:
    episode = _episode(svc)
    plan_id = svc.propose_return_plan(A, episode, user=PHYSIO, start=dt.date(2026, 11, 2))
    svc.approve_return_plan(A, plan_id, user=PHYSIO)
    week = pd.Timestamp("2026-11-02")
    coach = svc.report_files(A, week, user=COACH, clinical=False, pseudonymise=False)
    text = next(body for name, (_, body) in coach.items() if name.endswith(".csv")).decode()
    assert "modified — no back-arching skills, ≤ 3 h/week until 29 Nov" in text
    assert DIAGNOSIS not in "".join(b.decode("latin-1") for _, b in coach.values())
    therapist = svc.report_files(A, week, user=PHYSIO, clinical=True, pseudonymise=False)
    html = next(body for name, (_, body) in therapist.items() if name.endswith(".html"))
    assert ("Injury episode: lumbar spine, left, overuse; working diagnosis: "
            f"{DIAGNOSIS}; imaging: — / —; status in return; time loss") in html.decode()


def test_days_over_the_stages_minutes_cap_reach_the_coach_and_the_therapist(
        svc: Service, tmp_path: Path) -> None:
    """Stage 1 caps 180 min a week (half of 4 × 90); a later upload of 100, 100 and 40 min
    (Mon–Wed 23–25 Nov, RPE 5) puts the 7-day minutes at 200 and 240: over on 2 days. The
    coach reads it in the availability sentence, the therapist in the adherence line (with
    the sRPE cap, 900 AU, passed too: 1,000 and 1,200 AU)."""
    episode = _episode(svc)
    plan_id = svc.propose_return_plan(A, episode, user=PHYSIO, start=dt.date(2026, 11, 16))
    svc.approve_return_plan(A, plan_id, user=PHYSIO)
    (tmp_path / "over.csv").write_text(
        "athlete,date,sport,duration_min,rpe,extension_reps\n"
        f"{GYMNAST},2026-11-23,gymnastics,100,5,0\n{GYMNAST},2026-11-24,gymnastics,100,5,0\n"
        f"{GYMNAST},2026-11-25,gymnastics,40,5,0\n")
    ingest_file(svc.store, tmp_path / "over.csv", A)
    sentence = ("modified — no back-arching skills, ≤ 3 h/week until 13 Dec; over the "
                "return-plan cap on 2 days this week: 240 min vs ≤ 180")
    on = dt.date(2026, 11, 25)
    assert svc.availability_lines(A, user=COACH, on=on) == [(GYMNAST, sentence)]
    assert svc.athlete_availability(A, GYMNAST, user=COACH, on=on) == sentence
    # the next week starts afresh: the log has no day of it yet, so nothing is over
    assert svc.athlete_availability(A, GYMNAST, user=COACH, on=dt.date(2026, 11, 30)) == \
        sentence.split(";")[0]
    assert ADHERENCE_TEXT(svc.return_adherence(A, GYMNAST, user=PHYSIO)) == (
        "Over the stage's caps on 2 day(s): 24 Nov (minutes: 200 min vs ≤ 180, srpe); "
        "25 Nov (minutes: 240 min vs ≤ 180, srpe)")
