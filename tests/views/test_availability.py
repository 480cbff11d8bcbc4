"""Availability (issue 17): full / modified / unavailable with caps and review date, from the
running return stage or the active clinician plans; never a diagnosis, note or symptom."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from loadwatch.schema import AvailabilityCol as A
from loadwatch.views.availability import availability_table, hours_text

ON = dt.date(2026, 12, 2)


def _running(**values: object) -> pd.DataFrame:
    row = {"athlete": "G1", "name": "relative rest from extension",
           "start_date": dt.date(2026, 11, 16), "review_date": dt.date(2026, 12, 14),
           "cap_minutes": 360.0, "cap_srpe_au": 1800.0, "cap_extension": 0.0,
           "no_extension": True, "stage": 1, "return_date": None,
           "episode_status": "in_return"}
    return pd.DataFrame([{**row, **values}])


def _plans(*rows: tuple[str, str, str | None, str, float | None]) -> pd.DataFrame:
    return pd.DataFrame([{"athlete": a, "start_date": pd.Timestamp(s),
                          "review_date": pd.Timestamp(r) if r else pd.NaT,
                          "restriction": k, "cap": c} for a, s, r, k, c in rows])


def test_a_running_stage_gives_modified_with_its_caps_and_review_date() -> None:
    table = availability_table(["G1", "G2"], _running(), None, ON).set_index("athlete")
    assert table.loc["G1", A.AVAILABILITY] == "modified"
    assert table.loc["G1", A.TEXT] == \
        "modified — no back-arching skills, ≤ 6 h/week until 14 Dec"
    assert (table.loc["G1", A.MAX_MINUTES], table.loc["G1", A.MAX_SRPE],
            table.loc["G1", A.MAX_EXTENSION]) == (360.0, 1800.0, 0.0)
    assert table.loc["G1", A.REVIEW] == dt.date(2026, 12, 14)
    assert table.loc["G2", A.TEXT] == "full"
    assert list(table.reset_index().columns) == [
        "athlete", "availability", "availability_text", "max_minutes_per_week",
        "max_load_au_per_week", "max_extension_per_week", "no_back_arching", "review_date",
        "returning_until"]


def test_graded_extension_names_the_reps_cap() -> None:
    stage = _running(cap_minutes=294.0, cap_extension=65.0, no_extension=False,
                     review_date=dt.date(2027, 1, 4))
    table = availability_table(["G1"], stage, None, ON)
    assert table[A.TEXT].tolist() == [
        "modified — ≤ 65 back-arching reps/week, ≤ 4.9 h/week until 4 Jan"]


def test_an_active_clinician_plan_is_never_full() -> None:
    plans = _plans(("G1", "2026-11-20", "2026-12-10", "no_extension_loading", None),
                   ("G1", "2026-11-20", "2026-12-20", "cap_load_au_per_week", 1500.0),
                   ("G2", "2026-11-01", "2026-11-30", "no_bowling", None),       # ended
                   ("G3", "2026-11-01", None, "cap_load_au_per_week", 900.0),
                   ("G3", "2026-11-25", None, "cleared", None),                 # cleared
                   ("G4", "2026-11-01", None, "no_bowling", None))
    table = availability_table(["G1", "G2", "G3", "G4"], None, plans, ON)
    assert table[A.AVAILABILITY].tolist() == ["modified", "full", "full", "modified"]
    assert table[A.TEXT].tolist() == [
        "modified — no back-arching skills, ≤ 1,500 AU/week until 10 Dec", "full", "full",
        "modified — no bowling"]


def test_an_open_episode_without_a_plan_or_a_zero_cap_is_unavailable() -> None:
    running = pd.DataFrame([{"athlete": "G1", "episode_status": "open", "return_date": None}])
    assert availability_table(["G1"], running, None, ON)[A.TEXT].tolist() == [
        "unavailable — no training until the therapist's plan"]
    zero = _running(cap_minutes=0.0, cap_srpe_au=0.0)
    assert availability_table(["G1"], zero, None, ON)[A.TEXT].tolist() == [
        "unavailable — no training until the therapist's plan (review 14 Dec)"]


def test_after_competition_clearance_the_athlete_is_returning_for_28_days() -> None:
    done = _running(name="competition", cap_minutes=None, cap_srpe_au=None,
                    cap_extension=None, no_extension=False, review_date=None, stage=5,
                    return_date=dt.date(2026, 11, 20), episode_status="closed")
    table = availability_table(["G1"], done, None, ON)
    assert table[A.AVAILABILITY].tolist() == ["full"]
    assert table[A.RETURNING_UNTIL].tolist() == [dt.date(2026, 12, 18)]
    assert table[A.TEXT].tolist() == [
        "full — returning from injury until 18 Dec (read ratios with care)"]
    later = availability_table(["G1"], done, None, dt.date(2026, 12, 18))
    assert later[A.TEXT].tolist() == ["full"]


def test_hours_round_down_to_a_tenth() -> None:
    assert [hours_text(m) for m in (360, 294, 299.9, 30)] == ["6 h", "4.9 h", "4.9 h", "0.5 h"]
