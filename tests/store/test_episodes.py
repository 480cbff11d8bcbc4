"""Injury episodes, treatment log and return plans in the store (issue 17): an episode opens,
its time loss counts, an approved plan becomes clinician plans (rule S4, the planner), a
tick moves it on; another team's episode is unknown; no diagnosis or treatment text reaches
the logs or the audit log. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.errors import UsageError
from loadwatch.risk.planner import plan_week
from loadwatch.risk.return_plan import propose_stages, typical_week
from loadwatch.store import Store, audit_events, export_tables, ingest_file, load_log, load_plans
from loadwatch.store import episodes as ep
from tests.store.support import count, write_csv

NAME = "Ann Example"
DIAGNOSIS = "L5 pars stress reaction, left"
TREATMENT = "Core stability without extension; brace discussed"


def _log_lines() -> list[str]:
    lines = ["athlete,date,duration_min,rpe,extension_reps"]
    for week in range(5):  # Mondays 2026-10-05 … 2026-11-02: 4 sessions of 90 min, RPE 5
        monday = dt.date(2026, 10, 5) + dt.timedelta(weeks=week)
        lines += [f"{NAME},{monday + dt.timedelta(days=d)},90,5,{30 + 5 * week}"
                  for d in (0, 1, 3, 4)]
    return lines


@pytest.fixture
def clinic(store: Store, tmp_path: Path) -> Store:
    ingest_file(store, write_csv(tmp_path / "log.csv", _log_lines()), "Gym")
    ingest_file(store, write_csv(tmp_path / "other.csv", ["athlete,date,duration_min,rpe",
                                                          "C3,2026-10-05,60,5"]), "Other")
    return store


def _plan(store: Store, episode: int) -> int:
    base = typical_week(load_log(store, "Gym"), pd.DataFrame(
        {"athlete": [NAME], "onset_date": [pd.Timestamp("2026-11-04")]})).iloc[0]
    return ep.save_plan(store, "Gym", episode, base.to_dict(),
                        propose_stages(base, dt.date(2026, 11, 9)), by="physio1")


def _rows(store: Store) -> list[tuple[str, str, str, float | None]]:
    """The team's clinician plans as (start, review, restriction, cap)."""
    plans = load_plans(store, "Gym")
    return [(str(pd.Timestamp(s).date()), str(pd.Timestamp(r).date()), k,
             None if pd.isna(c) else float(c)) for s, r, k, c in plans[
        ["start_date", "review_date", "restriction", "cap"]].itertuples(index=False)]


