"""Every key of defaults.toml changes an output (issue #12: no key is validated and ignored).

The table below has one row per key: a team override and an observable computed on a small
hand-made log (a metric, a rule's level, a weekly total, an ingest warning, a sport
classification). The test walks the parsed defaults.toml, so a new key without a row fails,
and each row asserts the exact observable under the default and under the override: a key
whose change changes nothing cannot pass.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tomllib
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.app.selfreport import needs_consent
from loadwatch.config import Config, default_config, load_config
from loadwatch.ingest.limits import Limits
from loadwatch.ingest.log import parse_log
from loadwatch.ingest.readers import read_table
from loadwatch.ingest.validate import TODAY_VARIABLE
from loadwatch.risk.engine import Out, evaluate
from loadwatch.risk.rules.base import Level
from loadwatch.schema import Col
from loadwatch.series.gaps import gap_warnings
from loadwatch.store.erase import expired
from tests.builders import MONDAY, day, read, session_csv
from tests.ingest import test_hostile as hostile
from tests.risk.rules import test_cricket as cricket
from tests.risk.rules import test_symptoms as symptoms
from tests.risk.rules import test_youth as youth
from tests.risk.rules.test_load_rules import ramp, weeks
from tests.risk.test_escalation import MISSED, club_log

# --- observables --------------------------------------------------------------------------


def rule_level(series: Sequence[float | None], rule_id: str, *, n: int | None = None,
               extra: dict[str, Sequence[float]] | None = None) -> Callable[[Config], str]:
    """Level of one rule for athlete A on day n (default: the last day) of a session log."""
    log = lw.read_log(session_csv({"A": series}, extra=extra))
    index = (n or len(series)) - 1

    def observe(cfg: Config) -> str:
        return Level(int(evaluate(log, config=cfg).outcomes[rule_id].level[index])).label
    return observe


def daily_value(series: Sequence[float | None], column: str, *, n: int | None = None,
                omit_zero: bool = False) -> Callable[[Config], Any]:
    """A daily_metrics column for athlete A on day n (floats rounded to 4 dp, NaN → None)."""
    log = read({"A": series}, omit_zero=omit_zero)

    def observe(cfg: Config) -> Any:
        table = lw.daily_metrics(log, config=cfg)
        value = table[column].iloc[(n or len(table)) - 1] if n else table[column].iloc[-1]
        if isinstance(value, float | np.floating):
            return None if np.isnan(value) else round(float(value), 4)
        return str(value)
    return observe


def week_level(series: Sequence[float]) -> Callable[[Config], str]:
    """The athlete's verdict of the last week (spec §10.1)."""
    log = read({"A": series})
    return lambda cfg: str(evaluate(log, config=cfg).week().iloc[0][Out.LEVEL])


def two_sign_level(log: pd.DataFrame) -> Callable[[Config], str]:
    """The last week's verdict on a team that sets two families for red, with the extension
    margins of `cfg` (under the default three, L + X alone stay amber whatever the margin)."""
    keys = ("escalation.extension_margin_ratio", "escalation.extension_margin_points")

    def observe(cfg: Config) -> str:
        two = load_config(overrides={"escalation.amber_families_for_red": 2,
                                     **{key: cfg.get(key) for key in keys}})
        return str(evaluate(log, config=two).week().iloc[0][Out.LEVEL])
    return observe


def weekly_loads(cfg: Config) -> list[tuple[str, float | None]]:
    """(week start, weekly sRPE total) of a 14-day log, day n loaded n × 10 AU, Monday
    2024-01-01 to Sunday 2024-01-14 (None: a week the log covers only in part)."""
    log = read({"A": [10.0 * n for n in range(1, 15)]})
    table = lw.weekly_metrics(log, config=cfg)
    return [(f"{w:%Y-%m-%d}", None if np.isnan(v) else float(v))
            for w, v in zip(table[Col.WEEK], table[Col.WEEKLY_LOAD], strict=True)]


