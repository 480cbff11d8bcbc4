"""The model stage's commands: files written, verdicts printed, mistakes → message and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.cli.main import main
from tests.model.support import Squad

LOADWATCH = Path(sys.executable).parent / "loadwatch"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, planted: Squad) -> Path:
    out = tmp_path_factory.mktemp("planted")
    planted.cohort.write(out)
    return out


def test_simulate_writes_the_three_uploads_and_the_truth(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    code = main(["simulate", "--athletes", "5", "--days", "60", "--hazard", "null", "--seed",
                 "2", "--out", str(tmp_path / "sim")])
    assert code == 0
    out, err = capsys.readouterr()
    assert {Path(p).name for p in out.split()} == {"sessions.csv", "roster.csv", "injuries.csv",
                                                    "truth.json"}
    assert "h = 0.003 per athlete-day" in err
    sessions = pd.read_csv(tmp_path / "sim" / "sessions.csv")
    assert {"athlete", "date", "duration_min", "rpe", "extension_reps"} <= set(sessions.columns)


def test_simulate_help_states_the_hazard(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "exp(β_spike × spike(d) + β_ext × (ext_ratio(d) − 1))" in text
    assert "β_spike = 1.0, β_ext = 1.5" in text


def test_injuries_summary(files: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = ["injuries", "summary", "--injuries", str(files / "injuries.csv"), "--log",
            str(files / "sessions.csv")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "incidence /1000 h (95 % CI)" in out and "lumbar_spine" in out
    assert "exact Poisson" in out
    assert main([*args, "--out", str(tmp_path / "epi.json")]) == 0
    data = json.loads((tmp_path / "epi.json").read_text())
    assert data["rows"][0]["group"] == "overall" and data["exposure_hours"] > 0


def test_evaluate_writes_card_metrics_and_plots(files: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "eval"
    data = ["--log", str(files / "sessions.csv"), "--injuries", str(files / "injuries.csv"),
            "--roster", str(files / "roster.csv")]
    code = main(["model", "evaluate", *data, "--out", str(out), "--n-boot", "200",
                 "--threads", "1", "--save-model", str(tmp_path / "with-card.joblib")])
    assert code == 0
    printed = capsys.readouterr().out
    assert "Better than chance" in printed
    assert {p.name for p in out.iterdir()} == {"model-card.md", "metrics.json", "roc.png",
                                               "calibration.png", "feature-effects.png"}
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["source"] == "sessions.csv" and metrics["n_boot"] == 200
    # the saved model carries its card; predictions quote its verdict
    assert main(["model", "predict", "--model", str(tmp_path / "with-card.joblib"), *data,
                 "--out", str(tmp_path / "p.csv"), "--latest"]) == 0
    assert "model card: Better than chance" in capsys.readouterr().err


def test_fit_then_predict(files: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    model = tmp_path / "model.joblib"
    data = ["--log", str(files / "sessions.csv"), "--injuries", str(files / "injuries.csv"),
            "--roster", str(files / "roster.csv")]
    assert main(["model", "fit", *data, "--out", str(model), "--kind", "logistic"]) == 0
    assert "run 'loadwatch model evaluate'" in capsys.readouterr().out
    out = tmp_path / "latest.csv"
    assert main(["model", "predict", "--model", str(model), *data, "--out", str(out),
                 "--latest"]) == 0
    table = pd.read_csv(out)
    assert len(table) == 60 and table["athlete"].is_unique
    probability = table["injury_onset_within_7d_probability"]
    assert probability.dropna().between(0, 1).all()
    err = capsys.readouterr().err
    assert "beside the model's card" in err and "this model has no model card attached" in err
    # fitted with a roster: predicting without one is refused, not silently degraded
    code = main(["model", "predict", "--model", str(model), "--log",
                 str(files / "sessions.csv"), "--out", str(out)])
    assert code == 2
    assert "give the roster with birth dates" in capsys.readouterr().err


def test_the_store_gives_the_same_model_as_the_files(files: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    db = f"sqlite:///{tmp_path / 'club.db'}"
    for argv in (["ingest", str(files / "sessions.csv")], ["roster", "import",
                                                          str(files / "roster.csv")],
                 ["injuries", "import", str(files / "injuries.csv")]):
        assert main([*argv, "--team", "Squad", "--db", db]) == 0
    assert "injuries added, 0 updated" in capsys.readouterr().out
    data = ["--log", str(files / "sessions.csv"), "--injuries", str(files / "injuries.csv"),
            "--roster", str(files / "roster.csv")]
    stored = ["--db", db, "--team", "Squad"]
    tables = []
    for source in (data, stored):
        model, out = tmp_path / "m.joblib", tmp_path / "p.csv"
        assert main(["model", "fit", *source, "--out", str(model), "--kind", "logistic"]) == 0
        assert main(["model", "predict", "--model", str(model), *source, "--out",
                     str(out)]) == 0
        tables.append(pd.read_csv(out))
    assert tables[0]["athlete"].nunique() == 60 and tables[0].iloc[:, 2].notna().sum() > 10_000
    pd.testing.assert_frame_equal(tables[1], tables[0])
    code = main(["model", "fit", *data, *stored, "--out", str(tmp_path / "x.joblib")])
    assert code == 2 and "give --log files or --db, not both" in capsys.readouterr().err


def test_power_prints_the_share_detected(capsys: pytest.CaptureFixture) -> None:
    code = main(["model", "power", "--athletes", "40", "--days", "300", "--events", "150",
                 "--cohorts", "2", "--n-boot", "100", "--threads", "1", "--beta-spike", "2.5",
                 "--beta-ext", "3"])
    assert code == 0
    out = capsys.readouterr().out
    assert "2 planted cohorts of 40 athletes × 300 days" in out
    assert "Effect detected (ROC AUC interval above 0.5) in" in out and "share" in out


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: ["model", "evaluate", "--log", str(d / "one.csv"), "--injuries",
                str(d / "inj.csv"), "--out", str(d / "x")], "only one athlete"),
    (lambda d: ["model", "evaluate", "--log", str(d / "weekly.csv"), "--injuries",
                str(d / "inj.csv"), "--out", str(d / "x")], "needs a daily session log"),
    (lambda d: ["injuries", "summary", "--injuries", str(d / "bad_inj.csv"), "--log",
                str(d / "one.csv")], "row 3, column 'onset': '2026-02-30' is not a date"),
    (lambda d: ["model", "predict", "--model", str(d / "missing.joblib"), "--log",
                str(d / "one.csv"), "--out", str(d / "p.csv")], "no such model file"),
    (lambda d: ["model", "predict", "--model", str(d / "one.csv"), "--log",
                str(d / "one.csv"), "--out", str(d / "p.csv")], "not a readable loadwatch"),
    (lambda d: ["model", "predict", "--model", str(d / "m.joblib"), "--log",
                str(d / "one.csv"), "--out", str(d / "p.txt")], "--out must end in .csv"),
    (lambda d: ["model", "fit", "--log", str(d / "one.csv"), "--injuries", str(d / "inj.csv"),
                "--out", str(d / "m.joblib")], "only one athlete"),
    (lambda d: ["model", "fit", "--log", str(d / "two.csv"), "--injuries", str(d / "inj.csv"),
                "--out", str(d / "m.joblib")], "too few injury events to fit"),
    (lambda d: ["simulate", "--athletes", "0", "--out", str(d / "s")], "--athletes must be"),
    (lambda d: ["model", "evaluate", "--log", str(d / "one.csv"), "--injuries",
                str(d / "empty_inj.csv"), "--out", str(d / "x")], "no data rows"),
])
def test_bad_input_gives_a_message_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture,
                                              make: Callable[[Path], list[str]],
                                              message: str) -> None:
    (tmp_path / "one.csv").write_text("athlete,date,duration_min,rpe\nA,2026-01-05,60,5\n"
                                      "A,2026-01-06,60,5\n")
    (tmp_path / "two.csv").write_text("athlete,date,duration_min,rpe\nA,2026-01-05,60,5\n"
                                      "B,2026-01-06,60,5\nA,2026-01-20,60,5\n")
    (tmp_path / "weekly.csv").write_text("athlete,week,total_minutes,mean_rpe\n"
                                         "A,2026-W02,300,5\nB,2026-W02,300,5\n")
    (tmp_path / "inj.csv").write_text("athlete,onset_date,body_region,injury_type\n"
                                      "A,2026-01-06,knee,acute\n")
    (tmp_path / "bad_inj.csv").write_text("athlete,onset,region,type\nA,2026-01-06,knee,acute\n"
                                          "A,2026-02-30,knee,acute\n")
    (tmp_path / "empty_inj.csv").write_text("athlete,onset_date,body_region,injury_type\n")
    assert main(make(tmp_path)) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_installed_command_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "inj.csv"
    bad.write_text("athlete,onset_date,body_region,injury_type\nA,2026-01-06,shin splint,x\n")
    log = tmp_path / "log.csv"
    log.write_text("athlete,date,duration_min,rpe\nA,2026-01-05,60,5\n")
    done = subprocess.run([str(LOADWATCH), "injuries", "summary", "--injuries", str(bad),
                           "--log", str(log)], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "is not one of" in done.stderr and "Traceback" not in done.stderr