def test_an_episode_runs_from_onset_through_an_approved_plan(
        clinic: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    episode = ep.add_episode(clinic, "Gym", NAME, dt.date(2026, 11, 4), mechanism="overuse",
                             side="left", diagnosis=DIAGNOSIS, imaging_ordered="MRI",
                             by="physio1")
    ep.add_treatment(clinic, "Gym", episode, dt.date(2026, 11, 5), TREATMENT,
                     next_review=dt.date(2026, 11, 19), by="physio1")
    table = ep.load_episodes(clinic, "Gym", today=dt.date(2026, 11, 30))
    assert table[["athlete", "onset_date", "body_region", "side", "mechanism", "status",
                  "time_loss_days"]].values.tolist() == [
        [NAME, dt.date(2026, 11, 4), "lumbar_spine", "left", "overuse", "open", 26]]
    assert ep.load_treatments(clinic, "Gym", episode)["treatment"].tolist() == [TREATMENT]

    plan_id = _plan(clinic, episode)
    plan, stages = ep.load_plan(clinic, "Gym", episode)
    # weeks of 5-26 Oct (2 Nov holds the onset): 4 × 90 min, 4 × 450 AU; reps 120…180 → 150
    assert (plan["status"], plan["base_weeks"], plan["base_minutes"], plan["base_srpe_au"],
            plan["base_extension"]) == ("draft", 4, 360.0, 1800.0, 150.0)
    assert stages["cap_minutes"].tolist()[:4] == [180.0, 252.0, 324.0, 360.0]

    ep.approve_plan(clinic, "Gym", plan_id, by="physio1")
    assert _rows(clinic) == [("2026-11-09", "2026-12-06", "cap_load_au_per_week", 900.0),
                             ("2026-11-09", "2026-12-06", "no_extension_loading", None)]
    assert ep.load_episodes(clinic, "Gym")["status"].tolist() == ["in_return"]

    assert ep.advance_plan(clinic, "Gym", plan_id, dt.date(2026, 12, 7), by="physio1") == 2
    assert _rows(clinic)[2:] == [("2026-12-07", "2026-12-20", "cap_load_au_per_week", 1260.0),
                                 ("2026-12-07", "2026-12-20", "no_extension_loading", None)]
    running = ep.running_stages(clinic, "Gym")
    assert running[["athlete", "name", "stage", "cap_minutes"]].values.tolist() == [
        [NAME, "non-extension conditioning", 2, 252.0]]

    logged = caplog.text + audit_events(clinic).to_string()
    for secret in (DIAGNOSIS, TREATMENT, NAME, "MRI"):
        assert secret not in logged


def test_reaching_full_training_sets_the_return_and_competition_closes(clinic: Store) -> None:
    episode = ep.add_episode(clinic, "Gym", NAME, dt.date(2026, 11, 4), mechanism="overuse")
    plan_id = _plan(clinic, episode)
    ep.approve_plan(clinic, "Gym", plan_id, by="physio1")
    for day in (dt.date(2026, 12, 7), dt.date(2026, 12, 21), dt.date(2027, 1, 11)):
        ep.advance_plan(clinic, "Gym", plan_id, day, by="physio1")
    table = ep.load_episodes(clinic, "Gym")
    assert table[["status", "return_date", "time_loss_days"]].values.tolist() == [
        ["in_return", dt.date(2027, 1, 11), 68]]
    assert ep.advance_plan(clinic, "Gym", plan_id, dt.date(2027, 1, 25), by="physio1") == 5
    assert ep.load_episodes(clinic, "Gym")["status"].tolist() == ["closed"]
    assert load_plans(clinic, "Gym")["restriction"].tolist()[-1] == "cleared"
    with pytest.raises(UsageError, match="return plan .* is done, not running"):
        ep.advance_plan(clinic, "Gym", plan_id, dt.date(2027, 2, 1))


def test_another_teams_episode_is_unknown_and_stores_nothing(clinic: Store) -> None:
    episode = ep.add_episode(clinic, "Gym", NAME, dt.date(2026, 11, 4), mechanism="acute")
    with pytest.raises(UsageError, match=f"team 'Other' has no injury episode {episode}"):
        ep.add_treatment(clinic, "Other", episode, dt.date(2026, 11, 5), "x")
    with pytest.raises(UsageError, match="unknown mechanism 'sudden'; choose one of overuse, "
                                         "acute"):
        ep.add_episode(clinic, "Gym", NAME, dt.date(2026, 11, 4), mechanism="sudden")
    assert count(clinic, "treatment_log") == 0
    assert count(clinic, "injury_episodes") == 1


def test_the_coach_plan_obeys_an_approved_stage(clinic: Store, tmp_path: Path) -> None:
    episode = ep.add_episode(clinic, "Gym", NAME, dt.date(2026, 11, 4), mechanism="overuse")
    ep.approve_plan(clinic, "Gym", _plan(clinic, episode), by="physio1")
    week = ["athlete,date,duration_min,rpe,extension_reps",
            f"{NAME},2026-11-09,60,5,0", f"{NAME},2026-11-11,60,5,12"]
    ingest_file(clinic, write_csv(tmp_path / "nov9.csv", week), "Gym")
    assessment = lw.evaluate(load_log(clinic, "Gym"), plans=load_plans(clinic, "Gym"))
    start = pd.Timestamp("2026-11-09")
    assert assessment.week(start).set_index("athlete").loc[NAME, "S4"] == "red"
    row = plan_week(assessment, start).iloc[0]
    assert (row["max_load_au"], row["max_extension"], row["limited_by"]) == \
        (900.0, 0.0, "clinician cap")


def test_an_export_without_clinical_data_leaves_the_episode_tables_out(
        clinic: Store, tmp_path: Path) -> None:
    episode = ep.add_episode(clinic, "Gym", NAME, dt.date(2026, 11, 4), mechanism="overuse",
                             diagnosis=DIAGNOSIS)
    ep.add_treatment(clinic, "Gym", episode, dt.date(2026, 11, 5), TREATMENT)
    full = {p.name for p in export_tables(clinic, tmp_path / "full")}
    assert {"injury_episodes.csv", "treatment_log.csv", "return_plans.csv",
            "return_stages.csv"} <= full
    safe = export_tables(clinic, tmp_path / "safe", clinical=False)
    assert not {p.name for p in safe} & {"injury_episodes.csv", "treatment_log.csv",
                                         "return_plans.csv", "return_stages.csv"}
    for path in safe:
        assert DIAGNOSIS not in path.read_text() and TREATMENT not in path.read_text()