def status_counts(cfg: Config) -> dict[str, int]:
    """trained / rest / missing days of a log that leaves its zero days out (inside coverage)."""
    log = read({"A": [300.0, 0.0, 300.0, 0.0, 300.0]}, omit_zero=True,
               period=(day(1), day(5)))
    table = lw.daily_metrics(log, config=cfg)
    return {k: int(v) for k, v in table[Col.STATUS].value_counts().items() if v}


def gap_lines(cfg: Config) -> list[str]:
    """Logging-gap warnings: Mon–Fri training for 3 weeks, 8 absent days, 2 more weeks."""
    loads = ([300.0] * 5 + [0.0, 0.0]) * 3 + [0.0] * 8 + ([300.0] * 5 + [0.0, 0.0]) * 2
    log = read({"A": loads}, omit_zero=True, period=(day(1), day(len(loads))))
    return gap_warnings(log, config=cfg)


def duration_findings(cfg: Config) -> tuple[int, int]:
    """(warnings, errors) of ingest for one 300-minute session."""
    csv = b"athlete,date,duration_min,rpe\nA,2024-01-01,300,5\n"
    parsed = parse_log(csv, config=cfg)
    return len(parsed.warnings), len(parsed.problems)


def exposure(sport: str) -> Callable[[Config], float]:
    """Extension exposure (min) of a weekly row of 600 min whose sport is `sport`: the minutes
    count as extension exposure only for an extension-heavy sport."""
    csv = f"athlete,week,sport,total minutes\nA,2024-01-01,{sport},600\n".encode()
    return lambda cfg: float(lw.read_log(csv, config=cfg)[Col.EXT_EXPOSURE].iloc[0])


def youth_level(rule_id: str, minutes: Sequence[float], person: dict[str, object], *,
                rest_days: Sequence[int] | None = None) -> Callable[[Config], list[str]]:
    """A youth rule's level on every week of a weekly-totals log."""
    log = youth.weekly_log(minutes, rest_days=rest_days)
    people = youth.roster(person)

    def observe(cfg: Config) -> list[str]:
        return youth.rule_levels(evaluate(log, roster=people, config=cfg), rule_id)
    return observe


def year_levels(rule_id: str) -> Callable[[Config], list[str]]:
    """Y4 / Y5 on 52 weeks: A gymnastics every week with 1 rest day; B football for 17 weeks
    then gymnastics with 2 rest days (spec §10.2; the weekly case of test_youth)."""
    lines = ["athlete,week,sport,total minutes,rest days"]
    for i in range(52):
        monday = MONDAY + dt.timedelta(weeks=i)
        lines.append(f"A,{monday},gymnastics,600,1")
        lines.append(f"B,{monday},{'gymnastics' if i >= 17 else 'football'},600,2")
    log = lw.read_log(("\n".join(lines) + "\n").encode())
    people = youth.roster({**youth.THIRTEEN, "main_sport": "gymnastics"},
                          {"athlete": "B", "birth_date": "2010-06-01",
                           "main_sport": "gymnastics"})

    def observe(cfg: Config) -> list[str]:
        result = evaluate(log, roster=people, config=cfg)
        last = youth.week_start(52)
        return [youth.level_on(result, rule_id, last, a).label for a in ("A", "B")]
    return observe


def growth_level(*rows: tuple[str, str, float, float | str, float | str],
                 people: pd.DataFrame | None = None, on: pd.Timestamp) -> Callable[[Config], str]:
    """M1 (growth window) on a day of a 200-day log with these growth measurements."""
    log = lw.read_log(session_csv({"A": [300] * 200}))
    table = youth.growth(*rows)

    def observe(cfg: Config) -> str:
        result = evaluate(log, roster=people, growth=table, config=cfg)
        return youth.level_on(result, "M1", on).label
    return observe


