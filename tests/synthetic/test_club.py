"""Sample logs (loadwatch.synthetic.club): reproducible bytes, realistic values, every planted
scenario.

The committed files in data/samples must equal freshly generated ones, so the demo data, its
README and SCENARIOS cannot drift from the code. Regenerate with
``loadwatch sample --out data/samples --seed 2026``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.ingest.side_tables import read_growth, read_plans, read_roster, read_symptoms
from loadwatch.risk import engine as risk
from loadwatch.risk.rules.base import Level
from loadwatch.schema import STATUS_WORDS, Col, PlanCol, SymptomCol, normalise_word
from loadwatch.synthetic import club as samples
from loadwatch.synthetic.club import LATEST_LEVELS, SCENARIOS, GrowthCol, Planted, RosterCol

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "samples"
FILES = (samples.SESSIONS_FILE, samples.ROSTER_FILE, samples.GROWTH_FILE,
         samples.FOOTBALL_FILE, samples.SYMPTOMS_FILE, samples.PLANS_FILE, samples.README_FILE)
SEEDED = FILES[:4]  # the symptoms and plans are fixed planted data
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRAINED = ""  # day_status of an ordinary session row

#: Athletes with a planted pattern in the session log (the rest should look steady).
SESSION_SCENARIO_ATHLETES = {
    *Planted.SPIKES, Planted.SEVEN_DAYS, Planted.INJURY, Planted.NOT_RECORDED,
    Planted.LOGGING_GAP, Planted.BLANK_RPE, Planted.DOUBLE_SESSIONS,
}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = samples.write_samples(tmp_path_factory.mktemp("samples"))
    return {path.name: path for path in paths}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sessions(written: dict[str, Path]) -> pd.DataFrame:
    frame = _read(written[samples.SESSIONS_FILE])
    frame["day"] = pd.to_datetime(frame[Col.DATE], format="%Y-%m-%d")
    frame["minutes"] = pd.to_numeric(frame[Col.DURATION].replace("", np.nan))
    frame["rpe_value"] = pd.to_numeric(frame[Col.RPE].replace("", np.nan))
    frame["reps"] = pd.to_numeric(frame[Col.EXT_REPS].replace("", np.nan))
    frame["trained"] = frame[Col.DAY_STATUS] == TRAINED
    frame["load"] = frame["minutes"] * frame["rpe_value"]
    return frame


@pytest.fixture(scope="module")
def growth(written: dict[str, Path]) -> pd.DataFrame:
    frame = pd.read_csv(written[samples.GROWTH_FILE])
    frame[GrowthCol.DATE] = pd.to_datetime(frame[GrowthCol.DATE], format="%Y-%m-%d")
    return frame


@pytest.fixture(scope="module")
def football(written: dict[str, Path]) -> pd.DataFrame:
    return pd.read_csv(written[samples.FOOTBALL_FILE])


def _days(first: str, last: str) -> pd.DatetimeIndex:
    return pd.date_range(first, last, freq="D")


def _weekly(frame: pd.DataFrame, athlete: str, column: str) -> pd.Series:
    """Calendar-week totals (Monday-indexed, club weeks) of an athlete's session rows."""
    rows = frame[(frame[Col.ATHLETE] == athlete) & frame["trained"]]
    mondays = rows["day"] - pd.to_timedelta(rows["day"].dt.day_of_week, unit="D")
    club = pd.date_range(samples.CLUB_START, periods=samples.CLUB_WEEKS, freq="7D")
    return rows.groupby(mondays)[column].sum().reindex(club, fill_value=0.0)


def _absent_runs(frame: pd.DataFrame, athlete: str) -> list[tuple[pd.Timestamp, int]]:
    """Runs of consecutive days without any row, inside the athlete's coverage."""
    rows = frame[frame[Col.ATHLETE] == athlete]
    calendar = _days(rows["day"].min(), samples.CLUB_END)
    absent = ~calendar.isin(rows["day"])
    run_id = np.cumsum(~absent)
    runs = pd.Series(calendar[absent]).groupby(run_id[absent]).agg(["first", "size"])
    return list(runs.itertuples(index=False, name=None))


# --------------------------------------------------------------------------- files


def test_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    first = samples.write_samples(tmp_path / "a", seed=2026)
    second = samples.write_samples(tmp_path / "b", seed=2026)
    assert [p.name for p in first] == list(FILES)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_different_seed_writes_different_data(tmp_path: Path) -> None:
    base = {p.name: p.read_bytes() for p in samples.write_samples(tmp_path / "a", seed=2026)}
    other = {p.name: p.read_bytes() for p in samples.write_samples(tmp_path / "b", seed=7)}
    for name in SEEDED:
        assert base[name] != other[name], name
    for name in (samples.SYMPTOMS_FILE, samples.PLANS_FILE):
        assert base[name] == other[name], name


def test_builders_are_pure() -> None:
    pd.testing.assert_frame_equal(samples.club_sessions(11), samples.club_sessions(11))
    pd.testing.assert_frame_equal(samples.football_weekly(11), samples.football_weekly(11))


