"""`loadwatch backup`, `loadwatch restore` and `loadwatch retention` (issue 17).

    loadwatch backup  [--db URL] --out FILE          SQLite online backup, or pg_dump
    loadwatch restore FILE --db URL [--force]        refuses a non-empty target unless --force
    loadwatch retention --team T [--dry-run] [--db URL] [--config FILE.toml]

Retention deletes the clinical rows of the team's athletes gone longer than
``retention.clinical_years_after_leaving`` (the team's saved settings, or --config).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from loadwatch.app.cli.store import db_errors
from loadwatch.config import Config, load_config
from loadwatch.store import settings
from loadwatch.store.athletes import clean_team
from loadwatch.store.backup import backup, restore
from loadwatch.store.db import Store, open_store
from loadwatch.store.erase import apply_retention

Handler = Callable[[argparse.Namespace], None]


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch backup`, `restore` and `retention` to the parser."""
    made = sub.add_parser("backup", help="copy the whole store into one file")
    made.add_argument("--db", metavar="URL")
    made.add_argument("--out", required=True, metavar="FILE", help="a new file")
    back = sub.add_parser("restore", help="restore a backup into an empty database")
    back.add_argument("file", metavar="FILE")
    back.add_argument("--db", required=True, metavar="URL")
    back.add_argument("--force", action="store_true",
                      help="replace what the target database holds")
    keep = sub.add_parser("retention", help="delete clinical data of athletes long gone")
    keep.add_argument("--team", required=True, metavar="NAME")
    keep.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    keep.add_argument("--db", metavar="URL")
    keep.add_argument("--config", metavar="FILE.toml", help="instead of the team's settings")
    return {"backup": db_errors(_backup), "restore": db_errors(_restore),
            "retention": db_errors(_retention)}


def _backup(args: argparse.Namespace) -> None:
    print(backup(args.db, args.out).message)


def _restore(args: argparse.Namespace) -> None:
    result = restore(args.file, args.db, force=args.force)
    print(f"restored {result.path} ({result.kind}): {result.tables} table(s)")


def _team_config(store: Store, team: str, path: str | None) -> Config:
    if path:
        return load_config(path)
    text = settings.team_config(store, team)
    if not text:
        return load_config()
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "team.toml"
        saved.write_text(text)
        return load_config(saved)


def _retention(args: argparse.Namespace) -> None:
    team = clean_team(args.team)
    with open_store(args.db) as store:
        config = _team_config(store, team, args.config)
        counts = apply_retention(store, team, config, dry_run=args.dry_run)
    years = config.get("retention.clinical_years_after_leaving")
    verb = "would delete" if args.dry_run else "deleted"
    rows = {k: v for k, v in counts.items() if k != "athletes" and v}
    listed = ", ".join(f"{v} {k}" for k, v in rows.items()) or "no rows"
    print(f"{counts['athletes']} athlete(s) gone over {years} year(s): {verb} {listed}")
