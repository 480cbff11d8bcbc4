"""TOML values are bounded (issue 19, items 1 and 8): numbers finite and in range, nesting
and size limited, every refusal one ConfigError sentence naming the key, never a traceback;
`nan` no longer passes threshold validation (team file, overrides, CLI --config and the
dashboard's Settings, which all go through load_config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadwatch.app.auth import User
from loadwatch.app.cli.main import main
from loadwatch.app.service import Service
from loadwatch.config import ConfigError, load_config


def refusal(tmp_path: Path, body: str) -> str:
    path = tmp_path / "team.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    return str(err.value).replace(str(path), "team.toml")


@pytest.mark.parametrize(("body", "message"), [
    ("[acwr]\namber_above = nan\n", "team.toml: acwr.amber_above must be a finite number, got nan"),
    ("[acwr]\nred_at_or_above = inf\n",
     "team.toml: acwr.red_at_or_above must be a finite number, got inf"),
    ("[spike]\nmin_prev_week_au = -inf\n",
     "team.toml: spike.min_prev_week_au must be a finite number, got -inf"),
    ("[acwr]\nacute_days = " + "9" * 400 + "\n",
     "team.toml: acwr.acute_days must be a finite number, got an integer of 400 digits"),
    ("[acwr]\namber_above = " + "9" * 400 + "\n",
     "team.toml: acwr.amber_above must be a finite number, got an integer of 400 digits"),
    ("[acwr]\namber_above = 1e300\n",
     "team.toml: acwr.amber_above must be a finite number, got 1e+300"),
    ("[limits]\nmax_rows = 0\n", "team.toml: limits.max_rows must be between 1 and 1e+09, got 0"),
    ("[limits]\nmax_upload_mb = 50.5\n",
     "team.toml: limits.max_upload_mb must be a whole number, got number 50.5"),
    ("[sports]\nextension_heavy = " + "[" * 6 + "]" * 6 + "\n",
     "team.toml: 'sports.extension_heavy' is nested deeper than the 4 levels a setting can "
     "have"),
    ("x = " + "{a = " * 30 + "1" + "}" * 30 + "\n",
     "team.toml: 'x.a.a.a.a' is nested deeper than the 4 levels a setting can have"),
    ("[sports]\nextension_heavy = " + "[" * 5000 + "]" * 5000 + "\n",
     "team.toml: values nested too deeply (settings are at most 4 levels deep)"),
])
def test_hostile_values_are_one_sentence(tmp_path: Path, body: str, message: str) -> None:
    assert refusal(tmp_path, body) == message


def test_a_huge_settings_file_is_refused_before_parsing(tmp_path: Path) -> None:
    body = "# padding\n" * 100_001
    assert refusal(tmp_path, body) == ("team.toml: the file is 1,000,010 characters; a "
                                       "settings file holds at most 1,000,000")


def test_nan_overrides_refused_and_finite_ones_kept() -> None:
    with pytest.raises(ConfigError) as err:
        load_config(overrides={"acwr.amber_above": float("nan")})
    assert str(err.value) == "<overrides>: acwr.amber_above must be a finite number, got nan"
    assert load_config(overrides={"acwr.amber_above": 1.4}).get("acwr.amber_above") == 1.4
    assert load_config(overrides={"limits.max_columns": 64}).get("limits.max_columns") == 64


def test_cli_config_with_nan_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    log = tmp_path / "log.csv"
    log.write_text("athlete,date,duration_min,rpe\nA,2026-03-02,60,7\n", encoding="utf-8")
    team = tmp_path / "team.toml"
    team.write_text("[acwr]\namber_above = nan\n", encoding="utf-8")
    code = main(["flags", str(log), "--config", str(team)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.endswith("acwr.amber_above must be a finite number, got nan")
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_settings_page_door_refuses_nan(tmp_path: Path) -> None:
    """Service.save_team_config (the dashboard's Settings) says why and saves nothing."""
    service = Service.open(f"sqlite:///{tmp_path / 'cfg.db'}")
    admin = User("boss", "admin", ())
    try:
        with pytest.raises(ValueError) as err:
            service.save_team_config("Club", "[acwr]\namber_above = nan\n", user=admin)
        assert str(err.value) == ("the team settings: acwr.amber_above must be a finite "
                                  "number, got nan")
        service.save_team_config("Club", "[acwr]\namber_above = 1.35\n", user=admin)
    finally:
        service.store.close()
