"""Load, recovery and extension rules at and around their thresholds, and escalation (§10)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.risk.engine import Out, evaluate
from loadwatch.risk.rules.base import Level, round_half_up
from tests.builders import day, read, session_csv

#: A team's two-family red (the default is three, spec §10.1.1), for the escalation mechanics.
TWO = lw.load_config(overrides={"escalation.amber_families_for_red": 2})


def acute_for(ratio: float, chronic_per_day: float = 300.0) -> float:
    """Daily acute load giving RAC = ratio after 21 days at `chronic_per_day` (4a/(a+3c))."""
    return 3 * chronic_per_day * ratio / (4 - ratio)


def level_on(series: list[float], rule_id: str, n: int | None = None, **kwargs: object) -> Level:
    result = evaluate(read({"A": series}), **kwargs)  # type: ignore[arg-type]
    index = (n or len(series)) - 1
    return Level(int(result.outcomes[rule_id].level[index]))


def ramp(ratio: float) -> list[float]:
    return [300.0] * 21 + [acute_for(ratio)] * 7


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1.2973, 1.30), (1.305, 1.31), (1.3049, 1.30), (1.495, 1.50), (0.7951, 0.80), (2.0, 2.0)],
)
def test_round_half_up_is_what_the_user_sees(value: float, shown: float) -> None:
    assert float(round_half_up(value)) == shown


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [(1.2973, Level.GREEN), (1.3049, Level.GREEN), (1.305, Level.AMBER), (1.4949, Level.AMBER),
     (1.495, Level.RED), (1.6, Level.RED), (1.0, Level.GREEN)],
)
def test_l1_thresholds_on_the_rounded_ratio(ratio: float, expected: Level) -> None:
    series = ramp(ratio)
    table = lw.daily_metrics(read({"A": series}))
    assert table["acwr_rac"].iloc[-1] == pytest.approx(ratio, rel=1e-12)
    assert level_on(series, "L1") == expected


@pytest.mark.parametrize(("ratio", "expected"),
                         [(0.7951, Level.GREEN), (0.7949, Level.INFO), (0.5, Level.INFO)])
def test_l2_info_below_080(ratio: float, expected: Level) -> None:
    assert level_on(ramp(ratio), "L2") == expected


def test_l1_explains_itself_with_its_numbers() -> None:
    result = evaluate(read({"A": ramp(1.6)}))
    rules = {r["id"]: r for r in result.week_detail()[0]["rules"]}
    text = rules["L1"]["text"]
    assert text.startswith("ACWR 1.60 ≥ 1.50 (7:28 rolling, coupled): 4,200 AU in the last 7 "
                           "days vs 2,625 AU average week over 28 days. Uncoupled 2.00")
    assert "Data: 28/28 days recorded." in text
    assert rules["L1"]["evidence"]["acwr.red_at_or_above"]["grade"].startswith("E1")
    assert rules["L1"]["thresholds"]["acwr.red_at_or_above"] == 1.5


def test_l1_not_evaluated_on_a_low_base() -> None:
    series = [10.0] * 21 + [30.0] * 7  # 70 AU per week before: below 500 AU
    result = evaluate(read({"A": series}))
    assert Level(int(result.outcomes["L1"].level[-1])) == Level.INSUFFICIENT_DATA
    text = {r["id"]: r for r in result.week_detail()[0]["rules"]}["L1"]["text"]
    assert "low base: average week 105 AU" in text


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [(300.0, 345.0, Level.INFO),        # +15.0 %: not above 15
     (300.0, 348.0, Level.AMBER),       # +16.0 %, +336 AU
     (300.0, 300.0 * 1.10, Level.GREEN),  # +10.0 %: not above 10
     (1000 / 7, 1190 / 7, Level.INFO),  # +19 % but only +190 AU: below the 200 AU floor
     (25.0, 50.0, Level.INSUFFICIENT_DATA)],  # previous week 175 AU < 200 AU
)
def test_l3_rolling_week_to_week_change(before: float, after: float, expected: Level) -> None:
    series = [300.0] * 14 + [before] * 7 + [after] * 7
    assert level_on(series, "L3") == expected


def test_l3_text_quotes_both_weeks() -> None:
    result = evaluate(read({"A": [300.0] * 21 + [348.0] * 7}))
    text = {r["id"]: r for r in result.week_detail()[0]["rules"]}["L3"]["text"]
    assert text == "7-day load up 16.0% (> 15%): 2,436 AU vs 2,100 AU the 7 days before (+336 AU)."


def test_r1_monotony_six_equal_days_and_a_rest_day_is_amber() -> None:
    week = [400.0] * 6 + [0.0]
    assert level_on(week * 4, "R1") == Level.AMBER
    assert level_on([450.0] * 5 + [0.0, 0.0], "R1") == Level.GREEN
    result = evaluate(read({"A": [300.0] * 7}))
    text = {r["id"]: r for r in result.week_detail()[0]["rules"]}["R1"]["text"]
    assert text.startswith("Every day had the same load (300, 300, 300, 300, 300, 300, 300)")


def test_x1_x2_on_the_extension_channel() -> None:
    reps = [100.0] * 21 + [150.0] * 7   # RAC 4·150/(150+300) = 1.333 → amber; +50 %
    loads = [300.0] * 28
    log = lw.read_log(session_csv({"A": loads}, extra={"extension_reps": reps}))
    result = evaluate(log)
    assert Level(int(result.outcomes["X1"].level[-1])) == Level.AMBER
    assert Level(int(result.outcomes["X2"].level[-1])) == Level.AMBER
    text = {r["id"]: r for r in result.week_detail()[0]["rules"]}["X2"]["text"]
    assert text == ("7-day extension load up 50.0% (> 15%): 1,050 reps vs 700 reps the 7 days "
                    "before (+350 reps).")


def test_extension_rules_not_applicable_without_extension_exposure() -> None:
    result = evaluate(read({"A": [300.0] * 28}))  # sport unspecified: no extension minutes
    assert Level(int(result.outcomes["X1"].level[-1])) == Level.NOT_APPLICABLE


def weeks(*totals: float) -> list[float]:
    """Daily loads of weeks trained Mon, Wed, Fri, Sun (monotony ≈ 1.07, never amber)."""
    return [v for t in totals for v in (t / 4, 0.0, t / 4, 0.0, t / 4, 0.0, t / 4)]


def test_m2_long_break_is_an_info_modifier() -> None:
    series = [300.0] * 28 + [0.0] * 16 + [300.0] * 12
    result = evaluate(read({"A": series}))
    m2 = result.outcomes["M2"]
    assert Level(int(m2.level[-1])) == Level.INFO and bool(m2.modifier[-1])
    assert "16 consecutive days without load in the last 28" in result.week_detail()[0][
        "rules"][3]["text"]


def test_amber_during_a_low_chronic_base_escalates_to_red() -> None:
    series = weeks(*[4200] * 12, 1400, 1400, 1400, 1624)
    result = evaluate(read({"A": series}))
    row = result.week().iloc[0]
    assert row["L1"] == "green" and row["L3"] == "amber" and row["R1"] == "green"
    assert row["M2"] == "info" and "low_chronic" in row[Out.MODIFIERS]
    assert row[Out.LEVEL] == "red"
    assert row[Out.ESCALATION] == "load increase during an active modifier"


def test_two_families_amber_escalate_to_red() -> None:
    """With a team's two-family setting (the default is three, spec §10.1.1) L3 + R1 is red."""
    spaced = evaluate(read({"A": weeks(2100, 2100, 2100, 2436)}), config=TWO).week().iloc[0]
    assert spaced["L3"] == "amber" and spaced["R1"] == "green"
    assert spaced[Out.LEVEL] == "amber"
    monotonous = [300.0] * 21 + [406.0] * 6 + [0.0]  # +16 % and six equal days: L3 + R1
    row = evaluate(read({"A": monotonous}), config=TWO).week().iloc[0]
    assert row["L3"] == "amber" and row["R1"] == "amber"
    assert row[Out.LEVEL] == "red"
    assert row[Out.ESCALATION] == "two independent warning signs"
    default = evaluate(read({"A": monotonous})).week().iloc[0]
    assert default[Out.LEVEL] == "amber" and default[Out.ESCALATION] == ""


