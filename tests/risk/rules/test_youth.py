"""Youth rules Y1–Y5 and modifiers M1, M3 (spec §7, §10.2), with the numbers of §11.5/§11.6.

Every input goes through the real readers (session or weekly-totals CSV, roster, growth) and
the real engine (`risk.evaluate`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.config import default_config
from loadwatch.ingest.side_tables import read_growth, read_roster
from loadwatch.risk import engine as risk
from loadwatch.risk.rules.base import REGISTRY, Level
from loadwatch.schema import Col
from loadwatch.series.growth import maturity_offset_mirwald
from tests.builders import MONDAY, day, session_csv
from tests.series.test_metrics_worked import _gymnast

YOUTH_RULES = ("Y1", "Y2", "Y3", "Y4", "Y5", "M1", "M3")
ROSTER_HEADER = ("athlete,birth_date,sex,main_sport,free_play_hours_per_week,prior_lumbar_bsi,"
                 "prior_lumbar_bsi_date,chose_main_sport,quit_other_sports,"
                 "over_8_months_in_main_sport")
GROWTH_HEADER = "athlete,date,height_cm,sitting_height_cm,mass_kg"
FORBIDDEN = ("fracture", "spondylolysis")


# --- builders ------------------------------------------------------------------------------------


def roster(*rows: Mapping[str, object]) -> pd.DataFrame:
    """A roster CSV through the real reader; every column present (blank when not given)."""
    columns = ROSTER_HEADER.split(",")
    lines = [ROSTER_HEADER] + [",".join(str(r.get(c, "")) for c in columns) for r in rows]
    return read_roster(("\n".join(lines) + "\n").encode())


def growth(*rows: tuple[str, str, float, float | str, float | str]) -> pd.DataFrame:
    """Growth measurements (athlete, date, height, sitting height, mass) through the reader."""
    lines = [GROWTH_HEADER] + [",".join(str(v) for v in r) for r in rows]
    return read_growth(("\n".join(lines) + "\n").encode())


def weekly_log(minutes: Sequence[float], *, athlete: str = "A",
               rest_days: Sequence[int] | None = None,
               free_play: Sequence[float] | None = None) -> pd.DataFrame:
    """A weekly-totals CSV: athlete, week, total minutes [, rest days] [, free play hours]."""
    header = "athlete,week,total minutes"
    header += ",rest days" if rest_days is not None else ""
    header += ",free play hours" if free_play is not None else ""
    lines = [header]
    for i, total in enumerate(minutes):
        week = MONDAY + dt.timedelta(weeks=i)
        line = f"{athlete},{week.isoformat()},{total}"
        line += f",{rest_days[i]}" if rest_days is not None else ""
        line += f",{free_play[i]}" if free_play is not None else ""
        lines.append(line)
    return lw.read_log(("\n".join(lines) + "\n").encode())


def sessions_log(days: dict[str, dict[int, str]], n_days: int, minutes: float = 60,
                 *, not_recorded: dict[str, Sequence[int]] | None = None) -> pd.DataFrame:
    """Session log: per athlete, {day number: sport}; declared period day 1 … n_days."""
    lines = ["athlete,date,sport,duration_min,rpe,day_status"]
    for athlete, by_day in days.items():
        for n, sport in sorted(by_day.items()):
            lines.append(f"{athlete},{day(n):%Y-%m-%d},{sport},{minutes},5,")
        for n in (not_recorded or {}).get(athlete, ()):
            lines.append(f"{athlete},{day(n):%Y-%m-%d},,,,not recorded")
    return lw.read_log(("\n".join(lines) + "\n").encode(), period=(day(1), day(n_days)))


def week_start(n: int) -> pd.Timestamp:
    """Monday of week n (week 1 starts on MONDAY)."""
    return pd.Timestamp(MONDAY + dt.timedelta(weeks=n - 1))


def rule_levels(result: risk.Assessment, rule_id: str, athlete: str = "A") -> list[str]:
    """The rule's level label on each grid row of the athlete, in date order."""
    table = result.daily()
    return list(table.loc[table[Col.ATHLETE] == athlete, rule_id].astype(str))


