"""Real exports as public repositories hold them (issue 13), read from ../shared/realworld/
(never copied here): each file gets in with at most a mapping (--athlete, a time zone),
with per-athlete totals computed independently below with plain pandas from the raw file,
or is refused with a message that says how to fix it. Skips when the folder is absent,
fails under CI=true."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.log import ParsedLog, parse_log
from loadwatch.ingest.mapping import ReadOptions
from loadwatch.schema import Col, DayStatus

REAL = Path(__file__).parents[2] / ".." / "shared" / "realworld"
NEW_YORK = "America/New_York"


@pytest.fixture(scope="module", autouse=True)
def _real_files() -> None:
    if not REAL.is_dir():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{REAL} is missing: CI must run the real-export tests")
        pytest.skip(f"{REAL} is absent (real exports are not part of this repository)")


def _file(name: str) -> Path:
    return REAL / name


def _totals(parsed: ParsedLog) -> dict[str, tuple[int, float, float, float]]:
    """Per athlete: sessions (not 'not recorded' markers), minutes, AU, own-channel load."""
    data = parsed.data[parsed.data[Col.DAY_STATUS].ne(DayStatus.MISSING).fillna(True)]
    external = data[Col.EXTERNAL_LOAD] if Col.EXTERNAL_LOAD in data else 0.0 * data[Col.LOAD]
    frame = pd.DataFrame({"a": data[Col.ATHLETE], "m": data[Col.DURATION],
                          "au": data[Col.LOAD], "x": external})
    return _rounded(frame)


def _rounded(frame: pd.DataFrame) -> dict[str, tuple[int, float, float, float]]:
    grouped = frame.groupby("a")
    return {str(a): (int(n), round(float(m), 3), round(float(au), 3), round(float(x), 3))
            for a, n, m, au, x in zip(grouped.size().index, grouped.size(),
                                      grouped["m"].sum(), grouped["au"].sum(),
                                      grouped["x"].sum(), strict=True)}


def test_strava_one_athlete_seconds_utc_heart_rate_load_apart() -> None:
    parsed = parse_log(_file("real_strava_activities.csv"),
                       options=ReadOptions(athlete="Runner", timezone=NEW_YORK))
    # one activity of 19.6 h moving time is refused by row (> 600 min), nothing else
    assert [(p.row, p.column) for p in parsed.problems] == [(377, "Moving Time")]
    raw = pd.read_csv(_file("real_strava_activities.csv"))
    minutes = raw["Moving Time"] / 60
    kept = raw[minutes <= 600]
    m = kept["Moving Time"] / 60
    expected = _rounded(pd.DataFrame({"a": "Runner", "m": m,
                                      "au": kept["Perceived Exertion"] * m,
                                      "x": kept["Training Load"]}))
    assert _totals(parsed) == expected
    assert expected["Runner"][0] == 609
    assert round(parsed.data[Col.LOAD].sum()) != 51_083  # Strava's HR load is never AU
    utc = pd.to_datetime(raw["Activity Date"], format="%b %d, %Y, %I:%M:%S %p", utc=True)
    local = utc.dt.tz_convert(NEW_YORK).dt.tz_localize(None).dt.normalize()
    assert int((local != utc.dt.tz_localize(None).dt.normalize()).sum()) == 54
    rows = parsed.data[Col.SOURCE_ROW] - 2
    assert (parsed.data[Col.DATE].to_numpy() == local.iloc[rows].to_numpy()).all()


def test_trainingpeaks_hours_completed_workouts_only_tss_apart() -> None:
    parsed = parse_log(_file("real_trainingpeaks_workouts.csv"),
                       options=ReadOptions(athlete="Triathlete"))
    raw = pd.read_csv(_file("real_trainingpeaks_workouts.csv"))
    done = raw[raw["TimeTotalInHours"].notna()]
    m = done["TimeTotalInHours"] * 60
    assert _totals(parsed) == _rounded(pd.DataFrame({"a": "Triathlete", "m": m,
                                                     "au": done["Rpe"] * m, "x": done["TSS"]}))
    assert round(parsed.data[Col.LOAD].sum(), 1) == 132.6  # not 2.2 (hours read as minutes)
    assert any(n.startswith("5 planned workout(s) not completed") for n in parsed.notes)


def test_catapult_about_is_the_athlete_player_load_its_own_channel() -> None:
    parsed = parse_log(_file("real_catapult_openfield_periods.csv"))
    raw = pd.read_csv(_file("real_catapult_openfield_periods.csv"))
    expected = _rounded(pd.DataFrame({"a": raw["About"], "m": np.nan, "au": np.nan,
                                      "x": raw["Total Player Load"]}))
    assert _totals(parsed) == expected
    assert len(expected) == 14 and sum(v[0] for v in expected.values()) == 3663


def test_intervals_icu_activities_one_athlete_never_the_activity_name() -> None:
    with pytest.raises(LogError, match="Name the athlete: --athlete NAME"):
        parse_log(_file("real_intervals_icu_activities.csv"))
    parsed = parse_log(_file("real_intervals_icu_activities.csv"),
                       options=ReadOptions(athlete="Rider"))
    raw = pd.read_csv(_file("real_intervals_icu_activities.csv"), encoding="utf-8-sig")
    m = raw["moving_time"] / 60
    assert _totals(parsed) == _rounded(pd.DataFrame({"a": "Rider", "m": m,
                                                     "au": raw["icu_rpe"] * m,
                                                     "x": raw["icu_training_load"]}))
    assert len(raw) == 856


def test_intervals_icu_with_its_date_header_renamed_is_still_one_athlete(
        tmp_path: Path) -> None:
    text = _file("real_intervals_icu_activities.csv").read_text(encoding="utf-8-sig")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(text.replace("start_date_local", "date", 1), encoding="utf-8")
    with pytest.raises(LogError, match="Name the athlete"):  # not 181 workout "athletes"
        parse_log(renamed)
    parsed = parse_log(renamed, options=ReadOptions(athlete="Rider"))
    assert parsed.data[Col.ATHLETE].unique().tolist() == ["Rider"]
    assert len(parsed.data) == 856


def test_the_intervals_icu_wellness_export_is_refused_with_the_fix() -> None:
    with pytest.raises(LogError) as err:
        parse_log(_file("real_intervals_icu_wellness.csv"), options=ReadOptions(athlete="R"))
    assert str(err.value) == (
        "real_intervals_icu_wellness.csv: this looks like an intervals.icu wellness export: a "
        "wellness file, not a training log (sleep, HRV, readiness): import the intervals.icu "
        "activities export instead (Settings → Download activities CSV)")


def test_garmin_danish_clock_durations_distance_apart() -> None:
    parsed = parse_log(_file("real_garmin_connect_activities_da.csv"),
                       options=ReadOptions(athlete="Lasse"))
    raw = pd.read_csv(_file("real_garmin_connect_activities_da.csv"))
    m = pd.to_timedelta(raw["Tid"]).dt.total_seconds() / 60
    assert _totals(parsed) == _rounded(pd.DataFrame({"a": "Lasse", "m": m, "au": np.nan,
                                                     "x": raw["Distance"]}))
    assert len(raw) == 41


@pytest.mark.parametrize("name", ["real_coach_planner.ods",
                                  "real_coach_planner_multisheet.xlsx"])
def test_the_planning_workbook_gets_in_or_is_refused_in_one_line(name: str) -> None:
    try:
        parsed = parse_log(_file(name))
    except LogError as exc:
        message = str(exc)
        assert message.startswith(name) and "\n" not in message
        assert "Traceback" not in message
    else:
        assert len(parsed.data) > 0


def _planned_weeks(path: Path) -> dict[str, tuple[float, int]]:
    """The planner's weeks computed with plain calamine: sheet '2022', data from row 3,
    week start in column B, the blocks' minutes in the columns whose row-2 header is
    'Tps min'; a week = the sum of its blocks, sessions = blocks with minutes > 0."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("2022").to_python()
    minutes = [i for i, cell in enumerate(rows[1]) if cell == "Tps min"]
    out = {}
    for row in rows[2:]:
        cells = [row[i] for i in minutes if isinstance(row[i], int | float)]
        if cells:
            out[str(pd.Timestamp(row[1]).date())] = (float(sum(cells)),
                                                      sum(1 for c in cells if c > 0))
    return out


