"""Fixtures of the store tests: every test runs on SQLite (a file in tmp_path) and, when
LOADWATCH_TEST_PG is set, on PostgreSQL in a schema of its own that is dropped afterwards.
In CI (CI=true) a missing LOADWATCH_TEST_PG fails the PostgreSQL cases instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from loadwatch.store import Store, open_store
from loadwatch.store.tables import metadata
from loadwatch.synthetic.club import SESSIONS_FILE, sample_frames

PG_ENV = "LOADWATCH_TEST_PG"
BACKENDS = ("sqlite", "postgresql")


def _pg_base() -> str:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{PG_ENV} is not set: CI must run the store tests against PostgreSQL "
                    "(.ci/start-postgres prints the URL)")
    pytest.skip(f"{PG_ENV} is not set (PostgreSQL cases need a server)")


@pytest.fixture(params=BACKENDS)
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of URLs of fresh, empty databases on the test's backend."""
    backend = request.param
    schemas: list[str] = []
    admin: sa.Engine | None = None
    if backend == "postgresql":
        base = _pg_base()
        admin = sa.create_engine(base)

    def make() -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'store{len(schemas)}-{uuid.uuid4().hex[:6]}.db'}"
        assert admin is not None
        schema = f"lw_test_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_url(new_url: Callable[[], str]) -> str:
    """The URL of one fresh database."""
    return new_url()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on a fresh database (schema created on opening)."""
    opened = open_store(db_url)
    yield opened
    opened.close()


def count(store: Store, table: str) -> int:
    """Rows in a table."""
    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(
            metadata.tables[table])).scalar_one())


def write_csv(path: Path, lines: list[str]) -> Path:
    """A small log, one line per row."""
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


# --- the sample club, cut into overlapping weekly exports ---------------------------------

#: (first Monday, last Sunday) of the three exports: weeks 1-10, 8-18, 16-26 of the club's
#: 26 weeks, so consecutive exports share three weeks
EXPORT_WEEKS = ((1, 10), (8, 18), (16, 26))
CLUB_START = pd.Timestamp("2026-05-25")


@dataclass(frozen=True)
class Club:
    """The sample club's session log as one union file and three overlapping exports."""

    frame: pd.DataFrame
    union: Path
    exports: tuple[Path, Path, Path]
    reexport: Path  # export 2 again, rows shuffled, columns reordered and renamed
    sizes: tuple[int, int, int]
    per_week: dict[int, int]  # rows per club week (1-26), counted from the frame

    def rows_between(self, first_week: int, last_week: int) -> int:
        """Rows of the club dated in weeks first_week..last_week (1-based)."""
        return sum(self.per_week.get(w, 0) for w in range(first_week, last_week + 1))


def _csv(frame: pd.DataFrame, path: Path) -> Path:
    path.write_bytes(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return path


@pytest.fixture(scope="session")
def club(tmp_path_factory: pytest.TempPathFactory) -> Club:
    folder = tmp_path_factory.mktemp("club")
    frame = sample_frames()[SESSIONS_FILE]
    dates = pd.to_datetime(frame["date"])
    paths = []
    for i, (first, last) in enumerate(EXPORT_WEEKS, start=1):
        start = CLUB_START + pd.Timedelta(weeks=first - 1)
        end = CLUB_START + pd.Timedelta(weeks=last, days=-1)
        part = frame[(dates >= start) & (dates <= end)]
        paths.append(_csv(part, folder / f"club_export_{i}.csv"))
    second = pd.read_csv(paths[1], dtype=str, keep_default_na=False)
    shuffled = second.sample(frac=1.0, random_state=7)[list(reversed(second.columns))]
    shuffled = shuffled.rename(columns={"duration_min": "Duration (min)", "rpe": "RPE",
                                        "athlete": "Athlete"})
    reexport = _csv(shuffled, folder / "club_export_2_reexported.csv")
    sizes = tuple(len(pd.read_csv(p)) for p in paths)
    weeks = ((dates - CLUB_START).dt.days // 7 + 1).value_counts()
    return Club(frame, _csv(frame, folder / "club_union.csv"),
                (paths[0], paths[1], paths[2]), reexport, (sizes[0], sizes[1], sizes[2]),
                {int(w): int(n) for w, n in weeks.items()})