def grid_row(result: risk.Assessment, when: pd.Timestamp, athlete: str = "A") -> int:
    """Grid row of an athlete on a date (the Monday of the week for weekly totals)."""
    table = result.daily()
    rows = np.flatnonzero((table[Col.ATHLETE] == athlete).to_numpy()
                          & (table[Col.DATE] == when).to_numpy())
    assert len(rows) == 1
    return int(rows[0])


def level_on(result: risk.Assessment, rule_id: str, when: pd.Timestamp,
             athlete: str = "A") -> Level:
    return Level(int(result.outcomes[rule_id].level[grid_row(result, when, athlete)]))


def numbers_on(result: risk.Assessment, rule_id: str, when: pd.Timestamp,
               athlete: str = "A") -> pd.Series:
    return result.outcomes[rule_id].numbers.iloc[grid_row(result, when, athlete)]


def text_on(result: risk.Assessment, rule_id: str, when: pd.Timestamp,
            athlete: str = "A") -> str:
    row = grid_row(result, when, athlete)
    outcome = result.outcomes[rule_id]
    numbers = outcome.numbers.iloc[row] if len(outcome.numbers.columns) else pd.Series(
        dtype=object, name=row)
    return outcome.explain(numbers, Level(int(outcome.level[row])))


def all_texts(result: risk.Assessment) -> list[str]:
    """Every explanation the youth rules would write, for every grid row."""
    texts = []
    for rule_id in YOUTH_RULES:
        outcome = result.outcomes[rule_id]
        for row in range(len(result.ctx)):
            numbers = outcome.numbers.iloc[row] if len(outcome.numbers.columns) else pd.Series(
                dtype=object, name=row)
            texts.append(outcome.explain(numbers, Level(int(outcome.level[row]))))
    return texts


THIRTEEN = {"athlete": "A", "birth_date": "2010-06-01"}  # 13 throughout the first half of 2024


# --- registry ------------------------------------------------------------------------------------


def test_youth_rules_are_registered_in_catalogue_order_with_config_thresholds() -> None:
    ids = list(REGISTRY.rules)
    start = ids.index("Y1")
    assert ids[start:start + len(YOUTH_RULES)] == list(YOUTH_RULES)
    config = default_config()
    for rule_id in YOUTH_RULES:
        item = REGISTRY[rule_id]
        assert item.family == ("M" if rule_id.startswith("M") else "Y")
        assert not item.daily_only
        for key in item.threshold_keys:
            config.get(key)  # KeyError for an unknown key
    assert REGISTRY["Y1"].threshold_keys == ("youth.hours_vs_age_window_weeks",)
    assert REGISTRY["Y3"].threshold_keys == ("youth.min_rest_days_per_7",)
    assert REGISTRY["M1"].modifier == "growth_window"
    assert set(REGISTRY["M1"].threshold_keys) == {
        "growth.offset_window", "growth.rapid_growth_cm_per_year", "growth.min_interval_days"}
    assert REGISTRY["M3"].modifier == "prior_lbsi"


# --- Y1 organised hours versus age ---------------------------------------------------------------


def test_y1_four_week_average_above_age_is_amber_spec_11_6() -> None:
    # 14.5, 12.0, 13.0, 15.5 h → 13.75 h/week > 13
    result = risk.evaluate(weekly_log([870, 720, 780, 930]), roster=roster(THIRTEEN))
    assert level_on(result, "Y1", week_start(4)) == Level.AMBER
    numbers = numbers_on(result, "Y1", week_start(4))
    assert numbers["average_raw"] == pytest.approx(13.75, rel=1e-12)
    assert numbers["age"] == 13
    assert text_on(result, "Y1", week_start(4)) == (
        "Organised sport 13.8 h/week over the last 4 weeks, more than age 13 (guideline: "
        "weekly hours ≤ age, averaged over 4 weeks (grade E1/E3: weekly hours > age, OR 2.07 "
        "(Jayanthi et al. 2015; Post et al. 2017); 4-week averaging is a loadwatch choice)).")
    assert result.week(week_start(4)).iloc[0]["Y1"] == "amber"