@pytest.mark.parametrize("seed", [1, 7, 99])
def test_other_seeds_keep_the_planted_scenarios(seed: int) -> None:
    frame = samples.club_sessions(seed)
    frame["day"] = pd.to_datetime(frame[Col.DATE])
    frame["trained"] = frame[Col.DAY_STATUS] == TRAINED
    frame["load"] = frame[Col.DURATION].astype(float) * frame[Col.RPE].astype(float)
    for athlete, mondays in Planted.SPIKES.items():
        weekly = _weekly(frame, athlete, "load")
        before = weekly[: pd.Timestamp(mondays[0]) - pd.Timedelta(days=1)].iloc[-4:].mean()
        assert all(weekly[pd.Timestamp(m)] >= 1.4 * before for m in mondays), (seed, athlete)
    last14 = frame[(frame[Col.ATHLETE] == Planted.SEVEN_DAYS) & frame["trained"]
                   & (frame["day"] > samples.CLUB_END - pd.Timedelta(days=14))]
    assert last14["day"].nunique() == 14
    frame["reps"] = pd.to_numeric(frame[Col.EXT_REPS])
    _assert_cap_exceeded_once(_plan_reps_7_days(frame))


def test_files_are_small_and_headers_canonical(written: dict[str, Path]) -> None:
    for path in written.values():
        assert path.stat().st_size < 500_000, path.name
    headers = {
        samples.SESSIONS_FILE: [Col.ATHLETE, Col.DATE, Col.SPORT, Col.START_TIME, Col.DURATION,
                                Col.RPE, Col.SESSION_TYPE, Col.DAY_STATUS, Col.EXT_REPS],
        samples.ROSTER_FILE: [RosterCol.ATHLETE, RosterCol.BIRTH_DATE, RosterCol.SEX,
                              RosterCol.MAIN_SPORT, RosterCol.ROLE, RosterCol.PRIOR_LUMBAR_BSI,
                              RosterCol.FREE_PLAY],
        samples.GROWTH_FILE: [GrowthCol.ATHLETE, GrowthCol.DATE, GrowthCol.HEIGHT,
                              GrowthCol.SITTING_HEIGHT, GrowthCol.MASS],
        samples.FOOTBALL_FILE: [Col.ATHLETE, Col.WEEK, Col.SPORT, Col.WEEK_MINUTES, Col.MEAN_RPE,
                                Col.SESSIONS, Col.REST_DAYS, Col.FREE_PLAY],
        samples.SYMPTOMS_FILE: [SymptomCol.ATHLETE, SymptomCol.DATE, SymptomCol.BACK_PAIN,
                                SymptomCol.SIDE, SymptomCol.WORSE_ARCHING, SymptomCol.ONSET,
                                SymptomCol.PAIN, SymptomCol.LIMITS_TRAINING,
                                *SymptomCol.RED_FLAGS],
        samples.PLANS_FILE: [PlanCol.ATHLETE, PlanCol.START, PlanCol.REVIEW, PlanCol.RESTRICTION,
                             PlanCol.CAP],
    }
    for name, expected in headers.items():
        first_line = written[name].read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == ",".join(expected), name
    assert b"\r" not in written[samples.SESSIONS_FILE].read_bytes()


def test_committed_samples_match_the_code(written: dict[str, Path]) -> None:
    for name in FILES:
        committed = COMMITTED / name
        assert committed.exists(), f"{committed} missing: run `loadwatch sample --out data/samples`"
        assert committed.read_bytes() == written[name].read_bytes(), (
            f"{committed} differs from loadwatch.synthetic.club: regenerate with "
            "`loadwatch sample --out data/samples --seed 2026`"
        )


def test_readme_lists_every_scenario(written: dict[str, Path]) -> None:
    text = written[samples.README_FILE].read_text(encoding="utf-8")
    assert "loadwatch sample --out data/samples --seed 2026" in text
    for athlete, description in SCENARIOS.items():
        assert f"**{athlete}**: {description}" in text
    for name in FILES[:-1]:
        assert f"`{name}`" in text
    assert f"shows, for {samples.LATEST_WEEK}" in text
    for athlete, (level, why) in LATEST_LEVELS.items():
        assert f"| {athlete} | {level.replace('_', ' ')} | {why} |" in text


# --------------------------------------------------------------------------- session log


def test_session_log_shape(sessions: pd.DataFrame) -> None:
    assert 18 <= sessions[Col.ATHLETE].nunique() <= 22
    assert sessions[Col.ATHLETE].str.fullmatch(r"GYM-\d{2}").all()
    assert sessions[Col.DATE].str.fullmatch(ISO_DATE).all()
    assert sessions["day"].min() == samples.CLUB_START == pd.Timestamp("2026-05-25")
    assert sessions["day"].max() == samples.CLUB_END == pd.Timestamp("2026-11-22")
    assert samples.CLUB_END.day_of_week == 6
    assert (sessions[Col.SPORT] == samples.GYMNASTICS).all()
    rpe = sessions["rpe_value"]
    assert ((rpe >= 0) & (rpe <= 10) | rpe.isna()).all()
    assert set(sessions[Col.DAY_STATUS]) == {TRAINED, samples.INJURED, samples.NOT_RECORDED}
    assert all(normalise_word(s) in STATUS_WORDS for s in (samples.INJURED, samples.NOT_RECORDED))


