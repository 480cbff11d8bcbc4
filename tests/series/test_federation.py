"""The Dask federation gives, row for row, what the single-node engine gives for each team's
file: daily and weekly metrics and the weekly flags, on a 2-worker LocalCluster (issue 18)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import loadwatch as lw
from loadwatch.app.cli.main import main
from loadwatch.errors import UsageError
from loadwatch.risk.federation import federated_flags
from loadwatch.schema import Col
from loadwatch.series import federation
from loadwatch.series.federation import SEP, federated_metrics, scan

distributed = pytest.importorskip("distributed")  # in the dev extra: runs in CI

#: team → (athlete ids, first day, days); teams A and B share ids A1…A4 (ids are per team)
TEAMS = {"A": (["A1", "A2", "A3", "A4", "A5"], "2024-01-01", 200),
         "B": (["A1", "A2", "A3", "A4"], "2024-02-01", 170),
         "C": (["C9", "C10"], "2024-03-04", 120)}


def _sessions(ids: list[str], first: str, days: int, seed: int) -> pd.DataFrame:
    """About 5 sessions a week per athlete, a load spike in week 20 and a 12-day break."""
    rng = np.random.default_rng(seed)
    athlete = np.repeat(ids, days)
    day = np.tile(np.arange(days), len(ids))
    keep = (rng.random(len(day)) < 5 / 7) & ~((athlete == ids[0]) & (day >= 60) & (day < 72))
    minutes = rng.integers(30, 120, len(day)).astype(float)
    minutes[(day >= 140) & (day < 147)] *= 2.5
    return pd.DataFrame({
        Col.ATHLETE: athlete, Col.DATE: pd.Timestamp(first) + pd.to_timedelta(day, unit="D"),
        Col.DURATION: minutes, Col.RPE: rng.integers(2, 9, len(day)),
    })[keep].reset_index(drop=True)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three team folders; team A's rows are split over two files (athletes never straddle)."""
    root = tmp_path_factory.mktemp("federation")
    for seed, (team, spec) in enumerate(TEAMS.items()):
        rows = _sessions(*spec, seed=seed)
        folder = root / f"team={team}"
        folder.mkdir()
        half = rows[Col.ATHLETE].isin(spec[0][:2])
        parts = [rows[half], rows[~half]] if team == "A" else [rows]
        for i, part in enumerate(parts):
            part.to_parquet(folder / f"part-{i}.parquet", index=False)
    return root