def test_y1_single_week_above_age_is_info_spec_11_6() -> None:
    # 900 min = 15.0 h > 13 in week 4; 4-week average 12.75 h (shown 12.8) is not above 13
    result = risk.evaluate(weekly_log([720, 720, 720, 900]), roster=roster(THIRTEEN))
    assert level_on(result, "Y1", week_start(4)) == Level.INFO
    numbers = numbers_on(result, "Y1", week_start(4))
    assert numbers["h_week"] == 15.0
    assert numbers["average_raw"] == pytest.approx(12.75, rel=1e-12)
    assert "15.0 h this week, more than age 13" in text_on(result, "Y1", week_start(4))


@pytest.mark.parametrize(("minutes", "expected"), [
    (780, Level.GREEN),   # 13.0 h: equal to age is not above it
    (782, Level.GREEN),   # 13.03 h shows as 13.0
    (783, Level.AMBER),   # 13.05 h shows as 13.1 > 13
])
def test_y1_boundary_is_compared_as_shown_to_one_decimal(minutes: float, expected: Level) -> None:
    result = risk.evaluate(weekly_log([minutes] * 4), roster=roster(THIRTEEN))
    assert level_on(result, "Y1", week_start(4)) == expected


def test_y1_age_is_taken_on_the_last_day_of_the_week() -> None:
    # 13.5 h every week; the athlete turns 14 on Sunday 2024-01-28 (end of week 4)
    result = risk.evaluate(weekly_log([810] * 4),
                           roster=roster({"athlete": "A", "birth_date": "2010-01-28"}))
    assert rule_levels(result, "Y1") == ["info", "info", "info", "green"]
    assert numbers_on(result, "Y1", week_start(4))["age"] == 14


def test_y1_needs_the_birth_date_and_28_recorded_days() -> None:
    log = weekly_log([900] * 4)
    without_roster = risk.evaluate(log)
    assert set(rule_levels(without_roster, "Y1")) == {"not_applicable"}
    assert "needs the athlete's birth date in the roster" in text_on(
        without_roster, "Y1", week_start(4))
    no_birth_date = risk.evaluate(log, roster=roster({"athlete": "A", "main_sport": "tennis"}))
    assert set(rule_levels(no_birth_date, "Y1")) == {"not_applicable"}
    # daily: 60 min a day (7 h/week) for 21 days → the 4-week average is not yet known
    daily = sessions_log({"A": dict.fromkeys(range(1, 22), "tennis")}, 21)
    result = risk.evaluate(daily, roster=roster(THIRTEEN))
    assert level_on(result, "Y1", day(21)) == Level.INSUFFICIENT_DATA
    assert "needs 28 recorded days (has 21 of the last 28)" in text_on(result, "Y1", day(21))


# --- Y2 organised : free play --------------------------------------------------------------------


def test_y2_organised_to_free_play_above_two_to_one_is_amber_spec_11_6() -> None:
    # 14 h organised, 5 h free play → 2.8 > 2.0
    result = risk.evaluate(weekly_log([840] * 4),
                           roster=roster({**THIRTEEN, "free_play_hours_per_week": 5}))
    assert level_on(result, "Y2", week_start(4)) == Level.AMBER
    numbers = numbers_on(result, "Y2", week_start(4))
    assert numbers["ratio"] == 2.8 and numbers["ratio_raw"] == pytest.approx(2.8, rel=1e-12)
    assert text_on(result, "Y2", week_start(4)).startswith("Organised : free play 2.8 : 1, above")


