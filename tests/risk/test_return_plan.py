"""The return-to-extension plan (issue 17): caps from the athlete's own pre-injury weeks,
hand-worked; the clinician_plans rows an approved stage stands for; adherence per day; the
symptom-free back check that lets a stage advance; when ratios mean something again."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

import loadwatch as lw
from loadwatch.risk.return_plan import (
    adherence,
    adherence_text,
    may_advance,
    minutes_over_cap,
    over_cap_text,
    propose_stages,
    ratios_meaningful_from,
    typical_week,
)
from loadwatch.schema import StageCol
from loadwatch.store.episodes import clinician_rows

HEADER = "athlete,date,duration_min,load,extension_reps\n"


def _week(monday: dt.date, minutes: float, au: float, reps: float) -> str:
    """Four sessions (Mon, Tue, Thu, Fri) of equal size adding up to the week's totals."""
    return "".join(f"G1,{monday + dt.timedelta(days=d)},{minutes / 4},{au / 4},{reps / 4}\n"
                   for d in (0, 1, 3, 4))


def _history() -> pd.DataFrame:
    rows = "G1,2023-12-27,200,1500,300\n"                    # an incomplete first week
    rows += _week(dt.date(2024, 1, 1), 800, 6000, 600)        # complete, but a 5th week back
    for k, monday in enumerate(dt.date(2024, 1, 8) + dt.timedelta(weeks=w) for w in range(4)):
        rows += _week(monday, 360 + 40 * k, 1800 + 200 * k, 100 + 20 * k)
    rows += "G1,2024-02-06,200,1500,300\n"                    # after the onset's week began
    return lw.read_log((HEADER + rows).encode())


ONSET = pd.DataFrame({"athlete": ["G1"], "onset_date": [pd.Timestamp("2024-02-07")]})


def test_the_typical_week_is_the_median_of_the_last_four_complete_weeks_before_onset() -> None:
    row = typical_week(_history(), ONSET).iloc[0]
    # weeks of 8, 15, 22, 29 January: minutes 360/400/440/480, AU 1800/…/2400, reps 100/…/160
    assert (row["base_weeks"], row["base_minutes"], row["base_srpe_au"],
            row["base_extension"]) == (4, 420.0, 2100.0, 130.0)


def test_an_athlete_without_complete_weeks_has_no_base() -> None:
    log = lw.read_log((HEADER + "G1,2024-02-06,60,300,10\n").encode())
    row = typical_week(log, ONSET).iloc[0]
    assert row["base_weeks"] == 0 and np.isnan(row["base_minutes"])


def test_stage_caps_are_fractions_of_the_typical_week_rounded_down() -> None:
    base = typical_week(_history(), ONSET).iloc[0]
    stages = propose_stages(base, dt.date(2024, 2, 12))
    assert stages[StageCol.MINUTES].tolist()[:4] == [210.0, 294.0, 378.0, 420.0]
    assert stages[StageCol.SRPE].tolist()[:4] == [1050.0, 1470.0, 1890.0, 2100.0]
    assert stages[StageCol.EXTENSION].tolist()[:4] == [0.0, 0.0, 65.0, 117.0]
    assert np.isnan(stages[StageCol.MINUTES].iloc[4])
    assert stages[StageCol.NO_EXTENSION].tolist() == [True, True, False, False, False]
    assert stages[StageCol.START].tolist() == [dt.date(2024, 2, 12), dt.date(2024, 3, 11),
                                               dt.date(2024, 3, 25), dt.date(2024, 4, 15),
                                               dt.date(2024, 4, 29)]
    assert stages[StageCol.REVIEW].tolist() == [dt.date(2024, 3, 10), dt.date(2024, 3, 24),
                                                dt.date(2024, 4, 14), dt.date(2024, 4, 28),
                                                None]


def test_an_approved_stage_becomes_clinician_plan_rows() -> None:
    stages = propose_stages({"base_minutes": 420, "base_srpe_au": 2100,
                             "base_extension": 130}, dt.date(2024, 2, 12))
    first = clinician_rows(stages.iloc[0], final=False)
    assert first == [
        {"restriction": "cap_load_au_per_week", "cap": 1050.0, "start": dt.date(2024, 2, 12),
         "review": dt.date(2024, 3, 10)},
        {"restriction": "no_extension_loading", "cap": None, "start": dt.date(2024, 2, 12),
         "review": dt.date(2024, 3, 10)}]
    third = clinician_rows(stages.iloc[2], final=False)
    assert [(r["restriction"], r["cap"]) for r in third] == [
        ("cap_load_au_per_week", 1890.0), ("cap_extension_reps_per_week", 65.0)]
    assert clinician_rows(stages.iloc[4], final=True) == [
        {"restriction": "cleared", "cap": None, "start": dt.date(2024, 4, 29), "review": None}]


