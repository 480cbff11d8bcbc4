"""`seed_demo`: the sample club in one transaction, into an empty database only, and the
store then gives the engine exactly what the sample files give it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

import loadwatch as lw
from loadwatch.app.seed import FOOTBALL_TEAM, GYM_TEAM, seed_demo
from loadwatch.errors import UsageError
from loadwatch.ingest.side_tables import read_growth, read_roster
from loadwatch.store import (
    Store,
    list_teams,
    list_uploads,
    load_growth,
    load_log,
    load_roster,
    load_weekly,
    save_team_config,
    team_config,
)
from loadwatch.synthetic import club as samples
from tests.store.support import count


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    samples.write_samples(folder)
    return folder


def test_the_demo_is_the_sample_club(store: Store, sample_dir: Path) -> None:
    frames = samples.sample_frames()
    result = seed_demo(store)
    assert result.message.splitlines()[0].startswith(
        f"{samples.SESSIONS_FILE}: {len(frames[samples.SESSIONS_FILE])} sessions added, "
        "0 skipped as duplicate, 0 rejected — upload 1, team 'Gymnastics club'")
    assert [count(store, t) for t in ("uploads", "sessions", "weekly_totals", "growth")] == [
        2, len(frames[samples.SESSIONS_FILE]), len(frames[samples.FOOTBALL_FILE]),
        len(frames[samples.GROWTH_FILE])]
    assert list_uploads(store)["uploaded_by"].tolist() == ["demo", "demo"]
    assert list_teams(store)[["name", "athletes", "uploads"]].values.tolist() == [
        [GYM_TEAM, frames[samples.SESSIONS_FILE]["athlete"].nunique(), 1],
        [FOOTBALL_TEAM, frames[samples.FOOTBALL_FILE]["athlete"].nunique(), 1]]
    sessions = lw.read_log(sample_dir / samples.SESSIONS_FILE)
    assert_frame_equal(lw.daily_metrics(load_log(store, GYM_TEAM)), lw.daily_metrics(sessions))
    weekly = lw.read_log(sample_dir / samples.FOOTBALL_FILE)
    assert_frame_equal(lw.weekly_metrics(load_weekly(store, FOOTBALL_TEAM)),
                       lw.weekly_metrics(weekly))
    assert_frame_equal(load_roster(store, GYM_TEAM),
                       read_roster(sample_dir / samples.ROSTER_FILE))
    assert_frame_equal(load_growth(store), read_growth(sample_dir / samples.GROWTH_FILE))


def test_the_demo_refuses_a_database_that_holds_data(store: Store) -> None:
    save_team_config(store, "Somebody's team", "[load]\n", by="admin")
    with pytest.raises(UsageError, match="already holds data \\(teams\\)"):
        seed_demo(store)
    assert [count(store, t) for t in ("uploads", "sessions", "athletes")] == [0, 0, 0]


def test_team_settings_are_saved_replaced_and_reset(store: Store) -> None:
    assert team_config(store, "Club") is None
    save_team_config(store, "Club", "[acwr]\namber = 1.4\n", by="admin")
    save_team_config(store, "Club", "[acwr]\namber = 1.35\n", by="admin")
    assert team_config(store, "Club") == "[acwr]\namber = 1.35\n"
    save_team_config(store, "Club", "  ", by="admin")
    assert team_config(store, "Club") is None
    assert count(store, "team_settings") == 0