def test_session_values_are_realistic(sessions: pd.DataFrame) -> None:
    trained = sessions[sessions["trained"]]
    status_rows = sessions[~sessions["trained"]]
    assert (trained["minutes"] > 0).all()
    assert trained["minutes"].between(60, 240).all()
    assert trained["minutes"].quantile(0.05) >= 85 and trained["minutes"].quantile(0.95) <= 210
    assert trained["rpe_value"].dropna().between(3, 8.5).all()
    halves = (trained["rpe_value"] % 1 == 0.5).mean()
    assert 0.05 < halves < 0.25  # whole points from the plan, ± 0.5 now and then
    assert trained[Col.START_TIME].str.fullmatch(r"\d{2}:\d{2}").all()
    assert set(trained[Col.SESSION_TYPE]) == {samples.TRAINING, samples.COMPETITION}
    assert 5 <= (trained[Col.SESSION_TYPE] == samples.COMPETITION).sum() <= 60
    assert trained["reps"].between(20, 300).all()
    assert trained["reps"].quantile(0.95) <= 180
    assert (trained["day"].dt.day_of_week == 6).mean() < 0.03  # Sunday mostly rest
    # status rows: injured = real zero, not recorded = blanks; never a session type
    injured = status_rows[status_rows[Col.DAY_STATUS] == samples.INJURED]
    assert (injured[["minutes", "rpe_value", "reps"]] == 0).all().all()
    unknown = status_rows[status_rows[Col.DAY_STATUS] == samples.NOT_RECORDED]
    assert unknown[[Col.DURATION, Col.RPE, Col.EXT_REPS, Col.START_TIME]].eq("").all().all()
    assert (status_rows[Col.SESSION_TYPE] == "").all()
    # sessions a week: 3-5 for a steady athlete (one fewer in a week with a missed session)
    steady = sessions[~sessions[Col.ATHLETE].isin(SESSION_SCENARIO_ATHLETES | set(Planted.JOINERS))]
    per_week = steady[steady["trained"]].groupby(
        [Col.ATHLETE, steady["day"].dt.isocalendar().week])["day"].nunique()
    assert per_week.between(2, 5).all() and per_week.median() in (4, 5)


def test_no_rows_identical_in_session_identity(sessions: pd.DataFrame) -> None:
    key = [Col.ATHLETE, Col.DATE, Col.START_TIME]
    assert not sessions[sessions["trained"]].duplicated(key).any()
    assert not sessions[~sessions["trained"]].duplicated([Col.ATHLETE, Col.DATE]).any()


def test_scenarios_name_planted_athletes() -> None:
    planted = {
        *Planted.SPIKES, Planted.SEVEN_DAYS, Planted.INJURY, Planted.NOT_RECORDED,
        Planted.LOGGING_GAP, *Planted.JOINERS, Planted.BLANK_RPE, Planted.DOUBLE_SESSIONS,
        *Planted.GROWTH_SPURT, *Planted.PRIOR_BSI, *Planted.DANCE_MAIN,
        Planted.FOOTBALL_MISSING_WEEK[0], Planted.FOOTBALL_REST_WEEK[0], Planted.FOOTBALL_JUMP[0],
        Planted.BACK_PAIN_REFER[0], Planted.BACK_PAIN_RED_FLAG[0], Planted.BACK_PAIN_MILD[0],
        Planted.PLAN, Planted.HIGH_VOLUME,
    }
    assert set(SCENARIOS) == planted
    assert all(isinstance(text, str) and "\n" not in text for text in SCENARIOS.values())


def test_not_recorded_week(sessions: pd.DataFrame) -> None:
    rows = sessions[sessions[Col.DAY_STATUS] == samples.NOT_RECORDED]
    assert set(rows[Col.ATHLETE]) == {Planted.NOT_RECORDED}
    assert list(rows["day"]) == list(_days(*Planted.NOT_RECORDED_SPAN))
    assert len(rows) == 7


def test_logging_gap(sessions: pd.DataFrame) -> None:
    runs = _absent_runs(sessions, Planted.LOGGING_GAP)
    long = [(start, size) for start, size in runs if size >= 7]
    assert long == [(pd.Timestamp(Planted.LOGGING_GAP_SPAN[0]), 10)]
    rows = sessions[(sessions[Col.ATHLETE] == Planted.LOGGING_GAP) & sessions["trained"]]
    days_a_week = rows.groupby(rows["day"].dt.isocalendar().week)["day"].nunique()
    gap_weeks = set(_days(*Planted.LOGGING_GAP_SPAN).isocalendar().week)
    assert (days_a_week.drop(index=list(gap_weeks)) >= 4).all()
    assert len(days_a_week) + len(gap_weeks) >= samples.CLUB_WEEKS  # no other empty week


def test_no_other_long_absences(sessions: pd.DataFrame) -> None:
    for athlete in set(sessions[Col.ATHLETE]) - {Planted.LOGGING_GAP}:
        assert max(size for _, size in _absent_runs(sessions, athlete)) < 7, athlete