def test_adherence_flags_each_day_over_a_cap_with_what_it_exceeded() -> None:
    log = lw.read_log((HEADER + "G1,2024-03-04,100,500,0\nG1,2024-03-05,100,500,10\n"
                       "G1,2024-03-06,60,300,0\nG1,2024-03-07,0,0,0\n").encode())
    stages = propose_stages({"base_minutes": 420, "base_srpe_au": 2100,
                             "base_extension": 130}, dt.date(2024, 3, 4))
    table = adherence(log, stages, "G1")
    assert table["date"].dt.date.tolist() == [dt.date(2024, 3, d) for d in (4, 5, 6, 7)]
    assert table["week_minutes"].tolist() == [100.0, 200.0, 260.0, 260.0]
    assert table["over"].tolist() == ["", "extension", "minutes, srpe, extension",
                                      "minutes, srpe, extension"]
    assert table["over_cap"].tolist() == [False, True, True, True]


def test_a_stage_advances_only_after_a_symptom_free_back_check() -> None:
    start = dt.date(2024, 3, 4)
    none = pd.DataFrame({"date": [], "low_back_pain": []})
    assert may_advance(none, start) == (False, "no back check since the stage began")
    old = pd.DataFrame({"date": [pd.Timestamp("2024-03-01")], "low_back_pain": [False]})
    assert may_advance(old, start) == (False, "no back check since the stage began")
    fine = pd.DataFrame({"date": pd.to_datetime(["2024-03-01", "2024-03-09"]),
                         "low_back_pain": [True, False]})
    assert may_advance(fine, start) == (True, "symptom-free back check on 2024-03-09")
    sore = pd.DataFrame({"date": pd.to_datetime(["2024-03-06", "2024-03-09"]),
                         "low_back_pain": [True, False]})
    assert may_advance(sore, start) == (
        False, "back pain reported 2024-03-06 during the return: re-refer to the clinician "
               "before any progression")


def test_ratios_mean_something_again_28_days_after_the_return() -> None:
    assert ratios_meaningful_from(dt.date(2024, 4, 29)) == dt.date(2024, 5, 27)
    assert ratios_meaningful_from(None) is None


OVER_LOG = (HEADER + "G1,2024-03-04,150,600,0\nG1,2024-03-05,150,600,0\nG1,2024-03-06,62,248,0\n"
            "G1,2024-03-07,50,200,0\nG1,2024-03-09,30,120,0\n"
            "G2,2024-03-04,400,2000,0\nG3,2024-03-04,400,2000,0\nG3,2024-03-07,10,40,0\n")


def test_days_over_the_minutes_cap_this_week_up_to_the_day_from_the_stage_start() -> None:
    """G1 (cap 360 since Mon 4 Mar): 7-day minutes 150, 300, 362, 412, 412 (Fri, rest) to
    Fri 8 Mar — over on Wed, Thu, Fri; Sat 9 Mar is after the day. G2 has no running stage.
    G3's stage began Thu 7 Mar: its 410 and 410 on Thu and Fri count, Mon's 400 does not."""
    log = lw.read_log(OVER_LOG.encode())
    running = pd.DataFrame({"athlete": ["G1", "G3"], "cap_minutes": [360.0, 360.0],
                            "start_date": [dt.date(2024, 3, 4), dt.date(2024, 3, 7)]})
    over = minutes_over_cap(log, running, dt.date(2024, 3, 8))
    assert over.values.tolist() == [["G1", 3, 412.0, 360.0], ["G3", 2, 410.0, 360.0]]
    assert over_cap_text(3, 412.0, 360.0) == \
        "over the return-plan cap on 3 days this week: 412 min vs ≤ 360"
    assert over_cap_text(1, 360.9, 252.0) == \
        "over the return-plan cap on 1 day this week: 360 min vs ≤ 252"
    # next Monday is a new week: the 7-day sum (142 min) is within the cap
    assert minutes_over_cap(log, running, dt.date(2024, 3, 11)).empty
    # a week starting on Thursday (team setting): Thu and Fri only
    assert minutes_over_cap(log, running, dt.date(2024, 3, 8), week_start=3)[
        "over_days"].tolist() == [2, 2]
    assert minutes_over_cap(log, None, dt.date(2024, 3, 8)).empty


def test_the_therapists_adherence_line_gives_the_minutes_numbers() -> None:
    log = lw.read_log((HEADER + "G1,2024-03-04,100,500,0\nG1,2024-03-05,100,500,10\n"
                       "G1,2024-03-06,60,300,0\nG1,2024-03-07,0,0,0\n").encode())
    stages = propose_stages({"base_minutes": 420, "base_srpe_au": 2100,
                             "base_extension": 130}, dt.date(2024, 3, 4))
    assert adherence_text(adherence(log, stages, "G1")) == (
        "Over the stage's caps on 3 day(s): 05 Mar (extension); "
        "06 Mar (minutes: 260 min vs ≤ 210, srpe, extension); "
        "07 Mar (minutes: 260 min vs ≤ 210, srpe, extension)")
    assert adherence_text(adherence(log.iloc[:1], stages, "G1")) == ""
