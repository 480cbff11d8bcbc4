"""Features from data up to the day only (no future leakage), and labels from the future only."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loadwatch.errors import LogError
from loadwatch.ingest.injuries import InjuryCol, read_injuries
from loadwatch.ingest.log import read_log
from loadwatch.ingest.tables import read_roster_table
from loadwatch.model.features import FEATURES, Feat, build_features
from loadwatch.model.target import build_model_table
from loadwatch.schema import Col
from loadwatch.series.metrics import daily_metrics
from loadwatch.synthetic.cohorts import simulate_cohort
from tests.builders import MONDAY, day, read
from tests.model.support import Squad, ingest

# --- no future leakage ----------------------------------------------------------------------

LEAK_DAYS = 150


@pytest.fixture(scope="module")
def small() -> Squad:
    """8 athletes × 150 days with injuries, not-recorded weeks and late joiners."""
    return ingest(simulate_cohort(8, LEAK_DAYS, "planted", seed=11, base_hazard=0.02))


def _as_of(squad: Squad, cut: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The uploads as they stood at the end of day `cut`: sessions up to it (the upload's
    period ends on it), injuries with onset up to it, returns after it not yet known."""
    sessions = squad.cohort.sessions
    kept = sessions[pd.to_datetime(sessions[Col.DATE]) <= cut]
    first = pd.to_datetime(sessions[Col.DATE]).min()
    log = read_log(kept.to_csv(index=False).encode(), period=(first.date(), cut.date()))
    injuries = squad.cohort.injuries
    known = injuries[pd.to_datetime(injuries[InjuryCol.ONSET]) <= cut].copy()
    later = pd.to_datetime(known[InjuryCol.RETURN].replace("", None)) > cut
    known.loc[later.to_numpy(), [InjuryCol.RETURN]] = ""
    known[InjuryCol.TIME_LOSS] = known[InjuryCol.TIME_LOSS].astype("Float64").mask(
        later.to_numpy())
    if known.empty:
        return log, None
    return log, read_injuries(known.to_csv(index=False).encode())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offset=st.integers(min_value=0, max_value=LEAK_DAYS - 2))
def test_features_up_to_a_cut_do_not_change_when_the_future_is_removed(
        small: Squad, offset: int) -> None:
    start = pd.to_datetime(small.cohort.sessions[Col.DATE]).min()
    cut = start + pd.Timedelta(days=offset)
    full = build_features(small.log, small.injuries, small.roster)
    log, injuries = _as_of(small, cut)
    if log.empty:
        return
    part = build_features(log, injuries, small.roster)
    before = full[full[Col.DATE] <= cut]
    keys = [Col.ATHLETE, Col.DATE]
    left = before.astype({Col.ATHLETE: str}).sort_values(keys).reset_index(drop=True)
    right = part.astype({Col.ATHLETE: str}).sort_values(keys).reset_index(drop=True)
    exact = [c for c in left.columns if c != Feat.EWMA]
    pd.testing.assert_frame_equal(left[exact], right[exact], check_exact=True)
    # The engine's EWMA (pandas groupby-ewm, loadwatch.series.ratios.ewma) rounds differently when
    # the array is shorter: values agree to rounding (~1e-15), not always bit for bit.
    np.testing.assert_allclose(left[Feat.EWMA], right[Feat.EWMA], rtol=1e-9, atol=1e-12)


def test_labels_need_their_whole_window_before_the_cut(small: Squad) -> None:
    """The target reads the future (that is its job): rows whose 7-day window ends by the cut
    keep their labels; the last 7 days before the cut are censored, not guessed."""
    cut = pd.to_datetime(small.cohort.sessions[Col.DATE]).min() + pd.Timedelta(days=100)
    full = build_model_table(small.log, small.injuries, small.roster)
    log, injuries = _as_of(small, cut)
    part = build_model_table(log, injuries, small.roster)
    keys = [Col.ATHLETE, Col.DATE]

    def labelled(table: object) -> pd.DataFrame:
        frame = table.frame[keys].astype({Col.ATHLETE: str})  # type: ignore[attr-defined]
        return frame.assign(y=table.y, usable=table.usable)  # type: ignore[attr-defined]

    both = labelled(part).merge(labelled(full), on=keys, suffixes=("_part", "_full"))
    settled = both[Col.DATE] <= cut - pd.Timedelta(days=7)
    assert (both.loc[settled, "y_part"] == both.loc[settled, "y_full"]).all()
    assert not both.loc[~settled, "usable_part"].any()
    assert both["y_full"].sum() > 0


# --- hand-built features --------------------------------------------------------------------


