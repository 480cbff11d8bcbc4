"""`loadwatch gaps`: list a team's possible logging gaps and resolve them (spec §3.2).

    loadwatch gaps --db URL --team NAME                      open and resolved gaps
    loadwatch gaps confirm ATHLETE FROM TO --db … --team …   it was rest
    loadwatch gaps not-recorded ATHLETE FROM TO --db … --team …   the days are missing

A gap stays *unconfirmed* rest until resolved: flags built on it are at most amber. Confirmed
rest gives the rules their own level back; not recorded makes the days missing (the
missing-data rules then say where the windows need them). Every resolution is audited.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import pandas as pd

from loadwatch.app.cli.store import db_errors
from loadwatch.app.service import resolve_team_gap, team_gaps
from loadwatch.config import Config, load_config
from loadwatch.errors import UsageError
from loadwatch.store.db import open_store

Handler = Callable[[argparse.Namespace], None]
#: command word → stored resolution
ACTIONS = {"confirm": "rest", "not-recorded": "not_recorded"}
_SAID = {"rest": "confirmed as rest", "not_recorded": "marked not recorded"}


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch gaps [confirm|not-recorded]` to the parser."""
    gaps = sub.add_parser("gaps", help="possible logging gaps: list, confirm rest, or mark "
                                       "not recorded")
    _options(gaps, nested=False)
    actions = gaps.add_subparsers(dest="gaps_action")
    for word, meaning in (("confirm", "the days were rest"),
                          ("not-recorded", "the days were not recorded (missing)")):
        action = actions.add_parser(word, help=meaning)
        action.add_argument("athlete", metavar="ATHLETE", help="athlete id as in the log")
        action.add_argument("first", metavar="FROM", help="first day (YYYY-MM-DD)")
        action.add_argument("last", metavar="TO", help="last day (YYYY-MM-DD)")
        _options(action, nested=True)
    return {"gaps": db_errors(_cmd_gaps)}


def _options(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    """--db, --by, --team, --config: before or after the action word (an action's own
    options only override what was given before it)."""
    default = argparse.SUPPRESS if nested else None
    parser.add_argument("--db", metavar="URL", default=default,
                        help="database URL or SQLite file (default: $LOADWATCH_DB, else "
                             "~/.local/share/loadwatch/loadwatch.db)")
    parser.add_argument("--by", metavar="NAME", default=argparse.SUPPRESS if nested else "cli",
                        help="who resolves the gap (for the audit log)")
    parser.add_argument("--team", metavar="NAME", default=default,
                        help="the team (athlete ids are unique per team)")
    parser.add_argument("--config", metavar="FILE.toml", default=default,
                        help="team configuration (calendar.gap_warning_days)")


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config) if args.config else load_config()


def _cmd_gaps(args: argparse.Namespace) -> None:
    if not args.team:
        raise UsageError("loadwatch gaps needs --team NAME (athlete ids are unique per team)")
    cfg = _config(args)
    with open_store(args.db) as store:
        if args.gaps_action in ACTIONS:
            resolution = ACTIONS[args.gaps_action]
            first, last = _date(args.first), _date(args.last)
            gap_id = resolve_team_gap(store, args.team, args.athlete, first, last, resolution,
                                      by=args.by, config=cfg)
            days = (last - first).days + 1
            print(f"gap {gap_id}: {args.athlete} {first:%Y-%m-%d} to {last:%Y-%m-%d} "
                  f"({days} days) {_SAID[resolution]}")
            return
        table = team_gaps(store, args.team, cfg)
    print(format_gaps(table, args.team))


def _date(text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(text).normalize()
    except (ValueError, TypeError):
        raise UsageError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def format_gaps(table: pd.DataFrame, team: str) -> str:
    """The gap list as a person reads it: one line per gap, then how to resolve the open ones."""
    if table.empty:
        return f"no possible logging gaps in team '{team}'"
    shown = pd.DataFrame({
        "athlete": table["athlete"], "from": table["from"].dt.strftime("%Y-%m-%d"),
        "to": table["to"].dt.strftime("%Y-%m-%d"), "days": table["days"],
        "status": table["status"]})
    lines = [shown.to_string(index=False)]
    n_open = int((table["status"] == "open").sum())
    if n_open:
        lines.append(f"{n_open} open gap(s): flags that lean on them are at most amber. "
                     "Resolve one with 'loadwatch gaps confirm ATHLETE FROM TO' (it was rest) "
                     "or 'loadwatch gaps not-recorded ATHLETE FROM TO'.")
    return "\n".join(lines)