@pytest.mark.parametrize("name", ["real_coach_planner_multisheet.xlsx",
                                  "real_coach_planner.ods"])
def test_the_planning_workbook_gets_in_as_planned_weekly_totals(name: str) -> None:
    from loadwatch.ingest.readers import read_table

    raw = read_table(_file(name), sheet="2022")
    options = ReadOptions(columns={Col.WEEK: "CALENDRIER"}, athlete="Runner",
                          wide={Col.DURATION: ["*Tps min"]}, planned=True)
    parsed = parse_log(raw, options=options)
    assert parsed.ok and parsed.kind == "weekly"
    got = {str(w.date()): (float(m), int(s)) for w, m, s in zip(
        parsed.data[Col.WEEK], parsed.data[Col.WEEK_MINUTES], parsed.data[Col.SESSIONS],
        strict=True)}
    expected = _planned_weeks(_file("real_coach_planner_multisheet.xlsx"))
    assert got == expected
    assert len(got) == 52 and sum(m for m, _ in got.values()) == 15385.0
    assert sum(s for _, s in got.values()) == 193
    assert any("FRACTIONNE Distance" in n and n.startswith("ignored: ") for n in parsed.notes)
    assert "planned minutes: read as the coach's weekly totals (a plan, not what was done; " \
        "ratios on it describe the plan)" in parsed.notes