def test_spikes_in_the_last_three_weeks(sessions: pd.DataFrame) -> None:
    last_three = set(pd.date_range(samples.CLUB_END - pd.Timedelta(days=20), periods=3, freq="7D"))
    assert 2 <= len(Planted.SPIKES) <= 4
    for athlete, mondays in Planted.SPIKES.items():
        spike_weeks = [pd.Timestamp(m) for m in mondays]
        assert set(spike_weeks) <= last_three
        for column in ["load", "reps"] if athlete == Planted.SPIKE_EXTENSION else ["load"]:
            weekly = _weekly(sessions, athlete, column)
            before = weekly[: spike_weeks[0] - pd.Timedelta(days=1)].iloc[-4:].mean()
            for week in spike_weeks:
                assert 1.4 * before <= weekly[week] <= 1.85 * before, (athlete, column, week)
    # the other spike athletes' extension reps rise clearly less than their load
    for athlete in set(Planted.SPIKES) - {Planted.SPIKE_EXTENSION}:
        first = pd.Timestamp(Planted.SPIKES[athlete][0])
        rise = {}
        for column in ("load", "reps"):
            weekly = _weekly(sessions, athlete, column)
            rise[column] = weekly[first] / weekly[: first - pd.Timedelta(days=1)].iloc[-4:].mean()
        assert rise["reps"] <= rise["load"] - 0.1, athlete


def test_seven_days_a_week(sessions: pd.DataFrame) -> None:
    rows = sessions[(sessions[Col.ATHLETE] == Planted.SEVEN_DAYS) & sessions["trained"]]
    last14 = _days(*Planted.SEVEN_DAYS_SPAN)
    assert len(last14) == 14 and last14[-1] == samples.CLUB_END
    assert last14.isin(rows["day"]).all()
    for athlete in set(sessions[Col.ATHLETE]) - {Planted.SEVEN_DAYS}:
        days = sessions.loc[(sessions[Col.ATHLETE] == athlete) & sessions["trained"], "day"]
        assert not last14[-7:].isin(days).all(), athlete


def test_injury_break_then_return(sessions: pd.DataFrame) -> None:
    rows = sessions[sessions[Col.ATHLETE] == Planted.INJURY]
    injured = rows[rows[Col.DAY_STATUS] == samples.INJURED]
    span = _days(*Planted.INJURY_SPAN)
    assert len(span) >= 14
    assert list(injured["day"]) == list(span)
    assert set(sessions.loc[sessions[Col.DAY_STATUS] == samples.INJURED, Col.ATHLETE]) == {
        Planted.INJURY}
    after = rows[rows["trained"] & (rows["day"] > span[-1])]
    assert after["day"].min() <= span[-1] + pd.Timedelta(days=7)
    first_week = after[after["day"] < after["day"].min() + pd.Timedelta(days=7)]
    assert first_week["minutes"].mean() < rows[rows["day"] < span[0]]["minutes"].mean()


def test_joiners(sessions: pd.DataFrame) -> None:
    first = sessions.groupby(Col.ATHLETE)["day"].min()
    for athlete, day in Planted.JOINERS.items():
        assert first[athlete] == pd.Timestamp(day)
    others = first.drop(index=list(Planted.JOINERS))
    assert (others <= samples.CLUB_START + pd.Timedelta(days=6)).all()


def test_blank_rpe_and_double_sessions(sessions: pd.DataFrame) -> None:
    blank = sessions[sessions["trained"] & sessions["rpe_value"].isna()]
    assert set(blank[Col.ATHLETE]) == {Planted.BLANK_RPE}
    assert len(blank) == Planted.BLANK_RPE_ROWS
    assert (blank["minutes"] > 0).all()
    trained = sessions[sessions["trained"]]
    per_day = trained.groupby([Col.ATHLETE, Col.DATE])[Col.START_TIME].agg(["size", "nunique"])
    doubles = per_day[per_day["size"] > 1]
    assert set(doubles.index.get_level_values(Col.ATHLETE)) == {Planted.DOUBLE_SESSIONS}
    assert len(doubles) == Planted.DOUBLE_SESSION_DAYS
    assert (doubles["size"] == doubles["nunique"]).all()  # different start times


def test_steady_athletes_stay_mostly_green(sessions: pd.DataFrame) -> None:
    """Coupled 7:28 rolling ratio (spec §4.1) of the athletes without a session scenario."""
    ratios = []
    for athlete in set(sessions[Col.ATHLETE]) - SESSION_SCENARIO_ATHLETES:
        rows = sessions[(sessions[Col.ATHLETE] == athlete) & sessions["trained"]]
        daily = rows.groupby("day")["load"].sum()
        daily = daily.reindex(_days(rows["day"].min(), samples.CLUB_END), fill_value=0.0)
        rac = daily.rolling(7).mean() / daily.rolling(28).mean()
        ratios.append(rac.dropna())
    rac = pd.concat(ratios)
    assert len(rac) > 1000
    assert rac.between(0.8, 1.3).mean() >= 0.85
    assert rac.between(0.5, 1.6).all()


def _steady(sessions: pd.DataFrame) -> pd.DataFrame:
    """Training rows (no competitions) of the athletes without a session scenario."""
    others = SESSION_SCENARIO_ATHLETES | set(Planted.JOINERS)
    return sessions[sessions["trained"] & ~sessions[Col.ATHLETE].isin(others)
                    & (sessions[Col.SESSION_TYPE] == samples.TRAINING)]


