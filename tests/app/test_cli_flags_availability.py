"""`loadwatch flags --out` CSV and JSON carry an `availability` column (issue 17): from the
store's running return stage with --db --team, from a --plans file otherwise; the sentence
has caps and review date and never a diagnosis."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from loadwatch.app.cli.main import main
from loadwatch.risk.return_plan import propose_stages, typical_week
from loadwatch.store import episodes as ep
from loadwatch.store import ingest_file, load_log, open_store

TEAM, GYMNAST = "Gym", "Gina Example"
DIAGNOSIS = "left L5 pars stress reaction"


def _log(path: Path) -> Path:
    lines = ["athlete,date,sport,duration_min,rpe,extension_reps"]
    for week in range(7):  # Mondays 2026-10-05 … 2026-11-16
        monday = dt.date(2026, 10, 5) + dt.timedelta(weeks=week)
        lines += [f"{GYMNAST},{monday + dt.timedelta(days=d)},gymnastics,90,5,40"
                  for d in (0, 1, 3, 4)]
    lines.append("B2,2026-11-16,gymnastics,60,5,10")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_flags_with_the_store_say_the_running_stage(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'flags.db'}"
    with open_store(url) as store:
        ingest_file(store, _log(tmp_path / "log.csv"), TEAM)
        episode = ep.add_episode(store, TEAM, GYMNAST, dt.date(2026, 11, 4),
                                 mechanism="overuse", diagnosis=DIAGNOSIS)
        base = typical_week(load_log(store, TEAM), pd.DataFrame(
            {"athlete": [GYMNAST], "onset_date": [pd.Timestamp("2026-11-04")]})).iloc[0]
        plan = ep.save_plan(store, TEAM, episode, base.to_dict(),
                            propose_stages(base, dt.date(2026, 11, 16)))
        ep.approve_plan(store, TEAM, plan)
    out = tmp_path / "flags.csv"
    assert main(["flags", "--db", url, "--team", TEAM, "--week", "2026-W47",
                 "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index("athlete")
    # she kept 4 × 90 min in the stage's first week: 360 min in the 7 days to each of
    # 16–20 Nov (the log's last day), over the 180-min cap
    sentence = ("modified — no back-arching skills, ≤ 3 h/week until 13 Dec; over the "
                "return-plan cap on 5 days this week: 360 min vs ≤ 180")
    assert table.loc[GYMNAST, "availability"] == sentence
    assert table.loc["B2", "availability"] == "full"
    assert DIAGNOSIS not in out.read_text()
    out_json = tmp_path / "flags.json"
    assert main(["flags", "--db", url, "--team", TEAM, "--week", "2026-W47",
                 "--out", str(out_json)]) == 0
    shown = {a["athlete"]: a["availability"]
             for a in json.loads(out_json.read_text())["athletes"]}
    assert shown == {GYMNAST: sentence, "B2": "full"}


def test_flags_from_files_read_the_plans_file(tmp_path: Path) -> None:
    plans = tmp_path / "plans.csv"
    plans.write_text("athlete,start_date,review_date,restriction,cap\n"
                     f"{GYMNAST},2026-11-16,2026-12-06,cap_extension_reps_per_week,60\n")
    out = tmp_path / "flags.csv"
    assert main(["flags", str(_log(tmp_path / "log.csv")), "--plans", str(plans),
                 "--week", "2026-W47", "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index("athlete")
    assert table.loc[GYMNAST, "availability"] == \
        "modified — ≤ 60 back-arching reps/week until 6 Dec"
