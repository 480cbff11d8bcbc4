"""Lockout after failed sign-ins (issue 19 item 6, issue 15 item 6), with a clock the test
moves: per username and per client, growing, audited, never revealing the password."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from loadwatch.app import accounts
from loadwatch.app.sessions import Policy, SignInLocked, lock_message
from loadwatch.store.athletes import ensure_team
from loadwatch.store.audit import audit_events
from loadwatch.store.db import Store, open_store

PASSWORD = "correct horse battery"
T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store with team 'A' and coach1 (team A)."""
    with open_store(f"sqlite:///{tmp_path / 'auth.db'}") as opened:
        with opened.write() as conn:
            ensure_team(conn, "A")
        accounts.add_user(opened, "coach1", PASSWORD, "coach", ["A"], by="tests")
        yield opened


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _sign_in(store: Store, clock: Clock, password: str, *, username: str = "coach1",
             client: str | None = None, rules: Policy | None = None) -> accounts.User | None:
    return accounts.authenticate(store, username, password, client=client, clock=clock,
                                 rules=rules or Policy())


def test_fifty_wrong_then_the_right_one_is_not_accepted_at_once(store: Store,
                                                                 clock: Clock) -> None:
    refused = 0
    for _ in range(50):
        clock.advance(seconds=0.2)
        try:
            assert _sign_in(store, clock, "wrong password!!") is None
        except SignInLocked:
            refused += 1
    assert refused == 45  # the 5th failure locked the username
    with pytest.raises(SignInLocked) as caught:
        _sign_in(store, clock, PASSWORD)
    assert str(caught.value) == "too many failed sign-ins; try again in 1 minute"
    clock.advance(seconds=60)
    user = _sign_in(store, clock, PASSWORD)
    assert user is not None and user.teams == ("A",)


def test_each_lock_after_the_first_doubles_up_to_fifteen_minutes(store: Store,
                                                                 clock: Clock) -> None:
    for _ in range(5):
        _sign_in(store, clock, "wrong password!!")
    locks = []
    for _ in range(6):
        with pytest.raises(SignInLocked) as caught:
            _sign_in(store, clock, PASSWORD)
        locks.append(str(caught.value).rsplit(" in ", 1)[1])
        clock.advance(minutes=16)  # past any lock, inside the hour that keeps the count
        assert _sign_in(store, clock, "wrong password!!") is None
    assert locks == ["1 minute", "2 minutes", "4 minutes", "8 minutes", "15 minutes",
                     "15 minutes"]


def test_a_success_before_the_fifth_failure_starts_the_count_again(store: Store,
                                                                    clock: Clock) -> None:
    for _ in range(4):
        _sign_in(store, clock, "wrong password!!")
    assert _sign_in(store, clock, PASSWORD) is not None
    for _ in range(4):
        _sign_in(store, clock, "wrong password!!")
    assert _sign_in(store, clock, PASSWORD) is not None


def test_an_unknown_username_locks_the_same_way(store: Store, clock: Clock) -> None:
    for _ in range(5):
        assert _sign_in(store, clock, "whatever it is!", username="nobody") is None
    with pytest.raises(SignInLocked, match="try again in 1 minute"):
        _sign_in(store, clock, "whatever it is!", username="NOBODY ")


def test_one_client_trying_many_usernames_is_locked_too(store: Store, clock: Clock) -> None:
    assert Policy().client_failures == 20
    rules = Policy(client_failures=6)  # 6 argon2 checks instead of 20 keep the test short
    for i in range(6):
        assert _sign_in(store, clock, "wrong password!!", username=f"guess{i}",
                        client="c-1", rules=rules) is None
    with pytest.raises(SignInLocked, match="try again in 1 minute"):
        _sign_in(store, clock, PASSWORD, client="c-1", rules=rules)
    assert _sign_in(store, clock, PASSWORD, client="c-2", rules=rules) is not None


def test_failures_and_locks_are_audited_without_the_password(store: Store,
                                                             clock: Clock) -> None:
    for _ in range(5):
        _sign_in(store, clock, "s3cret-typed-wrong")
    with pytest.raises(SignInLocked):
        _sign_in(store, clock, PASSWORD)
    log = audit_events(store)
    mine = log[log["actor"] == "coach1"]
    assert mine["action"].tolist() == ["sign_in.refused"] + ["sign_in.locked",
                                                             "sign_in.failed"] + \
        ["sign_in.failed"] * 4
    assert mine["detail"].tolist()[:3] == ["locked", "failures=5 locked_minutes=1",
                                           "failures=5"]
    assert not log.astype(str).apply(lambda c: c.str.contains("s3cret|correct horse")).any().any()


def test_lock_message_rounds_up_to_whole_minutes() -> None:
    assert lock_message(dt.timedelta(seconds=61)) == \
        "too many failed sign-ins; try again in 2 minutes"
    assert lock_message(dt.timedelta(seconds=3)) == \
        "too many failed sign-ins; try again in 1 minute"