@pytest.mark.parametrize(("minutes", "expected"), [
    (600, Level.GREEN),   # 10 h : 5 h = 2.0, not above 2.0
    (612, Level.GREEN),   # 2.04 shows as 2.0
    (615, Level.AMBER),   # 2.05 shows as 2.1
])
def test_y2_boundary(minutes: float, expected: Level) -> None:
    result = risk.evaluate(weekly_log([minutes] * 4),
                           roster=roster({**THIRTEEN, "free_play_hours_per_week": 5}))
    assert level_on(result, "Y2", week_start(4)) == expected


def test_y2_needs_free_play_and_four_weeks() -> None:
    result = risk.evaluate(weekly_log([840] * 4), roster=roster(THIRTEEN))
    assert set(rule_levels(result, "Y2")) == {"not_applicable"}
    assert set(rule_levels(risk.evaluate(weekly_log([840] * 4)), "Y2")) == {"not_applicable"}
    short = risk.evaluate(weekly_log([840] * 3),
                          roster=roster({**THIRTEEN, "free_play_hours_per_week": 5}))
    assert set(rule_levels(short, "Y2")) == {"insufficient_data"}


def test_y2_free_play_from_a_weekly_log_wins_over_the_roster() -> None:
    # 14 h organised vs 7 h logged free play = 2.0 (the roster's 5 h would give 2.8)
    log = weekly_log([840] * 4, free_play=[7] * 4)
    result = risk.evaluate(log, roster=roster({**THIRTEEN, "free_play_hours_per_week": 5}))
    assert level_on(result, "Y2", week_start(4)) == Level.GREEN
    assert numbers_on(result, "Y2", week_start(4))["free_play_source"] == "weekly log"
    no_play = risk.evaluate(weekly_log([840] * 4, free_play=[0] * 4))
    assert level_on(no_play, "Y2", week_start(4)) == Level.AMBER
    assert text_on(no_play, "Y2", week_start(4)).startswith("No free play reported")


# --- Y3 days without organised sport -------------------------------------------------------------


def test_y3_weekly_totals_use_reported_rest_days() -> None:
    log = weekly_log([600, 600, 600], rest_days=[0, 1, 2])
    result = risk.evaluate(log, roster=roster(THIRTEEN))
    assert rule_levels(result, "Y3") == ["amber", "info", "green"]
    assert "0 days without organised sport this week" in text_on(result, "Y3", week_start(1))


def test_y3_weekly_totals_without_rest_days_are_not_applicable() -> None:
    result = risk.evaluate(weekly_log([600, 600, 600]), roster=roster(THIRTEEN))
    assert set(rule_levels(result, "Y3")) == {"not_applicable"}


def test_y3_daily_counts_days_without_sessions_in_the_last_7() -> None:
    every_day = {n: "tennis" for n in range(1, 15)}
    two_off = {n: "tennis" for n in range(1, 15) if n % 7 not in (3, 0)}
    result = risk.evaluate(sessions_log({"A": every_day, "B": two_off}, 14))
    assert rule_levels(result, "Y3", "A") == ["insufficient_data"] * 6 + ["amber"] * 8
    assert rule_levels(result, "Y3", "B")[6:] == ["green"] * 8
    assert numbers_on(result, "Y3", day(14), "B")["rest_days"] == 2


# --- Y4 months in the main sport / specialisation ------------------------------------------------


def _year_log(first_gymnastics_day: int) -> dict[int, str]:
    """Sessions every third day of a 365-day year: football before, gymnastics from the day."""
    return {n: "gymnastics" if n >= first_gymnastics_day else "football"
            for n in range(1, 366) if n % 3 == 1}


