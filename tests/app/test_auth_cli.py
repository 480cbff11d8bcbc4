"""One database (issue 15 item 7): from a checkout the CLI uses the dashboard's
var/loadwatch.db, `loadwatch db which` says which database and why, `users add` refuses a
team that does not exist there; `users deactivate|reactivate|reset-password|teams`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from loadwatch.app import accounts
from loadwatch.app.cli.main import main
from loadwatch.report import pseudonym
from loadwatch.store.athletes import ensure_team
from loadwatch.store.db import checkout_folder, default_path, open_store, resolve_url
from loadwatch.store.secret import installation_secret

PASSWORD = "correct horse battery"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder that looks like a loadwatch checkout after `make run` (pyproject, var/)."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "loadwatch"\nversion = "1"\n')
    (tmp_path / "var").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOADWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path


def _run(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
         stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_from_a_checkout_the_default_is_the_dashboards_database(checkout: Path) -> None:
    assert checkout_folder() == checkout
    assert default_path() == checkout / "var" / "loadwatch.db"
    assert resolve_url() == f"sqlite:///{checkout}/var/loadwatch.db"


@pytest.mark.parametrize("change", ["no var", "another project"])
def test_elsewhere_the_default_is_the_users_data_folder(checkout: Path, change: str) -> None:
    if change == "no var":
        (checkout / "var").rmdir()
    else:
        (checkout / "pyproject.toml").write_text('[project]\nname = "loadwatcher"\n')
    assert checkout_folder() is None
    assert default_path() == checkout / "xdg" / "loadwatch" / "loadwatch.db"


def test_db_which_says_which_database_and_why(checkout: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(["db", "which"], capsys, monkeypatch) == (
        0, f"sqlite:///{checkout}/var/loadwatch.db (the checkout's var/ folder, the "
           "dashboard's under `make run`)", "")
    assert _run(["db", "which", "--db", "other.db"], capsys, monkeypatch)[1] == \
        f"sqlite:///{checkout}/other.db (from --db)"
    monkeypatch.setenv("LOADWATCH_DB", "sqlite:///x.db")
    assert _run(["db", "which"], capsys, monkeypatch)[1] == \
        "sqlite:///x.db (from $LOADWATCH_DB)"
    monkeypatch.delenv("LOADWATCH_DB")
    (checkout / "var").rmdir()
    assert _run(["db", "which"], capsys, monkeypatch)[1] == (
        f"sqlite:///{checkout}/xdg/loadwatch/loadwatch.db (the user's data folder; run from "
        "a checkout with var/ to share the dashboard's)")


def test_db_help_names_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["users", "add", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "var/loadwatch.db in a loadwatch checkout with a var/ folder" in out
    assert "`loadwatch db which` prints it" in out


def test_users_add_writes_where_the_dashboard_reads_and_refuses_an_unknown_team(
        checkout: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{checkout}/var/loadwatch.db"
    with open_store(url) as store, store.write() as conn:
        ensure_team(conn, "Gymnastics club")
    code, out, err = _run(["users", "add", "coach1", "--role", "coach", "--team",
                           "Gymnastics Club ", "--password-stdin"], capsys, monkeypatch,
                          PASSWORD + "\n")
    assert (code, out) == (2, "")
    assert err.endswith(f"no team 'Gymnastics Club' in {url}; teams: Gymnastics club")
    code, out, _ = _run(["users", "add", "coach1", "--role", "coach", "--team",
                         "Gymnastics club", "--password-stdin"], capsys, monkeypatch,
                        PASSWORD + "\n")
    assert (code, out) == (0, f"added coach 'coach1' (Gymnastics club) to {url}")
    assert accounts.current(url, "coach1") is not None
    code, out, err = _run(["users", "add", "coach2", "--role", "coach", "--password-stdin"],
                          capsys, monkeypatch, "aaaaaaaaaaaaaaa\n")
    assert code == 2 and err.endswith(
        "a password cannot be one character or a short pattern repeated")


def test_users_deactivate_reactivate_reset_and_teams(checkout: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{checkout}/var/loadwatch.db"
    with open_store(url) as store:
        with store.write() as conn:
            ensure_team(conn, "A")
            ensure_team(conn, "B")
        accounts.add_user(store, "coach1", PASSWORD, "coach", ["A"], by="tests")
    assert _run(["users", "deactivate", "coach1"], capsys, monkeypatch)[:2] == (
        0, f"deactivated 'coach1' in {url}")
    assert accounts.current(url, "coach1") is None
    assert _run(["users", "reactivate", "coach1"], capsys, monkeypatch)[:2] == (
        0, f"reactivated 'coach1' in {url}")
    code, out, _ = _run(["users", "reset-password", "coach1"], capsys, monkeypatch)
    temporary = out.rsplit(": ", 1)[1]
    assert code == 0 and out.startswith("temporary password for 'coach1' (shown once")
    user = accounts.authenticate(url, "coach1", temporary)
    assert user is not None and user.must_change_password
    assert _run(["users", "teams", "coach1", "--team", "B", "--team", "A"], capsys,
                monkeypatch)[:2] == (0, f"'coach1' now sees: A, B ({url})")
    code, _, err = _run(["users", "deactivate", "nobody"], capsys, monkeypatch)
    assert code == 2 and err.endswith("no user 'nobody'")


def test_make_run_binds_to_localhost_unless_told_otherwise() -> None:
    root = Path(__file__).resolve().parents[2]
    text = (root / "Makefile").read_text()
    recipe = text.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "--server.address $${LOADWATCH_ADDRESS:-127.0.0.1}" in recipe
    assert "this machine only; set LOADWATCH_ADDRESS=0.0.0.0 to open it to the network" in recipe


def test_report_from_the_store_salts_codes_with_the_installation_secret(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'report.db'}"
    log = tmp_path / "log.csv"
    log.write_text("athlete,date,sport,duration_min,rpe\nA-KID,2026-03-02,gymnastics,60,5\n")
    assert _run(["ingest", "--team", "A", "--db", url, str(log)], capsys, monkeypatch)[0] == 0
    code, _, err = _run(["report", "--db", url, "--team", "A", "--week", "2026-W10",
                         "--format", "csv", "--out", str(tmp_path / "out"), "--pseudonymise"],
                        capsys, monkeypatch)
    assert code == 0 and "--salt" not in err
    text = "".join(p.read_text() for p in (tmp_path / "out").glob("*.csv"))
    assert pseudonym("A-KID", installation_secret(url)) in text
    assert pseudonym("A-KID") not in text and "A-KID" not in text
