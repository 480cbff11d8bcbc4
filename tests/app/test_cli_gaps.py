"""`loadwatch gaps` and the service's gap methods (issue 14): list a team's possible logging
gaps, confirm one as rest (the flag returns to the rule's own level) or mark it not recorded
(the days are missing), audited; the service checks the role and the team like every method."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.app.auth import AccessDenied, User
from loadwatch.app.cli.main import main
from loadwatch.app.service import Service
from loadwatch.store import audit_events, ingest_file, load_log

A, B = "Club A", "Club B"
WEEKDAYS = (300, 700, 400, 800, 500)  # AU, Monday to Friday; weekends not logged
HINT = ("1 open gap(s): flags that lean on them are at most amber. Resolve one with 'loadwatch "
        "gaps confirm ATHLETE FROM TO' (it was rest) or 'loadwatch gaps not-recorded ATHLETE "
        "FROM TO'.")


def _log_file(path: Path, athlete: str = "A1") -> Path:
    """2024-01-01 … 2024-02-09, nothing logged 13–28 January (a 16-day gap)."""
    lines = ["athlete,date,load"]
    for i in range(40):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i)
        if not 12 <= i <= 27 and i % 7 < 5:
            lines.append(f"{athlete},{day},{WEEKDAYS[i % 7]}")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'gaps.db'}"
    assert main(["ingest", str(_log_file(tmp_path / "a.csv")), "--team", A, "--db", url]) == 0
    assert main(["ingest", str(_log_file(tmp_path / "b.csv", "B1")), "--team", B,
                 "--db", url]) == 0
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _week(db: str, team: str = A) -> pd.Series:
    return lw.evaluate(load_log(db, team)).week(pd.Timestamp("2024-02-05")).iloc[0]


def test_list_confirm_and_the_flag_returns_to_the_rules_level(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code, out, _ = run(capsys, "gaps", "--db", db, "--team", A)
    assert code == 0
    assert out.splitlines() == ["athlete       from         to  days status",
                                "     A1 2024-01-13 2024-01-28    16   open", HINT]
    assert (_week(db)["level"], _week(db)["L1"]) == ("amber", "amber")
    code, out, _ = run(capsys, "gaps", "confirm", "A1", "2024-01-13", "2024-01-28",
                       "--db", db, "--team", A, "--by", "coach1")
    assert (code, out) == (0, "gap 1: A1 2024-01-13 to 2024-01-28 (16 days) confirmed as rest\n")
    week = _week(db)
    assert (week["level"], week["L1"]) == ("red", "red")
    assert "Data: 28/28 days recorded." in week["reasons"]
    assert (_week(db, B)["level"]) == "amber"  # B1 of Club B keeps its own open gap
    code, out, _ = run(capsys, "gaps", "--db", db, "--team", A)
    assert out.splitlines() == ["athlete       from         to  days status",
                                "     A1 2024-01-13 2024-01-28    16   rest"]
    event = audit_events(db).iloc[0]
    assert (event["actor"], event["action"], event["object_id"]) == ("coach1", "gap.resolve", "1")
    assert event["detail"].endswith(" days=16 resolution=rest")


def test_not_recorded_makes_the_days_missing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", "not-recorded", "A1", "2024-01-13", "2024-01-28",
                       "--db", db, "--team", A)
    assert (code, out) == (0, "gap 1: A1 2024-01-13 to 2024-01-28 (16 days) marked not "
                              "recorded\n")
    week = _week(db)
    assert (week["level"], week["L1"]) == ("insufficient_data", "insufficient_data")
    assert "ACWR not shown: 16 of the last 28 days not recorded" in week["reasons"]
    code, out, _ = run(capsys, "gaps", "--db", db, "--team", A)
    assert out.splitlines()[1] == "     A1 2024-01-13 2024-01-28    16 not recorded"


def test_mistakes_are_messages(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "gaps", "--db", db)
    assert (code, err) == (2, "error: loadwatch gaps needs --team NAME (athlete ids are unique "
                              "per team)\n")
    code, _, err = run(capsys, "gaps", "confirm", "A1", "2024-01-10", "2024-01-20",
                       "--db", db, "--team", A)
    assert code == 2
    assert err == ("error: 2024-01-10 to 2024-01-20 is not inside an open gap of this athlete "
                   "(gaps: 2024-01-13 to 2024-01-28 (open)); see 'loadwatch gaps'\n")
    code, _, err = run(capsys, "gaps", "confirm", "A1", "13/01/2024x", "2024-01-20",
                       "--db", db, "--team", A)
    assert (code, err) == (2, "error: '13/01/2024x' is not a date (use YYYY-MM-DD)\n")
    code, out, _ = run(capsys, "gaps", "--db", db, "--team", A)
    assert out.splitlines()[1].endswith("open")  # nothing was resolved


# --- the service: role and team checked, audited ------------------------------------------

COACH_A, COACH_B = User("coach_a", "coach", (A,)), User("coach_b", "coach", (B,))


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Service]:
    service = Service.open(f"sqlite:///{tmp_path / 'svc.db'}")
    ingest_file(service.store, _log_file(tmp_path / "a.csv"), A)
    ingest_file(service.store, _log_file(tmp_path / "b.csv", "B1"), B)
    yield service
    service.store.close()


def test_the_service_lists_and_resolves_for_the_teams_own_users(svc: Service) -> None:
    table = svc.gaps(A, user=COACH_A)
    assert table.values.tolist() == [["A1", pd.Timestamp("2024-01-13"),
                                      pd.Timestamp("2024-01-28"), 16, "open"]]
    assert svc.gaps(A, user=COACH_A, athlete="A1").equals(table)
    therapist = User("physio_a", "therapist", (A,))
    svc.resolve_gap(A, "A1", dt.date(2024, 1, 13), dt.date(2024, 1, 28), "rest", user=therapist)
    assert svc.gaps(A, user=COACH_A)["status"].tolist() == ["rest"]
    assert audit_events(svc.store).iloc[0]["actor"] == "physio_a"
    view = svc.team_view(A, user=COACH_A, clinical=False)
    assert view is not None and view.assessment.week(pd.Timestamp("2024-02-05")).iloc[0][
        "level"] == "red"


@pytest.mark.parametrize(("user", "team", "athlete", "reason"), [
    (COACH_B, A, "A1", "team"), (COACH_A, B, "B1", "team"), (COACH_A, A, "B1", "athlete")])
def test_the_service_refuses_other_teams_and_their_athletes(
        svc: Service, user: User, team: str, athlete: str, reason: str) -> None:
    for method in ("gaps", "resolve_gap"):
        with pytest.raises(AccessDenied):
            if method == "gaps":
                svc.gaps(team, user=user, athlete=athlete if reason == "athlete" else None)
            else:
                svc.resolve_gap(team, athlete, dt.date(2024, 1, 13), dt.date(2024, 1, 28),
                                "rest", user=user)
        entry = audit_events(svc.store).iloc[0]
        assert (entry["actor"], entry["action"], entry["object_id"], entry["detail"]) == \
            (user.username, "access.denied", method, f"team={team} reason={reason}")
    assert svc.gaps(A, user=COACH_A)["status"].tolist() == ["open"]
    assert svc.gaps(B, user=COACH_B)["status"].tolist() == ["open"]