def cricket_levels(cfg: Config) -> list[str]:
    """C1–C4 on the spec's U15 week (§11): the pack decides the limits."""
    log = cricket.read_sessions({"A": cricket.SPEC_WEEK})
    result = evaluate(log, roster=cricket.U15, config=cfg)
    return [cricket.level(result, r, n).label for r, n in (("C1", 6), ("C2", 6), ("C3", 6),
                                                           ("C4", 2))]


def s2_level(cfg: Config) -> str:
    """S2 on day 30 for central back pain that started 14 days earlier (football)."""
    log = symptoms.session_log("football")
    table = symptoms.symptoms(symptoms.checkin(30, side="central", onset=16, score=3))
    result = evaluate(log, symptoms=table, config=cfg)
    row = int(np.flatnonzero(result.ctx.day == (day(30) - pd.Timestamp(0)).days)[0])
    return Level(int(result.outcomes["S2"].level[row])).label


def refused_dates(date: str) -> Callable[[Config], int]:
    """Rows refused as implausible in a one-session log dated `date`, today 2026-12-02."""
    data = f"athlete,date,load\nA,2026-11-30,300\nA,{date},300\n".encode()

    def observe(cfg: Config) -> int:
        with mock.patch.dict(os.environ, {TODAY_VARIABLE: "2026-12-02"}):
            return len(parse_log(data, config=cfg).problems)
    return observe


def local_day(stamp: str) -> Callable[[Config], str]:
    """The calendar day a session stamped `stamp` falls on (no --timezone given)."""
    def observe(cfg: Config) -> str:
        with mock.patch("loadwatch.ingest.units.machine_zone", return_value="UTC"):
            data = parse_log(f"athlete,date,load\nA,{stamp},300\n".encode(), config=cfg).data
        return str(data[Col.DATE].iloc[0].date())
    return observe


def read_under_limits(make: Callable[[], bytes]) -> Callable[[Config], str]:
    """'read', or the setting a refusal names, for a file read under the team's [limits]."""
    def observe(cfg: Config) -> str:
        try:
            read_table(make(), limits=Limits.from_config(cfg))
        except lw.LogError as exc:
            return str(exc).rsplit("(setting ", 1)[-1].rstrip(")")
        return "read"
    return observe


def padded_workbook(*, text: int = 0, media: int = 0) -> bytes:
    """A one-sheet .xlsx whose text table holds a note of `text` characters, with a media
    part of `media` bytes."""
    buffer = io.BytesIO()
    hostile.workbook(buffer, hostile.sheet_xml(hostile.SMALL_ROWS),  # type: ignore[arg-type]
                     hostile.strings_xml("athlete", "rpe", "A" + " " * text))
    if media:
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/media/pad.bin", b" " * media)
    return buffer.getvalue()


# --- the table: key → override, observable, value by default, value with the override ------


@dataclass(frozen=True)
class Case:
    override: Any
    observe: Callable[[Config], Any]
    by_default: Any
    overridden: Any


def _varied() -> list[float]:
    """84 days of seeded random loads, 100–600 AU: weekly strain varies around its own
    percentiles (rule R2)."""
    rng = np.random.default_rng(12)
    return [float(v) for v in np.round(rng.uniform(100, 600, 12 * 7))]


LINEAR = [10.0 * n for n in range(1, 29)]
BOY = youth.roster({"athlete": "A", "birth_date": (day(10) - pd.Timedelta(days=4931)).date()
                    .isoformat(), "sex": "M"})
SECOND = day(1) + pd.Timedelta(days=182)
TWO_MEASUREMENTS = (("A", f"{day(1):%Y-%m-%d}", 151.2, "", ""),
                    ("A", f"{SECOND:%Y-%m-%d}", 155.0, "", ""))
LOW_BASE_AMBER = weeks(*[4200] * 12, 1400, 1400, 1400, 1624)
SHORT_LOW_BASE = weeks(*[4200] * 9, 1400, 1400, 1400, 1624)
RISE_AND_DROP = weeks(*[700] * 10, *[4200] * 5, 1400, 1400, 1400, 1624)