def test_each_gymnast_trains_to_a_weekly_template(sessions: pd.DataFrame) -> None:
    """Fixed weekdays; per weekday about the same minutes, RPE and reps once the full
    template is reached (small noise only)."""
    rows = _steady(sessions)
    rows = rows[rows["day"] >= pd.Timestamp(Planted.PLAN_REACHED)]
    for athlete, mine in rows.groupby(Col.ATHLETE):
        weekday = mine["day"].dt.day_of_week
        assert 3 <= weekday.nunique() <= 5 and 6 not in set(weekday), athlete
        by_day = mine.groupby(weekday)
        minutes = by_day["minutes"].agg(lambda m: (m.max() - m.min()) / m.median())
        assert (minutes <= 0.15).all(), (athlete, minutes)
        rpe = by_day["rpe_value"].agg(lambda r: r.max() - r.min())
        assert (rpe <= 1.0).all(), (athlete, rpe)
        reps = by_day["reps"].agg(lambda r: (r.max() - r.min()) / r.median())
        assert (reps <= 0.25).all(), (athlete, reps)


def test_weekly_load_is_steady(sessions: pd.DataFrame) -> None:
    """Complete template weeks (no missed session, no competition) of a steady gymnast stay
    within a few per cent of each other, far from the 15 % of rule L3."""
    rows = _steady(sessions)
    rows = rows[rows["day"] >= pd.Timestamp(Planted.PLAN_REACHED)]
    for athlete, mine in rows.groupby(Col.ATHLETE):
        weeks = mine.groupby(mine["day"].dt.isocalendar().week).agg(
            load=("load", "sum"), sessions=("day", "size"))
        full = weeks[weeks["sessions"] == weeks["sessions"].max()]["load"]
        assert len(full) >= 5, athlete
        assert (full / full.median() - 1).abs().max() <= 0.08, (athlete, full.tolist())


def test_at_least_two_rest_days_a_week(sessions: pd.DataFrame) -> None:
    trained = sessions[sessions["trained"]]
    monday = trained["day"] - pd.to_timedelta(trained["day"].dt.day_of_week, unit="D")
    days = trained.groupby([trained[Col.ATHLETE], monday])["day"].nunique()
    seven = days.loc[Planted.SEVEN_DAYS]
    assert (seven[pd.Timestamp(Planted.SEVEN_DAYS_SPAN[0]):] == 7).all()
    others = days.drop(index=pd.Timestamp(Planted.SEVEN_DAYS_SPAN[0]), level=1, errors="ignore")
    others = others.drop(index=pd.Timestamp(Planted.SEVEN_DAYS_SPAN[1])
                         - pd.Timedelta(days=6), level=1, errors="ignore")
    assert (others <= 5).all(), others[others > 5]


# --------------------------------------------------------------------------- roster, growth


def test_roster(written: dict[str, Path], sessions: pd.DataFrame) -> None:
    roster = _read(written[samples.ROSTER_FILE])
    assert list(roster[RosterCol.ATHLETE]) == sorted(set(sessions[Col.ATHLETE]))
    assert roster[RosterCol.BIRTH_DATE].str.fullmatch(ISO_DATE).all()
    born = pd.to_datetime(roster[RosterCol.BIRTH_DATE])
    end = samples.CLUB_END
    age = end.year - born.dt.year - ((born.dt.month > end.month)
                                     | ((born.dt.month == end.month) & (born.dt.day > end.day)))
    assert age.between(10, 17).all() and age.nunique() >= 5
    assert set(roster[RosterCol.SEX]) == {"F", "M"}
    yes = roster.loc[roster[RosterCol.PRIOR_LUMBAR_BSI] == samples.YES, RosterCol.ATHLETE]
    assert set(yes) == set(Planted.PRIOR_BSI) and 1 <= len(yes) <= 2
    assert set(roster[RosterCol.PRIOR_LUMBAR_BSI]) == {samples.YES, samples.NO}
    dance = roster.loc[roster[RosterCol.MAIN_SPORT] == samples.DANCE, RosterCol.ATHLETE]
    assert set(dance) == set(Planted.DANCE_MAIN)
    assert set(roster[RosterCol.MAIN_SPORT]) == {samples.GYMNASTICS, samples.DANCE}
    assert (roster[RosterCol.ROLE] == "").all()
    free_play = pd.to_numeric(roster[RosterCol.FREE_PLAY].replace("", np.nan))
    assert free_play.isna().any() and free_play.notna().sum() >= 10
    assert free_play.dropna().between(0, 20).all()
    high = roster[RosterCol.ATHLETE] == Planted.HIGH_VOLUME
    assert free_play[high].tolist() == [Planted.HIGH_VOLUME_FREE_PLAY]
    assert age[high].tolist() == [Planted.HIGH_VOLUME_AGE]