def test_amber_l1_and_l3_are_one_family() -> None:
    w0 = 2100.0
    row = evaluate(read({"A": weeks(w0, w0, w0, 3 * w0 * 1.4 / 2.6)})).week().iloc[0]
    assert row["L1"] == "amber" and row["L3"] == "amber"
    assert row["R1"] == "green" and row["X1"] == "not_applicable"
    assert row[Out.LEVEL] == "amber"


def test_weekly_verdict_is_the_highest_level_of_the_week() -> None:
    """EWMA's dip on the rest days that end a week must not hide the red earlier in it."""
    cfg = lw.load_config(overrides={"acwr.primary_method": "ewma"})
    series = weeks(2100, 2100, 2100, 2100) + [2000.0, 0, 2000, 0, 0, 0, 0]
    result = evaluate(read({"A": series}), config=cfg)
    daily = result.daily().iloc[28:]
    assert daily[Out.LEVEL].tolist() == ["red", "amber", "red", "amber", "amber", "amber", "amber"]
    assert daily["L1"].iloc[-1] == "green"  # Sunday: EWMA 0.73
    row = result.week().iloc[0]
    assert row[Out.LEVEL] == "red" and row[Out.LEVEL_DAY] == day(29)
    assert row[Out.PRIMARY] == pytest.approx(0.732508, abs=5e-7)