def test_y4_more_than_eight_of_twelve_months_in_the_main_sport_is_info() -> None:
    # a month is one twelfth of the last 365 days; on day 365 the last 9 months are days 92–365
    # and the last 8 months are days 123–365
    log = sessions_log({"A": _year_log(92), "B": _year_log(123)}, 365)
    people = roster({**THIRTEEN, "main_sport": "Gymnastics"},
                    {"athlete": "B", "birth_date": "2010-06-01", "main_sport": "gymnastics"})
    result = risk.evaluate(log, roster=people)
    assert level_on(result, "Y4", day(365), "A") == Level.INFO
    assert numbers_on(result, "Y4", day(365), "A")["months"] == 9
    assert "sessions in Gymnastics in 9 of the last 12 months (more than 8" in text_on(
        result, "Y4", day(365), "A")
    assert level_on(result, "Y4", day(365), "B") == Level.GREEN
    assert numbers_on(result, "Y4", day(365), "B")["months"] == 8
    assert level_on(result, "Y4", day(364), "A") == Level.INSUFFICIENT_DATA


def test_y4_specialisation_questionnaire_answers_without_a_year_of_logs() -> None:
    log = _gymnast()
    high = {"athlete": "G14", "birth_date": "2009-06-01", "main_sport": "gymnastics",
            "chose_main_sport": "yes", "quit_other_sports": "yes",
            "over_8_months_in_main_sport": "yes"}
    result = risk.evaluate(log, roster=roster(high))
    assert set(rule_levels(result, "Y4", "G14")) == {"info"}
    assert "specialisation scale high (3 of 3 yes" in text_on(result, "Y4", day(35), "G14")
    moderate = {**high, "quit_other_sports": "no"}
    assert set(rule_levels(risk.evaluate(log, roster=roster(moderate)), "Y4", "G14")) == {
        "green"}
    no_questionnaire = {"athlete": "G14", "birth_date": "2009-06-01", "main_sport": "gymnastics"}
    assert set(rule_levels(risk.evaluate(log, roster=roster(no_questionnaire)), "Y4",
                           "G14")) == {"insufficient_data"}
    assert set(rule_levels(risk.evaluate(log), "Y4", "G14")) == {"not_applicable"}


# --- Y5 days away from the main sport ------------------------------------------------------------


def _six_days_a_week(football_days: int = 0, not_recorded: int = 0) -> tuple[dict[int, str],
                                                                           list[int]]:
    """Gymnastics Monday–Saturday for 365 days (52 Sundays off); some weekdays from day 200
    switched to football or left unrecorded."""
    days = {n: "gymnastics" for n in range(1, 366) if n % 7 != 0}
    weekdays = [n for n in range(200, 366) if n % 7 != 0]
    for n in weekdays[:football_days]:
        days[n] = "football"
    gap = weekdays[football_days:football_days + not_recorded]
    for n in gap:
        del days[n]
    return days, gap


@pytest.mark.parametrize(("football_days", "away", "expected"), [
    (0, 52, Level.INFO),     # only Sundays off: 52 < 60
    (7, 59, Level.INFO),
    (8, 60, Level.GREEN),    # 60 days away is enough
])
def test_y5_days_away_from_the_main_sport(football_days: int, away: int,
                                          expected: Level) -> None:
    days, _ = _six_days_a_week(football_days)
    result = risk.evaluate(sessions_log({"A": days}, 365),
                           roster=roster({**THIRTEEN, "main_sport": "gymnastics"}))
    assert level_on(result, "Y5", day(365)) == expected
    assert numbers_on(result, "Y5", day(365))["days_away"] == away
    assert level_on(result, "Y5", day(364)) == Level.INSUFFICIENT_DATA


def test_y5_unrecorded_days_are_not_days_away() -> None:
    # 52 Sundays away + 10 unrecorded days: could be 52 or 62 days away → not judged
    days, gap = _six_days_a_week(not_recorded=10)
    result = risk.evaluate(sessions_log({"A": days}, 365, not_recorded={"A": gap}),
                           roster=roster({**THIRTEEN, "main_sport": "gymnastics"}))
    assert level_on(result, "Y5", day(365)) == Level.INSUFFICIENT_DATA
    assert numbers_on(result, "Y5", day(365))["unknown_days"] == 10
    assert "52 days away and 10 days not recorded" in text_on(result, "Y5", day(365))


