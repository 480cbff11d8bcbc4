"""Server-side sessions (issue 15 item 6, issue 19 item 6): a hashed random token that ends
on sign-out, after idle time, after its lifetime, on deactivation or a password reset; the
user behind it is read again on every resume (teams, active)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from loadwatch.app import accounts
from loadwatch.app.sessions import Policy, policy, token_hash
from loadwatch.errors import UsageError
from loadwatch.store.athletes import ensure_team
from loadwatch.store.audit import audit_events
from loadwatch.store.db import Store, open_store
from loadwatch.store.tables import user_sessions
from tests.app.test_auth_lockout import PASSWORD, Clock

RULES = Policy(idle=dt.timedelta(minutes=60), lifetime=dt.timedelta(hours=12))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Teams A and B, coach1 (A) and admin1."""
    with open_store(f"sqlite:///{tmp_path / 'sessions.db'}") as opened:
        with opened.write() as conn:
            ensure_team(conn, "A")
            ensure_team(conn, "B")
        accounts.add_user(opened, "coach1", PASSWORD, "coach", ["A"], by="tests")
        accounts.add_user(opened, "admin1", PASSWORD, "admin", [], by="tests")
        yield opened


def _signed_in(store: Store, clock: Clock) -> str:
    found = accounts.sign_in(store, "coach1", PASSWORD, clock=clock, rules=RULES)
    assert found is not None
    user, token = found
    assert (user.username, user.teams) == ("coach1", ("A",))
    return token


def _resume(store: Store, token: str, clock: Clock) -> accounts.User | None:
    return accounts.resume(store, token, clock=clock, rules=RULES)


def test_the_token_is_random_and_stored_only_as_its_hash(store: Store) -> None:
    clock = Clock()
    first, second = _signed_in(store, clock), _signed_in(store, clock)
    assert first != second and len(first) >= 43
    with store.read() as conn:
        stored = conn.execute(sa.select(user_sessions.c.token_hash)).scalars().all()
    assert sorted(stored) == sorted([token_hash(first), token_hash(second)])
    assert first not in stored


def test_activity_keeps_a_session_and_idle_time_ends_it(store: Store) -> None:
    clock = Clock()
    token = _signed_in(store, clock)
    for _ in range(5):  # 5 x 50 minutes of activity: longer than the idle time in total
        clock.advance(minutes=50)
        user = _resume(store, token, clock)
        assert user is not None and user.username == "coach1"
    clock.advance(minutes=60)
    assert _resume(store, token, clock) is None


def test_the_lifetime_ends_a_session_however_active(store: Store) -> None:
    clock = Clock()
    token = _signed_in(store, clock)
    for _ in range(14):  # 14 x 50 minutes = 11 h 40 min of activity
        clock.advance(minutes=50)
        assert _resume(store, token, clock) is not None
    clock.advance(minutes=20)  # 12 h after sign-in, 20 minutes after the last activity
    assert _resume(store, token, clock) is None


def test_sign_out_revokes_only_that_session(store: Store) -> None:
    clock = Clock()
    token, other = _signed_in(store, clock), _signed_in(store, clock)
    accounts.sign_out(store, token, clock=clock)
    assert _resume(store, token, clock) is None
    assert _resume(store, other, clock) is not None
    assert audit_events(store).iloc[0][["actor", "action"]].tolist() == ["coach1", "sign_out"]
    assert _resume(store, "not a token", clock) is None and _resume(store, "", clock) is None


def test_deactivation_ends_the_open_session_at_once(store: Store) -> None:
    clock = Clock()
    token = _signed_in(store, clock)
    accounts.set_active(store, "coach1", False, by="admin1", clock=clock)
    assert _resume(store, token, clock) is None
    assert accounts.current(store, "coach1") is None
    assert accounts.authenticate(store, "coach1", PASSWORD, clock=clock, rules=RULES) is None
    entry = audit_events(store).query("action == 'user.deactivate'").iloc[0]
    assert (entry["actor"], entry["detail"]) == ("admin1", "sessions_ended=1")
    accounts.set_active(store, "coach1", True, by="admin1", clock=clock)
    assert _resume(store, token, clock) is None  # revoked stays revoked
    assert _signed_in(store, clock)
    with pytest.raises(ValueError, match="you cannot deactivate your own account"):
        accounts.set_active(store, "ADMIN1", False, by="admin1")


def test_a_change_of_teams_shows_on_the_next_resume(store: Store) -> None:
    clock = Clock()
    token = _signed_in(store, clock)
    assert accounts.set_teams(store, "coach1", ["B"], by="admin1") == ("B",)
    user = _resume(store, token, clock)
    assert user is not None and user.teams == ("B",)
    assert accounts.set_teams(store, "coach1", [], by="admin1") == ()
    user = _resume(store, token, clock)
    assert user is not None and user.teams == () and not user.may_see("A")
    with pytest.raises(ValueError) as caught:
        accounts.set_teams(store, "coach1", ["Gymnastics Club "], by="admin1")
    assert str(caught.value) == f"no team 'Gymnastics Club' in {store.url}; teams: A, B"


def test_a_reset_ends_sessions_and_asks_for_a_new_password(store: Store) -> None:
    clock = Clock()
    token = _signed_in(store, clock)
    temporary = accounts.reset_password(store, "coach1", by="admin1", clock=clock)
    assert len(temporary) == 16 and temporary != PASSWORD
    assert _resume(store, token, clock) is None
    assert accounts.authenticate(store, "coach1", PASSWORD, clock=clock, rules=RULES) is None
    found = accounts.sign_in(store, "coach1", temporary, clock=clock, rules=RULES)
    assert found is not None and found[0].must_change_password
    with pytest.raises(ValueError, match="a password needs at least 12 characters"):
        accounts.change_password(store, "coach1", temporary, "short", keep_token=found[1])
    with pytest.raises(ValueError, match="the current password is wrong"):
        accounts.change_password(store, "coach1", "not it at all", "a brand new phrase")
    accounts.change_password(store, "coach1", temporary, "a brand new phrase",
                             keep_token=found[1], clock=clock)
    user = _resume(store, found[1], clock)
    assert user is not None and not user.must_change_password
    assert temporary not in audit_events(store).astype(str).to_string()


def test_users_add_refuses_a_team_that_does_not_exist(store: Store) -> None:
    with pytest.raises(ValueError) as caught:
        accounts.add_user(store, "coach2", PASSWORD, "coach", ["Nope"], by="tests")
    assert str(caught.value) == f"no team 'Nope' in {store.url}; teams: A, B"
    assert accounts.current(store, "coach2") is None


def test_the_session_times_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert policy().idle == dt.timedelta(minutes=60)
    assert policy().lifetime == dt.timedelta(hours=12)
    monkeypatch.setenv("LOADWATCH_IDLE_MINUTES", "15")
    monkeypatch.setenv("LOADWATCH_SESSION_HOURS", "2")
    assert (policy().idle, policy().lifetime) == (dt.timedelta(minutes=15),
                                                  dt.timedelta(hours=2))
    monkeypatch.setenv("LOADWATCH_IDLE_MINUTES", "nan")
    with pytest.raises(UsageError, match="must be positive"):
        policy()