def test_three_weeks_of_history_is_insufficient_data_with_a_reason_never_a_ratio() -> None:
    result = evaluate(read({"A": weeks(2100, 2100, 2100)}))
    row = result.week().iloc[0]
    assert row[Out.LEVEL] == "insufficient_data"
    assert math.isnan(row[Out.PRIMARY])
    assert "ACWR not shown: needs 28 days of history, has 21" in row[Out.REASONS]


def test_weekly_totals_show_daily_only_rules_as_not_applicable() -> None:
    rows = "".join(f"A,2026-W{k:02d},{600 + 10 * k},{300 * 7}\n" for k in range(1, 9))
    log = lw.read_log(f"athlete,week,total_minutes,total_load_au\n{rows}".encode())
    row = evaluate(log).week().iloc[0]
    assert row["R1"] == "not_applicable" and row["R2"] == "not_applicable"
    assert row["L1"] == "green" and row[Out.LEVEL] == "green"
    assert row[Out.PRIMARY] == pytest.approx(1.0)


def test_planner_limit_holds_and_ten_percent_more_does_not() -> None:
    rng = np.random.default_rng(3)
    history = list(np.round(rng.normal(300, 60, 35).clip(0)))
    log = read({"A": history})
    plan = lw.max_safe_load(log).iloc[0]
    assert plan["status"] == "ok"
    limit = plan["max_load_au"]
    for factor, ok in ((1.0, True), (1.1, False)):
        daily_load = limit * factor / 7
        result = evaluate(read({"A": history + [daily_load] * 7}))
        rac = lw.daily_metrics(read({"A": history + [daily_load] * 7}))["acwr_rac"].iloc[-1]
        l3 = Level(int(result.outcomes["L3"].level[-1]))
        within = rac <= 1.30 + 1e-12 and l3 != Level.AMBER
        assert within is ok, (factor, rac, l3)


def test_planner_needs_four_complete_weeks() -> None:
    plan = lw.max_safe_load(read({"A": weeks(2100, 2100, 2100)})).iloc[0]
    assert plan["status"] == "insufficient_data" and pd.isna(plan["max_load_au"])


def test_escalation_lists_the_earlier_ambers_behind_it() -> None:
    """Two families within 7 days may reach into the previous week: the reasons say so."""
    series = [300.0] * 21 + [406.0] * 6 + [0.0] + [300.0]  # week 5 holds only its Monday
    row = evaluate(read({"A": series}), config=TWO).week().iloc[0]
    assert row[Out.LEVEL] == "red" and row["L3"] == "green" and row["R1"] == "amber"
    assert ("L3 amber on 2024-01-28 (behind the escalation): 7-day load up 16.0% (> 15%): "
            "2,436 AU vs 2,100 AU the 7 days before (+336 AU).") in row[Out.REASONS]
