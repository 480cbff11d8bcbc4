"""Per-team configuration overrides (spec §10.3: every threshold is editable per team).

The store keeps the TOML text the admin saved; validating it is the caller's job
(:func:`loadwatch.config.load_config`). Saving is audited (who, when — not the content).
"""

from __future__ import annotations

import sqlalchemy as sa

from loadwatch.store import audit
from loadwatch.store.athletes import ensure_team, find_team
from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import team_settings


def team_config(store_or_url: StoreOrUrl, team: str) -> str | None:
    """The team's saved override TOML, or None when it uses the defaults."""
    with opened(store_or_url) as store, store.read() as conn:
        team_id = find_team(conn, team)
        if team_id is None:
            return None
        return conn.execute(sa.select(team_settings.c.config_toml)
                            .where(team_settings.c.team_id == team_id)).scalar_one_or_none()


def save_team_config(store_or_url: StoreOrUrl, team: str, text: str, *, by: str = "cli"
                     ) -> None:
    """Save (replace) the team's override TOML; an empty text returns it to the defaults."""
    with opened(store_or_url) as store, store.write() as conn:
        team_id = ensure_team(conn, team)
        conn.execute(sa.delete(team_settings).where(team_settings.c.team_id == team_id))
        if text.strip():
            conn.execute(sa.insert(team_settings).values(
                team_id=team_id, config_toml=text, updated_by=by, updated_at=now()))
        audit.record(conn, by, "team_config.save", "team", team_id,
                     "reset to defaults" if not text.strip() else f"chars={len(text)}")
