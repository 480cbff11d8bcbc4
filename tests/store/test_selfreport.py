"""The store's side of self-reports (issue 16): a self-reported session joins the coach's
log only on a day the coach's log lacks (its own day covered, the days around it missing),
back checks join the therapist's check-ins, and the coach's log is compared, never summed."""

from __future__ import annotations

import pandas as pd

from loadwatch.config import load_config
from loadwatch.ingest.log import read_log
from loadwatch.schema import SYMPTOM_FIELDS, Col, SymptomCol
from loadwatch.store.selfreport import compare_sessions, with_back_checks, with_self_sessions
from tests.builders import session_csv

COACH = read_log(session_csv({"A": [300.0, 0.0, 400.0]}))


def _reported(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame({Col.ATHLETE: [r[0] for r in rows],
                         Col.DATE: pd.to_datetime([r[1] for r in rows]),
                         Col.DURATION: [r[2] for r in rows], Col.RPE: [r[3] for r in rows],
                         Col.EXT_REPS: [float("nan")] * len(rows)})


def test_a_self_reported_session_fills_only_a_day_the_coach_lacks() -> None:
    first = COACH[Col.DATE].min()
    after = first + pd.Timedelta(days=5)
    reported = _reported([("A", str(first.date()), 60.0, 9.0), ("A", str(after.date()), 50.0, 4.0)])
    merged = with_self_sessions(COACH, reported, "T", load_config())
    assert len(merged) == len(COACH) + 1
    added = merged[merged[Col.DATE] == after]
    assert added[[Col.LOAD, Col.COVER_START, Col.COVER_END, Col.TEAM]].values.tolist() == [
        [200.0, after, after, "T"]]
    assert merged.loc[merged[Col.DATE] == first, Col.LOAD].tolist() == \
        COACH.loc[COACH[Col.DATE] == first, Col.LOAD].tolist()
    assert list(merged.columns) == list(COACH.columns)


def test_the_comparison_names_the_value_used_and_the_difference() -> None:
    first = COACH[Col.DATE].min()
    coach_load = float(COACH.loc[COACH[Col.DATE] == first, Col.LOAD].sum())
    table = compare_sessions(COACH, _reported([("A", str(first.date()), 60.0, 9.0)]))
    assert table[["used", Col.LOAD, "coach_load", "load_difference"]].values.tolist() == [
        ["coach", 540.0, coach_load, 540.0 - coach_load]]


def test_a_weekly_totals_log_is_left_as_it_is() -> None:
    weekly = pd.DataFrame({Col.ATHLETE: ["A"], Col.WEEK: [pd.Timestamp("2026-11-16")]})
    assert with_self_sessions(weekly, _reported([("A", "2026-11-17", 60, 5)]), "T",
                              load_config()) is weekly


def test_back_checks_join_the_therapists_check_ins_in_date_order() -> None:
    names = [f.name for f in SYMPTOM_FIELDS]
    therapist = pd.DataFrame([{**dict.fromkeys(names), Col.ATHLETE: "A",
                               SymptomCol.DATE: pd.Timestamp("2026-11-20"),
                               SymptomCol.BACK_PAIN: True}])
    checks = pd.DataFrame([{**dict.fromkeys(names), Col.ATHLETE: "A",
                            SymptomCol.DATE: pd.Timestamp("2026-11-18"),
                            SymptomCol.BACK_PAIN: False, "ostrc_score": 0}])
    both = with_back_checks(therapist, checks)
    assert both[SymptomCol.DATE].tolist() == [pd.Timestamp("2026-11-18"),
                                              pd.Timestamp("2026-11-20")]
    assert list(both.columns) == names
    assert with_back_checks(therapist, checks.iloc[0:0]) is therapist