@pytest.fixture(scope="module")
def client() -> object:
    """A 2-worker LocalCluster (threads: starts in a second, same code path as processes)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def _single_node(root: Path, compute: object) -> pd.DataFrame:
    """The single-node engine on each team's rows given to read_log as one Parquet file."""
    tables = []
    for team in TEAMS:  # three teams
        rows = pd.read_parquet(sorted((root / f"team={team}").glob("*.parquet")))
        buffer = io.BytesIO()
        rows.to_parquet(buffer, index=False)
        table = compute(lw.read_log(buffer.getvalue()))
        table.insert(0, Col.TEAM, team)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def _sorted(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows in key order, category columns as their values (Parquet stores plain strings)."""
    table = table.copy()
    for name in table.columns[table.dtypes == "category"]:
        table[name] = table[name].astype(object).where(table[name].notna(), None)
    table[Col.ATHLETE] = table[Col.ATHLETE].astype(str)
    table[Col.TEAM] = table[Col.TEAM].astype(str)
    return table.sort_values(by, kind="stable").reset_index(drop=True)


def _assert_same(federated: pd.DataFrame, single: pd.DataFrame, by: list[str]) -> None:
    assert list(federated.columns) == list(single.columns)
    pd.testing.assert_frame_equal(_sorted(federated, by), _sorted(single, by),
                                  check_dtype=False, check_exact=True)


@pytest.mark.parametrize("level", ["daily", "weekly"])
def test_metrics_equal_single_node_row_for_row(dataset: Path, client: object, tmp_path: Path,
                                               level: str) -> None:
    out = tmp_path / "out"
    plan = federated_metrics(dataset, out, level=level, rows_per_partition=600)
    # 685, 476 and 166 session rows: A is too big to share, B + C = 642 > 600
    assert [[t.path for t in p] for p in plan.partitions] == [["team=A"], ["team=B"], ["team=C"]]
    assert [t.rows for p in plan.partitions for t in p] == [685, 476, 166]
    compute = lw.daily_metrics if level == "daily" else lw.weekly_metrics
    single = _single_node(dataset, compute)
    got = pd.read_parquet(out)[list(single.columns)]
    assert sorted(p.name for p in out.iterdir()) == ["team=A", "team=B", "team=C"]
    day = Col.DATE if level == "daily" else Col.WEEK
    _assert_same(got, single, [Col.TEAM, Col.ATHLETE, day])
    # same ids in two teams stay two athletes; 200 + 170 + 120 days from first to last date
    if level == "daily":
        assert len(got) == 5 * 200 + 4 * 170 + 2 * 120 - _late_starts(dataset)
        assert got.groupby(Col.TEAM, observed=True)[Col.ATHLETE].nunique().to_dict() == {
            "A": 5, "B": 4, "C": 2}


def _late_starts(root: Path) -> int:
    """Days before each athlete's first session (the grid starts there, spec §3.2)."""
    rows = pd.read_parquet(root)
    rows[Col.TEAM] = rows[Col.TEAM].astype(str)
    first = rows.groupby([Col.TEAM, Col.ATHLETE])[Col.DATE].min().reset_index()
    starts = first[Col.TEAM].map({t: pd.Timestamp(s[1]) for t, s in TEAMS.items()})
    return int((first[Col.DATE] - starts).dt.days.sum())


def test_flags_equal_single_node_for_each_teams_latest_week(dataset: Path, client: object,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "flags"
    federated_flags(dataset, out, rows_per_partition=10_000)       # all three teams together
    single = _single_node(dataset, lambda log: lw.assess(log))
    got = pd.read_parquet(out)[list(single.columns)]
    _assert_same(got, single, [Col.TEAM, Col.ATHLETE])
    assert len(got) == 11
    weeks = got.groupby(Col.TEAM, observed=True)[Col.WEEK].first().dt.strftime("%Y-%m-%d")
    # last dates: A and B 2024-07-18 (a Thursday), C 2024-07-01 (a Monday)
    assert weeks.to_dict() == {"A": "2024-07-15", "B": "2024-07-15", "C": "2024-07-01"}


def test_flags_of_a_named_week_equal_single_node(dataset: Path, client: object,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "flags"
    week = pd.Timestamp("2024-05-20")                               # the spike week of A and B
    federated_flags(dataset, out, week=week, rows_per_partition=1_200)   # A | B + C
    single = _single_node(dataset, lambda log: lw.assess(log, week=week))
    got = pd.read_parquet(out)[list(single.columns)]
    _assert_same(got, single, [Col.TEAM, Col.ATHLETE])
    assert (got[Col.WEEK] == week).all() and len(got) == 11
    # not a trivial week: the spike gives more than one level (which ones is the engine's test)
    assert got["level"].nunique() >= 2


def test_cli_metrics_and_flags_on_a_running_scheduler(dataset: Path, client: object,
                                                      tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    address = client.scheduler.address
    out = tmp_path / "weekly"
    assert main(["metrics", str(dataset), "--engine", "dask", "--scheduler", address,
                 "--level", "weekly", "--out", str(out)]) == 0
    single = _single_node(dataset, lw.weekly_metrics)
    _assert_same(pd.read_parquet(out)[list(single.columns)], single,
                 [Col.TEAM, Col.ATHLETE, Col.WEEK])
    assert "wrote 3 teams in 1 partition(s)" in capsys.readouterr().err
    flags = tmp_path / "flags"
    assert main(["flags", str(dataset), "--engine", "dask", "--scheduler", address,
                 "--date", "2024-05-22", "--out", str(flags)]) == 0
    assert pd.read_parquet(flags)[Col.WEEK].unique().tolist() == [pd.Timestamp("2024-05-20")]


def test_cli_refuses_what_the_dask_engine_cannot_do(dataset: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(dataset), "--engine", "dask", "--workers", "2"]) == 2
    assert "--engine dask needs --out DIR" in capsys.readouterr().err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    assert main(["metrics", str(dataset), "--engine", "dask", "--workers", "1",
                 "--out", str(tmp_path / "full")]) == 2
    assert "give a new or empty folder" in capsys.readouterr().err
    assert main(["flags", str(dataset), "--engine", "dask", "--roster", "r.csv",
                 "--out", str(tmp_path / "o")]) == 2
    assert "--roster, --growth, --symptoms and --plans are not read" in capsys.readouterr().err
    assert main(["metrics", "a.csv", "--scheduler", "tcp://x:1"]) == 2
    assert "--scheduler and --workers need --engine dask" in capsys.readouterr().err


def test_a_dataset_must_be_partitioned_by_team(tmp_path: Path) -> None:
    _sessions(["A1"], "2024-01-01", 10, seed=1).to_parquet(tmp_path / "all.parquet")
    with pytest.raises(UsageError, match="not under a team=NAME folder"):
        scan(tmp_path)


def test_an_invalid_row_refuses_the_run_naming_its_team(tmp_path: Path, client: object
                                                        ) -> None:
    rows = _sessions(["A1"], "2024-01-01", 30, seed=1)
    rows.loc[3, Col.RPE] = 14                                       # Borg scale, not CR-10
    (tmp_path / "team=Z").mkdir()
    rows.to_parquet(tmp_path / "team=Z" / "p.parquet", index=False)
    with pytest.raises(lw.LogError, match=r"team=Z: 1 problem\(s\)") as caught:
        federated_metrics(tmp_path, tmp_path / "out")
    assert [(p.row, p.column) for p in caught.value.problems] == [(5, Col.RPE)]


def test_missing_dask_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch, dataset: Path,
                                             tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    import builtins

    real = builtins.__import__

    def no_dask(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    assert main(["metrics", str(dataset), "--engine", "dask", "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.strip() == f"error: {federation.INSTALL_HINT}"


def test_keys_split_back_into_team_and_athlete() -> None:
    table = pd.DataFrame({Col.ATHLETE: pd.Categorical([f"team=B{SEP}A1", f"team=A{SEP}A1"]),
                          "x": [1, 2]})
    out = federation.split_keys(table, [Col.TEAM])
    assert out.to_dict("list") == {Col.TEAM: ["B", "A"], Col.ATHLETE: ["A1", "A1"], "x": [1, 2]}


def test_team_keys_strip_ids_and_keep_blank_ids_blank() -> None:
    teams = [federation.Team("team=A", {Col.TEAM: "A"}, (), 0),
             federation.Team("team=B", {Col.TEAM: "B"}, (), 0)]
    athlete = pd.Series([" A1", "A1", None, "", "A1"], dtype=object)
    keys = federation.team_keys(athlete, np.array([0, 0, 0, 1, 1]), teams)
    assert keys.tolist() == [f"team=A{SEP}A1", f"team=A{SEP}A1", None, None, f"team=B{SEP}A1"]
