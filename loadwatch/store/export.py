"""``loadwatch export``: every table to a CSV a person can read (a backup, not a report).

Ids are kept, and next to each ``athlete_id`` / ``team_id`` the export adds the athlete's
code (and their id as written in the coach's files) and the team's name. Text that a
spreadsheet would run as a formula is neutralised (loadwatch.safety). With
``pseudonymise=True`` no file holds athlete names or labels (``athlete_names`` is left out);
with ``clinical=False`` the symptom, plan and note tables (and the injury episodes, treatment
log and return plans, issue 17) are left out. Pseudonymised exports
are meant for sharing, so they also leave out the users' password hashes. A team's risk
model is exported as its card and metrics only (the fitted model is binary: save it again
with ``loadwatch model evaluate --save-model``). The folder is
created readable by its owner only, and so is every file (health data of minors).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from loadwatch.safety import private_csv
from loadwatch.store import audit
from loadwatch.store.db import StoreOrUrl, current_revision, opened
from loadwatch.store.frames import fetch
from loadwatch.store.mappings import coded_mappings
from loadwatch.store.tables import (
    CLINICAL_TABLES,
    EPISODE_TABLES,
    SIGN_IN_TABLES,
    athlete_names,
    athletes,
    metadata,
    saved_mappings,
    teams,
)

MANIFEST = "export_manifest.csv"
#: columns holding the e-mail address of an athlete or guardian: left out when pseudonymised
_ADDRESSES = {"athlete_links": "email", "alerts": "recipient"}


def export_tables(store_or_url: StoreOrUrl, out_dir: str | Path, *,
                  pseudonymise: bool = False, clinical: bool = True,
                  by: str = "cli") -> list[Path]:
    """Write one CSV per table into `out_dir` (created if needed) plus a manifest; returns
    the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    skip = {t.name for t in (*CLINICAL_TABLES, *EPISODE_TABLES)} if not clinical else set()
    skip |= {t.name for t in SIGN_IN_TABLES}  # the installation secret, sessions (issue 15)
    if pseudonymise:
        skip.add(athlete_names.name)
    paths, manifest = [], []
    with opened(store_or_url) as store:
        with store.read() as conn:
            revision = current_revision(conn)
            codes = fetch(conn, sa.select(athletes.c.id, athletes.c.code)) \
                .set_index("id")["code"]
            labels = fetch(conn, sa.select(athlete_names.c.athlete_id, athlete_names.c.label)) \
                .set_index("athlete_id")["label"]
            team_names = fetch(conn, sa.select(teams.c.id, teams.c.name)).set_index("id")["name"]
            for table in metadata.sorted_tables:
                if table.name in skip:
                    continue
                frame = fetch(conn, sa.select(table).order_by(*table.primary_key.columns))
                frame = _readable(table.name, frame, codes, labels, team_names, pseudonymise)
                if pseudonymise and table.name == "users":  # no hash, no staff address
                    frame = frame.drop(columns=["password_hash", "email"])
                if pseudonymise and table.name in _ADDRESSES:  # athletes', guardians' (issue 16)
                    frame = frame.drop(columns=[_ADDRESSES[table.name]])
                if pseudonymise and table.name == saved_mappings.name:  # --athlete labels
                    frame = coded_mappings(frame, _label_codes(conn, labels))
                if table.name == "team_models":  # binary; its card and metrics are kept
                    frame = frame.drop(columns=["model"])
                path = out / f"{table.name}.csv"
                _write(frame, path)
                paths.append(path)
                manifest.append({"table": table.name, "rows": len(frame)})
        info = pd.DataFrame(manifest).assign(schema_revision=revision,
                                             pseudonymised=pseudonymise, clinical=clinical)
        _write(info, out / MANIFEST)
        paths.append(out / MANIFEST)
        with store.write() as conn:
            audit.record(conn, by, "export", "store", None,
                         f"tables={len(manifest)} pseudonymised={pseudonymise} "
                         f"clinical={clinical}")
    return paths


def _label_codes(conn: sa.Connection, labels: pd.Series) -> dict[tuple[int, str], str]:
    """{(team id, athlete label): athlete code}, for the labels a saved mapping may hold."""
    rows = fetch(conn, sa.select(athletes.c.id, athletes.c.code, athletes.c.team_id))
    rows["label"] = rows["id"].map(labels)
    rows = rows[rows["label"].notna()]
    return {(int(t), str(lab)): str(c) for t, lab, c in
            zip(rows["team_id"], rows["label"], rows["code"], strict=True)}


def _write(frame: pd.DataFrame, path: Path) -> None:
    private_csv(frame, path)  # a backup of children's data: owner only (0600)


def _readable(name: str, frame: pd.DataFrame, codes: pd.Series, labels: pd.Series,
              team_names: pd.Series, pseudonymise: bool) -> pd.DataFrame:
    frame = frame.copy()
    if name == "athletes":
        if not pseudonymise:
            frame.insert(2, "athlete", frame["id"].map(labels))
        frame.insert(frame.columns.get_loc("team_id") + 1, "team",
                     frame["team_id"].map(team_names))
        return frame
    if "athlete_id" in frame.columns:
        at = frame.columns.get_loc("athlete_id") + 1
        if not pseudonymise and name != "athlete_names":
            frame.insert(at, "athlete", frame["athlete_id"].map(labels))
        frame.insert(at, "athlete_code", frame["athlete_id"].map(codes))
    if "team_id" in frame.columns:
        frame.insert(frame.columns.get_loc("team_id") + 1, "team",
                     frame["team_id"].map(team_names))
    return frame