def test_y5_needs_the_main_sport_and_session_sports() -> None:
    days, _ = _six_days_a_week()
    result = risk.evaluate(sessions_log({"A": days}, 365), roster=roster(THIRTEEN))
    assert set(rule_levels(result, "Y5")) == {"not_applicable"}
    assert "needs the athlete's main sport in the roster" in text_on(result, "Y5", day(365))
    no_sport = lw.read_log(session_csv({"A": [300] * 30}))
    result = risk.evaluate(no_sport, roster=roster({**THIRTEEN, "main_sport": "gymnastics"}))
    assert set(rule_levels(result, "Y5")) == {"not_applicable"}
    assert "needs the sport of each session in the log" in text_on(result, "Y5", day(30))


def test_y4_y5_on_weekly_totals() -> None:
    # 52 weeks; A: gymnastics every week with 1 rest day; B: football for 17 weeks, then
    # gymnastics (the last 35 weeks = the last 8 of 12 months) with 2 rest days a week
    lines = ["athlete,week,sport,total minutes,rest days"]
    for i in range(52):
        monday = MONDAY + dt.timedelta(weeks=i)
        lines.append(f"A,{monday},gymnastics,600,1")
        lines.append(f"B,{monday},{'gymnastics' if i >= 17 else 'football'},600,2")
    log = lw.read_log(("\n".join(lines) + "\n").encode())
    people = roster({**THIRTEEN, "main_sport": "gymnastics"},
                    {"athlete": "B", "birth_date": "2010-06-01", "main_sport": "gymnastics"})
    result = risk.evaluate(log, roster=people)
    last = week_start(52)
    assert level_on(result, "Y4", last, "A") == Level.INFO
    assert numbers_on(result, "Y4", last, "A")["months"] == 12
    assert level_on(result, "Y4", last, "B") == Level.GREEN
    assert numbers_on(result, "Y4", last, "B")["months"] == 8
    assert level_on(result, "Y5", last, "A") == Level.INFO  # 52 rest days < 60
    assert numbers_on(result, "Y5", last, "A")["days_away"] == 52
    assert level_on(result, "Y5", last, "B") == Level.GREEN  # 17 × 7 + 35 × 2 = 189
    assert numbers_on(result, "Y5", last, "B")["days_away"] == 189
    assert level_on(result, "Y5", week_start(51), "A") == Level.INSUFFICIENT_DATA


# --- M1 growth window ----------------------------------------------------------------------------


def _growth_result(*rows: tuple[str, str, float, float | str, float | str],
                   people: pd.DataFrame | None = None, n_days: int = 200) -> risk.Assessment:
    log = lw.read_log(session_csv({"A": [300] * n_days}))
    return risk.evaluate(log, roster=people, growth=growth(*rows) if rows else None)


def test_m1_measured_growth_velocity_spec_11_6() -> None:
    # 151.2 → 155.0 cm over 182 days = 7.63 cm/year ≥ 7.2; active from the second measurement
    second = day(1) + pd.Timedelta(days=182)
    result = _growth_result(("A", f"{day(1):%Y-%m-%d}", 151.2, "", ""),
                            ("A", f"{second:%Y-%m-%d}", 155.0, "", ""))
    assert level_on(result, "M1", second) == Level.INFO
    row = grid_row(result, second)
    assert result.outcomes["M1"].modifier is not None
    assert bool(result.outcomes["M1"].modifier[row])
    numbers = numbers_on(result, "M1", second)
    assert numbers["velocity_raw"] == pytest.approx(3.8 / (182 / 365.25), rel=1e-12)
    assert numbers["velocity"] == 7.63
    assert text_on(result, "M1", second) == (
        f"Growth spurt: 7.63 cm/year between {day(1):%Y-%m-%d} and {second:%Y-%m-%d} "
        "(≥ 7.2 cm/year); load increases weigh more.")
    # before the second measurement only one measurement exists, and no sex/birth date
    before = second - pd.Timedelta(days=1)
    assert level_on(result, "M1", before) == Level.INSUFFICIENT_DATA
    assert not result.outcomes["M1"].modifier[grid_row(result, before)]


