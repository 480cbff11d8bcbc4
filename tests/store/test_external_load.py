"""A non-sRPE load (PlayerLoad, TSS, HR load) is stored in its own channel with its unit
(issue 13 item 4): ``load_log`` gives it back in Col.EXTERNAL_LOAD / Col.EXTERNAL_UNIT, never
in load_au, and ``metrics --db --channel external`` equals ``metrics FILE --channel external``;
one team keeps one external unit (a second unit is refused, nothing stored)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.cli.main import main
from loadwatch.errors import LogError
from loadwatch.schema import Col
from loadwatch.store.queries import load_log

DATA = Path(__file__).parents[1] / "data" / "profiles"
STRAVA = str(DATA / "strava_activities.csv")
PEAKS = str(DATA / "trainingpeaks_workouts.csv")
CATAPULT = Path("/work/shared/realworld/real_catapult_openfield_periods.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ext.db'}"


def test_strava_hr_load_is_stored_in_its_channel_with_its_unit(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ingest", STRAVA, "--db", db, "--team", "Runs", "--athlete",
                       "Runner", "--timezone", "Europe/Copenhagen")
    assert code == 0
    assert ("note: this export's own load (Strava HR load) is stored in its own channel, "
            "never in AU: read it with 'loadwatch metrics --db URL --channel external'") in out
    log = load_log(db, "Runs")
    sessions = log[log[Col.DAY_STATUS].isna()]
    # 8 Jan: no HR load (missing, not 0); 10 Jan: 42 + 95 in two activities
    assert sessions[Col.EXTERNAL_LOAD].fillna(-1).tolist() == [-1.0, 42.0, 95.0]
    assert sessions[Col.EXTERNAL_UNIT].fillna("-").tolist() == ["-", "Strava HR load",
                                                                 "Strava HR load"]
    # never mixed into load_au: the sRPE channel stays RPE × minutes (no RPE: no AU)
    assert sessions[Col.LOAD].fillna(-1).tolist() == [300.0, -1.0, 315.0]
    code, from_db, _ = run(capsys, "metrics", "--db", db, "--team", "Runs", "--channel",
                           "external")
    code_file, from_file, _ = run(capsys, "metrics", STRAVA, "--athlete", "Runner",
                                  "--timezone", "Europe/Copenhagen", "--channel", "external")
    assert (code, code_file) == (0, 0)
    assert from_db == from_file
    daily = pd.read_csv(io.StringIO(from_db))
    assert daily[["date", "load"]].dropna().values.tolist() == [["2024-01-09", 0.0],
                                                                ["2024-01-10", 137.0]]


def test_a_second_unit_in_one_team_is_refused_and_nothing_stored(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "ingest", STRAVA, "--db", db, "--team", "Runs", "--athlete",
               "Runner")[0] == 0
    code, out, err = run(capsys, "ingest", PEAKS, "--db", db, "--team", "Runs", "--athlete",
                         "Swimmer")
    assert code == 2
    assert ("trainingpeaks_workouts.csv: its own load is in TSS, but team 'Runs' already "
            "stores its external load in Strava HR load; one team keeps one external unit "
            "(different units are never one series): nothing was stored. Upload it for "
            "another team, or delete the other uploads first") in err
    assert load_log(db, "Runs")[Col.ATHLETE].unique().tolist() == ["Runner"]
    # another team may keep TSS; reading both teams at once is refused with the units named
    assert run(capsys, "ingest", PEAKS, "--db", db, "--team", "Tri", "--athlete",
               "Swimmer")[0] == 0
    assert load_log(db, "Tri")[Col.EXTERNAL_UNIT].dropna().unique().tolist() == ["TSS"]
    with pytest.raises(LogError, match=r"^the store holds external loads in 2 units "
                       r"\(Strava HR load, TSS\), never one series; choose a team "
                       r"\(--team NAME\) that logs one unit$"):
        load_log(db)


def test_a_log_without_external_load_has_no_external_columns(
        db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("athlete,date,sport,duration_min,rpe\nA1,2024-01-08,run,60,5\n")
    assert run(capsys, "ingest", str(path), "--db", db, "--team", "Plain")[0] == 0
    log = load_log(db, "Plain")
    assert Col.EXTERNAL_LOAD not in log.columns and Col.EXTERNAL_UNIT not in log.columns
    assert log[Col.LOAD].tolist() == [300.0]


def test_catapult_playerload_from_the_store_equals_the_file(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not CATAPULT.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CATAPULT} is missing under CI=true")
        pytest.skip(f"{CATAPULT} is absent")
    assert run(capsys, "ingest", str(CATAPULT), "--db", db, "--team", "Hoops")[0] == 0
    log = load_log(db, "Hoops")
    assert log[Col.ATHLETE].nunique() == 14
    assert round(float(log[Col.EXTERNAL_LOAD].sum()), 1) == 197279.0
    assert log[Col.EXTERNAL_UNIT].dropna().unique().tolist() == ["PlayerLoad"]
    code, from_db, _ = run(capsys, "metrics", "--db", db, "--team", "Hoops", "--channel",
                           "external")
    code_file, from_file, _ = run(capsys, "metrics", str(CATAPULT), "--channel", "external")
    assert (code, code_file) == (0, 0)
    assert from_db == from_file
    daily = pd.read_csv(io.StringIO(from_db))
    assert round(float(daily["load"].sum()), 1) == 197279.0
