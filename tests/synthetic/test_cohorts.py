"""Known-truth cohorts: readable like real uploads, weekly structure, the hazard as stated."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.injuries import InjuryCol
from loadwatch.ingest.log import parse_log
from loadwatch.schema import Col
from loadwatch.synthetic.cohorts import (
    BETA_EXT,
    BETA_SPIKE,
    Hazard,
    base_for_events,
    hazard_terms,
    simulate_cohort,
)
from tests.model.support import Squad


def test_same_seed_same_cohort_other_seed_other_cohort() -> None:
    a = simulate_cohort(12, 120, "planted", seed=5)
    b = simulate_cohort(12, 120, "planted", seed=5)
    c = simulate_cohort(12, 120, "planted", seed=6)
    pd.testing.assert_frame_equal(a.sessions, b.sessions)
    pd.testing.assert_frame_equal(a.injuries, b.injuries)
    assert not a.sessions.equals(c.sessions)


def test_files_go_through_the_real_ingest_with_canonical_columns(planted: Squad,
                                                                 tmp_path: Path) -> None:
    parsed = parse_log(planted.cohort.csv("sessions"))
    assert parsed.ok and parsed.extension_unit == "reps"
    assert planted.log[Col.EXT_REPS].notna().any()
    assert set(planted.log[Col.DAY_STATUS].dropna()) == {"rest", "missing"}  # injured, not rec.
    paths = planted.cohort.write(tmp_path)
    assert [p.name for p in paths] == ["sessions.csv", "roster.csv", "injuries.csv",
                                       "truth.json"]
    truth = json.loads(paths[-1].read_text())
    assert truth["beta_spike"] == 2.5 and truth["beta_ext"] == 3.0
    assert truth["injuries"] == len(planted.injuries)
    assert "exp(2.5 × spike(d) + 3 × (ext_ratio(d) − 1))" in truth["formula"]


def test_youth_club_rhythm(planted: Squad) -> None:
    sessions = planted.log[planted.log[Col.DAY_STATUS].isna()]
    assert (sessions[Col.DATE].dt.day_of_week != 6).all()             # Sunday off
    per_week = sessions.groupby([Col.ATHLETE, sessions[Col.DATE].dt.to_period("W")]).size()
    assert per_week.max() <= 6                                       # ≥ 1 rest day a week
    assert sessions[Col.DURATION].between(20, 240).all()
    assert sessions[Col.RPE].between(1, 10).all()
    weekly_load = sessions.groupby([Col.ATHLETE, sessions[Col.DATE].dt.to_period("W")])[
        Col.LOAD].sum()
    assert 1000 < weekly_load.median() < 5000                        # AU per training week


def test_injured_days_are_logged_and_injuries_never_overlap(planted: Squad) -> None:
    injuries = planted.cohort.injuries
    log = planted.cohort.sessions
    for athlete, rows in injuries.groupby(InjuryCol.ATHLETE):
        onset = pd.to_datetime(rows[InjuryCol.ONSET]).to_numpy()
        back = pd.to_datetime(rows[InjuryCol.RETURN].replace("", None)).to_numpy()
        assert (onset[1:] >= back[:-1]).all()        # next onset only after the return
        days = log[log[Col.ATHLETE] == athlete]
        marked = set(pd.to_datetime(days.loc[days[Col.DAY_STATUS].isin(
            ["injured", "not recorded"]), Col.DATE]))
        sessions = set(pd.to_datetime(days.loc[days[Col.DAY_STATUS] == "", Col.DATE]))
        for start, end in zip(onset, back, strict=True):
            window = pd.date_range(start, end - np.timedelta64(1, "D") if not pd.isna(end)
                                   else start)
            assert not sessions & set(window)         # no training while injured
            assert set(window) <= marked              # every such day is marked in the log
    done = injuries[injuries[InjuryCol.RETURN] != ""]
    loss = (pd.to_datetime(done[InjuryCol.RETURN]) - pd.to_datetime(done[InjuryCol.ONSET])).dt.days
    assert (loss == done[InjuryCol.TIME_LOSS].astype(int)).all()


def test_hazard_terms_on_a_hand_made_series() -> None:
    days = 40
    load = np.full((1, days), 100.0)
    load[0, 7:14] = 150.0                       # week 2 is 50 % above week 1
    ext = np.full((1, days), 10.0)
    ext[0, 28:35] = 20.0                        # extension doubles in week 5
    spike, ratio = hazard_terms(load, ext, np.array([0]))
    assert spike[0, 13] == 0.0                  # first 14 days: no spike term
    assert spike[0, 14] == pytest.approx(0.5)   # days 7–13 (1,050 AU) vs days 0–6 (700 AU)
    assert spike[0, 21] == pytest.approx(100 * 7 / 1050 - 1)
    assert ratio[0, 27] == 1.0                  # first 28 days: ratio 1
    assert ratio[0, 28] == pytest.approx(1.0)
    # day 35: days 28–34 mean 20; days 7–34 mean (21 · 10 + 7 · 20) / 28 = 12.5 → 1.6
    assert ratio[0, 35] == pytest.approx(1.6)
    late = hazard_terms(load, ext, np.array([10]))[0]
    assert late[0, 23] == 0.0                          # history counts from the join day (10)
    assert late[0, 24] == pytest.approx(700 / 900 - 1)  # days 17–23 vs 10–16


def test_null_hazard_is_constant_and_planted_follows_the_formula(null: Squad,
                                                                 planted: Squad) -> None:
    at_risk = null.cohort.hazard[np.isfinite(null.cohort.hazard)]
    assert np.all(at_risk == 0.012)
    planted_hazard = planted.cohort.hazard[np.isfinite(planted.cohort.hazard)]
    multiplier = planted_hazard / 0.001
    assert multiplier.min() >= np.exp(2.5 * -1.0 + 3.0 * (0 - 1)) - 1e-12
    assert multiplier.max() <= np.exp(2.5 * 1.5 + 3.0 * (2.5 - 1)) + 1e-9
    assert np.std(multiplier) > 0.5


def test_defaults_and_bad_settings() -> None:
    assert Hazard().beta_spike == BETA_SPIKE and Hazard().beta_ext == BETA_EXT
    assert simulate_cohort(3, 30, "null").truth["base_hazard_per_day"] == 0.003
    assert simulate_cohort(3, 30, "planted").truth["base_hazard_per_day"] == 0.002
    with pytest.raises(LogError, match="'null' or 'planted'"):
        simulate_cohort(3, 30, "sometimes")  # type: ignore[arg-type]
    with pytest.raises(LogError, match="not a Monday"):
        simulate_cohort(3, 30, start="2025-08-05")
    with pytest.raises(LogError, match="choose fewer events"):
        base_for_events(2, 10, 500, Hazard())


def test_base_for_events_gives_about_that_many_injuries() -> None:
    base = base_for_events(100, 365, 120, Hazard())
    injuries = [simulate_cohort(100, 365, Hazard("planted", base), seed=s).truth["injuries"]
                for s in (1, 2)]
    assert 80 < np.mean(injuries) < 150  # type: ignore[arg-type]