CASES: dict[str, Case] = {
    "load.duration_warn_min": Case(400, duration_findings, (1, 0), (0, 0)),
    "load.duration_max_min": Case(280, duration_findings, (1, 0), (0, 1)),
    # Monday weeks: days 1–7 = 10 + … + 70 = 280, days 8–14 = 80 + … + 140 = 770. Sunday
    # weeks: Sun 31 Dec – Sat 6 Jan lacks its Sunday, Sun 7 – Sat 13 Jan = days 7–13 =
    # 70 + … + 130 = 700, Sun 14 Jan is a week's first day only
    "calendar.week_start": Case("sunday", weekly_loads,
                                [("2024-01-01", 280.0), ("2024-01-08", 770.0)],
                                [("2023-12-31", None), ("2024-01-07", 700.0),
                                 ("2024-01-14", None)]),
    "calendar.absent_day_inside_coverage": Case(
        "missing", status_counts, {"trained": 3, "rest": 2}, {"trained": 3, "missing": 2}),
    "calendar.gap_warning_days": Case(11, gap_lines, [
        "possible logging gap for A: 10 days from 2024-01-20 to 2024-01-29 — confirm rest or "
        "mark not recorded"], []),
    "acwr.acute_days": Case(5, daily_value(LINEAR, Col.ACUTE), 250.0, 260.0),
    "acwr.chronic_days": Case(21, daily_value(LINEAR, Col.CHRONIC), 145.0, 180.0),
    # (rau gives the same number here: the primary ratio is shown on the RAC scale, where
    # 7:28 RAU and RAC coincide)
    "acwr.primary_method": Case("ewma", lambda cfg: round(float(evaluate(
        read({"A": ramp(1.35)}), config=cfg).week().iloc[0][Out.PRIMARY]), 4), 1.35, 1.2068),
    "acwr.ewma_seed": Case("zero", daily_value(LINEAR, Col.EWMA), 1.5188, 1.5314),
    "acwr.ewma_provisional_seed_weight": Case(0.5, lambda cfg: int(lw.daily_metrics(
        read({"A": [300.0] * 60}), config=cfg)[Col.EWMA_PROVISIONAL].sum()), 15, 0),
    "acwr.max_missing_acute": Case(
        1, daily_value([300.0] * 24 + [None] + [300.0] * 3, Col.RAC), None, 1.0),
    "acwr.max_missing_chronic": Case(
        1, daily_value([300.0] * 9 + [None] + [300.0] * 18, Col.RAC), None, 1.0),
    "acwr.min_chronic_week_au": Case(
        400, daily_value([60.0] * 28, Col.DATA_STATUS), "low_base", "ok"),
    "acwr.amber_above": Case(1.40, rule_level(ramp(1.35), "L1"), "amber", "green"),
    "acwr.red_at_or_above": Case(1.40, rule_level(ramp(1.45), "L1"), "amber", "red"),
    "acwr.low_info_below": Case(0.70, rule_level(ramp(0.75), "L2"), "info", "green"),
    "acwr.compare_rounded_dp": Case(3, rule_level(ramp(1.304), "L1"), "green", "amber"),
    "spike.info_above_pct": Case(
        13, rule_level([300.0] * 21 + [336.0] * 7, "L3"), "info", "green"),
    "spike.amber_above_pct": Case(
        20, rule_level([300.0] * 21 + [348.0] * 7, "L3"), "amber", "info"),
    "spike.min_prev_week_au": Case(
        100, rule_level([300.0] * 14 + [25.0] * 7 + [50.0] * 7, "L3"), "insufficient_data",
        "info"),
    "spike.min_abs_increase_au": Case(
        100, rule_level([300.0] * 14 + [1000 / 7] * 7 + [1190 / 7] * 7, "L3"), "info",
        "amber"),
    "monotony.sd_ddof": Case(0, daily_value([400.0] * 6 + [0.0], Col.MONOTONY), 2.2678, 2.4495),
    "monotony.amber_above": Case(2.5, rule_level(([400.0] * 6 + [0.0]) * 4, "R1"), "amber",
                                 "green"),
    "monotony.strain_info_percentile": Case(50, lambda cfg: youth.rule_levels(evaluate(
        read({"A": _varied()}), config=cfg), "R2").count("info"), 3, 11),
    "low_chronic.fraction_of_median": Case(
        0.3, rule_level(LOW_BASE_AMBER, "M2"), "info", "green"),
    "low_chronic.median_lookback_weeks": Case(
        8, rule_level(RISE_AND_DROP, "M2"), "green", "info"),
    "low_chronic.min_history_weeks": Case(
        10, rule_level(SHORT_LOW_BASE, "M2"), "info", "green"),
    "low_chronic.break_days": Case(
        20, rule_level([300.0] * 28 + [0.0] * 16 + [300.0] * 12, "M2"), "info", "green"),
    "youth.hours_vs_age_window_weeks": Case(1, youth_level(
        "Y1", [720, 720, 720, 900], youth.THIRTEEN), ["insufficient_data"] * 3 + ["info"],
        ["green", "green", "green", "amber"]),
    "youth.organised_to_free_play_max": Case(3.0, youth_level(
        "Y2", [840] * 4, {**youth.THIRTEEN, "free_play_hours_per_week": 5}),
        ["insufficient_data"] * 3 + ["amber"], ["insufficient_data"] * 3 + ["green"]),
    "youth.min_rest_days_per_7": Case(2, youth_level(
        "Y3", [600] * 3, youth.THIRTEEN, rest_days=[0, 1, 2]), ["amber", "info", "green"],
        ["amber", "amber", "info"]),
    "youth.months_in_main_sport_max": Case(7, year_levels("Y4"), ["info", "green"],
                                           ["info", "info"]),
    "youth.min_days_off_main_sport_per_year": Case(50, year_levels("Y5"), ["info", "green"],
                                                   ["green", "green"]),
    "growth.offset_window": Case(
        [0.0, 1.5], growth_level(("A", f"{day(10):%Y-%m-%d}", 160.0, 82.0, 48.0),
                                 people=BOY, on=day(20)), "info", "green"),
    "growth.rapid_growth_cm_per_year": Case(
        8.0, growth_level(*TWO_MEASUREMENTS, on=SECOND), "info", "green"),
    "growth.min_interval_days": Case(
        200, growth_level(*TWO_MEASUREMENTS, on=SECOND), "info", "insufficient_data"),
    "extension.amber_above": Case(1.35, rule_level(
        [300.0] * 28, "X1", extra={"extension_reps": [100.0] * 21 + [150.0] * 7}),
        "amber", "green"),
    "extension.red_at_or_above": Case(1.33, rule_level(
        [300.0] * 28, "X1", extra={"extension_reps": [100.0] * 21 + [150.0] * 7}),
        "amber", "red"),
    "extension.spike_amber_above_pct": Case(60, rule_level(
        [300.0] * 28, "X2", extra={"extension_reps": [100.0] * 21 + [150.0] * 7}),
        "amber", "green"),
    "extension.min_prev_week_reps": Case(800, rule_level(
        [300.0] * 28, "X2", extra={"extension_reps": [100.0] * 21 + [150.0] * 7}),
        "amber", "insufficient_data"),
    "cricket.rule_pack": Case("none", cricket_levels, ["amber"] * 4, ["not_applicable"] * 4),
    "symptoms.refer_after_days": Case(21, s2_level, "refer", "green"),
    # what one file may hold (issue 19): the same small file read, or refused naming the key
    "limits.max_upload_mb": Case(1, read_under_limits(
        lambda: b"athlete,rpe\n" + b"A,5\n" * 400_000), "read", "limits.max_upload_mb"),
    "limits.max_rows": Case(2, read_under_limits(lambda: b"a,b\n1,2\n3,4\n5,6\n"), "read",
                            "limits.max_rows"),
    "limits.max_columns": Case(2, read_under_limits(lambda: b"a,b,c\n1,2,3\n"), "read",
                               "limits.max_columns"),
    "limits.max_cells": Case(8, read_under_limits(lambda: b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n"),
                             "read", "limits.max_cells"),
    "limits.max_unzipped_mb": Case(1, read_under_limits(
        lambda: padded_workbook(media=1_500_000)), "read", "limits.max_unzipped_mb"),
    "limits.max_shared_strings_mb": Case(1, read_under_limits(
        lambda: padded_workbook(text=1_500_000)), "read", "limits.max_shared_strings_mb"),
    # a session dated 5 Dec is 3 days ahead of 2 Dec: refused under 1 day, kept under 7
    "ingest.max_days_ahead": Case(7, refused_dates("2026-12-05"), 1, 0),
    "ingest.earliest_date": Case("1980-01-01", refused_dates("1985-06-01"), 1, 0),
    # 23:30 UTC on 5 March is already 6 March in Tokyo (the machine's zone taken as UTC)
    "ingest.timezone": Case("Asia/Tokyo", local_day("2024-03-05T23:30:00Z"),
                            "2024-03-05", "2024-03-06"),
    # a 13-year-old's link needs a guardian's consent under 16, not under a team's 12
    "selfreport.consent_age": Case(12, lambda cfg: needs_consent(
        dt.date(2013, 6, 1), cfg, dt.date(2026, 12, 2)), True, False),
    # clinical data of an athlete last seen 2018-06-01: gone 8 years by 2026-12-02, not 10
    "retention.clinical_years_after_leaving": Case(10, lambda cfg: expired(
        dt.date(2018, 6, 1), cfg, dt.date(2026, 12, 2)), True, False),
    "escalation.amber_families_for_red": Case(
        2, week_level([300.0] * 21 + [406.0] * 6 + [0.0]), "amber", "red"),  # L3, R1 + Y3
    "escalation.modifiers_escalate": Case([], week_level(LOW_BASE_AMBER), "red", "amber"),
    # L3 and X2 amber in one week; X counts beside L only when extension rose clearly more.
    # Observed on a team that sets two families for red (the default three keeps L + X amber).
    "escalation.extension_margin_ratio": Case(0.3, two_sign_level(club_log(
        load=(1, 1, 1, 1, 1.2), ext=(1, 1, 1.2, 1.4, 1.5))), "red", "amber"),
    "escalation.extension_margin_points": Case(40, two_sign_level(club_log(
        ext=(1, 1, 1, 1, 1.25), missed=MISSED)), "red", "amber"),
    "sports.extension_heavy": Case(["gymnastics"], exposure("Dance"), 600.0, 0.0),
    "sports.not_extension_heavy": Case([], exposure("table tennis"), 0.0, 600.0),
    "sports.aliases": Case({"acro": "gymnastics"}, exposure("acro"), 0.0, 600.0),
}

def shipped_keys() -> list[str]:
    """Every key of defaults.toml as 'section.key' (tables such as sports.aliases are keys)."""
    text = resources.files("loadwatch").joinpath("defaults.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    raw.pop("evidence")
    return [f"{section}.{name}" for section, keys in raw.items() for name in keys]


def test_every_shipped_key_has_a_row() -> None:
    """A key added to defaults.toml without showing what it changes fails here."""
    assert sorted(shipped_keys()) == sorted(CASES)


@pytest.mark.parametrize("key", shipped_keys())
def test_changing_the_key_changes_an_output(key: str) -> None:
    """The observable under the shipped default and under the team override, exactly."""
    case = CASES[key]
    assert case.by_default != case.overridden
    assert default_config().get(key) != load_config(overrides={key: case.override}).get(key)
    assert case.observe(default_config()) == case.by_default
    assert case.observe(load_config(overrides={key: case.override})) == case.overridden