@pytest.mark.parametrize(("gain", "days", "expected"), [
    (1.4, 120, Level.GREEN),   # 151.2 → 152.6 cm over 120 days = 4.26 cm/year (spec §11.6)
    (3.5, 182, Level.GREEN),   # 7.02 cm/year
    (3.6, 182, Level.INFO),    # 7.22 cm/year
])
def test_m1_velocity_threshold(gain: float, days: int, expected: Level) -> None:
    second = day(1) + pd.Timedelta(days=days)
    result = _growth_result(("A", f"{day(1):%Y-%m-%d}", 151.2, "", ""),
                            ("A", f"{second:%Y-%m-%d}", round(151.2 + gain, 1), "", ""))
    assert level_on(result, "M1", second) == expected
    assert numbers_on(result, "M1", second)["velocity"] == pytest.approx(
        round(gain / (days / 365.25), 2), abs=1e-9)


def test_m1_measurements_closer_than_the_minimum_interval_give_no_velocity() -> None:
    second = day(1) + pd.Timedelta(days=60)
    result = _growth_result(("A", f"{day(1):%Y-%m-%d}", 151.2, "", ""),
                            ("A", f"{second:%Y-%m-%d}", 155.0, "", ""))
    assert level_on(result, "M1", day(150)) == Level.INSUFFICIENT_DATA
    assert "no measurement at least 90 days before" in text_on(result, "M1", day(150))


@pytest.mark.parametrize(("sex", "age_days", "height", "sitting", "mass", "offset", "expected"), [
    ("M", 4931, 160.0, 82.0, 48.0, -0.5794, Level.INFO),   # spec §11.6 boy, 13.5 years
    ("F", 4383, 152.0, 79.0, 42.0, -0.0401, Level.INFO),   # spec §11.6 girl, 12.0 years
    ("M", 3653, 140.0, 72.0, 33.0, -3.3052, Level.GREEN),  # 10 years: well before PHV
])
def test_m1_single_measurement_uses_the_mirwald_maturity_offset(
        sex: str, age_days: int, height: float, sitting: float, mass: float, offset: float,
        expected: Level) -> None:
    measured = day(10)
    birth = (measured - pd.Timedelta(days=age_days)).date()
    people = roster({"athlete": "A", "birth_date": birth.isoformat(), "sex": sex})
    result = _growth_result(("A", f"{measured:%Y-%m-%d}", height, sitting, mass),
                            people=people, n_days=30)
    assert level_on(result, "M1", day(20)) == expected
    numbers = numbers_on(result, "M1", day(20))
    exact = maturity_offset_mirwald(sex, age_days / 365.25, height, sitting, mass)
    assert numbers["offset_raw"] == pytest.approx(exact, rel=1e-12)
    assert numbers["offset_raw"] == pytest.approx(offset, abs=2e-3)
    assert numbers["method"] == "Mirwald et al. 2002"
    assert level_on(result, "M1", day(9)) == Level.INSUFFICIENT_DATA  # not measured yet


def test_m1_without_growth_data_is_not_applicable() -> None:
    result = _growth_result()
    assert set(rule_levels(result, "M1")) == {"not_applicable"}
    other = _growth_result(("Z", f"{day(1):%Y-%m-%d}", 151.2, "", ""))
    assert set(rule_levels(other, "M1")) == {"not_applicable"}