def test_features_are_loadwatch_metrics_with_missing_kept_missing() -> None:
    loads: list[float | None] = [300.0] * 28 + [600.0] * 7 + [None] + [300.0] * 10
    log = read({"A": loads, "B": [200.0] * 46})
    features = build_features(log)
    metrics = daily_metrics(log)
    a35 = features[(features[Col.ATHLETE] == "A") & (features[Col.DATE] == day(35))].iloc[0]
    m35 = metrics[(metrics[Col.ATHLETE] == "A") & (metrics[Col.DATE] == day(35))].iloc[0]
    assert a35[Feat.ACUTE] == m35[Col.ACUTE] == 600
    assert a35[Feat.CHRONIC] == m35[Col.CHRONIC_U] == 300          # days 8–28 back
    assert a35[Feat.RAC] == pytest.approx(1.6)
    assert a35[Feat.RAU] == pytest.approx(2.0)
    assert a35[Feat.CHANGE] == pytest.approx(100.0)
    assert a35[Feat.EXT_ACUTE] == 0      # ingest: no extension-heavy sport, no reps → 0 min
    a36 = features[(features[Col.ATHLETE] == "A") & (features[Col.DATE] == day(36))].iloc[0]
    assert np.isnan(a36[Feat.ACUTE]) and np.isnan(a36[Feat.RAC])   # not recorded: missing
    b = features[features[Col.ATHLETE] == "B"]
    assert b[Feat.MONOTONY].isna().all()   # identical days: monotony ∞ → NaN, not a number
    assert list(features.columns[2:]) == list(FEATURES)            # no roster → no hours/age


def test_return_from_complete_rest_gives_nan_not_infinity() -> None:
    log = read({"A": [0.0] * 28 + [500.0] * 7})
    row = build_features(log).iloc[-1]
    assert np.isnan(row[Feat.RAU]) and row[Feat.CHRONIC] == 0 and row[Feat.ACUTE] == 500


def test_injury_history_reads_only_onsets_up_to_the_day() -> None:
    log = read({"A": [300.0] * 40})
    injuries = read_injuries(
        f"athlete,onset_date,body_region,injury_type,time_loss_days\n"
        f"A,{day(10).date()},knee,acute,3\nA,{day(20).date()},ankle,acute,5\n".encode())
    f = build_features(log, injuries).set_index(Col.DATE)
    assert f.loc[day(9), Feat.PREVIOUS] == 0 and np.isnan(f.loc[day(9), Feat.SINCE_INJURY])
    assert f.loc[day(10), Feat.PREVIOUS] == 1 and f.loc[day(10), Feat.SINCE_INJURY] == 0
    assert f.loc[day(19), Feat.SINCE_INJURY] == 9
    assert f.loc[day(25), Feat.PREVIOUS] == 2 and f.loc[day(25), Feat.SINCE_INJURY] == 5


def test_hours_per_week_over_age_with_a_roster() -> None:
    rows = ["athlete,date,duration_min,rpe"] + [
        f"A,{MONDAY + dt.timedelta(days=i)},120,5" for i in range(14)]
    log = read_log(("\n".join(rows) + "\n").encode())
    roster = read_roster_table(b"athlete,birth_date\nA,2010-01-10\n")  # 14 on 2024-01-10
    f = build_features(log, roster=roster).set_index(Col.DATE)
    assert f.loc[day(7), Feat.HOURS_AGE] == pytest.approx(14 / 13)     # 14 h in 7 days, age 13
    assert f.loc[day(10), Feat.HOURS_AGE] == pytest.approx(14 / 14)    # 14th birthday
    with pytest.raises(LogError, match="give the roster with birth dates"):
        build_features(log, with_roster=True)


# --- target -----------------------------------------------------------------------------------


def test_label_is_an_onset_in_the_next_days_and_injured_days_are_left_out() -> None:
    log = read({"A": [300.0] * 60, "B": [300.0] * 60})
    injuries = read_injuries(
        f"athlete,onset_date,body_region,injury_type,return_date\n"
        f"A,{day(20).date()},knee,acute,{day(25).date()}\n"
        f"B,{day(50).date()},foot,overuse,\n".encode())  # B: ongoing at the end
    table = build_model_table(log, injuries, horizon=7)
    a = table.frame[Col.ATHLETE] == "A"
    dates = table.frame[Col.DATE]
    positive = set(dates[a & (table.y == 1)])
    assert positive == {day(n) for n in range(13, 20)}                # days 13–19 precede 20
    unusable_a = set(dates[a & ~table.usable])
    assert unusable_a == {day(n) for n in range(20, 25)} | {day(n) for n in range(54, 61)}
    b = table.frame[Col.ATHLETE] == "B"
    assert not table.usable[(b & (dates >= day(50))).to_numpy()].any()  # ongoing: to the end
    assert table.n_injuries == 2
    assert table.events_in(np.flatnonzero(table.usable)) == 2


def test_weekly_logs_and_logs_without_load_are_refused() -> None:
    weekly = read_log(b"athlete,week,total_minutes,mean_rpe\nA,2026-W02,600,5\n")
    with pytest.raises(LogError, match="needs a daily session log"):
        build_features(weekly)
    minutes_only = read_log(b"athlete,date,duration_min\nA,2026-01-05,60\n")
    with pytest.raises(LogError, match="no sRPE load"):
        build_features(minutes_only)