def test_growth(growth: pd.DataFrame, sessions: pd.DataFrame) -> None:
    assert set(growth[GrowthCol.ATHLETE]) == set(sessions[Col.ATHLETE])
    counts = growth.groupby(GrowthCol.ATHLETE).size()
    assert counts.between(2, 4).all()
    assert growth[GrowthCol.HEIGHT].between(120, 190).all()
    ratio = growth[GrowthCol.SITTING_HEIGHT] / growth[GrowthCol.HEIGHT]
    assert ratio.between(0.48, 0.56).all()
    bmi = growth[GrowthCol.MASS] / (growth[GrowthCol.HEIGHT] / 100) ** 2
    assert bmi.between(14, 23).all()
    first_session = sessions.groupby(Col.ATHLETE)["day"].min()
    for athlete, rows in growth.groupby(GrowthCol.ATHLETE):
        rows = rows.sort_values(GrowthCol.DATE)
        gaps = rows[GrowthCol.DATE].diff().dt.days.iloc[1:]
        # every pair of consecutive measurements qualifies for a measured velocity (≥ 90 days)
        assert (gaps >= 100).all(), athlete
        velocity = rows[GrowthCol.HEIGHT].diff().iloc[1:] / (gaps / 365.25)
        if athlete in Planted.GROWTH_SPURT:
            assert (velocity.iloc[-2:] >= 7.2).all(), athlete
        else:
            assert velocity.between(0, 6.5).all(), athlete
        assert rows[GrowthCol.DATE].min() <= first_session[athlete], athlete
        if athlete in Planted.JOINERS:  # intake measurement on the first day
            assert pd.Timestamp(Planted.JOINERS[athlete]) in set(rows[GrowthCol.DATE])


# --------------------------------------------------------------------------- football


def test_football_weekly(football: pd.DataFrame) -> None:
    assert football[Col.ATHLETE].nunique() == 16
    weeks = sorted(set(football[Col.WEEK]))
    assert len(weeks) == 20 and weeks[0] == "2026-W28" and weeks[-1] == "2026-W47"
    assert all(re.fullmatch(r"2026-W\d{2}", w) for w in weeks)
    assert (football[Col.SPORT] == samples.FOOTBALL).all()
    assert football[Col.MEAN_RPE].between(0, 10).all()
    assert football[Col.REST_DAYS].between(0, 7).all()
    assert (football[Col.SESSIONS] + football[Col.REST_DAYS] == 7).all()
    assert football[Col.FREE_PLAY].isna().any()
    assert not football.duplicated([Col.ATHLETE, Col.WEEK]).any()

    rows_per_athlete = football.groupby(Col.ATHLETE).size()
    athlete, week = Planted.FOOTBALL_MISSING_WEEK
    assert rows_per_athlete[athlete] == 19
    assert (rows_per_athlete.drop(index=athlete) == 20).all()
    assert week not in set(football.loc[football[Col.ATHLETE] == athlete, Col.WEEK])

    athlete, week = Planted.FOOTBALL_REST_WEEK
    rest = football[(football[Col.ATHLETE] == athlete) & (football[Col.WEEK] == week)]
    assert rest[[Col.WEEK_MINUTES, Col.SESSIONS]].iloc[0].tolist() == [0, 0]
    assert rest[Col.REST_DAYS].iloc[0] == 7
    assert (football[Col.WEEK_MINUTES] == 0).sum() == 1

    athlete, week = Planted.FOOTBALL_JUMP
    minutes = football[football[Col.ATHLETE] == athlete].set_index(Col.WEEK)[Col.WEEK_MINUTES]
    assert week == weeks[-1]
    assert minutes[week] >= 1.4 * minutes.iloc[-5:-1].mean()
    assert minutes.iloc[:-1].between(100, 600).all()


# --------------------------------------------------------------------------- symptoms, plans


def _plan_reps_7_days(frame: pd.DataFrame) -> pd.Series:
    """The plan athlete's extension reps over the 7 days to each day since the cap began
    (only days of the cap plan count, as rule S4 counts them)."""
    start = pd.Timestamp(Planted.PLAN_CAP_SPAN[0])
    rows = frame[(frame[Col.ATHLETE] == Planted.PLAN) & frame["trained"]
                 & (frame["day"] >= start)]
    daily = rows.groupby("day")["reps"].sum().reindex(_days(start, samples.CLUB_END),
                                                      fill_value=0.0)
    return daily.rolling(7, min_periods=1).sum()


def _assert_cap_exceeded_once(rolling: pd.Series) -> None:
    planted = pd.Timestamp(Planted.PLAN_EXCEEDED_ON)
    over = rolling[rolling > Planted.PLAN_CAP_REPS]
    assert over.index.min() == planted
    assert (over.index <= planted + pd.Timedelta(days=6)).all()
    assert rolling[planted] == Planted.PLAN_CAP_REPS + 30
    assert rolling[: planted - pd.Timedelta(days=1)].max() <= Planted.PLAN_CAP_REPS
    assert (rolling.iloc[6:] > 0).all()  # the athlete does train extension work under the cap