# --- M3 previous lumbar bone stress injury -------------------------------------------------------


def test_m3_prior_lumbar_bsi() -> None:
    log = lw.read_log(session_csv({"A": [300] * 14, "B": [300] * 14, "C": [300] * 14}))
    people = roster({"athlete": "A", "prior_lumbar_bsi": "yes",
                     "prior_lumbar_bsi_date": "2023-03-01"},
                    {"athlete": "B", "prior_lumbar_bsi": "no"}, {"athlete": "C"})
    result = risk.evaluate(log, roster=people)
    assert set(rule_levels(result, "M3", "A")) == {"info"}
    assert set(rule_levels(result, "M3", "B")) == {"green"}
    assert set(rule_levels(result, "M3", "C")) == {"not_applicable"}
    modifier = result.outcomes["M3"].modifier
    assert modifier is not None
    assert modifier[grid_row(result, day(5), "A")]
    assert not modifier[grid_row(result, day(5), "B")]
    assert not modifier[grid_row(result, day(5), "C")]
    text = text_on(result, "M3", day(5), "A")
    assert "previous lumbar bone stress injury recorded by a clinician" in text.lower()


# --- the gymnast, end to end (spec §11.5) --------------------------------------------------------


def _gymnast_result() -> risk.Assessment:
    people = roster({"athlete": "G14", "birth_date": "2009-06-01", "sex": "F",
                     "main_sport": "gymnastics"})
    # 151.2 → 155.0 cm over 182 days (7.63 cm/year); the second measurement is on day 31
    measured = growth(("G14", "2023-08-02", 151.2, "", ""), ("G14", "2024-01-31", 155.0, "", ""))
    return risk.evaluate(_gymnast(), roster=people, growth=measured)


def test_gymnast_youth_rules_and_red_week_spec_11_5() -> None:
    result = _gymnast_result()
    week5 = day(29)
    assert level_on(result, "Y1", day(35), "G14") == Level.AMBER
    y1 = numbers_on(result, "Y1", day(35), "G14")
    assert y1["average_raw"] == pytest.approx(15.75, rel=1e-12)  # weeks 2–5: 63 h / 4
    assert y1["week_raw"] == pytest.approx(18.0, rel=1e-12)
    assert y1["age"] == 14
    assert level_on(result, "Y3", day(35), "G14") == Level.INFO
    assert numbers_on(result, "Y3", day(35), "G14")["rest_days"] == 1
    assert level_on(result, "M1", day(35), "G14") == Level.INFO
    assert "Growth spurt: 7.63 cm/year between 2023-08-02 and 2024-01-31" in text_on(
        result, "M1", day(35), "G14")
    verdict = result.week(week5).set_index(Col.ATHLETE).loc["G14"]
    assert verdict["Y1"] == "amber" and verdict["Y3"] == "info"
    assert "growth_window" in verdict["modifiers"]
    assert verdict["level"] == "red"


def test_no_youth_explanation_names_a_diagnosis() -> None:
    results = [
        _gymnast_result(),
        risk.evaluate(_gymnast()),
        risk.evaluate(weekly_log([870, 720, 780, 930], rest_days=[0, 1, 2, 1]),
                      roster=roster({**THIRTEEN, "free_play_hours_per_week": 5,
                                     "prior_lumbar_bsi": "yes", "main_sport": "tennis"})),
        risk.evaluate(lw.read_log(session_csv({"A": [300] * 30})),
                      roster=roster({**THIRTEEN, "prior_lumbar_bsi": "no"}),
                      growth=growth(("A", f"{day(2):%Y-%m-%d}", 151.2, "", ""),
                                    ("A", f"{day(25):%Y-%m-%d}", 152.0, "", ""))),
    ]
    texts = [text for result in results for text in all_texts(result)]
    assert texts
    for text in texts:
        assert not any(word in text.lower() for word in FORBIDDEN), text
