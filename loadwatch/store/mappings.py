"""Saved column mappings (issue 13): a mapping confirmed with a store import is kept per team
and export profile and applied to next week's file of the same export (said, and changeable).

Saving is audited (who, when, which profile — not the headers).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.errors import LogError
from loadwatch.ingest.mapping import ReadOptions
from loadwatch.store import audit
from loadwatch.store.athletes import ensure_team, find_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import saved_mappings

UNKNOWN_LAYOUT = "unknown layout"  # the profile key of a file no export profile matches
_KEYS = ("athlete", "duration_unit", "timezone", "merge_names", "planned")
LEFT_OUT = "(left out)"  # a pseudonymised export's athlete label not matching a stored athlete


def to_json(options: ReadOptions) -> str:
    """The options as the stored JSON text (columns, wide columns and the decisions a file
    needs)."""
    data: dict[str, object] = {"columns": dict(options.columns)}
    if options.wide:
        data["wide"] = {k: list(v) for k, v in options.wide.items()}
    data.update({k: getattr(options, k) for k in _KEYS if getattr(options, k) is not None})
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> ReadOptions:
    """ReadOptions from stored JSON text."""
    data = json.loads(text)
    return ReadOptions(columns=dict(data.get("columns", {})),
                       wide={k: list(v) for k, v in data.get("wide", {}).items()},
                       **{k: data[k] for k in _KEYS if k in data})


def _same_label(a: object, b: object) -> bool:
    """Labels equal up to case and spaces (how a coach retypes a name)."""
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def coded_mappings(frame: pd.DataFrame, codes: Mapping[tuple[int, str], str]) -> pd.DataFrame:
    """saved_mappings rows for a pseudonymised export: an ``--athlete`` label becomes the
    athlete's code ({(team id, label): code}), or LEFT_OUT when no stored athlete has it."""
    def coded(team_id: int, text: str) -> str:
        data = json.loads(text)
        if data.get("athlete") is None:
            return text
        label = data["athlete"]
        data["athlete"] = next((c for (t, lab), c in codes.items()
                                if t == team_id and _same_label(lab, label)), LEFT_OUT)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    out = frame.copy()
    out["mapping"] = [coded(t, m) for t, m in zip(out["team_id"], out["mapping"], strict=True)]
    return out  # a few rows: one per team and export


def delete_naming(conn: Connection, team_id: int, label: str) -> int:
    """Delete the team's saved mappings whose ``--athlete`` label is `label` (an erase);
    returns how many."""
    rows = conn.execute(sa.select(saved_mappings.c.id, saved_mappings.c.mapping).where(
        saved_mappings.c.team_id == team_id)).all()
    ids = [r.id for r in rows if _same_label(json.loads(r.mapping).get("athlete"), label)
           and json.loads(r.mapping).get("athlete") is not None]
    if not ids:
        return 0
    return int(conn.execute(sa.delete(saved_mappings).where(
        saved_mappings.c.id.in_(ids))).rowcount)


def saved_mapping(store_or_url: StoreOrUrl, team: str, profile: str) -> ReadOptions | None:
    """The team's saved mapping for an export profile, or None when there is none."""
    with opened(store_or_url) as store, store.read() as conn:
        team_id = find_team(conn, team)
        if team_id is None:
            return None
        text = conn.execute(sa.select(saved_mappings.c.mapping).where(
            (saved_mappings.c.team_id == team_id) & (saved_mappings.c.profile == profile))
        ).scalar_one_or_none()
    return None if text is None else from_json(text)


def save_mapping(store_or_url: StoreOrUrl, team: str, profile: str, options: ReadOptions,
                 *, by: str = "cli") -> None:
    """Save (replace) the team's mapping for an export profile; audited."""
    if not profile.strip():
        raise LogError("a saved mapping needs its export profile")
    with opened(store_or_url) as store, store.write() as conn:
        team_id = ensure_team(conn, team)
        conn.execute(sa.delete(saved_mappings).where(
            (saved_mappings.c.team_id == team_id) & (saved_mappings.c.profile == profile)))
        conn.execute(sa.insert(saved_mappings).values(
            team_id=team_id, profile=profile, mapping=to_json(options), saved_by=by,
            saved_at=now()))
        audit.record(conn, by, "mapping.save", "team", team_id, f"profile={profile}")


def forget_mapping(store_or_url: StoreOrUrl, team: str, profile: str, *, by: str = "cli"
                   ) -> bool:
    """Delete the team's saved mapping for a profile; True when there was one; audited."""
    with opened(store_or_url) as store, store.write() as conn:
        team_id = find_team(conn, team)
        if team_id is None:
            return False
        gone = conn.execute(sa.delete(saved_mappings).where(
            (saved_mappings.c.team_id == team_id) & (saved_mappings.c.profile == profile)
        )).rowcount
        if gone:
            audit.record(conn, by, "mapping.forget", "team", team_id, f"profile={profile}")
        return bool(gone)