def test_symptom_check_ins(written: dict[str, Path]) -> None:
    table = read_symptoms(written[samples.SYMPTOMS_FILE].read_bytes())
    last_two_weeks = samples.CLUB_END - pd.Timedelta(days=13)
    assert table[SymptomCol.DATE].between(last_two_weeks, samples.CLUB_END).all()
    ids = [f"GYM-{i:02d}" for i in range(1, samples.CLUB_SIZE + 1)]
    for monday in Planted.CHECKIN_MONDAYS:
        on_day = table[table[SymptomCol.DATE] == pd.Timestamp(monday)]
        assert sorted(on_day[SymptomCol.ATHLETE]) == ids
    pain = table[table[SymptomCol.BACK_PAIN]].set_index(SymptomCol.ATHLETE)
    assert len(pain) == 3
    for athlete, date, onset in (Planted.BACK_PAIN_REFER, Planted.BACK_PAIN_RED_FLAG,
                                 Planted.BACK_PAIN_MILD):
        assert pain.loc[athlete, SymptomCol.DATE] == pd.Timestamp(date)
        assert pain.loc[athlete, SymptomCol.ONSET] == pd.Timestamp(onset)
    answers = pain[[SymptomCol.SIDE, SymptomCol.WORSE_ARCHING, SymptomCol.LIMITS_TRAINING]]
    assert answers.loc[Planted.BACK_PAIN_REFER[0]].tolist() == ["left", True, False]
    assert answers.loc[Planted.BACK_PAIN_RED_FLAG[0]].tolist() == ["central", False, False]
    assert answers.loc[Planted.BACK_PAIN_MILD[0]].tolist() == ["central", False, False]
    flags = table[list(SymptomCol.RED_FLAGS)]
    assert int(flags.sum().sum()) == 1
    flagged = table[table[SymptomCol.NIGHT_PAIN]]
    assert flagged[SymptomCol.ATHLETE].tolist() == [Planted.BACK_PAIN_RED_FLAG[0]]
    free = table[~table[SymptomCol.BACK_PAIN]]
    assert (free[SymptomCol.PAIN] == 0).all() and free[SymptomCol.SIDE].isna().all()


def test_clinician_plans(written: dict[str, Path]) -> None:
    table = read_plans(written[samples.PLANS_FILE].read_bytes())
    assert table[PlanCol.ATHLETE].tolist() == [Planted.PLAN] * 2
    assert table[PlanCol.RESTRICTION].tolist() == ["no_extension_loading",
                                                   "cap_extension_reps_per_week"]
    assert table[PlanCol.START].tolist() == [pd.Timestamp(Planted.INJURY_SPAN[0]),
                                             pd.Timestamp(Planted.PLAN_CAP_SPAN[0])]
    assert table[PlanCol.REVIEW].tolist() == [pd.Timestamp(Planted.INJURY_SPAN[1]),
                                              pd.Timestamp(Planted.PLAN_CAP_SPAN[1])]
    assert table[PlanCol.CAP].isna().tolist() == [True, False]
    assert table[PlanCol.CAP].iloc[1] == Planted.PLAN_CAP_REPS
    assert table[PlanCol.REVIEW].iloc[1] > samples.CLUB_END  # still active at the end


def test_plan_cap_is_exceeded_once_in_the_last_week(sessions: pd.DataFrame) -> None:
    _assert_cap_exceeded_once(_plan_reps_7_days(sessions))
    during = sessions[(sessions[Col.ATHLETE] == Planted.PLAN)
                      & sessions["day"].between(*Planted.INJURY_SPAN)]
    assert (during["reps"] == 0).all() and len(during) == 21  # no extension loading respected


@pytest.fixture(scope="module")
def club_weeks(written: dict[str, Path]) -> risk.Assessment:
    return risk.evaluate(
        lw.read_log(written[samples.SESSIONS_FILE].read_bytes()),
        roster=read_roster(written[samples.ROSTER_FILE].read_bytes()),
        growth=read_growth(written[samples.GROWTH_FILE].read_bytes()),
        symptoms=read_symptoms(written[samples.SYMPTOMS_FILE].read_bytes()),
        plans=read_plans(written[samples.PLANS_FILE].read_bytes()),
    )


def test_symptom_and_plan_scenarios_in_the_last_week(club_weeks: risk.Assessment) -> None:
    assert club_weeks.latest_week() == pd.Timestamp("2026-11-16")
    week = club_weeks.week().set_index(risk.Out.ATHLETE)
    refer, urgent, mild = (Planted.BACK_PAIN_REFER[0], Planted.BACK_PAIN_RED_FLAG[0],
                           Planted.BACK_PAIN_MILD[0])
    assert week.loc[refer, ["S1", "S2", "S3"]].tolist() == ["green", "refer", "green"]
    assert week.loc[refer, risk.Out.LEVEL] == "refer"
    assert week.loc[refer, risk.Out.LEVEL_DAY] == pd.Timestamp(Planted.BACK_PAIN_REFER[1])
    assert week.loc[urgent, ["S1", "S2", "S3"]].tolist() == ["refer_urgent", "green", "green"]
    assert week.loc[urgent, risk.Out.LEVEL] == "refer_urgent"
    assert week.loc[mild, ["S1", "S2", "S3"]].tolist() == ["green", "green", "amber"]
    assert week.loc[Planted.PLAN, "S4"] == "red"
    others = week.drop(index=[refer, urgent, mild])
    assert (others[["S1", "S2", "S3"]] == "green").all().all()
    assert (week.drop(index=Planted.PLAN)["S4"] == "not_applicable").all()
    assert set(week[risk.Out.LEVEL]) - {"refer", "refer_urgent"} <= {
        "green", "amber", "red", "insufficient_data"}


def test_the_week_before_has_only_routine_check_ins(club_weeks: risk.Assessment) -> None:
    week = club_weeks.week(pd.Timestamp("2026-11-09")).set_index(risk.Out.ATHLETE)
    assert (week[["S1", "S2", "S3"]] == "green").all().all()
    assert week.loc[Planted.PLAN, "S4"] == "green"


# --------------------------------------------------------------------------- the club as flagged


