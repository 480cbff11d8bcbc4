"""The store's `loadwatch` commands, through the real entry point: what they print, their
exit codes, and that a user's mistake is a message, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.cli.main import main
from loadwatch.store import list_uploads, load_plans, load_roster, load_symptoms, open_store
from tests.store.support import count, write_csv

LOG = ["athlete,date,start_time,duration_min,rpe",
       "A1,2026-03-02,17:00,90,6", "A1,2026-03-04,17:00,60,5", "A2,2026-03-03,17:00,45,4"]
LATER = ["athlete,date,start_time,duration_min,rpe",
         "A1,2026-03-04,17:00,60,5", "A1,2026-03-09,17:00,75,6"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_ingest_reports_added_duplicates_and_rejected_per_file(
        tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    log, later = write_csv(tmp_path / "log.csv", LOG), write_csv(tmp_path / "later.csv", LATER)
    code, out, _ = run(capsys, "ingest", str(log), str(later), "--team", "Club", "--db", db,
                       "--by", "coach1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("log.csv: 3 sessions added, 0 skipped as duplicate, "
                               "0 rejected — upload 1, team 'Club', period 2026-03-02 to "
                               "2026-03-04")
    assert lines[1].startswith("later.csv: 1 sessions added, 1 skipped as duplicate, "
                               "0 rejected — upload 2")
    code, out, _ = run(capsys, "ingest", str(log), "--team", "Club", "--db", db)
    assert (code, out.split(" (")[0]) == (
        0, "log.csv: already uploaded for team 'Club' as upload 1")
    code, out, _ = run(capsys, "uploads", "--db", db)
    assert code == 0
    header, first, second = out.splitlines()
    assert header.split() == ["id", "team", "kind", "uploaded", "(UTC)", "by", "file",
                              "period", "added", "duplicate", "rejected", "held", "now"]
    assert first.split()[:2] == ["1", "Club"] and first.split()[-4:] == ["3", "0", "0", "3"]
    assert "coach1" in first and second.split()[-4:] == ["1", "1", "0", "2"]
    code, out, _ = run(capsys, "uploads", "delete", "1", "--db", db)
    assert (code, out.strip()) == (0, "upload 1 (team 'Club') deleted: 2 sessions removed; "
                                      "1 sessions stay because other uploads also contain "
                                      "them; 1 athlete(s) left without data removed (names "
                                      "included)")  # A2 was only in upload 1 (issue 19.3)
    code, _, err = run(capsys, "uploads", "--db", db, "delete", "1")
    assert (code, err.strip()) == (2, "error: there is no upload 1 (see 'loadwatch uploads')")
    with open_store(db) as store:
        assert count(store, "sessions") == 2
        assert list_uploads(store, "Club")["uploaded_by"].tolist() == ["coach1"]


def test_invalid_files_and_options_exit_2_with_a_message(
        tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_csv(tmp_path / "bad.csv", LOG + ["A2,2026-03-05,17:00,45,15"])
    good = write_csv(tmp_path / "good.csv", LATER)
    code, _, err = run(capsys, "ingest", str(good), str(bad), "--team", "Club", "--db", db)
    assert code == 2
    assert err.startswith("error: bad.csv: 1 row(s) are invalid; nothing was stored")
    assert "row 5, column 'rpe': RPE 15.0 looks like the Borg 6–20 scale" in err
    with open_store(db) as store:  # every file is validated before any is stored
        assert count(store, "uploads") == 0
    code, _, err = run(capsys, "ingest", str(bad), "--team", "Club", "--db", db,
                       "--skip-invalid")
    assert (code, err.strip()) == (2, "error: --skip-invalid needs --rejects FILE.csv to "
                                      "keep the rejected rows")
    rejects = tmp_path / "rejects.csv"
    code, out, err = run(capsys, "ingest", str(bad), "--team", "Club", "--db", db,
                         "--skip-invalid", "--rejects", str(rejects))
    assert code == 0 and out.startswith("bad.csv: 3 sessions added, 0 skipped as duplicate, "
                                        "1 rejected")
    assert "note: the day of 1 rejected row(s) is stored as 'not recorded'" in out
    assert pd.read_csv(rejects)[["row", "file"]].values.tolist() == [[5, "bad.csv"]]
    for argv, message in [
        (["ingest", str(good), "--team", " ", "--db", db], "a team name is needed"),
        (["ingest", str(good), "--team", "Club", "--period", "2026-03-09", "--db", db],
         "--period must be START:END"),
        (["uploads", "--team", "Nobody", "--db", db], "no team named 'Nobody'"),
        (["uploads", "--db", "postgresql+psycopg://u:pw@127.0.0.1:9/x"],
         "cannot open the database postgresql+psycopg://u:***@127.0.0.1:9/x"),
        (["symptoms", "add", "--athlete", "Z9", "--date", "2026-03-03", "--db", db],
         "check-in: 1 athlete id(s) are not in the store"),
        (["symptoms", "add", "--athlete", "A1", "--date", "2026-03-03", "--pain", "12",
          "--db", db], "the symptom check-in is not valid; nothing was stored"),
    ]:
        code, _, err = run(capsys, *argv)
        assert code == 2 and message in err, (argv, err)


def test_demo_seeds_an_empty_database_only(db: str, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    code, out, _ = run(capsys, "demo", "--db", db)
    assert code == 0 and out.splitlines()[-1] == f"demo data seeded into {db}"
    code, _, err = run(capsys, "demo", "--db", db)
    assert code == 2 and "already holds data (teams, athletes, uploads)" in err
    code, out, _ = run(capsys, "demo", "--db", db, "--if-empty")
    assert (code, out.strip()) == (0, f"{db} already holds data; nothing seeded")


def test_profiles_clinical_entries_export_and_upgrade(
        tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "db", "upgrade", "--db", db)[1].strip() == \
        f"{db}: upgraded from an empty database to 0011"
    assert run(capsys, "db", "upgrade", "--db", db)[1].strip() == \
        f"{db}: already at revision 0011"
    roster = write_csv(tmp_path / "roster.csv", ["athlete,birth_date,sex", "A1,2012-05-01,F",
                                                 "A2,2013-02-01,M"])
    code, out, _ = run(capsys, "roster", "import", str(roster), "--team", "Club", "--db", db)
    assert (code, out.strip()) == (0, "roster.csv: 2 athletes added, 0 profiles updated "
                                      "(team 'Club')")
    growth = write_csv(tmp_path / "growth.csv", ["athlete,date,height_cm", "A1,2026-03-01,150"])
    assert run(capsys, "growth", "import", str(growth), "--db", db)[1].strip() == \
        "growth.csv: 1 measurements added, 0 replaced"
    code, out, _ = run(capsys, "symptoms", "add", "--athlete", "A1", "--date", "2026-03-03",
                       "--side", "left", "--worse-arching", "--pain", "4", "--night-pain",
                       "--db", db, "--by", "physio")
    assert (code, out.strip()) == (0, "check-in: 1 check-in(s) stored, 0 already stored")
    symptoms = write_csv(tmp_path / "symptoms.csv", ["athlete,date,low_back_pain",
                                                     "A2,2026-03-04,no"])
    assert run(capsys, "symptoms", "import", str(symptoms), "--db", db)[0] == 0
    code, out, _ = run(capsys, "plans", "add", "--athlete", "A1", "--start", "2026-03-05",
                       "--restriction", "no_extension_loading", "--review", "2026-03-19",
                       "--db", db)
    assert (code, out.strip()) == (0, "plan: 1 plan(s) added, 0 updated")
    plans = write_csv(tmp_path / "plans.csv", ["athlete,start_date,restriction",
                                               "A2,2026-03-06,cleared"])
    assert run(capsys, "plans", "import", str(plans), "--db", db)[0] == 0
    with open_store(db) as store:
        assert load_roster(store)["sex"].tolist() == ["F", "M"]
        checkins = load_symptoms(store)
        assert checkins.iloc[0][["athlete", "side", "worse_when_arching", "night_pain",
                                 "pain_0_10", "low_back_pain"]].tolist() == \
            ["A1", "left", True, True, 4.0, True]
        assert checkins.iloc[1][["side", "worse_when_arching", "night_pain"]].isna().all()
        assert not checkins.iloc[1]["low_back_pain"]
        assert load_plans(store)["restriction"].tolist() == ["no_extension_loading", "cleared"]
    out_dir = tmp_path / "backup"
    code, out, err = run(capsys, "export", "--out", str(out_dir), "--db", db)
    assert (code, out.strip()) == (0, f"wrote 32 files to {out_dir}")
    assert "includes clinical tables" in err
    code, out, err = run(capsys, "export", "--out", str(tmp_path / "safe"), "--db", db,
                         "--pseudonymise", "--no-clinical")
    assert (code, out.strip(), err) == (0, f"wrote 22 files to {tmp_path / 'safe'}", "")


def test_the_installed_command_runs_with_loadwatch_db(tmp_path: Path) -> None:
    log = write_csv(tmp_path / "log.csv", LOG)
    env = {"LOADWATCH_DB": str(tmp_path / "env.db"), "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run([sys.executable, "-m", "loadwatch.app.cli.main", "ingest", str(log),
                           "--team", "Club"], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("log.csv: 3 sessions added")
    assert (tmp_path / "env.db").exists()


def test_loadwatch_metrics_from_the_store_equals_metrics_on_the_union_file(
        tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #4, done when: `loadwatch metrics --db` equals `loadwatch metrics` on the union
    (needs cli.py's --db/--team options)."""
    weeks = [LOG[0]] + [f"A1,2026-03-{d:02d},17:00,{60 + d},{4 + d % 4}" for d in range(2, 29)
                        if d % 7 not in (0, 1)]
    first, second = weeks[:12], [weeks[0]] + weeks[8:]
    union = write_csv(tmp_path / "union.csv", weeks)
    code, out, _ = run(capsys, "ingest", str(write_csv(tmp_path / "b.csv", second)),
                       str(write_csv(tmp_path / "a.csv", first)), "--team", "Club", "--db", db)
    assert code == 0 and "a.csv: 7 sessions added, 4 skipped as duplicate" in out
    for level in ("daily", "weekly"):
        code, from_store, _ = run(capsys, "metrics", "--db", db, "--team", "Club",
                                  "--level", level)
        assert code == 0
        assert from_store == run(capsys, "metrics", str(union), "--level", level)[1]
        assert len(from_store.splitlines()) >= 5  # header and four weeks at least
