"""Issue #4, done when: three weekly exports of the sample club with overlapping weeks,
ingested in any order and any number of times, give exactly the sessions of the union, and
the metrics from the store equal the metrics of the union file."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import loadwatch as lw
from loadwatch.schema import SESSION_COLUMNS, Channel, Col
from loadwatch.store import Store, ingest_file, list_uploads, load_log, load_sessions
from tests.store.support import Club, count

TEAM = "Gymnastics club"
#: weeks of the club each export holds (exports 1-3 = indexes 0-2)
WEEKS = (set(range(1, 11)), set(range(8, 19)), set(range(16, 27)))


def expected_union(club: Club, done: set[int]) -> int:
    """Sessions in the union of the exports `done`, counted from the club's frame by week
    (independently of the store; the sample club's size is not fixed, other issues edit it)."""
    weeks = set().union(*(WEEKS[i] for i in done)) if done else set()
    return sum(club.rows_between(w, w) for w in weeks)


def test_the_exports_overlap_by_three_weeks(club: Club) -> None:
    assert club.sizes == tuple(club.rows_between(min(w), max(w)) for w in WEEKS)
    shared = club.rows_between(8, 10) + club.rows_between(16, 18)
    assert min(club.rows_between(8, 10), club.rows_between(16, 18)) > 0
    assert sum(club.sizes) - shared == len(club.frame) == expected_union(club, {0, 1, 2})


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))),
                         ids=lambda o: "-".join(str(i + 1) for i in o))
def test_any_order_any_number_of_times_gives_the_union(store: Store, club: Club,
                                                       order: tuple[int, int, int]) -> None:
    done: set[int] = set()
    for i in order:
        before = expected_union(club, done)
        done.add(i)
        result = ingest_file(store, club.exports[i], TEAM)
        assert result.added == expected_union(club, done) - before
        assert result.duplicates == club.sizes[i] - result.added
        assert result.rejected == 0 and not result.repeated
        assert count(store, "sessions") == expected_union(club, done)
    for i in order:  # the same files again: nothing changes
        again = ingest_file(store, club.exports[i], TEAM)
        assert again.repeated and (again.added, again.duplicates) == (0, 0)
        assert "already uploaded" in again.message
    # the second export re-exported (other row and column order, other headers): all known
    reexport = ingest_file(store, club.reexport, TEAM)
    assert (reexport.added, reexport.duplicates, reexport.repeated) == (0, club.sizes[1], False)
    total = len(club.frame)
    assert count(store, "sessions") == total
    assert count(store, "uploads") == 4
    assert count(store, "session_sources") == sum(club.sizes) + club.sizes[1]
    assert list_uploads(store)["held"].tolist() == [club.sizes[i] for i in order] + \
        [club.sizes[1]]

    union = lw.read_log(club.union)
    stored = load_sessions(store)
    assert len(stored) == total
    assert_same_sessions(stored, union)
    assert_frame_equal(lw.daily_metrics(stored), lw.daily_metrics(union))


def assert_same_sessions(stored: pd.DataFrame, union: pd.DataFrame) -> None:
    """Same columns, dtypes and values, coverage included (team and source row differ: the
    store fills in the upload's team, and the rows come from several files)."""
    same = [c for c in SESSION_COLUMNS if c not in (Col.TEAM, Col.SOURCE_ROW)]
    expected = union.sort_values([Col.ATHLETE, Col.DATE, Col.START_TIME], kind="stable",
                                 na_position="first").reset_index(drop=True)
    assert_frame_equal(stored[same], expected[same])
    assert stored[Col.TEAM].eq(TEAM).all()


def test_every_metric_from_the_store_equals_the_union_file(store: Store, club: Club) -> None:
    for path in (club.exports[2], club.exports[0], club.exports[1]):
        ingest_file(store, path, TEAM)
    union = lw.read_log(club.union)
    stored = load_log(store, TEAM)  # what `loadwatch metrics --db … --team …` reads
    assert_same_sessions(stored, union)
    for channel in (Channel.SRPE, Channel.MINUTES, Channel.EXTENSION):
        assert_frame_equal(lw.daily_metrics(stored, channel), lw.daily_metrics(union, channel))
        assert_frame_equal(lw.weekly_metrics(stored, channel),
                           lw.weekly_metrics(union, channel))