def test_the_latest_week_looks_like_a_real_club(club_weeks: risk.Assessment) -> None:
    """2026-W47 with all side tables: mostly green, and every flag has a planted reason."""
    assert samples.iso_week(club_weeks.latest_week()) == samples.LATEST_WEEK
    week = club_weeks.week().set_index(risk.Out.ATHLETE)
    expected = {athlete: LATEST_LEVELS.get(athlete, ("green", ""))[0] for athlete in week.index}
    assert week[risk.Out.LEVEL].to_dict() == expected
    counts = week[risk.Out.LEVEL].value_counts().to_dict()
    assert counts == {"green": 11, "amber": 4, "red": 2, "refer": 1, "refer_urgent": 1,
                      "insufficient_data": 1}
    assert counts["green"] >= 8 and 2 <= counts["amber"] <= 4 and 2 <= counts["red"] <= 3
    assert week.loc[Planted.BACK_PAIN_REFER[0], risk.Out.LEVEL] == "refer"
    assert week.loc[Planted.BACK_PAIN_RED_FLAG[0], risk.Out.LEVEL] == "refer_urgent"
    assert week.loc["GYM-20", risk.Out.LEVEL] == "insufficient_data"
    assert week.loc["GYM-20", "L1"] == "insufficient_data"
    # every flag explains itself
    flagged = week[week[risk.Out.LEVEL] != "green"]
    assert (flagged[risk.Out.REASONS] != "").all()


def test_the_reds_and_ambers_of_the_latest_week(club_weeks: risk.Assessment) -> None:
    week = club_weeks.week().set_index(risk.Out.ATHLETE)
    # no rest day and monotony (one recovery sign) with the load up: two independent warning
    # signs, amber because three make red by default (spec §10.1.1)
    seven = week.loc[Planted.SEVEN_DAYS]
    assert seven[risk.Out.LEVEL] == "amber"
    assert seven[risk.Out.ESCALATION] == ""
    assert (seven["Y3"], seven["R1"], seven["L3"], seven["L1"]) == (
        "amber", "amber", "amber", "green")
    assert seven[risk.Out.MODIFIERS] == ""
    # a modifier: the same kind of spike as an amber athlete, but during a growth spurt
    spurt_spike, = (set(Planted.SPIKES) & set(Planted.GROWTH_SPURT)) - {Planted.SPIKE_EXTENSION}
    spiked = week.loc[spurt_spike]
    assert spiked[risk.Out.LEVEL] == "red"
    assert spiked[risk.Out.ESCALATION] == "load increase during an active modifier"
    assert spiked[risk.Out.MODIFIERS] == "growth_window"
    assert (spiked["L1"], spiked["L3"], spiked["X2"]) == ("amber", "amber", "green")
    plain = week.loc["GYM-07"]
    assert (plain[risk.Out.LEVEL], plain["L1"], plain["L3"]) == ("amber", "amber", "amber")
    assert plain[risk.Out.MODIFIERS] == "" and plain["X2"] == "green"
    # the clinician plan
    assert week.loc[Planted.PLAN, risk.Out.LEVEL] == "red"
    assert week.loc[Planted.PLAN, "S4"] == "red"
    # the ambers: hours and free play; mild back pain; the spike without a modifier
    high = week.loc[Planted.HIGH_VOLUME]
    assert (high["Y1"], high["Y2"], high["L3"], high["X2"]) == ("amber", "amber", "green",
                                                                 "green")
    assert week.loc[Planted.BACK_PAIN_MILD[0], "S3"] == "amber"


def test_the_week_before_is_mostly_green(club_weeks: risk.Assessment) -> None:
    week = club_weeks.week(pd.Timestamp("2026-11-09")).set_index(risk.Out.ATHLETE)
    assert (week[risk.Out.LEVEL] == "green").sum() >= 14
    # its first week without rest: recovery and load signs, two families → amber (three for red)
    assert week.loc[Planted.SEVEN_DAYS, risk.Out.LEVEL] == "amber"
    assert week.loc[Planted.SPIKE_EXTENSION, risk.Out.LEVEL] == "red"  # spike, growth, prior BSI


def test_earlier_weeks_are_mostly_green(club_weeks: risk.Assessment) -> None:
    for monday in pd.date_range("2026-06-22", "2026-11-09", freq="7D"):
        levels = club_weeks.week(monday)[risk.Out.LEVEL]
        assert (levels == "green").sum() >= 10, (monday, levels.value_counts().to_dict())


def test_hours_free_play_and_growth_only_where_planted(club_weeks: risk.Assessment) -> None:
    """Organised hours above age and organised : free play above 2 : 1 on no day except for
    the planted high-volume gymnast; the growth window only for the growth spurts, always
    from measured velocity (never the maturity-offset estimate)."""
    ctx, outcomes = club_weeks.ctx, club_weeks.outcomes
    for rule_id in ("Y1", "Y2"):
        amber = outcomes[rule_id].level == int(Level.AMBER)
        assert set(ctx.athlete[amber]) == {Planted.HIGH_VOLUME}, rule_id
    m1 = outcomes["M1"]
    assert m1.modifier is not None
    assert set(ctx.athlete[m1.modifier]) == set(Planted.GROWTH_SPURT)
    assert np.isfinite(m1.numbers["velocity"]).all()
    assert m1.numbers["offset"].isna().all()
